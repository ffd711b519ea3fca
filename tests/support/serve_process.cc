#include "support/serve_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <regex>

extern char** environ;

namespace keel::testing {

ServeProcess::ServeProcess(const std::vector<std::string>& arguments, const std::vector<std::string>& environment) {
  // Everything the child needs is made before fork(): between fork() and exec() it only makes
  // async-signal-safe calls.
  std::vector<std::string> argument_storage = {KEEL_BINARY};
  argument_storage.insert(argument_storage.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& argument : argument_storage) argv.push_back(argument.data());
  argv.push_back(nullptr);
  std::vector<std::string> environment_storage;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::strncmp(*entry, "KEEL_", 5) != 0) environment_storage.emplace_back(*entry);
  }
  environment_storage.emplace_back("KEEL_KDF=test");
  environment_storage.insert(environment_storage.end(), environment.begin(), environment.end());
  std::vector<char*> envp;
  for (auto& entry : environment_storage) envp.push_back(entry.data());
  envp.push_back(nullptr);

  int error_pipe[2];
  if (pipe2(error_pipe, O_CLOEXEC) != 0) return;
  const int null_input = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const int null_output = open("/dev/null", O_WRONLY | O_CLOEXEC);
  const pid_t parent = getpid();
  const pid_t child = fork();
  if (child == 0) {
    // A session of its own (no terminal to prompt on), and killed with the test program should
    // that die before its destructors run (a crash, an abort under a sanitizer).
    setsid();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(null_input, 0);
    dup2(null_output, 1);
    dup2(error_pipe[1], 2);
    execve(KEEL_BINARY, argv.data(), envp.data());
    _exit(127);
  }
  close(error_pipe[1]);
  if (null_input >= 0) close(null_input);
  if (null_output >= 0) close(null_output);
  error_ = error_pipe[0];
  pid_ = child > 0 ? child : -1;
  reader_ = std::thread([this] { read_errors(); });
}

ServeProcess::~ServeProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    (void)wait_for_exit();
  }
  // The process is gone, so its end of the pipe is closed and the reader sees the end.
  if (reader_.joinable()) reader_.join();
  if (error_ >= 0) close(error_);
}

void ServeProcess::read_errors() {
  char buffer[4096];
  while (true) {
    const ssize_t read_bytes = read(error_, buffer, sizeof buffer);
    if (read_bytes < 0 && errno == EINTR) continue;
    std::lock_guard lock(mutex_);
    if (read_bytes <= 0) {
      closed_ = true;
      arrived_.notify_all();
      return;
    }
    everything_.append(buffer, static_cast<std::size_t>(read_bytes));
    arrived_.notify_all();
  }
}

std::optional<std::string> ServeProcess::next_error_line() {
  std::unique_lock lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (true) {
    if (const std::size_t end = everything_.find('\n', consumed_); end != std::string::npos) {
      std::string line = everything_.substr(consumed_, end - consumed_);
      consumed_ = end + 1;
      return line;
    }
    if (closed_) return std::nullopt;
    if (arrived_.wait_until(lock, deadline) == std::cv_status::timeout) return std::nullopt;
  }
}

std::uint16_t ServeProcess::wait_for_port() {
  static const std::regex kListening(R"(keel: listening on http://127\.0\.0\.1:(\d+))");
  while (auto line = next_error_line()) {
    std::smatch found;
    if (std::regex_search(*line, found, kListening)) return static_cast<std::uint16_t>(std::stoi(found[1]));
  }
  return 0;
}

void ServeProcess::signal(int number) {
  if (pid_ > 0) kill(pid_, number);
}

int ServeProcess::wait_for_exit() {
  if (exit_code_) return *exit_code_;
  if (pid_ <= 0) return -1;
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return *exit_code_;
}

std::string ServeProcess::all_error_output() {
  std::unique_lock lock(mutex_);
  arrived_.wait_for(lock, std::chrono::seconds(60), [this] { return closed_; });
  return everything_;
}

std::string ServeProcess::error_output() const {
  std::lock_guard lock(mutex_);
  return everything_;
}

}  // namespace keel::testing
