// The account routes through the router: the export download, changing the password (the keys
// re-wrapped, other sessions ended), deleting the account (password again; everything goes, other
// people untouched) and open sign-up (off unless the server allows it).
#include "api/api_fixture.h"

namespace keel::api {
namespace {

using nlohmann::json;
using testing::ApiFixture;
using testing::kPassword;

const json kUrge = {{"at", "2026-05-27T21:30:00+02:00"},
                    {"time_zone", "Europe/Berlin"},
                    {"intensity", 6},
                    {"contexts", json::array()},
                    {"emotions", json::array()},
                    {"warning_signs", json::array()},
                    {"outcome", "delayed"},
                    {"strategy", ""},
                    {"note", "a private sentence"}};

class AccountRoutes : public ApiFixture {
 protected:
  auth::SessionOptions session_options() const override { return {}; }
};

TEST_F(AccountRoutes, ExportIsTheJsonLinesDownload) {
  const auto alex = sign_in("alex");
  ASSERT_EQ(call_as(alex, "POST", "/api/v1/urges", kUrge.dump()).status, 201);
  const auto exported = call_as(alex, "GET", "/api/v1/export");
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.header("Content-Type")->rfind("application/x-ndjson", 0), 0u);
  EXPECT_NE(exported.header("Content-Disposition")->find("attachment"), std::string::npos);
  std::vector<json> lines;
  std::size_t start = 0;
  while (start < exported.body.size()) {
    const auto end = exported.body.find('\n', start);
    lines.push_back(json::parse(exported.body.substr(start, end - start)));
    start = end + 1;
  }
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["type"], "keel-export");
  EXPECT_EQ(lines[1]["note"], "a private sentence");
}

TEST_F(AccountRoutes, ChangingThePasswordEndsTheOtherSessions) {
  const auto here = sign_in("alex");
  const auto elsewhere = sign_in("alex");
  const json wrong = {{"current_password", "not my password"}, {"new_password", "a new long password"}};
  const auto refused = call_as(here, "PUT", "/api/v1/me/password", wrong.dump());
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(call_as(elsewhere, "GET", "/api/v1/me").status, 200) << "a refused change ends nothing";
  const json too_short = {{"current_password", kPassword}, {"new_password", "short"}};
  EXPECT_EQ(call_as(here, "PUT", "/api/v1/me/password", too_short.dump()).status, 400);

  const json change = {{"current_password", kPassword}, {"new_password", "a new long password"}};
  ASSERT_EQ(call_as(here, "PUT", "/api/v1/me/password", change.dump()).status, 204);
  EXPECT_EQ(call_as(here, "GET", "/api/v1/me").status, 200);
  EXPECT_EQ(call_as(elsewhere, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(call_as(here, "POST", "/api/v1/urges", kUrge.dump()).status, 201) << "the keys are still held";

  EXPECT_EQ(call("POST", "/api/v1/session", json{{"username", "alex"}, {"password", kPassword}}.dump()).status, 401);
  const auto with_new =
      call("POST", "/api/v1/session", json{{"username", "alex"}, {"password", "a new long password"}}.dump());
  ASSERT_EQ(with_new.status, 200);
  auto unwrapped = home_->unlock(home_->find_person("alex").value(), "a new long password");
  EXPECT_TRUE(unwrapped.is_ok()) << "the keys are wrapped by the new password";
}

TEST_F(AccountRoutes, DeletingTheAccountNeedsThePasswordAndTakesEverything) {
  const auto alex = sign_in("alex");
  const auto sam = sign_in("sam");
  ASSERT_EQ(call_as(alex, "POST", "/api/v1/urges", kUrge.dump()).status, 201);
  ASSERT_EQ(call_as(sam, "POST", "/api/v1/urges", kUrge.dump()).status, 201);

  const auto refused = call_as(alex, "DELETE", "/api/v1/me", json{{"password", "not my password"}}.dump());
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(body_of(call_as(alex, "GET", "/api/v1/urges"))["items"].size(), 1u) << "nothing deleted";
  EXPECT_EQ(call_as(alex, "DELETE", "/api/v1/me", "").status, 400) << "the password is needed";

  const auto deleted = call_as(alex, "DELETE", "/api/v1/me", json{{"password", kPassword}}.dump());
  ASSERT_EQ(deleted.status, 204);
  EXPECT_NE(deleted.header("Set-Cookie")->find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(call_as(alex, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(call("POST", "/api/v1/session", json{{"username", "alex"}, {"password", kPassword}}.dump()).status, 401);
  EXPECT_FALSE(home_->find_person("alex").is_ok());
  EXPECT_EQ(body_of(call_as(sam, "GET", "/api/v1/urges"))["items"].size(), 1u) << "sam keeps their records";
}

TEST_F(AccountRoutes, SignUpIsClosedByDefault) {
  const json body = {{"username", "kim"}, {"password", "a long password"}, {"time_zone", "Europe/Paris"}};
  const auto refused = call("POST", "/api/v1/users", body.dump());
  EXPECT_EQ(refused.status, 403);
  EXPECT_FALSE(home_->find_person("kim").is_ok());
}

class OpenSignUp : public ApiFixture {
  ApiOptions api_options() const override {
    ApiOptions options;
    options.open_sign_up = true;
    return options;
  }
};

TEST_F(OpenSignUp, MakesAClientWhoCanSignIn) {
  const json body = {{"username", "kim"}, {"password", "a long password"}, {"time_zone", "Europe/Paris"}};
  const auto made = call("POST", "/api/v1/users", body.dump());
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(body_of(made)["user"]["role"], "client");
  EXPECT_EQ(call("POST", "/api/v1/users", body.dump()).status, 409) << "the name is taken";
  const json bad_zone = {{"username", "lee"}, {"password", "a long password"}, {"time_zone", "Mars/Base"}};
  EXPECT_EQ(call("POST", "/api/v1/users", bad_zone.dump()).status, 400);
  const auto signed_in =
      call("POST", "/api/v1/session", json{{"username", "kim"}, {"password", "a long password"}}.dump());
  EXPECT_EQ(signed_in.status, 200);
}

}  // namespace
}  // namespace keel::api
