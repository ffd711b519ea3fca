// The request a handler reads and the response it returns: plain structs, so that the API layer
// never sees Boost.Beast. The server (server.h) fills a Request from the wire and writes a
// Response back, adding the security headers every response carries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keel::http {

// Header fields in the order they came; names as sent, compared without regard to case.
using Headers = std::vector<std::pair<std::string, std::string>>;
// Decoded name-value pairs in the order they came (query parameters, path parameters).
using Parameters = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;          // "GET", "POST", … as sent (methods are case-sensitive)
  std::string path;            // the target's path as sent, still percent-encoded, without the query
  Parameters query;            // the query string, percent-decoded ('+' is a space), each valid UTF-8 without NUL
  Parameters path_parameters;  // the values of the route pattern's {name} segments, percent-decoded
  std::string route;           // the route pattern that matched ("/api/v1/urges/{id}")
  Headers headers;
  std::string body;
  std::string remote_address;  // the peer's IP address

  // The first header field of that name (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  // The first query parameter of that name, or nullptr.
  const std::string* query_value(std::string_view name) const;
  // The value of a path parameter of the route ("id" for "{id}"), or nullptr.
  const std::string* path_parameter(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  // A response with a JSON body (`json` must already be JSON text).
  static Response json(int status, std::string json);
  // {"error":{"code":code,"message":message}} with that status.
  static Response error(int status, std::string_view code, std::string_view message);

  // The first header field of that name (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  // Replaces every field of that name with one.
  void set_header(std::string_view name, std::string value);
};

// The headers every response carries unless the handler chose its own value
// (Cache-Control, X-Content-Type-Options, Referrer-Policy, Content-Security-Policy).
const Headers& security_headers();

// `text` as a JSON string literal, quotes included. Bytes that are not valid UTF-8 become U+FFFD,
// so the result is always valid JSON.
std::string json_string(std::string_view text);

// ASCII case-insensitive equality, for header names.
bool equal_ignoring_case(std::string_view a, std::string_view b);

}  // namespace keel::http
