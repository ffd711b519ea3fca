// The sign-in routes of /api/v1: POST /api/v1/session (sign in: sets the session cookie and
// returns the CSRF token), DELETE /api/v1/session (sign out, with the CSRF token) and
// GET /api/v1/me. Handlers translate between HTTP and auth::SessionManager; they hold no rules.
#pragma once

#include <optional>
#include <string>

#include "auth/sessions.h"
#include "http/router.h"

namespace keel::api {

inline constexpr const char* kSessionCookie = "keel_session";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

struct SessionRouteOptions {
  bool secure_cookie = false;  // add `Secure` (behind TLS, or a proxy that terminates it)
};

// The session token from the request's Cookie header, if any.
std::optional<std::string> session_token(const http::Request& request);

// The signed-in session of a request, or the 401 to answer. For unsafe methods (anything but
// GET and HEAD) the X-CSRF-Token header must match the session's, else 403.
struct Caller {
  std::optional<auth::Session> session;
  http::Response refusal;  // when there is no session
};
Caller authenticate(auth::SessionManager& sessions, const http::Request& request);

Status add_session_routes(http::Router& router, auth::SessionManager& sessions, SessionRouteOptions options = {});

}  // namespace keel::api
