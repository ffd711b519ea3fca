#include "synth/synth.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/id.h"
#include "core/random.h"
#include "core/time.h"
#include "domain/records.h"
#include "domain/rules.h"
#include "exchange/jsonl.h"

namespace keel::synth {
namespace {

using domain::Record;

Options year_options(std::uint64_t seed = 7) {
  Options options;
  options.days = 365;
  options.seed = seed;
  options.end = parse_rfc3339("2026-03-01T12:00:00+01:00").value();
  options.time_zone = "Europe/Berlin";
  options.tenant_id = "tenant-1";
  options.person_id = "person-1";
  return options;
}

template <typename T>
std::vector<T> all_of(const std::vector<Record>& records) {
  std::vector<T> out;
  for (const auto& record : records) {
    if (const auto* value = std::get_if<T>(&record)) out.push_back(*value);
  }
  return out;
}

// A cohort generated once and shared by the statistical tests: four clients, a year each.
const std::vector<std::vector<Record>>& cohort() {
  static const std::vector<std::vector<Record>> clients = [] {
    std::vector<std::vector<Record>> result;
    for (int client = 0; client < 4; ++client) result.push_back(generate_client(year_options(11), client));
    return result;
  }();
  return clients;
}

TEST(SynthTest, SameSeedAndClientGiveTheSameRecords) {
  Options options = year_options();
  options.days = 60;
  EXPECT_EQ(generate_client(options, 0), generate_client(options, 0));
  EXPECT_EQ(generate_client(options, 3), generate_client(options, 3));
}

TEST(SynthTest, DifferentSeedsAndClientsDiffer) {
  Options options = year_options();
  options.days = 60;
  const auto base = generate_client(options, 0);
  EXPECT_NE(base, generate_client(options, 1));
  options.seed = 8;
  EXPECT_NE(base, generate_client(options, 0));
}

TEST(SynthTest, NoDaysGiveNoRecords) {
  Options options = year_options();
  options.days = 0;
  EXPECT_TRUE(generate_client(options, 0).empty());
}

TEST(SynthTest, EveryRecordIsValidOrderedOwnedAndInsideThePeriod) {
  const Options options = year_options();
  const auto records = generate_client(options, 0);
  ASSERT_GT(records.size(), 500u);
  const Instant start = start_of_local_day(
      LocalDate{std::chrono::sys_days{local_date_of(options.end, options.time_zone)} - std::chrono::days{364}},
      options.time_zone);
  std::set<std::string> ids;
  std::set<domain::RecordKind> kinds;
  SeededRandom dummy_random(1);
  Instant previous = Instant::min();
  for (const auto& record : records) {
    const Status status = domain::validate(record, domain::ValidationContext{options.end});
    ASSERT_TRUE(status.is_ok()) << status.message() << "\n" << exchange::record_to_line(record);
    const auto& key = domain::key_of(record);
    EXPECT_EQ(key.tenant_id, "tenant-1");
    EXPECT_EQ(key.person_id, "person-1");
    EXPECT_TRUE(is_valid_id(key.id));
    EXPECT_TRUE(ids.insert(key.id).second) << "duplicate id " << key.id;
    const Instant at = domain::time_of(record);
    EXPECT_EQ(key.id.substr(0, 10), new_id(at, dummy_random).substr(0, 10)) << "the id's time part is the record's";
    EXPECT_LE(previous, at);
    EXPECT_LT(at, options.end);
    EXPECT_GE(at, start);
    previous = at;
    kinds.insert(domain::kind_of(record));
  }
  // Every kind appears but safety events, which come only when a PHQ-9 item 9 is above 0 (see below).
  kinds.insert(domain::RecordKind::safety_event);
  EXPECT_EQ(kinds.size(), domain::kAllRecordKinds.size()) << "every kind of record appears";
}

TEST(SynthTest, AYearRoundTripsThroughTheExportFormatExactly) {
  const Options options = year_options();
  const auto records = generate_client(options, 2);
  std::string text = exchange::header_to_line(exchange::Header{1, "2026-03-01T12:00:00+01:00", options.time_zone,
                                                               "keel synth seed=7 client=2"}) +
                     "\n";
  for (const auto& record : records) text += exchange::record_to_line(record) + "\n";
  std::istringstream input(text);
  const auto result = exchange::read_lines(input, exchange::Owner{options.tenant_id, options.person_id});
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  EXPECT_EQ(result->records, records);
}

TEST(SynthTest, LinksPointAtRecordsOfTheClient) {
  const auto records = generate_client(year_options(), 1);
  std::map<std::string, domain::Urge> urges;
  for (const auto& urge : all_of<domain::Urge>(records)) urges[urge.key.id] = urge;
  std::set<std::string> value_ids;
  for (const auto& value : all_of<domain::Value>(records)) value_ids.insert(value.key.id);
  EXPECT_GE(value_ids.size(), 2u);
  EXPECT_LE(value_ids.size(), 4u);
  for (const auto& review : all_of<domain::LapseReview>(records)) {
    ASSERT_TRUE(urges.count(review.urge_id));
    EXPECT_EQ(urges[review.urge_id].outcome, domain::UrgeOutcome::acted);
    EXPECT_GT(review.at, urges[review.urge_id].at);
  }
  for (const auto& pause : all_of<domain::PauseSession>(records)) {
    ASSERT_TRUE(urges.count(pause.urge_id));
    EXPECT_EQ(pause.start_intensity, urges[pause.urge_id].intensity);
    EXPECT_GT(pause.at, urges[pause.urge_id].at);
  }
  for (const auto& activity : all_of<domain::Activity>(records)) {
    EXPECT_FALSE(activity.value_ids.empty());
    for (const auto& id : activity.value_ids) EXPECT_TRUE(value_ids.count(id));
  }
  for (const auto& goal : all_of<domain::Goal>(records)) EXPECT_TRUE(value_ids.count(goal.value_id));
  const auto plans = all_of<domain::PlanVersion>(records);
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_EQ(plans[0].version, 1);
  EXPECT_EQ(plans[1].version, 2);
}

TEST(SynthTest, CheckInsAgreeWithTheDaysUrges) {
  const Options options = year_options();
  const auto records = generate_client(options, 0);
  const auto urges = all_of<domain::Urge>(records);
  const auto checkins = all_of<domain::CheckIn>(records);
  for (const auto& checkin : checkins) {
    int count = 0;
    bool acted = false;
    for (const auto& urge : urges) {
      if (local_date_of(urge.at, options.time_zone) == checkin.date && urge.at < checkin.at) {
        ++count;
        acted = acted || urge.outcome == domain::UrgeOutcome::acted;
      }
    }
    EXPECT_EQ(checkin.urges_today, count) << format_date(checkin.date);
    EXPECT_EQ(checkin.acted_today, acted) << format_date(checkin.date);
    EXPECT_EQ(local_date_of(checkin.at, options.time_zone), checkin.date);
    EXPECT_GE(local_parts(checkin.at, options.time_zone).hour, 20);  // an evening check-in, also across DST
  }
}

TEST(SynthTest, CheckInsAreMissingOnAboutOneDayInFive) {
  for (const auto& records : cohort()) {
    const double share = 1.0 - static_cast<double>(all_of<domain::CheckIn>(records).size()) / 365.0;
    EXPECT_GE(share, 0.15);
    EXPECT_LE(share, 0.25);
  }
}

// Urges per check-in day on days where `high` holds, divided by those on the other days.
template <typename High>
double urge_rate_ratio(High high) {
  double high_urges = 0, high_days = 0, other_urges = 0, other_days = 0;
  const std::string zone = year_options().time_zone;
  for (const auto& records : cohort()) {
    std::map<LocalDate, int> per_day;
    for (const auto& urge : all_of<domain::Urge>(records)) ++per_day[local_date_of(urge.at, zone)];
    for (const auto& checkin : all_of<domain::CheckIn>(records)) {
      const int count = per_day[checkin.date];
      if (high(checkin)) {
        high_urges += count;
        ++high_days;
      } else {
        other_urges += count;
        ++other_days;
      }
    }
  }
  return (high_urges / high_days) / (other_urges / other_days);
}

TEST(SynthTest, LonelyStressedAndBoredDaysHaveMoreUrgesByThePlantedFactors) {
  const PlantedEffects effects = planted_effects();
  const int threshold = effects.high_level_threshold;
  const double lonely = urge_rate_ratio([&](const domain::CheckIn& c) { return c.loneliness >= threshold; });
  const double stressed = urge_rate_ratio([&](const domain::CheckIn& c) { return c.stress >= threshold; });
  const double bored = urge_rate_ratio([&](const domain::CheckIn& c) { return c.boredom >= threshold; });
  EXPECT_NEAR(lonely, effects.loneliness_rate_ratio, 0.2 * effects.loneliness_rate_ratio) << lonely;
  EXPECT_NEAR(stressed, effects.stress_rate_ratio, 0.2 * effects.stress_rate_ratio) << stressed;
  EXPECT_NEAR(bored, effects.boredom_rate_ratio, 0.2 * effects.boredom_rate_ratio) << bored;
}

TEST(SynthTest, WeekendsHaveMoreUrges) {
  const std::string zone = year_options().time_zone;
  double weekend = 0, weekday = 0;
  for (const auto& records : cohort()) {
    for (const auto& urge : all_of<domain::Urge>(records)) {
      (local_parts(urge.at, zone).weekday >= 5 ? weekend : weekday) += 1;
    }
  }
  const double ratio = (weekend / 2) / (weekday / 5);
  EXPECT_NEAR(ratio, planted_effects().weekend_rate_ratio, 0.25) << ratio;
}

TEST(SynthTest, LateNightUrgesAreOftenPhoneInBed) {
  const std::string zone = year_options().time_zone;
  double window = 0, window_without_phone = 0, outside = 0, outside_with_phone = 0;
  for (const auto& records : cohort()) {
    for (const auto& urge : all_of<domain::Urge>(records)) {
      const int hour = local_parts(urge.at, zone).hour;
      const bool phone = std::find(urge.contexts.begin(), urge.contexts.end(), "phone in bed") != urge.contexts.end();
      const bool scrolling = std::find(urge.warning_signs.begin(), urge.warning_signs.end(), "impulsive scrolling") !=
                             urge.warning_signs.end();
      if (phone) {
        EXPECT_TRUE(scrolling);
      }
      if (hour >= 22 || hour < 2) {
        window += 1;
        if (!phone) window_without_phone += 1;
      } else {
        outside += 1;
        if (phone) outside_with_phone += 1;
      }
    }
  }
  // All window urges over the ones the daily rhythm alone would give.
  const double ratio = window / window_without_phone;
  EXPECT_NEAR(ratio, planted_effects().late_night_scrolling_rate_ratio, 0.25) << ratio;
  EXPECT_LT(outside_with_phone / outside, 0.1) << "phone in bed outside the window comes only from follow-ups";
}

TEST(SynthTest, ActingBecomesRarerAsSkillsGrow) {
  const Options options = year_options(11);
  const Instant start = options.end - std::chrono::days{365};
  double early_acted = 0, early = 0, late_acted = 0, late = 0;
  for (const auto& records : cohort()) {
    for (const auto& urge : all_of<domain::Urge>(records)) {
      if (urge.outcome == domain::UrgeOutcome::ongoing) continue;
      const bool acted = urge.outcome == domain::UrgeOutcome::acted;
      if (urge.at < start + std::chrono::weeks{8}) {
        early += 1;
        early_acted += acted;
      } else if (urge.at >= options.end - std::chrono::weeks{8}) {
        late += 1;
        late_acted += acted;
      }
    }
  }
  const double early_share = early_acted / early;
  const double late_share = late_acted / late;
  const PlantedEffects effects = planted_effects();
  EXPECT_GT(early_share, late_share + 0.15) << early_share << " " << late_share;
  EXPECT_LE(early_share, effects.initial_acting_probability + 0.1);
  EXPECT_NEAR(late_share, effects.final_acting_probability, 0.06);
}

TEST(SynthTest, ActedUrgesOftenGetALapseReview) {
  double acted = 0, reviewed = 0;
  for (const auto& records : cohort()) {
    for (const auto& urge : all_of<domain::Urge>(records)) acted += urge.outcome == domain::UrgeOutcome::acted;
    reviewed += static_cast<double>(all_of<domain::LapseReview>(records).size());
  }
  EXPECT_NEAR(reviewed / acted, planted_effects().lapse_review_share, 0.07);
}

TEST(SynthTest, SurfPausesEndLowerByThePlantedDropAndRiseBeforeTheyFall) {
  double drop_total = 0, surfs = 0;
  for (const auto& records : cohort()) {
    for (const auto& pause : all_of<domain::PauseSession>(records)) {
      ASSERT_FALSE(pause.samples.empty());
      EXPECT_EQ(pause.samples.front().intensity, pause.start_intensity);
      if (!pause.end_intensity) continue;
      EXPECT_EQ(pause.samples.back().intensity, *pause.end_intensity);
      EXPECT_EQ(pause.samples.back().offset_seconds, pause.elapsed_seconds);
      EXPECT_EQ(static_cast<int>(pause.samples.size()), pause.planned_minutes + 1);
      if (pause.technique != domain::PauseTechnique::surf) continue;
      surfs += 1;
      drop_total += pause.start_intensity - *pause.end_intensity;
    }
  }
  ASSERT_GT(surfs, 200);
  EXPECT_NEAR(drop_total / surfs, planted_effects().mean_surf_drop, 0.3);
}

TEST(SynthTest, ActivitiesLiftMoodByCategory) {
  std::map<domain::ActivityCategory, std::pair<double, double>> lift;  // total, count
  double count = 0;
  for (const auto& records : cohort()) {
    for (const auto& activity : all_of<domain::Activity>(records)) {
      count += 1;
      if (!activity.done) continue;
      auto& [total, n] = lift[activity.category];
      total += *activity.mood_after - *activity.mood_before;
      n += 1;
    }
  }
  const PlantedEffects effects = planted_effects();
  EXPECT_NEAR(count / (4 * 52.0), effects.activities_per_week, 0.5);
  const auto mean = [&](domain::ActivityCategory category) { return lift[category].first / lift[category].second; };
  EXPECT_NEAR(mean(domain::ActivityCategory::pleasant), effects.pleasant_mood_lift, 0.4);
  EXPECT_NEAR(mean(domain::ActivityCategory::mastery), effects.mastery_mood_lift, 0.4);
  EXPECT_NEAR(mean(domain::ActivityCategory::connection), effects.connection_mood_lift, 0.5);
  EXPECT_GT(mean(domain::ActivityCategory::connection), mean(domain::ActivityCategory::mastery));
}

TEST(SynthTest, UrgeWordsFollowTheTriggerOfTheDay) {
  const int threshold = planted_effects().high_level_threshold;
  const std::string zone = year_options().time_zone;
  double lonely_day_urges = 0, lonely_word = 0, other_day_urges = 0, other_lonely_word = 0;
  for (const auto& records : cohort()) {
    std::map<LocalDate, int> loneliness;
    for (const auto& checkin : all_of<domain::CheckIn>(records)) loneliness[checkin.date] = checkin.loneliness;
    for (const auto& urge : all_of<domain::Urge>(records)) {
      const auto found = loneliness.find(local_date_of(urge.at, zone));
      if (found == loneliness.end()) continue;
      const bool word = std::find(urge.emotions.begin(), urge.emotions.end(), "lonely") != urge.emotions.end();
      if (found->second >= threshold) {
        lonely_day_urges += 1;
        lonely_word += word;
      } else {
        other_day_urges += 1;
        other_lonely_word += word;
      }
    }
  }
  EXPECT_GT(lonely_word / lonely_day_urges, 0.3);
  EXPECT_LT(other_lonely_word / other_day_urges, 0.1);
}

TEST(SynthTest, JournalThoughtRecordsUseTheDomainsFieldNames) {
  const auto entries = all_of<domain::JournalEntry>(generate_client(year_options(), 0));
  ASSERT_GT(entries.size(), 10u);
  bool saw_thought_record = false;
  for (const auto& entry : entries) {
    if (entry.kind != domain::JournalKind::thought_record) continue;
    saw_thought_record = true;
    const auto names = domain::journal_field_names(entry.kind);
    ASSERT_EQ(entry.fields.size(), names.size());
    for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(entry.fields[i].name, names[i]);
  }
  EXPECT_TRUE(saw_thought_record);
}

TEST(SynthTest, ShortPeriodsStayValid) {
  for (int days : {1, 2, 13, 14}) {
    Options options = year_options(3);
    options.days = days;
    options.end = parse_rfc3339("2026-03-29T00:30:00+01:00").value();  // just before a DST change
    for (const auto& record : generate_client(options, 0)) {
      const Status status = domain::validate(record, domain::ValidationContext{options.end});
      EXPECT_TRUE(status.is_ok()) << days << ": " << status.message();
      EXPECT_LT(domain::time_of(record), options.end);
    }
  }
}

TEST(SynthTest, OtherTimeZonesKeepLocalHoursAndStayValid) {
  for (const char* zone : {"America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"}) {
    Options options = year_options(5);
    options.days = 120;
    options.time_zone = zone;
    const auto records = generate_client(options, 0);
    double small_hours = 0, evening = 0;
    for (const auto& record : records) {
      const Status status = domain::validate(record, domain::ValidationContext{options.end});
      ASSERT_TRUE(status.is_ok()) << zone << ": " << status.message();
      if (const auto* checkin = std::get_if<domain::CheckIn>(&record)) {
        EXPECT_GE(local_parts(checkin->at, zone).hour, 20) << zone;
        EXPECT_EQ(local_date_of(checkin->at, zone), checkin->date) << zone;
      }
      if (const auto* urge = std::get_if<domain::Urge>(&record)) {
        EXPECT_EQ(urge->time_zone, zone);
        const int hour = local_parts(urge->at, zone).hour;
        if (hour >= 3 && hour < 6) small_hours += 1;
        if (hour >= 20 && hour < 23) evening += 1;
      }
    }
    // The rhythm follows the client's clock: evenings far busier than the small hours.
    EXPECT_GT(evening, 5 * small_hours) << zone;
  }
}

}  // namespace
}  // namespace keel::synth

