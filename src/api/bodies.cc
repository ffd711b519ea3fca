#include "api/bodies.h"

#include <algorithm>
#include <initializer_list>
#include <set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/id.h"
#include "domain/rules.h"

namespace keel::api {

namespace {

using nlohmann::json;

// Stands in for a missing "id" while the record is read; the app then makes a real one.
constexpr const char* kPlaceholderId = "00000000000000000000000000";

// Refuses a field outside `allowed`.
Status only_fields(const json& object, std::initializer_list<std::string_view> allowed) {
  for (const auto& [name, value] : object.items()) {
    bool known = false;
    for (const auto allowed_name : allowed) known = known || name == allowed_name;
    if (!known) return Status::invalid(fmt::format("field \"{}\" is not expected here", name));
  }
  return Status::ok();
}

Result<std::string> text_field(const json& object, std::string_view name) {
  const auto found = object.find(name);
  if (found == object.end() || found->is_null()) return Status::invalid(fmt::format("field \"{}\" is missing", name));
  if (!found->is_string()) return Status::invalid(fmt::format("field \"{}\" must be a string", name));
  return found->get<std::string>();
}

// nlohmann's parse errors quote the bytes read last, which may stop inside a multi-byte character:
// `text` without the bytes that are not part of a whole UTF-8 character, so that the sentence is text.
std::string whole_characters(std::string_view text) {
  std::string kept;
  for (std::size_t start = 0; start < text.size();) {
    const auto lead = static_cast<unsigned char>(text[start]);
    const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (domain::is_valid_text(text.substr(start, length))) {
      kept += text.substr(start, length);
      start += length;
    } else {
      ++start;
    }
  }
  return kept;
}

// Arrays and objects nested deeper than any record has them. nlohmann's merge_patch and copies
// recurse once per level, so a patch nested some thousand levels deep would overflow the stack.
constexpr std::size_t kDeepestPatch = 32;

// How deeply arrays and objects nest in `value` (a scalar is 0), found without recursion.
std::size_t nesting_depth(const json& value) {
  std::size_t deepest = 0;
  std::vector<std::pair<const json*, std::size_t>> pending{{&value, 1}};
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    if (!node->is_structured()) continue;
    deepest = std::max(deepest, depth);
    for (const json& child : *node) pending.emplace_back(&child, depth + 1);
  }
  return deepest;
}

}  // namespace

Result<json> decode_object(std::string_view body) {
  if (!domain::is_valid_text(body)) return Status::invalid("the body is not valid UTF-8 text");
  json parsed;
  try {
    parsed = json::parse(body);
  } catch (const json::exception& error) {
    // "[json.exception.parse_error.101] parse error at line 1, column 2: …": keep what follows the tag.
    // A number too large for a double ("1e400") is an out_of_range error, not a parse_error.
    std::string_view what = error.what();
    if (const auto end_of_tag = what.find("] "); end_of_tag != std::string_view::npos)
      what.remove_prefix(end_of_tag + 2);
    return Status::invalid(fmt::format("the body is not valid JSON ({})", whole_characters(what)));
  }
  if (!parsed.is_object()) return Status::invalid("the body must be a JSON object");
  return parsed;
}

Result<domain::Record> decode_record(domain::RecordKind kind, std::string_view body, const exchange::Owner& owner) {
  KEEL_ASSIGN_OR_RETURN(json object, decode_object(body));
  const std::string kind_text = domain::kind_name(kind);
  if (const auto type = object.find("type"); type != object.end()) {
    if (!type->is_string() || type->get<std::string>() != kind_text) {
      return Status::invalid(fmt::format("field \"type\" must be \"{}\" here, or left out", kind_text));
    }
  }
  object["type"] = kind_text;
  const bool has_id = object.contains("id") && !object["id"].is_null();
  if (!has_id) object["id"] = kPlaceholderId;
  // A plan's version number is the server's to give (the next one); a client may leave it out.
  if (kind == domain::RecordKind::plan && !object.contains("version")) object["version"] = 1;
  KEEL_ASSIGN_OR_RETURN(domain::Record record, exchange::record_from_json(object, owner));
  if (!has_id) domain::key_of(record).id.clear();
  return record;
}

