// keel instruments, score and change, end to end: the real binary, no home needed.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace keel {
namespace {

using nlohmann::json;
using testing::ProcessResult;

ProcessResult keel(const std::vector<std::string>& arguments, const std::vector<std::string>& environment = {}) {
  return testing::run_keel(arguments, environment);
}

json keel_json(std::vector<std::string> arguments, const std::vector<std::string>& environment = {}) {
  arguments.insert(arguments.begin(), "--json");
  const ProcessResult result = keel(arguments, environment);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out, nullptr, false);
}

TEST(MeasuresCli, ListsTheInstrumentsByTheirIds) {
  const json list = keel_json({"instruments"});
  ASSERT_TRUE(list.is_array());
  std::vector<std::string> ids;
  for (const auto& instrument : list) ids.push_back(instrument["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"phq-9", "gad-7", "phq-4", "csi-4", "scs-sf", "ders-16", "aaq-ii", "bps",
                                           "ppcs-6", "csbd-19", "hbi-19", "scs"}));
  EXPECT_EQ(list[0]["items"], 9);
  EXPECT_EQ(list[0]["maximum"], 27);
  EXPECT_EQ(list[0]["code"]["code"], "44249-1");
  EXPECT_EQ(list[0]["reliable_change"], true);
  EXPECT_EQ(list[7]["text"], "placeholder");
  const ProcessResult text = keel({"instruments"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("scs-sf"), std::string::npos);
  EXPECT_NE(text.out.find("mean 1-5"), std::string::npos);
}

