// Every record route of a running `keel serve`, for every kind: add (201), a retry with the same
// client-made id (200, nothing new), the same id with other content (409), the list walked page by
// page, since, get, patch (the plan answers 409), delete (204, then 404). Then rules between
// records (an urge takes its lapse review; one check-in a day), the measures (instruments,
// assessments with the crisis text, stats) and the export.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "serve/api_client.h"
#include "serve/records.h"
#include "serve/served_home.h"

namespace keel::serve_testing {
namespace {

// One home for this file: alex writes records, sam assessments, jo the export, ria the rules
// between records.
ServedHome& records_home() {
  static const std::unique_ptr<ServedHome> served = start_shared({{"alex"}, {"sam"}, {"jo"}, {"ria"}});
  return *served;
}

ApiClient signed_in_as(const std::string& name) {
  ApiClient api(records_home().port());
  const Answer answer = api.sign_in(name, kPassword);
  EXPECT_EQ(answer.status, 200) << name << " " << describe(answer);
  return api;
}

class EveryRecordKind : public ::testing::TestWithParam<RecordKind> {
 protected:
  void SetUp() override { ASSERT_TRUE(records_home().made()) << records_home().problem(); }
};

TEST_P(EveryRecordKind, AddRetryConflictPagesGetPatchDelete) {
  const RecordKind& kind = GetParam();
  const std::string base = "/api/v1/" + kind.path;
  const ApiClient alex = signed_in_as("alex");

  // A lapse review is about an urge the client acted on: one such urge per review.
  std::vector<std::string> acted;
  if (kind.path == "lapse-reviews") {
    for (int n = 0; n < 6; ++n) {
      const Answer urge = alex.post("/api/v1/urges", urge_record(n, "acted"));
      ASSERT_EQ(urge.status, 201) << describe(urge);
      acted.push_back(urge.as_json()["id"].get<std::string>());
    }
  }
  const auto record = [&](int n) { return valid_record(kind.path, n, acted.empty() ? "" : acted[n]); };

  // Add, with an id of the client's own.
  json first = record(0);
  const std::string id = client_id();
  first["id"] = id;
  const Answer added = alex.post(base, first);
  ASSERT_EQ(added.status, 201) << describe(added);
  const json stored = added.as_json();
  EXPECT_EQ(stored["id"], id);
  EXPECT_EQ(stored["type"], kind.type);
  EXPECT_EQ(added.header("Location"), base + "/" + id);
  for (const auto& [field, value] : first.items()) {
    if (field == "at" || field == "created_at" || field == "id") continue;
    EXPECT_EQ(stored[field], value) << field << " comes back as it was sent";
  }

  // The same again (a retry after a lost answer): 200, the stored record, nothing new.
  const Answer again = alex.post(base, first);
  EXPECT_EQ(again.status, 200) << describe(again);
  EXPECT_EQ(again.as_json(), stored);

  // The same id with other content: 409, and the stored record stays as it was.
  const Answer conflict = alex.post(base, other_content(kind.path, first));
  EXPECT_EQ(conflict.status, 409) << describe(conflict);
  EXPECT_EQ(conflict.error_code(), "conflict") << describe(conflict);
  EXPECT_EQ(alex.get(base + "/" + id).as_json(), stored);

  // Five more, with ids the server makes.
  std::vector<std::string> ids = {id};
  for (int n = 1; n < 6; ++n) {
    const Answer more = alex.post(base, record(n));
    ASSERT_EQ(more.status, 201) << describe(more);
    ids.push_back(more.as_json()["id"].get<std::string>());
    EXPECT_EQ(more.header("Location"), base + "/" + ids.back());
  }

  // Walking the list two at a time finds every record exactly once.
  std::map<std::string, int> seen;
  int pages = 0;
  std::string after;
  while (pages < 1000) {
    const Answer page = alex.get(base + "?limit=2" + (after.empty() ? "" : "&after=" + after));
    ASSERT_EQ(page.status, 200) << describe(page);
    ++pages;
    const json body = page.as_json();
    EXPECT_LE(body["items"].size(), 2u);
    for (const auto& item : body["items"]) ++seen[item["id"].get<std::string>()];
    if (body["next_after"].is_null()) break;
    after = body["next_after"].get<std::string>();
  }
  EXPECT_GE(pages, 3);
  for (const auto& mine : ids) EXPECT_EQ(seen[mine], 1) << mine << " on the pages";
  for (const auto& [any, times] : seen) EXPECT_EQ(times, 1) << any << " on more than one page";

  // since: the records of the third day of the series and later (Berlin midnight is 23:00 UTC).
  const Answer since = alex.get(base + "?since=2026-02-02T23:00:00Z&limit=1000");
  ASSERT_EQ(since.status, 200) << describe(since);
  std::set<std::string> recent;
  const json recent_items = since.as_json()["items"];
  for (const auto& item : recent_items) recent.insert(item["id"].get<std::string>());
  for (std::size_t n = 0; n < ids.size(); ++n) EXPECT_EQ(recent.count(ids[n]), n >= 2 ? 1u : 0u) << "day " << n + 1;

  // Get one.
  const Answer one = alex.get(base + "/" + ids[1]);
  ASSERT_EQ(one.status, 200) << describe(one);
  EXPECT_EQ(one.as_json()["id"], ids[1]);

  // Patch: one field changes, the rest stays; a plan version is kept as written.
  const json patch = patch_for(kind.path);
  const Answer patched = alex.patch(base + "/" + id, patch);
  const json now = alex.get(base + "/" + id).as_json();
  if (kind.patchable) {
    ASSERT_EQ(patched.status, 200) << describe(patched);
    for (const auto& [field, value] : patch.items()) {
      EXPECT_EQ(patched.as_json()[field], value);
      EXPECT_EQ(now[field], value);
    }
    json expected = stored;
    expected.merge_patch(patch);
    EXPECT_EQ(now, expected) << "only the patched field changed";
  } else {
    EXPECT_EQ(patched.status, 409) << describe(patched);
    EXPECT_EQ(patched.error_code(), "conflict");
    EXPECT_EQ(now, stored);
  }

  // Delete: 204, then it is gone.
  const Answer deleted = alex.del(base + "/" + id);
  EXPECT_EQ(deleted.status, 204) << describe(deleted);
  EXPECT_TRUE(deleted.body.empty());
  const Answer gone = alex.get(base + "/" + id);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.error_code(), "not_found") << describe(gone);
  EXPECT_EQ(alex.del(base + "/" + id).status, 404);
  EXPECT_EQ(alex.patch(base + "/" + id, patch).status, 404);
  for (const auto& item : alex.list_all(base)) EXPECT_NE(item["id"], id);
}

INSTANTIATE_TEST_SUITE_P(Serve, EveryRecordKind, ::testing::ValuesIn(record_kinds()),
                         [](const ::testing::TestParamInfo<RecordKind>& info) {
                           std::string name = info.param.path;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

class RecordRules : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(records_home().made()) << records_home().problem(); }
};

TEST_F(RecordRules, DeletingAnUrgeTakesItsLapseReviewWithIt) {
  const ApiClient ria = signed_in_as("ria");
  const Answer urge = ria.post("/api/v1/urges", urge_record(20, "acted"));
  ASSERT_EQ(urge.status, 201);
  const std::string urge_id = urge.as_json()["id"];
  const Answer review = ria.post("/api/v1/lapse-reviews", valid_record("lapse-reviews", 20, urge_id));
  ASSERT_EQ(review.status, 201) << describe(review);
  const std::string review_id = review.as_json()["id"];
  EXPECT_EQ(ria.del("/api/v1/urges/" + urge_id).status, 204);
  EXPECT_EQ(ria.get("/api/v1/lapse-reviews/" + review_id).status, 404);
  for (const auto& item : ria.list_all("/api/v1/lapse-reviews")) EXPECT_NE(item["id"], review_id);
}

TEST_F(RecordRules, ACheckInCannotBeMovedOntoAnotherCheckInsDay) {
  const ApiClient ria = signed_in_as("ria");
  const Answer monday = ria.post("/api/v1/checkins", valid_record("checkins", 23));
  const Answer tuesday = ria.post("/api/v1/checkins", valid_record("checkins", 24));
  ASSERT_EQ(monday.status, 201);
  ASSERT_EQ(tuesday.status, 201);
  const std::string tuesday_id = tuesday.as_json()["id"];
  const Answer moved = ria.patch("/api/v1/checkins/" + tuesday_id, {{"date", series_date(23)}});
  EXPECT_EQ(moved.status, 409) << describe(moved);
  EXPECT_EQ(moved.error_code(), "conflict");
  EXPECT_EQ(ria.get("/api/v1/checkins/" + tuesday_id).as_json(), tuesday.as_json()) << "nothing changed";
}

// A check-in for a day that already has one replaces it under the id the client sent, so that
// its retry answers 200 ("the same record with the same id again") and GET finds it.
TEST_F(RecordRules, ASecondCheckInOfTheDayKeepsTheRetryPromiseOfTheClientsId) {
  const ApiClient ria = signed_in_as("ria");
  json morning = valid_record("checkins", 21);
  const std::string first_id = client_id();
  morning["id"] = first_id;
  const Answer first = ria.post("/api/v1/checkins", morning);
  ASSERT_EQ(first.status, 201) << describe(first);

  json evening = valid_record("checkins", 21);
  evening["mood"] = 8;
  const std::string second_id = client_id();
  evening["id"] = second_id;
  const Answer second = ria.post("/api/v1/checkins", evening);
  ASSERT_EQ(second.status, 201) << describe(second);
  const Answer retry = ria.post("/api/v1/checkins", evening);
  EXPECT_EQ(retry.status, 200) << "the same record with the same id again: " << describe(retry);

  std::size_t that_day = 0;
  for (const auto& item : ria.list_all("/api/v1/checkins")) that_day += item["date"] == morning["date"] ? 1 : 0;
  EXPECT_EQ(that_day, 1u) << "one check-in per day";
  const std::string answered_id = second.as_json()["id"];
  EXPECT_EQ(ria.get("/api/v1/checkins/" + answered_id).as_json()["mood"], 8) << "the later one replaced the earlier";
  EXPECT_EQ(answered_id, second_id) << "the answer names an id the client did not send";
  EXPECT_EQ(second.header("Location"), "/api/v1/checkins/" + second_id);
  EXPECT_EQ(ria.get("/api/v1/checkins/" + second_id).status, 200) << "the id the client sent was answered 201";
}

// The same for a second lapse review of an urge, which replaces the first.
TEST_F(RecordRules, ASecondLapseReviewOfAnUrgeKeepsTheRetryPromiseOfTheClientsId) {
  const ApiClient ria = signed_in_as("ria");
  const Answer urge = ria.post("/api/v1/urges", urge_record(22, "acted"));
  ASSERT_EQ(urge.status, 201);
  const std::string urge_id = urge.as_json()["id"];
  json review = valid_record("lapse-reviews", 22, urge_id);
  review["id"] = client_id();
  ASSERT_EQ(ria.post("/api/v1/lapse-reviews", review).status, 201);
  json again = valid_record("lapse-reviews", 22, urge_id);
  again["what_helped"] = "calling a friend, on second thought";
  const std::string second_id = client_id();
  again["id"] = second_id;
  const Answer second = ria.post("/api/v1/lapse-reviews", again);
  ASSERT_EQ(second.status, 201) << describe(second);
  EXPECT_EQ(second.as_json()["id"], second_id) << "the answer names an id the client did not send";
  EXPECT_EQ(ria.post("/api/v1/lapse-reviews", again).status, 200) << "the same record with the same id again";
  EXPECT_EQ(ria.get("/api/v1/lapse-reviews/" + second_id).status, 200) << "the id the client sent was answered 201";
}

class Measures : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(records_home().made()) << records_home().problem(); }
};