Result<domain::Record> decode_record_patch(const domain::Record& stored, std::string_view body) {
  KEEL_ASSIGN_OR_RETURN(const json patch, decode_object(body));
  if (nesting_depth(patch) > kDeepestPatch) {
    return Status::invalid(fmt::format(
        "the body nests arrays and objects more than {} levels deep; no record has them so deep", kDeepestPatch));
  }
  const domain::RecordKey& key = domain::key_of(stored);
  json merged = exchange::record_to_json(stored);
  for (const char* fixed : {"id", "type"}) {
    if (const auto found = patch.find(fixed); found != patch.end() && *found != merged[fixed]) {
      return Status::invalid(fmt::format("field \"{}\" cannot be changed", fixed));
    }
  }
  merged.merge_patch(patch);
  return exchange::record_from_json(merged, exchange::Owner{key.tenant_id, key.person_id});
}

Result<Credentials> decode_sign_in(std::string_view body) {
  KEEL_ASSIGN_OR_RETURN(const json object, decode_object(body));
  KEEL_RETURN_IF_ERROR(only_fields(object, {"username", "password"}));
  Credentials credentials;
  KEEL_ASSIGN_OR_RETURN(credentials.username, text_field(object, "username"));
  KEEL_ASSIGN_OR_RETURN(credentials.password, text_field(object, "password"));
  return credentials;
}

Result<SignUp> decode_sign_up(std::string_view body) {
  KEEL_ASSIGN_OR_RETURN(const json object, decode_object(body));
  KEEL_RETURN_IF_ERROR(only_fields(object, {"username", "password", "time_zone"}));
  SignUp sign_up;
  KEEL_ASSIGN_OR_RETURN(sign_up.username, text_field(object, "username"));
  KEEL_ASSIGN_OR_RETURN(sign_up.password, text_field(object, "password"));
  KEEL_ASSIGN_OR_RETURN(sign_up.time_zone, text_field(object, "time_zone"));
  return sign_up;
}

Result<PasswordChange> decode_password_change(std::string_view body) {
  KEEL_ASSIGN_OR_RETURN(const json object, decode_object(body));
  KEEL_RETURN_IF_ERROR(only_fields(object, {"current_password", "new_password"}));
  PasswordChange change;
  KEEL_ASSIGN_OR_RETURN(change.current_password, text_field(object, "current_password"));
  KEEL_ASSIGN_OR_RETURN(change.new_password, text_field(object, "new_password"));
  return change;
}

Result<std::string> decode_password_confirmation(std::string_view body) {
  KEEL_ASSIGN_OR_RETURN(const json object, decode_object(body));
  KEEL_RETURN_IF_ERROR(only_fields(object, {"password"}));
  return text_field(object, "password");
}

Result<AssessmentAnswers> decode_assessment(std::string_view body) {
  KEEL_ASSIGN_OR_RETURN(const json object, decode_object(body));
  KEEL_RETURN_IF_ERROR(only_fields(object, {"instrument", "answers", "at", "id"}));
  AssessmentAnswers result;
  KEEL_ASSIGN_OR_RETURN(result.instrument, text_field(object, "instrument"));
  const auto answers = object.find("answers");
  if (answers == object.end() || !answers->is_object()) {
    return Status::invalid("field \"answers\" must be an object of item linkId to option code");
  }
  for (const auto& [link_id, code] : answers->items()) {
    if (code.is_null()) continue;
    if (!code.is_string()) {
      return Status::invalid(
          fmt::format("the answer to item \"{}\" must be an option code (a string) or null", link_id));
    }
    result.answers[link_id] = code.get<std::string>();
  }
  if (const auto at = object.find("at"); at != object.end() && !at->is_null()) {
    if (!at->is_string()) return Status::invalid("field \"at\" must be an RFC 3339 time");
    result.at = at->get<std::string>();
  }
  if (const auto id = object.find("id"); id != object.end() && !id->is_null()) {
    if (!id->is_string()) return Status::invalid("field \"id\" must be a record id (a ULID) made by the client");
    result.id = id->get<std::string>();
  }
  return result;
}

}  // namespace keel::api
