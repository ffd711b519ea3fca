// The shipped instruments: every file loads, and each says what its publication says (item
// counts, option ranges, scoring, direction, codes, licences), independent of how keel reads it.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "measures/embedded.h"
#include "measures/scoring.h"
#include "measures_test_support.h"

namespace keel::measures {
namespace {

using testing::shipped;

struct Expected {
  const char* id;
  int items;          // scored items in the total
  double option_low;  // the lowest and highest option score of an ordinary item
  double option_high;
  ScoringMethod method;
  Direction direction;
  TextStatus text;
  const char* panel_loinc;  // nullptr when there is none
  const char* total_loinc;
  std::vector<int> reverse_keyed;  // items whose first option scores highest
};

const std::vector<Expected>& expected_instruments() {
  static const std::vector<Expected> table = {
      {"phq-9", 9, 0, 3, ScoringMethod::sum, Direction::higher_worse, TextStatus::included, "44249-1", "44261-6", {}},
      {"gad-7", 7, 0, 3, ScoringMethod::sum, Direction::higher_worse, TextStatus::included, "69737-5", "70274-6", {}},
      {"phq-4", 4, 0, 3, ScoringMethod::sum, Direction::higher_worse, TextStatus::included, "69724-3", nullptr, {}},
      {"csi-4", 4, 0, 5, ScoringMethod::sum, Direction::higher_better, TextStatus::included, nullptr, nullptr, {}},
      {"scs-sf",
       12,
       1,
       5,
       ScoringMethod::mean,
       Direction::higher_better,
       TextStatus::included,
       nullptr,
       nullptr,
       {1, 4, 8, 9, 11, 12}},
      {"ders-16", 16, 1, 5, ScoringMethod::sum, Direction::higher_worse, TextStatus::included, nullptr, nullptr, {}},
      {"aaq-ii", 7, 1, 7, ScoringMethod::sum, Direction::higher_worse, TextStatus::included, nullptr, nullptr, {}},
      {"bps", 5, 0, 2, ScoringMethod::sum, Direction::higher_worse, TextStatus::placeholder, nullptr, nullptr, {}},
      {"ppcs-6", 6, 1, 7, ScoringMethod::sum, Direction::higher_worse, TextStatus::placeholder, nullptr, nullptr, {}},
      {"csbd-19", 19, 1, 4, ScoringMethod::sum, Direction::higher_worse, TextStatus::placeholder, nullptr, nullptr, {}},
      {"hbi-19", 19, 1, 5, ScoringMethod::sum, Direction::higher_worse, TextStatus::placeholder, nullptr, nullptr, {}},
      {"scs", 10, 1, 4, ScoringMethod::sum, Direction::higher_worse, TextStatus::placeholder, nullptr, nullptr, {}},
  };
  return table;
}

TEST(ShippedInstruments, AreTheTwelveOfTheIssueInItsOrder) {
  std::vector<std::string> ids;
  for (const auto& instrument : shipped()) ids.push_back(instrument.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"phq-9", "gad-7", "phq-4", "csi-4", "scs-sf", "ders-16", "aaq-ii", "bps",
                                           "ppcs-6", "csbd-19", "hbi-19", "scs"}));
}

TEST(ShippedInstruments, MatchTheirPublishedShape) {
  for (const auto& expected : expected_instruments()) {
    SCOPED_TRACE(expected.id);
    const Instrument& instrument = testing::shipped(expected.id);
    EXPECT_EQ(instrument.total_link_ids.size(), static_cast<std::size_t>(expected.items));
    EXPECT_EQ(instrument.method, expected.method);
    EXPECT_EQ(instrument.direction, expected.direction);
    EXPECT_EQ(instrument.text_status, expected.text);
    EXPECT_EQ(instrument.rules_source, "keel rules in the Questionnaire");
    EXPECT_TRUE(instrument.notes.empty()) << instrument.notes.front();
    EXPECT_FALSE(instrument.copyright.empty());
    EXPECT_EQ(instrument.code ? instrument.code->code : "", expected.panel_loinc ? expected.panel_loinc : "");
    EXPECT_EQ(instrument.total_code ? instrument.total_code->code : "",
              expected.total_loinc ? expected.total_loinc : "");
    for (std::size_t index = 0; index < instrument.total_link_ids.size(); ++index) {
      const Item& item = *instrument.find_item(instrument.total_link_ids[index]);
      EXPECT_EQ(item.link_id, std::to_string(index + 1));
      EXPECT_TRUE(item.scored);
      const bool reverse =
          std::count(expected.reverse_keyed.begin(), expected.reverse_keyed.end(), static_cast<int>(index + 1)) > 0;
      // CSI-4 item 1 runs 0-6; every other item of every instrument runs over the same range.
      const double high = expected.id == std::string("csi-4") && index == 0 ? 6 : expected.option_high;
      const double first = *item.options.front().score;
      const double last = *item.options.back().score;
      EXPECT_EQ(first, reverse ? high : expected.option_low) << "item " << item.link_id;
      EXPECT_EQ(last, reverse ? expected.option_low : high) << "item " << item.link_id;
      EXPECT_EQ(item.options.size(), static_cast<std::size_t>(high - expected.option_low + 1));
      if (expected.text == TextStatus::placeholder) {
        EXPECT_EQ(item.text, fmt::format("Item {} (licensed text not loaded)", index + 1));
      } else {
        EXPECT_EQ(item.text.find("licensed text"), std::string::npos);
      }
    }
  }
}

