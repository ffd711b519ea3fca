// Nobody sees another person's records, driven by the server's own OpenAPI document so that a new
// route is covered without touching this file: for every path with an {id} and every method on
// it, a second client using the first client's real ids gets 404 and changes nothing; every list
// a second client reads holds none of the first client's ids or words; a clinician gets 403 on
// every client route, and nobody signed in gets 401 on every route that needs a session.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "serve/api_client.h"
#include "serve/records.h"
#include "serve/served_home.h"
#include "support/test_support.h"

namespace keel::serve_testing {
namespace {

// alex owns the records; sam, kim and lou are other clients (each test uses its own); robin is a
// clinician.
ServedHome& isolation_home() {
  static const std::unique_ptr<ServedHome> served =
      start_shared({{"alex"}, {"sam"}, {"kim"}, {"lou"}, {"robin", "clinician"}});
  return *served;
}

struct Operation {
  std::string method;  // "GET", "PATCH", …
  std::string path;    // "/api/v1/urges/{id}"
  std::string access;  // "anyone", "signed-in" or "client"
  bool has_body = false;
  std::set<std::string> query;  // the names of its query parameters
};

// Every operation of the served document.
std::vector<Operation> operations(const json& document) {
  std::vector<Operation> found;
  for (const auto& [path, methods] : document["paths"].items()) {
    for (const auto& [method, operation] : methods.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      std::set<std::string> query;
      for (const auto& parameter : operation.value("parameters", json::array())) {
        if (parameter.value("in", "") == "query") query.insert(parameter.value("name", ""));
      }
      found.push_back(
          {upper, path, operation.value("x-keel-access", ""), operation.contains("requestBody"), std::move(query)});
    }
  }
  return found;
}

bool has_parameter(const std::string& path) { return path.find('{') != std::string::npos; }

// The path with its {…} segment replaced by `id`.
std::string with_id(const std::string& pattern, const std::string& id) {
  const auto open = pattern.find('{');
  return pattern.substr(0, open) + id + pattern.substr(pattern.find('}', open) + 1);
}

// The collection an {id} path belongs to: "/api/v1/urges/{id}" -> "/api/v1/urges".
std::string collection_of(const std::string& pattern) { return pattern.substr(0, pattern.find('{') - 1); }

// A body for an operation that takes one: a merge patch that would change something if it were
// applied (the handlers must answer 404 before reading it), else an empty object.
std::string body_for(const Operation& operation) {
  if (!operation.has_body) return "";
  const std::string collection = collection_of(operation.path);
  const std::string kind = collection.substr(collection.rfind('/') + 1);
  const json patch = patch_for(kind);
  return patch.empty() ? "{}" : patch.dump();
}

// Every record id ("id":"<ULID>") in a body.
std::set<std::string> ids_in(const std::string& body) {
  static const std::regex kId(R"re("id":"([0-7][0-9A-HJKMNP-TV-Z]{25})")re");
  std::set<std::string> ids;
  for (auto match = std::sregex_iterator(body.begin(), body.end(), kId); match != std::sregex_iterator(); ++match) {
    ids.insert((*match)[1]);
  }
  return ids;
}

class Isolation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    posted_.clear();
    markers_.clear();
    ServedHome& served = isolation_home();
    if (!served.made()) return;
    ApiClient anyone(served.port());
    const Answer document = anyone.get("/api/v1/openapi.json");
    document_ = document.as_json();
    alex_ = std::make_unique<ApiClient>(served.port());
    if (alex_->sign_in("alex", kPassword).status != 200) return;
    // One record of every kind, each with words only alex wrote, and an assessment.
    const Answer acted = alex_->post("/api/v1/urges", urge_record(9, "acted", "alex-marker-acted-note"));
    posted_.insert(acted.as_json().value("id", ""));
    for (const auto& kind : record_kinds()) {
      json record = valid_record(kind.path, 10, acted.as_json().value("id", ""));
      const std::string marker = "alex-marker-" + kind.path;
      if (kind.path == "urges") {
        record["note"] = marker;
        record["contexts"] = {marker + "-context"};
      }
      if (kind.path == "lapse-reviews") record["trigger"] = marker;
      if (kind.path == "checkins") record["note"] = marker;
      if (kind.path == "activities") record["note"] = marker;
      if (kind.path == "values") record["description"] = marker;
      if (kind.path == "goals") record["title"] = marker;
      if (kind.path == "plan") record["change_note"] = marker;
      if (kind.path == "journal") record["body"] = marker;
      if (kind.path != "pauses") markers_.push_back(marker);
      const Answer added = alex_->post("/api/v1/" + kind.path, record);
      if (added.status != 201) ADD_FAILURE() << kind.path << " " << describe(added);
      posted_.insert(added.as_json().value("id", ""));
    }
    const Answer form = alex_->get("/api/v1/instruments/gad-7");
    json answers = json::object();
    const json questions = form.as_json()["questions"];
    for (const auto& question : questions) {
      if (!question["options"].empty())
        answers[question["link_id"].get<std::string>()] = question["options"][0]["code"];
    }
    const Answer assessed = alex_->post("/api/v1/assessments", {{"instrument", "gad-7"}, {"answers", answers}});
    if (assessed.status != 201) ADD_FAILURE() << describe(assessed);
    posted_.insert(assessed.as_json().value("id", ""));
  }
  static void TearDownTestSuite() { alex_.reset(); }

