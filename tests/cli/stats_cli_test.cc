// keel stats end to end: the real binary on a home holding synthetic records (keel synth, keel
// import), checked against the JSON that docs/analytics.md documents.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "support/test_support.h"

namespace keel {
namespace {

using testing::ProcessResult;
using testing::TempDir;

constexpr const char* kPassphrase = "correct horse battery";
// The synthetic records end here; "now" (the clock) is later, so whatever is logged during a test
// comes after as-of.
constexpr const char* kSynthEnd = "2026-03-01T12:00:00+01:00";
constexpr const char* kAsOf = "2026-03-01 12:00";

class StatsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    auto made = keel({"init", "--name", "alex", "--time-zone", "Europe/Berlin"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    // Four months: enough for every section, the forecast's eight weeks included.
    const std::string file = folder_.file("client.jsonl");
    auto synth = testing::run_keel(
        {"synth", "--days", "120", "--seed", "7", "--end", kSynthEnd, "--time-zone", "Europe/Berlin", "--out", file});
    ASSERT_EQ(synth.exit_code, 0) << synth.err;
    auto imported = keel({"import", file});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }

  ProcessResult keel(std::vector<std::string> arguments) {
    return keel_with(std::move(arguments), {std::string("KEEL_PASSPHRASE=") + kPassphrase});
  }

  ProcessResult keel_with(std::vector<std::string> arguments, const std::vector<std::string>& environment) {
    arguments.insert(arguments.begin(), {"--home", home_.path()});
    return testing::run_keel(arguments, environment);
  }

  nlohmann::json stats_json() {
    auto result = keel({"--json", "stats", "--as-of", kAsOf});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out);
  }

  // Every file of the home with its bytes.
  std::map<std::string, std::string> home_files() {
    std::map<std::string, std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(home_.path())) {
      files[entry.path().filename().string()] = testing::read_file(entry.path().string());
    }
    return files;
  }

  TempDir home_;
  TempDir folder_;
};

// A number, or null where it would be undefined (docs/analytics.md: never NaN, never made up).
bool number_or_null(const nlohmann::json& value) { return value.is_number() || value.is_null(); }

void expect_keys(const nlohmann::json& object, const std::vector<std::string>& keys, const std::string& where) {
  ASSERT_TRUE(object.is_object()) << where;
  for (const auto& key : keys) EXPECT_TRUE(object.contains(key)) << where << " has no \"" << key << "\"";
}

void expect_interval(const nlohmann::json& interval, const std::string& where) {
  ASSERT_TRUE(interval.is_array()) << where;
  ASSERT_EQ(interval.size(), 2u) << where;
  EXPECT_TRUE(number_or_null(interval[0])) << where;
  EXPECT_TRUE(number_or_null(interval[1])) << where;
}

void expect_intervals(const nlohmann::json& intervals, const std::string& where) {
  expect_keys(intervals,
              {"enough_data", "missing", "sentence", "events", "closed_intervals", "median_days", "ci95", "survival_at",
               "longest_days", "current_days", "earlier_typical_days", "recent_typical_days", "curve"},
              where);
  EXPECT_TRUE(intervals["enough_data"].get<bool>()) << where;
  EXPECT_TRUE(intervals["median_days"].is_number()) << where;
  expect_interval(intervals["ci95"], where + ".ci95");
  const auto& curve = intervals["curve"];
  ASSERT_TRUE(curve.is_array()) << where;
  ASSERT_FALSE(curve.empty()) << where;
  for (const auto& point : curve) {
    expect_keys(point, {"time", "survival", "at_risk", "events", "censored", "std_err", "ci95"}, where + ".curve[]");
    expect_interval(point["ci95"], where + ".curve[].ci95");
  }
  // Times grow and the number at risk falls along the curve.
  for (std::size_t i = 1; i < curve.size(); ++i) {
    EXPECT_GT(curve[i]["time"].get<double>(), curve[i - 1]["time"].get<double>()) << where;
    EXPECT_LT(curve[i]["at_risk"].get<int>(), curve[i - 1]["at_risk"].get<int>()) << where;
  }
  EXPECT_EQ(curve.front()["at_risk"].get<int>(), intervals["closed_intervals"].get<int>() + 1) << where;
}

