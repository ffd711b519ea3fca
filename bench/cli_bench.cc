// What a person waits for at the command line, each against a baseline measured in the same run:
//
//   unlock: crypto::unwrap_person_keys at the default KdfStrength::moderate (Argon2id, 3 passes,
//     256 MiB), against libsodium's crypto_pwhash with the same salt and limits alone (what
//     Argon2id costs), and the whole `keel unlock` command on a home made at that strength
//     (process, database, Argon2id, kernel keyring). The three alternate, in rotating order.
//   after unlock: the wall time of `keel --home H list urges --limit 5` with the keys in the
//     kernel keyring, against `keel --version` (starting the process and nothing else); the two
//     alternate. Goal: under 30 ms.
//
// A small harness (not Google Benchmark): each measurement is a whole process or a whole key
// derivation, so a few runs give stable medians.

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
#include <functional>
#include <string>
#include <vector>

#include "app/home.h"
#include "bench_support.h"
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

ProcessRun run_keel_or_fail(const std::vector<std::string>& arguments, const std::vector<std::string>& environment,
                            const std::string& what) {
  const ProcessRun run = run_keel(arguments, environment);
  if (run.exit_code != 0) fail(what + ": keel exited with " + std::to_string(run.exit_code));
  return run;
}

// --- unlock ---

struct UnlockResult {
  double keel_unwrap = 0;   // median milliseconds of crypto::unwrap_person_keys
  double raw_argon2id = 0;  // ... of crypto_pwhash alone
  double command = 0;       // ... of `keel unlock --for 1m`
  unsigned long long memory_mib = 0;
  unsigned long long passes = 0;
};

UnlockResult measure_unlock() {
  if (!crypto::initialize().is_ok()) fail("libsodium did not start");
  TemporaryDirectory directory("cli-unlock");
  const std::string home_directory = directory.path() + "/home";
  // No KEEL_KDF: the home's keys are wrapped at the default, KdfStrength::moderate.
  const auto with_passphrase = environment_with({"KEEL_PASSPHRASE=" + std::string(kPassphrase)});
  run_keel_or_fail({"--home", home_directory, "init", "--name", "bench", "--time-zone", "Europe/Berlin"},
                   with_passphrase, "keel init");

  // The person's wrapped keys, exactly as `keel unlock` finds them.
  static const SystemClock clock;
  auto home = app::Home::open(home_directory, clock);
  if (!home.is_ok()) fail("opening the home: " + home.status().message());
  auto person = (*home)->find_person("");
  if (!person.is_ok()) fail("finding the person: " + person.status().message());
  const crypto::WrappedKeys wrapped = person->keys;
  const crypto::KdfParameters& kdf = wrapped.kdf;
  if (kdf.salt.size() != crypto_pwhash_SALTBYTES) fail("the stored salt has an unexpected size");
  home->reset();  // `keel unlock` opens the database itself

  std::vector<double> keel_times;
  std::vector<double> raw_times;
  std::vector<double> command_times;
  const auto time_unwrap = [&] {
    const auto start = Clock::now();
    auto keys = crypto::unwrap_person_keys(kPassphrase, person->person_id, wrapped);
    keel_times.push_back(milliseconds_since(start));
    if (!keys.is_ok()) fail("unwrapping keys: " + keys.status().message());
  };
  const auto time_raw = [&] {
    unsigned char derived[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
    const auto start = Clock::now();
    const int result =
        crypto_pwhash(derived, sizeof derived, kPassphrase, std::strlen(kPassphrase), kdf.salt.data(), kdf.opslimit,
                      static_cast<std::size_t>(kdf.memlimit), crypto_pwhash_ALG_ARGON2ID13);
    raw_times.push_back(milliseconds_since(start));
    sodium_memzero(derived, sizeof derived);
    if (result != 0) fail("crypto_pwhash ran out of memory");
  };
  const auto time_command = [&] {
    command_times.push_back(
        run_keel_or_fail({"--home", home_directory, "unlock", "--for", "1m"}, with_passphrase, "keel unlock")
            .milliseconds);
  };
  // Each run starts with another of the three, so that none always follows the same one (the
  // 256 MiB that the one before freed, a child process that just ended).
  const std::vector<std::function<void()>> measurements = {time_unwrap, time_raw, time_command};
  for (int run = 0; run < kUnlockRuns; ++run) {
    for (std::size_t step = 0; step < measurements.size(); ++step) {
      measurements[(static_cast<std::size_t>(run) + step) % measurements.size()]();
    }
    std::printf("  run %d: unwrap_person_keys %.1f ms, crypto_pwhash %.1f ms, keel unlock %.1f ms\n", run + 1,
                keel_times.back(), raw_times.back(), command_times.back());
    std::fflush(stdout);
  }
  run_keel_or_fail({"--home", home_directory, "lock"}, environment_with({}), "keel lock");
  return {median(keel_times), median(raw_times), median(command_times), kdf.memlimit / (1024 * 1024), kdf.opslimit};
}

// --- a command after unlock ---

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
    version_times.push_back(run_keel_or_fail(version, plain, "keel --version").milliseconds);
    if (result.keyring_works) list_times.push_back(run_keel_or_fail(list, plain, "keel list").milliseconds);
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
  std::printf("commands after unlock, %d runs each (after %d warm-up runs)\n", kCommandRuns, kWarmUpRuns);
  std::fflush(stdout);
  const CommandResult commands = measure_commands();

  std::printf("\nload average (1 min) after: %.2f\n", load_average());
  std::printf(
      "RESULT unlock (unwrap_person_keys, Argon2id %llu passes, %llu MiB): keel %.1f ms, raw crypto_pwhash %.1f ms, "
      "ratio %.2f\n",
      unlock.passes, unlock.memory_mib, unlock.keel_unwrap, unlock.raw_argon2id,
      unlock.raw_argon2id > 0 ? unlock.keel_unwrap / unlock.raw_argon2id : 0);
  std::printf("RESULT keel unlock (the whole command): %.1f ms, ratio to crypto_pwhash %.2f\n", unlock.command,
              unlock.raw_argon2id > 0 ? unlock.command / unlock.raw_argon2id : 0);
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
