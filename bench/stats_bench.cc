// What `keel stats` costs, each against a baseline measured in the same run:
//
//   compute: analytics::compute_stats for one client with five years of synthetic records
//     (synth::generate_client), median of 51 runs, against analytics::compute_progress over the
//     same records (the one pass `keel summary` makes). Goal: under 5 ms. Each section is timed
//     too, to show where the time goes, and so is the JSON the command then prints
//     (stats_to_json and dump, not part of compute_stats).
//   command: the wall time of `keel --home H stats --as-of T --json` on a home with those records
//     imported (KEEL_KDF=test, after `keel unlock`), median of 21 runs after 2 warm-ups, against
//     `keel --version` (starting the process) and `keel summary --json` (loading every record);
//     also its median processor time (user + system), which other work on the machine inflates
//     less. Goal: under 100 ms.
//   cohort (only with --cohort [CLIENTS] [DAYS]; run by hand, not in CI): every client's
//     Kaplan–Meier (between urges and between lapses) and trigger map (grid and tags) for a synthetic
//     cohort (default 10,000 clients × 730 days), in one keel process against R
//     (tests/reference/cohort.R: survfit per client plus table counts) on the same CSV file, each
//     a child process: wall time and peak memory (ru_maxrss). Both print a checksum (the sum of the
//     defined median gaps between lapses) that must agree. Goal: keel at least 10 times faster, in
//     less memory.
//
// A small harness (not Google Benchmark): each measurement is a whole computation or process.

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "analytics/forecast.h"
#include "analytics/progress.h"
#include "analytics/stats.h"
#include "analytics/stats_json.h"
#include "bench_support.h"

extern char** environ;

