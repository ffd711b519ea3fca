// Reading a fuzz target's seed corpus (tests/fuzz/corpus/<target>/) for the replay tests.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/status.h"

namespace keel::fuzz {

// The corpus folder of a target, e.g. corpus_folder("fuzz_jsonl").
inline std::filesystem::path corpus_folder(std::string_view target) {
  return std::filesystem::path(KEEL_SOURCE_DIR) / "tests" / "fuzz" / "corpus" / std::string(target);
}

// Every file of a target's corpus, in name order; listed when the test runs, so a reproducer
// dropped into the folder is replayed without rebuilding.
inline std::vector<std::filesystem::path> corpus_files(std::string_view target) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(corpus_folder(target))) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

inline std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream input(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>());
}

using FuzzBody = Status (*)(const std::uint8_t* data, std::size_t size);

// Runs every file of a target's corpus through its fuzz body; each file whose checks fail is
// one test failure that names the file and the check. Returns how many files were run.
inline std::size_t replay_corpus(std::string_view target, FuzzBody body) {
  const std::vector<std::filesystem::path> files = corpus_files(target);
  for (const auto& path : files) {
    const std::string bytes = file_bytes(path);
    const Status status = body(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    EXPECT_TRUE(status.is_ok()) << path.filename().string() << ": " << status.message();
  }
  return files.size();
}

}  // namespace keel::fuzz
