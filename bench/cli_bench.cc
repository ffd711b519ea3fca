// What a person waits for at the command line, each against a baseline measured in the same run:
//
//   unlock: crypto::unwrap_person_keys at the default KdfStrength::moderate (Argon2id, 3 passes,
//     256 MiB), against libsodium's crypto_pwhash with the same parameters alone: the part of
//     `keel unlock` that is not Argon2id is the difference.
//   after unlock: the wall time of `keel --home H list urges --limit 5` with the keys in the
//     kernel keyring, against `keel --version` (starting the process and nothing else).
//     Goal: under 30 ms.
//
// A small harness (not Google Benchmark): each measurement is a whole process or a whole key
// derivation, so a few runs give stable medians. Runs of the two sides alternate.

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench_support.h"
#include "core/random.h"
#include "crypto/keys.h"

extern char** environ;

namespace keel::bench {
namespace {

constexpr int kUnlockRuns = 5;
constexpr int kCommandRuns = 21;
constexpr int kWarmUpRuns = 2;
constexpr double kAfterUnlockGoalMilliseconds = 30;
constexpr const char* kPassphrase = "benchmark passphrase";
constexpr const char* kKeelBinary = KEEL_BINARY;

using Clock = std::chrono::steady_clock;

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// --- unlock ---

struct UnlockResult {
  double keel_unwrap = 0;       // median milliseconds
  double raw_argon2id = 0;
  unsigned long long memory_mib = 0;
  unsigned long long passes = 0;
};

UnlockResult measure_unlock() {
  if (!crypto::initialize().is_ok()) fail("libsodium did not start");
  const std::string person_id = "01HZX3Q6W9V8B4N2M5K7J1G0FD";
  auto made = crypto::create_person_keys(kPassphrase, person_id, crypto::KdfStrength::moderate);
  if (!made.is_ok()) fail("making keys: " + made.status().message());
  const crypto::WrappedKeys& wrapped = made->second;
  const crypto::KdfParameters& kdf = wrapped.kdf;
  if (kdf.salt.size() != crypto_pwhash_SALTBYTES) fail("the stored salt has an unexpected size");

  std::vector<double> keel_times;
  std::vector<double> raw_times;
  for (int run = 0; run < kUnlockRuns; ++run) {
    {
      const auto start = Clock::now();
      auto keys = crypto::unwrap_person_keys(kPassphrase, person_id, wrapped);
      keel_times.push_back(milliseconds_since(start));
      if (!keys.is_ok()) fail("unwrapping keys: " + keys.status().message());
    }
    {
      unsigned char derived[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
      const auto start = Clock::now();
      const int result = crypto_pwhash(derived, sizeof derived, kPassphrase, std::strlen(kPassphrase),
                                       kdf.salt.data(), kdf.opslimit, static_cast<std::size_t>(kdf.memlimit),
                                       crypto_pwhash_ALG_ARGON2ID13);
      raw_times.push_back(milliseconds_since(start));
      sodium_memzero(derived, sizeof derived);
      if (result != 0) fail("crypto_pwhash ran out of memory");
    }
    std::printf("  unlock run %d: unwrap_person_keys %.1f ms, crypto_pwhash %.1f ms\n", run + 1, keel_times.back(),
                raw_times.back());
    std::fflush(stdout);
  }
  return {median(keel_times), median(raw_times), kdf.memlimit / (1024 * 1024), kdf.opslimit};
}

// --- processes ---

// The environment of this process without keel's own variables, plus `extra` ("NAME=value").
std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
  std::vector<std::string> result;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string variable = *entry;
    if (variable.rfind("KEEL_", 0) == 0) continue;
    result.push_back(variable);
  }
  result.insert(result.end(), extra.begin(), extra.end());
  return result;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

struct ProcessRun {
  int exit_code = -1;
  double milliseconds = 0;
};

// Runs keel with `arguments`, input and output on /dev/null, and waits for it.
ProcessRun run_keel(std::vector<std::string> arguments, std::vector<std::string> environment) {
  arguments.insert(arguments.begin(), kKeelBinary);
  auto argument_pointers = pointers_to(arguments);
  auto environment_pointers = pointers_to(environment);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);

  ProcessRun run;
  const auto start = Clock::now();
  pid_t child = 0;
  const int spawned =
      posix_spawn(&child, kKeelBinary, &actions, nullptr, argument_pointers.data(), environment_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) fail(std::string("cannot start ") + kKeelBinary + ": " + std::strerror(spawned));
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) fail(std::string("waiting for keel: ") + std::strerror(errno));
  }
  run.milliseconds = milliseconds_since(start);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

void run_keel_or_fail(const std::vector<std::string>& arguments, const std::vector<std::string>& environment,
                      const std::string& what) {
  const ProcessRun run = run_keel(arguments, environment);
  if (run.exit_code != 0) fail(what + ": keel exited with " + std::to_string(run.exit_code));
}

// The whole `keel unlock --for 1m` at the default strength, in milliseconds (median).
double measure_unlock_command() {
  TemporaryDirectory directory("cli-unlock");
  const std::string home = directory.path() + "/home";
  // No KEEL_KDF: the home's keys are wrapped at the default, KdfStrength::moderate.
  const auto with_passphrase = environment_with({"KEEL_PASSPHRASE=" + std::string(kPassphrase)});
  run_keel_or_fail({"--home", home, "init", "--name", "bench", "--time-zone", "Europe/Berlin"}, with_passphrase,
                   "keel init");
  std::vector<double> times;
  for (int run = 0; run < kUnlockRuns; ++run) {
    const ProcessRun unlock = run_keel({"--home", home, "unlock", "--for", "1m"}, with_passphrase);
    if (unlock.exit_code != 0) fail("keel unlock exited with " + std::to_string(unlock.exit_code));
    times.push_back(unlock.milliseconds);
    std::printf("  keel unlock run %d: %.1f ms\n", run + 1, times.back());
    std::fflush(stdout);
  }
  run_keel_or_fail({"--home", home, "lock"}, environment_with({}), "keel lock");
  return median(times);
}