namespace keel::bench {
namespace {

constexpr int kComputeRuns = 51;
constexpr int kCommandRuns = 21;
constexpr int kWarmUpRuns = 2;
constexpr int kFiveYears = 5 * 365 + 1;
constexpr double kComputeGoalMilliseconds = 5;
constexpr double kCommandGoalMilliseconds = 100;
constexpr const char* kKeelBinary = KEEL_BINARY;
constexpr const char* kPassphrase = "benchmark passphrase";
constexpr const char* kZone = "Europe/Berlin";

using SteadyClock = std::chrono::steady_clock;

// The source tree, for tests/reference/cohort.R: $KEEL_SOURCE_DIR, else two folders above this file.
std::string source_directory() {
  if (const char* chosen = std::getenv("KEEL_SOURCE_DIR"); chosen != nullptr && *chosen != '\0') return chosen;
  return std::filesystem::path(__FILE__).parent_path().parent_path().string();
}

double milliseconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

// This thread's processor time in milliseconds: unlike the wall time, it does not grow while other
// work on a busy machine has the processor.
double thread_cpu_milliseconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

// A fixed end, so that every run and every side sees the same data.
Instant fixed_end() { return parse_rfc3339("2026-03-01T12:00:00+01:00").value(); }

synth::Options synth_options(int days, std::uint64_t seed) {
  synth::Options options;
  options.days = days;
  options.seed = seed;
  options.end = fixed_end();
  options.time_zone = kZone;
  options.tenant_id = "bench";
  options.person_id = "bench";
  return options;
}

// --- compute ----------------------------------------------------------------------------------

struct ComputeResult {
  std::size_t records = 0;
  double stats = 0;      // median milliseconds (wall)
  double stats_cpu = 0;  // median milliseconds of this thread's processor time
  double progress = 0;   // the baseline
  std::map<std::string, double> sections;
};

template <typename Work>
double median_milliseconds(int runs, Work work) {
  std::vector<double> times;
  for (int run = 0; run < runs; ++run) {
    const auto start = SteadyClock::now();
    work();
    times.push_back(milliseconds_since(start));
  }
  return median(times);
}

ComputeResult measure_compute() {
  ComputeResult result;
  const auto records = synth::generate_client(synth_options(kFiveYears, 5), 0);
  result.records = records.size();
  analytics::StatsOptions options;
  options.as_of = fixed_end();
  options.time_zone = kZone;
  volatile double sink = 0;
  // Warm up, and interleave the two sides.
  for (int run = 0; run < 3; ++run) sink = sink + analytics::compute_stats(records, options).observed_days;
  std::vector<double> stats_times, stats_cpu_times, progress_times;
  for (int run = 0; run < kComputeRuns; ++run) {
    auto start = SteadyClock::now();
    const double cpu_start = thread_cpu_milliseconds();
    const analytics::Stats stats = analytics::compute_stats(records, options);
    stats_cpu_times.push_back(thread_cpu_milliseconds() - cpu_start);
    stats_times.push_back(milliseconds_since(start));
    sink = sink + stats.observed_days;
    start = SteadyClock::now();
    const analytics::Progress progress = analytics::compute_progress(records, options.as_of);
    progress_times.push_back(milliseconds_since(start));
    sink = sink + progress.urges_logged;
  }
  result.stats = median(stats_times);
  result.stats_cpu = median(stats_cpu_times);
  result.progress = median(progress_times);
  const analytics::Observation observation = analytics::observe(records, options);
  result.sections["observe"] = median_milliseconds(kComputeRuns, [&] { (void)analytics::observe(records, options); });
  result.sections["trigger_map"] =
      median_milliseconds(kComputeRuns, [&] { (void)analytics::trigger_map(observation); });
  result.sections["intervals"] = median_milliseconds(kComputeRuns, [&] {
    (void)analytics::event_intervals(observation, false);
    (void)analytics::event_intervals(observation, true);
  });
  result.sections["trends"] = median_milliseconds(kComputeRuns, [&] { (void)analytics::trends(observation); });
  result.sections["what_helps"] = median_milliseconds(kComputeRuns, [&] { (void)analytics::what_helps(observation); });
  result.sections["checkin_links"] =
      median_milliseconds(kComputeRuns, [&] { (void)analytics::checkin_links(observation); });
  result.sections["small_wins"] = median_milliseconds(kComputeRuns, [&] { (void)analytics::small_wins(observation); });
  result.sections["forecast design"] =
      median_milliseconds(kComputeRuns, [&] { (void)analytics::forecast_design(observation); });
  result.sections["forecast"] = median_milliseconds(kComputeRuns, [&] { (void)analytics::forecast(observation); });
  // Not part of compute_stats: what `keel stats --json` does with its result.
  const analytics::Stats stats = analytics::compute_stats(records, options);
  result.sections["json (+ dump)"] = median_milliseconds(kComputeRuns, [&] {
    const std::string text = analytics::stats_to_json(stats).dump();
    sink = sink + static_cast<double>(text.size());
  });
  return result;
}

// --- processes --------------------------------------------------------------------------------

struct ProcessRun {
  int exit_code = -1;
  double milliseconds = 0;
  double processor_milliseconds = 0;  // user + system: other work on the machine inflates it less
  long peak_kilobytes = 0;            // ru_maxrss of the child
};

std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::strncmp(*entry, "KEEL_", 5) != 0) environment.emplace_back(*entry);
  }
  environment.insert(environment.end(), extra.begin(), extra.end());
  return environment;
}