  void SetUp() override {
    ASSERT_TRUE(isolation_home().made()) << isolation_home().problem();
    ASSERT_TRUE(document_.is_object() && document_.contains("paths")) << "no OpenAPI document";
    ASSERT_TRUE(alex_ && !alex_->cookie().empty()) << "alex could not sign in";
    // alex's ids, as alex's own lists show them, by the list that shows them.
    for (const auto& operation : operations(document_)) {
      if (operation.method != "GET" || has_parameter(operation.path) || operation.access == "anyone") continue;
      const Answer answer = alex_->get(operation.path);
      ASSERT_EQ(answer.status, 200) << operation.path << " " << describe(answer);
      for (const auto& id : ids_in(answer.body)) {
        alex_ids_by_list_[operation.path].insert(id);
        alex_ids_.insert(id);
      }
    }
    for (const auto& id : posted_) EXPECT_TRUE(alex_ids_.count(id)) << id << " is in none of alex's lists";
    ASSERT_GE(alex_ids_.size(), record_kinds().size() + 2);
  }

  ApiClient signed_in_as(const std::string& name) {
    ApiClient api(isolation_home().port());
    const Answer answer = api.sign_in(name, kPassword);
    EXPECT_EQ(answer.status, 200) << name << " " << describe(answer);
    return api;
  }

  // alex's ids to try on an {id} path: those of its collection's list, else every one of alex's;
  // only those posted by this run of the suite when `fresh`.
  std::vector<std::string> ids_for(const std::string& pattern, std::size_t most = 3, bool fresh = false) {
    const auto listed = alex_ids_by_list_.find(collection_of(pattern));
    const std::set<std::string>& ids = listed != alex_ids_by_list_.end() ? listed->second : alex_ids_;
    std::vector<std::string> chosen;
    for (const auto& id : ids) {
      if (chosen.size() == most) break;
      if (!fresh || posted_.count(id)) chosen.push_back(id);
    }
    return chosen;
  }

  // Everything alex has, as alex reads it (the lists, the export without its time, stats at a
  // fixed moment).
  std::map<std::string, std::string> alex_snapshot() {
    std::map<std::string, std::string> snapshot;
    for (const auto& operation : operations(document_)) {
      if (operation.method != "GET" || has_parameter(operation.path) || operation.access != "client") continue;
      if (operation.path == "/api/v1/export" || operation.path == "/api/v1/stats") continue;
      snapshot[operation.path] = alex_->get(operation.path).body;
    }
    snapshot["export"] = alex_->export_records();
    snapshot["stats"] = alex_->get("/api/v1/stats?as_of=2026-06-01T00:00:00Z").body;
    return snapshot;
  }

  static inline json document_;
  static inline std::unique_ptr<ApiClient> alex_;
  static inline std::set<std::string> posted_;
  static inline std::vector<std::string> markers_;
  std::map<std::string, std::set<std::string>> alex_ids_by_list_;
  std::set<std::string> alex_ids_;
};

