// Health, signing in and out, who am I, the password, the account's export and its deletion,
// and open sign-up when the server allows it.
#include <sstream>

#include "api/bodies.h"
#include "api/routes.h"
#include "crypto/keys.h"

namespace keel::api {

namespace {

using nlohmann::json;

constexpr int kCookieSeconds = 12 * 60 * 60;  // the session's absolute timeout

json person_json(const store::Person& person) {
  return {{"person_id", person.person_id},
          {"username", person.name},
          {"role", person.role},
          {"time_zone", person.time_zone}};
}

http::Response no_content() {
  http::Response response;
  response.status = 204;
  return response;
}

}  // namespace

void add_health_routes(RouteList& routes, Services* /*services*/) {
  routes.push_back({{.method = "GET",
                     .pattern = "/healthz",
                     .access = Access::anyone,
                     .tag = "meta",
                     .summary = "Whether the server is up",
                     .response_schema = "Health",
                     .on_io_thread = true},
                    [](const Call&) { return http::Response::json(200, R"({"status":"ok"})"); }});
}

void add_account_routes(RouteList& routes, Services* services) {
  Services* s = services;

  routes.push_back({{.method = "POST",
                     .pattern = "/api/v1/session",
                     .access = Access::anyone,
                     .tag = "account",
                     .summary = "Sign in: sets the session cookie and answers the CSRF token",
                     .request_schema = "Credentials",
                     .response_schema = "SignedIn",
                     .error_statuses = {401, 429}},
                    [s](const Call& call) {
                      auto credentials = decode_sign_in(call.request.body);
                      if (!credentials) return error_for(credentials.status());
                      auto signed_in = s->sessions.sign_in(credentials->username, credentials->password,
                                                           call.request.remote_address);
                      if (!signed_in) return error_for(signed_in.status());
                      http::Response response = json_response(200, {{"csrf_token", signed_in->csrf_token},
                                                                    {"user", person_json(signed_in->session.person)}});
                      response.set_header("Set-Cookie", session_cookie(signed_in->token, kCookieSeconds, call.secure));
                      return response;
                    }});

  routes.push_back({{.method = "DELETE",
                     .pattern = "/api/v1/session",
                     .access = Access::signed_in,
                     .tag = "account",
                     .summary = "Sign out: ends this session and clears the cookie",
                     .success_status = 204},
                    [s](const Call& call) {
                      s->sessions.sign_out(call.token);
                      s->stats_cache->forget(call.session->person.person_id);
                      http::Response response = no_content();
                      response.set_header("Set-Cookie", session_cookie("", 0, call.secure));
                      return response;
                    }});

  routes.push_back({{.method = "GET",
                     .pattern = "/api/v1/me",
                     .access = Access::signed_in,
                     .tag = "account",
                     .summary = "Who is signed in",
                     .response_schema = "Me"},
                    [](const Call& call) {
                      return json_response(200, {{"user", person_json(call.session->person)}});
                    }});

  routes.push_back({{.method = "PUT",
                     .pattern = "/api/v1/me/password",
                     .access = Access::signed_in,
                     .tag = "account",
                     .summary = "Change the password: the keys are wrapped again and every other session ends",
                     .request_schema = "PasswordChange",
                     .success_status = 204,
                     .error_statuses = {429}},
                    [s](const Call& call) {
                      auto change = decode_password_change(call.request.body);
                      if (!change) return error_for(change.status());
                      const Status changed =
                          s->sessions.change_password(call.session->person, change->current_password,
                                                      change->new_password, call.token, call.request.remote_address);
                      // A wrong current password is a 400 here: the session itself is fine.
                      if (changed.code() == StatusCode::unauthenticated) {
                        return http::Response::error(400, "invalid_argument", changed.message());
                      }
                      return changed.is_ok() ? no_content() : error_for(changed);
                    }});

  routes.push_back({{.method = "DELETE",
                     .pattern = "/api/v1/me",
                     .access = Access::signed_in,
                     .tag = "account",
                     .summary = "Delete the account and every record in it, after the password is given again",
                     .request_schema = "PasswordConfirmation",
                     .success_status = 204,
                     .error_statuses = {429}},
                    [s](const Call& call) {
                      auto password = decode_password_confirmation(call.request.body);
                      if (!password) return error_for(password.status());
                      const Status deleted =
                          s->sessions.delete_account(call.session->person, *password, call.request.remote_address);
                      if (deleted.code() == StatusCode::unauthenticated) {
                        return http::Response::error(400, "invalid_argument", deleted.message());
                      }
                      if (!deleted.is_ok()) return error_for(deleted);
                      s->stats_cache->forget(call.session->person.person_id);
                      http::Response response = no_content();
                      response.set_header("Set-Cookie", session_cookie("", 0, call.secure));
                      return response;
                    }});

  routes.push_back({{.method = "GET",
                     .pattern = "/api/v1/export",
                     .access = Access::client,
                     .tag = "account",
                     .summary = "Every record, as the JSON Lines export (docs/data-format.md), as a download",
                     .response_schema = "ExportLines",
                     .response_type = "application/x-ndjson"},
                    [s](const Call& call) {
                      app::ClientSession session = client_session(*s, call);
                      std::ostringstream lines;
                      const Status exported = session.export_to(lines);
                      if (!exported.is_ok()) return error_for(exported);
                      http::Response response;
                      response.status = 200;
                      response.body = std::move(lines).str();
                      response.set_header("Content-Type", "application/x-ndjson; charset=utf-8");
                      response.set_header("Content-Disposition", "attachment; filename=\"keel-export.jsonl\"");
                      return response;
                    }});

  routes.push_back({{.method = "POST",
                     .pattern = "/api/v1/users",
                     .access = Access::anyone,
                     .tag = "account",
                     .summary = "Open sign-up (when the server allows it): a new client account",
                     .request_schema = "SignUp",
                     .success_status = 201,
                     .response_schema = "Me",
                     .error_statuses = {403, 409, 429}},
                    [s](const Call& call) {
                      if (!s->options.open_sign_up) {
                        return http::Response::error(403, "forbidden",
                                                     "this server does not take sign-ups; ask its administrator");
                      }
                      auto sign_up = decode_sign_up(call.request.body);
                      if (!sign_up) return error_for(sign_up.status());
                      app::Home::PersonOptions options;
                      options.name = sign_up->username;
                      options.role = "client";
                      options.passphrase = sign_up->password;
                      options.time_zone = sign_up->time_zone;
                      options.strength = crypto::kdf_strength_from_environment(crypto::KdfStrength::moderate);
                      auto person = s->sessions.sign_up(options, call.request.remote_address);
                      if (!person) return error_for(person.status());
                      return json_response(201, {{"user", person_json(*person)}});
                    }});
}

}  // namespace keel::api
