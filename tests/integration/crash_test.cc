// Kills writing keel processes with SIGKILL at random moments, many times, then checks that
// every write the CLI acknowledged is there and the database is intact. Acknowledged means
// the id was printed: keel prints it only after the transaction committed with
// synchronous=FULL. (A SIGKILL loses the process, not the kernel's page cache; what this
// proves is that no acknowledged write depends on anything the process still held.)
#include <sqlite3.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/random.h"
#include "support/test_support.h"

namespace keel {
namespace {

constexpr const char* kPassphrase = "crash test passphrase";

const std::vector<std::string> kEnvironment = {std::string("KEEL_PASSPHRASE=") + kPassphrase};

std::string integrity_check(const std::string& path) {
  sqlite3* database = nullptr;
  std::string answer = "cannot open";
  if (sqlite3_open_v2(path.c_str(), &database, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(database, "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      answer = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(database);
  return answer;
}

TEST(Crash, EveryAcknowledgedUrgeSurvivesSigkill) {
  testing::TempDir home;
  ASSERT_EQ(testing::run_keel({"--home", home.path(), "init", "--name", "crash", "--time-zone", "UTC"},
                              {std::string("KEEL_PASSPHRASE=") + kPassphrase})
                .exit_code,
            0);
  // How long one uninterrupted write takes here (a sanitizer build is many times slower), so
  // that the kills fall before, during and after the write.
  const auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(testing::run_keel({"--home", home.path(), "urge", "--intensity", "1"}, kEnvironment).exit_code, 0);
  const long write_microseconds =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
  SeededRandom random(2026);
  std::set<std::string> acknowledged;
  int killed_before_acknowledging = 0;
  constexpr int kRounds = 150;
  for (int round = 0; round < kRounds; ++round) {
    testing::KeelProcess writer({"--home", home.path(), "urge", "--intensity", std::to_string(round % 11), "--note",
                                 "crash round " + std::to_string(round)},
                                kEnvironment);
    // Anywhere from at once to three times as long as a write takes.
    const long delay = static_cast<long>(random.next_u64() % static_cast<std::uint64_t>(write_microseconds * 3 + 1));
    auto [output, finished] = writer.kill_after(delay);
    if (output.size() >= 26)
      acknowledged.insert(output.substr(0, 26));
    else
      ++killed_before_acknowledging;
    if (finished) {
      EXPECT_GE(output.size(), 26u) << "a write that finished must have printed its id";
    }
  }
  // Some rounds must really have been interrupted, or the test proved nothing.
  EXPECT_GT(killed_before_acknowledging, 0);
  EXPECT_GT(acknowledged.size(), 0u);

  EXPECT_EQ(integrity_check(home.file("keel.db")), "ok");
  auto listed = testing::run_keel({"--home", home.path(), "--json", "list", "urges"},
                                  {std::string("KEEL_PASSPHRASE=") + kPassphrase});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::set<std::string> present;
  for (const auto& urge : nlohmann::json::parse(listed.out)) present.insert(urge["id"].get<std::string>());
  for (const auto& id : acknowledged) EXPECT_TRUE(present.count(id)) << "acknowledged urge " << id << " was lost";
  std::cout << "[ crash    ] one write takes " << write_microseconds / 1000 << " ms; " << kRounds << " rounds, "
            << acknowledged.size() << " acknowledged, " << killed_before_acknowledging
            << " killed before acknowledging, " << present.size() << " present\n";
}

TEST(Concurrency, SeveralCliWritersAtOnceAllSucceed) {
  testing::TempDir home;
  ASSERT_EQ(testing::run_keel({"--home", home.path(), "init", "--name", "busy", "--time-zone", "UTC"},
                              {std::string("KEEL_PASSPHRASE=") + kPassphrase})
                .exit_code,
            0);
  constexpr int kWriters = 8;
  std::vector<std::unique_ptr<testing::KeelProcess>> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.push_back(std::make_unique<testing::KeelProcess>(
        std::vector<std::string>{"--home", home.path(), "urge", "--intensity", std::to_string(i)}, kEnvironment));
  }
  std::set<std::string> ids;
  for (auto& writer : writers) {
    auto [output, finished] = writer->kill_after(60'000'000);  // generous: the busy timeout is 10 s
    EXPECT_TRUE(finished) << "a writer did not finish: " << output;
    if (output.size() >= 26) ids.insert(output.substr(0, 26));
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kWriters));
  auto listed = testing::run_keel({"--home", home.path(), "--json", "list", "urges"},
                                  {std::string("KEEL_PASSPHRASE=") + kPassphrase});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(nlohmann::json::parse(listed.out).size(), static_cast<std::size_t>(kWriters));
}

TEST(Crash, AnImportKilledHalfwayLeavesAllOrNothing) {
  testing::TempDir home;
  const std::vector<std::string> environment = {std::string("KEEL_PASSPHRASE=") + kPassphrase};
  ASSERT_EQ(testing::run_keel({"--home", home.path(), "init", "--name", "crash", "--time-zone", "UTC"}, environment)
                .exit_code,
            0);
  auto synth = testing::run_keel(
      {"synth", "--days", "120", "--seed", "4", "--end", "2026-06-01T00:00:00Z", "--out", home.file("synth.jsonl")});
  ASSERT_EQ(synth.exit_code, 0) << synth.err;
  std::size_t records = 0;
  {
    const std::string text = testing::read_file(home.file("synth.jsonl"));
    for (char c : text) records += c == '\n';
    records -= 1;  // the header
  }
  SeededRandom random(7);
  bool saw_nothing = false, saw_everything = false;
  for (int round = 0; round < 12 && !(saw_nothing && saw_everything); ++round) {
    // Start from an empty home each round by deleting what the last round imported.
    testing::TempDir fresh;
    ASSERT_EQ(testing::run_keel({"--home", fresh.path(), "init", "--name", "crash", "--time-zone", "UTC"}, environment)
                  .exit_code,
              0);
    testing::KeelProcess importer({"--home", fresh.path(), "import", home.file("synth.jsonl")}, kEnvironment);
    importer.kill_after(static_cast<long>(random.next_u64() % 400000));
    EXPECT_EQ(integrity_check(fresh.file("keel.db")), "ok");
    auto exported = testing::run_keel({"--home", fresh.path(), "export"}, environment);
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    std::size_t lines = 0;
    for (char c : exported.out) lines += c == '\n';
    const std::size_t present = lines - 1;
    EXPECT_TRUE(present == 0 || present == records) << present << " of " << records << " records after a kill";
    saw_nothing = saw_nothing || present == 0;
    saw_everything = saw_everything || present == records;
  }
}

}  // namespace
}  // namespace keel
