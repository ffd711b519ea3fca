// Reading a request target ("/api/v1/urges?since=2026-01-01"): its path, checked, and its query
// string, decoded. Everything here is a pure function over outside input, fuzzed by
// tests/fuzz/fuzz_http_request.cc.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "http/message.h"

namespace keel::http {

struct Target {
  std::string path;  // as sent, still percent-encoded; starts with '/'
  Parameters query;  // decoded
};

// Splits and checks an origin-form target: it starts with '/', has no fragment, no '.' or '..'
// segment, only the characters RFC 3986 allows, and well-formed %XX escapes; the query decodes to
// valid UTF-8 without NUL. invalid_argument with one sentence otherwise.
Result<Target> parse_target(std::string_view target);

// Decodes %XX escapes (and, when `plus_is_space`, '+' as a space). invalid_argument on a broken
// escape, on a NUL byte, or when the result is not valid UTF-8.
Result<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Escapes every byte but RFC 3986's unreserved characters, so that percent_decode gives `text` back.
std::string percent_encode(std::string_view text);

// Decodes "a=1&b=two+words&c" into (a,1) (b,two words) (c,""); empty pieces are skipped.
Result<Parameters> parse_query(std::string_view query);

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view text);

}  // namespace keel::http
