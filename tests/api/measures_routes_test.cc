// The measures routes through the router: the instruments with their questions, saving a PHQ-9
// (with the crisis text at once when item 9 is answered), the history with reliable change, and
// the stats of a client's records.
#include "api/api_fixture.h"

namespace keel::api {
namespace {

using nlohmann::json;
using testing::ApiFixture;
using testing::gunzip;

class MeasuresRoutes : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    alex_ = sign_in("alex");
  }

  // A PHQ-9 answered with these scores, item by item, using the option codes the form gives.
  json phq9(const std::vector<int>& scores, const std::string& at) {
    const json form = body_of(call_as(alex_, "GET", "/api/v1/instruments/phq-9"));
    json answers = json::object();
    std::size_t next = 0;
    for (const auto& question : form["questions"]) {
      if (!question["scored"].get<bool>() || next >= scores.size()) continue;
      for (const auto& option : question["options"]) {
        if (option["score"] == scores[next]) answers[question["link_id"].get<std::string>()] = option["code"];
      }
      ++next;
    }
    return {{"instrument", "phq-9"}, {"answers", answers}, {"at", at}};
  }

  testing::Credentials alex_;
};

TEST_F(MeasuresRoutes, ListsTheInstrumentsAndGivesTheQuestions) {
  const json list = body_of(call_as(alex_, "GET", "/api/v1/instruments"));
  std::vector<std::string> ids;
  for (const auto& item : list["items"]) ids.push_back(item["id"]);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "phq-9"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "gad-7"), ids.end());
  const json form = body_of(call_as(alex_, "GET", "/api/v1/instruments/phq-9"));
  EXPECT_EQ(form["maximum"], 27);
  EXPECT_EQ(form["instructions"],
            json::array({"Over the last 2 weeks, how often have you been bothered by any of the following problems?"}));
  int scored = 0;
  for (const auto& question : form["questions"]) scored += question["scored"].get<bool>() ? 1 : 0;
  EXPECT_EQ(scored, 9);
  EXPECT_EQ(form["questions"][0]["options"].size(), 4u);
  EXPECT_EQ(call_as(alex_, "GET", "/api/v1/instruments/no-such-form").status, 404);
}

TEST_F(MeasuresRoutes, SavesAnAssessmentAndShowsTheCrisisTextWhenItem9IsAnswered) {
  const auto first = call_as(alex_, "POST", "/api/v1/assessments",
                             phq9({2, 2, 2, 2, 2, 2, 2, 2, 0}, "2026-05-01T10:00:00+02:00").dump());
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(body_of(first)["score"]["total"], 16);
  EXPECT_FALSE(body_of(first)["score"]["safety"]["flag"].get<bool>());
  EXPECT_FALSE(body_of(first)["score"]["safety"].contains("crisis_resources"));

  const auto second = call_as(alex_, "POST", "/api/v1/assessments",
                              phq9({1, 1, 0, 1, 0, 1, 0, 0, 1}, "2026-05-27T10:00:00+02:00").dump());
  ASSERT_EQ(second.status, 201) << second.body;
  const json safety = body_of(second)["score"]["safety"];
  EXPECT_TRUE(safety["flag"].get<bool>());
  EXPECT_FALSE(safety["crisis_resources"]["text"].get<std::string>().empty());
  const auto events = home_->store().list(
      domain::RecordKind::safety_event,
      {home_->store().default_tenant_id(), sessions_->authenticate(alex_.cookie.substr(13))->person.person_id}, {});
  ASSERT_TRUE(events.is_ok());
  EXPECT_EQ(events->size(), 1u) << "the safety event is saved with the assessment";

  const json history = body_of(call_as(alex_, "GET", "/api/v1/assessments?instrument=phq-9"));
  ASSERT_EQ(history["items"].size(), 2u);
  EXPECT_EQ(history["items"][1]["total"], 5);
  EXPECT_EQ(history["items"][1]["since_previous"]["difference"], -11);
  EXPECT_TRUE(history["items"][1]["since_previous"]["reliable"].get<bool>());
  EXPECT_EQ(call_as(alex_, "GET", "/api/v1/assessments?instrument=nope").status, 400);
}