TEST_F(Measures, InstrumentsAssessmentsWithTheCrisisTextAndStats) {
  const ApiClient sam = signed_in_as("sam");
  const Answer instruments = sam.get("/api/v1/instruments");
  ASSERT_EQ(instruments.status, 200) << describe(instruments);
  std::set<std::string> offered;
  const json offered_items = instruments.as_json()["items"];
  for (const auto& item : offered_items) offered.insert(item["id"].get<std::string>());
  EXPECT_TRUE(offered.count("phq-9"));
  EXPECT_TRUE(offered.count("gad-7"));

  const Answer phq9 = sam.get("/api/v1/instruments/phq-9");
  ASSERT_EQ(phq9.status, 200) << describe(phq9);
  const json form = phq9.as_json();
  EXPECT_EQ(form["id"], "phq-9");
  // Answer every scored item with its lowest option, and item 9 (thoughts of self-harm) with one above it.
  json answers = json::object();
  json calm = json::object();
  for (const auto& question : form["questions"]) {
    if (!question["scored"].get<bool>() || question["options"].empty()) continue;
    const std::string link = question["link_id"];
    calm[link] = question["options"][0]["code"];
    answers[link] = question["options"][0]["code"];
    if (link == "9") answers[link] = question["options"][1]["code"];
  }
  ASSERT_EQ(answers.size(), 9u) << form["questions"].dump();
  EXPECT_EQ(sam.get("/api/v1/instruments/no-such-thing").status, 404);

  const Answer flagged =
      sam.post("/api/v1/assessments", {{"instrument", "phq-9"}, {"answers", answers}, {"at", "2026-03-01T10:00:00Z"}});
  ASSERT_EQ(flagged.status, 201) << describe(flagged);
  const json score = flagged.as_json()["score"];
  EXPECT_EQ(score["total"], 1);
  EXPECT_EQ(score["safety"]["flag"], true);
  ASSERT_TRUE(score["safety"].contains("crisis_resources")) << score["safety"].dump();
  EXPECT_NE(score["safety"]["crisis_resources"]["text"].get<std::string>().find("emergency"), std::string::npos)
      << score["safety"].dump();

  const Answer quiet =
      sam.post("/api/v1/assessments", {{"instrument", "phq-9"}, {"answers", calm}, {"at", "2026-03-15T10:00:00Z"}});
  ASSERT_EQ(quiet.status, 201) << describe(quiet);
  EXPECT_EQ(quiet.as_json()["score"]["safety"]["flag"], false);
  EXPECT_FALSE(quiet.as_json()["score"]["safety"].contains("crisis_resources")) << "no crisis text without a finding";

  const Answer unknown = sam.post("/api/v1/assessments", {{"instrument", "no-such-thing"}, {"answers", calm}});
  EXPECT_EQ(unknown.status, 400) << describe(unknown);

  // The history shows both (found by id: a repeated run of this test adds to sam's), with the flag.
  const Answer history = sam.get("/api/v1/assessments");
  ASSERT_EQ(history.status, 200) << describe(history);
  const json items = history.as_json()["items"];
  std::map<std::string, json> by_id;
  for (const auto& item : items) by_id[item["id"].get<std::string>()] = item;
  const std::string flagged_id = flagged.as_json()["id"];
  const std::string quiet_id = quiet.as_json()["id"];
  ASSERT_TRUE(by_id.count(flagged_id) && by_id.count(quiet_id)) << history.body;
  EXPECT_EQ(by_id[flagged_id]["safety_flag"], true);
  EXPECT_EQ(by_id[flagged_id]["total"], 1);
  EXPECT_EQ(by_id[quiet_id]["safety_flag"], false);
  EXPECT_EQ(by_id[quiet_id]["total"], 0);
  EXPECT_EQ(sam.get("/api/v1/assessments?instrument=phq-9").as_json()["items"].size(), items.size());
  EXPECT_EQ(sam.get("/api/v1/assessments?instrument=gad-7").as_json()["items"].size(), 0u);

  // The safety event was saved with the flagged assessment (the export shows it).
  bool event = false;
  std::istringstream lines(sam.export_records());
  for (std::string line; std::getline(lines, line);) {
    const json record = json::parse(line, nullptr, false);
    event = event || (record.is_object() && record.value("type", "") == "safety_event" &&
                      record.value("assessment_id", "") == flagged_id && record.value("item", "") == "9");
  }
  EXPECT_TRUE(event) << "no safety event for the flagged assessment";

  // Stats over the client's records.
  for (int n = 0; n < 3; ++n) ASSERT_EQ(sam.post("/api/v1/urges", urge_record(n)).status, 201);
  const Answer stats = sam.get("/api/v1/stats");
  ASSERT_EQ(stats.status, 200) << describe(stats);
  EXPECT_TRUE(stats.as_json().is_object()) << stats.body.substr(0, 500);
  const Answer as_of = sam.get("/api/v1/stats?as_of=2026-03-01T00:00:00Z&since=2026-01-01");
  EXPECT_EQ(as_of.status, 200) << describe(as_of);
}

