// The OpenAPI document against the routes it describes: every route once under paths and nothing
// else, every "$ref" resolving, the printed document the served one. And every route called once,
// answering its documented status: with KEEL_OPENAPI_SAMPLES=DIR set, the bodies sent and answered
// are written to DIR/samples/<schema>.<n>.json (and the document to DIR/openapi.json), for
// tests/openapi/check.mjs to validate against the document's schemas (ctest openapi.responses).
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "api/api_fixture.h"

namespace keel::api {
namespace {

using nlohmann::json;
using testing::ApiFixture;
using testing::Credentials;

std::string lower_case(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Every "$ref" in `node`.
void collect_references(const json& node, std::vector<std::string>& found) {
  if (node.is_object()) {
    for (auto member = node.begin(); member != node.end(); ++member) {
      if (member.key() == "$ref" && member->is_string()) {
        found.push_back(member->get<std::string>());
      } else {
        collect_references(*member, found);
      }
    }
  } else if (node.is_array()) {
    for (const auto& item : node) collect_references(item, found);
  }
}

class OpenApi : public ApiFixture {
 protected:
  ApiOptions api_options() const override {
    ApiOptions options;
    options.open_sign_up = true;  // so that POST /api/v1/users answers what it documents
    return options;
  }

  void SetUp() override {
    ApiFixture::SetUp();
    if (const char* directory = std::getenv("KEEL_OPENAPI_SAMPLES")) {
      samples_ = std::string(directory) + "/samples";
      std::filesystem::create_directories(samples_);
      keel::testing::write_file(std::string(directory) + "/openapi.json", api_->openapi().dump(2));
    }
  }

  // The description of the route the router picks for `method target`.
  const RouteDescription& description_of(const std::string& method, std::string_view target) {
    auto match = router_.match(method, target.substr(0, target.find('?')));
    if (match.is_ok() && match->route != nullptr) {
      for (const auto& route : api_->routes()) {
        if (route.description.method == method && route.description.pattern == match->route->pattern) {
          return route.description;
        }
      }
    }
    ADD_FAILURE() << "no route for " << method << " " << target;
    return api_->routes().front().description;
  }

  // Keeps `value` as a sample of `schema` (when samples are wanted).
  void keep(const std::string& schema, const json& value) {
    if (samples_.empty() || schema.empty()) return;
    keel::testing::write_file(fmt::format("{}/{}.{:03}.json", samples_, schema, ++sample_count_), value.dump(2));
  }

  // Calls a route (as `who`, unless null), expects the status its description documents, and keeps
  // the body sent and the body answered as samples of the route's schemas. Returns the answer.
  json exchange(const Credentials* who, const std::string& method, std::string_view target,
                const json& body = nullptr) {
    const RouteDescription& description = description_of(method, target);
    called_.insert(description.method + " " + description.pattern);
    const std::string sent = body.is_null() ? "" : body.dump();
    const http::Response response = who == nullptr ? call(method, target, sent) : call_as(*who, method, target, sent);
    EXPECT_EQ(response.status, description.success_status) << method << " " << target << ": " << response.body;
    if (!body.is_null()) keep(description.request_schema, body);
    if (description.response_schema.empty()) {
      EXPECT_TRUE(response.body.empty()) << method << " " << target;
      return nullptr;
    }
    if (description.response_type != "application/json") {
      keep(description.response_schema, response.body);  // the text, as a JSON string
      return response.body;
    }
    const json answer = body_of(response);
    keep(description.response_schema, answer);
    return answer;
  }

  // An error answer: its status, and its body kept as a sample of Error.
  void expect_error(const http::Response& response, int status) {
    EXPECT_EQ(response.status, status) << response.body;
    keep("Error", body_of(response));
  }

  std::string samples_;
  int sample_count_ = 0;
  std::set<std::string> called_;
};

TEST_F(OpenApi, ListsExactlyTheRoutersRoutes) {
  const json& paths = api_->openapi()["paths"];
  std::set<std::string> described;
  for (const auto& route : api_->routes()) {
    const std::string key = route.description.method + " " + route.description.pattern;
    EXPECT_TRUE(described.insert(key).second) << "two routes are " << key;
    const std::string method = lower_case(route.description.method);
    ASSERT_TRUE(paths.contains(route.description.pattern)) << key;
    EXPECT_TRUE(paths[route.description.pattern].contains(method)) << key;
  }
  std::size_t operations = 0;
  for (const auto& [pattern, methods] : paths.items()) {
    for (const auto& [method, operation] : methods.items()) {
      ++operations;
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      EXPECT_EQ(described.count(upper + " " + pattern), 1u)
          << "the document has " << upper << " " << pattern << ", which is no route";
    }
  }
  EXPECT_EQ(operations, api_->routes().size());
  EXPECT_EQ(router_.routes().size(), api_->routes().size());
}

// Everything that reads the store, sessions or keys runs on the worker pool; only the health check
// is answered on the I/O thread.
TEST_F(OpenApi, OnlyTheHealthCheckIsAnsweredOnTheIoThread) {
  for (const auto& route : router_.routes()) {
    const bool health = route.method == "GET" && route.pattern == "/healthz";
    EXPECT_EQ(route.dispatch, health ? http::Dispatch::io_thread : http::Dispatch::worker)
        << route.method << " " << route.pattern;
  }
}

TEST_F(OpenApi, EveryReferenceResolvesAndEverySchemaIsUsedOrNamed) {
  const json& document = api_->openapi();
  std::vector<std::string> references;
  collect_references(document, references);
  ASSERT_FALSE(references.empty());
  for (const auto& reference : references) {
    ASSERT_EQ(reference.rfind("#/", 0), 0u) << reference;
    EXPECT_TRUE(document.contains(json::json_pointer(reference.substr(1)))) << reference << " points at nothing";
  }
  for (const auto& route : api_->routes()) {
    for (const auto& schema : {route.description.request_schema, route.description.response_schema}) {
      if (!schema.empty()) {
        EXPECT_TRUE(document["components"]["schemas"].contains(schema)) << schema;
      }
    }
  }
}

TEST_F(OpenApi, ThePrintedDocumentIsTheServedOne) {
  EXPECT_EQ(Api::openapi_document(api_options()), api_->openapi());
  EXPECT_EQ(api_->openapi()["openapi"], "3.0.3");
}

TEST_F(OpenApi, EveryRouteAnswersItsDocumentedStatus) {
  exchange(nullptr, "GET", "/healthz");
  exchange(nullptr, "GET", "/api/v1/openapi.json");
  exchange(nullptr, "POST", "/api/v1/session", {{"username", "alex"}, {"password", testing::kPassword}});
  const Credentials alex = sign_in("alex");
  exchange(&alex, "GET", "/api/v1/me");

  // One record of each kind, linked as the app requires: added, listed, read, patched.
  const std::string value = exchange(&alex, "POST", "/api/v1/values",
                                     {{"created_at", "2026-05-01T08:00:00Z"},
                                      {"name", "connection"},
                                      {"description", "people I love"},
                                      {"rank", 0}})["id"];
  const std::string urge = exchange(&alex, "POST", "/api/v1/urges",
                                    {{"id", "01JZ0000000000000000000001"},
                                     {"type", "urge"},
                                     {"at", "2026-05-27T21:30:00+02:00"},
                                     {"time_zone", "Europe/Berlin"},
                                     {"intensity", 7},
                                     {"duration_minutes", 20},
                                     {"contexts", {"alone", "Phone in bed"}},
                                     {"emotions", {"lonely"}},
                                     {"warning_signs", json::array()},
                                     {"outcome", "acted"},
                                     {"strategy", ""},
                                     {"note", "after the call"}})["id"];
  struct Added {
    const char* collection;
    json body;
    json patch;
  };
  const std::vector<Added> records = {
      {"values", nullptr, {{"description", "the people I love"}}},
      {"urges", nullptr, {{"duration_minutes", nullptr}}},
      {"goals",
       {{"created_at", "2026-05-01T08:10:00Z"},
        {"title", "Use Pause when an urge is above 6"},
        {"levels", {"never", "now and then", "half the time", "mostly", "every time"}},
        {"weight", 2.5},
        {"value_id", value},
        {"archived", false}},
       {{"archived", true}}},
      {"activities",
       {{"created_at", "2026-05-26T09:00:00+02:00"},
        {"time_zone", "Europe/Berlin"},
        {"title", "read a novel"},
        {"category", "pleasant"},
        {"value_ids", {value}},
        {"scheduled_at", "2026-05-26T18:00:00+02:00"},
        {"done", true},
        {"done_at", "2026-05-26T19:00:00+02:00"},
        {"mood_before", 4},
        {"mood_after", nullptr},
        {"note", ""}},
       {{"mood_after", 8}}},
      {"lapse-reviews",
       {{"urge_id", urge},
        {"at", "2026-05-27T22:30:00+02:00"},
        {"time_zone", "Europe/Berlin"},
        {"vulnerability", "tired"},
        {"trigger", "alone with my phone"},
        {"links", {"noticed the urge", "gave in"}},
        {"what_helped", ""},
        {"what_to_change", "phone out of the bedroom"},
        {"self_compassion", "a slip is not the end"}},
       {{"what_helped", "writing this"}}},
      {"checkins",
       {{"date", "2026-05-27"},
        {"at", "2026-05-27T21:00:00+02:00"},
        {"time_zone", "Europe/Berlin"},
        {"mood", 6},
        {"stress", 5},
        {"loneliness", 7},
        {"boredom", 2},
        {"tiredness", 8},
        {"hunger", 1},
        {"sleep_hours", 6.5},
        {"urges_today", 1},
        {"acted_today", true},
        {"note", "long day"}},
       {{"sleep_hours", 7}}},
      {"pauses",
       {{"at", "2026-05-27T21:31:00+02:00"},
        {"time_zone", "Europe/Berlin"},
        {"technique", "breathe"},
        {"planned_minutes", 3},
        {"elapsed_seconds", 200},
        {"start_intensity", 8},
        {"end_intensity", 4},
        {"samples",
         {{{"offset_seconds", 0}, {"intensity", 8}},
          {{"offset_seconds", 60}, {"intensity", 6}},
          {{"offset_seconds", 200}, {"intensity", 4}}}},
        {"urge_id", urge}},
       {{"end_intensity", nullptr}}},
      {"plan",
       {{"created_at", "2026-05-20T20:00:00+02:00"},
        {"time_zone", "Europe/Berlin"},
        {"warning_signs", {"skipping sleep"}},
        {"high_risk_situations", {"alone in the evening"}},
        {"coping_steps", {"use Pause"}},
        {"people", {{{"name", "Sam"}, {"contact", "+49 30 1234567"}}}},
        {"environment_changes", json::array()},
        {"reasons", {"to sleep better"}},
        {"review_date", "2026-08-20"},
        {"change_note", "first plan"}},
       nullptr},
      {"journal",
       {{"at", "2026-05-27T23:00:00+02:00"},
        {"time_zone", "Europe/Berlin"},
        {"kind", "self_compassion"},
        {"title", "self-compassion break"},
        {"body", ""},
        {"fields",
         {{{"name", "mindfulness"}, {"value", "this is hard"}}, {{"name", "kindness"}, {"value", "be patient"}}}},
        {"is_private", true}},
       {{"title", "a kind word"}}},
  };
  std::vector<std::string> added;  // "/api/v1/<collection>/<id>"
  for (const auto& record : records) {
    const std::string base = std::string("/api/v1/") + record.collection;
    const std::string id = record.body.is_null() ? (base == "/api/v1/values" ? value : urge)
                                                 : exchange(&alex, "POST", base, record.body)["id"].get<std::string>();
    exchange(&alex, "GET", base + "?limit=10");
    exchange(&alex, "GET", base + "/" + id);
    if (record.patch.is_null()) {
      expect_error(call_as(alex, "PATCH", base + "/" + id, json{{"change_note", "x"}}.dump()), 409);
      called_.insert("PATCH " + base + "/{id}");
    } else {
      exchange(&alex, "PATCH", base + "/" + id, record.patch);
    }
    added.push_back(base + "/" + id);
  }

  // Measures: the instruments, two PHQ-9s (the second answers item 9, so it carries the crisis text).
  exchange(&alex, "GET", "/api/v1/instruments");
  const json form = exchange(&alex, "GET", "/api/v1/instruments/phq-9");
  for (const auto& [option, at] :
       {std::pair{0, "2026-05-01T10:00:00+02:00"}, std::pair{1, "2026-05-27T10:00:00+02:00"}}) {
    json answers = json::object();
    for (const auto& question : form["questions"]) {
      const std::string link_id = question["link_id"];
      answers[link_id] =
          question["scored"].get<bool>() ? question["options"][option]["code"] : json();  // null: left out
    }
    exchange(&alex, "POST", "/api/v1/assessments", {{"instrument", "phq-9"}, {"answers", answers}, {"at", at}});
  }
  exchange(&alex, "GET", "/api/v1/assessments?instrument=phq-9");
  exchange(&alex, "GET", "/api/v1/stats?as_of=2026-05-28T12:00:00Z");
  exchange(&alex, "GET", "/api/v1/crisis-resources");
  const std::string lines = exchange(&alex, "GET", "/api/v1/export");
  std::istringstream export_lines(lines);
  for (std::string line; std::getline(export_lines, line);) keep("ExportLine", json::parse(line));

  // Errors, as the Error schema says.
  expect_error(call("GET", "/api/v1/me"), 401);
  expect_error(call_as(alex, "GET", "/api/v1/urges/01JZ0000000000000000000009"), 404);
  expect_error(call_as(alex, "POST", "/api/v1/urges", "{"), 400);
  expect_error(call("POST", "/api/v1/session", "username=alex", {{"Content-Type", "text/plain"}}), 415);

  // Accounts: sign-up, a password change, an account deleted, records deleted, signing out.
  exchange(nullptr, "POST", "/api/v1/users",
           {{"username", "casey"}, {"password", "a long enough password"}, {"time_zone", "Europe/Vienna"}});
  exchange(&alex, "PUT", "/api/v1/me/password",
           {{"current_password", testing::kPassword}, {"new_password", "another long password"}});
  const Credentials sam = sign_in("sam");
  exchange(&sam, "DELETE", "/api/v1/me", {{"password", testing::kPassword}});
  for (auto path = added.rbegin(); path != added.rend(); ++path) exchange(&alex, "DELETE", *path);
  exchange(&alex, "DELETE", "/api/v1/session");

  for (const auto& route : api_->routes()) {
    EXPECT_EQ(called_.count(route.description.method + " " + route.description.pattern), 1u)
        << "no call of " << route.description.method << " " << route.description.pattern;
  }
}

}  // namespace
}  // namespace keel::api
