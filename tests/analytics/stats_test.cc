// The stats library on synthetic clients (the effects the generator planted must come out) and
// on hand-made edge cases (nothing logged, one urge, daylight-saving nights, as_of and since).
#include "analytics/stats.h"

#include <algorithm>
#include <functional>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "analytics/forecast.h"
#include "analytics/regression.h"
#include "analytics/stats_json.h"
#include "analytics_test_support.h"

namespace keel::analytics {
namespace {

using namespace keel::analytics::testing;
using domain::UrgeOutcome;

StatsOptions options_at(Instant as_of, const std::string& zone = "Europe/Berlin") {
  StatsOptions options;
  options.as_of = as_of;
  options.time_zone = zone;
  return options;
}

// One year of a synthetic client, computed once per seed.
const Stats& synth_year(std::uint64_t seed) {
  static std::map<std::uint64_t, std::pair<std::vector<domain::Record>, Stats>> cache;
  auto found = cache.find(seed);
  if (found == cache.end()) {
    auto records = synth::generate_client(synth_options(365, seed), 0);
    found = cache.emplace(seed, std::make_pair(std::move(records), Stats{})).first;
    found->second.second = compute_stats(found->second.first, options_at(synth_end()));
  }
  return found->second.second;
}

std::vector<std::string> top_tags(const std::vector<TagRow>& rows, std::size_t count) {
  std::vector<std::string> tags;
  for (std::size_t i = 0; i < rows.size() && i < count; ++i) tags.push_back(rows[i].tag);
  return tags;
}

// Walks a JSON value and calls `visit` on every number.
void each_number(const nlohmann::json& value, const std::function<void(double)>& visit) {
  if (value.is_number()) visit(value.get<double>());
  if (value.is_array() || value.is_object()) {
    for (const auto& item : value) each_number(item, visit);
  }
}

void expect_kind_words(const std::vector<std::string>& sentences) {
  for (const auto& sentence : sentences) {
    SCOPED_TRACE(sentence);
    EXPECT_FALSE(sentence.empty());
    std::string lower = sentence;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const char* word : {"fail", "relapse", "reset", "streak", "broke", "back to zero", "0 days", "nan", "inf "}) {
      EXPECT_EQ(lower.find(word), std::string::npos) << "\"" << word << "\" in a sentence for a client";
    }
  }
}

// --- planted effects --------------------------------------------------------------------------

TEST(StatsPlanted, TriggerMapPutsThePlantedTriggersOnTop) {
  std::array<double, 7> by_weekday{};
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const TriggerMap& map = synth_year(seed).trigger_map;
    ASSERT_TRUE(map.enough_data);
    // The rhythm peaks at 22:00 (the highest weight, doubled again by late-night scrolling).
    EXPECT_EQ(*map.busiest_hour, 22);
    for (int weekday = 0; weekday < 7; ++weekday) {
      for (int count : map.urge_grid[static_cast<std::size_t>(weekday)]) {
        by_weekday[static_cast<std::size_t>(weekday)] += count;
      }
    }
    // The planted words lead their lists: "alone" (loneliness, and often late-night scrolling)
    // among contexts; "impulsive scrolling" (late night, boredom) and "rumination" (loneliness,
    // stress) among warning signs.
    EXPECT_EQ(map.contexts.front().tag, "alone");
    const auto signs = top_tags(map.warning_signs, 2);
    EXPECT_NE(std::find(signs.begin(), signs.end(), "impulsive scrolling"), signs.end());
    EXPECT_NE(std::find(signs.begin(), signs.end(), "rumination"), signs.end());
    // "phone in bed" lives in the late-night window, 22:00 to 01:59.
    const auto phone = std::find_if(map.contexts.begin(), map.contexts.end(),
                                    [](const TagRow& row) { return row.tag == "phone in bed"; });
    ASSERT_NE(phone, map.contexts.end());
    EXPECT_TRUE(phone->peak_hour >= 22 || phone->peak_hour <= 1) << phone->peak_hour;
    const int late = phone->by_hour[22] + phone->by_hour[23] + phone->by_hour[0] + phone->by_hour[1];
    EXPECT_GT(late, 0.9 * phone->urges);
    // Loneliness adds a point of intensity, and stronger urges are acted on more often: "lonely"
    // ends in a lapse more often than the person's urges overall.
    const auto lonely =
        std::find_if(map.emotions.begin(), map.emotions.end(), [](const TagRow& row) { return row.tag == "lonely"; });
    ASSERT_NE(lonely, map.emotions.end());
    EXPECT_GT(*lonely->lift, 1.1);
  }
  // Weekends have 1.4 times the rate of weekdays (pooled: a single year is noisy).
  const double weekday_mean = (by_weekday[0] + by_weekday[1] + by_weekday[2] + by_weekday[3] + by_weekday[4]) / 5;
  const double weekend_mean = (by_weekday[5] + by_weekday[6]) / 2;
  EXPECT_GT(weekend_mean / weekday_mean, 1.2);
  EXPECT_GE(std::max_element(by_weekday.begin(), by_weekday.end()) - by_weekday.begin(), 5);
}

