// Benchmarks of the measures library, each beside a baseline measured in the same run:
//
//   load_instruments: measures::load_shipped_instruments(), parsing and checking all twelve
//     embedded Questionnaires, against nlohmann::json::parse of the same bytes (what reading
//     the JSON alone costs). Goal: under 5 ms for all of them. Also load_shipped_instrument of
//     phq-9 alone, which is what `keel score` and `keel change` load.
//   score_million: measures::score_response on a million PHQ-9 responses (validation, total,
//     proration, band, safety), and on a million responses spread over all twelve
//     instruments, against summing the same answers' scores from a flat array (the arithmetic
//     alone). The responses are 1000 distinct ones, made once from a fixed seed, cycled.
//   score_million_stored: the same million over all twelve instruments as storage keeps them
//     (domain::Assessment: linkId and score), turned back into option codes
//     (response_from_assessment) and scored: what `keel assessments` does for every row.
//
// Medians of repeated runs; the load average before and after is printed for the record.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_support.h"
#include "measures/assessment_record.h"
#include "measures/embedded.h"
#include "measures/instrument.h"
#include "measures/scoring.h"

namespace keel::bench {
namespace {

constexpr int kResponses = 1'000'000;
constexpr int kDistinct = 1000;

const std::vector<measures::Instrument>& instruments() {
  static const std::vector<measures::Instrument> loaded = [] {
    auto result = measures::load_shipped_instruments();
    if (!result) fail("the shipped instruments do not load: " + result.status().message());
    return std::move(result).value();
  }();
  return loaded;
}

// One prepared response: the instrument, the answers by code, and the same answers' scores.
struct Prepared {
  const measures::Instrument* instrument;
  measures::Response response;
  std::vector<int> scores;    // -1 for an unanswered item
  domain::Assessment stored;  // the same answers as storage keeps them
};

// Random answers to `instrument`, one item in twenty left out.
Prepared prepare(const measures::Instrument& instrument, std::mt19937& random) {
  Prepared prepared{&instrument, {instrument.id, {}}, {}};
  for (const auto& link_id : instrument.total_link_ids) {
    const measures::Item& item = *instrument.find_item(link_id);
    if (random() % 20 == 0) {
      prepared.scores.push_back(-1);
      continue;
    }
    const auto& option = item.options[random() % item.options.size()];
    prepared.response.answers[link_id] = option.code;
    prepared.scores.push_back(static_cast<int>(*option.score));
  }
  prepared.stored.instrument = instrument.id;
  auto answers = measures::answers_from_response(instrument, prepared.response);
  if (!answers) fail(answers.status().message());
  prepared.stored.answers = std::move(answers).value();
  return prepared;
}

std::vector<Prepared> prepared_responses(bool all_instruments) {
  std::mt19937 random(20260601);
  std::vector<Prepared> prepared;
  for (int index = 0; index < kDistinct; ++index) {
    const auto& instrument = all_instruments ? instruments()[index % instruments().size()]
                                             : *measures::find_instrument(instruments(), "phq-9");
    prepared.push_back(prepare(instrument, random));
  }
  return prepared;
}

void load_shipped(benchmark::State& state) {
  for (auto _ : state) {
    auto loaded = measures::load_shipped_instruments();
    if (!loaded) fail(loaded.status().message());
    benchmark::DoNotOptimize(loaded);
  }
}

// What `keel score phq-9` loads: one instrument.
void load_one(benchmark::State& state) {
  for (auto _ : state) {
    auto loaded = measures::load_shipped_instrument("phq-9");
    if (!loaded) fail(loaded.status().message());
    benchmark::DoNotOptimize(loaded);
  }
}

void parse_only(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& file : measures::embedded_instrument_files()) {
      nlohmann::json parsed = nlohmann::json::parse(file.contents);
      benchmark::DoNotOptimize(parsed);
    }
  }
}

void score_responses(benchmark::State& state, bool all_instruments) {
  const std::vector<Prepared> prepared = prepared_responses(all_instruments);
  double checksum = 0;
  for (auto _ : state) {
    for (int index = 0; index < kResponses; ++index) {
      const Prepared& one = prepared[index % kDistinct];
      auto score = measures::score_response(*one.instrument, one.response);
      if (!score) fail(score.status().message());
      if (score->total) checksum += *score->total;
    }
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations() * kResponses);
}

void score_stored(benchmark::State& state) {
  const std::vector<Prepared> prepared = prepared_responses(true);
  double checksum = 0;
  for (auto _ : state) {
    for (int index = 0; index < kResponses; ++index) {
      const Prepared& one = prepared[index % kDistinct];
      auto response = measures::response_from_assessment(*one.instrument, one.stored);
      if (!response) fail(response.status().message());
      auto score = measures::score_response(*one.instrument, *response);
      if (!score) fail(score.status().message());
      if (score->total) checksum += *score->total;
    }
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations() * kResponses);
}

