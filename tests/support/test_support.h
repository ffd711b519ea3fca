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

// Runs the keel binary built with the tests with `arguments`, `input` on its standard input,
// and extra environment variables ("NAME=value"). Waits for it to end.
ProcessResult run_keel(const std::vector<std::string>& arguments, const std::vector<std::string>& environment = {},
                       const std::string& input = "");

// The whole content of a file as bytes ("" when it cannot be read).
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& content);

// True when `haystack` contains `needle` anywhere, as bytes.
bool contains_bytes(const std::string& haystack, const std::string& needle);

}  // namespace keel::testing