TEST(StatsPlanted, SurfEffectMatchesThePlantedDrop) {
  const double planted = synth::planted_effects().mean_surf_drop;
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const WhatHelps& helps = synth_year(seed).what_helps;
    const auto surf = std::find_if(helps.by_technique.begin(), helps.by_technique.end(),
                                   [](const TechniqueEffect& effect) { return effect.technique == "surf"; });
    ASSERT_NE(surf, helps.by_technique.end());
    // About 2.9 after clamping at the urge's own intensity (docs/synthetic-model.md).
    EXPECT_NEAR(*surf->drop.mean, planted, 0.3);
    EXPECT_LT(*surf->drop.ci95.lower, *surf->drop.mean);
    EXPECT_GT(*surf->ended_lower.share, 0.8);
    // Delay Pauses were planted a point weaker than surfing.
    const auto delay = std::find_if(helps.by_technique.begin(), helps.by_technique.end(),
                                    [](const TechniqueEffect& effect) { return effect.technique == "delay"; });
    ASSERT_NE(delay, helps.by_technique.end());
    EXPECT_LT(*delay->drop.mean, *surf->drop.mean);
    // Connection activities lift mood most (2.0 against 1.5 and 1.0).
    ASSERT_FALSE(helps.activity_by_category.empty());
    EXPECT_EQ(helps.activity_by_category.front().name, "connection");
  }
}

TEST(StatsPlanted, LapsesThinOutAndComeFurtherApart) {
  // The acting probability falls from 0.45 to 0.12 over the first months while urges keep their rate.
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Stats& stats = synth_year(seed);
    ASSERT_TRUE(stats.trends.acting_first.share && stats.trends.acting_last.share);
    EXPECT_LT(*stats.trends.acting_last.ci95.upper, *stats.trends.acting_first.ci95.lower);
    ASSERT_TRUE(stats.trends.urges.ratio && stats.trends.lapses.ratio);
    EXPECT_LT(*stats.trends.lapses.ratio, *stats.trends.urges.ratio);
    const EventIntervals& lapses = stats.intervals.between_lapses;
    ASSERT_TRUE(lapses.earlier_typical_days && lapses.recent_typical_days);
    EXPECT_GT(*lapses.recent_typical_days, *lapses.earlier_typical_days);
    EXPECT_NE(lapses.sentence.find("further apart"), std::string::npos) << lapses.sentence;
    ASSERT_TRUE(lapses.estimate.median.has_value());
    EXPECT_GT(*stats.intervals.between_lapses.estimate.median, *stats.intervals.between_urges.estimate.median);
  }
}