// A phone that lost keel's answer sends the questionnaire again with the id it made: nothing new
// is saved (no second assessment, no second safety event), and the same score comes back.
TEST_F(MeasuresRoutes, ARetryWithTheClientsIdSavesNothingNew) {
  const std::string id = "01JD0000000000000000000000";
  json body = phq9({1, 1, 0, 1, 0, 1, 0, 0, 1}, "2026-05-27T10:00:00+02:00");
  body["id"] = id;
  const auto first = call_as(alex_, "POST", "/api/v1/assessments", body.dump());
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(body_of(first)["id"], id);
  body.erase("at");  // a retry need not say when again
  const auto again = call_as(alex_, "POST", "/api/v1/assessments", body.dump());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(body_of(again)["id"], id);
  EXPECT_EQ(body_of(again)["at"], body_of(first)["at"]);
  EXPECT_EQ(body_of(again)["score"], body_of(first)["score"]) << "the same score, crisis text included";
  EXPECT_EQ(body_of(call_as(alex_, "GET", "/api/v1/assessments"))["items"].size(), 1u);
  const auto events = home_->store().list(
      domain::RecordKind::safety_event,
      {home_->store().default_tenant_id(), sessions_->authenticate(alex_.cookie.substr(13))->person.person_id}, {});
  ASSERT_TRUE(events.is_ok());
  EXPECT_EQ(events->size(), 1u) << "one safety event, not two";

  json other = phq9({0, 0, 0, 0, 0, 0, 0, 0, 0}, "2026-05-27T10:00:00+02:00");
  other["id"] = id;
  const auto conflict = call_as(alex_, "POST", "/api/v1/assessments", other.dump());
  EXPECT_EQ(conflict.status, 409) << conflict.body;
  other["id"] = "not-a-ulid";
  EXPECT_EQ(call_as(alex_, "POST", "/api/v1/assessments", other.dump()).status, 400);
  other["id"] = 7;
  EXPECT_EQ(call_as(alex_, "POST", "/api/v1/assessments", other.dump()).status, 400);
  EXPECT_EQ(body_of(call_as(alex_, "GET", "/api/v1/assessments"))["items"].size(), 1u);
}

TEST_F(MeasuresRoutes, RefusesAnswersThatAreNotTheFormsAndSavesNothing) {
  json body = phq9({1, 1, 1, 1, 1, 1, 1, 1, 0}, "2026-05-27T10:00:00+02:00");
  body["answers"][body["answers"].begin().key()] = "not-an-option";
  EXPECT_EQ(call_as(alex_, "POST", "/api/v1/assessments", body.dump()).status, 400);
  EXPECT_EQ(call_as(alex_, "POST", "/api/v1/assessments", R"({"instrument":"nope","answers":{}})").status, 400);
  EXPECT_EQ(call_as(alex_, "POST", "/api/v1/assessments", R"({"instrument":"phq-9","answers":[1,2]})").status, 400);
  EXPECT_EQ(body_of(call_as(alex_, "GET", "/api/v1/assessments"))["items"].size(), 0u);
}

json urge_at(const std::string& at) {
  return {{"at", at},
          {"time_zone", "Europe/Berlin"},
          {"intensity", 6},
          {"contexts", {"alone"}},
          {"emotions", json::array()},
          {"warning_signs", json::array()},
          {"outcome", "surfed"},
          {"strategy", ""},
          {"note", ""}};
}

