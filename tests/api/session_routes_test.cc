// The sign-in routes through the router, as the server calls them: cookie flags, CSRF on unsafe
// methods, who am I, sign-out, and the error answers.
#include "api/api_fixture.h"

namespace keel::api {
namespace {

using nlohmann::json;
using testing::ApiFixture;
using testing::kPassword;

class SessionRoutes : public ApiFixture {
 protected:
  std::pair<std::string, std::string> sign_in() {
    const auto credentials = ApiFixture::sign_in("alex");
    return {credentials.cookie, credentials.csrf};
  }
};

TEST_F(SessionRoutes, SignInSetsAPrivateCookieAndReturnsTheCsrfToken) {
  const auto response = call("POST", "/api/v1/session", json{{"username", "alex"}, {"password", kPassword}}.dump());
  ASSERT_EQ(response.status, 200) << response.body;
  const std::string cookie = *response.header("Set-Cookie");
  EXPECT_EQ(cookie.rfind("keel_session=", 0), 0u);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  const json body = json::parse(response.body);
  EXPECT_EQ(body["user"]["username"], "alex");
  EXPECT_EQ(body["user"]["role"], "client");
  EXPECT_EQ(body["csrf_token"].get<std::string>().size(), 43u);
  EXPECT_EQ(body.dump().find(cookie.substr(13, 43)), std::string::npos) << "the token is only in the cookie";
}

TEST_F(SessionRoutes, MeAnswersOnlyASignedInCaller) {
  EXPECT_EQ(call("GET", "/api/v1/me").status, 401);
  EXPECT_EQ(call("GET", "/api/v1/me", "", {{"Cookie", "keel_session=forged"}}).status, 401);
  const auto [cookie, csrf] = sign_in();
  const auto me = call("GET", "/api/v1/me", "", {{"Cookie", "theme=dark; " + cookie}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json::parse(me.body)["user"]["username"], "alex");
}

TEST_F(SessionRoutes, SignOutNeedsTheCsrfTokenAndEndsTheSession) {
  const auto [cookie, csrf] = sign_in();
  EXPECT_EQ(call("DELETE", "/api/v1/session", "", {{"Cookie", cookie}}).status, 403);
  EXPECT_EQ(call("DELETE", "/api/v1/session", "", {{"Cookie", cookie}, {"X-CSRF-Token", "wrong"}}).status, 403);
  EXPECT_EQ(call("GET", "/api/v1/me", "", {{"Cookie", cookie}}).status, 200) << "a refused sign-out changes nothing";
  const auto out = call("DELETE", "/api/v1/session", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("Set-Cookie")->find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(call("GET", "/api/v1/me", "", {{"Cookie", cookie}}).status, 401);
  EXPECT_FALSE(home_->keys_for(home_->find_person("alex").value()).is_ok()) << "the key left with the session";
}

TEST_F(SessionRoutes, AnswersMistakesWithTheRightStatus) {
  const auto malformed = call("POST", "/api/v1/session", "{not json");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(json::parse(malformed.body)["error"]["code"], "invalid_argument");
  EXPECT_EQ(call("POST", "/api/v1/session", R"({"username":"alex"})").status, 400);
  const auto wrong = call("POST", "/api/v1/session", json{{"username", "alex"}, {"password", "nope nope"}}.dump());
  const auto unknown = call("POST", "/api/v1/session", json{{"username", "kim"}, {"password", "nope nope"}}.dump());
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(call("POST", "/api/v1/session", json{{"username", "alex"}, {"password", "nope nope"}}.dump()).status, 401);
  const auto throttled = call("POST", "/api/v1/session", json{{"username", "alex"}, {"password", kPassword}}.dump());
  EXPECT_EQ(throttled.status, 429);
  EXPECT_NE(throttled.header("Retry-After"), nullptr);
}

}  // namespace
}  // namespace keel::api

namespace keel::api {
namespace {

class BehindAProxy : public testing::ApiFixture {
 protected:
  ApiOptions api_options() const override {
    ApiOptions options;
    options.trusted_proxies = {"192.0.2.10"};  // the address every fixture call comes from
    return options;
  }
  auth::SessionOptions session_options() const override {
    auth::SessionOptions options;
    options.failures_per_address = 2;
    return options;
  }
  http::Response sign_in_via_proxy(const std::string& name, const std::string& password, http::Headers headers) {
    return call("POST", "/api/v1/session", nlohmann::json{{"username", name}, {"password", password}}.dump(),
                std::move(headers));
  }
};

TEST_F(BehindAProxy, TheCookieIsSecureWhenTheProxySpokeHttps) {
  const auto https = sign_in_via_proxy("alex", testing::kPassword, {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(https.status, 200);
  EXPECT_NE(https.header("Set-Cookie")->find("; Secure"), std::string::npos);
  const auto plain = sign_in_via_proxy("alex", testing::kPassword, {});
  EXPECT_EQ(plain.header("Set-Cookie")->find("Secure"), std::string::npos);
}

TEST_F(BehindAProxy, ThrottlesTheClientsAddressNotTheProxys) {
  const http::Headers mallory = {{"X-Forwarded-For", "203.0.113.9, 198.51.100.1"}};
  EXPECT_EQ(sign_in_via_proxy("kim", "wrong password", mallory).status, 401);
  EXPECT_EQ(sign_in_via_proxy("lee", "wrong password", mallory).status, 401);
  EXPECT_EQ(sign_in_via_proxy("alex", testing::kPassword, mallory).status, 429) << "that address is throttled";
  const http::Headers someone_else = {{"X-Forwarded-For", "198.51.100.2"}};
  EXPECT_EQ(sign_in_via_proxy("alex", testing::kPassword, someone_else).status, 200) << "other people are not";
}

TEST_F(SessionRoutes, ForwardedHeadersFromAnyoneButATrustedProxyAreIgnored) {
  const auto response = call("POST", "/api/v1/session", json{{"username", "alex"}, {"password", kPassword}}.dump(),
                             {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.header("Set-Cookie")->find("Secure"), std::string::npos);
}

}  // namespace
}  // namespace keel::api