TEST(StatsPlanted, CheckinLinksFindThePlantedRateRatios) {
  // Lonely, stressed and bored days (7 or more) have 1.8, 1.5 and 1.4 times the urges.
  const std::pair<const char*, double> planted[] = {{"loneliness", synth::planted_effects().loneliness_rate_ratio},
                                                    {"stress", synth::planted_effects().stress_rate_ratio},
                                                    {"boredom", synth::planted_effects().boredom_rate_ratio}};
  int clearly_lonely = 0;  // years whose loneliness interval leaves out 1
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const CheckinLinks& links = synth_year(seed).checkin_links;
    ASSERT_TRUE(links.enough_data);
    for (const auto& [state, ratio] : planted) {
      SCOPED_TRACE(state);
      const auto link = std::find_if(links.links.begin(), links.links.end(), [&](const CheckinLink& candidate) {
        return candidate.state == state && candidate.outcome == "urges" && candidate.day == "same_day";
      });
      ASSERT_NE(link, links.links.end());
      ASSERT_TRUE(link->high_day.rate_ratio.has_value());
      // Other triggers share some of those days, so the contrast is near, not exactly, the planted one.
      EXPECT_GT(*link->high_day.ci95.upper, ratio * 0.85);
      EXPECT_LT(*link->high_day.ci95.lower, ratio * 1.15);
      if (std::string_view(state) == "loneliness") {
        EXPECT_GT(*link->high_day.rate_ratio, 1.2);
        clearly_lonely += *link->high_day.ci95.lower > 1.0 ? 1 : 0;
      }
    }
    // Hunger was planted with no effect on urges.
    const auto hunger = std::find_if(links.links.begin(), links.links.end(), [](const CheckinLink& link) {
      return link.state == "hunger" && link.outcome == "urges" && link.day == "same_day";
    });
    if (hunger != links.links.end() && hunger->per_point.rate_ratio) {
      EXPECT_LT(std::fabs(std::log(*hunger->per_point.rate_ratio)), std::log(1.15));
    }
    ASSERT_FALSE(links.strongest.empty());
  }
  EXPECT_GE(clearly_lonely, 2);
}

TEST(StatsPlanted, ForecastBeatsTheHourOfWeekBaseline) {
  // Urges depend on the day's loneliness, stress and boredom (known from the last check-in, and
  // persistent from day to day) and cluster after one another: the model should rank the last
  // fifth of the windows better than hour-of-week habits alone.
  int better = 0;
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const ForecastModel& model = synth_year(seed).forecast.urge;
    ASSERT_TRUE(model.enough_data) << model.missing;
    EXPECT_GT(*model.auc, 0.6);
    if (*model.auc > *model.baseline_auc) ++better;
    EXPECT_LT(*model.brier, 0.25);
    ASSERT_FALSE(model.factors.empty());
    EXPECT_FALSE(model.factors.front().words.empty());
    ASSERT_TRUE(model.next_window_probability.has_value());
    EXPECT_GT(*model.next_window_probability, 0);
    EXPECT_LT(*model.next_window_probability, 1);
  }
  EXPECT_EQ(better, 3);
}

