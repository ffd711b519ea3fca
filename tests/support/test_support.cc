#include "support/test_support.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <signal.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace keel::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/keel-test-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = buffer.data();
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

KeelProcess::KeelProcess(const std::vector<std::string>& arguments, const std::vector<std::string>& environment) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
    posix_spawn_file_actions_addclose(&actions, fd);
  }

  std::vector<std::string> argument_storage;
  argument_storage.emplace_back(KEEL_BINARY);
  argument_storage.insert(argument_storage.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& a : argument_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::vector<std::string> environment_storage;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "KEEL_", 5) == 0) continue;
    environment_storage.emplace_back(*e);
  }
  environment_storage.emplace_back("KEEL_KDF=test");
  for (const auto& e : environment) environment_storage.push_back(e);
  std::vector<char*> envp;
  for (auto& e : environment_storage) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, KEEL_BINARY, &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  input_ = in_pipe[1];
  output_ = out_pipe[0];
  error_ = err_pipe[0];
  if (spawned != 0) throw std::runtime_error(std::string("posix_spawn failed: ") + std::strerror(spawned));
  pid_ = pid;
}

KeelProcess::~KeelProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    wait_for_exit();
  }
  for (int fd : {input_, output_, error_}) {
    if (fd >= 0) close(fd);
  }
}

int KeelProcess::wait_for_exit() {
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

ProcessResult KeelProcess::finish(const std::string& input) {
  // Feed the input and drain both outputs without deadlocking on full pipes.
  ProcessResult result;
  std::size_t written = 0;
  if (input.empty()) {
    close(input_);
    input_ = -1;
  } else {
    fcntl(input_, F_SETFL, O_NONBLOCK);
  }
  bool out_open = true, err_open = true;
  char buffer[65536];
  while (out_open || err_open || input_ >= 0) {
    pollfd fds[3];
    int count = 0;
    if (out_open) fds[count++] = {output_, POLLIN, 0};
    if (err_open) fds[count++] = {error_, POLLIN, 0};
    if (input_ >= 0) fds[count++] = {input_, POLLOUT, 0};
    if (poll(fds, static_cast<nfds_t>(count), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == input_) {
        const ssize_t n = write(input_, input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        if (n < 0 || written == input.size()) {
          close(input_);
          input_ = -1;
        }
        continue;
      }
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      std::string& target = fds[i].fd == output_ ? result.out : result.err;
      if (n > 0) {
        target.append(buffer, static_cast<std::size_t>(n));
      } else {
        (fds[i].fd == output_ ? out_open : err_open) = false;
      }
    }
  }
  result.exit_code = wait_for_exit();
  return result;
}

std::pair<std::string, bool> KeelProcess::kill_after(long microseconds) {
  close(input_);
  input_ = -1;
  std::string output;
  char buffer[4096];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(microseconds);
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd descriptor{output_, POLLIN, 0};
    if (poll(&descriptor, 1, static_cast<int>(left.count())) <= 0) break;
    const ssize_t n = read(output_, buffer, sizeof buffer);
    if (n <= 0) break;
    output.append(buffer, static_cast<std::size_t>(n));
  }
  kill(pid_, SIGKILL);  // harmless when it has already exited: it stays a zombie until reaped
  for (ssize_t n; (n = read(output_, buffer, sizeof buffer)) > 0;) output.append(buffer, static_cast<std::size_t>(n));
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  return {output, WIFEXITED(status) && WEXITSTATUS(status) == 0};
}

ProcessResult run_keel(const std::vector<std::string>& arguments, const std::vector<std::string>& environment,
                       const std::string& input) {
  KeelProcess process(arguments, environment);
  return process.finish(input);
}

ShellResult run_shell(const std::string& command) {
  ShellResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, read);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << content;
}

bool contains_bytes(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace keel::testing
