// What a running `keel serve` does with bad input: each mistake gets its 4xx with a JSON
// {"error":{"code","message"}} body, and nothing is written (the client's export and lists are
// the same afterwards). Also CSRF: every unsafe method without the right X-CSRF-Token is a 403 that
// changes nothing. The server runs with --body-limit 4 (KiB) so that an oversized body is cheap.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "serve/api_client.h"
#include "serve/records.h"
#include "serve/served_home.h"

namespace keel::serve_testing {
namespace {

constexpr std::size_t kBodyLimit = 4 * 1024;

ServedHome& bad_input_home() {
  static const std::unique_ptr<ServedHome> served = start_shared({{"alex"}, {"sam"}}, {"--body-limit", "4"});
  return *served;
}

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(bad_input_home().made()) << bad_input_home().problem();
    alex_ = std::make_unique<ApiClient>(bad_input_home().port());
    ASSERT_EQ(alex_->sign_in("alex", kPassword).status, 200);
    // Something stored already, which the mistakes must leave alone.
    const Answer urge = alex_->post("/api/v1/urges", urge_record(1, "surfed", "stored before the mistakes"));
    ASSERT_EQ(urge.status, 201) << describe(urge);
    urge_id_ = urge.as_json()["id"].get<std::string>();
    before_ = snapshot();
  }

  // Everything alex has stored, as alex reads it.
  std::string snapshot() const {
    std::string all = alex_->export_records();
    for (const auto& kind : record_kinds()) all += alex_->get("/api/v1/" + kind.path + "?limit=1000").body;
    all += alex_->get("/api/v1/assessments").body;
    return all;
  }

  // Expects a refusal with `status` and a JSON error body.
  static void expect_refusal(const Answer& answer, int status, const std::string& what) {
    EXPECT_EQ(answer.status, status) << what << ": " << describe(answer);
    EXPECT_TRUE(answer.is_error()) << what << ": " << describe(answer);
    EXPECT_EQ(answer.header("Content-Type").rfind("application/json", 0), 0u) << what;
  }

  void TearDown() override {
    if (alex_) {
      EXPECT_EQ(snapshot(), before_) << "a refused request wrote something";
    }
  }

  std::unique_ptr<ApiClient> alex_;
  std::string urge_id_;
  std::string before_;
};

TEST_F(BadInput, WrongRecordBodiesAre400) {
  struct Case {
    std::string what;
    std::string body;
  };
  const json urge = urge_record(2);
  const auto changed = [&](const std::string& field, const json& value) {
    json copy = urge;
    copy[field] = value;
    return copy.dump();
  };
  std::vector<std::string> thirty_three;
  for (int tag = 0; tag < 33; ++tag) thirty_three.push_back("tag " + std::to_string(tag));
  const auto without = [&](const std::string& field) {
    json copy = urge;
    copy.erase(field);
    return copy.dump();
  };
  const std::vector<Case> cases = {
      {"malformed JSON", R"({"at": )"},
      {"trailing garbage", urge.dump() + "}"},
      {"not an object", "[1,2]"},
      {"a bare string", R"("urge")"},
      {"an intensity that is text", changed("intensity", "high")},
      {"an intensity that is a fraction", changed("intensity", 6.5)},
      {"contexts that are text", changed("contexts", "alone")},
      {"a time that is a number", changed("at", 1780000000)},
      {"a missing time", without("at")},
      {"a missing intensity", without("intensity")},
      {"a missing outcome", without("outcome")},
      {"an unknown field", changed("mood", 3)},
      {"intensity 11", changed("intensity", 11)},
      {"intensity -1", changed("intensity", -1)},
      {"a duration over a day", changed("duration_minutes", 1441)},
      {"an unknown outcome", changed("outcome", "maybe")},
      {"an unknown time zone", changed("time_zone", "Mars/Olympus_Mons")},
      {"a time without an offset", changed("at", "2026-02-02T21:00:00")},
      {"a time far in the future", changed("at", "2099-01-01T00:00:00Z")},
      {"a time before 2000", changed("at", "1999-12-31T23:00:00Z")},
      {"another kind's type", changed("type", "checkin")},
      {"an id that is no ULID", changed("id", "not-an-id")},
      {"invalid UTF-8 in the note", R"({"note":"caf)" + std::string("\xC3\x28") + R"("})"},
      {"invalid UTF-8 in a tag", without("contexts").insert(1, "\"contexts\":[\"\xFF\xFE\"],")},
      {"a NUL in the note", changed("note", std::string("a\0b", 3))},
      {"a strategy over 1000 bytes", changed("strategy", std::string(1001, 's'))},
      {"an intensity past 32 bits (2^32 + 6)", changed("intensity", 4294967302LL)},
      {"a duration past 32 bits (2^32 + 20)", changed("duration_minutes", 4294967316LL)},
      {"an intensity of 1e400", R"({"intensity":1e400})"},
      {"a duration written as a fraction", changed("duration_minutes", 20.0)},
      {"a lone UTF-16 surrogate in the note", R"({"note":"\ud800"})"},
      {"a date that does not exist", changed("at", "2026-02-30T21:00:00+01:00")},
      {"33 contexts", changed("contexts", thirty_three)},
      {"a context of 65 bytes", changed("contexts", {std::string(65, 'c')})},
      {"null for a list", changed("contexts", nullptr)},
  };
  for (const auto& example : cases) {
    const Answer answer = alex_->call("POST", "/api/v1/urges", example.body);
    expect_refusal(answer, 400, example.what);
    EXPECT_EQ(answer.error_code(), "invalid_argument") << example.what;
  }
  const Answer empty = alex_->call("POST", "/api/v1/urges", "", {{"Content-Type", "application/json"}});
  expect_refusal(empty, 400, "an empty body");
}

