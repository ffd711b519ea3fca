// The checks of the fuzz_http_request target on one input, shared by the libFuzzer driver
// (tests/fuzz/fuzz_http_request.cc) and the corpus replay test
// (tests/fuzz_replay/http_corpus_test.cc). As in fuzz_bodies.h, a body returns Status::ok() when
// every check held and an internal Status naming the broken check otherwise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "http/message.h"
#include "http/router.h"
#include "http/target.h"

namespace keel::fuzz {

// A router shaped like the coming API: literals, parameters, a literal beside a parameter.
inline const http::Router& fuzz_http_router() {
  static const http::Router router = [] {
    http::Router made;
    const auto handler = [](const http::Request&) { return http::Response{}; };
    for (const auto& [method, pattern] : std::initializer_list<std::pair<const char*, const char*>>{
             {"GET", "/healthz"},
             {"GET", "/api/v1/urges"},
             {"POST", "/api/v1/urges"},
             {"GET", "/api/v1/urges/{id}"},
             {"PATCH", "/api/v1/urges/{id}"},
             {"DELETE", "/api/v1/urges/{id}"},
             {"GET", "/api/v1/urges/export"},
             {"GET", "/api/v1/{kind}/{id}/versions/{version}"},
             {"POST", "/api/v1/session"},
             {"DELETE", "/api/v1/session"},
             {"GET", "/"},
         }) {
      (void)made.add(method, pattern, handler);
    }
    return made;
  }();
  return router;
}

// `pattern` with each {name} replaced by the percent-encoded value of that parameter.
inline std::string fill_pattern(std::string_view pattern, const http::Parameters& parameters) {
  std::string path;
  std::size_t next = 0;
  while (!pattern.empty()) {
    const std::size_t open = pattern.find('{');
    if (open == std::string_view::npos) {
      path.append(pattern);
      break;
    }
    path.append(pattern.substr(0, open));
    const std::size_t close = pattern.find('}', open);
    path += next < parameters.size() ? http::percent_encode(parameters[next].second) : "";
    ++next;
    pattern.remove_prefix(close + 1);
  }
  return path;
}

// The input is a request target, or "METHOD\ntarget". Checks: parse_target either refuses with a
// sentence or gives a path that starts with '/' and holds no '?' or '#', and a query whose names
// and values survive percent_encode and parse_query unchanged; the router's answer is consistent
// (a found route's parameters put back into its pattern find the same route and values again; a
// 405 lists methods that do not include the one asked for); every error body is JSON that
// nlohmann reads back with the same message, less bytes that are not UTF-8.
inline Status fuzz_http_request_one(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view method = "GET";
  std::string_view target = input;
  if (const std::size_t newline = input.find('\n'); newline != std::string_view::npos) {
    method = input.substr(0, newline);
    target = input.substr(newline + 1);
  }

  // Error bodies are always JSON, whatever the message.
  const http::Response error = http::Response::error(400, "bad_request", input);
  try {
    const auto json = nlohmann::json::parse(error.body);
    const std::string message = json.at("error").at("message").get<std::string>();
    if (http::is_valid_utf8(input) && message != input) {
      return Status::internal("an error body does not carry its UTF-8 message unchanged");
    }
    if (!http::is_valid_utf8(message)) return Status::internal("an error body's message is not UTF-8");
  } catch (const nlohmann::json::exception& exception) {
    return Status::internal(std::string("an error body is not JSON: ") + exception.what());
  }

  auto parsed = http::parse_target(target);
  if (!parsed.is_ok()) {
    if (parsed.status().code() != StatusCode::invalid_argument || parsed.status().message().empty()) {
      return Status::internal("parse_target refused without an invalid_argument sentence");
    }
    return Status::ok();
  }
  const std::string& path = parsed->path;
  if (path.empty() || path.front() != '/' || path.find_first_of("?#") != std::string::npos) {
    return Status::internal("parse_target gave a path that is not a bare absolute path");
  }
  if (target.substr(0, path.size()) != path) return Status::internal("the path is not the start of the target");

  std::string query;
  for (const auto& [name, value] : parsed->query) {
    if (!http::is_valid_utf8(name) || !http::is_valid_utf8(value) || name.find('\0') != std::string::npos ||
        value.find('\0') != std::string::npos) {
      return Status::internal("a decoded query parameter is not UTF-8 without NUL");
    }
    query += (query.empty() ? "" : "&") + http::percent_encode(name) + "=" + http::percent_encode(value);
  }
  auto again = http::parse_query(query);
  if (!again.is_ok()) return Status::internal("a re-encoded query does not parse: " + again.status().message());
  if (*again != parsed->query) return Status::internal("a re-encoded query does not give the same parameters");

  const http::Router& router = fuzz_http_router();
  auto match = router.match(method, path);
  if (!match.is_ok()) {
    if (match.status().code() != StatusCode::invalid_argument || match.status().message().empty()) {
      return Status::internal("the router refused without an invalid_argument sentence");
    }
    return Status::ok();
  }
  using Outcome = http::Router::Match::Outcome;
  if (match->outcome == Outcome::method_not_allowed) {
    if (match->allowed_methods.empty() || match->route == nullptr) {
      return Status::internal("a 405 without the methods the path accepts");
    }
    for (const auto& allowed : match->allowed_methods) {
      if (allowed == method) return Status::internal("a 405 lists the method that was refused");
    }
  } else if (match->outcome == Outcome::found) {
    const std::string rebuilt = fill_pattern(match->route->pattern, match->parameters);
    auto rematch = router.match(method, rebuilt);
    if (!rematch.is_ok() || rematch->outcome != Outcome::found) {
      return Status::internal("a route's own parameters, put back into its pattern, do not match it: " + rebuilt);
    }
    if (rematch->route != match->route || rematch->parameters != match->parameters) {
      return Status::internal("a route's own parameters, put back into its pattern, match differently: " + rebuilt);
    }
    for (const auto& [name, value] : match->parameters) {
      if (value.empty() || !http::is_valid_utf8(value) || value.find('\0') != std::string::npos) {
        return Status::internal("a path parameter is empty, not UTF-8, or holds NUL");
      }
    }
  } else if (match->route != nullptr) {
    return Status::internal("a 404 names a route");
  }
  return Status::ok();
}

}  // namespace keel::fuzz
