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

// Answers one request, possibly on several threads at once: it must be thread-safe.
using Handler = std::function<Response(const Request&)>;

// Where a route's handler runs. On a worker thread by default, so that it may block (database,
// Argon2id). On the I/O thread only a handler that answers from memory in microseconds, takes no
// lock a blocking handler could hold and never waits (a health check, an embedded file): it saves
// two hops between threads, and it still answers while every worker is busy.
enum class Dispatch { worker, io_thread };

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  Dispatch dispatch = Dispatch::worker;
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
  Status add(std::string method, std::string pattern, Handler handler, Dispatch dispatch = Dispatch::worker);

  // The route for `method` and a path as sent (percent-encoded, no query); segments are compared
  // after decoding. invalid_argument when a segment does not decode (broken escape, NUL, not UTF-8).
  Result<Match> match(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

  // What answers a GET or HEAD to a path no route has (instead of the JSON 404), on the I/O thread:
  // it must answer from memory (the web app's page, so that a browser shows its own "not found").
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }
  const Handler& fallback() const { return fallback_; }

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
  Handler fallback_;
};

// The answers the server gives itself, as {"error":{…}} JSON.
Response not_found_response();
Response method_not_allowed_response(const std::vector<std::string>& allowed_methods);

}  // namespace keel::http