TEST_F(Measures, ExportIsJsonLinesAsADownload) {
  const ApiClient jo = signed_in_as("jo");
  const Answer urge = jo.post("/api/v1/urges", urge_record(1, "surfed", "jo's note"));
  const Answer journal = jo.post("/api/v1/journal", valid_record("journal", 2));
  ASSERT_EQ(urge.status, 201);
  ASSERT_EQ(journal.status, 201);

  const Answer exported = jo.get("/api/v1/export");
  ASSERT_EQ(exported.status, 200) << describe(exported);
  EXPECT_EQ(exported.header("Content-Type").rfind("application/x-ndjson", 0), 0u) << exported.header("Content-Type");
  const std::string disposition = exported.header("Content-Disposition");
  EXPECT_EQ(disposition.rfind("attachment", 0), 0u) << disposition;
  EXPECT_NE(disposition.find("filename="), std::string::npos) << disposition;

  std::istringstream lines(exported.body);
  std::string line;
  std::set<std::string> ids;
  bool first = true;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    const json object = json::parse(line, nullptr, false);
    ASSERT_TRUE(object.is_object()) << "not a JSON object: " << line;
    if (first) {
      EXPECT_EQ(object["type"], "keel-export") << "the header line first";
      EXPECT_EQ(object["format_version"], 1);
      first = false;
      continue;
    }
    EXPECT_TRUE(ids.insert(object["id"].get<std::string>()).second) << "twice: " << line;
  }
  EXPECT_EQ(ids.size(), jo.list_all("/api/v1/urges").size() + jo.list_all("/api/v1/journal").size())
      << "jo's records, each once";
  EXPECT_TRUE(ids.count(urge.as_json()["id"]));
  EXPECT_TRUE(ids.count(journal.as_json()["id"]));
  EXPECT_NE(exported.body.find("jo's note"), std::string::npos) << "the export is readable, decrypted";
}

}  // namespace
}  // namespace keel::serve_testing