TEST(StatsPlanted, SmallWinsOnlyGrow) {
  const Stats& stats = synth_year(1);
  const SmallWins& wins = stats.small_wins;
  EXPECT_EQ(wins.urges_logged, stats.trigger_map.urges);
  int passed = 0;
  for (const auto& week : stats.trends.weeks) passed += week.passed;
  EXPECT_EQ(wins.urges_passed, passed);
  EXPECT_LE(wins.urges_passed + stats.trigger_map.lapses, wins.urges_logged);
  EXPECT_GE(wins.checkin_days, 250);
  ASSERT_TRUE(wins.longest_days_between_lapses.has_value());
  EXPECT_DOUBLE_EQ(*wins.longest_days_between_lapses, *stats.intervals.between_lapses.longest_days);
  // Milestones are in date order and each count milestone is reached once.
  for (std::size_t i = 1; i < wins.milestones.size(); ++i) {
    EXPECT_LE(std::chrono::sys_days{wins.milestones[i - 1].reached}, std::chrono::sys_days{wins.milestones[i].reached});
  }
  EXPECT_TRUE(std::any_of(wins.milestones.begin(), wins.milestones.end(),
                          [](const Milestone& m) { return m.what == "urges_passed" && m.threshold == 100; }));
  // More data never lowers a count: as_of a month earlier gives at most as much.
  const auto records = synth::generate_client(synth_options(365, 1), 0);
  const Stats earlier = compute_stats(records, options_at(synth_end() - std::chrono::hours{24 * 30}));
  EXPECT_LE(earlier.small_wins.urges_passed, wins.urges_passed);
  EXPECT_LE(earlier.small_wins.milestones.size(), wins.milestones.size());
}

TEST(StatsPlanted, SentencesAreKindAndJsonHasNoMadeUpNumbers) {
  const Stats& stats = synth_year(2);
  expect_kind_words(stats_sentences(stats));
  const nlohmann::json json = stats_to_json(stats);
  each_number(json, [](double value) { EXPECT_TRUE(std::isfinite(value)); });
  // The contract names.
  const auto& lapses = json["intervals"]["between_lapses"];
  EXPECT_TRUE(lapses["median_days"].is_number());
  ASSERT_TRUE(lapses["ci95"].is_array());
  EXPECT_EQ(lapses["ci95"].size(), 2u);
  ASSERT_TRUE(lapses["curve"].is_array());
  ASSERT_FALSE(lapses["curve"].empty());
  for (const char* key : {"time", "survival", "at_risk"}) EXPECT_TRUE(lapses["curve"][0].contains(key)) << key;
  EXPECT_TRUE(json["intervals"]["between_urges"]["median_days"].is_number());
  EXPECT_EQ(json["trigger_map"]["grid"]["urges"].size(), 7u);
  EXPECT_EQ(json["trigger_map"]["grid"]["urges"][0].size(), 24u);
  EXPECT_TRUE(json["forecast"]["urge"]["auc"].is_number());
  EXPECT_TRUE(json["trends"]["rate_ratio"]["urges"]["ci95"][0].is_number());
}

// --- edge cases -------------------------------------------------------------------------------

TEST(StatsEdges, NothingLoggedSaysNotEnoughDataEverywhere) {
  const Stats stats = compute_stats({}, options_at(at("2026-02-01T12:00:00Z")));
  EXPECT_FALSE(stats.trigger_map.enough_data);
  EXPECT_FALSE(stats.intervals.between_urges.enough_data);
  EXPECT_FALSE(stats.intervals.between_lapses.enough_data);
  EXPECT_FALSE(stats.trends.enough_data);
  EXPECT_FALSE(stats.what_helps.enough_data);
  EXPECT_FALSE(stats.checkin_links.enough_data);
  EXPECT_FALSE(stats.small_wins.enough_data);
  EXPECT_FALSE(stats.forecast.urge.enough_data);
  EXPECT_FALSE(stats.forecast.lapse.enough_data);
  EXPECT_NE(stats.trigger_map.sentence.find("Not enough data yet"), std::string::npos);
  EXPECT_NE(stats.forecast.urge.missing.find("weeks of records"), std::string::npos);
  expect_kind_words(stats_sentences(stats));
  const nlohmann::json json = stats_to_json(stats);
  EXPECT_TRUE(json["intervals"]["between_lapses"]["median_days"].is_null());
  EXPECT_EQ(json["intervals"]["between_lapses"]["ci95"], nlohmann::json::array({nullptr, nullptr}));
  EXPECT_TRUE(json["intervals"]["between_lapses"]["curve"].empty());
  EXPECT_TRUE(json["trends"]["rate_ratio"]["urges"]["ratio"].is_null());
  EXPECT_TRUE(json["forecast"]["urge"]["auc"].is_null());
  EXPECT_TRUE(json["trigger_map"]["missing"].is_string());
  each_number(json, [](double value) { EXPECT_TRUE(std::isfinite(value)); });
}