TEST_F(BadInput, EveryKindRefusesMissingMistypedAndUnknownFields) {
  for (const auto& kind : record_kinds()) {
    const std::string collection = "/api/v1/" + kind.path;
    const json record = valid_record(kind.path, 5, urge_id_);
    json unknown = record;
    unknown["colour"] = "blue";
    expect_refusal(alex_->post(collection, unknown), 400, kind.path + " with an unknown field");
    json missing = record;
    missing.erase(missing.begin());
    expect_refusal(alex_->post(collection, missing), 400, kind.path + " without " + record.begin().key());
    json mistyped = record;
    mistyped[record.begin().key()] = json::array({1});
    expect_refusal(alex_->post(collection, mistyped), 400, kind.path + " with a list for " + record.begin().key());
    expect_refusal(alex_->call("POST", collection, "{"), 400, kind.path + " with malformed JSON");
    expect_refusal(alex_->post(collection, json::object()), 400, kind.path + " as {}");
  }
  // A lapse review of an urge that is not "acted", and of no urge at all.
  const Answer not_acted = alex_->post("/api/v1/lapse-reviews", valid_record("lapse-reviews", 2, urge_id_));
  expect_refusal(not_acted, 400, "a review of an urge that was surfed");
  const Answer no_urge = alex_->post("/api/v1/lapse-reviews", valid_record("lapse-reviews", 2, client_id()));
  EXPECT_EQ(no_urge.status, 404) << describe(no_urge);
}

TEST_F(BadInput, WrongPatchesAre400AndTheRecordStays) {
  const std::string target = "/api/v1/urges/" + urge_id_;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"malformed JSON", R"({"note": )"},           {"not an object", "[]"},
      {"intensity 11", R"({"intensity":11})"},      {"an intensity that is text", R"({"intensity":"high"})"},
      {"an unknown field", R"({"mood":3})"},        {"a new id", R"({"id":"01JZ0000000000000000000009"})"},
      {"a new type", R"({"type":"checkin"})"},      {"a required field removed", R"({"at":null})"},
      {"invalid UTF-8", "{\"note\":\"\xC3\x28\"}"},
  };
  for (const auto& [what, body] : cases) expect_refusal(alex_->call("PATCH", target, body), 400, what);
  const Answer nothing = alex_->call("PATCH", "/api/v1/urges/not-an-id", R"({"note":"x"})");
  expect_refusal(nothing, 404, "a patch of an id that is no id");
}

TEST_F(BadInput, AnOversizedBodyIs413) {
  json big = urge_record(3);
  big["note"] = std::string(2 * kBodyLimit, 'n');
  const Answer refused = alex_->post("/api/v1/urges", big);
  expect_refusal(refused, 413, "a body over --body-limit");
  EXPECT_EQ(refused.error_code(), "payload_too_large");
  const Answer sign_in =
      ApiClient(bad_input_home().port()).call("POST", "/api/v1/session", std::string(kBodyLimit + 1, ' ') + "{}");
  expect_refusal(sign_in, 413, "an oversized sign-in");

  // Just under the limit is fine (this one is written, so the snapshot is taken again).
  json fits = urge_record(3);
  fits["note"] = std::string(kBodyLimit - 600, 'n');
  ASSERT_LT(fits.dump().size(), kBodyLimit);
  EXPECT_EQ(alex_->post("/api/v1/urges", fits).status, 201);
  before_ = snapshot();
}