TEST(MeasuresCli, ScoresPhq9AsTheIssueShows) {
  const json score = keel_json({"score", "phq-9", "--answers", "1,2,1,2,1,1,1,1,1"});
  EXPECT_EQ(score["instrument"], "phq-9");
  EXPECT_EQ(score["total"], 11);
  EXPECT_EQ(score["band"], "moderate");
  EXPECT_TRUE(score["subscales"].is_object());
  EXPECT_EQ(score["safety"]["flag"], true);
  EXPECT_EQ(score["safety"]["findings"][0]["item"], "9");
  EXPECT_EQ(score["safety"]["crisis_resources"]["source"], "keel default");
  EXPECT_NE(score["safety"]["crisis_resources"]["text"].get<std::string>().find("emergency"), std::string::npos);
  EXPECT_EQ(score["total_code"]["code"], "44261-6");
  EXPECT_EQ(score["answers"], "1,2,1,2,1,1,1,1,1");

  const json calm = keel_json({"score", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0"});
  EXPECT_EQ(calm["total"], 0);
  EXPECT_EQ(calm["safety"]["flag"], false);
  EXPECT_FALSE(calm["safety"].contains("crisis_resources"));
}

TEST(MeasuresCli, ShowsTheCrisisTextFirst) {
  const ProcessResult result = keel({"score", "phq-9", "--answers", "0,0,0,0,0,0,0,0,1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto crisis = result.out.find("emergency");
  const auto total = result.out.find("Total: 1");
  ASSERT_NE(crisis, std::string::npos);
  ASSERT_NE(total, std::string::npos);
  EXPECT_LT(crisis, total) << result.out;
  EXPECT_EQ(result.out.rfind("!! Safety", 0), 0u);
}

TEST(MeasuresCli, TakesTheClinicsCrisisText) {
  testing::TempDir directory;
  testing::write_file(directory.file("crisis.txt"), "Call the clinic's line: 0800 000 000.\n");
  testing::write_file(directory.file("other.txt"), "Ring the night service on 0900 111.\n");
  const std::vector<std::string> answers = {"score", "phq-9", "--answers", "0,0,0,0,0,0,0,0,2"};

  const json from_environment = keel_json(answers, {"KEEL_CRISIS_FILE=" + directory.file("crisis.txt")});
  EXPECT_EQ(from_environment["safety"]["crisis_resources"]["text"], "Call the clinic's line: 0800 000 000.\n");
  EXPECT_EQ(from_environment["safety"]["crisis_resources"]["source"], directory.file("crisis.txt"));

  std::vector<std::string> with_option = answers;
  with_option.insert(with_option.end(), {"--crisis-file", directory.file("other.txt")});
  const json from_option = keel_json(with_option, {"KEEL_CRISIS_FILE=" + directory.file("crisis.txt")});
  EXPECT_EQ(from_option["safety"]["crisis_resources"]["text"], "Ring the night service on 0900 111.\n");

  // A file that cannot be read never hides the crisis text: keel's own is shown, and why.
  std::vector<std::string> missing = answers;
  missing.insert(missing.end(), {"--crisis-file", directory.file("missing.txt")});
  missing.insert(missing.begin(), "--json");
  const ProcessResult result = keel(missing);
  EXPECT_EQ(result.exit_code, 0);
  const json fallback = json::parse(result.out);
  EXPECT_EQ(fallback["safety"]["crisis_resources"]["source"], "keel default");
  EXPECT_NE(fallback["safety"]["crisis_file_problem"].get<std::string>().find("cannot open the crisis file"),
            std::string::npos);
  EXPECT_NE(result.err.find("showing keel's default crisis text instead"), std::string::npos);
}

TEST(MeasuresCli, ScoresSubscalesAndMeans) {
  const json phq4 = keel_json({"score", "phq-4", "--answers", "1,2,0,3"});
  EXPECT_EQ(phq4["subscales"]["gad-2"]["score"], 3);
  EXPECT_EQ(phq4["subscales"]["gad-2"]["band"], "positive");
  EXPECT_EQ(phq4["subscales"]["phq-2"]["band"], "positive");
  const json scs_sf = keel_json({"score", "scs-sf", "--answers", "5,1,1,5,1,1,1,5,5,1,5,5"});
  EXPECT_EQ(scs_sf["total"], 3);
  EXPECT_EQ(scs_sf["scoring"], "mean");
  EXPECT_EQ(scs_sf["direction"], "higher-better");
  EXPECT_EQ(scs_sf["subscales"]["self-judgment"]["score"], 1);
  const json partial = keel_json({"score", "phq-9", "--answers", "1,1,1,1,1,1,1,1,-"});
  EXPECT_EQ(partial["total"], 9);
  EXPECT_EQ(partial["prorated"], true);
  EXPECT_EQ(partial["safety"]["unanswered"], json::array({"9"}));
  const json too_few = keel_json({"score", "gad-7", "--answers", "1,1,1,-,-,-,-"});
  EXPECT_TRUE(too_few["total"].is_null());
  EXPECT_EQ(too_few["no_total_reason"], "3 of 7 items are answered; gad-7 gives a total only when all are");
}

TEST(MeasuresCli, ScoresGoalAttainment) {
  EXPECT_NEAR(keel_json({"score", "gas", "--weights", "1,2,3", "--levels", "1,0,-1"})["t_score"].get<double>(),
              45.59347350760768, 1e-9);
  EXPECT_NEAR(keel_json({"score", "gas", "--weights", "1,1,1", "--levels", "0,0,0"})["t_score"].get<double>(), 50,
              1e-12);
  EXPECT_NEAR(keel_json({"score", "gas", "--weights", "1,1,1", "--levels", "1,1,1"})["t_score"].get<double>(),
              63.693063937629155, 1e-9);
  const ProcessResult text = keel({"score", "gas", "--weights", "1,2,3", "--levels", "1,0,-1"});
  EXPECT_NE(text.out.find("45.59"), std::string::npos) << text.out;
  const ProcessResult mismatch = keel({"score", "gas", "--weights", "1,2", "--levels", "1,0,-1"});
  EXPECT_EQ(mismatch.exit_code, 2);
  EXPECT_NE(mismatch.err.find("2 weights but 3 levels"), std::string::npos) << mismatch.err;
  const ProcessResult bad_level = keel({"score", "gas", "--weights", "1", "--levels", "3"});
  EXPECT_EQ(bad_level.exit_code, 2);
  EXPECT_NE(bad_level.err.find("from -2 to +2, not 3"), std::string::npos) << bad_level.err;
}

TEST(MeasuresCli, JudgesChange) {
  const json change = keel_json({"change", "aaq-ii", "--before", "35", "--after", "20"});
  EXPECT_EQ(change["reliable"], true);
  EXPECT_EQ(change["classification"], "recovered");
  EXPECT_EQ(change["cut_off"]["kind"], "c");
  EXPECT_NEAR(change["cut_off"]["value"].get<double>(), 22.58194690265487, 1e-9);
  EXPECT_NEAR(change["minimum_reliable_change"].get<double>(), 11.961428931361, 1e-9);
  EXPECT_EQ(change["reliability"]["kind"], "retest");
  EXPECT_EQ(change["reliability"]["is_alpha"], false);
  EXPECT_NE(change["reliability"]["source"].get<std::string>().find("Bond"), std::string::npos);
  EXPECT_NE(change["standard_deviation"]["source"].get<std::string>().find("clinical"), std::string::npos);
  const ProcessResult no_norms = keel({"change", "ders-16", "--before", "50", "--after", "30"});
  EXPECT_EQ(no_norms.exit_code, 2);
  EXPECT_NE(no_norms.err.find("no published standard deviation"), std::string::npos);
}

TEST(MeasuresCli, ExplainsMistakes) {
  struct Case {
    std::vector<std::string> arguments;
    int exit_code;
    const char* message;
  };
  const std::vector<Case> cases = {
      {{"score", "phq-10", "--answers", "1"}, 3, "there is no instrument \"phq-10\"; `keel instruments` lists them"},
      {{"score", "phq-9"}, 2, "give the answers with --answers"},
      {{"score", "phq-9", "--answers", "1,2"}, 2, "phq-9 has 9 scored items, but 2 values were given"},
      {{"score", "phq-9", "--answers", "1,2,3,4,0,0,0,0,0"}, 2, "item 4 of phq-9: 4 is not a score of its options"},
      {{"score", "gas", "--weights", "1"}, 2, "needs --weights and --levels"},
      {{"change", "aaq-ii", "--before", "60", "--after", "20"}, 2, "outside the range of aaq-ii (7 to 49)"},
  };
  for (const auto& test : cases) {
    const ProcessResult result = keel(test.arguments);
    EXPECT_EQ(result.exit_code, test.exit_code) << test.arguments[1];
    EXPECT_NE(result.err.find(test.message), std::string::npos) << result.err;
    EXPECT_TRUE(result.out.empty()) << result.out;
  }
  std::vector<std::string> json_arguments = {"--json", "score", "phq-9", "--answers", "9"};
  const ProcessResult as_json = keel(json_arguments);
  EXPECT_EQ(as_json.exit_code, 2);
  const json error = json::parse(as_json.err, nullptr, false);
  EXPECT_EQ(error["error"]["code"], "invalid_argument");
}

}  // namespace
}  // namespace keel
