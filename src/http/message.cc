#include "http/message.h"

#include <algorithm>

#include "http/target.h"

namespace keel::http {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& [field, value] : headers) {
    if (equal_ignoring_case(field, name)) return &value;
  }
  return nullptr;
}

const std::string* find_parameter(const Parameters& parameters, std::string_view name) {
  for (const auto& [key, value] : parameters) {
    if (key == name) return &value;
  }
  return nullptr;
}

// The length of the well-formed UTF-8 sequence at the start of `text`, or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view text) {
  const auto lead = static_cast<unsigned char>(text.front());
  const std::size_t length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
  if (length > text.size()) return 0;
  return is_valid_utf8(text.substr(0, length)) ? length : 0;
}

}  // namespace

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

const std::string* Request::header(std::string_view name) const { return find_header(headers, name); }
const std::string* Request::query_value(std::string_view name) const { return find_parameter(query, name); }
const std::string* Request::path_parameter(std::string_view name) const {
  return find_parameter(path_parameters, name);
}

const std::string* Response::header(std::string_view name) const { return find_header(headers, name); }

void Response::set_header(std::string_view name, std::string value) {
  std::erase_if(headers, [name](const auto& field) { return equal_ignoring_case(field.first, name); });
  headers.emplace_back(std::string(name), std::move(value));
}

Response Response::json(int status, std::string json) {
  Response response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/json");
  response.body = std::move(json);
  return response;
}

Response Response::error(int status, std::string_view code, std::string_view message) {
  return json(status, R"({"error":{"code":)" + json_string(code) + R"(,"message":)" + json_string(message) + "}}");
}

const Headers& security_headers() {
  static const Headers headers = {
      {"Cache-Control", "no-store"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
  };
  return headers;
}

std::string json_string(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  while (!text.empty()) {
    const auto c = static_cast<unsigned char>(text.front());
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(text);
      if (length == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD for a byte that starts no well-formed sequence
        text.remove_prefix(1);
      } else {
        out.append(text.substr(0, length));
        text.remove_prefix(length);
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0x0F]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
    text.remove_prefix(1);
  }
  out.push_back('"');
  return out;
}

}  // namespace keel::http
