#include "analytics/progress.h"

#include <gtest/gtest.h>

#include "core/time.h"

namespace keel::analytics {
namespace {

using domain::UrgeOutcome;

const Instant kStart = parse_rfc3339("2026-01-01T20:00:00Z").value();

domain::Record urge_on_day(int day, UrgeOutcome outcome) {
  domain::Urge urge;
  urge.at = kStart + std::chrono::hours{24 * day};
  urge.time_zone = "UTC";
  urge.intensity = 6;
  urge.outcome = outcome;
  return urge;
}

TEST(Progress, CountsOnlyGrowAndALapseDoesNotEraseThem) {
  std::vector<domain::Record> records = {urge_on_day(0, UrgeOutcome::surfed), urge_on_day(1, UrgeOutcome::coping),
                                         urge_on_day(3, UrgeOutcome::acted),  urge_on_day(4, UrgeOutcome::delayed),
                                         urge_on_day(13, UrgeOutcome::acted), urge_on_day(14, UrgeOutcome::ongoing)};
  const auto progress = compute_progress(records, kStart + std::chrono::hours{24 * 20});
  EXPECT_EQ(progress.urges_logged, 6);
  EXPECT_EQ(progress.urges_passed, 3);
  EXPECT_EQ(progress.lapses, 2);
  // Lapses on days 3 and 13; now is day 20: the current stretch is 7 days, the longest 10.
  EXPECT_DOUBLE_EQ(*progress.current_days_since_lapse, 7.0);
  EXPECT_DOUBLE_EQ(*progress.longest_days_between_lapses, 10.0);
  EXPECT_DOUBLE_EQ(*progress.median_days_between_lapses, 10.0);
  for (const auto& sentence : describe_progress(progress)) {
    EXPECT_EQ(sentence.find("fail"), std::string::npos) << sentence;
    EXPECT_EQ(sentence.find(" 0 days"), std::string::npos) << sentence;
    EXPECT_EQ(sentence.find("reset"), std::string::npos) << sentence;
  }
}

TEST(Progress, SurfDropIsTheMeanOfRatedPauses) {
  domain::PauseSession a, b, unrated;
  a.start_intensity = 8;
  a.end_intensity = 3;
  b.start_intensity = 5;
  b.end_intensity = 6;
  unrated.start_intensity = 9;
  const auto progress = compute_progress({a, b, unrated}, kStart);
  EXPECT_EQ(progress.pauses, 3);
  EXPECT_EQ(progress.pauses_ended_lower, 1);
  EXPECT_DOUBLE_EQ(*progress.mean_surf_drop, 2.0);  // (5 + -1) / 2
  EXPECT_FALSE(progress.current_days_since_lapse.has_value());
}

TEST(Progress, NothingYetIsSaidKindly) {
  const auto sentences = describe_progress(compute_progress({}, kStart));
  ASSERT_EQ(sentences.size(), 1u);
  EXPECT_NE(sentences[0].find("Nothing logged yet"), std::string::npos);
}

}  // namespace
}  // namespace keel::analytics

namespace keel::analytics {
namespace {

TEST(WeeklyCounts, GroupsUrgesByTheClientsLocalWeek) {
  // 2026-03-01 is a Sunday. 23:30 UTC on Sunday is already Monday 00:30 in Berlin.
  auto at = [](const char* text, domain::UrgeOutcome outcome) {
    domain::Urge urge;
    urge.at = parse_rfc3339(text).value();
    urge.time_zone = "Europe/Berlin";
    urge.outcome = outcome;
    return domain::Record{urge};
  };
  std::vector<domain::Record> records = {at("2026-03-01T22:30:00Z", domain::UrgeOutcome::surfed),   // Sunday 23:30
                                         at("2026-03-01T23:30:00Z", domain::UrgeOutcome::acted),    // Monday 00:30
                                         at("2026-03-04T12:00:00Z", domain::UrgeOutcome::ongoing),  // Wednesday
                                         at("2026-01-01T12:00:00Z", domain::UrgeOutcome::surfed)};  // too early
  const auto weeks = weekly_counts(records, parse_rfc3339("2026-03-05T12:00:00Z").value(), "Europe/Berlin", 2);
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(format_date(weeks[0].monday), "2026-02-23");
  EXPECT_EQ(weeks[0].urges, 1);
  EXPECT_EQ(weeks[0].passed, 1);
  EXPECT_EQ(format_date(weeks[1].monday), "2026-03-02");
  EXPECT_EQ(weeks[1].urges, 2);
  EXPECT_EQ(weeks[1].lapses, 1);
  EXPECT_EQ(weeks[1].passed, 0);
}

}  // namespace
}  // namespace keel::analytics
