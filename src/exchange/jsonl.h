// The export format: JSON Lines, one record per line, documented in docs/data-format.md.
// The first line is a header naming the format and its version; every other line is a record
// with a "type" ("urge", "checkin", "pause", ...) and an "id"; events carry "at" as RFC 3339
// with the client's offset at that instant and their "time_zone".
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "domain/records.h"

namespace keel::exchange {

inline constexpr int kFormatVersion = 1;
inline constexpr std::string_view kHeaderType = "keel-export";

// Whose records a file's lines become when read: the importing person's.
struct Owner {
  std::string tenant_id;
  std::string person_id;
};

// The first line of an export.
struct Header {
  int format_version = kFormatVersion;
  std::string exported_at;  // RFC 3339
  std::string time_zone;    // the person's zone when exported
  std::string generator;    // "keel 0.1.0", or "keel synth seed=7 client=1"
};

nlohmann::json header_to_json(const Header& header);
std::string header_to_line(const Header& header);

// A record as a JSON object / one line (no trailing newline). Tenant and person ids are not
// written: an export is one person's, and importing gives the records to the importer.
nlohmann::json record_to_json(const domain::Record& record);
std::string record_to_line(const domain::Record& record);

// Reads one record object. An unknown type, a missing or mistyped field, or an unknown field
// fails with a sentence that names the field ("field \"intensity\" must be a whole number").
// Domain rules (ranges) are not checked here: see domain::validate.
Result<domain::Record> record_from_json(const nlohmann::json& object, const Owner& owner);

// What reading a whole file produced.
struct ReadResult {
  std::optional<Header> header;
  std::vector<domain::Record> records;
};

// Reads every line of a stream (a header line is optional; blank lines are skipped).
// Stops at the first bad line with "line N: <what is wrong>". Checks syntax and types only.
Result<ReadResult> read_lines(std::istream& input, const Owner& owner);

}  // namespace keel::exchange
