// Router: which handler answers a method and a path. Routes are patterns of literal segments and
// "{name}" parameters ("/api/v1/urges/{id}"); the pattern, never the path, names the route in the
// access log. A literal segment is preferred to a parameter at the same place.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "http/message.h"

namespace keel::http {

// Answers one request. Called on a worker thread, possibly on several at once: it must be
// thread-safe. It is never called on the I/O thread, so it may block (database, Argon2id).
using Handler = std::function<Response(const Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
};

class Router {
 public:
  struct Match {
    enum class Outcome { found, not_found, method_not_allowed };
    Outcome outcome = Outcome::not_found;
    const Route* route = nullptr;              // when found; for method_not_allowed, one route of the path
    Parameters parameters;                     // the {name} values, percent-decoded, when found
    std::vector<std::string> allowed_methods;  // for method_not_allowed: what the path accepts, sorted
  };

  // Adds a route. invalid_argument when the method is empty, the pattern is not an absolute path
  // of non-empty segments, a segment mixes literal text and braces, a parameter name repeats, or
  // the same method already has a pattern of the same shape.
  Status add(std::string method, std::string pattern, Handler handler);

  // The route for `method` and a path as sent (percent-encoded, no query); segments are compared
  // after decoding. invalid_argument when a segment does not decode (broken escape, NUL, not UTF-8).
  Result<Match> match(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Segment {
    bool parameter = false;
    std::string text;  // the literal, or the parameter's name
  };
  struct CompiledRoute {
    std::vector<Segment> segments;
  };

  std::vector<Route> routes_;
  std::vector<CompiledRoute> compiled_;
};

// The answers the server gives itself, as {"error":{…}} JSON.
Response not_found_response();
Response method_not_allowed_response(const std::vector<std::string>& allowed_methods);

}  // namespace keel::http
