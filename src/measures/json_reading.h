// Reading FHIR JSON with messages that name the element ("item[3].text: expected a string,
// found a number"): shared by the Questionnaire loader and the Bundle reader. Internal to
// measures.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/status.h"

namespace keel::measures::json_reading {

using json = nlohmann::json;

inline std::string describe_type(const json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "a boolean";
  if (value.is_number()) return "a number";
  if (value.is_string()) return "a string";
  if (value.is_array()) return "an array";
  return "an object";
}

inline Status wrong_type(const std::string& path, const char* expected, const json& found) {
  return Status::invalid(fmt::format("{}: expected {}, found {}", path, expected, describe_type(found)));
}

// The member `key` of an object, or nullptr.
inline const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

// An optional string member: empty when absent, an error when of another type.
inline Result<std::string> optional_string(const json& object, std::string_view key, const std::string& path) {
  const json* value = member(object, key);
  if (value == nullptr) return std::string();
  if (!value->is_string()) return wrong_type(fmt::format("{}.{}", path, key), "a string", *value);
  return value->get<std::string>();
}

// An optional array member (absent reads as empty), an error when of another type.
inline Result<const json*> optional_array(const json& object, std::string_view key, const std::string& path) {
  static const json empty = json::array();
  const json* value = member(object, key);
  if (value == nullptr) return &empty;
  if (!value->is_array()) return wrong_type(fmt::format("{}.{}", path, key), "an array", *value);
  return value;
}

// A string member's text, or "" when it is absent or not a string.
inline std::string text_or_empty(const json& object, std::string_view key) {
  const json* value = member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

}  // namespace keel::measures::json_reading
