// keel's statistics against independent implementations: R's survival package (Kaplan–Meier,
// its median and intervals), R's own time zone conversion (the trigger map's grid), statsmodels
// (Wilson intervals, the Poisson rate ratio and check-in links, logistic regression, t intervals)
// and scipy (the ridge logistic fit, the Mann–Whitney AUC). The scripts are in tests/reference/.
// A missing R or statsmodels fails the test with the package to install: it never skips.
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "analytics/forecast.h"
#include "analytics/regression.h"
#include "analytics/stats.h"
#include "analytics/survival.h"
#include "analytics_test_support.h"
#include "support/test_support.h"

namespace keel::analytics {
namespace {

using namespace keel::analytics::testing;
using domain::UrgeOutcome;
using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Kaplan–Meier against survfit.

struct KmCase {
  std::string name;
  std::vector<long long> milliseconds;  // interval lengths
  std::vector<int> status;              // 1 closed, 0 open (censored)
  KaplanMeier ours;
};

// The intervals between sorted instants and the open one to `as_of`, computed here from the
// instants themselves (not by keel's code).
void add_gaps_from_times(KmCase& test_case, std::vector<Instant> times, Instant as_of) {
  std::sort(times.begin(), times.end());
  for (std::size_t i = 1; i < times.size(); ++i) {
    test_case.milliseconds.push_back((times[i] - times[i - 1]).count());
    test_case.status.push_back(1);
  }
  if (!times.empty()) {
    test_case.milliseconds.push_back((as_of - times.back()).count());
    test_case.status.push_back(0);
  }
}

std::vector<domain::Record> urges_from(const std::vector<Instant>& times, const std::vector<bool>& acted) {
  std::vector<domain::Record> records;
  for (std::size_t i = 0; i < times.size(); ++i) {
    records.push_back(make_urge(times[i], acted.empty() || acted[i] ? UrgeOutcome::acted : UrgeOutcome::surfed));
  }
  return records;
}

// A case whose KM comes from keel's whole path: records → observe → event_intervals.
KmCase case_from_records(const std::string& name, const std::vector<domain::Record>& records, Instant as_of,
                         bool lapses_only, std::optional<LocalDate> since = std::nullopt) {
  KmCase test_case;
  test_case.name = name;
  StatsOptions options;
  options.as_of = as_of;
  options.since = since;
  options.time_zone = "Europe/Berlin";
  const Observation observation = observe(records, options);
  test_case.ours = event_intervals(observation, lapses_only).estimate;
  const Instant since_start = since ? start_of_local_day(*since, "Europe/Berlin") : Instant{};
  std::vector<Instant> times;
  for (const auto& record : records) {
    const auto* urge = std::get_if<domain::Urge>(&record);
    if (urge == nullptr || urge->at > as_of || (since && urge->at < since_start)) continue;
    if (lapses_only && urge->outcome != UrgeOutcome::acted) continue;
    times.push_back(urge->at);
  }
  add_gaps_from_times(test_case, times, as_of);
  return test_case;
}

// A case straight from (time, status) pairs, through kaplan_meier().
KmCase case_from_observations(const std::string& name, const std::vector<std::pair<long long, int>>& pairs) {
  KmCase test_case;
  test_case.name = name;
  std::vector<SurvivalObservation> observations;
  for (const auto& [milliseconds, status] : pairs) {
    test_case.milliseconds.push_back(milliseconds);
    test_case.status.push_back(status);
    observations.push_back({static_cast<double>(milliseconds) / 86'400'000.0, status == 1});
  }
  test_case.ours = kaplan_meier(observations);
  return test_case;
}

std::optional<double> parse_number(const std::string& text) {
  if (text == "NA") return std::nullopt;
  return std::stod(text);
}

void expect_same(const std::optional<double>& ours, const std::optional<double>& reference, const std::string& what) {
  ASSERT_EQ(ours.has_value(), reference.has_value()) << what << ": keel " << (ours ? std::to_string(*ours) : "null")
                                                     << ", R " << (reference ? std::to_string(*reference) : "NA");
  if (ours) {
    EXPECT_TRUE(close_to(*ours, *reference)) << what << ": keel " << *ours << ", R " << *reference;
  }
}

constexpr long long kDay = 86'400'000;

TEST(ReferenceR, KaplanMeierMatchesSurvfit) {
  const std::string missing = missing_r();
  ASSERT_TRUE(missing.empty()) << missing;

  std::vector<KmCase> cases;
  const auto year = synth::generate_client(synth_options(365, 21), 0);
  cases.push_back(case_from_records("synth_urges", year, synth_end(), false));
  cases.push_back(case_from_records("synth_lapses", year, synth_end(), true));
  const auto two_years = synth::generate_client(synth_options(730, 5), 3);
  cases.push_back(case_from_records("synth_two_year_lapses", two_years, synth_end(), true));
  cases.push_back(case_from_records("synth_lapses_since", two_years, synth_end(), true,
                                    LocalDate{std::chrono::year{2025}, std::chrono::month{6}, std::chrono::day{1}}));
  // An as_of in the middle of the data: later records are left out.
  cases.push_back(case_from_records("synth_lapses_as_of", year, at("2025-09-14T08:00:00+02:00"), true));
  const Instant now = at("2026-02-01T12:00:00Z");
  cases.push_back(case_from_records("one_event", urges_from({now - std::chrono::hours{72}}, {}), now, true));
  // Ties: urges exactly a day or two apart, and two at the same instant (a gap of zero).
  {
    std::vector<Instant> times;
    for (int day : {0, 1, 2, 3, 5, 7, 8, 10}) times.push_back(now - std::chrono::hours{24 * (20 - day)});
    times.push_back(times[3]);
    cases.push_back(case_from_records("ties", urges_from(times, {}), now, true));
  }
  // Daylight-saving nights: every night at 22:30 in Berlin across both changes of 2025
  // (gaps of 24, 23 and 25 hours), plus a lapse at 02:30 on the night the clocks went back.
  {
    std::vector<Instant> times;
    for (const char* first : {"2025-03-25", "2025-10-21"}) {
      for (int day = 0; day < 10; ++day) {
        const LocalDate date{std::chrono::sys_days{parse_date(first).value()} + std::chrono::days{day}};
        times.push_back(
            parse_user_time(format_date(date) + " 22:30", "Europe/Berlin", at("2026-01-01T00:00:00Z")).value());
      }
    }
    times.push_back(at("2025-10-26T02:30:00+01:00"));
    cases.push_back(case_from_records("dst_nights", urges_from(times, {}), at("2025-11-15T12:00:00+01:00"), true));
  }
  cases.push_back(case_from_observations("all_censored", {{2 * kDay, 0}, {5 * kDay, 0}, {5 * kDay, 0}, {9 * kDay, 0}}));
  // The curve sits at exactly one half from day 2 to day 4: the median is the midpoint rule's.
  cases.push_back(case_from_observations("flat_half", {{1 * kDay, 1}, {2 * kDay, 1}, {3 * kDay, 0}, {4 * kDay, 1}}));
  cases.push_back(case_from_observations("to_zero", {{1 * kDay, 1}, {2 * kDay, 1}, {3 * kDay, 1}, {4 * kDay, 1}}));
  cases.push_back(
      case_from_observations("half_then_censored", {{1 * kDay, 1}, {2 * kDay, 1}, {3 * kDay, 0}, {4 * kDay, 0}}));

  ::keel::testing::TempDir directory;
  {
    std::ofstream input(directory.file("km.csv"));
    input << "case,time_ms,status\n";
    for (const auto& test_case : cases) {
      for (std::size_t i = 0; i < test_case.milliseconds.size(); ++i) {
        input << test_case.name << ',' << test_case.milliseconds[i] << ',' << test_case.status[i] << '\n';
      }
    }
  }
  const ShellResult run =
      shell("Rscript " + reference_script("km.R") + " " + directory.file("km.csv") + " " + directory.file("km.txt"));
  ASSERT_EQ(run.exit_code, 0) << run.output;

  // Read R's answers per case.
  struct Reference {
    std::vector<std::vector<std::string>> points, ats;
    std::vector<std::string> median;
  };
  std::map<std::string, Reference> references;
  std::ifstream output(directory.file("km.txt"));
  std::string line, current;
  while (std::getline(output, line)) {
    std::istringstream words(line);
    std::vector<std::string> fields;
    for (std::string word; words >> word;) fields.push_back(word);
    if (fields.empty()) continue;
    if (fields[0] == "case") current = fields[1];
    if (fields[0] == "point") references[current].points.push_back(fields);
    if (fields[0] == "at") references[current].ats.push_back(fields);
    if (fields[0] == "median") references[current].median = fields;
  }

  int compared_points = 0;
  for (const auto& test_case : cases) {
    SCOPED_TRACE(test_case.name);
    ASSERT_TRUE(references.count(test_case.name)) << "R gave nothing for " << test_case.name;
    const Reference& reference = references[test_case.name];
    const KaplanMeier& ours = test_case.ours;
    ASSERT_EQ(ours.curve.size(), reference.points.size());
    for (std::size_t i = 0; i < ours.curve.size(); ++i) {
      const auto& point = ours.curve[i];
      const auto& fields = reference.points[i];
      SCOPED_TRACE("point " + std::to_string(i));
      EXPECT_TRUE(close_to(point.time, std::stod(fields[1])));
      EXPECT_EQ(point.at_risk, std::stoi(fields[2]));
      EXPECT_EQ(point.events, std::stoi(fields[3]));
      EXPECT_EQ(point.censored, std::stoi(fields[4]));
      EXPECT_TRUE(close_to(point.survival, std::stod(fields[5]))) << point.survival << " vs " << fields[5];
      // R writes an infinite error once the curve reaches 0; keel leaves it out.
      if (fields[6] != "Inf") expect_same(point.standard_error, parse_number(fields[6]), "std.err");
      expect_same(point.ci95.lower, parse_number(fields[7]), "lower");
      expect_same(point.ci95.upper, parse_number(fields[8]), "upper");
      ++compared_points;
    }
    ASSERT_EQ(reference.median.size(), 4u);
    expect_same(ours.median, parse_number(reference.median[1]), "median");
    expect_same(ours.median_ci95.lower, parse_number(reference.median[2]), "median lower");
    expect_same(ours.median_ci95.upper, parse_number(reference.median[3]), "median upper");
    for (const auto& fields : reference.ats) {
      const SurvivalAt point = survival_at(ours, std::stod(fields[1]));
      SCOPED_TRACE("at " + fields[1]);
      expect_same(point.survival, parse_number(fields[2]), "survival");
      expect_same(point.ci95.lower, parse_number(fields[3]), "lower");
      expect_same(point.ci95.upper, parse_number(fields[4]), "upper");
    }
  }
  EXPECT_GT(compared_points, 1000);  // the synthetic year alone has hundreds of distinct gaps
}

TEST(ReferenceR, NoEventsGiveNoCurveAndNoNumbers) {
  // R's survfit cannot take zero observations; keel must say there is nothing rather than invent.
  StatsOptions options;
  options.as_of = at("2026-02-01T12:00:00Z");
  const EventIntervals intervals = event_intervals(observe({}, options), true);
  EXPECT_FALSE(intervals.enough_data);
  EXPECT_TRUE(intervals.estimate.curve.empty());
  EXPECT_FALSE(intervals.estimate.median.has_value());
  EXPECT_FALSE(intervals.estimate.median_ci95.lower.has_value());
  EXPECT_FALSE(intervals.estimate.median_ci95.upper.has_value());
  EXPECT_TRUE(intervals.survival_at.size() == 4 && !intervals.survival_at[0].survival.has_value());
}

// ---------------------------------------------------------------------------------------------
// The trigger map's grid against R's time zone conversion.

TEST(ReferenceR, TriggerGridMatchesLocalTimeInR) {
  const std::string missing = missing_r();
  ASSERT_TRUE(missing.empty()) << missing;
  struct GridCase {
    std::string name;
    std::vector<domain::Record> records;
    Instant as_of;
  };
  std::vector<GridCase> cases;
  cases.push_back({"synth_berlin", synth::generate_client(synth_options(365, 3), 0), synth_end()});
  cases.push_back(
      {"synth_new_york", synth::generate_client(synth_options(365, 4, "America/New_York"), 1), synth_end()});
  // Every 20 minutes across the nights the clocks change, in three zones.
  {
    GridCase dst{"dst_nights", {}, at("2026-12-01T00:00:00Z")};
    const std::pair<const char*, const char*> nights[] = {{"2026-03-28T18:00:00Z", "Europe/Berlin"},
                                                          {"2026-10-24T18:00:00Z", "Europe/Berlin"},
                                                          {"2026-03-07T18:00:00Z", "America/New_York"},
                                                          {"2026-10-31T18:00:00Z", "America/New_York"},
                                                          {"2026-04-04T10:00:00Z", "Australia/Sydney"}};
    int index = 0;
    for (const auto& [from, zone] : nights) {
      for (int step = 0; step < 3 * 24 * 2; ++step) {
        dst.records.push_back(make_urge(at(from) + std::chrono::minutes{20 * step},
                                        ++index % 5 == 0 ? UrgeOutcome::acted : UrgeOutcome::surfed, zone));
      }
    }
    cases.push_back(std::move(dst));
  }
  ::keel::testing::TempDir directory;
  {
    std::ofstream input(directory.file("grid.csv"));
    input << "case,time_ms,zone,acted\n";
    for (const auto& test_case : cases) {
      for (const auto& record : test_case.records) {
        const auto* urge = std::get_if<domain::Urge>(&record);
        if (urge == nullptr || urge->at > test_case.as_of) continue;
        input << test_case.name << ',' << to_unix_milliseconds(urge->at) << ',' << urge->time_zone << ','
              << (urge->outcome == UrgeOutcome::acted ? 1 : 0) << '\n';
      }
    }
  }
  const ShellResult run = shell("Rscript " + reference_script("trigger_grid.R") + " " + directory.file("grid.csv") +
                                " " + directory.file("grid.txt"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::map<std::string, std::map<std::pair<int, int>, std::pair<int, int>>> cells;
  std::ifstream output(directory.file("grid.txt"));
  std::string word, name;
  int weekday = 0, hour = 0, urges = 0, lapses = 0;
  while (output >> word >> name >> weekday >> hour >> urges >> lapses) cells[name][{weekday, hour}] = {urges, lapses};
  for (const auto& test_case : cases) {
    SCOPED_TRACE(test_case.name);
    StatsOptions options;
    options.as_of = test_case.as_of;
    const TriggerMap map = trigger_map(observe(test_case.records, options));
    int total = 0;
    for (int w = 0; w < 7; ++w) {
      for (int h = 0; h < 24; ++h) {
        const auto found = cells[test_case.name].find({w, h});
        const auto expected = found == cells[test_case.name].end() ? std::pair{0, 0} : found->second;
        EXPECT_EQ(map.urge_grid[static_cast<std::size_t>(w)][static_cast<std::size_t>(h)], expected.first)
            << "weekday " << w << " hour " << h;
        EXPECT_EQ(map.lapse_grid[static_cast<std::size_t>(w)][static_cast<std::size_t>(h)], expected.second)
            << "weekday " << w << " hour " << h;
        total += expected.first;
      }
    }
    EXPECT_EQ(total, map.urges);
  }
}

// ---------------------------------------------------------------------------------------------
// statsmodels and scipy.

json run_python(const json& tasks) {
  ::keel::testing::TempDir directory;
  {
    std::ofstream input(directory.file("tasks.json"));
    input << tasks.dump();
  }
  const ShellResult run = shell(std::string(kPython) + " " + reference_script("stats_reference.py") + " " +
                                directory.file("tasks.json") + " " + directory.file("answers.json"));
  if (run.exit_code != 0) {
    ADD_FAILURE() << run.output;
    return json::object();
  }
  std::ifstream output(directory.file("answers.json"));
  return json::parse(output);
}

json matrix_json(const Matrix& x) {
  json rows = json::array();
  for (std::size_t i = 0; i < x.rows(); ++i) rows.push_back(std::vector<double>(x.row(i), x.row(i) + x.columns()));
  return rows;
}

TEST(ReferenceStatsmodels, WilsonIntervalsMatchProportionConfint) {
  const std::string missing = missing_statsmodels();
  ASSERT_TRUE(missing.empty()) << missing;
  std::vector<std::pair<int, int>> pairs = {{0, 1}, {1, 1}, {0, 7}, {3, 7}, {7, 7}, {1, 1000}, {500, 1000}, {12, 40}};
  // And every tag of a synthetic year's trigger map.
  StatsOptions options;
  options.as_of = synth_end();
  const auto records = synth::generate_client(synth_options(365, 8), 0);
  const TriggerMap map = trigger_map(observe(records, options));
  std::vector<ShareEstimate> ours;
  for (const auto& [count, total] : pairs) ours.push_back(wilson_share(count, total));
  for (const auto* rows : {&map.contexts, &map.emotions, &map.warning_signs}) {
    for (const auto& row : *rows) {
      if (row.acting.total == 0) continue;
      pairs.emplace_back(row.acting.count, row.acting.total);
      ours.push_back(row.acting);
    }
  }
  pairs.emplace_back(map.acting.count, map.acting.total);
  ours.push_back(map.acting);
  json tasks;
  tasks["wilson"] = json::array();
  for (const auto& [count, total] : pairs) tasks["wilson"].push_back({count, total});
  const json answers = run_python(tasks);
  ASSERT_EQ(answers["wilson"].size(), pairs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    SCOPED_TRACE(std::to_string(pairs[i].first) + "/" + std::to_string(pairs[i].second));
    EXPECT_TRUE(close_to(*ours[i].ci95.lower, answers["wilson"][i][0].get<double>()));
    EXPECT_TRUE(close_to(*ours[i].ci95.upper, answers["wilson"][i][1].get<double>()));
  }
  EXPECT_GT(pairs.size(), 20u);
}

TEST(ReferenceStatsmodels, MeansWithTIntervalsMatchDescrStats) {
  const std::string missing = missing_statsmodels();
  ASSERT_TRUE(missing.empty()) << missing;
  std::vector<std::vector<double>> samples = {{3, 5}, {1, 2, 3, 4, 10}, {2.5, 2.5, 2.5, 3}};
  StatsOptions options;
  options.as_of = synth_end();
  const auto records = synth::generate_client(synth_options(365, 9), 0);
  const Observation observation = observe(records, options);
  std::vector<double> drops;
  for (const auto* pause : observation.pauses) {
    if (pause->end_intensity) drops.push_back(pause->start_intensity - *pause->end_intensity);
  }
  samples.push_back(drops);
  std::vector<MeanEstimate> ours;
  for (const auto& sample : samples) ours.push_back(mean_with_interval(sample));
  // The library's own surf effect must be the same estimate.
  const WhatHelps helps = what_helps(observation);
  EXPECT_EQ(helps.surf_effect.drop.count, ours.back().count);
  EXPECT_DOUBLE_EQ(*helps.surf_effect.drop.ci95.lower, *ours.back().ci95.lower);
  const json answers = run_python({{"mean", samples}});
  ASSERT_EQ(answers["mean"].size(), samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    SCOPED_TRACE("sample " + std::to_string(i));
    EXPECT_TRUE(close_to(*ours[i].mean, answers["mean"][i]["mean"].get<double>()));
    EXPECT_TRUE(close_to(*ours[i].ci95.lower, answers["mean"][i]["lower"].get<double>()));
    EXPECT_TRUE(close_to(*ours[i].ci95.upper, answers["mean"][i]["upper"].get<double>()));
  }
}

TEST(ReferenceStatsmodels, RateRatiosAndCheckinLinksMatchPoissonGlm) {
  const std::string missing = missing_statsmodels();
  ASSERT_TRUE(missing.empty()) << missing;
  StatsOptions options;
  options.as_of = synth_end();
  options.time_zone = "Europe/Berlin";
  const auto records = synth::generate_client(synth_options(365, 12), 0);
  const Observation observation = observe(records, options);
  const Trends trend = trends(observation);
  const CheckinLinks links = checkin_links(observation);
  ASSERT_TRUE(trend.urges.ratio && trend.lapses.ratio);
  ASSERT_GE(links.links.size(), 12u);

  // Rate ratios: the synthetic ones, and an overdispersed hand-made one (urges placed so that the
  // four first and four last weeks hold these counts).
  std::vector<domain::Record> spread;
  const Instant spread_start = at("2026-01-05T08:00:00Z");
  const Instant spread_as_of = spread_start + std::chrono::hours{24 * 70};
  const int first_counts[] = {30, 2, 25, 1};
  const int last_counts[] = {10, 12, 0, 22};
  for (int week = 0; week < 4; ++week) {
    for (int i = 0; i < first_counts[week]; ++i) {
      spread.push_back(make_urge(spread_start + std::chrono::hours{24 * 7 * week + 3 * i}, UrgeOutcome::surfed));
    }
    for (int i = 0; i < last_counts[week]; ++i) {
      spread.push_back(
          make_urge(spread_as_of - std::chrono::hours{24 * 7 * (4 - week) - 3 * i - 1}, UrgeOutcome::surfed));
    }
  }
  StatsOptions spread_options;
  spread_options.as_of = spread_as_of;
  const Trends spread_trend = trends(observe(spread, spread_options));
  EXPECT_EQ(spread_trend.urges.first_weeks, (std::array<int, 4>{30, 2, 25, 1}));
  EXPECT_EQ(spread_trend.urges.last_weeks, (std::array<int, 4>{10, 12, 0, 22}));
  EXPECT_TRUE(spread_trend.urges.overdispersed);
  const std::vector<RateRatio> rates = {trend.urges, trend.lapses, spread_trend.urges};
  json tasks;
  tasks["poisson"] = json::array();
  std::vector<GlmFit> our_fits;
  for (const auto& rate : rates) {
    const RateDesign design = rate_design(rate);
    Matrix x(0, 2);
    for (const auto& row : design.rows) x.append_row({row[0], row[1]});
    tasks["poisson"].push_back({{"x", matrix_json(x)}, {"y", design.counts}, {"offset", design.offsets}});
    our_fits.push_back(fit_poisson(x, design.counts, design.offsets));
  }
  // Each check-in link, with its day-by-day design built here from the records (docs/analytics.md):
  // check-in days from the first local day up to yesterday (for the next day, up to the day
  // before yesterday), the state centred on its mean or the high-day flag, and the urges (lapses)
  // of that local day or the next.
  const std::string zone = "Europe/Berlin";
  Instant first = synth_end();
  for (const auto& record : records) first = std::min(first, domain::time_of(record));
  const auto first_day = std::chrono::sys_days{local_date_of(first, zone)};
  const auto today = std::chrono::sys_days{local_date_of(synth_end(), zone)};
  // The weekly blocks of the synthetic rate ratio, counted here.
  for (int week = 0; week < 4; ++week) {
    int first_count = 0, last_count = 0;
    for (const auto& record : records) {
      const auto* urge = std::get_if<domain::Urge>(&record);
      if (urge == nullptr || urge->at > synth_end()) continue;
      const auto block = std::chrono::hours{24 * 7};
      if (urge->at >= first + week * block && urge->at < first + (week + 1) * block) ++first_count;
      if (urge->at >= synth_end() - (4 - week) * block && urge->at < synth_end() - (3 - week) * block) ++last_count;
    }
    EXPECT_EQ(trend.urges.first_weeks[static_cast<std::size_t>(week)], first_count);
    EXPECT_EQ(trend.urges.last_weeks[static_cast<std::size_t>(week)], last_count);
  }
  std::map<std::chrono::sys_days, std::pair<int, int>> per_day;  // urges, lapses
  for (const auto& record : records) {
    const auto* urge = std::get_if<domain::Urge>(&record);
    if (urge == nullptr || urge->at > synth_end()) continue;
    auto& counts = per_day[std::chrono::sys_days{local_date_of(urge->at, urge->time_zone)}];
    ++counts.first;
    counts.second += urge->outcome == UrgeOutcome::acted ? 1 : 0;
  }
  struct LinkCase {
    const CheckinLink* link;
    const PoissonEffect* effect;
    std::string what;
    int days = 0;
    int high_days = 0;
  };
  std::vector<LinkCase> link_cases;
  using StateOf = double (*)(const domain::CheckIn&);
  const std::pair<const char*, StateOf> states[] = {
      {"loneliness", [](const domain::CheckIn& c) { return double(c.loneliness); }},
      {"stress", [](const domain::CheckIn& c) { return double(c.stress); }},
      {"boredom", [](const domain::CheckIn& c) { return double(c.boredom); }},
      {"tiredness", [](const domain::CheckIn& c) { return double(c.tiredness); }},
      {"hunger", [](const domain::CheckIn& c) { return double(c.hunger); }},
      {"sleep", [](const domain::CheckIn& c) { return c.sleep_hours; }}};
  for (const auto& [state, value_of] : states) {
    for (int shift : {0, 1}) {
      for (const char* outcome : {"urges", "lapses"}) {
        std::vector<double> values, high, counts;
        for (const auto& record : records) {
          const auto* checkin = std::get_if<domain::CheckIn>(&record);
          if (checkin == nullptr || checkin->at > synth_end()) continue;
          const auto day = std::chrono::sys_days{checkin->date};
          if (day < first_day || day + std::chrono::days{shift} >= today) continue;
          const double value = value_of(*checkin);
          values.push_back(value);
          high.push_back(std::string_view(state) == "sleep" ? (value < 6 ? 1 : 0) : (value >= 7 ? 1 : 0));
          const auto found = per_day.find(day + std::chrono::days{shift});
          const std::pair<int, int> day_counts = found == per_day.end() ? std::pair{0, 0} : found->second;
          counts.push_back(std::string_view(outcome) == "urges" ? day_counts.first : day_counts.second);
        }
        double mean = 0;
        for (double value : values) mean += value;
        mean /= static_cast<double>(values.size());
        for (double& value : values) value -= mean;
        const auto link = std::find_if(links.links.begin(), links.links.end(), [&](const CheckinLink& candidate) {
          return candidate.state == state && candidate.outcome == outcome &&
                 candidate.day == (shift == 0 ? "same_day" : "next_day");
        });
        ASSERT_NE(link, links.links.end()) << state << " " << outcome << " " << shift;
        int high_days = 0;
        for (double flag : high) high_days += flag > 0 ? 1 : 0;
        for (int kind = 0; kind < 2; ++kind) {
          const PoissonEffect& effect = kind == 0 ? link->high_day : link->per_point;
          if (!effect.rate_ratio) continue;
          Matrix x(0, 2);
          for (double value : kind == 0 ? high : values) x.append_row({1.0, value});
          tasks["poisson"].push_back({{"x", matrix_json(x)}, {"y", counts}, {"offset", nullptr}});
          link_cases.push_back(
              {&*link, &effect,
               std::string(state) + " " + outcome + " " + link->day + (kind == 0 ? " high days" : " per point"),
               static_cast<int>(values.size()), high_days});
        }
      }
    }
  }
  EXPECT_GE(link_cases.size(), 40u);
  const json answers = run_python(tasks);
  ASSERT_EQ(answers["poisson"].size(), our_fits.size() + link_cases.size());
  for (std::size_t i = 0; i < answers["poisson"].size(); ++i) {
    const json& reference = answers["poisson"][i];
    const double dispersion = reference["pearson_chi2"].get<double>() / reference["df_resid"].get<double>();
    // keel's interval: statsmodels' plain one, or its quasi-Poisson (scale = X2) one when the
    // counts are overdispersed.
    const json& interval = dispersion > 1 ? reference["conf_int_x2"][1] : reference["conf_int"][1];
    if (i < our_fits.size()) {
      SCOPED_TRACE("rate ratio " + std::to_string(i));
      const GlmFit& fit = our_fits[i];
      ASSERT_TRUE(fit.converged);
      for (std::size_t j = 0; j < 2; ++j) {
        EXPECT_TRUE(close_to(fit.coefficients[j], reference["params"][j].get<double>()))
            << fit.coefficients[j] << " vs " << reference["params"][j];
        EXPECT_TRUE(close_to(fit.standard_errors[j], reference["bse"][j].get<double>()));
      }
      EXPECT_TRUE(close_to(fit.pearson_chi2, reference["pearson_chi2"].get<double>()));
      EXPECT_TRUE(close_to(*rates[i].ratio, std::exp(reference["params"][1].get<double>())));
      EXPECT_TRUE(close_to(*rates[i].dispersion, dispersion));
      EXPECT_TRUE(close_to(*rates[i].ci95.lower, std::exp(interval[0].get<double>())));
      EXPECT_TRUE(close_to(*rates[i].ci95.upper, std::exp(interval[1].get<double>())));
      EXPECT_TRUE(close_to(*rates[i].ci95_poisson.lower, std::exp(reference["conf_int"][1][0].get<double>())));
      continue;
    }
    const LinkCase& link_case = link_cases[i - our_fits.size()];
    SCOPED_TRACE(link_case.what);
    EXPECT_EQ(link_case.link->days, link_case.days);
    EXPECT_EQ(link_case.link->high_days, link_case.high_days);
    const PoissonEffect& effect = *link_case.effect;
    EXPECT_TRUE(close_to(*effect.rate_ratio, std::exp(reference["params"][1].get<double>())))
        << *effect.rate_ratio << " vs " << std::exp(reference["params"][1].get<double>());
    EXPECT_TRUE(close_to(*effect.dispersion, dispersion));
    EXPECT_TRUE(close_to(*effect.ci95.lower, std::exp(interval[0].get<double>())));
    EXPECT_TRUE(close_to(*effect.ci95.upper, std::exp(interval[1].get<double>())));
  }
}

TEST(ReferenceStatsmodels, LogisticFitsMatchLogitAndScipy) {
  const std::string missing = missing_statsmodels();
  ASSERT_TRUE(missing.empty()) << missing;
  StatsOptions options;
  options.as_of = synth_end();
  options.time_zone = "Europe/Berlin";
  const auto records = synth::generate_client(synth_options(365, 14), 0);
  const Observation observation = observe(records, options);
  const ForecastDesign design = forecast_design(observation);
  const std::size_t train = design.window_starts.size() * 4 / 5;
  ASSERT_GT(train, 1000u);
  const Standardization scale = standardization_of(design.features, train);
  const Matrix x = standardized_with_intercept(design.features, scale, 0, train);
  const std::vector<int> y(design.urge_labels.begin(), design.urge_labels.begin() + static_cast<long>(train));
  const GlmFit plain = fit_logistic(x, y, 0, std::nullopt);
  const GlmFit ridge = fit_logistic(x, y, kForecastL2, 0);
  // The forecast's fast path: the intercept and time columns summed once per local start time.
  SharedColumns shared;
  shared.shared_columns = 1 + kTimeColumns;
  shared.group_of_row.assign(design.time_groups.begin(), design.time_groups.begin() + static_cast<long>(train));
  const GlmFit ridge_shared = fit_logistic(x, y, kForecastL2, 0, {}, &shared);
  ASSERT_TRUE(plain.converged && ridge.converged && ridge_shared.converged);
  // The model's test-window scores, for the AUC.
  const Matrix test_x = standardized_with_intercept(design.features, scale, train, design.window_starts.size());
  std::vector<double> scores;
  for (std::size_t i = 0; i < test_x.rows(); ++i) {
    double eta = 0;
    for (std::size_t j = 0; j < test_x.columns(); ++j) eta += test_x(i, j) * ridge.coefficients[j];
    scores.push_back(eta);
  }
  const std::vector<int> test_y(design.urge_labels.begin() + static_cast<long>(train), design.urge_labels.end());
  // Ties in the scores too: rounded copies.
  std::vector<double> rounded;
  for (double score : scores) rounded.push_back(std::round(score * 4) / 4);

  json tasks;
  tasks["logit"] = json::array({{{"x", matrix_json(x)}, {"y", y}}});
  tasks["ridge"] = json::array({{{"x", matrix_json(x)}, {"y", y}, {"l2", kForecastL2}}});
  tasks["auc"] = json::array({{{"scores", scores}, {"labels", test_y}}, {{"scores", rounded}, {"labels", test_y}}});
  const json answers = run_python(tasks);
  ASSERT_EQ(answers["logit"].size(), 1u);
  const json& logit = answers["logit"][0];
  ASSERT_EQ(logit["params"].size(), plain.coefficients.size());
  for (std::size_t j = 0; j < plain.coefficients.size(); ++j) {
    SCOPED_TRACE("column " + std::to_string(j));
    EXPECT_TRUE(close_to(plain.coefficients[j], logit["params"][j].get<double>()))
        << plain.coefficients[j] << " vs " << logit["params"][j];
    EXPECT_TRUE(close_to(plain.standard_errors[j], logit["bse"][j].get<double>()));
  }
  EXPECT_TRUE(close_to(plain.log_likelihood, logit["llf"].get<double>()));
  // scipy may report that it stopped at the limit of double precision rather than at gtol: the
  // coefficients are compared either way.
  const json& scipy_ridge = answers["ridge"][0];
  for (std::size_t j = 0; j < ridge.coefficients.size(); ++j) {
    SCOPED_TRACE("ridge column " + std::to_string(j));
    EXPECT_TRUE(close_to(ridge.coefficients[j], scipy_ridge["params"][j].get<double>()))
        << ridge.coefficients[j] << " vs " << scipy_ridge["params"][j];
    EXPECT_TRUE(close_to(ridge_shared.coefficients[j], scipy_ridge["params"][j].get<double>()))
        << ridge_shared.coefficients[j] << " vs " << scipy_ridge["params"][j];
  }
  EXPECT_TRUE(close_to(*area_under_curve(scores, test_y), answers["auc"][0].get<double>()));
  EXPECT_TRUE(close_to(*area_under_curve(rounded, test_y), answers["auc"][1].get<double>()));
}

}  // namespace
}  // namespace keel::analytics
