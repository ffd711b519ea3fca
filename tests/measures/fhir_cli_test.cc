// keel export --format fhir and keel import of a FHIR Bundle, end to end: the Bundle validates
// against the FHIR R4 specification by an independent validator (tests/fhir, Node.js), and a
// second home that imports it shows the same assessments with the same scores.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace keel {
namespace {

using nlohmann::json;
using testing::ProcessResult;
using testing::TempDir;

constexpr const char* kPassphrase = "correct horse battery";

// Empty when the validator can run; else what to install.
std::string missing_validator() {
  const auto node = testing::run_shell("node --version");
  if (node.exit_code != 0) return "Node.js is not installed: `scripts/setup test` installs it";
  const std::string modules = std::string(KEEL_SOURCE_DIR) + "/tests/fhir/node_modules";
  if (testing::run_shell("test -d " + modules).exit_code != 0) {
    return "the FHIR validator is not installed: `scripts/setup test` runs npm ci in tests/fhir";
  }
  return "";
}

testing::ShellResult validate(const std::string& file) {
  return testing::run_shell("node " + std::string(KEEL_SOURCE_DIR) + "/tests/fhir/validate.mjs " + file);
}

class FhirCli : public ::testing::Test {
 protected:
  ProcessResult keel(const TempDir& home, std::vector<std::string> arguments, const std::string& input = "") {
    arguments.insert(arguments.begin(), {"--home", home.path()});
    return testing::run_keel(arguments, {std::string("KEEL_PASSPHRASE=") + kPassphrase}, input);
  }

  json keel_json(const TempDir& home, std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), "--json");
    const ProcessResult result = keel(home, arguments);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return json::parse(result.out, nullptr, false);
  }

  void init(const TempDir& home, const char* zone) {
    const ProcessResult made = keel(home, {"init", "--name", "alex", "--time-zone", zone});
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }

  TempDir first_, second_, files_;
};

TEST_F(FhirCli, ExportsAValidBundleThatImportsWithTheSameScores) {
  init(first_, "America/New_York");
  init(second_, "Europe/Berlin");
  keel_json(first_, {"assess", "phq-9", "--answers", "1,2,1,2,1,1,1,1,1", "--at", "2026-03-02 10:00"});
  keel_json(first_, {"assess", "phq-9", "--answers", "1,2,-,2,1,1,1,1,0", "--at", "2026-03-16 10:00"});  // prorated
  keel_json(first_, {"assess", "gad-7", "--answers", "0,1,2,3,0,1,2", "--at", "2026-03-02 10:05"});
  keel_json(first_, {"assess", "scs-sf", "--answers", "5,4,3,2,1,5,4,3,2,1,5,4", "--at", "2026-03-03 20:00"});
  keel_json(first_, {"assess", "phq-4", "--answers", "1,-,-,2", "--at", "2026-03-04 08:00"});  // no total
  const std::string bundle = files_.file("bundle.json");
  const ProcessResult exported = keel(first_, {"export", "--format", "fhir", "--out", bundle});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;

  const json parsed = json::parse(testing::read_file(bundle));
  EXPECT_EQ(parsed["resourceType"], "Bundle");
  int responses = 0, observations = 0;
  bool phq9_total_coded = false;
  for (const auto& entry : parsed["entry"]) {
    const auto& resource = entry["resource"];
    if (resource["resourceType"] == "QuestionnaireResponse") ++responses;
    if (resource["resourceType"] == "Observation") {
      ++observations;
      for (const auto& coding : resource["code"]["coding"]) {
        phq9_total_coded = phq9_total_coded || (coding["system"] == "http://loinc.org" && coding["code"] == "44261-6");
      }
    }
  }
  EXPECT_EQ(responses, 5);
  EXPECT_EQ(observations, 4);  // the PHQ-4 with two items left blank has no total
  EXPECT_TRUE(phq9_total_coded);

  if (const std::string missing = missing_validator(); !missing.empty()) FAIL() << missing;
  const auto validated = validate(bundle);
  EXPECT_EQ(validated.exit_code, 0) << validated.output;

  const json imported = keel_json(second_, {"import", bundle});
  EXPECT_EQ(imported["added"], 5);
  EXPECT_EQ(keel_json(second_, {"import", bundle})["unchanged"], 5);  // the same Bundle twice adds nothing
  const json before = keel_json(first_, {"assessments"});
  const json after = keel_json(second_, {"assessments"});
  ASSERT_EQ(before.size(), 5u);
  EXPECT_EQ(before, after);
  EXPECT_EQ(before[4]["instrument"], "phq-9");
  EXPECT_EQ(before[4]["prorated"], true);
  EXPECT_EQ(before[4]["since_previous"]["difference"], after[4]["since_previous"]["difference"]);
}

