// The keel command line end to end: the real binary, a real home in a temporary directory.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "support/test_support.h"

namespace keel {
namespace {

using testing::ProcessResult;
using testing::TempDir;

constexpr const char* kPassphrase = "correct horse battery";

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    auto made = keel({"init", "--name", "alex", "--time-zone", "Europe/Berlin"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }

  ProcessResult keel(std::vector<std::string> arguments, const std::string& input = "",
                     std::vector<std::string> environment = {}) {
    arguments.insert(arguments.begin(), {"--home", home_.path()});
    bool has_passphrase = false;
    for (const auto& e : environment) has_passphrase = has_passphrase || e.rfind("KEEL_PASSPHRASE=", 0) == 0;
    if (!has_passphrase) environment.push_back(std::string("KEEL_PASSPHRASE=") + kPassphrase);
    return testing::run_keel(arguments, environment, input);
  }

  nlohmann::json list(const std::string& kind) {
    auto result = keel({"--json", "list", kind});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out);
  }

  std::string add_urge(std::vector<std::string> extra) {
    std::vector<std::string> arguments = {"urge"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    auto result = keel(arguments);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::string id = result.out;
    while (!id.empty() && id.back() == '\n') id.pop_back();
    return id;
  }

  TempDir home_;
};

TEST_F(Cli, LogsAnUrgeAndListsItInTheClientsTime) {
  const std::string id =
      add_urge({"--intensity", "7", "--at", "2026-03-22 22:10", "--context", "phone in bed,alone", "--emotion",
                "lonely", "--warning-sign", "impulsive scrolling", "--outcome", "surfed", "--strategy", "cold water",
                "--duration", "12", "--note", "after the call"});
  EXPECT_EQ(id.size(), 26u);
  auto urges = list("urges");
  ASSERT_EQ(urges.size(), 1u);
  EXPECT_EQ(urges[0]["id"], id);
  EXPECT_EQ(urges[0]["type"], "urge");
  EXPECT_EQ(urges[0]["intensity"], 7);
  EXPECT_EQ(urges[0]["outcome"], "surfed");
  EXPECT_EQ(urges[0]["at"], "2026-03-22T22:10:00+01:00");
  EXPECT_EQ(urges[0]["contexts"], nlohmann::json({"phone in bed", "alone"}));
  auto text = keel({"list", "urges"});
  EXPECT_NE(text.out.find("2026-03-22 22:10"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("surfed"), std::string::npos);
}

TEST_F(Cli, BadInputIsExplainedAndWritesNothing) {
  add_urge({"--intensity", "4"});
  auto too_strong = keel({"urge", "--intensity", "11"});
  EXPECT_NE(too_strong.exit_code, 0);
  EXPECT_NE(too_strong.err.find("intensity must be between 0 and 10"), std::string::npos) << too_strong.err;
  auto future = keel({"urge", "--intensity", "3", "--at", "2099-01-01 10:00"});
  EXPECT_NE(future.exit_code, 0);
  EXPECT_NE(future.err.find("future"), std::string::npos) << future.err;
  auto outcome = keel({"urge", "--intensity", "3", "--outcome", "failure"});
  EXPECT_NE(outcome.exit_code, 0);
  EXPECT_NE(outcome.err.find("surfed, delayed, coping, acted, ongoing"), std::string::npos);
  auto not_a_number = keel({"checkin", "--mood", "high", "--stress", "1", "--lonely", "1", "--bored", "1", "--tired",
                            "1", "--hungry", "1", "--sleep", "7", "--urges", "0", "--acted", "no"});
  EXPECT_NE(not_a_number.exit_code, 0);
  auto acted = keel({"checkin", "--mood", "5", "--stress", "1", "--lonely", "1", "--bored", "1", "--tired", "1",
                     "--hungry", "1", "--sleep", "7", "--urges", "0", "--acted", "maybe"});
  EXPECT_NE(acted.exit_code, 0);
  EXPECT_NE(acted.err.find("--acted must be yes or no"), std::string::npos);
  EXPECT_EQ(list("urges").size(), 1u);
  EXPECT_EQ(list("checkins").size(), 0u);
  auto json_error = keel({"--json", "urge", "--intensity", "-2"});
  auto error = nlohmann::json::parse(json_error.err);
  EXPECT_EQ(error["error"]["code"], "invalid_argument");
}

TEST_F(Cli, WrongPassphraseIsRefusedAndChangesNothing) {
  add_urge({"--intensity", "5"});
  auto wrong = keel({"urge", "--intensity", "2"}, "", {"KEEL_PASSPHRASE=not the passphrase"});
  EXPECT_EQ(wrong.exit_code, 4);
  EXPECT_NE(wrong.err.find("passphrase"), std::string::npos) << wrong.err;
  EXPECT_EQ(list("urges").size(), 1u);
  // No passphrase at all, and no terminal to ask on: a clear sentence.
  auto none = testing::run_keel({"--home", home_.path(), "list", "urges"});
  EXPECT_NE(none.exit_code, 0);
  EXPECT_NE(none.err.find("needs a passphrase"), std::string::npos) << none.err;
}

TEST_F(Cli, MissingAndCorruptHomesAreExplained) {
  TempDir empty;
  auto missing = testing::run_keel({"--home", empty.path() + "/nowhere", "list", "urges"},
                                   {std::string("KEEL_PASSPHRASE=") + kPassphrase});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("keel init"), std::string::npos) << missing.err;

  testing::write_file(empty.file("keel.db"), std::string(8192, 'x'));
  auto corrupt =
      testing::run_keel({"--home", empty.path(), "list", "urges"}, {std::string("KEEL_PASSPHRASE=") + kPassphrase});
  EXPECT_NE(corrupt.exit_code, 0);
  EXPECT_EQ(corrupt.err.find("Segmentation"), std::string::npos);
  EXPECT_FALSE(corrupt.err.empty());

  auto again = keel({"init", "--name", "sam"});
  EXPECT_EQ(again.exit_code, 6);
  EXPECT_NE(again.err.find("exists already"), std::string::npos);
}

TEST_F(Cli, LapseReviewOnlyForAnUrgeActedOn) {
  const std::string surfed = add_urge({"--intensity", "6", "--outcome", "surfed"});
  auto refused = keel({"lapse-review", surfed, "--trigger", "late night"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("acted"), std::string::npos) << refused.err;

  auto acted_result = keel({"urge", "--intensity", "8", "--outcome", "acted"});
  ASSERT_EQ(acted_result.exit_code, 0);
  // The words after a lapse are kind and point to a review, never to a reset.
  EXPECT_NE(acted_result.err.find("lapse-review"), std::string::npos);
  EXPECT_EQ(acted_result.err.find("fail"), std::string::npos);
  std::string acted = acted_result.out.substr(0, 26);
  auto review = keel({"lapse-review", acted, "--vulnerability", "tired", "--trigger", "scrolling in bed", "--link",
                      "opened the app", "--link", "kept scrolling", "--what-helped", "nothing yet", "--what-to-change",
                      "phone charges in the kitchen"});
  ASSERT_EQ(review.exit_code, 0) << review.err;
  EXPECT_NE(review.out.find("good friend"), std::string::npos) << review.out;  // the self-compassion prompt
  auto reviews = list("lapse-reviews");
  ASSERT_EQ(reviews.size(), 1u);
  EXPECT_EQ(reviews[0]["links"], nlohmann::json({"opened the app", "kept scrolling"}));
  auto missing = keel({"lapse-review", "01J00000000000000000000000"});
  EXPECT_NE(missing.exit_code, 0);
}

TEST_F(Cli, OneCheckInPerDayASecondReplacesIt) {
  std::vector<std::string> checkin = {"checkin", "--mood",  "6",          "--stress", "3",       "--lonely",
                                      "7",       "--bored", "2",          "--tired",  "4",       "--hungry",
                                      "1",       "--sleep", "6.5",        "--urges",  "2",       "--acted",
                                      "no",      "--date",  "2026-01-10", "--note",   "long day"};
  ASSERT_EQ(keel(checkin).exit_code, 0);
  checkin[2] = "8";
  auto second = keel(checkin);
  ASSERT_EQ(second.exit_code, 0);
  EXPECT_NE(second.out.find("Updated"), std::string::npos);
  auto checkins = list("checkins");
  ASSERT_EQ(checkins.size(), 1u);
  EXPECT_EQ(checkins[0]["mood"], 8);
  EXPECT_EQ(checkins[0]["date"], "2026-01-10");
  EXPECT_EQ(checkins[0]["sleep_hours"], 6.5);
}

TEST_F(Cli, PausesValuesGoalsActivitiesPlanAndJournal) {
  auto pause = keel({"pause", "--record", "--technique", "surf", "--start", "8", "--end", "3", "--minutes", "10",
                     "--samples", "8,9,7,5,3"});
  ASSERT_EQ(pause.exit_code, 0) << pause.err;
  EXPECT_NE(pause.out.find("from 8 to 3"), std::string::npos) << pause.out;
  auto pauses = list("pauses");
  ASSERT_EQ(pauses.size(), 1u);
  EXPECT_EQ(pauses[0]["start_intensity"], 8);
  EXPECT_EQ(pauses[0]["end_intensity"], 3);

  auto value = keel({"--json", "value", "add", "Being present for my kids"});
  ASSERT_EQ(value.exit_code, 0) << value.err;
  const std::string value_id = nlohmann::json::parse(value.out)["id"];
  auto goal = keel({"goal", "add", "Phone out of the bedroom", "--weight", "2", "--value", value_id, "--expected",
                    "5 nights a week"});
  ASSERT_EQ(goal.exit_code, 0) << goal.err;
  auto activity = keel({"--json", "activity", "add", "Run with Jo", "--category", "connection", "--value", value_id});
  ASSERT_EQ(activity.exit_code, 0) << activity.err;
  const std::string activity_id = nlohmann::json::parse(activity.out)["id"];
  auto done = keel({"activity", "done", activity_id, "--mood-before", "4", "--mood-after", "7"});
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_NE(done.out.find("from 4 to 7"), std::string::npos);
  auto bad_value = keel({"activity", "add", "Walk", "--value", "01J00000000000000000000000"});
  EXPECT_NE(bad_value.exit_code, 0);

  ASSERT_EQ(keel({"plan", "update", "--add-coping-step", "walk round the block", "--add-person", "Sam: 0151 496 0000",
                  "--add-warning-sign", "staying up late"})
                .exit_code,
            0);
  auto second = keel({"plan", "update", "--add-coping-step", "cold shower", "--remove-warning-sign", "staying up late",
                      "--note", "after the review"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("version 2"), std::string::npos);
  EXPECT_NE(second.out.find("+ cold shower"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("- staying up late"), std::string::npos);
  auto plans = list("plan");
  ASSERT_EQ(plans.size(), 2u);  // every version is kept
  auto first = keel({"plan", "show", "--version", "1"});
  EXPECT_NE(first.out.find("staying up late"), std::string::npos);
  auto difference = keel({"plan", "diff", "1", "2"});
  EXPECT_NE(difference.out.find("+ cold shower"), std::string::npos);

  auto journal = keel({"journal", "add", "--title", "evening"}, "It was hard, and I got through it.\n");
  ASSERT_EQ(journal.exit_code, 0) << journal.err;
  EXPECT_NE(journal.out.find("private"), std::string::npos);
  auto record = keel({"journal", "add", "--kind", "thought_record", "--field", "situation=alone after work", "--field",
                      "automatic_thought=I will never change"});
  ASSERT_EQ(record.exit_code, 0) << record.err;
  auto entries = list("journal");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0]["body"], "It was hard, and I got through it.");
}

TEST_F(Cli, InteractivePauseReadsTheWaveAndSavesIt) {
  // Piped answers: start 8, surf, 3 minutes, then 9, 6, 2 each minute (the last is the end).
  auto pause = keel({"pause"}, "8\n1\n3\n9\n6\n2\n");
  ASSERT_EQ(pause.exit_code, 0) << pause.err;
  EXPECT_NE(pause.out.find("from 8 to 2"), std::string::npos) << pause.out;
  auto pauses = list("pauses");
  ASSERT_EQ(pauses.size(), 1u);
  EXPECT_EQ(pauses[0]["technique"], "surf");
  EXPECT_EQ(pauses[0]["planned_minutes"], 3);
  ASSERT_GE(pauses[0]["samples"].size(), 4u);
  EXPECT_EQ(pauses[0]["end_intensity"], 2);
  // Grounding: what the client names is not saved; the ratings are.
  std::string grounding = "7\n3\n";
  for (int i = 0; i < 15; ++i) grounding += "Zanzibar-thing-" + std::to_string(i) + "\n";
  grounding += "4\n";
  auto ground = keel({"pause"}, grounding);
  ASSERT_EQ(ground.exit_code, 0) << ground.err;
  EXPECT_NE(ground.out.find("from 7 to 4"), std::string::npos) << ground.out;
  auto after_grounding = list("pauses");
  ASSERT_EQ(after_grounding.size(), 2u);
  EXPECT_EQ(after_grounding.dump().find("Zanzibar"), std::string::npos);
  EXPECT_EQ(keel({"pause"}, "6\n2\n3\n1\n5\n").exit_code, 0);  // breathing, 3 minutes, six a minute
  ASSERT_EQ(list("pauses").size(), 3u);
  // Leaving before rating saves nothing.
  auto left = keel({"pause"}, "");
  EXPECT_NE(left.exit_code, 0);
  EXPECT_EQ(list("pauses").size(), 3u);
}

TEST_F(Cli, EditAndDelete) {
  const std::string id = add_urge({"--intensity", "5", "--note", "first note"});
  auto edit = keel({"urge", "--edit", id, "--outcome", "delayed", "--note", "second note"});
  ASSERT_EQ(edit.exit_code, 0) << edit.err;
  auto urges = list("urges");
  ASSERT_EQ(urges.size(), 1u);
  EXPECT_EQ(urges[0]["outcome"], "delayed");
  EXPECT_EQ(urges[0]["intensity"], 5);
  EXPECT_EQ(urges[0]["note"], "second note");
  ASSERT_EQ(keel({"delete", "urge", id}).exit_code, 0);
  EXPECT_EQ(list("urges").size(), 0u);
  // Deleted for real: not even its id is left in the database or its write-ahead log.
  for (const auto& entry : std::filesystem::directory_iterator(home_.path())) {
    EXPECT_FALSE(testing::contains_bytes(testing::read_file(entry.path().string()), id)) << entry.path();
  }
  EXPECT_EQ(keel({"delete", "urge", id}).exit_code, 3);
}

TEST_F(Cli, ExportImportExportIsIdenticalOnAYearOfSynthData) {
  TempDir work;
  const std::string synth_file = work.file("synth.jsonl");
  auto synth = testing::run_keel(
      {"synth", "--days", "365", "--seed", "11", "--end", "2026-06-01T00:00:00Z", "--out", synth_file});
  ASSERT_EQ(synth.exit_code, 0) << synth.err;
  auto imported = keel({"--json", "import", synth_file});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const auto summary = nlohmann::json::parse(imported.out);
  EXPECT_GT(summary["added"].get<int>(), 1000);
  auto again = keel({"--json", "import", synth_file});
  ASSERT_EQ(again.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(again.out)["added"], 0);  // idempotent
  EXPECT_EQ(nlohmann::json::parse(again.out)["unchanged"], summary["added"]);

  auto first_export = keel({"export"});
  ASSERT_EQ(first_export.exit_code, 0);
  testing::write_file(work.file("first.jsonl"), first_export.out);

  TempDir other_home;
  auto environment = std::vector<std::string>{std::string("KEEL_PASSPHRASE=") + kPassphrase};
  ASSERT_EQ(testing::run_keel({"--home", other_home.path(), "init", "--name", "alex", "--time-zone", "Europe/Berlin"},
                              environment)
                .exit_code,
            0);
  ASSERT_EQ(testing::run_keel({"--home", other_home.path(), "import", work.file("first.jsonl")}, environment).exit_code,
            0);
  auto second_export = testing::run_keel({"--home", other_home.path(), "export"}, environment);
  auto records_of = [](const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);) {
      if (line.find("\"keel-export\"") == std::string::npos) lines.push_back(line);  // the header has the time
    }
    return lines;
  };
  EXPECT_EQ(records_of(first_export.out), records_of(second_export.out));
  // And the synth file itself has exactly the same records.
  auto synth_lines = records_of(testing::read_file(synth_file));
  auto exported_lines = records_of(first_export.out);
  std::sort(synth_lines.begin(), synth_lines.end());
  std::sort(exported_lines.begin(), exported_lines.end());
  EXPECT_EQ(synth_lines, exported_lines);
}

TEST_F(Cli, ImportIsAllOrNothingAndNamesTheBadLine) {
  TempDir work;
  const std::string good =
      R"({"type":"urge","id":"01J2000000000000000000000A","at":"2026-01-05T21:00:00+01:00","time_zone":"Europe/Berlin","intensity":6,"contexts":[],"emotions":[],"warning_signs":[],"outcome":"surfed","strategy":"","note":""})";
  const std::string bad =
      R"({"type":"urge","id":"01J2000000000000000000000B","at":"2026-01-05T22:00:00+01:00","time_zone":"Europe/Berlin","intensity":14,"contexts":[],"emotions":[],"warning_signs":[],"outcome":"surfed","strategy":"","note":""})";
  testing::write_file(work.file("bad.jsonl"), good + "\n" + bad + "\n");
  auto result = keel({"import", work.file("bad.jsonl")});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("line 2"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("intensity"), std::string::npos) << result.err;
  EXPECT_EQ(list("urges").size(), 0u);

  testing::write_file(work.file("garbage.jsonl"), good + "\n{not json\n");
  auto garbage = keel({"import", work.file("garbage.jsonl")});
  EXPECT_NE(garbage.exit_code, 0);
  EXPECT_NE(garbage.err.find("line 2"), std::string::npos) << garbage.err;
  EXPECT_EQ(list("urges").size(), 0u);

  auto unreadable = keel({"import", work.file("does-not-exist.jsonl")});
  EXPECT_EQ(unreadable.exit_code, 3);
  EXPECT_NE(unreadable.err.find("cannot read"), std::string::npos);
}

TEST_F(Cli, TheDatabaseFilesRevealNoFreeText) {
  const std::string secret = "Xylophone-Marmalade-Secret";
  add_urge({"--intensity", "6", "--note", secret, "--context", secret + "-context"});
  ASSERT_EQ(keel({"journal", "add", "--text", secret + "-journal"}).exit_code, 0);
  ASSERT_EQ(keel({"plan", "update", "--add-person", secret + "-person: 0123"}).exit_code, 0);
  ASSERT_EQ(keel({"checkin", "--mood",  "5",       "--stress", "1",        "--lonely", "1",
                  "--bored", "1",       "--tired", "1",        "--hungry", "1",        "--sleep",
                  "7",       "--urges", "1",       "--acted",  "no",       "--note",   secret + "-checkin"})
                .exit_code,
            0);
  for (const auto& entry : std::filesystem::directory_iterator(home_.path())) {
    const std::string bytes = testing::read_file(entry.path().string());
    EXPECT_FALSE(testing::contains_bytes(bytes, "Xylophone")) << entry.path();
    EXPECT_FALSE(testing::contains_bytes(bytes, "Marmalade")) << entry.path();
  }
  // ... while the client reads it back in clear.
  EXPECT_EQ(list("urges")[0]["note"], secret);
}

TEST_F(Cli, PassphraseChangeRewrapsTheKeyOnly) {
  add_urge({"--intensity", "5", "--note", "kept through the change"});
  auto changed = keel({"passwd"}, "",
                      {std::string("KEEL_PASSPHRASE=") + kPassphrase, "KEEL_NEW_PASSPHRASE=a brand new passphrase"});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_EQ(keel({"list", "urges"}).exit_code, 4);
  auto with_new = keel({"--json", "list", "urges"}, "", {"KEEL_PASSPHRASE=a brand new passphrase"});
  ASSERT_EQ(with_new.exit_code, 0) << with_new.err;
  EXPECT_EQ(nlohmann::json::parse(with_new.out)[0]["note"], "kept through the change");
  auto wrong_old = keel({"passwd"}, "", {"KEEL_PASSPHRASE=wrong wrong wrong", "KEEL_NEW_PASSPHRASE=another one here"});
  EXPECT_EQ(wrong_old.exit_code, 4);
}

TEST_F(Cli, PassphraseFromAFile) {
  TempDir work;
  testing::write_file(work.file("passphrase"), std::string(kPassphrase) + "\n");
  auto result =
      testing::run_keel({"--home", home_.path(), "--passphrase-file", work.file("passphrase"), "list", "urges"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  auto missing = testing::run_keel({"--home", home_.path(), "--passphrase-file", work.file("nope"), "list", "urges"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("cannot read the passphrase file"), std::string::npos);
}

TEST_F(Cli, UnlockKeepsTheKeyUntilLock) {
  auto unlocked = keel({"unlock", "--for", "2m"});
  if (unlocked.exit_code != 0 && unlocked.err.find("keyring") != std::string::npos) {
    GTEST_SKIP() << "the kernel keyring is not available here: " << unlocked.err;
  }
  ASSERT_EQ(unlocked.exit_code, 0) << unlocked.err;
  auto without = testing::run_keel({"--home", home_.path(), "urge", "--intensity", "3"});
  EXPECT_EQ(without.exit_code, 0) << without.err;
  ASSERT_EQ(keel({"lock"}).exit_code, 0);
  auto locked = testing::run_keel({"--home", home_.path(), "urge", "--intensity", "3"});
  EXPECT_NE(locked.exit_code, 0);
  EXPECT_EQ(list("urges").size(), 1u);
  EXPECT_NE(keel({"unlock", "--for", "25h"}).exit_code, 0);
}

TEST_F(Cli, BackupOpensAsAHome) {
  add_urge({"--intensity", "5", "--note", "in the backup"});
  TempDir copy;
  auto backup = keel({"backup", copy.file("keel.db")});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  auto listed = testing::run_keel({"--home", copy.path(), "--json", "list", "urges"},
                                  {std::string("KEEL_PASSPHRASE=") + kPassphrase});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(nlohmann::json::parse(listed.out)[0]["note"], "in the backup");
  EXPECT_NE(keel({"backup", copy.file("keel.db")}).exit_code, 0);  // never overwrites
}

TEST_F(Cli, SummaryIsCumulativeAndKind) {
  add_urge({"--intensity", "5", "--outcome", "surfed"});
  add_urge({"--intensity", "8", "--outcome", "acted"});
  add_urge({"--intensity", "4", "--outcome", "coping"});
  auto summary = keel({"--json", "summary"});
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  auto json = nlohmann::json::parse(summary.out);
  EXPECT_EQ(json["urges_logged"], 3);
  EXPECT_EQ(json["urges_passed"], 2);
  EXPECT_EQ(json["lapses"], 1);
  for (const auto& sentence : json["sentences"]) {
    EXPECT_EQ(sentence.get<std::string>().find("fail"), std::string::npos);
  }
}

TEST(CliHelp, EveryCommandHasHelp) {
  for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{{"--help"},
                                                                                       {"init", "--help"},
                                                                                       {"unlock", "--help"},
                                                                                       {"urge", "--help"},
                                                                                       {"lapse-review", "--help"},
                                                                                       {"checkin", "--help"},
                                                                                       {"pause", "--help"},
                                                                                       {"list", "--help"},
                                                                                       {"value", "add", "--help"},
                                                                                       {"goal", "add", "--help"},
                                                                                       {"activity", "done", "--help"},
                                                                                       {"plan", "update", "--help"},
                                                                                       {"journal", "add", "--help"},
                                                                                       {"export", "--help"},
                                                                                       {"import", "--help"},
                                                                                       {"backup", "--help"},
                                                                                       {"synth", "--help"},
                                                                                       {"demo", "--help"},
                                                                                       {"summary", "--help"}}) {
    auto result = testing::run_keel(command);
    EXPECT_EQ(result.exit_code, 0) << command[0];
    EXPECT_NE(result.out.find("Usage"), std::string::npos) << command[0] << result.out;
  }
  auto unknown = testing::run_keel({"frobnicate"});
  EXPECT_NE(unknown.exit_code, 0);
}

TEST(CliSynth, SameSeedSameDataOtherSeedOtherData) {
  auto a = testing::run_keel({"synth", "--days", "30", "--seed", "5", "--end", "2026-06-01T00:00:00Z"});
  auto b = testing::run_keel({"synth", "--days", "30", "--seed", "5", "--end", "2026-06-01T00:00:00Z"});
  auto c = testing::run_keel({"synth", "--days", "30", "--seed", "6", "--end", "2026-06-01T00:00:00Z"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, c.out);
  EXPECT_NE(testing::run_keel({"synth", "--days", "0"}).exit_code, 0);
}

}  // namespace
}  // namespace keel

namespace keel {
namespace {

TEST_F(Cli, AddsPeopleWithTheirOwnPasswordAndKeys) {
  testing::TempDir files;
  const std::string password_file = files.file("sam.txt");
  testing::write_file(password_file, "sams own long password\n");
  const auto added = keel({"--json", "user", "add", "sam", "--role", "client", "--password-file", password_file,
                           "--time-zone", "America/Chicago"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(nlohmann::json::parse(added.out)["role"], "client");

  const auto people = nlohmann::json::parse(keel({"--json", "user", "list"}).out);
  ASSERT_EQ(people.size(), 2u);

  // Sam writes with Sam's password; alex's passphrase does not open Sam's records.
  const auto sams = keel({"--user", "sam", "urge", "--intensity", "4"}, "", {"KEEL_PASSPHRASE=sams own long password"});
  ASSERT_EQ(sams.exit_code, 0) << sams.err;
  EXPECT_EQ(keel({"--user", "sam", "list", "urges"}).exit_code, 4);
  const auto own = keel({"--json", "--user", "sam", "list", "urges"}, "", {"KEEL_PASSPHRASE=sams own long password"});
  ASSERT_EQ(own.exit_code, 0) << own.err;
  EXPECT_EQ(nlohmann::json::parse(own.out).size(), 1u);
  EXPECT_TRUE(list("urges").empty()) << "alex sees none of Sam's urges";

  // A taken name, an unknown role and a short password are refused and change nothing.
  EXPECT_EQ(keel({"user", "add", "sam", "--password-file", password_file}).exit_code, 6);
  EXPECT_EQ(keel({"user", "add", "kim", "--role", "boss", "--password-file", password_file}).exit_code, 2);
  testing::write_file(files.file("short.txt"), "short\n");
  EXPECT_EQ(keel({"user", "add", "kim", "--password-file", files.file("short.txt")}).exit_code, 2);
  EXPECT_EQ(nlohmann::json::parse(keel({"--json", "user", "list"}).out).size(), 2u);
}

}  // namespace
}  // namespace keel

namespace keel::cli {
namespace {

TEST(DemoCommand, MakesADemoHomeAndCanStopShortOfServingIt) {
  testing::TempDir directory;
  const auto made = testing::run_keel({"--home", directory.path() + "/demo", "demo", "--no-serve", "--days", "20"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("Made a demo home with 20 days"), std::string::npos) << made.out;
  EXPECT_NE(made.out.find("passphrase"), std::string::npos);
  EXPECT_EQ(made.out.find("web app"), std::string::npos) << "--no-serve serves nothing";
  const auto again = testing::run_keel({"--home", directory.path() + "/demo", "demo", "--no-serve"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out.find("Made a demo home"), std::string::npos) << "the second run reopens it";
}

}  // namespace
}  // namespace keel::cli
