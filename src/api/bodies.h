// Reading the JSON bodies the API accepts. Each decoder takes the body as sent and gives back a
// typed value or invalid_argument with one sentence naming what is wrong (malformed JSON, not an
// object, a missing, mistyped or unknown field, text that is not UTF-8). Ranges and links are
// the domain's and the app's to check. These are the fuzz targets' entry points.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "domain/records.h"
#include "exchange/jsonl.h"

namespace keel::api {

// A JSON object, or invalid_argument ("the body is not valid JSON: …", "the body must be a JSON object").
Result<nlohmann::json> decode_object(std::string_view body);

// A new record of `kind` (the export format's fields, docs/data-format.md). "type" may be left
// out, else it must name `kind`; "id" may be left out (the server makes one) or be the client's
// own ULID, so that a retry after a lost answer does not make a second record. A plan version's
// "version" may be left out too: saving gives it the next number.
Result<domain::Record> decode_record(domain::RecordKind kind, std::string_view body, const exchange::Owner& owner);

// A JSON Merge Patch (RFC 7386) of a stored record: the patch's fields replace the record's,
// null removes an optional one. "id" and "type" cannot change. A patch nested deeper than 32
// levels is refused (no record nests beyond 3, and merging recurses once per level).
Result<domain::Record> decode_record_patch(const domain::Record& stored, std::string_view body);

struct Credentials {
  std::string username;
  std::string password;
};
Result<Credentials> decode_sign_in(std::string_view body);  // {"username","password"}

struct SignUp {
  std::string username;
  std::string password;
  std::string time_zone;
};
Result<SignUp> decode_sign_up(std::string_view body);  // {"username","password","time_zone"}

struct PasswordChange {
  std::string current_password;
  std::string new_password;
};
Result<PasswordChange> decode_password_change(std::string_view body);  // {"current_password","new_password"}

Result<std::string> decode_password_confirmation(std::string_view body);  // {"password"}

struct AssessmentAnswers {
  std::string instrument;
  std::map<std::string, std::string> answers;  // linkId -> option code (null or absent: skipped)
  std::optional<std::string> at;               // RFC 3339; default now
  std::string id;                              // the client's ULID, for a retry; empty: keel makes one
};
Result<AssessmentAnswers> decode_assessment(std::string_view body);

}  // namespace keel::api
