// keel assess, assessments and instruments load|load-text|remove, end to end: the real binary and
// a real home in a temporary directory.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace keel {
namespace {

using nlohmann::json;
using testing::ProcessResult;
using testing::TempDir;

constexpr const char* kPassphrase = "correct horse battery";

class AssessCli : public ::testing::Test {
 protected:
  void SetUp() override {
    auto made = keel({"init", "--name", "alex", "--time-zone", "Europe/Berlin"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }

  ProcessResult keel(std::vector<std::string> arguments, const std::string& input = "") {
    arguments.insert(arguments.begin(), {"--home", home_.path()});
    return testing::run_keel(arguments, {std::string("KEEL_PASSPHRASE=") + kPassphrase}, input);
  }

  json keel_json(std::vector<std::string> arguments, const std::string& input = "") {
    arguments.insert(arguments.begin(), "--json");
    const ProcessResult result = keel(arguments, input);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return json::parse(result.out, nullptr, false);
  }

  json assessments() { return keel_json({"assessments"}); }

  std::string fixture(const std::string& name) {
    return testing::read_file(std::string(KEEL_SOURCE_DIR) + "/tests/measures/fixtures/" + name);
  }

  TempDir home_;
  TempDir files_;
};

TEST_F(AssessCli, SavesAnAssessmentWithItsSafetyEvent) {
  const json saved = keel_json({"assess", "phq-9", "--answers", "1,2,1,2,1,1,1,1,1", "--at", "2026-03-02 10:00"});
  EXPECT_EQ(saved["total"], 11);
  EXPECT_EQ(saved["band"], "moderate");
  EXPECT_EQ(saved["at"], "2026-03-02T10:00:00+01:00");
  EXPECT_EQ(saved["safety"]["flag"], true);
  ASSERT_EQ(saved["safety"]["events"].size(), 1u);
  EXPECT_NE(saved["safety"]["crisis_resources"]["text"].get<std::string>().find("emergency"), std::string::npos);

  // The safety event names the assessment and the item, for the clinician's alert to come.
  const json events = keel_json({"list", "safety-events"});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["id"], saved["safety"]["events"][0]);
  EXPECT_EQ(events[0]["assessment_id"], saved["id"]);
  EXPECT_EQ(events[0]["item"], "9");
  EXPECT_EQ(events[0]["score"], 1);

  const json list = assessments();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], saved["id"]);
  EXPECT_EQ(list[0]["total"], 11);
  EXPECT_EQ(list[0]["answers"], "1,2,1,2,1,1,1,1,1");
  EXPECT_EQ(list[0]["safety_flag"], true);
  EXPECT_TRUE(list[0]["since_previous"].is_null());

  // Without a flag no event is made.
  keel_json({"assess", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0"});
  EXPECT_EQ(keel_json({"list", "safety-events"}).size(), 1u);
}

TEST_F(AssessCli, ShowsTheChangeSinceThePreviousAndTheFirst) {
  keel_json({"assess", "phq-9", "--answers", "3,3,2,2,2,2,2,2,0", "--at", "2026-01-05 09:00"});  // 18
  keel_json({"assess", "gad-7", "--answers", "2,2,2,2,2,2,2", "--at", "2026-01-06 09:00"});      // 14
  keel_json({"assess", "phq-9", "--answers", "2,2,2,2,1,1,1,1,0", "--at", "2026-02-05 09:00"});  // 12
  keel_json({"assess", "phq-9", "--answers", "1,0,1,0,1,0,0,0,0", "--at", "2026-03-05 09:00"});  // 3
  const json list = assessments();
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0]["total"], 18);
  EXPECT_EQ(list[2]["total"], 12);
  EXPECT_EQ(list[2]["since_previous"]["difference"], -6);
  EXPECT_EQ(list[3]["since_previous"]["difference"], -9);
  EXPECT_EQ(list[3]["since_first"]["difference"], -15);
  EXPECT_EQ(list[3]["since_first"]["reliable"], true);
  // The GAD-7 is compared with no PHQ-9.
  EXPECT_TRUE(list[1]["since_previous"].is_null());

  // The same as `keel change` says for those totals.
  const json change = keel_json({"change", "phq-9", "--before", "18", "--after", "3"});
  EXPECT_EQ(list[3]["since_first"]["rci"], change["rci"]);
  EXPECT_EQ(list[3]["since_first"]["classification"], change["classification"]);

  const json only_gad = keel_json({"assessments", "--instrument", "gad-7"});
  ASSERT_EQ(only_gad.size(), 1u);
  EXPECT_EQ(only_gad[0]["total"], 14);
  const ProcessResult text = keel({"assessments"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("2026-03-05 09:00"), std::string::npos) << text.out;
}

TEST_F(AssessCli, AsksOneItemAtATime) {
  // GAD-7: options 1-4 score 0-3. "b" goes back, a wrong answer is asked again.
  const ProcessResult result = keel({"assess", "gad-7"}, "2\n3\nb\n4\nx\n1\n2\n2\n2\n2\n");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Over the last 2 weeks, how often"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("1 of 7."), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Please type a number from 1 to 4"), std::string::npos);
  EXPECT_NE(result.out.find("Saved"), std::string::npos);
  const json list = assessments();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["answers"], "1,3,0,1,1,1,1");
  EXPECT_EQ(list[0]["total"], 8);
  EXPECT_EQ(list[0]["band"], "mild");
}

TEST_F(AssessCli, ShowsCrisisResourcesAsSoonAsItem9IsAnswered) {
  const ProcessResult result = keel({"assess", "phq-9"}, "1\n1\n1\n1\n1\n1\n1\n1\n3\n");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto crisis = result.out.find("emergency");
  const auto total = result.out.find("Total:");
  ASSERT_NE(crisis, std::string::npos) << result.out;
  ASSERT_NE(total, std::string::npos);
  EXPECT_LT(crisis, total);
  const json events = keel_json({"list", "safety-events"});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["score"], 2);
}