void raw_sum(benchmark::State& state, bool all_instruments) {
  const std::vector<Prepared> prepared = prepared_responses(all_instruments);
  long checksum = 0;
  for (auto _ : state) {
    for (int index = 0; index < kResponses; ++index) {
      const Prepared& one = prepared[index % kDistinct];
      int total = 0;
      for (int score : one.scores) total += score < 0 ? 0 : score;
      benchmark::DoNotOptimize(total);
      checksum += total;
    }
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations() * kResponses);
}

class MedianReporter final : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& reports) override {
    ConsoleReporter::ReportRuns(reports);
    for (const Run& run : reports) {
      if (run.error_occurred || run.run_type != Run::RT_Aggregate || run.aggregate_name != "median") continue;
      // Real time in seconds per iteration.
      double seconds = run.GetAdjustedRealTime();
      switch (run.time_unit) {
        case benchmark::kNanosecond: seconds /= 1e9; break;
        case benchmark::kMicrosecond: seconds /= 1e6; break;
        case benchmark::kMillisecond: seconds /= 1e3; break;
        case benchmark::kSecond: break;
      }
      medians_[run.run_name.function_name] = seconds;
    }
  }
  double seconds(const std::string& name) const {
    const auto found = medians_.find(name);
    return found == medians_.end() ? -1 : found->second;
  }

 private:
  std::map<std::string, double> medians_;
};

}  // namespace
}  // namespace keel::bench

int main(int argc, char** argv) {
  using namespace keel::bench;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  std::printf("load average (1 min) before: %.2f\n", load_average());
  (void)instruments();

  benchmark::RegisterBenchmark("load_instruments/keel_load_shipped", load_shipped)
      ->Repetitions(21)
      ->ReportAggregatesOnly(true)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("load_instruments/keel_load_phq9_only", load_one)
      ->Repetitions(21)
      ->ReportAggregatesOnly(true)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("load_instruments/parse_only", parse_only)
      ->Repetitions(21)
      ->ReportAggregatesOnly(true)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("score_million_stored/keel_response_from_assessment_and_score", score_stored)
      ->Repetitions(5)
      ->Iterations(1)
      ->ReportAggregatesOnly(true)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  for (const bool all : {false, true}) {
    const std::string suffix = all ? "all_instruments" : "phq9";
    benchmark::RegisterBenchmark(("score_million_" + suffix + "/keel_score_response").c_str(),
                                 [all](benchmark::State& state) { score_responses(state, all); })
        ->Repetitions(5)
        ->Iterations(1)
        ->ReportAggregatesOnly(true)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("score_million_" + suffix + "/raw_sum").c_str(),
                                 [all](benchmark::State& state) { raw_sum(state, all); })
        ->Repetitions(5)
        ->Iterations(1)
        ->ReportAggregatesOnly(true)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  MedianReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\nload average (1 min) after: %.2f\n", load_average());

  const double load = reporter.seconds("load_instruments/keel_load_shipped");
  const double parse = reporter.seconds("load_instruments/parse_only");
  const double one = reporter.seconds("load_instruments/keel_load_phq9_only");
  if (load > 0 && parse > 0) {
    std::printf(
        "RESULT loading all %zu instruments: %.2f ms (median of 21), JSON parsing alone %.2f ms, ratio %.2f "
        "(goal < 5 ms: %s)\n",
        keel::measures::embedded_instrument_files().size(), load * 1e3, parse * 1e3, load / parse,
        load * 1e3 < 5 ? "met" : "NOT met");
  }
  if (one > 0) std::printf("RESULT loading phq-9 alone (what `keel score phq-9` loads): %.2f ms\n", one * 1e3);
  for (const char* suffix : {"phq9", "all_instruments"}) {
    const double keel = reporter.seconds(std::string("score_million_") + suffix + "/keel_score_response");
    const double raw = reporter.seconds(std::string("score_million_") + suffix + "/raw_sum");
    if (keel > 0 && raw > 0) {
      std::printf(
          "RESULT scoring a million %s responses: %.0f ms (median of 5, %.2f us each), summing their scores "
          "alone %.1f ms, ratio %.0f\n",
          suffix, keel * 1e3, keel * 1e6 / kResponses, raw * 1e3, keel / raw);
    }
  }
  const double stored = reporter.seconds("score_million_stored/keel_response_from_assessment_and_score");
  const double stored_baseline = reporter.seconds("score_million_all_instruments/raw_sum");
  if (stored > 0 && stored_baseline > 0) {
    std::printf(
        "RESULT scoring a million stored assessments (all instruments, codes recovered from scores): %.0f ms "
        "(median of 5, %.2f us each), ratio %.0f to summing their scores alone\n",
        stored * 1e3, stored * 1e6 / kResponses, stored / stored_baseline);
  }
  benchmark::Shutdown();
  return 0;
}
