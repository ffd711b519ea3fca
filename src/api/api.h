// The HTTP API of keel serve: every route of /api/v1 (and /healthz) as a description with a
// handler. The descriptions are the single source of the router, of the access checks made before
// any handler runs, and of the OpenAPI document at /api/v1/openapi.json, so that none of them
// can drift from the others. Handlers translate between HTTP and `auth`/`app`; they hold no rules.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/stats_cache.h"
#include "app/home.h"
#include "auth/sessions.h"
#include "core/clock.h"
#include "core/random.h"
#include "http/router.h"
#include "measures/safety.h"

namespace keel::api {

inline constexpr const char* kSessionCookie = "keel_session";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

struct ApiOptions {
  bool secure_cookie = false;  // always add `Secure` to the cookie (behind TLS, or a proxy that terminates it)
  // Addresses of reverse proxies whose X-Forwarded-For (the client's address, for throttling) and
  // X-Forwarded-Proto ("https": the cookie gets `Secure`) are believed. Nobody else's are.
  std::vector<std::string> trusted_proxies;
  bool open_sign_up = false;  // POST /api/v1/users makes a client account for anyone who asks
  measures::CrisisResources crisis = measures::default_crisis_resources();  // shown with a safety finding
  std::string version = "0.1.0";
};

// Who may call a route. There is no default: every route names its audience, and the router
// refuses a caller outside it before the handler runs (401 without a session, 403 for a
// missing CSRF token on an unsafe method or a role that is not the route's).
enum class Access {
  anyone,     // no session needed (sign-in, health, the OpenAPI document)
  signed_in,  // any role: who am I, sign out, change password, delete account
  client,     // a client's own records, measures and stats
};
const char* access_name(Access access);

struct QueryParameter {
  std::string name;
  nlohmann::json schema;  // {"type": "integer", "minimum": 1, ...}
  std::string description;
};

struct RouteDescription {
  std::string method;
  std::string pattern;  // "/api/v1/urges/{id}"
  Access access = Access::client;
  std::string tag;  // groups routes in the OpenAPI document: "records", "measures", "account", ...
  std::string summary;
  std::string request_schema;                      // the components/schemas name of the JSON body; empty: no body
  int success_status = 200;                        // 200, 201 or 204
  std::string response_schema;                     // the components/schemas name of the answer; empty with 204
  std::string response_type = "application/json";  // or "application/x-ndjson" for the export
  std::vector<QueryParameter> query;
  std::vector<int> error_statuses;  // the 4xx a caller should expect besides the access ones
  int retry_status = 0;             // a second success status with the same body (200 for a retried POST)
  // Answered on the I/O thread (http::Dispatch::io_thread): only for an `anyone` route whose handler
  // answers from memory in microseconds and never waits.
  bool on_io_thread = false;
};

// What a handler is given: the request, and the caller's session unless the route is `anyone`'s.
struct Call {
  const http::Request& request;  // remote_address is the client's, also behind a trusted proxy
  const auth::Session* session = nullptr;
  std::string token;    // the session token (to keep this session when a password changes)
  bool secure = false;  // the cookie gets `Secure` (--secure-cookie, or HTTPS at a trusted proxy)
};

using ApiHandler = std::function<http::Response(const Call&)>;

struct ApiRoute {
  RouteDescription description;
  ApiHandler handler;
};

// The parts of keel the handlers use. All must outlive the Api.
struct Services {
  app::Home& home;
  auth::SessionManager& sessions;
  const Clock& clock;
  Random& random;  // thread-safe (SystemRandom is)
  ApiOptions options;
  std::shared_ptr<StatsCache> stats_cache = std::make_shared<StatsCache>();
};

class Api {
 public:
  explicit Api(Services services);
  // The routes' handlers point into the Api: it stays where it was made.
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  const std::vector<ApiRoute>& routes() const { return routes_; }

  // A router answering every route, checking access and the body's content type (415) before
  // the handler. It must not outlive the Api. invalid_argument if two routes clash (a bug).
  Result<http::Router> router() const;

  // The OpenAPI 3.0 document of routes(), with the schemas of every body.
  const nlohmann::json& openapi() const { return openapi_; }
  // Drops what the API keeps in memory longer than it may (cached stats); call it now and then.
  void sweep() const;

  // The same document without a server (keel serve --print-openapi).
  static nlohmann::json openapi_document(const ApiOptions& options);

 private:
  Services services_;
  std::vector<ApiRoute> routes_;
  nlohmann::json openapi_;
};

// The session token from the request's Cookie header, if any.
std::optional<std::string> session_token(const http::Request& request);

// The Set-Cookie value for a session token (an empty token and 0 clear it).
std::string session_cookie(std::string_view token, int max_age_seconds, bool secure);

}  // namespace keel::api