// Runs `program` with `arguments`; standard output goes to `output` ("" for /dev/null).
ProcessRun run_process(const std::string& program, const std::vector<std::string>& arguments,
                       const std::vector<std::string>& environment, const std::string& output = "") {
  std::vector<std::string> argv_strings = {program};
  argv_strings.insert(argv_strings.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv_pointers;
  for (auto& argument : argv_strings) argv_pointers.push_back(argument.data());
  argv_pointers.push_back(nullptr);
  std::vector<std::string> environment_copy = environment;
  std::vector<char*> environment_pointers;
  for (auto& entry : environment_copy) environment_pointers.push_back(entry.data());
  environment_pointers.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output.empty() ? "/dev/null" : output.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t child = 0;
  const auto start = SteadyClock::now();
  const int spawned =
      posix_spawnp(&child, program.c_str(), &actions, nullptr, argv_pointers.data(), environment_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) fail("cannot start " + program + ": " + std::strerror(spawned));
  int status = 0;
  struct rusage usage {};
  if (wait4(child, &status, 0, &usage) != child) fail("waiting for " + program + " failed");
  ProcessRun run;
  run.milliseconds = milliseconds_since(start);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.peak_kilobytes = usage.ru_maxrss;
  run.processor_milliseconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
                               static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
  return run;
}

ProcessRun run_keel_or_fail(const std::vector<std::string>& arguments, const std::vector<std::string>& environment,
                            const std::string& what) {
  const ProcessRun run = run_process(kKeelBinary, arguments, environment);
  if (run.exit_code != 0) fail(what + " exited with " + std::to_string(run.exit_code));
  return run;
}

// --- command ----------------------------------------------------------------------------------

struct CommandResult {
  double version = 0;
  double summary = 0;
  double stats = 0;
  double stats_fastest = 0;
  double stats_slowest = 0;
  double stats_processor = 0;
  bool keyring_works = true;
};

CommandResult measure_command() {
  TemporaryDirectory directory("stats");
  const std::string home = directory.path() + "/home";
  const auto with_passphrase = environment_with({"KEEL_PASSPHRASE=" + std::string(kPassphrase), "KEEL_KDF=test"});
  const auto plain = environment_with({});
  run_keel_or_fail({"--home", home, "init", "--name", "bench", "--time-zone", kZone}, with_passphrase, "keel init");
  // Five years of records, as an export file.
  {
    exchange::Header header;
    header.exported_at = format_rfc3339(fixed_end(), kZone);
    header.time_zone = kZone;
    header.generator = "keel stats_bench seed=5";
    std::string text = exchange::header_to_line(header) + "\n";
    for (const auto& record : synth::generate_client(synth_options(kFiveYears, 5), 0)) {
      text += exchange::record_to_line(record) + "\n";
    }
    write_file(directory.path() + "/client.jsonl", text);
  }
  run_keel_or_fail({"--home", home, "import", directory.path() + "/client.jsonl"}, with_passphrase, "keel import");
  run_keel_or_fail({"--home", home, "unlock", "--for", "5m"}, with_passphrase, "keel unlock");
  const std::string as_of = format_rfc3339(fixed_end(), kZone);
  const std::vector<std::string> stats = {"--home", home, "stats", "--as-of", as_of, "--json"};
  const std::vector<std::string> summary = {"--home", home, "summary", "--json"};
  const std::vector<std::string> version = {"--version"};
  CommandResult result;
  std::vector<std::string> environment = plain;
  // Without KEEL_PASSPHRASE (and no terminal) the command works only with keys from the keyring.
  if (run_process(kKeelBinary, stats, plain).exit_code != 0) {
    std::printf(
        "  the kernel keyring does not keep keys here: measuring with KEEL_PASSPHRASE and KEEL_KDF=test "
        "(adds a cheap key derivation to every run)\n");
    result.keyring_works = false;
    environment = with_passphrase;
  }
  for (int run = 0; run < kWarmUpRuns; ++run) {
    (void)run_process(kKeelBinary, version, environment);
    (void)run_process(kKeelBinary, summary, environment);
    (void)run_process(kKeelBinary, stats, environment);
  }
  std::vector<double> version_times, summary_times, stats_times, stats_processor_times;
  for (int run = 0; run < kCommandRuns; ++run) {
    version_times.push_back(run_keel_or_fail(version, environment, "keel --version").milliseconds);
    summary_times.push_back(run_keel_or_fail(summary, environment, "keel summary").milliseconds);
    const ProcessRun stats_run = run_keel_or_fail(stats, environment, "keel stats");
    stats_times.push_back(stats_run.milliseconds);
    stats_processor_times.push_back(stats_run.processor_milliseconds);
  }
  run_keel_or_fail({"--home", home, "lock"}, plain, "keel lock");
  result.version = median(version_times);
  result.summary = median(summary_times);
  result.stats = median(stats_times);
  result.stats_processor = median(stats_processor_times);
  result.stats_fastest = *std::min_element(stats_times.begin(), stats_times.end());
  result.stats_slowest = *std::max_element(stats_times.begin(), stats_times.end());
  return result;
}

// --- cohort -----------------------------------------------------------------------------------

// The cohort as CSV, one row per urge, sorted by client and time:
// client,time_ms,acted,tags  with tags "c:alone;e:lonely;w:rumination" (context, emotion, warning sign).
std::size_t write_cohort(const std::string& path, int clients, int days) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) fail("cannot write " + path);
  std::fputs("client,time_ms,acted,tags\n", file);
  std::size_t rows = 0;
  std::string tags;
  for (int client = 0; client < clients; ++client) {
    for (const auto& record : synth::generate_client(synth_options(days, 11), client)) {
      const auto* urge = std::get_if<domain::Urge>(&record);
      if (urge == nullptr) continue;
      tags.clear();
      for (const auto& [prefix, words] : {std::pair{"c:", &urge->contexts}, std::pair{"e:", &urge->emotions},
                                          std::pair{"w:", &urge->warning_signs}}) {
        for (const auto& word : *words) {
          if (!tags.empty()) tags += ';';
          tags += prefix;
          tags += word;
        }
      }
      std::fprintf(file, "%d,%lld,%d,%s\n", client, static_cast<long long>(to_unix_milliseconds(urge->at)),
                   urge->outcome == domain::UrgeOutcome::acted ? 1 : 0, tags.c_str());
      ++rows;
    }
    if (client % 1000 == 999) {
      std::printf("  generated %d clients\n", client + 1);
      std::fflush(stdout);
    }
  }
  std::fclose(file);
  return rows;
}

