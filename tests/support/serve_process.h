// `keel serve` as a child process for the tests: the real binary with its standard error read
// line by line (on a thread of its own, so that a busy access log never fills the pipe and stalls
// the server), and a pid to signal. The server dies with the test program, even when that crashes.
// (KeelProcess in test_support.h reads its outputs only at the end.)
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace keel::testing {

class ServeProcess {
 public:
  // Runs keel with `arguments` (e.g. {"--home", dir, "serve", "--listen", "127.0.0.1:0"}), in a
  // session of its own, with the parent's environment less every KEEL_ variable, plus
  // KEEL_KDF=test and `environment` ("NAME=value"). Construct it on the thread that will outlive
  // it (the test's): the child is killed when the thread that started it ends.
  explicit ServeProcess(const std::vector<std::string>& arguments, const std::vector<std::string>& environment = {});
  // Kills (SIGKILL) and reaps the process if it still runs.
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  bool started() const { return pid_ > 0 || exit_code_.has_value(); }

  // The next line of standard error, waiting up to 60 s; nothing at its end or after that.
  std::optional<std::string> next_error_line();

  // The port from "keel: listening on http://127.0.0.1:PORT", or 0 when that line never comes.
  std::uint16_t wait_for_port();

  void signal(int number);

  // Waits for the process to end; its exit code, or -1 when a signal ended it.
  int wait_for_exit();

  // Waits until standard error is closed (after the process ended) and returns all of it.
  std::string all_error_output();

  // Everything read from standard error so far.
  std::string error_output() const;

 private:
  void read_errors();

  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  int error_ = -1;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::string everything_;
  std::size_t consumed_ = 0;  // how much of everything_ next_error_line has handed out
  bool closed_ = false;
};

}  // namespace keel::testing
