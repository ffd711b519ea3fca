// Example API bodies shared by the tests that drive the API through its router (tests/api) and
// against a real keel serve (tests/serve), so that both send the same well-formed records.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace keel::testing {

// A complete check-in for a local date, recorded at an RFC 3339 time, in Berlin.
inline nlohmann::json example_checkin(const std::string& date, const std::string& at) {
  return {{"date", date},       {"at", at},         {"time_zone", "Europe/Berlin"},
          {"mood", 6},          {"stress", 3},      {"loneliness", 2},
          {"boredom", 1},       {"tiredness", 4},   {"hunger", 0},
          {"sleep_hours", 7.5}, {"urges_today", 1}, {"acted_today", false},
          {"note", "ok day"}};
}

}  // namespace keel::testing