// The keel side of the cohort, in a child process: reads the CSV, and for each client computes the
// trigger map and both Kaplan–Meier estimates with the library. Prints "read_s compute_s checksum
// defined_medians urges".
int cohort_worker(const std::string& path, long long as_of_milliseconds) {
  const auto start = SteadyClock::now();
  std::FILE* input = std::fopen(path.c_str(), "r");
  if (input == nullptr) return 1;
  analytics::StatsOptions options;
  options.as_of = from_unix_milliseconds(as_of_milliseconds);
  options.time_zone = kZone;
  double compute_milliseconds = 0;
  double checksum = 0;
  long defined = 0;
  long urges = 0;
  long grid_total = 0;
  // One client's urges, in records reused from client to client (their strings and lists keep
  // their storage), so that reading costs little beyond parsing.
  std::vector<domain::Record> pool;
  std::size_t used = 0;
  auto flush = [&] {
    if (used == 0) return;
    const auto begin = SteadyClock::now();
    const std::span<const domain::Record> records(pool.data(), used);
    const analytics::Observation observation = analytics::observe(records, options);
    const analytics::TriggerMap map = analytics::trigger_map(observation);
    const analytics::EventIntervals between_urges = analytics::event_intervals(observation, false);
    const analytics::EventIntervals between_lapses = analytics::event_intervals(observation, true);
    compute_milliseconds += milliseconds_since(begin);
    grid_total += map.urges + static_cast<long>(map.contexts.size()) + between_urges.events;
    if (between_lapses.estimate.median) {
      checksum += *between_lapses.estimate.median;
      ++defined;
    }
    used = 0;
  };
  std::vector<char> buffer(1 << 20);
  std::string carry;  // a line cut by the end of the buffer
  bool header = true;
  long current = -1;
  auto parse_line = [&](const char* text, const char* line_end) {
    if (header) {
      header = false;
      return;
    }
    char* end = nullptr;
    const long client = std::strtol(text, &end, 10);
    const long long milliseconds = std::strtoll(end + 1, &end, 10);
    const bool acted = end[1] == '1';
    const char* tags = end + 3;
    if (client != current) {
      flush();
      current = client;
    }
    if (used == pool.size()) pool.emplace_back(domain::Urge{});
    auto& urge = std::get<domain::Urge>(pool[used++]);
    urge.at = from_unix_milliseconds(milliseconds);
    urge.time_zone = kZone;
    urge.outcome = acted ? domain::UrgeOutcome::acted : domain::UrgeOutcome::surfed;
    urge.contexts.clear();
    urge.emotions.clear();
    urge.warning_signs.clear();
    while (tags < line_end) {
      const char* stop = static_cast<const char*>(std::memchr(tags, ';', static_cast<std::size_t>(line_end - tags)));
      if (stop == nullptr) stop = line_end;
      if (stop - tags > 2) {
        auto& list = tags[0] == 'c' ? urge.contexts : tags[0] == 'e' ? urge.emotions : urge.warning_signs;
        list.emplace_back(tags + 2, static_cast<std::size_t>(stop - tags - 2));
      }
      tags = stop + 1;
    }
    ++urges;
  };
  std::size_t read = 0;
  while ((read = std::fread(buffer.data(), 1, buffer.size(), input)) > 0) {
    const char* cursor = buffer.data();
    const char* end = buffer.data() + read;
    while (cursor < end) {
      const char* newline = static_cast<const char*>(std::memchr(cursor, '\n', static_cast<std::size_t>(end - cursor)));
      if (newline == nullptr) {
        carry.append(cursor, end);
        break;
      }
      if (!carry.empty()) {
        carry.append(cursor, newline);
        parse_line(carry.c_str(), carry.c_str() + carry.size());
        carry.clear();
      } else {
        parse_line(cursor, newline);
      }
      cursor = newline + 1;
    }
  }
  std::fclose(input);
  if (!carry.empty()) parse_line(carry.c_str(), carry.c_str() + carry.size());
  flush();
  const double total_milliseconds = milliseconds_since(start);
  std::printf("%.3f %.3f %.10f %ld %ld %ld\n", (total_milliseconds - compute_milliseconds) / 1000,
              compute_milliseconds / 1000, checksum, defined, urges, grid_total);
  return 0;
}

