// The record routes through the router: add with and without a client-made id, a retry that
// makes nothing new, paging, merge-patch, delete, and what another person or role gets (404, 403).
#include <set>

#include <fmt/format.h>

#include "api/api_fixture.h"
#include "support/example_records.h"

namespace keel::api {
namespace {

using nlohmann::json;
using testing::ApiFixture;

json urge(int intensity, const std::string& at = "2026-05-27T21:30:00+02:00") {
  return {{"at", at},
          {"time_zone", "Europe/Berlin"},
          {"intensity", intensity},
          {"contexts", {"alone", "phone"}},
          {"emotions", {"lonely"}},
          {"warning_signs", json::array()},
          {"outcome", "surfed"},
          {"strategy", "went for a walk"},
          {"note", "after the call"}};
}

class RecordRoutes : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    alex_ = sign_in("alex");
  }

  std::size_t count(const testing::Credentials& who, const std::string& collection) {
    const auto listed = call_as(who, "GET", "/api/v1/" + collection + "?limit=1000");
    EXPECT_EQ(listed.status, 200) << listed.body;
    return body_of(listed)["items"].size();
  }

  testing::Credentials alex_;
};

TEST_F(RecordRoutes, AddsAnUrgeAndReadsItBack) {
  const auto added = call_as(alex_, "POST", "/api/v1/urges", urge(7).dump());
  ASSERT_EQ(added.status, 201) << added.body;
  const json record = body_of(added);
  const std::string id = record["id"];
  EXPECT_EQ(id.size(), 26u);
  EXPECT_EQ(*added.header("Location"), "/api/v1/urges/" + id);
  EXPECT_EQ(record["note"], "after the call");
  EXPECT_EQ(record["contexts"], json({"alone", "phone"}));

  const auto read = call_as(alex_, "GET", "/api/v1/urges/" + id);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(body_of(read), record);
}

TEST_F(RecordRoutes, ARetryWithTheClientsIdMakesNothingNew) {
  json body = urge(6);
  body["id"] = "01JZ0000000000000000000001";
  ASSERT_EQ(call_as(alex_, "POST", "/api/v1/urges", body.dump()).status, 201);
  const auto again = call_as(alex_, "POST", "/api/v1/urges", body.dump());
  EXPECT_EQ(again.status, 200) << "the same content again is the same record";
  EXPECT_EQ(body_of(again)["id"], body["id"]);
  body["intensity"] = 9;
  const auto other = call_as(alex_, "POST", "/api/v1/urges", body.dump());
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(count(alex_, "urges"), 1u);
  EXPECT_EQ(body_of(call_as(alex_, "GET", "/api/v1/urges/01JZ0000000000000000000001"))["intensity"], 6);
}

TEST_F(RecordRoutes, PagesWalkEveryRecordOnce) {
  for (int minute = 0; minute < 25; ++minute) {
    const std::string at = fmt::format("2026-05-27T20:{:02}:00+02:00", minute);
    ASSERT_EQ(call_as(alex_, "POST", "/api/v1/urges", urge(minute % 11, at).dump()).status, 201);
  }
  std::set<std::string> seen;
  std::string target = "/api/v1/urges?limit=10";
  int pages = 0;
  while (true) {
    const json page = body_of(call_as(alex_, "GET", target));
    ++pages;
    for (const auto& item : page["items"]) EXPECT_TRUE(seen.insert(item["id"].get<std::string>()).second);
    if (page["next_after"].is_null()) break;
    target = "/api/v1/urges?limit=10&after=" + page["next_after"].get<std::string>();
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 25u);
  const json since = body_of(call_as(alex_, "GET", "/api/v1/urges?since=2026-05-27T18:20:00Z"));
  EXPECT_EQ(since["items"].size(), 5u) << "20:20 to 20:24 Berlin time";
}

