#include "api/api.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "api/routes.h"
#include "http/compression.h"

namespace keel::api {

namespace {

using nlohmann::json;

bool is_safe_method(std::string_view method) { return method == "GET" || method == "HEAD"; }

// "application/json" or "application/json; charset=utf-8", in any case.
bool is_json_content_type(const std::string* content_type) {
  if (content_type == nullptr) return false;
  std::string_view type = *content_type;
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  if (!http::equal_ignoring_case(type, "application/json")) return false;
  const auto parameters = content_type->find(';');
  if (parameters == std::string::npos) return true;
  std::string rest = content_type->substr(parameters + 1);
  std::erase(rest, ' ');
  return http::equal_ignoring_case(rest, "charset=utf-8");
}

// The last address in X-Forwarded-For: the one the trusted proxy itself saw (earlier entries
// are whatever the client claimed).
std::optional<std::string> forwarded_for(const http::Request& request) {
  const std::string* header = request.header("X-Forwarded-For");
  if (header == nullptr) return std::nullopt;
  std::string_view last = *header;
  if (const auto comma = last.rfind(','); comma != std::string_view::npos) last.remove_prefix(comma + 1);
  while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
  while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
  if (last.empty() || last.size() > 45) return std::nullopt;  // longer than any IPv6 address
  return std::string(last);
}

// Runs the access checks of a route's description, then its handler.
// A large JSON answer to a GET (a list of records, the export) goes gzip to a client that takes
// it: a phone on a slow network opens Today sooner. No such answer puts a secret beside text that
// someone else chose, so its compressed size tells an eavesdropper nothing (BREACH).
void compress_large_answer(const http::Request& request, http::Response& response) {
  constexpr std::size_t kWorthCompressing = 1024;
  if (request.method != "GET" || response.status != 200 || response.body.size() < kWorthCompressing) return;
  if (response.header("Content-Encoding") != nullptr) return;
  const std::string* type = response.header("Content-Type");
  if (type == nullptr || !(type->starts_with("application/json") || type->starts_with("application/x-ndjson"))) {
    return;
  }
  response.set_header("Vary", "Accept-Encoding");
  if (!http::accepts_gzip(request)) return;
  response.body = http::gzip_compress(response.body);
  response.set_header("Content-Encoding", "gzip");
}

http::Response answer(const ApiRoute& route, auth::SessionManager& sessions, const ApiOptions& options,
                      const http::Request& sent) {
  bool secure = options.secure_cookie;
  std::optional<http::Request> forwarded;
  if (std::find(options.trusted_proxies.begin(), options.trusted_proxies.end(), sent.remote_address) !=
      options.trusted_proxies.end()) {
    forwarded = sent;
    if (auto client = forwarded_for(sent)) forwarded->remote_address = *client;
    const std::string* protocol = sent.header("X-Forwarded-Proto");
    secure = secure || (protocol != nullptr && http::equal_ignoring_case(*protocol, "https"));
  }
  const http::Request& request = forwarded ? *forwarded : sent;
  const RouteDescription& description = route.description;
  std::optional<auth::Session> session;
  std::string token;
  if (description.access != Access::anyone) {
    const auto cookie = session_token(request);
    if (!cookie) return http::Response::error(401, "unauthenticated", "please sign in");
    auto authenticated = sessions.authenticate(*cookie);
    if (!authenticated) return error_for(authenticated.status());
    if (!is_safe_method(request.method)) {
      const std::string* csrf = request.header(kCsrfHeader);
      if (csrf == nullptr || !sessions.check_csrf(*cookie, *csrf)) {
        return http::Response::error(403, "forbidden", "the X-CSRF-Token header is missing or wrong");
      }
    }
    if (description.access == Access::client && authenticated->person.role != "client") {
      return http::Response::error(403, "forbidden", "only a client can use this; it is about a client's own records");
    }
    session = std::move(authenticated).value();
    token = *cookie;
  }
  // An empty body is left to the handler, which says what it needed.
  if (!description.request_schema.empty() && !request.body.empty() &&
      !is_json_content_type(request.header("Content-Type"))) {
    return http::Response::error(415, "unsupported_media_type", "send the body as Content-Type: application/json");
  }
  const Call call{request, session ? &*session : nullptr, std::move(token), secure};
  http::Response response = route.handler(call);
  compress_large_answer(request, response);
  return response;
}

json error_schema_reference() { return {{"$ref", "#/components/schemas/Error"}}; }

const char* status_description(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No content";
    case 400: return "The request or its body is not valid; the message says what is wrong";
    case 401: return "Not signed in, or the session has ended";
    case 403: return "Not allowed: a missing CSRF token, or a role this route is not for";
    case 404: return "No such thing (or one the caller may not see)";
    case 409: return "It conflicts with what is stored";
    case 413: return "The body is too large";
    case 415: return "The body is not application/json";
    case 429: return "Too many attempts; wait (Retry-After says how long)";
  }
  return "Error";
}

json operation(const RouteDescription& description) {
  json operation = {{"summary", description.summary},
                    {"tags", json::array({description.tag})},
                    {"operationId", fmt::format("{} {}", description.method, description.pattern)},
                    {"x-keel-access", access_name(description.access)}};
  json parameters = json::array();
  for (std::size_t at = description.pattern.find('{'); at != std::string::npos;
       at = description.pattern.find('{', at + 1)) {
    const std::string name = description.pattern.substr(at + 1, description.pattern.find('}', at) - at - 1);
    parameters.push_back({{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
  }
  for (const auto& query : description.query) {
    parameters.push_back({{"name", query.name},
                          {"in", "query"},
                          {"required", false},
                          {"description", query.description},
                          {"schema", query.schema}});
  }
  if (!parameters.empty()) operation["parameters"] = parameters;
  if (!description.request_schema.empty()) {
    operation["requestBody"] = {
        {"required", true},
        {"content",
         {{"application/json", {{"schema", {{"$ref", "#/components/schemas/" + description.request_schema}}}}}}}};
  }
  json responses = json::object();
  json success = {{"description", status_description(description.success_status)}};
  if (!description.response_schema.empty()) {
    success["content"] = {
        {description.response_type, {{"schema", {{"$ref", "#/components/schemas/" + description.response_schema}}}}}};
  }
  responses[std::to_string(description.success_status)] = success;
  if (description.retry_status != 0) {
    success["description"] = "The same record again (a retry): nothing new was made";
    responses[std::to_string(description.retry_status)] = success;
  }
  std::set<int> errors(description.error_statuses.begin(), description.error_statuses.end());
  if (!description.request_schema.empty()) errors.insert({400, 413, 415});
  if (description.access != Access::anyone) errors.insert(401);
  if (description.access == Access::client ||
      (description.access == Access::signed_in && !is_safe_method(description.method))) {
    errors.insert(403);
  }
  for (const int status : errors) {
    responses[std::to_string(status)] = {{"description", status_description(status)},
                                         {"content", {{"application/json", {{"schema", error_schema_reference()}}}}}};
  }
  // What any request may meet besides: 405, 408, 431, 500, 503 and the like, always as an Error.
  responses["default"] = {{"description", "Another error"},
                          {"content", {{"application/json", {{"schema", error_schema_reference()}}}}}};
  operation["responses"] = responses;
  if (description.access != Access::anyone) {
    json requirement = {{"session", json::array()}};
    if (!is_safe_method(description.method)) requirement["csrf"] = json::array();
    operation["security"] = json::array({requirement});
  } else {
    operation["security"] = json::array();
  }
  return operation;
}

json make_openapi(const std::vector<ApiRoute>& routes, const ApiOptions& options) {
  json paths = json::object();
  for (const auto& route : routes) {
    std::string method = route.description.method;
    std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::tolower(c); });
    paths[route.description.pattern][method] = operation(route.description);
  }
  json schemas = component_schemas();
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "keel"},
            {"version", options.version},
            {"description",
             "The HTTP API of keel serve. Sign in with POST /api/v1/session; the answer sets the session cookie and "
             "carries a csrf_token, which every unsafe request sends back in the X-CSRF-Token header. Errors are "
             "{\"error\":{\"code\",\"message\"}}; a record the caller may not see answers 404."}}},
          {"paths", paths},
          {"components",
           {{"schemas", schemas},
            {"securitySchemes",
             {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kSessionCookie}}},
              {"csrf", {{"type", "apiKey"}, {"in", "header"}, {"name", kCsrfHeader}}}}}}}};
}

}  // namespace

