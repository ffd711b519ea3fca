// Loading third-party Questionnaires: a LOINC-style PHQ-9 with a contained ValueSet scores
// exactly like keel's own, and everything keel cannot score is refused by name.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <set>

#include "measures/scoring.h"
#include "measures_test_support.h"

namespace keel::measures {
namespace {

using json = nlohmann::json;

Instrument load_fixture_phq9() {
  auto loaded = load_questionnaire(testing::fixture("loinc_phq9_contained_valueset.json"), testing::shipped());
  EXPECT_TRUE(loaded.is_ok()) << loaded.status().message();
  return loaded.is_ok() ? std::move(loaded).value() : Instrument{};
}

TEST(ThirdPartyPhq9, ReadsTheContainedValueSetAndTheGroup) {
  const Instrument loinc = load_fixture_phq9();
  EXPECT_EQ(loinc.id, "loinc-44249-1");
  EXPECT_EQ(loinc.items.size(), 10u);  // nine scored items and the difficulty item, out of their group
  EXPECT_EQ(loinc.total_link_ids.size(), 9u);
  EXPECT_EQ(loinc.total_item_link_id, "/44261-6");
  ASSERT_TRUE(loinc.total_code);
  EXPECT_EQ(loinc.total_code->code, "44261-6");
  const Item& first = *loinc.find_item("/44250-9");
  EXPECT_EQ(first.path, "item[0].item[0]");
  ASSERT_EQ(first.options.size(), 4u);
  EXPECT_EQ(first.options[2].code, "LA6570-1");
  EXPECT_EQ(first.options[2].system, "http://loinc.org");
  EXPECT_EQ(*first.options[2].score, 2);
  EXPECT_FALSE(loinc.find_item("/69722-7")->scored);
  // It carries no keel rules, but it is PHQ-9 by its LOINC panel code: keel's rules apply.
  EXPECT_EQ(loinc.rules_source, "adopted from phq-9 (the same code 44249-1; items matched by their codes)");
  EXPECT_EQ(loinc.missing_data, MissingDataRule::prorate);
  EXPECT_EQ(loinc.minimum_answered, 7);
  ASSERT_EQ(loinc.safety_rules.size(), 1u);
  EXPECT_EQ(loinc.safety_rules[0].link_id, "/44260-8");
}

// 4096 of the 4^9 complete PHQ-9 responses, spread evenly over all of them (a stride of 7919,
// which is prime, through 262144), each also with some items left out, score the same on both
// forms: total, band, proration and the safety flag.
TEST(ThirdPartyPhq9, ScoresResponsesLikeTheShippedOne) {
  const Instrument loinc = load_fixture_phq9();
  const Instrument& shipped = testing::shipped("phq-9");
  ASSERT_EQ(loinc.total_link_ids.size(), 9u);
  const char* codes[] = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};
  std::set<double> totals_seen;
  int prorated = 0;
  int flagged = 0;
  for (int sample = 0; sample < 4096 * 2; ++sample) {
    Response mine{"phq-9", {}};
    Response theirs{"loinc-44249-1", {}};
    int rest = static_cast<int>((static_cast<long>(sample / 2) * 7919) % 262144);
    const bool with_gaps = sample % 2 == 1;
    for (std::size_t item = 0; item < 9; ++item) {
      const int answer = rest % 4;
      rest /= 4;
      // With gaps, items 1, 4 and 7 are left out when their answer would have been 3.
      if (with_gaps && answer == 3 && item % 3 == 0) continue;
      mine.answers[shipped.total_link_ids[item]] = codes[answer];
      theirs.answers[loinc.total_link_ids[item]] = codes[answer];
    }
    auto left = score_response(shipped, mine);
    auto right = score_response(loinc, theirs);
    ASSERT_TRUE(left.is_ok() && right.is_ok());
    ASSERT_EQ(left->total, right->total) << sample;
    ASSERT_EQ(left->band.has_value(), right->band.has_value());
    if (left->band) {
      ASSERT_EQ(left->band->label, right->band->label);
    }
    ASSERT_EQ(left->prorated, right->prorated);
    ASSERT_EQ(left->safety_flag(), right->safety_flag()) << sample;
    if (left->total) totals_seen.insert(*left->total);
    prorated += left->prorated ? 1 : 0;
    flagged += left->safety_flag() ? 1 : 0;
  }
  // The sample reaches most totals from 0 to 27 (24 of them), proration and both sides of the
  // safety rule.
  EXPECT_GE(totals_seen.size(), 24u);
  EXPECT_GT(prorated, 100);
  EXPECT_GT(flagged, 100);
  EXPECT_LT(flagged, 8192);
}

TEST(ThirdPartyPhq9, WithoutRulesToAdoptItSumsAndStillWatchesItem9) {
  auto loaded = load_questionnaire(testing::fixture("loinc_phq9_contained_valueset.json"));
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().message();
  EXPECT_EQ(loaded->rules_source, "defaults for a Questionnaire without keel rules");
  EXPECT_EQ(loaded->missing_data, MissingDataRule::complete);
  EXPECT_TRUE(loaded->bands.empty());
  EXPECT_EQ(loaded->direction, Direction::unknown);
  ASSERT_EQ(loaded->safety_rules.size(), 1u);  // by the LOINC code of PHQ-9 item 9
  auto response = parse_answer_scores(*loaded, "1,2,1,2,1,1,1,1,1");
  ASSERT_TRUE(response.is_ok()) << response.status().message();
  auto score = score_response(*loaded, *response);
  ASSERT_TRUE(score.is_ok());
  EXPECT_EQ(*score->total, 11);
  EXPECT_FALSE(score->band);
  EXPECT_TRUE(score->safety_flag());
}

// LHC-Forms' R4 style: the ordinalValue on answerOption itself rather than on its valueCoding.
TEST(ThirdPartyForms, TakeTheScoreFromAnswerOptionToo) {
  json questionnaire = {{"resourceType", "Questionnaire"}, {"id", "lhc-gad-2"}, {"status", "draft"}};
  json options = json::array();
  int score = 0;
  for (const char* code : {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"}) {
    options.push_back(
        {{"valueCoding", {{"system", "http://loinc.org"}, {"code", code}}},
         {"extension",
          {{{"url", "http://hl7.org/fhir/StructureDefinition/ordinalValue"}, {"valueDecimal", score++}}}}});
  }
  questionnaire["item"] = {{{"linkId", "a"}, {"type", "choice"}, {"answerOption", options}},
                           {{"linkId", "b"}, {"type", "choice"}, {"answerOption", options}, {"required", true}},
                           {{"linkId", "comment"}, {"type", "string"}}};
  auto loaded = load_questionnaire(questionnaire.dump());
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().message();
  EXPECT_EQ(loaded->items.size(), 2u);
  EXPECT_EQ(loaded->maximum_total(), 6);
  // "b" is required there: leaving it out is an error, not a missing total.
  Response response{"lhc-gad-2", {{"a", "LA6571-9"}}};
  auto scored = score_response(*loaded, response);
  ASSERT_FALSE(scored.is_ok());
  EXPECT_EQ(scored.status().message(), "item \"b\" of lhc-gad-2 must be answered");
  response.answers["b"] = "LA6569-3";
  scored = score_response(*loaded, response);
  ASSERT_TRUE(scored.is_ok());
  EXPECT_EQ(*scored->total, 4);
}

// ---- what keel cannot score, named ----

struct BadQuestionnaire {
  const char* name;
  std::function<void(json&)> change;  // applied to a small valid Questionnaire
  const char* message;
};

json small_questionnaire() {
  json scored_option = [](const char* code, int score) {
    return json{{"valueCoding",
                 {{"system", "http://example.org"},
                  {"code", code},
                  {"display", code},
                  {"extension",
                   {{{"url", "http://hl7.org/fhir/StructureDefinition/ordinalValue"}, {"valueDecimal", score}}}}}}};
  }("x", 0);
  json item = {{"linkId", "q"}, {"type", "choice"}};
  item["answerOption"] = json::array();
  for (int score = 0; score < 3; ++score) {
    json option = scored_option;
    option["valueCoding"]["code"] = std::to_string(score);
    option["valueCoding"]["extension"][0]["valueDecimal"] = score;
    item["answerOption"].push_back(option);
  }
  json questionnaire = {{"resourceType", "Questionnaire"}, {"id", "small"}, {"status", "draft"}};
  questionnaire["item"] = json::array();
  for (int index = 0; index < 4; ++index) {
    json copy = item;
    copy["linkId"] = std::to_string(index + 1);
    questionnaire["item"].push_back(copy);
  }
  return questionnaire;
}

json keel_extension(const std::string& name, json parts) {
  json subs = json::array();
  for (auto& [url, value] : parts.items())
    subs.push_back(
        {{"url", url},
         {value.is_string() ? "valueString" : (value.is_boolean() ? "valueBoolean" : "valueDecimal"), value}});
  return {{"url", "https://keel.invalid/fhir/StructureDefinition/" + name}, {"extension", subs}};
}

json scoring_extension() {
  return {{"url", "https://keel.invalid/fhir/StructureDefinition/instrument-scoring"},
          {"extension",
           {{{"url", "method"}, {"valueCode", "sum"}}, {{"url", "direction"}, {"valueCode", "higher-worse"}}}}};
}

class BadQuestionnaires : public ::testing::TestWithParam<BadQuestionnaire> {};

TEST_P(BadQuestionnaires, AreRefusedNamingTheElement) {
  json questionnaire = small_questionnaire();
  ASSERT_TRUE(load_questionnaire(questionnaire.dump()).is_ok());
  GetParam().change(questionnaire);
  auto loaded = load_questionnaire(questionnaire.dump());
  ASSERT_FALSE(loaded.is_ok()) << GetParam().name;
  EXPECT_EQ(loaded.status().code(), StatusCode::invalid_argument);
  EXPECT_EQ(loaded.status().message(), GetParam().message);
}

const char* const kOrdinal = "http://hl7.org/fhir/StructureDefinition/ordinalValue";

INSTANTIATE_TEST_SUITE_P(
    Named, BadQuestionnaires,
    ::testing::Values(
        BadQuestionnaire{"an option without a score",
                         [](json& q) { q["item"][3]["answerOption"][2]["valueCoding"].erase("extension"); },
                         "item[3].answerOption[2]: no ordinalValue, so keel cannot score it"},
        BadQuestionnaire{"no scores anywhere",
                         [](json& q) {
                           for (auto& item : q["item"]) {
                             for (auto& option : item["answerOption"]) option["valueCoding"].erase("extension");
                           }
                         },
                         "item[0].answerOption[0]: no ordinalValue, so keel cannot score it (no item of this "
                         "Questionnaire carries option scores)"},
        BadQuestionnaire{"a score that is not a number",
                         [](json& q) {
                           q["item"][1]["answerOption"][0]["valueCoding"]["extension"][0] = {{"url", kOrdinal},
                                                                                             {"valueString", "0"}};
                         },
                         "item[1].answerOption[0].valueCoding.extension[0]: the ordinalValue must be a number in "
                         "valueDecimal"},
        BadQuestionnaire{
            "an absurd score",
            [](json& q) { q["item"][1]["answerOption"][0]["valueCoding"]["extension"][0]["valueDecimal"] = 1e300; },
            "item[1].answerOption[0].valueCoding.extension[0].valueDecimal: 1e+300 is outside the range "
            "keel accepts (-1e+06 to 1e+06)"},
        BadQuestionnaire{"two scores that disagree",
                         [](json& q) {
                           q["item"][0]["answerOption"][1]["extension"] = {{{"url", kOrdinal}, {"valueDecimal", 5}}};
                         },
                         "item[0].answerOption[1]: two different ordinalValues (1 on valueCoding, 5 on answerOption)"},
        BadQuestionnaire{"a valueString option",
                         [](json& q) {
                           q["item"][2]["answerOption"][1] = {{"valueString", "often"}};
                         },
                         "item[2].answerOption[1]: valueString options carry no code keel can store; keel scores "
                         "valueCoding options with an ordinalValue"},
        BadQuestionnaire{"the same code twice",
                         [](json& q) { q["item"][2]["answerOption"][1]["valueCoding"]["code"] = "0"; },
                         "item[2].answerOption[1]: the code \"0\" appears twice in this item"},
        BadQuestionnaire{"a linkId used twice", [](json& q) { q["item"][2]["linkId"] = "1"; },
                         "item[2]: the linkId \"1\" is used twice (also at item[0])"},
        BadQuestionnaire{"an item without linkId", [](json& q) { q["item"][1].erase("linkId"); },
                         "item[1]: has no linkId"},
        BadQuestionnaire{"a choice item without options", [](json& q) { q["item"][0].erase("answerOption"); },
                         "item[0]: a choice item without answerOption or answerValueSet"},
        BadQuestionnaire{"a ValueSet outside the file",
                         [](json& q) {
                           q["item"][0].erase("answerOption");
                           q["item"][0]["answerValueSet"] = "http://loinc.org/vs/LL358-3";
                         },
                         "item[0].answerValueSet: \"http://loinc.org/vs/LL358-3\" is not contained in the "
                         "Questionnaire, so keel cannot see its scores; include the ValueSet in \"contained\" and "
                         "refer to it as \"#id\", or list answerOption"},
        BadQuestionnaire{"a missing contained ValueSet",
                         [](json& q) {
                           q["item"][0].erase("answerOption");
                           q["item"][0]["answerValueSet"] = "#nowhere";
                         },
                         "item[0].answerValueSet: no contained ValueSet has the id \"nowhere\""},
        BadQuestionnaire{"a ValueSet concept without a score",
                         [](json& q) {
                           q["contained"] = {
                               {{"resourceType", "ValueSet"},
                                {"id", "answers"},
                                {"compose",
                                 {{"include",
                                   {{{"system", "http://example.org"},
                                     {"concept",
                                      {{{"code", "a"}, {"extension", {{{"url", kOrdinal}, {"valueDecimal", 0}}}}},
                                       {{"code", "b"}}}}}}}}}}};
                           q["item"][3].erase("answerOption");
                           q["item"][3]["answerValueSet"] = "#answers";
                         },
                         "contained[0].compose.include[0].concept[1] (for item[3]): no ordinalValue, so keel cannot "
                         "score it"},
        BadQuestionnaire{"a scored item that repeats", [](json& q) { q["item"][0]["repeats"] = true; },
                         "item[0]: repeats is true, but keel scores exactly one answer per item"},
        BadQuestionnaire{"not a Questionnaire", [](json& q) { q["resourceType"] = "Patient"; },
                         "resourceType: expected \"Questionnaire\", found \"Patient\""},
        BadQuestionnaire{"no items", [](json& q) { q.erase("item"); },
                         "item: missing; a Questionnaire without items cannot be scored"},
        BadQuestionnaire{"items that are not an array", [](json& q) { q["item"] = "many"; },
                         "item: expected an array, found a string"},
        BadQuestionnaire{"a bad id", [](json& q) { q["id"] = "phq 9"; },
                         "id: \"phq 9\" is not a FHIR id (letters, digits, '-' and '.', at most 64)"},
        BadQuestionnaire{"a keel extension without the scoring one",
                         [](json& q) {
                           q["extension"] = {keel_extension("instrument-band", {{"minimum", 0}, {"label", "x"}})};
                         },
                         "extension[0]: instrument-band needs the instrument-scoring extension as well"},
        BadQuestionnaire{"an unknown keel extension",
                         [](json& q) {
                           q["extension"] = {
                               scoring_extension(),
                               {{"url", "https://keel.invalid/fhir/StructureDefinition/instrument-colour"},
                                {"valueString", "blue"}}};
                         },
                         "extension[1]: \"https://keel.invalid/fhir/StructureDefinition/instrument-colour\" is not a "
                         "keel extension (see docs/instruments.md)"},
        BadQuestionnaire{"scoring without a direction",
                         [](json& q) {
                           q["extension"] = {scoring_extension()};
                           q["extension"][0]["extension"].erase(1);
                         },
                         "extension[0] (instrument-scoring): the part \"direction\" is missing"},
        BadQuestionnaire{"a subscale naming an unknown item",
                         [](json& q) {
                           q["extension"] = {scoring_extension(),
                                             keel_extension("instrument-subscale", {{"code", "s"}, {"item", "9"}})};
                         },
                         "extension[1].extension[1]: no choice item has the linkId \"9\""},
        BadQuestionnaire{"bands out of order",
                         [](json& q) {
                           q["extension"] = {scoring_extension(),
                                             keel_extension("instrument-band", {{"minimum", 0}, {"label", "low"}}),
                                             keel_extension("instrument-band", {{"minimum", 5}, {"label", "high"}}),
                                             keel_extension("instrument-band", {{"minimum", 3}, {"label", "mid"}})};
                         },
                         "extension[3]: the band \"mid\" starts at 3, not above the band before it (5); list bands "
                         "from lowest to highest"},
        BadQuestionnaire{"a first band above the lowest total",
                         [](json& q) {
                           q["extension"] = {scoring_extension(),
                                             keel_extension("instrument-band", {{"minimum", 1}, {"label", "low"}})};
                         },
                         "the first band of the total (\"low\") starts at 1, but the score can be as low as 0, which "
                         "would fall in no band"},
        BadQuestionnaire{
            "a reliability of 1",
            [](json& q) {
              q["extension"] = {scoring_extension(), keel_extension("instrument-reliability", {{"value", 1}})};
              q["extension"][1]["extension"].insert(q["extension"][1]["extension"].begin(),
                                                    json{{"url", "kind"}, {"valueCode", "alpha"}});
            },
            "extension[1].extension[1]: a reliability of 1 is not between 0 and 1"},
        BadQuestionnaire{"a safety rule on an unknown item",
                         [](json& q) {
                           q["extension"] = {scoring_extension(),
                                             keel_extension("instrument-safety", {{"item", "12"}, {"above", 0}})};
                         },
                         "extension[1].extension[1]: no choice item has the linkId \"12\""},
        BadQuestionnaire{"groups nested too deep",
                         [](json& q) {
                           json inner = q["item"][0];
                           for (int depth = 0; depth < 20; ++depth) {
                             inner = {{"linkId", "g" + std::to_string(depth)}, {"type", "group"}, {"item", {inner}}};
                           }
                           q["item"] = {inner};
                         },
                         "item[0].item[0].item[0].item[0].item[0].item[0].item[0].item[0].item[0].item[0].item[0].item["
                         "0].item[0].item[0].item[0].item[0].item[0]: groups are nested more than 16 deep"}),
    [](const ::testing::TestParamInfo<BadQuestionnaire>& info) {
      std::string name;
      for (char c : std::string(info.param.name)) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

TEST(LoadQuestionnaire, RefusesTextThatIsNotJson) {
  auto loaded = load_questionnaire("{\"resourceType\": \"Questionnaire\",");
  ASSERT_FALSE(loaded.is_ok());
  EXPECT_EQ(loaded.status().message(), "the Questionnaire is not valid JSON (at byte 34)");
  EXPECT_FALSE(load_questionnaire("").is_ok());
  EXPECT_FALSE(load_questionnaire("[1,2]").is_ok());
  EXPECT_FALSE(load_questionnaire(std::string("{\"resourceType\":\"Questionnaire\",\"id\":\"\xff\"}")).is_ok());
}

TEST(LoadQuestionnaire, NamesAQuestionnaireWithoutIdFromItsName) {
  json questionnaire = small_questionnaire();
  questionnaire.erase("id");
  questionnaire["name"] = "My Clinic's Scale";
  auto loaded = load_questionnaire(questionnaire.dump());
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().message();
  EXPECT_EQ(loaded->id, "my-clinic-s-scale");
  EXPECT_EQ(loaded->notes.front(), "the Questionnaire has no id; keel calls it \"my-clinic-s-scale\"");
}

// Only text that stands before the questions is an instruction: not a question's own help, not
// text shown on a condition, not a legal note.
TEST(LoadQuestionnaire, InstructionsAreTheDisplayItemsBeforeTheQuestions) {
  json questionnaire = small_questionnaire();
  const auto display = [](const char* link_id, const char* text) {
    return json{{"linkId", link_id}, {"type", "display"}, {"text", text}};
  };
  const auto control = [](const char* code) {
    return json::array(
        {{{"url", "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"},
          {"valueCodeableConcept",
           {{"coding", {{{"system", "http://hl7.org/fhir/questionnaire-item-control"}, {"code", code}}}}}}}});
  };
  json& items = questionnaire["item"];
  items[0]["item"] = json::array({display("q-help", "What counts as a day?")});
  json conditional = display("conditional", "Only if you said yes");
  conditional["enableWhen"] =
      json::array({{{"question", items[0]["linkId"]}, {"operator", "exists"}, {"answerBoolean", true}}});
  json legal = display("legal", "(c) someone");
  legal["extension"] = control("legal");
  json help = display("help", "Tap a answer");
  help["extension"] = control("help");
  json group = {
      {"linkId", "part-2"}, {"type", "group"}, {"item", json::array({display("part-2-intro", "In the last week:")})}};
  items.insert(items.begin(), display("intro", "Over the last 2 weeks:"));
  items.push_back(conditional);
  items.push_back(legal);
  items.push_back(help);
  items.push_back(group);
  auto loaded = load_questionnaire(questionnaire.dump());
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().message();
  EXPECT_EQ(loaded->instructions, (std::vector<std::string>{"Over the last 2 weeks:", "In the last week:"}));
}

// ---- licensed text over a scoring-only instrument ----

TEST(LicensedText, ReplacesTextButNeverAScore) {
  const Instrument& bps = testing::shipped("bps");
  json text = {{"copyright", "Text used under licence from the authors (clinic agreement 2026-01)."}};
  text["item"] = json::array();
  for (int index = 1; index <= 4; ++index) {
    text["item"].push_back(
        {{"linkId", std::to_string(index)},
         {"text", "Licensed wording of item " + std::to_string(index)},
         {"answerOption",
          {{{"valueCoding", {{"code", "0"}, {"display", "Never"}}}},
           {{"valueCoding",
             {{"code", "2"}, {"display", "Often"}, {"extension", {{{"url", kOrdinal}, {"valueDecimal", 2}}}}}}}}}});
  }
  std::vector<std::string> missing;
  auto merged = merge_licensed_text(bps, text.dump(), &missing);
  ASSERT_TRUE(merged.is_ok()) << merged.status().message();
  EXPECT_EQ(merged->text_status, TextStatus::licensed);
  EXPECT_EQ(merged->find_item("3")->text, "Licensed wording of item 3");
  EXPECT_EQ(merged->find_item("3")->options[0].display, "Never");
  EXPECT_EQ(merged->find_item("3")->options[2].display, "Often");
  EXPECT_EQ(merged->find_item("5")->text, "Item 5 (licensed text not loaded)");
  EXPECT_EQ(missing, std::vector<std::string>{"5"});
  EXPECT_EQ(merged->copyright, "Text used under licence from the authors (clinic agreement 2026-01).");
  // Scores are the same for every one of the 3^5 responses.
  for (int combination = 0; combination < 243; ++combination) {
    std::string answers;
    int rest = combination;
    for (int item = 0; item < 5; ++item, rest /= 3) answers += (item ? "," : "") + std::to_string(rest % 3);
    auto before = score_response(bps, *parse_answer_scores(bps, answers));
    auto after = score_response(*merged, *parse_answer_scores(*merged, answers));
    ASSERT_TRUE(before.is_ok() && after.is_ok());
    ASSERT_EQ(before->total, after->total);
    ASSERT_EQ(before->band->label, after->band->label);
  }
  // The shipped instrument is untouched.
  EXPECT_EQ(bps.find_item("3")->text, "Item 3 (licensed text not loaded)");
}

TEST(LicensedText, RefusesTextThatDoesNotFit) {
  const Instrument& bps = testing::shipped("bps");
  struct Case {
    json text;
    const char* message;
  };
  const std::vector<Case> cases = {
      {{{"item", {{{"linkId", "6"}, {"text", "x"}}}}}, "item[0]: bps has no item with the linkId \"6\""},
      {{{"item", {{{"linkId", "1"}, {"answerOption", {{{"valueCoding", {{"code", "3"}, {"display", "Always"}}}}}}}}}},
       "item[0].answerOption[0]: bps item \"1\" has no option with the code \"3\""},
      {{{"item",
         {{{"linkId", "1"},
           {"answerOption",
            {{{"valueCoding", {{"code", "1"}, {"extension", {{{"url", kOrdinal}, {"valueDecimal", 4}}}}}}}}}}}}},
       "item[0].answerOption[0]: the text gives the option \"1\" a score of 4, where bps scores it 1; the file may be "
       "for another version of the instrument"},
      {{{"title", "no items"}}, "item: expected an array of items with linkId and text"},
      {{{"item", {{{"linkId", "1"}, {"text", 5}}}}}, "item[0].text: expected a string"},
  };
  for (const auto& test : cases) {
    auto merged = merge_licensed_text(bps, test.text.dump());
    ASSERT_FALSE(merged.is_ok()) << test.text.dump();
    EXPECT_EQ(merged.status().message(), test.message);
  }
  EXPECT_FALSE(merge_licensed_text(bps, "not json").is_ok());
  auto own_text = merge_licensed_text(testing::shipped("phq-9"), R"({"item": []})");
  ASSERT_FALSE(own_text.is_ok());
  EXPECT_EQ(own_text.status().message(),
            "phq-9 already ships with its item text; licensed text is for the scoring-only instruments");
}

}  // namespace
}  // namespace keel::measures