TEST_F(AssessCli, StoppingOrAMistakeSavesNothing) {
  const ProcessResult stopped = keel({"assess", "phq-9"}, "1\n2\nq\n");
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_NE(stopped.out.find("nothing was saved"), std::string::npos);
  const ProcessResult ended = keel({"assess", "phq-9"}, "1\n2\n");
  EXPECT_EQ(ended.exit_code, 0) << ended.err;

  const ProcessResult wrong = keel({"assess", "phq-9", "--answers", "1,2,9,0,0,0,0,0,0"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("item 3"), std::string::npos) << wrong.err;
  const ProcessResult unknown = keel({"assess", "phq-99", "--answers", "1"});
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_TRUE(assessments().empty());
  EXPECT_TRUE(keel_json({"list", "safety-events"}).empty());
}

TEST_F(AssessCli, LoadsAClinicsLoincFormThatScoresAsTheShippedOne) {
  const std::string form = files_.file("phq9.json");
  testing::write_file(form, fixture("loinc_phq9_contained_valueset.json"));
  const json loaded = keel_json({"instruments", "load", form});
  EXPECT_EQ(loaded["id"], "loinc-44249-1");
  EXPECT_EQ(loaded["replaced"], false);
  EXPECT_EQ(loaded["items"], 9);

  const json list = keel_json({"instruments"});
  ASSERT_EQ(list.size(), 13u);
  EXPECT_EQ(list[12]["id"], "loinc-44249-1");
  EXPECT_EQ(list[12]["from"], "clinic");
  EXPECT_EQ(list[0]["from"], "keel");

  const json clinic = keel_json({"assess", "loinc-44249-1", "--answers", "1,2,1,2,1,1,1,1,1"});
  const json shipped = keel_json({"score", "phq-9", "--answers", "1,2,1,2,1,1,1,1,1"});
  EXPECT_EQ(clinic["total"], shipped["total"]);
  EXPECT_EQ(clinic["band"], shipped["band"]);
  EXPECT_EQ(clinic["safety"]["flag"], true);

  // Loading the same form again replaces it; under keel's own id it is refused.
  EXPECT_EQ(keel_json({"instruments", "load", form})["replaced"], true);
  const ProcessResult taken = keel({"instruments", "load", form, "--id", "phq-9"});
  EXPECT_EQ(taken.exit_code, 6);
  EXPECT_NE(taken.err.find("keel's own"), std::string::npos) << taken.err;

  // A form under the same id that scores differently would change what saved answers mean.
  std::string changed = fixture("loinc_phq9_contained_valueset.json");
  const auto first_score = changed.find("\"valueDecimal\": 0");
  ASSERT_NE(first_score, std::string::npos);
  changed.replace(first_score, 17, "\"valueDecimal\": 5");
  testing::write_file(files_.file("changed.json"), changed);
  const ProcessResult differs = keel({"instruments", "load", files_.file("changed.json")});
  EXPECT_EQ(differs.exit_code, 6);
  EXPECT_NE(differs.err.find("scores it differently"), std::string::npos) << differs.err;

  testing::write_file(files_.file("broken.json"), "{\"resourceType\": \"Questionnaire\", ");
  EXPECT_EQ(keel({"instruments", "load", files_.file("broken.json")}).exit_code, 2);
  EXPECT_EQ(keel({"instruments", "load", files_.file("absent.json")}).exit_code, 3);
  // Nothing of that changed the saved form or the assessment.
  EXPECT_EQ(keel_json({"instruments"}).size(), 13u);
  const json saved = assessments();
  ASSERT_EQ(saved.size(), 1u);
  EXPECT_EQ(saved[0]["total"], 11);

  // Removing the form keeps the assessment, which says it can no longer be scored.
  keel_json({"instruments", "remove", "loinc-44249-1"});
  EXPECT_EQ(keel_json({"instruments"}).size(), 12u);
  const json orphan = assessments();
  ASSERT_EQ(orphan.size(), 1u);
  EXPECT_TRUE(orphan[0].contains("problem"));
}

TEST_F(AssessCli, AddsAndRemovesLicensedText) {
  json text = {{"item", json::array()}};
  for (int index = 1; index <= 5; ++index) {
    text["item"].push_back({{"linkId", std::to_string(index)}, {"text", "Licensed wording " + std::to_string(index)}});
  }
  testing::write_file(files_.file("bps.json"), text.dump());
  const json added = keel_json({"instruments", "load-text", "bps", files_.file("bps.json")});
  EXPECT_EQ(added["text"], "licensed");
  auto bps = [&] {
    for (const auto& instrument : keel_json({"instruments"})) {
      if (instrument["id"] == "bps") return instrument;
    }
    return json();
  };
  EXPECT_EQ(bps()["text"], "licensed");
  const ProcessResult asked = keel({"assess", "bps"}, "q\n");
  EXPECT_NE(asked.out.find("Licensed wording 1"), std::string::npos) << asked.out;

  // Text for an instrument that ships its own is refused, and changes nothing.
  testing::write_file(files_.file("phq.json"), R"({"item": []})");
  EXPECT_NE(keel({"instruments", "load-text", "phq-9", files_.file("phq.json")}).exit_code, 0);

  keel_json({"instruments", "remove", "bps", "--text"});
  EXPECT_EQ(bps()["text"], "placeholder");
  EXPECT_EQ(keel({"instruments", "remove", "bps", "--text"}).exit_code, 3);
}

}  // namespace
}  // namespace keel