TEST_F(Isolation, EveryIdRouteAnswers404ToAnotherClientAndChangesNothing) {
  const ApiClient sam = signed_in_as("sam");
  const auto before = alex_snapshot();
  int calls = 0;
  for (const auto& operation : operations(document_)) {
    if (!has_parameter(operation.path) || operation.access == "anyone") continue;
    for (const auto& id : ids_for(operation.path)) {
      const std::string target = with_id(operation.path, id);
      const Answer answer = sam.call(operation.method, target, body_for(operation));
      ++calls;
      EXPECT_EQ(answer.status, 404) << operation.method << " " << target << " as another client: " << describe(answer);
      EXPECT_EQ(answer.error_code(), "not_found") << operation.method << " " << target;
      for (const auto& marker : markers_) EXPECT_EQ(answer.body.find(marker), std::string::npos) << target;
    }
  }
  EXPECT_GE(calls, static_cast<int>(record_kinds().size() * 3)) << "GET, PATCH and DELETE of every record kind";
  EXPECT_EQ(alex_snapshot(), before) << "alex's records are as they were";
}

TEST_F(Isolation, AnotherClientsListsHoldNoneOfTheFirstClientsRecords) {
  const ApiClient sam = signed_in_as("sam");
  const Answer own = sam.post("/api/v1/urges", urge_record(9, "surfed", "sam's own"));
  ASSERT_EQ(own.status, 201);
  int lists = 0;
  for (const auto& operation : operations(document_)) {
    if (operation.method != "GET" || has_parameter(operation.path) || operation.access == "anyone") continue;
    struct Try {
      std::string target;
      std::string sent_id;  // an id of alex's that sam sends (and may be told back), or ""
    };
    std::vector<Try> tries = {{operation.path, ""}};
    if (alex_ids_by_list_.count(operation.path) && operation.query.count("after") && operation.query.count("since")) {
      // Paging on from one of alex's ids, or since long ago, shows nothing of alex's either.
      const std::string alex_id = *alex_ids_by_list_[operation.path].begin();
      tries.push_back({operation.path + "?after=" + alex_id, alex_id});
      tries.push_back({operation.path + "?since=2001-01-01T00:00:00Z", ""});
      // ... and reads exactly as paging on from an id that never was.
      const std::string never = client_id();
      const Answer with_alex = sam.get(operation.path + "?after=" + alex_id);
      Answer with_never = sam.get(operation.path + "?after=" + never);
      for (auto at = with_never.body.find(never); at != std::string::npos; at = with_never.body.find(never)) {
        with_never.body.replace(at, never.size(), alex_id);
      }
      EXPECT_EQ(with_alex.status, with_never.status) << operation.path;
      EXPECT_EQ(with_alex.body, with_never.body) << operation.path;
    }
    for (const auto& [target, sent_id] : tries) {
      const Answer answer = sam.get(target);
      if (target.find('?') == std::string::npos) {
        EXPECT_EQ(answer.status, 200) << target << " " << describe(answer);
        ++lists;
      }
      for (const auto& id : alex_ids_) {
        if (id == sent_id) continue;
        EXPECT_EQ(answer.body.find(id), std::string::npos) << target << " names " << id << ": " << describe(answer);
      }
      for (const auto& marker : markers_) {
        EXPECT_EQ(answer.body.find(marker), std::string::npos) << target << " shows alex's words " << marker;
      }
      EXPECT_EQ(answer.body.find(alex_->person_id()), std::string::npos) << target << " names alex";
    }
  }
  EXPECT_GE(lists, static_cast<int>(record_kinds().size()) + 4);
  bool found = false;
  for (const auto& urge : sam.list_all("/api/v1/urges")) {
    EXPECT_EQ(urge["note"], "sam's own") << "sam sees only sam's urges";
    found = found || urge["id"] == own.as_json()["id"];
  }
  EXPECT_TRUE(found);
}