TEST(StatsEdges, OneUrgeIsAnOpenIntervalAndNoMedian) {
  const Instant now = at("2026-02-01T12:00:00Z");
  const std::vector<domain::Record> records = {make_urge(now - std::chrono::hours{36}, UrgeOutcome::acted)};
  const Stats stats = compute_stats(records, options_at(now));
  const EventIntervals& lapses = stats.intervals.between_lapses;
  EXPECT_FALSE(lapses.enough_data);
  EXPECT_EQ(lapses.events, 1);
  ASSERT_EQ(lapses.estimate.curve.size(), 1u);
  EXPECT_EQ(lapses.estimate.curve[0].censored, 1);
  EXPECT_DOUBLE_EQ(lapses.estimate.curve[0].survival, 1.0);
  EXPECT_FALSE(lapses.estimate.median.has_value());
  EXPECT_DOUBLE_EQ(*lapses.current_days, 1.5);
  EXPECT_DOUBLE_EQ(*lapses.longest_days, 1.5);
  EXPECT_NE(lapses.sentence.find("one lapse"), std::string::npos) << lapses.sentence;
  EXPECT_FALSE(stats.trigger_map.enough_data);
  EXPECT_NE(stats.trigger_map.missing.find("there are 1"), std::string::npos);
  expect_kind_words(stats_sentences(stats));
}

TEST(StatsEdges, NoLapsesIsSaidAsGoodNewsNotAsMissingData) {
  const Instant now = at("2026-02-01T12:00:00Z");
  std::vector<domain::Record> records;
  for (int i = 0; i < 10; ++i) records.push_back(make_urge(now - std::chrono::hours{10 + 7 * i}, UrgeOutcome::surfed));
  const Stats stats = compute_stats(records, options_at(now));
  EXPECT_NE(stats.intervals.between_lapses.sentence.find("no lapse"), std::string::npos);
  EXPECT_TRUE(stats.intervals.between_urges.enough_data);
  EXPECT_TRUE(stats.trigger_map.enough_data);
  EXPECT_DOUBLE_EQ(*stats.trigger_map.acting.share, 0.0);
}

TEST(StatsEdges, DaylightSavingNightsKeepTheLocalHour) {
  // Every night at 22:30 Berlin time across the spring and autumn changes: always hour 22, and
  // a 02:30 urge on the night the clocks went back (it happens twice that night) is hour 2.
  std::vector<domain::Record> records;
  for (const char* first : {"2025-03-26", "2025-10-22"}) {
    for (int day = 0; day < 8; ++day) {
      const LocalDate date{std::chrono::sys_days{parse_date(first).value()} + std::chrono::days{day}};
      const Instant at_night =
          parse_user_time(format_date(date) + " 22:30", "Europe/Berlin", at("2026-01-01T00:00:00Z")).value();
      records.push_back(make_urge(at_night, UrgeOutcome::surfed));
    }
  }
  records.push_back(make_urge(at("2025-10-26T02:30:00+02:00"), UrgeOutcome::acted));
  records.push_back(make_urge(at("2025-10-26T02:30:00+01:00"), UrgeOutcome::surfed));
  const TriggerMap map = trigger_map(observe(records, options_at(at("2025-12-01T00:00:00Z"))));
  int at_22 = 0;
  for (const auto& row : map.urge_grid) at_22 += row[22];
  EXPECT_EQ(at_22, 16);
  EXPECT_EQ(map.urge_grid[6][2], 2);  // Sunday 26 October, 02:xx twice
  EXPECT_EQ(map.lapse_grid[6][2], 1);
  // The gaps are real elapsed time: 23 hours into summer time, 25 hours out of it.
  const EventIntervals urges = event_intervals(observe(records, options_at(at("2025-12-01T00:00:00Z"))), false);
  std::vector<double> gaps;
  for (const auto& gap : urges.gaps) gaps.push_back(gap.time * 24);
  EXPECT_NE(std::find(gaps.begin(), gaps.end(), 23.0), gaps.end());
}

