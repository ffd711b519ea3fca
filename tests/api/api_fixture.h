// The API through its router, as the server calls it, on a home with two clients ("alex" and
// "sam") and a clinician ("robin"): requests are made from a target string, a body and headers,
// and answered by the handler the router picks, after its access checks.
#pragma once

#include <gtest/gtest.h>
#include <zlib.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>

#include "api/api.h"
#include "http/target.h"
#include "support/test_support.h"

namespace keel::api::testing {

// A gzip stream's bytes, or "" when it is not one.
inline std::string gunzip(const std::string& compressed) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return "";
  std::string out;
  char buffer[16384];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  return result == Z_STREAM_END ? out : "";
}

using nlohmann::json;

inline constexpr const char* kPassword = "correct horse battery";

// A signed-in person's cookie pair ("keel_session=…") and CSRF token.
struct Credentials {
  std::string cookie;
  std::string csrf;
};

class ApiFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("KEEL_KDF", "test", 1);
    app::Home::CreateOptions options{directory_.path() + "/home", "alex", kPassword, "Europe/Berlin",
                                     crypto::KdfStrength::test_only};
    auto made = app::Home::create(options, clock_);
    ASSERT_TRUE(made.is_ok()) << made.status().message();
    made->reset();
    home_ = std::move(app::Home::open(options.directory, clock_)).value();
    for (const auto& [name, role] : {std::pair{"sam", "client"}, std::pair{"robin", "clinician"}}) {
      auto added = home_->add_person({name, role, kPassword, "America/New_York", crypto::KdfStrength::test_only});
      ASSERT_TRUE(added.is_ok()) << added.status().message();
    }
    sessions_ = std::make_unique<auth::SessionManager>(*home_, clock_, session_options());
    api_ = std::make_unique<Api>(Services{*home_, *sessions_, clock_, random_, api_options()});
    auto router = api_->router();
    ASSERT_TRUE(router.is_ok()) << router.status().message();
    router_ = std::move(router).value();
  }

  virtual ApiOptions api_options() const { return {}; }
  virtual auth::SessionOptions session_options() const {
    auth::SessionOptions options;
    options.failures_per_account = 2;  // throttling shows after two wrong passwords
    return options;
  }

  // Answers `method target` with `body`; a body gets Content-Type: application/json unless
  // `headers` name one.
  http::Response call(std::string method, std::string_view target, std::string body = "", http::Headers headers = {}) {
    auto parsed = http::parse_target(target);
    EXPECT_TRUE(parsed.is_ok()) << target;
    if (!parsed.is_ok()) return http::not_found_response();
    auto match = router_.match(method, parsed->path);
    if (!match.is_ok()) return http::Response::error(400, "invalid_argument", match.status().message());
    if (match->outcome == http::Router::Match::Outcome::not_found) return http::not_found_response();
    if (match->outcome == http::Router::Match::Outcome::method_not_allowed) {
      return http::method_not_allowed_response(match->allowed_methods);
    }
    http::Request request;
    request.method = std::move(method);
    request.path = parsed->path;
    request.query = parsed->query;
    request.path_parameters = match->parameters;
    request.route = match->route->pattern;
    bool has_type = false;
    for (const auto& [name, value] : headers) has_type = has_type || http::equal_ignoring_case(name, "Content-Type");
    if (!body.empty() && !has_type) headers.emplace_back("Content-Type", "application/json");
    request.headers = std::move(headers);
    request.body = std::move(body);
    request.remote_address = "192.0.2.10";
    return match->route->handler(request);
  }

  // Signs a person in.
  Credentials sign_in(const std::string& name = "alex") {
    const auto response = call("POST", "/api/v1/session", json{{"username", name}, {"password", kPassword}}.dump());
    EXPECT_EQ(response.status, 200) << response.body;
    const std::string* set_cookie = response.header("Set-Cookie");
    EXPECT_NE(set_cookie, nullptr);
    if (set_cookie == nullptr) return {};
    return {set_cookie->substr(0, set_cookie->find(';')), json::parse(response.body)["csrf_token"]};
  }

  // A call as a signed-in person: the cookie always, the CSRF token too.
  http::Response call_as(const Credentials& who, std::string method, std::string_view target, std::string body = "") {
    return call(std::move(method), target, std::move(body), {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
  }

  static json body_of(const http::Response& response) { return json::parse(response.body, nullptr, false); }
  static std::string error_code(const http::Response& response) {
    const json body = body_of(response);
    return body.is_object() && body.contains("error") ? body["error"].value("code", "") : "";
  }

  keel::testing::TempDir directory_;
  ManualClock clock_{from_unix_milliseconds(1'780'000'000'000)};  // 2026-05-28
  SystemRandom random_;
  std::unique_ptr<app::Home> home_;
  std::unique_ptr<auth::SessionManager> sessions_;
  std::unique_ptr<Api> api_;
  http::Router router_;
};

}  // namespace keel::api::testing