TEST_F(Isolation, AnotherClientsPostWithTheFirstClientsIdsMakesTheirOwnRecord) {
  // kim sends alex's ids as her own client-made ids: an answer of 200 or 409 would tell her that
  // the id is taken (and by what); she gets 201, a record of her own, and alex's stay as they were.
  const ApiClient kim = signed_in_as("kim");
  const auto before = alex_snapshot();
  const Answer acted = kim.post("/api/v1/urges", urge_record(3, "acted", "kim's acted urge"));
  ASSERT_EQ(acted.status, 201) << describe(acted);
  for (const auto& kind : record_kinds()) {
    const std::string collection = "/api/v1/" + kind.path;
    const auto alex_ids = ids_for(collection + "/{id}", 1, /*fresh=*/true);
    ASSERT_EQ(alex_ids.size(), 1u) << collection;
    json record = valid_record(kind.path, 11, acted.as_json()["id"].get<std::string>());
    record["id"] = alex_ids[0];
    const Answer added = kim.post(collection, record);
    EXPECT_EQ(added.status, 201) << collection << " " << describe(added);
    const Answer read = kim.get(collection + "/" + alex_ids[0]);
    EXPECT_EQ(read.status, 200) << describe(read);
    for (const auto& marker : markers_) EXPECT_EQ(read.body.find(marker), std::string::npos) << collection;
  }
  EXPECT_EQ(alex_snapshot(), before) << "alex's records are as they were";
}

TEST_F(Isolation, ALapseReviewOfTheFirstClientsUrgeReadsAsNoUrgeAtAll) {
  const ApiClient lou = signed_in_as("lou");
  const auto before = alex_snapshot();
  const std::string never = client_id();
  for (const auto& alex_urge : ids_for("/api/v1/urges/{id}", 10)) {
    const Answer theirs = lou.post("/api/v1/lapse-reviews", valid_record("lapse-reviews", 12, alex_urge));
    Answer nobodys = lou.post("/api/v1/lapse-reviews", valid_record("lapse-reviews", 12, never));
    EXPECT_EQ(theirs.status, 404) << describe(theirs);
    EXPECT_EQ(theirs.status, nobodys.status);
    for (auto at = nobodys.body.find(never); at != std::string::npos; at = nobodys.body.find(never)) {
      nobodys.body.replace(at, never.size(), alex_urge);
    }
    EXPECT_EQ(theirs.body, nobodys.body) << "another client's urge reads as no urge at all";
  }
  EXPECT_EQ(lou.list_all("/api/v1/lapse-reviews").size(), 0u);
  EXPECT_EQ(alex_snapshot(), before);
}

TEST_F(Isolation, AClinicianGets403OnEveryClientRoute) {
  const ApiClient robin = signed_in_as("robin");
  const auto before = alex_snapshot();
  int calls = 0;
  for (const auto& operation : operations(document_)) {
    if (operation.access != "client") continue;
    const std::string target =
        has_parameter(operation.path) ? with_id(operation.path, ids_for(operation.path, 1).at(0)) : operation.path;
    const Answer answer = robin.call(operation.method, target, operation.has_body ? "{}" : "");
    ++calls;
    EXPECT_EQ(answer.status, 403) << operation.method << " " << target << " as a clinician: " << describe(answer);
    EXPECT_EQ(answer.error_code(), "forbidden") << operation.method << " " << target;
  }
  EXPECT_GE(calls, static_cast<int>(record_kinds().size() * 5));
  EXPECT_EQ(robin.get("/api/v1/me").status, 200);
  EXPECT_EQ(alex_snapshot(), before);
}

TEST_F(Isolation, NobodySignedInGets401OnEveryRouteThatNeedsASession) {
  const ApiClient nobody(isolation_home().port());
  const auto before = alex_snapshot();
  for (const auto& operation : operations(document_)) {
    if (operation.access == "anyone") continue;
    const std::string target =
        has_parameter(operation.path) ? with_id(operation.path, ids_for(operation.path, 1).at(0)) : operation.path;
    const Answer answer = nobody.call(operation.method, target, operation.has_body ? "{}" : "");
    EXPECT_EQ(answer.status, 401) << operation.method << " " << target << ": " << describe(answer);
    EXPECT_EQ(answer.error_code(), "unauthenticated") << operation.method << " " << target;
  }
  EXPECT_EQ(alex_snapshot(), before);
}

TEST_F(Isolation, TheServedDocumentIsThePrintedOne) {
  const auto printed = keel::testing::run_keel({"serve", "--print-openapi"});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  const json document = json::parse(printed.out, nullptr, false);
  ASSERT_TRUE(document.is_object()) << printed.out.substr(0, 500);
  EXPECT_EQ(document["paths"], document_["paths"]);
  EXPECT_EQ(document["components"], document_["components"]);
  for (const auto& operation : operations(document_)) {
    EXPECT_FALSE(operation.access.empty()) << operation.method << " " << operation.path << " names no audience";
  }
}

}  // namespace
}  // namespace keel::serve_testing