TEST(ShippedInstruments, CarryTheLoincCodesOfPhq9) {
  const Instrument& phq9 = testing::shipped("phq-9");
  const std::vector<std::string> item_codes = {"44250-9", "44255-8", "44259-0", "44254-1", "44251-7",
                                               "44258-2", "44252-5", "44253-3", "44260-8"};
  for (std::size_t index = 0; index < item_codes.size(); ++index) {
    const Item& item = *phq9.find_item(std::to_string(index + 1));
    ASSERT_TRUE(item.code);
    EXPECT_EQ(item.code->system, "http://loinc.org");
    EXPECT_EQ(item.code->code, item_codes[index]);
    std::vector<std::string> answers;
    for (const auto& option : item.options) answers.push_back(option.code);
    EXPECT_EQ(answers, (std::vector<std::string>{"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"}));
  }
  // The difficulty item is asked but not scored.
  const Item* difficulty = phq9.find_item("10");
  ASSERT_NE(difficulty, nullptr);
  EXPECT_FALSE(difficulty->scored);
  EXPECT_EQ(std::count(phq9.total_link_ids.begin(), phq9.total_link_ids.end(), "10"), 0);
}

// The time frame is part of the validated form: PHQ-9 and GAD-7 ask about the last two weeks.
TEST(ShippedInstruments, CarryTheirInstructionsForThePersonAnswering) {
  EXPECT_EQ(testing::shipped("phq-9").instructions,
            std::vector<std::string>{
                "Over the last 2 weeks, how often have you been bothered by any of the following problems?"});
  EXPECT_EQ(
      testing::shipped("gad-7").instructions,
      std::vector<std::string>{"Over the last 2 weeks, how often have you been bothered by the following problems?"});
  for (const char* id : {"aaq-ii", "ders-16", "scs-sf", "phq-4"}) {
    EXPECT_EQ(testing::shipped(id).instructions.size(), 1u) << id;
  }
}

TEST(ShippedInstruments, RangesFollowFromTheOptions) {
  struct Range {
    const char* id;
    double low, high;
  };
  for (const Range& range :
       {Range{"phq-9", 0, 27}, Range{"gad-7", 0, 21}, Range{"phq-4", 0, 12}, Range{"csi-4", 0, 21},
        Range{"scs-sf", 1, 5}, Range{"ders-16", 16, 80}, Range{"aaq-ii", 7, 49}, Range{"bps", 0, 10},
        Range{"ppcs-6", 6, 42}, Range{"csbd-19", 19, 76}, Range{"hbi-19", 19, 95}, Range{"scs", 10, 40}}) {
    SCOPED_TRACE(range.id);
    EXPECT_EQ(testing::shipped(range.id).minimum_total(), range.low);
    EXPECT_EQ(testing::shipped(range.id).maximum_total(), range.high);
  }
}

TEST(ShippedInstruments, ReliabilityAndNormsAreThoseOfProductMd) {
  const Instrument& aaq = testing::shipped("aaq-ii");
  ASSERT_NE(aaq.preferred_reliability(), nullptr);
  EXPECT_EQ(aaq.preferred_reliability()->kind, ReliabilityKind::retest);
  EXPECT_DOUBLE_EQ(aaq.preferred_reliability()->value, 0.81);
  ASSERT_NE(aaq.norm(Population::dysfunctional), nullptr);
  EXPECT_DOUBLE_EQ(aaq.norm(Population::dysfunctional)->mean, 28.3);
  EXPECT_DOUBLE_EQ(aaq.norm(Population::dysfunctional)->standard_deviation, 9.9);
  EXPECT_DOUBLE_EQ(aaq.norm(Population::functional)->mean, 18.51);
  EXPECT_DOUBLE_EQ(aaq.norm(Population::functional)->standard_deviation, 7.05);
  const Instrument& phq9 = testing::shipped("phq-9");
  EXPECT_DOUBLE_EQ(phq9.preferred_reliability()->value, 0.84);
  EXPECT_DOUBLE_EQ(phq9.norm(Population::functional)->mean, 2.91);
  EXPECT_DOUBLE_EQ(phq9.norm(Population::functional)->standard_deviation, 3.5);
  EXPECT_EQ(phq9.norm(Population::dysfunctional), nullptr);
  const Instrument& gad7 = testing::shipped("gad-7");
  EXPECT_DOUBLE_EQ(gad7.preferred_reliability()->value, 0.83);
  EXPECT_DOUBLE_EQ(gad7.norm(Population::functional)->mean, 2.95);
  EXPECT_DOUBLE_EQ(gad7.norm(Population::functional)->standard_deviation, 3.4);
  // Where only alpha is published, the only reliability is alpha.
  for (const char* id : {"csi-4", "scs-sf", "ders-16", "bps"}) {
    SCOPED_TRACE(id);
    ASSERT_NE(testing::shipped(id).preferred_reliability(), nullptr);
    EXPECT_EQ(testing::shipped(id).preferred_reliability()->kind, ReliabilityKind::alpha);
  }
  for (const auto& instrument : shipped()) {
    for (const auto& reliability : instrument.reliabilities) EXPECT_FALSE(reliability.source.empty()) << instrument.id;
    for (const auto& norm : instrument.norms) EXPECT_FALSE(norm.source.empty()) << instrument.id;
  }
}