TEST(StatsEdges, AsOfAndSinceChooseTheRecordsInView) {
  const auto records = synth::generate_client(synth_options(365, 4), 0);
  const Instant as_of = at("2025-10-01T12:00:00+02:00");
  StatsOptions options = options_at(as_of);
  options.since = LocalDate{std::chrono::year{2025}, std::chrono::July, std::chrono::day{1}};
  const Observation observation = observe(records, options);
  ASSERT_FALSE(observation.urges.empty());
  const Instant since_start = start_of_local_day(*options.since, "Europe/Berlin");
  for (const auto& event : observation.urges) {
    EXPECT_LE(event.at, as_of);
    EXPECT_GE(event.at, since_start);
  }
  EXPECT_EQ(observation.start, since_start);
  EXPECT_NEAR(observation.observed_days, 92.5, 0.01);  // 1 July 00:00 to 1 October 12:00
  // The same question twice gives the same answer.
  EXPECT_EQ(stats_to_json(compute_stats(records, options)), stats_to_json(compute_stats(records, options)));
}

TEST(StatsEdges, FewCheckinsAndAShortHistoryAreNamed) {
  const Instant now = at("2026-02-01T12:00:00Z");
  std::vector<domain::Record> records;
  for (int day = 1; day <= 10; ++day) {
    domain::CheckIn checkin;
    checkin.at = now - std::chrono::hours{24 * day};
    checkin.date = local_date_of(checkin.at, "Europe/Berlin");
    checkin.time_zone = "Europe/Berlin";
    checkin.loneliness = day % 10;
    records.push_back(checkin);
    records.push_back(make_urge(now - std::chrono::hours{24 * day + 2}, UrgeOutcome::surfed));
  }
  const Stats stats = compute_stats(records, options_at(now));
  EXPECT_FALSE(stats.checkin_links.enough_data);
  EXPECT_NE(stats.checkin_links.missing.find("at least 28 days"), std::string::npos) << stats.checkin_links.missing;
  EXPECT_FALSE(stats.trends.urges.enough_data);
  EXPECT_NE(stats.trends.urges.missing.find("8 weeks"), std::string::npos);
  EXPECT_FALSE(stats.forecast.urge.enough_data);
  EXPECT_TRUE(stats.small_wins.enough_data);
  EXPECT_EQ(stats.small_wins.checkin_days, 10);
}

TEST(StatsEdges, AViewWithNothingInItIsNotACrash) {
  const auto records = synth::generate_client(synth_options(60, 6), 0);
  // as_of before every record, and since after as_of: nothing in view either way.
  for (const bool since_after : {false, true}) {
    StatsOptions options = options_at(since_after ? synth_end() : synth_end() - std::chrono::hours{24 * 400});
    if (since_after) options.since = LocalDate{std::chrono::year{2026}, std::chrono::April, std::chrono::day{1}};
    const Stats stats = compute_stats(records, options);
    EXPECT_EQ(stats.trigger_map.urges, 0);
    EXPECT_FALSE(stats.small_wins.enough_data);
    EXPECT_DOUBLE_EQ(stats.observed_days, 0);
    const nlohmann::json json = stats_to_json(stats);
    each_number(json, [](double value) { EXPECT_TRUE(std::isfinite(value)); });
    expect_kind_words(stats_sentences(stats));
  }
}