struct CohortSide {
  double wall_seconds = 0;
  double read_seconds = 0;
  double compute_seconds = 0;
  long peak_megabytes = 0;
  double checksum = 0;
  long defined = 0;
};

CohortSide read_side(const ProcessRun& run, const std::string& output, const char* what) {
  if (run.exit_code != 0) fail(std::string(what) + " exited with " + std::to_string(run.exit_code));
  std::ifstream input(output);
  CohortSide side;
  if (!(input >> side.read_seconds >> side.compute_seconds >> side.checksum >> side.defined)) {
    fail(std::string(what) + " printed no result");
  }
  side.wall_seconds = run.milliseconds / 1000;
  side.peak_megabytes = run.peak_kilobytes / 1024;
  return side;
}

void measure_cohort(const std::string& self, int clients, int days) {
  TemporaryDirectory directory("cohort");
  const std::string file = directory.path() + "/cohort.csv";
  std::printf("cohort: generating %d clients × %d days\n", clients, days);
  std::fflush(stdout);
  const std::size_t rows = write_cohort(file, clients, days);
  const std::string as_of = std::to_string(to_unix_milliseconds(fixed_end()));
  std::printf("cohort: %zu urges written; running keel and R (each once, keel first)\n", rows);
  std::fflush(stdout);
  const auto environment = environment_with({});
  const ProcessRun keel_run =
      run_process(self, {"--cohort-worker", file, as_of}, environment, directory.path() + "/keel.txt");
  const CohortSide keel = read_side(keel_run, directory.path() + "/keel.txt", "the keel cohort worker");
  const ProcessRun r_run =
      run_process("Rscript", {source_directory() + "/tests/reference/cohort.R", file, kZone, as_of}, environment,
                  directory.path() + "/r.txt");
  const CohortSide r = read_side(r_run, directory.path() + "/r.txt", "Rscript cohort.R");
  std::printf(
      "RESULT cohort %d clients × %d days (%zu urges): keel %.1f s wall (read %.1f s, compute %.1f s), peak "
      "%ld MiB; R %.1f s wall (read %.1f s, compute %.1f s), peak %ld MiB; speed-up %.1fx wall, %.1fx "
      "compute; memory ratio %.2f (goal: >= 10x faster, less memory: %s)\n",
      clients, days, rows, keel.wall_seconds, keel.read_seconds, keel.compute_seconds, keel.peak_megabytes,
      r.wall_seconds, r.read_seconds, r.compute_seconds, r.peak_megabytes, r.wall_seconds / keel.wall_seconds,
      r.compute_seconds / keel.compute_seconds,
      static_cast<double>(keel.peak_megabytes) / static_cast<double>(std::max(1L, r.peak_megabytes)),
      r.wall_seconds / keel.wall_seconds >= 10 && keel.peak_megabytes < r.peak_megabytes ? "met" : "NOT met");
  const bool agree =
      keel.defined == r.defined && std::fabs(keel.checksum - r.checksum) <= 1e-6 * std::max(1.0, std::fabs(r.checksum));
  std::printf("RESULT cohort checksum (sum of %ld median gaps between lapses): keel %.6f, R %.6f: %s\n", keel.defined,
              keel.checksum, r.checksum, agree ? "agree" : "DISAGREE");
}

}  // namespace
}  // namespace keel::bench