TEST_F(StatsCli, JsonHasTheDocumentedSections) {
  const nlohmann::json stats = stats_json();
  expect_keys(stats,
              {"as_of", "since", "time_zone", "start", "observed_days", "sentences", "trigger_map", "intervals",
               "trends", "what_helps", "checkin_links", "small_wins", "forecast"},
              "stats");
  EXPECT_EQ(stats["as_of"], kSynthEnd);
  EXPECT_TRUE(stats["since"].is_null());
  EXPECT_EQ(stats["time_zone"], "Europe/Berlin");
  ASSERT_TRUE(stats["sentences"].is_array());
  EXPECT_FALSE(stats["sentences"].empty());

  expect_intervals(stats["intervals"]["between_urges"], "intervals.between_urges");
  expect_intervals(stats["intervals"]["between_lapses"], "intervals.between_lapses");

  const auto& map = stats["trigger_map"];
  expect_keys(map,
              {"enough_data", "missing", "sentence", "urges", "lapses", "acting_share", "grid", "peak", "busiest_hour",
               "busiest_weekday", "contexts", "emotions", "warning_signs"},
              "trigger_map");
  ASSERT_EQ(map["grid"]["urges"].size(), 7u);
  for (const auto& row : map["grid"]["urges"]) EXPECT_EQ(row.size(), 24u);
  expect_keys(stats["trends"], {"enough_data", "missing", "sentence", "weeks", "rate_ratio", "acting_share"}, "trends");
  expect_keys(stats["what_helps"], {"enough_data", "missing", "sentence", "surf_effect", "activities", "techniques"},
              "what_helps");
  expect_keys(stats["checkin_links"], {"enough_data", "missing", "sentence", "checkin_days", "strongest", "links"},
              "checkin_links");
  expect_keys(stats["small_wins"],
              {"enough_data", "missing", "sentence", "urges_logged", "urges_passed", "personal_bests", "milestones"},
              "small_wins");
  for (const char* target : {"urge", "lapse"}) {
    expect_keys(
        stats["forecast"][target],
        {"enough_data", "missing", "sentence", "target", "window_hours", "windows", "train_windows", "test_windows",
         "auc", "brier", "baseline_auc", "baseline_brier", "next_window_probability", "factors", "coefficients"},
        std::string("forecast.") + target);
  }
}

TEST_F(StatsCli, AsOfMakesTheOutputReproducible) {
  auto first = keel({"--json", "stats", "--as-of", kAsOf, "--since", "60d"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  // An urge logged now, after as-of, is not in view.
  auto urge = keel({"urge", "--intensity", "6", "--outcome", "acted"});
  ASSERT_EQ(urge.exit_code, 0) << urge.err;
  auto second = keel({"--json", "stats", "--as-of", kAsOf, "--since", "60d"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(first.out, second.out);
  EXPECT_EQ(nlohmann::json::parse(first.out)["since"], "2025-12-31");
  // The text form too.
  EXPECT_EQ(keel({"stats", "--as-of", kAsOf}).out, keel({"stats", "--as-of", kAsOf}).out);
}

TEST_F(StatsCli, ABadSinceIsOneClearSentenceAndChangesNothing) {
  const auto before = home_files();
  auto bad = keel({"stats", "--as-of", kAsOf, "--since", "last tuesday"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(bad.out.empty()) << bad.out;
  EXPECT_EQ(bad.err,
            "keel: --since \"last tuesday\" is neither a date nor a span back; give a local day such as 2026-01-31 or "
            "a span such as 90d\n");
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1);
  // An impossible day, and without the passphrase: still the mistake, not "locked".
  auto impossible = keel_with({"stats", "--since", "2026-02-30"}, {});
  EXPECT_EQ(impossible.exit_code, 2);
  EXPECT_NE(impossible.err.find("--since \"2026-02-30\""), std::string::npos) << impossible.err;
  auto as_json = keel({"--json", "stats", "--since", "soon"});
  EXPECT_EQ(as_json.exit_code, 2);
  EXPECT_EQ(nlohmann::json::parse(as_json.err)["error"]["code"], "invalid_argument");
  EXPECT_TRUE(home_files() == before) << "the home's files changed";
}

}  // namespace
}  // namespace keel