TEST_F(MeasuresRoutes, StatsAreTheClientsOwn) {
  const json urge = urge_at("2026-05-27T21:30:00+02:00");
  ASSERT_EQ(call_as(alex_, "POST", "/api/v1/urges", urge.dump()).status, 201);
  const auto stats = call_as(alex_, "GET", "/api/v1/stats?as_of=2026-05-28T12:00:00Z");
  ASSERT_EQ(stats.status, 200) << stats.body;
  const json body = body_of(stats);
  EXPECT_TRUE(body.contains("trigger_map"));
  const auto sam = sign_in("sam");
  const json other = body_of(call_as(sam, "GET", "/api/v1/stats?as_of=2026-05-28T12:00:00Z"));
  EXPECT_NE(other.dump(), body.dump()) << "sam's stats do not count alex's urge";
  EXPECT_EQ(call_as(alex_, "GET", "/api/v1/stats?since=last-week").status, 400);

  // Smaller for a browser that takes gzip, and the same once unpacked.
  const auto compressed = call("GET", "/api/v1/stats?as_of=2026-05-28T12:00:00Z", "",
                               {{"Cookie", alex_.cookie}, {"Accept-Encoding", "gzip"}});
  ASSERT_EQ(compressed.status, 200);
  EXPECT_EQ(*compressed.header("Content-Encoding"), "gzip");
  EXPECT_LT(compressed.body.size(), stats.body.size());
  EXPECT_EQ(gunzip(compressed.body), stats.body);

  // Answered again from the cache, and never stale: a new urge shows at once.
  EXPECT_EQ(call_as(alex_, "GET", "/api/v1/stats?as_of=2026-05-28T12:00:00Z").body, stats.body);
  json second = urge;
  second["at"] = "2026-05-27T22:30:00+02:00";
  ASSERT_EQ(call_as(alex_, "POST", "/api/v1/urges", second.dump()).status, 201);
  const auto after = call_as(alex_, "GET", "/api/v1/stats?as_of=2026-05-28T12:00:00Z");
  EXPECT_EQ(body_of(after)["trigger_map"]["urges"], body["trigger_map"]["urges"].get<int>() + 1);
}

TEST_F(MeasuresRoutes, StatsAreSizedForDrawingUnlessAskedForEveryDetail) {
  // 300 urges, the gaps between them all different, so the full curve has a point per gap.
  const Instant first = *parse_rfc3339("2026-01-01T08:00:00Z");
  Instant at = first;
  for (int i = 0; i < 300; ++i) {
    at += std::chrono::minutes{60 + (i * 37) % 900};
    const json urge = urge_at(format_rfc3339(at, "UTC"));
    ASSERT_EQ(call_as(alex_, "POST", "/api/v1/urges", urge.dump()).status, 201);
  }
  const std::string as_of = "as_of=2026-05-28T12:00:00Z";
  const auto coarse = call_as(alex_, "GET", "/api/v1/stats?" + as_of);
  const auto also_coarse = call_as(alex_, "GET", "/api/v1/stats?detail=display&" + as_of);
  const auto full = call_as(alex_, "GET", "/api/v1/stats?detail=full&" + as_of);
  ASSERT_EQ(coarse.status, 200) << coarse.body;
  ASSERT_EQ(full.status, 200) << full.body;
  EXPECT_EQ(also_coarse.body, coarse.body);
  const json drawn = body_of(coarse)["intervals"]["between_urges"];
  const json every = body_of(full)["intervals"]["between_urges"];
  EXPECT_GE(every["curve"].size(), 250u);
  EXPECT_LE(drawn["curve"].size(), 101u);
  const double last = every["curve"].back()["time"].get<double>();
  EXPECT_NEAR(drawn["curve"].back()["time"].get<double>(), last, last * 5e-6);
  // Numbers to six significant digits: the same to half a step in the sixth digit, and shorter.
  const double median = every["median_days"].get<double>();
  EXPECT_NEAR(drawn["median_days"].get<double>(), median, median * 5e-6);
  EXPECT_LE(drawn["median_days"].dump().size(), 8u) << drawn["median_days"].dump();
  EXPECT_EQ(drawn["events"], every["events"]);
  int events = 0;
  for (const json& point : drawn["curve"]) events += point["events"].get<int>();
  EXPECT_EQ(events, every["closed_intervals"].get<int>());

  const auto refused = call_as(alex_, "GET", "/api/v1/stats?detail=every");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(body_of(refused)["error"]["message"], "\"detail\" must be \"display\" or \"full\"");
}

}  // namespace
}  // namespace keel::api