const char* access_name(Access access) {
  switch (access) {
    case Access::anyone: return "anyone";
    case Access::signed_in: return "signed-in";
    case Access::client: return "client";
  }
  return "client";
}

// Every route; `services` is null when they are only described.
static std::vector<ApiRoute> all_routes(Services* services, const nlohmann::json* openapi) {
  std::vector<ApiRoute> routes;
  add_health_routes(routes, services);
  add_account_routes(routes, services);
  add_record_routes(routes, services);
  add_measures_routes(routes, services);
  routes.push_back({{.method = "GET",
                     .pattern = "/api/v1/openapi.json",
                     .access = Access::anyone,
                     .tag = "meta",
                     .summary = "This document: every route of the API",
                     .response_schema = "OpenApiDocument"},
                    [openapi](const Call&) { return json_response(200, *openapi); }});
  return routes;
}

Api::Api(Services services) : services_(std::move(services)) {
  routes_ = all_routes(&services_, &openapi_);
  openapi_ = make_openapi(routes_, services_.options);
}

void Api::sweep() const { services_.stats_cache->sweep(services_.clock.now()); }

nlohmann::json Api::openapi_document(const ApiOptions& options) {
  return make_openapi(all_routes(nullptr, nullptr), options);
}

Result<http::Router> Api::router() const {
  http::Router router;
  for (const auto& route : routes_) {
    auth::SessionManager& sessions = services_.sessions;
    const ApiOptions& options = services_.options;
    const ApiRoute* described = &route;
    // A route on the I/O thread must not touch sessions (a lock held while Argon2 runs).
    if (route.description.on_io_thread && route.description.access != Access::anyone) {
      return Status::invalid("only a route open to anyone can be answered on the I/O thread");
    }
    KEEL_RETURN_IF_ERROR(router.add(
        route.description.method, route.description.pattern,
        [described, &sessions, &options](const http::Request& request) {
          return answer(*described, sessions, options, request);
        },
        route.description.on_io_thread ? http::Dispatch::io_thread : http::Dispatch::worker));
  }
  return router;
}

