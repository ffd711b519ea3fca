// `keel serve` end to end: the real binary on a port the system picks, read from its standard
// error; GET /healthz; SIGTERM stops it with exit 0.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "http/http_client.h"
#include "support/test_support.h"

extern char** environ;

namespace keel::http {
namespace {

using Verb = boost::beast::http::verb;
using keel::testing::TempDir;

constexpr const char* kPassphrase = "correct horse battery";

// The keel binary with its standard error on a pipe the test reads line by line, and a pid to
// signal. (KeelProcess in test_support reads its outputs only at the end.)
class ServeProcess {
 public:
  explicit ServeProcess(const std::vector<std::string>& arguments) {
    int error_pipe[2];
    if (pipe(error_pipe) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, error_pipe[1], 2);
    posix_spawn_file_actions_addclose(&actions, error_pipe[0]);
    posix_spawn_file_actions_addclose(&actions, error_pipe[1]);
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
    std::vector<char*> envp;
    for (auto& entry : environment_storage) envp.push_back(entry.data());
    envp.push_back(nullptr);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
    const int spawned = posix_spawn(&pid_, KEEL_BINARY, &actions, &attributes, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    close(error_pipe[1]);
    error_ = error_pipe[0];
    if (spawned != 0) pid_ = -1;
  }
  ~ServeProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      (void)wait_for_exit();
    }
    if (error_ >= 0) close(error_);
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // The next line of standard error, waiting up to 60 s; nothing at its end or after that.
  std::optional<std::string> next_error_line() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (true) {
      if (const std::size_t end = pending_.find('\n'); end != std::string::npos) {
        std::string line = pending_.substr(0, end);
        pending_.erase(0, end + 1);
        return line;
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd descriptor{error_, POLLIN, 0};
      if (poll(&descriptor, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
      char buffer[1024];
      const ssize_t read_bytes = read(error_, buffer, sizeof buffer);
      if (read_bytes <= 0) return std::nullopt;
      pending_.append(buffer, static_cast<std::size_t>(read_bytes));
      everything_.append(buffer, static_cast<std::size_t>(read_bytes));
    }
  }

  // The port from "keel: listening on http://127.0.0.1:PORT", or 0 when that line never comes.
  std::uint16_t wait_for_port() {
    static const std::regex kListening(R"(keel: listening on http://127\.0\.0\.1:(\d+))");
    while (auto line = next_error_line()) {
      std::smatch found;
      if (std::regex_search(*line, found, kListening)) return static_cast<std::uint16_t>(std::stoi(found[1]));
    }
    return 0;
  }

  void signal(int number) { kill(pid_, number); }

  // Waits for the process to end; its exit code, or -1 when a signal ended it.
  int wait_for_exit() {
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Everything read from standard error so far.
  const std::string& error_output() const { return everything_; }

 private:
  pid_t pid_ = -1;
  int error_ = -1;
  std::string pending_;
  std::string everything_;
};

class Serve : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto made = keel::testing::run_keel({"--home", home_.path(), "init", "--name", "alex", "--time-zone", "UTC"},
                                              {std::string("KEEL_PASSPHRASE=") + kPassphrase});
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }
  TempDir home_;
};

TEST_F(Serve, AnswersHealthzAndStopsOnSigtermWithExitZero) {
  ServeProcess serve({"--home", home_.path(), "serve", "--listen", "127.0.0.1:0"});
  const std::uint16_t port = serve.wait_for_port();
  ASSERT_NE(port, 0) << serve.error_output();

  testing::Client client(port);
  const auto reply = client.request(Verb::get, "/healthz");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, R"({"status":"ok"})");
  EXPECT_EQ(reply->header("X-Content-Type-Options"), "nosniff");
  const auto missing = client.request(Verb::get, "/api/v1/urges");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);

  serve.signal(SIGTERM);
  EXPECT_TRUE(client.closed_by_server());  // the idle keep-alive connection is closed
  EXPECT_EQ(serve.wait_for_exit(), 0);
  while (serve.next_error_line()) {
  }
  EXPECT_NE(serve.error_output().find("keel http: GET /healthz 200"), std::string::npos) << serve.error_output();
  EXPECT_NE(serve.error_output().find("keel http: GET - 404"), std::string::npos) << serve.error_output();
  EXPECT_EQ(serve.error_output().find("/api/v1/urges"), std::string::npos) << serve.error_output();
}

TEST_F(Serve, SigintStopsItToo) {
  ServeProcess serve({"--home", home_.path(), "serve", "--listen", "127.0.0.1:0"});
  ASSERT_NE(serve.wait_for_port(), 0) << serve.error_output();
  serve.signal(SIGINT);
  EXPECT_EQ(serve.wait_for_exit(), 0);
}

TEST(ServeWithoutAHome, SaysSoAndExits3) {
  TempDir empty;
  const auto result = keel::testing::run_keel({"--home", empty.file("nothing"), "serve", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find("there is no keel home"), std::string::npos) << result.err;
}

TEST_F(Serve, ABadListenAddressIsExplained) {
  const auto result = keel::testing::run_keel({"--home", home_.path(), "serve", "--listen", "somewhere"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("is not an address to listen on"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace keel::http