TEST(StatsEdges, ALinkWithoutEventsOnHighDaysHasNoNumbers) {
  // Urges only on low-loneliness days: the high-day rate ratio would be 0 (log scale: minus
  // infinity), so it is left out rather than made up; the per-point slope still exists.
  const Instant now = at("2026-03-01T12:00:00Z");
  std::vector<domain::Record> records;
  for (int day = 1; day <= 40; ++day) {
    domain::CheckIn checkin;
    checkin.at = now - std::chrono::hours{24 * day};
    checkin.date = local_date_of(checkin.at, "Europe/Berlin");
    checkin.time_zone = "Europe/Berlin";
    checkin.loneliness = day % 4 == 0 ? 8 : 2 + day % 3;
    records.push_back(checkin);
    if (checkin.loneliness < 7) records.push_back(make_urge(checkin.at - std::chrono::hours{3}, UrgeOutcome::surfed));
  }
  const CheckinLinks links = checkin_links(observe(records, options_at(now)));
  ASSERT_TRUE(links.enough_data);
  const auto lonely = std::find_if(links.links.begin(), links.links.end(), [](const CheckinLink& link) {
    return link.state == "loneliness" && link.outcome == "urges" && link.day == "same_day";
  });
  ASSERT_NE(lonely, links.links.end());
  EXPECT_FALSE(lonely->high_day.rate_ratio.has_value());
  EXPECT_FALSE(lonely->high_day.ci95.lower.has_value());
  EXPECT_EQ(*lonely->mean_count_high, 0.0);
  ASSERT_TRUE(lonely->per_point.rate_ratio.has_value());
  EXPECT_LT(*lonely->per_point.rate_ratio, 1.0);
}

// --- building blocks --------------------------------------------------------------------------

TEST(StatsBlocks, Quantiles) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-15);
  EXPECT_NEAR(normal_quantile(0.5), 0, 1e-15);
  EXPECT_NEAR(normal_quantile(0.001), -3.090232306167813, 1e-12);       // qnorm(0.001)
  EXPECT_NEAR(student_t_quantile(0.975, 1), 12.706204736174694, 1e-9);  // qt(0.975, 1)
  EXPECT_NEAR(student_t_quantile(0.975, 5), 2.570581835636314, 1e-12);
  EXPECT_NEAR(student_t_quantile(0.975, 2), 4.3026527297494619, 1e-12);
  EXPECT_NEAR(student_t_quantile(0.975, 3), 3.1824463052837078, 1e-12);
  EXPECT_NEAR(student_t_quantile(0.025, 10), -2.2281388519862744, 1e-12);
  EXPECT_NEAR(student_t_quantile(0.999, 4), 7.1731822197823076, 1e-10);
  EXPECT_NEAR(student_t_quantile(0.975, 200), 1.9718962236339079, 1e-9);
}

TEST(StatsBlocks, PoissonTwoGroupsIsTheRatioOfRates) {
  Matrix x(0, 2);
  std::vector<double> y = {10, 12, 8, 30, 6, 5, 4, 3};
  for (int i = 0; i < 8; ++i) x.append_row({1.0, i < 4 ? 0.0 : 1.0});
  const GlmFit fit = fit_poisson(x, y);
  ASSERT_TRUE(fit.converged);
  EXPECT_NEAR(std::exp(fit.coefficients[1]), 18.0 / 60.0, 1e-12);
  EXPECT_NEAR(fit.standard_errors[1], std::sqrt(1.0 / 60 + 1.0 / 18), 1e-9);
  // A group without events has no finite estimate.
  std::vector<double> none = {3, 2, 4, 1, 0, 0, 0, 0};
  EXPECT_FALSE(fit_poisson(x, none).converged);
}

TEST(StatsBlocks, AucCountsTiesAsHalf) {
  EXPECT_DOUBLE_EQ(*area_under_curve({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}), 0.75);
  EXPECT_DOUBLE_EQ(*area_under_curve({0.5, 0.5}, {0, 1}), 0.5);
  EXPECT_FALSE(area_under_curve({0.5, 0.6}, {1, 1}).has_value());
}

}  // namespace
}  // namespace keel::analytics
