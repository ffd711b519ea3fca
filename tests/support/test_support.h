// Helpers shared by the tests: temporary directories, running the keel binary, reading files.
#pragma once

#include <string>
#include <vector>

namespace keel::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// What a finished process said and how it ended.
struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// The keel binary built with the tests, running, with pipes to its standard streams. It runs in a
// session of its own (no controlling terminal, so it can never stop to prompt), with the
// parent's environment less every KEEL_ variable, plus KEEL_KDF=test and `environment`.
class KeelProcess {
 public:
  KeelProcess(const std::vector<std::string>& arguments, const std::vector<std::string>& environment = {});
  ~KeelProcess();  // kills and reaps the process if it still runs
  KeelProcess(const KeelProcess&) = delete;
  KeelProcess& operator=(const KeelProcess&) = delete;

  // Writes `input`, closes standard input, reads both outputs to their end and waits.
  ProcessResult finish(const std::string& input = "");

  // Reads standard output for up to `microseconds` (or until it closes), then kills the process
  // with SIGKILL if it still runs. Returns what it printed and whether it exited 0 by itself.
  std::pair<std::string, bool> kill_after(long microseconds);

 private:
  int wait_for_exit();
  int pid_ = -1;
  int input_ = -1, output_ = -1, error_ = -1;
};

// Runs keel with `arguments`, `input` on its standard input, and extra environment variables
// ("NAME=value"); waits for it to end.
ProcessResult run_keel(const std::vector<std::string>& arguments, const std::vector<std::string>& environment = {},
                       const std::string& input = "");

// Runs a shell command line and collects its standard output and standard error together.
struct ShellResult {
  int exit_code = -1;  // -1 when it did not exit normally
  std::string output;
};
ShellResult run_shell(const std::string& command);

// The whole content of a file as bytes ("" when it cannot be read).
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& content);

// True when `haystack` contains `needle` anywhere, as bytes.
bool contains_bytes(const std::string& haystack, const std::string& needle);

}  // namespace keel::testing
