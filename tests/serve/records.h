// Valid records of every kind the API keeps (docs/data-format.md), as a client's app would POST
// them, and the ids a client makes for them.
#pragma once

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "support/example_records.h"

namespace keel::serve_testing {

using nlohmann::json;

// One record collection of /api/v1.
struct RecordKind {
  std::string path;  // "urges": the collection is /api/v1/urges
  std::string type;  // "urge": the export's type
  bool patchable = true;
};

// For gtest's messages: the collection's name.
inline void PrintTo(const RecordKind& kind, std::ostream* out) { *out << kind.path; }

inline const std::vector<RecordKind>& record_kinds() {
  static const std::vector<RecordKind> kinds = {
      {"urges", "urge"},   {"lapse-reviews", "lapse_review"}, {"checkins", "checkin"},
      {"pauses", "pause"}, {"activities", "activity"},        {"values", "value"},
      {"goals", "goal"},   {"plan", "plan", false},           {"journal", "journal"},
  };
  return kinds;
}

// A new ULID as a client would make one: 26 characters of Crockford base 32, unique in this run.
inline std::string client_id() {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  static std::atomic<unsigned> counter{0};
  static std::mt19937_64 random{std::random_device{}()};
  const auto milliseconds = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  std::string id(26, '0');
  std::uint64_t time = milliseconds;
  for (int index = 9; index >= 0; --index) {
    id[static_cast<std::size_t>(index)] = kAlphabet[time % 32];
    time /= 32;
  }
  std::uint64_t tail = random() ^ (static_cast<std::uint64_t>(++counter) << 40);
  for (int index = 10; index < 26; ++index) {
    id[static_cast<std::size_t>(index)] = kAlphabet[tail % 32];
    tail = index == 17 ? random() : tail / 32;
  }
  return id;
}

// The n-th day of a series (n from 0 to 27), at 21:00 in Berlin: February 2026.
inline std::string series_time(int n, int minute = 0) {
  return fmt::format("2026-02-{:02}T21:{:02}:00+01:00", n + 1, minute);
}
inline std::string series_date(int n) { return fmt::format("2026-02-{:02}", n + 1); }

inline json urge_record(int n, const std::string& outcome = "surfed", const std::string& note = "after the call") {
  return {{"at", series_time(n)},
          {"time_zone", "Europe/Berlin"},
          {"intensity", 6},
          {"duration_minutes", 20},
          {"contexts", {"alone", "phone"}},
          {"emotions", {"lonely"}},
          {"warning_signs", json::array()},
          {"outcome", outcome},
          {"strategy", "went for a walk"},
          {"note", note}};
}

// A valid record of the kind at the n-th day of the series. A lapse review needs the id of an
// urge of the same client whose outcome is "acted".
inline json valid_record(const std::string& path, int n, const std::string& urge_id = "") {
  if (path == "urges") return urge_record(n);
  if (path == "lapse-reviews") {
    return {{"urge_id", urge_id},
            {"at", series_time(n, 30)},
            {"time_zone", "Europe/Berlin"},
            {"vulnerability", "tired"},
            {"trigger", "alone with my phone"},
            {"links", {"noticed the urge", "argued with it", "gave in"}},
            {"what_helped", "remembering my reasons"},
            {"what_to_change", "use Pause sooner"},
            {"self_compassion", "a slip is not the end"}};
  }
  if (path == "checkins") {
    return keel::testing::example_checkin(series_date(n), series_time(n));
  }
  if (path == "pauses") {
    return {{"at", series_time(n)},
            {"time_zone", "Europe/Berlin"},
            {"technique", "surf"},
            {"planned_minutes", 5},
            {"elapsed_seconds", 300},
            {"start_intensity", 7},
            {"end_intensity", 3},
            {"samples", {{{"offset_seconds", 0}, {"intensity", 7}}, {{"offset_seconds", 300}, {"intensity", 3}}}},
            {"urge_id", ""}};
  }
  if (path == "activities") {
    return {{"created_at", series_time(n)},
            {"time_zone", "Europe/Berlin"},
            {"title", "read a novel"},
            {"category", "pleasant"},
            {"value_ids", json::array()},
            {"done", false},
            {"note", ""}};
  }
  if (path == "values") {
    return {{"created_at", fmt::format("2026-02-{:02}T20:00:00Z", n + 1)},
            {"name", "connection"},
            {"description", "being close to the people I love"},
            {"rank", n}};
  }
  if (path == "goals") {
    return {{"created_at", fmt::format("2026-02-{:02}T20:00:00Z", n + 1)},
            {"title", "use Pause when an urge is above 6"},
            {"levels", {"never", "now and then", "half the time", "most of the time", "every time"}},
            {"weight", 2.0},
            {"value_id", ""},
            {"archived", false}};
  }
  if (path == "plan") {
    return {{"created_at", series_time(n)},         {"time_zone", "Europe/Berlin"},
            {"warning_signs", {"staying up late"}}, {"high_risk_situations", {"alone at night"}},
            {"coping_steps", {"call Sam"}},         {"people", {{{"name", "Sam"}, {"contact", "+49 30 1234567"}}}},
            {"environment_changes", json::array()}, {"reasons", {"my family"}},
            {"change_note", "first plan"}};
  }
  if (path == "journal") {
    return {{"at", series_time(n)},      {"time_zone", "Europe/Berlin"}, {"kind", "free"},    {"title", "an evening"},
            {"body", "wrote this down"}, {"fields", json::array()},      {"is_private", true}};
  }
  return json::object();
}

// The record with other content (the same id): a retry that is not one.
inline json other_content(const std::string& path, json record) {
  if (path == "urges") record["intensity"] = 9;
  if (path == "lapse-reviews") record["what_helped"] = "something else";
  if (path == "checkins") record["mood"] = 2;
  if (path == "pauses") record["start_intensity"] = 9;
  if (path == "activities") record["title"] = "another title";
  if (path == "values") record["name"] = "another name";
  if (path == "goals") record["title"] = "another title";
  if (path == "plan") record["change_note"] = "another note";
  if (path == "journal") record["title"] = "another title";
  return record;
}

// A merge patch that changes one field, and that field's new value.
inline json patch_for(const std::string& path) {
  if (path == "urges") return {{"note", "patched"}};
  if (path == "lapse-reviews") return {{"what_helped", "patched"}};
  if (path == "checkins") return {{"mood", 9}};
  if (path == "pauses") return {{"end_intensity", 1}};
  if (path == "activities") return {{"note", "patched"}};
  if (path == "values") return {{"description", "patched"}};
  if (path == "goals") return {{"title", "patched"}};
  if (path == "plan") return {{"change_note", "patched"}};
  if (path == "journal") return {{"title", "patched"}};
  return json::object();
}

}  // namespace keel::serve_testing