namespace keel::bench {
namespace {
int run(int argc, char** argv);
}
}  // namespace keel::bench

int main(int argc, char** argv) {
  try {
    return keel::bench::run(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "benchmark failed: %s\n", error.what());
    return 1;
  }
}

namespace keel::bench {
namespace {
int run(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "--cohort-worker") return cohort_worker(argv[2], std::atoll(argv[3]));
  if (argc >= 2 && std::string(argv[1]) == "--cohort") {
    const int clients = argc >= 3 ? std::atoi(argv[2]) : 10000;
    const int days = argc >= 4 ? std::atoi(argv[3]) : 730;
    std::printf("stats_bench --cohort: load average (1 min) %.2f\n", load_average());
    measure_cohort("/proc/self/exe", clients, days);
    std::printf("load average (1 min) after: %.2f\n", load_average());
    return 0;
  }
  if (argc >= 2 && std::string(argv[1]) == "--compute-only") {
    // For a profiler: only the computation, many times.
    const auto records = keel::synth::generate_client(synth_options(kFiveYears, 5), 0);
    keel::analytics::StatsOptions options;
    options.as_of = fixed_end();
    options.time_zone = kZone;
    double sink = 0;
    for (int repetition = 0; repetition < 500; ++repetition) {
      sink += keel::analytics::compute_stats(records, options).observed_days;
    }
    std::printf("%.1f\n", sink);
    return 0;
  }
  std::printf("stats_bench: %s; load average (1 min) %.2f; files in %s\n", kKeelBinary, load_average(),
              bench_root().c_str());
  std::fflush(stdout);
  const ComputeResult compute = measure_compute();
  std::printf("compute_stats over %zu records (five years), %d runs; sections:\n", compute.records, kComputeRuns);
  for (const auto& [name, milliseconds] : compute.sections)
    std::printf("  %-16s %.3f ms\n", name.c_str(), milliseconds);
  std::fflush(stdout);
  const CommandResult command = measure_command();
  std::printf("\nload average (1 min) after: %.2f\n", load_average());
  std::printf(
      "RESULT compute_stats (five years): %.2f ms (processor time %.2f ms); compute_progress over the same "
      "records %.3f ms; ratio %.1f (goal < %.0f ms: %s)\n",
      compute.stats, compute.stats_cpu, compute.progress, compute.progress > 0 ? compute.stats / compute.progress : 0,
      kComputeGoalMilliseconds, compute.stats < kComputeGoalMilliseconds ? "met" : "NOT met");
  std::printf(
      "RESULT keel stats --json (five years, whole command%s): %.1f ms (fastest %.1f, slowest %.1f; processor "
      "time %.1f ms); keel summary --json %.1f ms; keel --version %.1f ms; ratio to summary %.2f (goal < %.0f ms: "
      "%s)\n",
      command.keyring_works ? ", keys from the keyring" : ", KEEL_PASSPHRASE with KEEL_KDF=test", command.stats,
      command.stats_fastest, command.stats_slowest, command.stats_processor, command.summary, command.version,
      command.summary > 0 ? command.stats / command.summary : 0, kCommandGoalMilliseconds,
      command.stats < kCommandGoalMilliseconds ? "met" : "NOT met");
  return 0;
}
}  // namespace
}  // namespace keel::bench