TEST(ShippedInstruments, OnlyPhq9CarriesASafetyRule) {
  for (const auto& instrument : shipped()) {
    if (instrument.id == "phq-9") {
      ASSERT_EQ(instrument.safety_rules.size(), 1u);
      EXPECT_EQ(instrument.safety_rules[0].link_id, "9");
      EXPECT_EQ(instrument.safety_rules[0].above, 0);
      EXPECT_EQ(instrument.safety_rules[0].kind, "self-harm");
    } else {
      EXPECT_TRUE(instrument.safety_rules.empty()) << instrument.id;
    }
  }
}

TEST(ShippedInstruments, LoadOneByOneUnderTheirFileNames) {
  for (const auto& instrument : shipped()) {
    auto one = load_shipped_instrument(instrument.id);
    ASSERT_TRUE(one.is_ok()) << one.status().message();
    EXPECT_EQ(one->items, instrument.items);
  }
  auto missing = load_shipped_instrument("phq");
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.status().code(), StatusCode::not_found);
  EXPECT_EQ(missing.status().message(), "keel has no instrument \"phq\"; `keel instruments` lists them");
}

// The files as FHIR: what a validator would look at first, read straight from the JSON.
TEST(ShippedInstruments, AreFhirQuestionnairesWithScoresOnValueCoding) {
  const std::regex name_pattern("[A-Z]([A-Za-z0-9_]){0,254}");
  for (const auto& instrument : shipped()) {
    SCOPED_TRACE(instrument.id);
    const nlohmann::json& questionnaire = instrument.questionnaire;
    EXPECT_EQ(questionnaire["resourceType"], "Questionnaire");
    EXPECT_EQ(questionnaire["id"], instrument.id);
    EXPECT_EQ(questionnaire["status"], "active");
    EXPECT_EQ(questionnaire["url"], "https://keel.invalid/fhir/Questionnaire/" + instrument.id);
    EXPECT_TRUE(std::regex_match(questionnaire["name"].get<std::string>(), name_pattern));
    int calculated = 0;
    for (const auto& item : questionnaire["item"]) {
      if (item.contains("extension")) {
        EXPECT_EQ(item["extension"][0]["url"],
                  "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression");
        EXPECT_EQ(item["extension"][0]["valueExpression"]["language"], "text/fhirpath");
        EXPECT_EQ(item["readOnly"], true);
        ++calculated;
      }
      if (!item.contains("answerOption")) continue;
      for (const auto& option : item["answerOption"]) {
        EXPECT_FALSE(option.contains("extension")) << "scores belong on answerOption.valueCoding";
        if (item["linkId"] == "10") continue;  // PHQ-9's unscored difficulty item
        ASSERT_TRUE(option["valueCoding"].contains("extension")) << item["linkId"];
        EXPECT_EQ(option["valueCoding"]["extension"][0]["url"], "http://hl7.org/fhir/StructureDefinition/ordinalValue");
        EXPECT_TRUE(option["valueCoding"]["extension"][0]["valueDecimal"].is_number());
        EXPECT_FALSE(option["valueCoding"]["system"].get<std::string>().empty());
      }
    }
    EXPECT_EQ(calculated, 1) << "one total item with an SDC calculatedExpression";
  }
}

// The binary carries the files of this checkout, byte for byte.
TEST(ShippedInstruments, TheEmbeddedFilesAreTheFilesInInstruments) {
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(testing::source_path("instruments"))) {
    if (entry.path().extension() == ".json") on_disk.insert(entry.path().filename().string());
  }
  std::set<std::string> embedded;
  for (const auto& file : embedded_instrument_files()) {
    embedded.insert(std::string(file.name));
    EXPECT_EQ(std::string(file.contents),
              testing::read_text(testing::source_path("instruments/" + std::string(file.name))))
        << file.name;
  }
  EXPECT_EQ(embedded, on_disk);
  EXPECT_EQ(std::string(embedded_crisis_text()),
            testing::read_text(testing::source_path("instruments/crisis-resources.txt")));
}

}  // namespace
}  // namespace keel::measures
