// A keel home made the way an administrator makes one (`keel init` for the first person, `keel
// user add` for the others) and served by the real `keel serve` on a loopback port the system
// picks. KEEL_KDF=test keeps the key derivations fast.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/serve_process.h"
#include "support/test_support.h"

namespace keel::serve_testing {

inline constexpr const char* kPassword = "correct horse battery";

struct PersonSpec {
  std::string name;
  std::string role = "client";
  std::string password = kPassword;
  std::string time_zone = "Europe/Berlin";
};

class ServedHome {
 public:
  // Makes the home with `people` (the first one must be a client: `keel init` makes them) in a
  // new temporary directory. Check made() (or problem()) before use.
  explicit ServedHome(const std::vector<PersonSpec>& people) {
    home_ = directory_.file("home");
    if (people.empty()) return;
    const PersonSpec& first = people.front();
    const auto made =
        keel::testing::run_keel({"--home", home_, "init", "--name", first.name, "--time-zone", first.time_zone},
                                {"KEEL_PASSPHRASE=" + first.password});
    if (made.exit_code != 0) {
      problem_ = "keel init: " + made.err;
      return;
    }
    for (std::size_t index = 1; index < people.size(); ++index) {
      if (!add_person(people[index])) return;
    }
  }

  // `keel user add` on the home (while it is served or not); false (and problem()) on failure.
  bool add_person(const PersonSpec& person) {
    const std::string password_file = directory_.file("password-" + person.name);
    keel::testing::write_file(password_file, person.password + "\n");
    const auto added = keel::testing::run_keel({"--home", home_, "user", "add", person.name, "--role", person.role,
                                                "--password-file", password_file, "--time-zone", person.time_zone});
    if (added.exit_code != 0) {
      problem_ = "keel user add " + person.name + ": " + added.err;
      return false;
    }
    return true;
  }

  // Starts `keel serve --listen 127.0.0.1:0` with `flags`; true once it listens.
  bool serve(const std::vector<std::string>& flags = {}) {
    if (!problem_.empty()) return false;
    std::vector<std::string> arguments = {"--home", home_, "serve", "--listen", "127.0.0.1:0"};
    arguments.insert(arguments.end(), flags.begin(), flags.end());
    process_ = std::make_unique<keel::testing::ServeProcess>(arguments);
    port_ = process_->wait_for_port();
    if (port_ == 0) {
      problem_ = "keel serve did not start: " + process_->error_output();
      return false;
    }
    return true;
  }

  // SIGTERM, then the exit code.
  int stop() {
    if (!process_) return -1;
    process_->signal(SIGTERM);
    return process_->wait_for_exit();
  }

  bool made() const { return problem_.empty(); }
  const std::string& problem() const { return problem_; }
  std::uint16_t port() const { return port_; }
  const std::string& home() const { return home_; }
  std::string file(const std::string& name) const { return home_ + "/" + name; }
  keel::testing::ServeProcess& process() { return *process_; }

 private:
  keel::testing::TempDir directory_;
  std::string home_;
  std::string problem_;
  std::unique_ptr<keel::testing::ServeProcess> process_;
  std::uint16_t port_ = 0;
};

// One served home shared by the tests of a suite (made at the suite's start, stopped at its end).
// Use it for tests that do not disturb each other: each works with its own people or records.
inline std::unique_ptr<ServedHome> start_shared(const std::vector<PersonSpec>& people,
                                                const std::vector<std::string>& flags = {}) {
  auto served = std::make_unique<ServedHome>(people);
  if (served->made()) served->serve(flags);
  return served;
}

}  // namespace keel::serve_testing