TEST_F(FhirCli, ABundleThatDoesNotFitChangesNothing) {
  init(first_, "Europe/Berlin");
  init(second_, "Europe/Berlin");
  keel_json(first_, {"assess", "gad-7", "--answers", "0,1,2,3,0,1,2"});
  keel_json(second_, {"assess", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0"});
  const std::string bundle = files_.file("bundle.json");
  ASSERT_EQ(keel(first_, {"export", "--format", "fhir", "--out", bundle}).exit_code, 0);
  std::string text = testing::read_file(bundle);
  // An answer code no option of GAD-7 has.
  json broken = json::parse(text);
  for (auto& entry : broken["entry"]) {
    if (entry["resource"]["resourceType"] == "QuestionnaireResponse") {
      entry["resource"]["item"][0]["answer"][0]["valueCoding"]["code"] = "not-an-option";
    }
  }
  testing::write_file(files_.file("broken.json"), broken.dump());
  const ProcessResult refused = keel(second_, {"import", files_.file("broken.json")});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("not-an-option"), std::string::npos) << refused.err;
  testing::write_file(files_.file("truncated.json"), text.substr(0, text.size() / 2));
  EXPECT_NE(keel(second_, {"import", files_.file("truncated.json")}).exit_code, 0);
  const json kept = keel_json(second_, {"assessments"});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0]["instrument"], "phq-9");
}

TEST_F(FhirCli, AYearOfSynthDataExportsAValidBundle) {
  init(first_, "Europe/London");
  const std::string synth = files_.file("synth.jsonl");
  ASSERT_EQ(keel(first_, {"synth", "--days", "365", "--seed", "11", "--out", synth}).exit_code, 0);
  ASSERT_EQ(keel(first_, {"import", synth}).exit_code, 0);
  const std::string bundle = files_.file("bundle.json");
  ASSERT_EQ(keel(first_, {"export", "--format", "fhir", "--out", bundle}).exit_code, 0);
  if (const std::string missing = missing_validator(); !missing.empty()) FAIL() << missing;
  const auto validated = validate(bundle);
  EXPECT_EQ(validated.exit_code, 0) << validated.output.substr(0, 4000);
  // The validator is not a formality: the same Bundle with one Observation's status removed fails.
  json broken = json::parse(testing::read_file(bundle));
  for (auto& entry : broken["entry"]) {
    if (entry["resource"]["resourceType"] == "Observation") {
      entry["resource"].erase("status");
      break;
    }
  }
  testing::write_file(files_.file("broken.json"), broken.dump());
  const auto rejected = validate(files_.file("broken.json"));
  EXPECT_EQ(rejected.exit_code, 1) << rejected.output.substr(0, 4000);
  EXPECT_NE(rejected.output.find("status"), std::string::npos) << rejected.output.substr(0, 4000);
  const json assessments = keel_json(first_, {"assessments"});
  EXPECT_GT(assessments.size(), 40u);  // PHQ-9 and GAD-7 fortnightly
}

}  // namespace
}  // namespace keel
