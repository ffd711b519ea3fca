#include "http/target.h"

#include <algorithm>
#include <cstdint>

namespace keel::http {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

bool is_sub_delimiter(unsigned char c) {
  switch (c) {
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=': return true;
    default: return false;
  }
}

// A character RFC 3986 allows in a path segment (pchar, less '%' which is checked apart).
bool is_path_character(unsigned char c) { return is_unreserved(c) || is_sub_delimiter(c) || c == ':' || c == '@'; }

// Checks that every '%' starts a well-formed escape and every other byte is allowed.
Status check_characters(std::string_view text, bool (*allowed)(unsigned char), const char* part) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '%') {
      if (text.size() - i < 3 || hex_value(text[i + 1]) < 0 || hex_value(text[i + 2]) < 0) {
        return Status::invalid(std::string("the request's ") + part +
                               " has a '%' that is not followed by two hex digits");
      }
      i += 2;
      continue;
    }
    if (!allowed(c)) {
      return Status::invalid(std::string("the request's ") + part + " holds a character that must be percent-encoded");
    }
  }
  return Status::ok();
}

bool is_query_character(unsigned char c) { return is_path_character(c) || c == '/' || c == '?'; }
bool is_path_or_slash(unsigned char c) { return is_path_character(c) || c == '/'; }

}  // namespace

bool is_valid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      return false;
    }
    if (i + length > size) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const unsigned char next = bytes[i + k];
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kSmallest[length]) return false;                // overlong
    if (code_point > 0x10FFFF) return false;                         // past Unicode
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;  // a surrogate
    i += length;
  }
  return true;
}

Result<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (text.size() - i < 3 || hex_value(text[i + 1]) < 0 || hex_value(text[i + 2]) < 0) {
        return Status::invalid("a '%' in the request is not followed by two hex digits");
      }
      decoded.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      decoded.push_back(' ');
    } else {
      decoded.push_back(c);
    }
  }
  if (decoded.find('\0') != std::string::npos) return Status::invalid("the request holds a NUL character");
  if (!is_valid_utf8(decoded)) return Status::invalid("the request holds text that is not valid UTF-8");
  return decoded;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (is_unreserved(byte)) {
      encoded.push_back(c);
    } else {
      encoded.push_back('%');
      encoded.push_back(kHex[byte >> 4]);
      encoded.push_back(kHex[byte & 0x0F]);
    }
  }
  return encoded;
}

Result<Parameters> parse_query(std::string_view query) {
  Parameters parameters;
  while (!query.empty()) {
    const std::size_t end = query.find('&');
    const std::string_view piece = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view{} : query.substr(end + 1);
    if (piece.empty()) continue;
    const std::size_t equals = piece.find('=');
    KEEL_ASSIGN_OR_RETURN(std::string name, percent_decode(piece.substr(0, equals), true));
    std::string value;
    if (equals != std::string_view::npos) {
      KEEL_ASSIGN_OR_RETURN(value, percent_decode(piece.substr(equals + 1), true));
    }
    parameters.emplace_back(std::move(name), std::move(value));
  }
  return parameters;
}

Result<Target> parse_target(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return Status::invalid("the request target must be a path that starts with '/'");
  }
  if (target.find('#') != std::string_view::npos) return Status::invalid("the request target may not hold a fragment");
  const std::size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  KEEL_RETURN_IF_ERROR(check_characters(path, is_path_or_slash, "path"));
  // Dot segments would let "/a/../b" mean "/b"; nothing keel serves needs them.
  for (std::size_t start = 1; start <= path.size();) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") return Status::invalid("the request path may not hold '.' or '..' segments");
    start = end + 1;
  }
  Target parsed;
  parsed.path = std::string(path);
  if (question != std::string_view::npos) {
    const std::string_view query = target.substr(question + 1);
    KEEL_RETURN_IF_ERROR(check_characters(query, is_query_character, "query string"));
    KEEL_ASSIGN_OR_RETURN(parsed.query, parse_query(query));
  }
  return parsed;
}

}  // namespace keel::http