std::optional<std::string> session_token(const http::Request& request) {
  const std::string* header = request.header("Cookie");
  if (header == nullptr) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const auto end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == kSessionCookie) {
      return std::string(pair.substr(equals + 1));
    }
  }
  return std::nullopt;
}

std::string session_cookie(std::string_view token, int max_age_seconds, bool secure) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", kSessionCookie, token, max_age_seconds,
                     secure ? "; Secure" : "");
}

http::Response error_for(const Status& status) {
  switch (status.code()) {
    case StatusCode::invalid_argument: return http::Response::error(400, "invalid_argument", status.message());
    case StatusCode::unauthenticated: return http::Response::error(401, "unauthenticated", status.message());
    case StatusCode::forbidden: return http::Response::error(403, "forbidden", status.message());
    case StatusCode::not_found: return http::Response::error(404, "not_found", status.message());
    case StatusCode::conflict: return http::Response::error(409, "conflict", status.message());
    case StatusCode::throttled: {
      http::Response response = http::Response::error(429, "throttled", status.message());
      response.set_header("Retry-After", "900");
      return response;
    }
    case StatusCode::locked: return http::Response::error(503, "locked", status.message());
    default: return http::Response::error(500, "internal", "something went wrong on the server");
  }
}

http::Response json_response(int status, const nlohmann::json& body) {
  return http::Response::json(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

app::ClientSession client_session(Services& services, const Call& call) {
  return app::ClientSession(services.home.store(), call.session->person, services.clock, services.random);
}

}  // namespace keel::api
