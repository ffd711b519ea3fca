// What the measures tests share: the shipped instruments (loaded once), fixtures on disk.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "measures/instrument.h"

namespace keel::measures::testing {

// Every shipped instrument; a failure to load them is a failed test, not a crash.
inline const std::vector<Instrument>& shipped() {
  static const std::vector<Instrument> instruments = [] {
    auto loaded = load_shipped_instruments();
    EXPECT_TRUE(loaded.is_ok()) << loaded.status().message();
    return loaded.is_ok() ? std::move(loaded).value() : std::vector<Instrument>{};
  }();
  return instruments;
}

// The shipped instrument `id`; fails the test (and returns a dummy) when there is none.
inline const Instrument& shipped(std::string_view id) {
  const Instrument* found = find_instrument(shipped(), id);
  if (found == nullptr) {
    ADD_FAILURE() << "no shipped instrument " << id;
    static const Instrument none;
    return none;
  }
  return *found;
}

inline std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(KEEL_SOURCE_DIR) / relative;
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream input(path, std::ios::binary);
  EXPECT_TRUE(input.good()) << "cannot read " << path;
  return std::string(std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>());
}

inline std::string fixture(const std::string& name) {
  return read_text(source_path("tests/measures/fixtures/" + name));
}

}  // namespace keel::measures::testing
