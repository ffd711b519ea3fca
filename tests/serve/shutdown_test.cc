// What a running `keel serve` leaves behind: SIGTERM with requests in flight ends every answered
// request with a complete answer, exits 0 and keeps every record it answered 201 for; and the
// database files hold none of the text a client wrote (it is sealed per field).
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http/http_client.h"
#include "serve/api_client.h"
#include "serve/records.h"
#include "serve/served_home.h"
#include "support/test_support.h"

namespace keel::serve_testing {
namespace {

namespace asio = boost::asio;
namespace wire = boost::beast::http;

// What became of one request.
struct Outcome {
  std::string id;        // the client-made id it sent
  int status = 0;        // 0: no answer
  bool partial = false;  // some of an answer came, but not all of it
  bool keep_alive = false;
  std::string body;
};

// One keep-alive connection that sends request after request, as a browser tab does.
class KeepAliveConnection {
 public:
  explicit KeepAliveConnection(std::uint16_t port) : socket_(io_) {
    boost::system::error_code error;
    socket_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), error);
    connected_ = !error;
  }
  bool connected() const { return connected_; }

  Outcome post(const std::string& target, const std::string& body, const HeaderList& headers) {
    Outcome outcome;
    wire::request<wire::string_body> request{wire::verb::post, target, 11};
    request.set(wire::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.set(wire::field::content_type, "application/json");
    request.keep_alive(true);
    request.body() = body;
    request.prepare_payload();
    http::testing::PatientStream stream(socket_);
    boost::system::error_code error;
    wire::write(stream, request, error);
    if (error) return outcome;  // the server had closed the connection: nothing was sent
    wire::response_parser<wire::string_body> parser;
    wire::read(stream, buffer_, parser, error);
    if (error) {
      outcome.partial = parser.got_some() || buffer_.size() > 0;
      return outcome;
    }
    auto message = parser.release();
    outcome.status = static_cast<int>(message.result_int());
    outcome.keep_alive = message.keep_alive();
    outcome.body = std::move(message.body());
    return outcome;
  }

 private:
  asio::io_context io_;
  asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

TEST(ServeShutdown, SigtermWithRequestsInFlightKeepsEveryAnsweredRecord) {
  ServedHome served({{"alex"}});
  ASSERT_TRUE(served.serve()) << served.problem();
  ApiClient alex(served.port());
  ASSERT_EQ(alex.sign_in("alex", kPassword).status, 200);
  const HeaderList headers = {{"Cookie", alex.cookie()}, {"X-CSRF-Token", alex.csrf()}};

  constexpr int kConnections = 6;
  constexpr int kMostPerConnection = 400;  // a bound, should the server never stop
  std::vector<std::vector<Outcome>> outcomes(kConnections);
  std::mutex mutex;
  std::condition_variable progressed;
  int answered = 0;
  int finished = 0;
  std::vector<std::thread> tabs;
  for (int tab = 0; tab < kConnections; ++tab) {
    tabs.emplace_back([&, tab] {
      struct Finish {
        std::mutex& mutex;
        std::condition_variable& progressed;
        int& finished;
        ~Finish() {
          {
            std::lock_guard lock(mutex);
            ++finished;
          }
          progressed.notify_all();
        }
      } finish{mutex, progressed, finished};
      KeepAliveConnection connection(served.port());
      if (!connection.connected()) return;
      for (int request = 0; request < kMostPerConnection; ++request) {
        json urge = urge_record(request % 27, "surfed", "tab " + std::to_string(tab));
        urge["id"] = client_id();
        Outcome outcome = connection.post("/api/v1/urges", urge.dump(), headers);
        outcome.id = urge["id"].get<std::string>();
        const bool go_on = outcome.status != 0 && outcome.keep_alive;
        outcomes[tab].push_back(std::move(outcome));
        {
          std::lock_guard lock(mutex);
          if (outcomes[tab].back().status != 0) ++answered;
        }
        progressed.notify_all();
        if (!go_on) return;
      }
    });
  }
  {
    // Every tab is busy by now: the signal comes with requests in flight on most of them.
    std::unique_lock lock(mutex);
    // (The bound only keeps a broken server from hanging the test.)
    progressed.wait_for(lock, std::chrono::seconds(120),
                        [&] { return answered >= 3 * kConnections || finished == kConnections; });
    EXPECT_LT(finished, kConnections) << "every connection ended before the signal";
  }
  served.process().signal(SIGTERM);
  for (auto& tab : tabs) tab.join();
  EXPECT_EQ(served.process().wait_for_exit(), 0) << served.process().all_error_output();
  const std::string errors = served.process().all_error_output();
  EXPECT_NE(errors.find("keel: stopped"), std::string::npos) << errors;

  std::set<std::string> created;
  int unanswered = 0;
  for (const auto& tab : outcomes) {
    for (const auto& outcome : tab) {
      EXPECT_FALSE(outcome.partial) << "a request got half an answer";
      if (outcome.status == 0) {
        ++unanswered;
        continue;
      }
      EXPECT_EQ(outcome.status, 201) << outcome.body;
      const json body = json::parse(outcome.body, nullptr, false);
      ASSERT_TRUE(body.is_object()) << "an incomplete answer: " << outcome.body;
      EXPECT_EQ(body["id"], outcome.id);
      if (outcome.status == 201) created.insert(outcome.id);
    }
  }
  EXPECT_GE(created.size(), static_cast<std::size_t>(3 * kConnections));
  EXPECT_LE(unanswered, kConnections);

  // Every record answered 201 is in the database: as `keel export` reads it with alex's password.
  const auto exported = keel::testing::run_keel({"--home", served.home(), "--user", "alex", "export"},
                                                {std::string("KEEL_PASSPHRASE=") + kPassword});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::set<std::string> stored;
  std::istringstream lines(exported.out);
  for (std::string line; std::getline(lines, line);) {
    const json record = json::parse(line, nullptr, false);
    if (record.is_object() && record.value("type", "") == "urge") stored.insert(record["id"].get<std::string>());
  }
  for (const auto& id : created) EXPECT_TRUE(stored.count(id)) << id << " was answered 201 but is not stored";
  std::set<std::string> sent;
  for (const auto& tab : outcomes) {
    for (const auto& outcome : tab) sent.insert(outcome.id);
  }
  for (const auto& id : stored) EXPECT_TRUE(sent.count(id)) << id << " was never sent";

  // And keel serve starts again on the same home with the same records.
  ASSERT_TRUE(served.serve()) << served.problem();
  ApiClient again(served.port());
  ASSERT_EQ(again.sign_in("alex", kPassword).status, 200);
  EXPECT_EQ(again.list_all("/api/v1/urges").size(), stored.size());
  EXPECT_EQ(served.stop(), 0);
}

// A marker unique to this run, in lower case (tags are stored in lower case).
std::string marker(const std::string& field) {
  static const std::string run = [] {
    std::mt19937_64 random{std::random_device{}()};
    std::ostringstream text;
    text << std::hex << random();
    return text.str();
  }();
  return "mq" + run + "-" + field;
}

TEST(ServeStorage, TheDatabaseFilesHoldNoTextWrittenThroughTheApi) {
  ServedHome served({{"alex"}});
  ASSERT_TRUE(served.serve()) << served.problem();
  ApiClient alex(served.port());
  ASSERT_EQ(alex.sign_in("alex", kPassword).status, 200);
  std::vector<std::string> markers;
  const auto text = [&](const std::string& field) {
    markers.push_back(marker(field));
    return markers.back();
  };

  json urge = urge_record(1, "acted", text("urge-note"));
  urge["strategy"] = text("urge-strategy");
  urge["contexts"] = {text("urge-context")};
  urge["emotions"] = {text("urge-emotion")};
  urge["warning_signs"] = {text("urge-warning-sign")};
  const Answer urge_added = alex.post("/api/v1/urges", urge);
  ASSERT_EQ(urge_added.status, 201) << describe(urge_added);
  const std::string urge_id = urge_added.as_json()["id"];
  ASSERT_EQ(alex.patch("/api/v1/urges/" + urge_id, {{"note", text("urge-patched-note")}}).status, 200);

  json review = valid_record("lapse-reviews", 1, urge_id);
  for (const char* field : {"vulnerability", "trigger", "what_helped", "what_to_change", "self_compassion"}) {
    review[field] = text(std::string("review-") + field);
  }
  review["links"] = {text("review-link-1"), text("review-link-2")};
  json checkin = valid_record("checkins", 1);
  checkin["note"] = text("checkin-note");
  json activity = valid_record("activities", 1);
  activity["title"] = text("activity-title");
  activity["note"] = text("activity-note");
  json value = valid_record("values", 1);
  value["name"] = text("value-name");
  value["description"] = text("value-description");
  json goal = valid_record("goals", 1);
  goal["title"] = text("goal-title");
  goal["levels"] = {text("goal-level-1"), text("goal-level-2"), text("goal-level-3"), text("goal-level-4"),
                    text("goal-level-5")};
  json plan = valid_record("plan", 1);
  for (const char* field :
       {"warning_signs", "high_risk_situations", "coping_steps", "environment_changes", "reasons"}) {
    plan[field] = {text(std::string("plan-") + field)};
  }
  plan["people"] = {{{"name", text("plan-person-name")}, {"contact", text("plan-person-contact")}}};
  plan["change_note"] = text("plan-change-note");
  json journal = valid_record("journal", 1);
  journal["kind"] = "thought_record";
  journal["title"] = text("journal-title");
  journal["body"] = text("journal-body");
  journal["fields"] = {{{"name", "situation"}, {"value", text("journal-situation")}},
                       {{"name", "automatic_thought"}, {"value", text("journal-thought")}}};
  const std::vector<std::pair<std::string, json>> records = {
      {"lapse-reviews", review}, {"checkins", checkin}, {"activities", activity}, {"values", value},
      {"goals", goal},           {"plan", plan},        {"journal", journal}};
  for (const auto& [collection, record] : records) {
    const Answer added = alex.post("/api/v1/" + collection, record);
    ASSERT_EQ(added.status, 201) << collection << " " << describe(added);
  }

  // The text is stored (alex reads it back) ...
  const std::string exported = alex.export_records();
  for (const auto& word : markers) {
    if (word == marker("urge-note")) continue;  // replaced by the patch
    EXPECT_NE(exported.find(word), std::string::npos) << word << " is not in alex's export";
  }
  // ... but not in the files, neither while the server runs (with its write-ahead log) nor after.
  const auto check_files = [&](const std::string& when) {
    int files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(served.home())) {
      if (!entry.is_regular_file()) continue;
      ++files;
      const std::string bytes = keel::testing::read_file(entry.path().string());
      for (const auto& word : markers) {
        EXPECT_FALSE(keel::testing::contains_bytes(bytes, word))
            << when << ": " << entry.path().filename().string() << " holds " << word;
      }
    }
    EXPECT_GT(files, 0) << when;
  };
  EXPECT_TRUE(std::filesystem::exists(served.file("keel.db")));
  check_files("while serving");
  EXPECT_EQ(served.stop(), 0);
  check_files("after stopping");
}

}  // namespace
}  // namespace keel::serve_testing
