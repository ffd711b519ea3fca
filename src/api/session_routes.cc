#include "api/session_routes.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace keel::api {

namespace {

using nlohmann::json;

http::Response error_for(const Status& status) {
  switch (status.code()) {
    case StatusCode::invalid_argument: return http::Response::error(400, "invalid_argument", status.message());
    case StatusCode::unauthenticated: return http::Response::error(401, "unauthenticated", status.message());
    case StatusCode::forbidden: return http::Response::error(403, "forbidden", status.message());
    case StatusCode::not_found: return http::Response::error(404, "not_found", status.message());
    case StatusCode::conflict: return http::Response::error(409, "conflict", status.message());
    case StatusCode::throttled: return http::Response::error(429, "throttled", status.message());
    case StatusCode::locked: return http::Response::error(503, "locked", status.message());
    default: return http::Response::error(500, "internal", "something went wrong on the server");
  }
}

std::string cookie(std::string_view value, int max_age_seconds, const SessionRouteOptions& options) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", kSessionCookie, value, max_age_seconds,
                     options.secure_cookie ? "; Secure" : "");
}

json person_json(const store::Person& person) {
  return {{"person_id", person.person_id},
          {"username", person.name},
          {"role", person.role},
          {"time_zone", person.time_zone}};
}

}  // namespace

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

Caller authenticate(auth::SessionManager& sessions, const http::Request& request) {
  Caller caller;
  const auto token = session_token(request);
  if (!token) {
    caller.refusal = http::Response::error(401, "unauthenticated", "please sign in");
    return caller;
  }
  auto session = sessions.authenticate(*token);
  if (!session) {
    caller.refusal = error_for(session.status());
    return caller;
  }
  if (request.method != "GET" && request.method != "HEAD") {
    const std::string* csrf = request.header(kCsrfHeader);
    if (csrf == nullptr || !sessions.check_csrf(*token, *csrf)) {
      caller.refusal = http::Response::error(403, "forbidden", "the X-CSRF-Token header is missing or wrong");
      return caller;
    }
  }
  caller.session = std::move(session).value();
  return caller;
}

Status add_session_routes(http::Router& router, auth::SessionManager& sessions, SessionRouteOptions options) {
  KEEL_RETURN_IF_ERROR(router.add("POST", "/api/v1/session", [&sessions, options](const http::Request& request) {
    const json body = json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("username") || !body.contains("password") ||
        !body["username"].is_string() || !body["password"].is_string()) {
      return http::Response::error(400, "invalid_argument",
                                   "send a JSON object with \"username\" and \"password\" strings");
    }
    auto signed_in = sessions.sign_in(body["username"].get<std::string>(), body["password"].get<std::string>(),
                                      request.remote_address);
    if (!signed_in) {
      http::Response refusal = error_for(signed_in.status());
      if (signed_in.status().code() == StatusCode::throttled) refusal.set_header("Retry-After", "900");
      return refusal;
    }
    http::Response response = http::Response::json(
        200, json{{"csrf_token", signed_in->csrf_token}, {"user", person_json(signed_in->session.person)}}.dump());
    response.set_header("Set-Cookie", cookie(signed_in->token, 12 * 60 * 60, options));
    return response;
  }));
  KEEL_RETURN_IF_ERROR(router.add("DELETE", "/api/v1/session", [&sessions, options](const http::Request& request) {
    Caller caller = authenticate(sessions, request);
    if (!caller.session) return caller.refusal;
    sessions.sign_out(*session_token(request));
    http::Response response;
    response.status = 204;
    response.set_header("Set-Cookie", cookie("", 0, options));
    return response;
  }));
  return router.add("GET", "/api/v1/me", [&sessions](const http::Request& request) {
    Caller caller = authenticate(sessions, request);
    if (!caller.session) return caller.refusal;
    return http::Response::json(200, json{{"user", person_json(caller.session->person)}}.dump());
  });
}

}  // namespace keel::api