TEST_F(RecordRoutes, ALongListGoesGzipToAClientThatTakesIt) {
  for (int minute = 0; minute < 25; ++minute) {
    const std::string at = fmt::format("2026-05-27T20:{:02}:00+02:00", minute);
    ASSERT_EQ(call_as(alex_, "POST", "/api/v1/urges", urge(minute % 11, at).dump()).status, 201);
  }
  const auto plain = call_as(alex_, "GET", "/api/v1/urges");
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.header("Content-Encoding"), nullptr);
  EXPECT_EQ(*plain.header("Vary"), "Accept-Encoding");
  const auto compressed =
      call("GET", "/api/v1/urges", "", {{"Cookie", alex_.cookie}, {"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_EQ(compressed.status, 200);
  EXPECT_EQ(*compressed.header("Content-Encoding"), "gzip");
  EXPECT_LT(compressed.body.size() * 3, plain.body.size());
  EXPECT_EQ(testing::gunzip(compressed.body), plain.body);
  // Small answers, and answers to anything but a GET, are sent as they are.
  const auto one = call("GET", "/api/v1/urges?limit=1", "", {{"Cookie", alex_.cookie}, {"Accept-Encoding", "gzip"}});
  EXPECT_EQ(one.header("Content-Encoding"), nullptr) << one.body.size() << " bytes";
  const auto added = call("POST", "/api/v1/urges", urge(3, "2026-05-28T08:00:00+02:00").dump(),
                          {{"Cookie", alex_.cookie}, {"X-CSRF-Token", alex_.csrf}, {"Accept-Encoding", "gzip"}});
  EXPECT_EQ(added.status, 201);
  EXPECT_EQ(added.header("Content-Encoding"), nullptr);
}

TEST_F(RecordRoutes, PatchChangesOnlyWhatItNames) {
  json body = urge(5);
  body["duration_minutes"] = 12;
  const std::string id = body_of(call_as(alex_, "POST", "/api/v1/urges", body.dump()))["id"];
  const auto patched =
      call_as(alex_, "PATCH", "/api/v1/urges/" + id, R"({"outcome":"delayed","duration_minutes":null})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  const json record = body_of(call_as(alex_, "GET", "/api/v1/urges/" + id));
  EXPECT_EQ(record["outcome"], "delayed");
  EXPECT_FALSE(record.contains("duration_minutes") && !record["duration_minutes"].is_null());
  EXPECT_EQ(record["note"], "after the call");

  EXPECT_EQ(call_as(alex_, "PATCH", "/api/v1/urges/" + id, R"({"id":"01JZ0000000000000000000009"})").status, 400);
  EXPECT_EQ(call_as(alex_, "PATCH", "/api/v1/urges/" + id, R"({"intensity":11})").status, 400);
  EXPECT_EQ(body_of(call_as(alex_, "GET", "/api/v1/urges/" + id))["intensity"], 5) << "a refused patch changes nothing";
}

TEST_F(RecordRoutes, PlanVersionsAreKeptAsWritten) {
  const json plan = {{"created_at", "2026-05-27T10:00:00+02:00"},
                     {"time_zone", "Europe/Berlin"},
                     {"warning_signs", {"staying up late"}},
                     {"high_risk_situations", {"alone at night"}},
                     {"coping_steps", {"call Sam"}},
                     {"people", {{{"name", "Sam"}, {"contact", "+49 30 1234567"}}}},
                     {"environment_changes", json::array()},
                     {"reasons", {"my family"}},
                     {"change_note", "first plan"}};
  const auto first = call_as(alex_, "POST", "/api/v1/plan", plan.dump());
  ASSERT_EQ(first.status, 201) << first.body;
  const auto second = call_as(alex_, "POST", "/api/v1/plan", plan.dump());
  ASSERT_EQ(second.status, 201);
  EXPECT_EQ(body_of(first)["version"], 1);
  EXPECT_EQ(body_of(second)["version"], 2);
  const std::string id = body_of(first)["id"];
  EXPECT_EQ(call_as(alex_, "PATCH", "/api/v1/plan/" + id, R"({"people":[]})").status, 409);
}

TEST_F(RecordRoutes, ASecondCheckInOfTheSameDayReplacesTheFirst) {
  json checkin = keel::testing::example_checkin("2026-05-27", "2026-05-27T22:00:00+02:00");
  const auto first = call_as(alex_, "POST", "/api/v1/checkins", checkin.dump());
  ASSERT_EQ(first.status, 201) << first.body;
  checkin["mood"] = 8;
  const auto second = call_as(alex_, "POST", "/api/v1/checkins", checkin.dump());
  ASSERT_EQ(second.status, 201);
  EXPECT_EQ(body_of(second)["id"], body_of(first)["id"]);
  EXPECT_EQ(count(alex_, "checkins"), 1u);
}

TEST_F(RecordRoutes, DeleteRemovesForGood) {
  const std::string id = body_of(call_as(alex_, "POST", "/api/v1/urges", urge(4).dump()))["id"];
  EXPECT_EQ(call_as(alex_, "DELETE", "/api/v1/urges/" + id).status, 204);
  EXPECT_EQ(call_as(alex_, "GET", "/api/v1/urges/" + id).status, 404);
  EXPECT_EQ(call_as(alex_, "DELETE", "/api/v1/urges/" + id).status, 404);
}

TEST_F(RecordRoutes, AnotherClientsRecordIsNotThere) {
  const std::string id = body_of(call_as(alex_, "POST", "/api/v1/urges", urge(8).dump()))["id"];
  const auto sam = sign_in("sam");
  for (const char* method : {"GET", "PATCH", "DELETE"}) {
    const auto answer = call_as(sam, method, "/api/v1/urges/" + id, std::string(method) == "PATCH" ? "{}" : "");
    EXPECT_EQ(answer.status, 404) << method;
    EXPECT_EQ(body_of(answer)["error"]["message"], "there is no urge with id " + id) << method;
  }
  EXPECT_EQ(count(sam, "urges"), 0u);
  const auto never = call_as(sam, "GET", "/api/v1/urges/01JZ0000000000000000000777");
  EXPECT_EQ(body_of(never)["error"]["message"], "there is no urge with id 01JZ0000000000000000000777")
      << "someone else's record and no record read the same";
  EXPECT_EQ(count(alex_, "urges"), 1u);
}

TEST_F(RecordRoutes, OnlyAClientHasRecords) {
  const auto robin = sign_in("robin");
  const auto listed = call_as(robin, "GET", "/api/v1/urges");
  EXPECT_EQ(listed.status, 403);
  EXPECT_EQ(call_as(robin, "POST", "/api/v1/urges", urge(3).dump()).status, 403);
  EXPECT_EQ(call_as(robin, "GET", "/api/v1/me").status, 200) << "who am I is for every role";
}

TEST_F(RecordRoutes, RefusesBadBodiesAndWritesNothing) {
  struct Case {
    std::string body;
    http::Headers headers;
    int status;
    std::string message_part;
  };
  json unknown = urge(5);
  unknown["mood"] = 3;
  json too_strong = urge(11);
  json wrong_type = urge(5);
  wrong_type["intensity"] = "high";
  json missing = urge(5);
  missing.erase("at");
  json wrong_kind = urge(5);
  wrong_kind["type"] = "checkin";
  const std::vector<Case> cases = {
      {"{\"at\": ", {}, 400, "not valid JSON"},
      {"[1,2]", {}, 400, "must be a JSON object"},
      {unknown.dump(), {}, 400, "\"mood\""},
      {too_strong.dump(), {}, 400, "intensity"},
      {wrong_type.dump(), {}, 400, "intensity"},
      {missing.dump(), {}, 400, "\"at\""},
      {wrong_kind.dump(), {}, 400, "\"type\""},
      {"{\"note\":\"caf\xC3\x28\"}", {}, 400, "UTF-8"},
      {urge(5).dump(), {{"Content-Type", "text/plain"}}, 415, "application/json"},
  };
  for (const auto& example : cases) {
    http::Headers headers = example.headers;
    headers.emplace_back("Cookie", alex_.cookie);
    headers.emplace_back("X-CSRF-Token", alex_.csrf);
    const auto answer = call("POST", "/api/v1/urges", example.body, headers);
    EXPECT_EQ(answer.status, example.status) << example.body;
    const std::string message = body_of(answer)["error"]["message"];
    EXPECT_NE(message.find(example.message_part), std::string::npos) << message;
  }
  EXPECT_EQ(count(alex_, "urges"), 0u);
  for (const char* query : {"limit=0", "limit=1001", "limit=ten", "since=yesterday", "after=x", "colour=blue"}) {
    EXPECT_EQ(call_as(alex_, "GET", std::string("/api/v1/urges?") + query).status, 400) << query;
  }
}

TEST_F(RecordRoutes, AnUnsafeMethodNeedsTheCsrfToken) {
  const auto refused = call("POST", "/api/v1/urges", urge(5).dump(), {{"Cookie", alex_.cookie}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(count(alex_, "urges"), 0u);
}

}  // namespace
}  // namespace keel::api