TEST_F(BadInput, ABodyThatIsNotJsonIs415) {
  const std::string body = urge_record(4).dump();
  for (const std::string type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                                 "application/json; charset=iso-8859-1", "application/jsonx"}) {
    const Answer answer = alex_->call("POST", "/api/v1/urges", body, {{"Content-Type", type}});
    expect_refusal(answer, 415, type);
    EXPECT_EQ(answer.error_code(), "unsupported_media_type") << type;
  }
  expect_refusal(alex_->call("POST", "/api/v1/urges", body, {{"Content-Type", ""}}), 415, "an empty Content-Type");
  // No Content-Type at all (the ApiClient would add one).
  http::testing::Client raw(bad_input_home().port());
  const auto untyped = raw.request(boost::beast::http::verb::post, "/api/v1/urges", body,
                                   {{"Cookie", alex_->cookie()}, {"X-CSRF-Token", alex_->csrf()}}, false);
  ASSERT_TRUE(untyped);
  EXPECT_EQ(untyped->status, 415) << untyped->body;
  expect_refusal(alex_->call("PATCH", "/api/v1/urges/" + urge_id_, R"({"note":"x"})", {{"Content-Type", "text/plain"}}),
                 415, "a patch as text/plain");
  const Answer accepted =
      alex_->call("POST", "/api/v1/urges", body, {{"Content-Type", "application/json; charset=utf-8"}});
  EXPECT_EQ(accepted.status, 201) << describe(accepted);
  before_ = snapshot();
}

TEST_F(BadInput, UnknownRoutesAre404AndUnknownMethods405) {
  for (const char* target : {"/api/v1/nothing", "/api/v2/urges",
                             "/api/v1/urges/"
                             "01JZ0000000000000000000001/more",
                             "/api/v1/", "/nothing"}) {
    const Answer answer = alex_->get(target);
    expect_refusal(answer, 404, target);
    EXPECT_EQ(answer.error_code(), "not_found") << target;
  }
  const Answer put = alex_->call("PUT", "/api/v1/urges", urge_record(5).dump());
  expect_refusal(put, 405, "PUT on a collection");
  EXPECT_EQ(put.error_code(), "method_not_allowed");
  const std::string allow = put.header("Allow");
  EXPECT_NE(allow.find("GET"), std::string::npos) << allow;
  EXPECT_NE(allow.find("POST"), std::string::npos) << allow;
  expect_refusal(alex_->call("POST", "/api/v1/urges/" + urge_id_, urge_record(5).dump()), 405, "POST on a record");
  expect_refusal(alex_->call("DELETE", "/api/v1/instruments"), 405, "DELETE on the instruments");
  expect_refusal(alex_->call("PUT", "/api/v1/me"), 405, "PUT on who am I");
}

TEST_F(BadInput, BadQueryParametersAre400) {
  for (const std::string query :
       {"limit=0", "limit=1001", "limit=-1", "limit=ten", "limit=", "since=garbage", "since=2026-02-30T00:00:00Z",
        "until=yesterday", "after=short", "colour=blue", "since=%FF"}) {
    for (const char* collection : {"urges", "journal"}) {
      const std::string target = std::string("/api/v1/") + collection + "?" + query;
      const Answer answer = alex_->get(target);
      expect_refusal(answer, 400, target);
    }
  }
  for (const std::string target :
       {"/api/v1/stats?since=garbage", "/api/v1/stats?as_of=garbage", "/api/v1/stats?colour=blue",
        "/api/v1/assessments?instrument=no-such-thing", "/api/v1/assessments?colour=blue"}) {
    expect_refusal(alex_->get(target), 400, target);
  }
}

