// Deny by default, as a table of role × route × owner: every route the Api has (so a new route is
// covered without editing this file) is called by nobody, by each role, without the CSRF token,
// and, for a record, by another client; each answer must be what the route's access allows.
#include "api/api_fixture.h"

namespace keel::api {
namespace {

using nlohmann::json;
using testing::ApiFixture;
using testing::Credentials;
using testing::kPassword;

constexpr const char* kUrgeId = "01JZ00000000000000000000AA";

// Who may call what, written out here so that a route whose description widens its access fails:
// everything not named is a client's own.
Access expected_access(const RouteDescription& route) {
  const std::string key = route.method + " " + route.pattern;
  for (const char* open : {"GET /healthz", "GET /api/v1/openapi.json", "POST /api/v1/session", "POST /api/v1/users",
                           "GET /api/v1/crisis-resources"}) {
    if (key == open) return Access::anyone;
  }
  for (const char* any_role :
       {"DELETE /api/v1/session", "GET /api/v1/me", "PUT /api/v1/me/password", "DELETE /api/v1/me"}) {
    if (key == any_role) return Access::signed_in;
  }
  return Access::client;
}

class Authorization : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    for (const auto& [name, role] : {std::pair{"ari", "ally"}, std::pair{"ada", "admin"}}) {
      ASSERT_TRUE(home_->add_person({name, role, kPassword, "Europe/Berlin", crypto::KdfStrength::test_only}).is_ok());
    }
    // One record of alex's of each kind the paths name, all with the same id.
    const auto alex = sign_in("alex");
    const json urge = {{"id", kUrgeId},
                       {"at", "2026-05-27T21:30:00+02:00"},
                       {"time_zone", "Europe/Berlin"},
                       {"intensity", 6},
                       {"contexts", json::array()},
                       {"emotions", json::array()},
                       {"warning_signs", json::array()},
                       {"outcome", "acted"},
                       {"strategy", ""},
                       {"note", "alex's words"}};
    ASSERT_EQ(call_as(alex, "POST", "/api/v1/urges", urge.dump()).status, 201);
  }

  // The route's pattern with alex's record id for {id}.
  static std::string target_of(const RouteDescription& route) {
    std::string target = route.pattern;
    if (const auto at = target.find("{id}"); at != std::string::npos) target.replace(at, 4, kUrgeId);
    return target;
  }
};

TEST_F(Authorization, EveryRouteAnswersOnlyWhomItsAccessAllows) {
  ASSERT_GT(api_->routes().size(), 45u);
  for (const auto& route : api_->routes()) {
    RouteDescription description = route.description;
    const std::string target = target_of(description);
    const std::string where = description.method + " " + description.pattern;
    EXPECT_EQ(access_name(description.access), std::string(access_name(expected_access(description)))) << where;
    description.access = expected_access(description);  // what the calls below must find
    const bool unsafe = description.method != "GET" && description.method != "HEAD";

    // Nobody signed in.
    const auto anonymous = call(description.method, target, "");
    if (description.access == Access::anyone) {
      EXPECT_NE(anonymous.status, 401) << where;
    } else {
      EXPECT_EQ(anonymous.status, 401) << where;
    }
    if (description.access == Access::anyone) continue;

    // Signed in, but an unsafe method without the CSRF token.
    if (unsafe) {
      const Credentials sam = sign_in("sam");
      EXPECT_EQ(call(description.method, target, "", {{"Cookie", sam.cookie}}).status, 403) << where;
    }

    // Each role; every call with a fresh session, since some routes end it.
    for (const char* name : {"robin", "ari", "ada"}) {
      const auto answer = call_as(sign_in(name), description.method, target, "");
      if (description.access == Access::client) {
        EXPECT_EQ(answer.status, 403) << where << " as " << name;
      } else {
        EXPECT_NE(answer.status, 401) << where << " as " << name;
        EXPECT_NE(answer.status, 403) << where << " as " << name;
      }
    }

    // Another client, with alex's record id in the path: as if it did not exist.
    if (description.access == Access::client && description.pattern.find("{id}") != std::string::npos &&
        description.pattern.rfind("/api/v1/instruments", 0) != 0) {
      const auto answer = call_as(sign_in("sam"), description.method, target, "{}");
      EXPECT_EQ(answer.status, 404) << where;
    }
  }
  // alex's urge is still there, unchanged, after every other person's attempts.
  const json stored = body_of(call_as(sign_in("alex"), "GET", std::string("/api/v1/urges/") + kUrgeId));
  EXPECT_EQ(stored["note"], "alex's words");
  EXPECT_EQ(stored["intensity"], 6);
}

TEST_F(Authorization, EveryRouteIsInTheOpenApiDocumentWithItsAccess) {
  const json& paths = api_->openapi()["paths"];
  std::size_t operations = 0;
  for (const auto& [path, methods] : paths.items()) operations += methods.size();
  EXPECT_EQ(operations, api_->routes().size());
  for (const auto& route : api_->routes()) {
    std::string method = route.description.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(paths.contains(route.description.pattern)) << route.description.pattern;
    ASSERT_TRUE(paths[route.description.pattern].contains(method)) << method << " " << route.description.pattern;
    EXPECT_EQ(paths[route.description.pattern][method]["x-keel-access"], access_name(route.description.access));
  }
}

}  // namespace
}  // namespace keel::api