namespace keel::synth {
namespace {

int total_of(const domain::Assessment& assessment) {
  int total = 0;
  for (const auto& answer : assessment.answers) total += answer.score;
  return total;
}

TEST(SynthAssessments, FortnightlyInstrumentsImproveAndItemNineRaisesSafetyEvents) {
  const auto effects = planted_effects();
  std::vector<double> early, late;
  int item9_positive = 0, safety_events = 0, linked = 0;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    Options options = year_options();
    options.seed = seed;
    std::map<std::string, const domain::Assessment*> by_id;
    std::vector<const domain::Assessment*> phq9s;
    const auto records = generate_client(options, 0);
    for (const auto& record : records) {
      if (const auto* assessment = std::get_if<domain::Assessment>(&record)) {
        by_id[assessment->key.id] = assessment;
        if (assessment->instrument == "phq-9") {
          ASSERT_EQ(assessment->answers.size(), 9u);
          phq9s.push_back(assessment);
          item9_positive += assessment->answers[8].score > 0;
        } else {
          EXPECT_EQ(assessment->instrument, "gad-7");
          EXPECT_EQ(assessment->answers.size(), 7u);
        }
      }
    }
    ASSERT_GE(phq9s.size(), 26u);  // a year of fortnights
    for (std::size_t i = 0; i < 3; ++i) early.push_back(total_of(*phq9s[i]));
    for (std::size_t i = phq9s.size() - 3; i < phq9s.size(); ++i) late.push_back(total_of(*phq9s[i]));
    for (const auto& record : records) {
      const auto* event = std::get_if<domain::SafetyEvent>(&record);
      if (event == nullptr) continue;
      ++safety_events;
      auto found = by_id.find(event->assessment_id);
      ASSERT_NE(found, by_id.end()) << "a safety event points at its assessment";
      EXPECT_EQ(found->second->instrument, "phq-9");
      EXPECT_GT(found->second->answers[8].score, 0);
      EXPECT_EQ(event->item, "9");
      ++linked;
    }
  }
  EXPECT_EQ(safety_events, item9_positive) << "every positive item 9 raised exactly one safety event";
  EXPECT_GT(safety_events, 0);
  EXPECT_EQ(linked, safety_events);
  const double early_mean = std::accumulate(early.begin(), early.end(), 0.0) / static_cast<double>(early.size());
  const double late_mean = std::accumulate(late.begin(), late.end(), 0.0) / static_cast<double>(late.size());
  // The first three fortnights sit near the start of the curve, the last three near its end.
  EXPECT_GT(early_mean, late_mean + 0.5 * (effects.phq9_start_total - effects.phq9_end_total));
  EXPECT_NEAR(late_mean, effects.phq9_end_total, 2.0);
}

}  // namespace
}  // namespace keel::synth