TEST_F(BadInput, WrongAccountAndMeasureBodiesAre400) {
  ApiClient anyone(bad_input_home().port());
  expect_refusal(anyone.call("POST", "/api/v1/session", R"({"username":"alex")"), 400, "a malformed sign-in");
  expect_refusal(anyone.post("/api/v1/session", {{"username", "alex"}}), 400, "a sign-in without a password");
  expect_refusal(anyone.post("/api/v1/session", {{"username", "alex"}, {"password", 5}}), 400, "a numeric password");
  expect_refusal(anyone.post("/api/v1/session", {{"username", "alex"}, {"password", kPassword}, {"remember", true}}),
                 400, "a sign-in with an unknown field");
  expect_refusal(alex_->put("/api/v1/me/password", {{"new_password", "a new long password"}}), 400,
                 "a password change without the current one");
  expect_refusal(alex_->del("/api/v1/me", json{{"password", 5}}), 400, "a numeric password to delete the account");
  expect_refusal(alex_->del("/api/v1/me", json{{"password", kPassword}, {"really", true}}), 400,
                 "an unknown field with the deletion");
  expect_refusal(alex_->post("/api/v1/assessments", {{"instrument", "phq-9"}, {"answers", {1, 2}}}), 400,
                 "answers that are a list");
  expect_refusal(alex_->post("/api/v1/assessments", {{"instrument", "phq-9"}, {"answers", {{"1", 0}}}}), 400,
                 "an answer that is a number");
  expect_refusal(alex_->post("/api/v1/assessments", {{"answers", json::object()}}), 400, "no instrument");
  expect_refusal(
      alex_->post("/api/v1/assessments", {{"instrument", "phq-9"}, {"answers", json::object()}, {"at", "soon"}}), 400,
      "a time that is no time");
  expect_refusal(alex_->post("/api/v1/assessments", {{"instrument", "phq-9"}, {"answers", {{"1", "no-such-code"}}}}),
                 400, "an answer that is no option");
  expect_refusal(alex_->post("/api/v1/assessments", {{"instrument", "phq-9"}, {"answers", {{"99", "LA6568-5"}}}}), 400,
                 "an answer to an item the instrument does not have");
  expect_refusal(alex_->post("/api/v1/assessments",
                             {{"instrument", "phq-9"}, {"answers", json::object()}, {"at", "2099-01-01T00:00:00Z"}}),
                 400, "an assessment from the far future");
  EXPECT_EQ(alex_->get("/api/v1/me").status, 200) << "alex is still there";
  EXPECT_EQ(ApiClient(bad_input_home().port()).sign_in("alex", kPassword).status, 200) << "the password is unchanged";
}

// CSRF, from the served OpenAPI document: every operation that needs the token, sent without it,
// with a made-up one, and with another session's real one.
TEST_F(BadInput, EveryUnsafeMethodWithoutTheRightCsrfTokenIs403) {
  ApiClient sam(bad_input_home().port());
  ASSERT_EQ(sam.sign_in("sam", kPassword).status, 200);
  const json document = ApiClient(bad_input_home().port()).get("/api/v1/openapi.json").as_json();
  ASSERT_TRUE(document.contains("paths"));
  int operations = 0;
  for (const auto& [path, methods] : document["paths"].items()) {
    for (const auto& [method, operation] : methods.items()) {
      bool needs_csrf = false;
      for (const auto& requirement : operation["security"]) needs_csrf = needs_csrf || requirement.contains("csrf");
      if (!needs_csrf) continue;
      ++operations;
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      std::string target = path;
      if (const auto open = target.find('{'); open != std::string::npos) {
        target = target.substr(0, open) + urge_id_ + target.substr(target.find('}', open) + 1);
      }
      // A body that would do something if the token were not checked.
      std::string body;
      if (operation.contains("requestBody")) {
        const std::string schema = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"];
        const std::string name = schema.substr(schema.rfind('/') + 1);
        if (name == "PasswordChange") {
          body = json{{"current_password", kPassword}, {"new_password", "taken over by a forged form"}}.dump();
        } else if (name == "PasswordConfirmation") {
          body = json{{"password", kPassword}}.dump();
        } else if (name == "RecordPatch") {
          body = json{{"note", "forged"}}.dump();
        } else if (name.rfind("Urge", 0) == 0) {
          body = urge_record(6).dump();
        } else {
          body = "{}";
        }
      }
      const std::string what = upper + " " + target;
      expect_refusal(alex_->call(upper, target, body, {}, Csrf::none), 403, what + " without a token");
      expect_refusal(alex_->call(upper, target, body, {}, Csrf::wrong), 403, what + " with a made-up token");
      expect_refusal(alex_->call(upper, target, body, {{"X-CSRF-Token", sam.csrf()}}, Csrf::none), 403,
                     what + " with another session's token");
    }
  }
  EXPECT_GE(operations, static_cast<int>(record_kinds().size() * 3) + 3);
  EXPECT_EQ(alex_->get("/api/v1/me").status, 200) << "the session was not ended";
  EXPECT_EQ(ApiClient(bad_input_home().port()).sign_in("alex", kPassword).status, 200) << "the password is unchanged";
}

}  // namespace
}  // namespace keel::serve_testing