struct CommandResult {
  double version = 0;  // median milliseconds of `keel --version`
  double list = 0;     // median milliseconds of `keel --home H list urges --limit 5`
  double list_fastest = 0;
  double list_slowest = 0;
  bool keyring_works = true;
};

CommandResult measure_commands() {
  TemporaryDirectory directory("cli");
  const std::string home = directory.path() + "/home";
  const auto with_passphrase = environment_with({"KEEL_PASSPHRASE=" + std::string(kPassphrase), "KEEL_KDF=test"});
  const auto plain = environment_with({});

  run_keel_or_fail({"--home", home, "init", "--name", "bench", "--time-zone", "Europe/Berlin"}, with_passphrase,
                   "keel init");
  // Two years of records, so that listing reads from a realistic table.
  const std::string file = directory.path() + "/client.jsonl";
  write_file(file, synth_file(730, 5).text);
  run_keel_or_fail({"--home", home, "import", file}, with_passphrase, "keel import");
  run_keel_or_fail({"--home", home, "unlock", "--for", "5m"}, with_passphrase, "keel unlock");

  const std::vector<std::string> list = {"--home", home, "list", "urges", "--limit", "5"};
  const std::vector<std::string> version = {"--version"};
  CommandResult result;
  // Without KEEL_PASSPHRASE (and no terminal) the list only works with the keys from the keyring.
  if (const ProcessRun probe = run_keel(list, plain); probe.exit_code != 0) {
    std::printf("  `keel list` after `keel unlock` exited with %d: the kernel keyring does not keep keys here\n",
                probe.exit_code);
    result.keyring_works = false;
  }
  for (int run = 0; run < kWarmUpRuns; ++run) {
    (void)run_keel(version, plain);
    (void)run_keel(list, plain);
  }
  std::vector<double> version_times;
  std::vector<double> list_times;
  for (int run = 0; run < kCommandRuns; ++run) {
    const ProcessRun version_run = run_keel(version, plain);
    if (version_run.exit_code != 0) fail("keel --version exited with " + std::to_string(version_run.exit_code));
    version_times.push_back(version_run.milliseconds);
    if (result.keyring_works) {
      const ProcessRun list_run = run_keel(list, plain);
      if (list_run.exit_code != 0) fail("keel list exited with " + std::to_string(list_run.exit_code));
      list_times.push_back(list_run.milliseconds);
    }
  }
  run_keel_or_fail({"--home", home, "lock"}, plain, "keel lock");

  result.version = median(version_times);
  if (!list_times.empty()) {
    result.list = median(list_times);
    result.list_fastest = *std::min_element(list_times.begin(), list_times.end());
    result.list_slowest = *std::max_element(list_times.begin(), list_times.end());
  }
  return result;
}

}  // namespace
}  // namespace keel::bench

int main() {
  using namespace keel::bench;
  std::printf("cli_bench: %s; load average (1 min) %.2f; files in %s\n", kKeelBinary, load_average(),
              bench_root().c_str());
  std::printf("unlock at KdfStrength::moderate, %d runs each:\n", kUnlockRuns);
  std::fflush(stdout);
  const UnlockResult unlock = measure_unlock();
  std::printf("the whole `keel unlock` command at KdfStrength::moderate, %d runs:\n", kUnlockRuns);
  std::fflush(stdout);
  const double unlock_command = measure_unlock_command();
  std::printf("commands after unlock, %d runs each (after %d warm-up runs):\n", kCommandRuns, kWarmUpRuns);
  std::fflush(stdout);
  const CommandResult commands = measure_commands();

  std::printf("\nload average (1 min) after: %.2f\n", load_average());
  std::printf(
      "RESULT unlock (unwrap_person_keys, Argon2id %llu passes, %llu MiB): keel %.1f ms, raw crypto_pwhash %.1f ms, "
      "ratio %.2f\n",
      unlock.passes, unlock.memory_mib, unlock.keel_unwrap, unlock.raw_argon2id,
      unlock.raw_argon2id > 0 ? unlock.keel_unwrap / unlock.raw_argon2id : 0);
  std::printf("RESULT keel unlock (whole command): %.1f ms, %.1f ms over unwrap_person_keys\n", unlock_command,
              unlock_command - unlock.keel_unwrap);
  std::printf("RESULT process baseline (keel --version): %.1f ms\n", commands.version);
  if (commands.keyring_works) {
    std::printf(
        "RESULT after unlock (keel list urges --limit 5): %.1f ms (fastest %.1f, slowest %.1f), %.1f ms over "
        "--version, ratio %.2f (goal < %.0f ms: %s)\n",
        commands.list, commands.list_fastest, commands.list_slowest, commands.list - commands.version,
        commands.version > 0 ? commands.list / commands.version : 0, kAfterUnlockGoalMilliseconds,
        commands.list < kAfterUnlockGoalMilliseconds ? "met" : "NOT met");
  } else {
    std::printf("RESULT after unlock (keel list urges --limit 5): not measured, the kernel keyring is not usable\n");
  }
  return 0;
}
