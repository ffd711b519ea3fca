// Scoring worked from the published rules: every band edge of every instrument, reverse-keyed
// items, subscales, missing data, safety, and answers that must be refused. Each case is a row.
#include <gtest/gtest.h>

#include <optional>

#include "measures/scoring.h"
#include "measures_test_support.h"

namespace keel::measures {
namespace {

// Answers that add up to `total`, in item order, each item as high as it goes first ("3,3,1,0").
// Only for cases whose point is the total, not which item holds it.
std::string answers_adding_up_to(const Instrument& instrument, double total) {
  std::string text;
  double left = total - instrument.minimum_total();
  for (const auto& link_id : instrument.total_link_ids) {
    const Item& item = *instrument.find_item(link_id);
    double low = *item.options.front().score, high = low;
    for (const auto& option : item.options) {
      low = std::min(low, *option.score);
      high = std::max(high, *option.score);
    }
    const double extra = std::min(left, high - low);
    left -= extra;
    text += (text.empty() ? "" : ",") + format_score(low + extra);
  }
  EXPECT_EQ(left, 0) << instrument.id << " cannot reach " << total;
  return text;
}

Score score_of(const Instrument& instrument, const std::string& answers) {
  auto response = parse_answer_scores(instrument, answers);
  EXPECT_TRUE(response.is_ok()) << instrument.id << " " << answers << ": " << response.status().message();
  if (!response) return {};
  auto score = score_response(instrument, *response);
  EXPECT_TRUE(score.is_ok()) << score.status().message();
  return score.is_ok() ? *score : Score{};
}

// ---- every band edge, from the publications (PRODUCT.md, "Measurement facts") ----

struct BandEdge {
  const char* instrument;
  double total;
  const char* band;
};

class BandEdges : public ::testing::TestWithParam<BandEdge> {};

TEST_P(BandEdges, TotalFallsInItsPublishedBand) {
  const BandEdge& edge = GetParam();
  const Instrument& instrument = testing::shipped(edge.instrument);
  const Score score = score_of(instrument, answers_adding_up_to(instrument, edge.total));
  ASSERT_TRUE(score.total);
  EXPECT_EQ(*score.total, edge.total);
  ASSERT_TRUE(score.band);
  EXPECT_EQ(score.band->label, edge.band);
}

INSTANTIATE_TEST_SUITE_P(
    Published, BandEdges,
    ::testing::Values(
        // PHQ-9: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe.
        BandEdge{"phq-9", 0, "minimal"}, BandEdge{"phq-9", 4, "minimal"}, BandEdge{"phq-9", 5, "mild"},
        BandEdge{"phq-9", 9, "mild"}, BandEdge{"phq-9", 10, "moderate"}, BandEdge{"phq-9", 14, "moderate"},
        BandEdge{"phq-9", 15, "moderately severe"}, BandEdge{"phq-9", 19, "moderately severe"},
        BandEdge{"phq-9", 20, "severe"}, BandEdge{"phq-9", 27, "severe"},
        // GAD-7: 0-4, 5-9, 10-14, 15-21.
        BandEdge{"gad-7", 0, "minimal"}, BandEdge{"gad-7", 4, "minimal"}, BandEdge{"gad-7", 5, "mild"},
        BandEdge{"gad-7", 9, "mild"}, BandEdge{"gad-7", 10, "moderate"}, BandEdge{"gad-7", 14, "moderate"},
        BandEdge{"gad-7", 15, "severe"}, BandEdge{"gad-7", 21, "severe"},
        // PHQ-4: 0-2 normal, 3-5 mild, 6-8 moderate, 9-12 severe.
        BandEdge{"phq-4", 0, "normal"}, BandEdge{"phq-4", 2, "normal"}, BandEdge{"phq-4", 3, "mild"},
        BandEdge{"phq-4", 5, "mild"}, BandEdge{"phq-4", 6, "moderate"}, BandEdge{"phq-4", 8, "moderate"},
        BandEdge{"phq-4", 9, "severe"}, BandEdge{"phq-4", 12, "severe"},
        // CSI-4: below 13.5 distressed.
        BandEdge{"csi-4", 0, "distressed"}, BandEdge{"csi-4", 13, "distressed"},
        BandEdge{"csi-4", 14, "not distressed"}, BandEdge{"csi-4", 21, "not distressed"},
        // AAQ-II: 24-28 probable distress, above it the clinical range.
        BandEdge{"aaq-ii", 7, "below cut-off"}, BandEdge{"aaq-ii", 23, "below cut-off"},
        BandEdge{"aaq-ii", 24, "probable distress"}, BandEdge{"aaq-ii", 28, "probable distress"},
        BandEdge{"aaq-ii", 29, "clinical range"}, BandEdge{"aaq-ii", 49, "clinical range"},
        // BPS >= 4, PPCS-6 >= 20, CSBD-19 >= 50, HBI-19 >= 53, SCS >= 24.
        BandEdge{"bps", 0, "negative screen"}, BandEdge{"bps", 3, "negative screen"},
        BandEdge{"bps", 4, "positive screen"}, BandEdge{"bps", 10, "positive screen"},
        BandEdge{"ppcs-6", 6, "below cut-off"}, BandEdge{"ppcs-6", 19, "below cut-off"},
        BandEdge{"ppcs-6", 20, "at risk"}, BandEdge{"ppcs-6", 42, "at risk"}, BandEdge{"csbd-19", 19, "below cut-off"},
        BandEdge{"csbd-19", 49, "below cut-off"}, BandEdge{"csbd-19", 50, "at or above cut-off"},
        BandEdge{"csbd-19", 76, "at or above cut-off"}, BandEdge{"hbi-19", 19, "below cut-off"},
        BandEdge{"hbi-19", 52, "below cut-off"}, BandEdge{"hbi-19", 53, "at or above cut-off"},
        BandEdge{"hbi-19", 95, "at or above cut-off"}, BandEdge{"scs", 10, "below cut-off"},
        BandEdge{"scs", 23, "below cut-off"}, BandEdge{"scs", 24, "at or above cut-off"},
        BandEdge{"scs", 40, "at or above cut-off"}),
    [](const ::testing::TestParamInfo<BandEdge>& info) {
      std::string name = std::string(info.param.instrument) + "_" + format_score(info.param.total);
      for (char& c : name) {
        if (c == '-' || c == '.') c = '_';
      }
      return name;
    });

TEST(BandEdges, ProvisionalCutOffsSaySo) {
  for (const char* id : {"csbd-19", "scs"}) {
    const Instrument& instrument = testing::shipped(id);
    EXPECT_TRUE(instrument.bands.back().provisional) << id;
    const Score score = score_of(instrument, answers_adding_up_to(instrument, instrument.maximum_total()));
    EXPECT_NE(describe_score(instrument, score).find("still to be confirmed"), std::string::npos);
  }
  EXPECT_FALSE(testing::shipped("hbi-19").bands.back().provisional);
}

// ---- worked cases: explicit answers and what the publication says they score ----

struct Worked {
  const char* instrument;
  const char* answers;
  std::optional<double> total;
  const char* band;  // nullptr: none
  bool prorated;
  std::vector<std::pair<const char*, std::optional<double>>> subscales;  // code, value
  std::vector<std::pair<const char*, const char*>> subscale_bands;       // code, band
  bool safety;
  const char* why;
};

class WorkedCases : public ::testing::TestWithParam<Worked> {};

TEST_P(WorkedCases, ScoreAsPublished) {
  const Worked& expected = GetParam();
  SCOPED_TRACE(expected.why);
  const Instrument& instrument = testing::shipped(expected.instrument);
  const Score score = score_of(instrument, expected.answers);
  ASSERT_EQ(score.total.has_value(), expected.total.has_value()) << score.no_total_reason;
  if (expected.total) {
    EXPECT_NEAR(*score.total, *expected.total, 1e-12);
    EXPECT_TRUE(score.no_total_reason.empty());
  } else {
    EXPECT_FALSE(score.no_total_reason.empty());
  }
  EXPECT_EQ(score.band ? score.band->label : "", expected.band ? expected.band : "");
  EXPECT_EQ(score.prorated, expected.prorated);
  for (const auto& [code, value] : expected.subscales) {
    const auto found = std::find_if(score.subscales.begin(), score.subscales.end(),
                                    [&](const SubscaleScore& subscale) { return subscale.code == code; });
    ASSERT_NE(found, score.subscales.end()) << code;
    ASSERT_EQ(found->value.has_value(), value.has_value()) << code;
    if (value) {
      EXPECT_NEAR(*found->value, *value, 1e-12) << code;
    }
  }
  for (const auto& [code, band] : expected.subscale_bands) {
    const auto found = std::find_if(score.subscales.begin(), score.subscales.end(),
                                    [&](const SubscaleScore& subscale) { return subscale.code == code; });
    ASSERT_NE(found, score.subscales.end()) << code;
    EXPECT_EQ(found->band ? found->band->label : "", band) << code;
  }
  EXPECT_EQ(score.safety_flag(), expected.safety);
}

INSTANTIATE_TEST_SUITE_P(
    Published, WorkedCases,
    ::testing::Values(
        // PHQ-9: sum of items 1-9; item 9 above 0 is a safety flag whatever the total.
        Worked{"phq-9", "1,2,1,2,1,1,1,1,1", 11, "moderate", false, {}, {}, true, "the issue's example: 11, moderate"},
        Worked{"phq-9", "0,0,0,0,0,0,0,0,1", 1, "minimal", false, {}, {}, true, "item 9 alone flags"},
        Worked{"phq-9", "3,3,3,3,3,3,3,3,0", 24, "severe", false, {}, {}, false, "severe without item 9: no flag"},
        Worked{"phq-9", "0,0,0,0,0,0,0,0,3", 3, "minimal", false, {}, {}, true, "item 9 nearly every day"},
        // PHQ-9 missing data: prorated with 7 or 8 of 9, rounded to the nearest whole number.
        Worked{"phq-9", "1,1,1,1,1,1,1,1,-", 9, "mild", true, {}, {}, false, "8 answered, 8 points: 8 * 9/8 = 9"},
        Worked{"phq-9",
               "2,2,2,2,2,2,-,-,0",
               15,
               "moderately severe",
               true,
               {},
               {},
               false,
               "7 answered, 12 points: 12 * 9/7 = 15.43 rounds to 15"},
        Worked{"phq-9",
               "1,1,1,1,0,0,0,0,-",
               5,
               "mild",
               true,
               {},
               {},
               false,
               "8 answered, 4 points: 4.5 rounds half up to 5, which moves it from minimal to mild"},
        Worked{"phq-9", "1,1,1,1,1,1,1,-,-", 9, "mild", true, {}, {}, false, "7 answered, 7 points: 9"},
        Worked{"phq-9", "3,3,3,3,3,3,-,-,-", std::nullopt, nullptr, false, {}, {}, false, "6 answered: no total"},
        Worked{"phq-9", "-,-,-,-,-,-,-,-,-", std::nullopt, nullptr, false, {}, {}, false, "nothing answered"},
        // GAD-7: every item needed.
        Worked{"gad-7", "3,3,3,3,3,3,-", std::nullopt, nullptr, false, {}, {}, false, "GAD-7 is not prorated"},
        Worked{"gad-7", "1,1,1,1,1,1,1", 7, "mild", false, {}, {}, false, "7 points"},
        // PHQ-4: GAD-2 = items 1-2 and PHQ-2 = items 3-4, each positive at 3 or more.
        Worked{"phq-4",
               "1,2,0,3",
               6,
               "moderate",
               false,
               {{"gad-2", 3}, {"phq-2", 3}},
               {{"gad-2", "positive"}, {"phq-2", "positive"}},
               false,
               "both subscales at the cut-off"},
        Worked{"phq-4",
               "1,1,1,1",
               4,
               "mild",
               false,
               {{"gad-2", 2}, {"phq-2", 2}},
               {{"gad-2", "negative"}, {"phq-2", "negative"}},
               false,
               "both just below"},
        Worked{"phq-4",
               "3,3,-,0",
               std::nullopt,
               nullptr,
               false,
               {{"gad-2", 6}, {"phq-2", std::nullopt}},
               {{"gad-2", "positive"}},
               false,
               "a subscale still scores when its own items are answered"},
        // CSI-4: item 1 runs 0-6 (perfect), items 2-4 run 0-5.
        Worked{"csi-4", "6,5,5,5", 21, "not distressed", false, {}, {}, false, "the highest"},
        Worked{"csi-4", "3,3,3,4", 13, "distressed", false, {}, {}, false, "13 is below 13.5"},
        Worked{"csi-4", "4,3,3,4", 14, "not distressed", false, {}, {}, false, "14 is above 13.5"},
        // SCS-SF: items 1, 4, 8, 9, 11, 12 reverse-keyed; the total is the mean.
        Worked{"scs-sf",
               "5,1,1,5,1,1,1,5,5,1,5,5",
               3,
               "moderate",
               false,
               {{"self-kindness", 1},
                {"self-judgment", 1},
                {"common-humanity", 1},
                {"isolation", 1},
                {"mindfulness", 1},
                {"over-identification", 1}},
               {},
               false,
               "'almost never' to every item: positive items 1, reversed items 5, mean 3"},
        Worked{"scs-sf",
               "1,5,5,1,5,5,5,1,1,5,1,1",
               3,
               "moderate",
               false,
               {{"self-kindness", 5},
                {"self-judgment", 5},
                {"common-humanity", 5},
                {"isolation", 5},
                {"mindfulness", 5},
                {"over-identification", 5}},
               {},
               false,
               "'almost always' to every item: the negative subscales report raw 5"},
        Worked{"scs-sf",
               "5,5,5,5,5,5,5,5,5,5,5,5",
               5,
               "high",
               false,
               {{"self-kindness", 5}, {"self-judgment", 1}, {"over-identification", 1}},
               {},
               false,
               "the most self-compassionate answers: low self-judgment"},
        Worked{
            "scs-sf", "3,3,3,3,3,3,3,3,3,3,3,3", 3, "moderate", false, {{"self-judgment", 3}}, {}, false, "the middle"},
        Worked{"scs-sf", "2,2,2,2,2,2,3,3,3,3,3,3", 2.5, "moderate", false, {}, {}, false, "30/12 = 2.5: moderate"},
        Worked{"scs-sf", "2,2,2,2,2,2,2,3,3,3,3,3", 29.0 / 12, "low", false, {}, {}, false, "29/12: low"},
        Worked{"scs-sf", "3,3,3,3,3,3,4,4,4,4,4,4", 3.5, "high", false, {}, {}, false, "42/12 = 3.5: high"},
        Worked{"scs-sf", "3,3,3,3,3,3,3,4,4,4,4,4", 41.0 / 12, "moderate", false, {}, {}, false, "41/12: moderate"},
        Worked{"scs-sf",
               "3,3,3,3,3,3,3,3,3,3,3,-",
               std::nullopt,
               nullptr,
               false,
               {{"self-judgment", std::nullopt}, {"self-kindness", 3}},
               {},
               false,
               "11 of 12: no mean"},
        // DERS-16: sums, no reversed items, five subscales.
        Worked{"ders-16",
               "1,2,3,4,5,1,2,3,4,5,1,2,3,4,5,1",
               46,
               nullptr,
               false,
               {{"clarity", 3}, {"goals", 10}, {"impulse", 8}, {"strategies", 13}, {"non-acceptance", 12}},
               {},
               false,
               "clarity 1+2, goals 3+2+5, impulse 4+3+1, strategies 5+1+2+4+1, non-acceptance 4+5+3"},
        Worked{"ders-16",
               "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1",
               16,
               nullptr,
               false,
               {{"strategies", 5}},
               {},
               false,
               "the lowest"},
        Worked{"ders-16",
               "5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5",
               80,
               nullptr,
               false,
               {{"goals", 15}},
               {},
               false,
               "the highest"},
        // AAQ-II: a sum of 1-7 answers.
        Worked{"aaq-ii", "4,4,4,4,4,4,4", 28, "probable distress", false, {}, {}, false, "all 'sometimes true'"},
        Worked{"aaq-ii", "1,1,1,1,1,1,1", 7, "below cut-off", false, {}, {}, false, "all 'never true'"},
        // The scoring-only instruments sum.
        Worked{"bps", "2,2,0,0,0", 4, "positive screen", false, {}, {}, false, "BPS at the cut-off"},
        Worked{"ppcs-6", "7,7,3,1,1,1", 20, "at risk", false, {}, {}, false, "PPCS-6 at the cut-off"},
        Worked{"scs", "4,4,4,4,1,1,1,1,1,3", 24, "at or above cut-off", false, {}, {}, false, "SCS at 24"}));

// ---- answers that must be refused, each with the sentence that says why ----

struct Refused {
  const char* instrument;
  const char* answers;
  const char* message;  // part of the error
};

class RefusedAnswers : public ::testing::TestWithParam<Refused> {};

TEST_P(RefusedAnswers, AreRefusedWithAClearSentence) {
  const Refused& refused = GetParam();
  auto response = parse_answer_scores(testing::shipped(refused.instrument), refused.answers);
  ASSERT_FALSE(response.is_ok()) << refused.answers;
  EXPECT_EQ(response.status().code(), StatusCode::invalid_argument);
  EXPECT_NE(response.status().message().find(refused.message), std::string::npos) << response.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Published, RefusedAnswers,
    ::testing::Values(
        Refused{"phq-9", "1,2,0", "phq-9 has 9 scored items, but 3 values were given"},
        Refused{"phq-9", "1,2,0,1,1,1,1,1,1,1", "but 10 values were given"},
        Refused{"phq-9", "", "no answers given; phq-9 takes 9 scores"},
        Refused{"phq-9", "4,0,0,0,0,0,0,0,0", "item 1 of phq-9: 4 is not a score of its options (0, 1, 2, 3)"},
        Refused{"phq-9", "0,0,x,0,0,0,0,0,0", "item 3 of phq-9: \"x\" is not a number"},
        Refused{"phq-9", "0,0,0,0,0,0,0,0,nan", "item 9 of phq-9: \"nan\" is not a number"},
        Refused{"phq-9", "0,0,0,0,0,0,0,0,1.5", "1.5 is not a score of its options"},
        Refused{"phq-9", "0,0,0,0,0,0,0,0,-1", "-1 is not a score of its options"},
        Refused{"csi-4", "7,0,0,0", "item 1 of csi-4: 7 is not a score of its options (0, 1, 2, 3, 4, 5, 6)"},
        Refused{"csi-4", "0,6,0,0", "item 2 of csi-4: 6 is not a score"},
        Refused{"scs-sf", "0,3,3,3,3,3,3,3,3,3,3,3", "item 1 of scs-sf: 0 is not a score"},
        Refused{"aaq-ii", "1,1,1,1,1,1,8", "item 7 of aaq-ii: 8 is not a score"}));

TEST(ValidateResponse, RefusesUnknownItemsOptionsAndMissingRequiredOnes) {
  const Instrument& phq9 = testing::shipped("phq-9");
  Response response{"phq-9", {{"1", "LA6568-5"}}};
  EXPECT_TRUE(validate_response(phq9, response).is_ok());

  Response unknown_item{"phq-9", {{"11", "LA6568-5"}}};
  Status status = validate_response(phq9, unknown_item);
  EXPECT_EQ(status.code(), StatusCode::invalid_argument);
  EXPECT_NE(status.message().find("phq-9 has no item \"11\"; its items are 1, 2, 3, 4, 5, 6, 7, 8, 9, 10"),
            std::string::npos)
      << status.message();

  Response not_an_option{"phq-9", {{"3", "LA6572-7"}}};
  status = validate_response(phq9, not_an_option);
  EXPECT_NE(status.message().find("item 3 of phq-9: \"LA6572-7\" is not one of its options (LA6568-5 (Not at all)"),
            std::string::npos)
      << status.message();

  Response other_instrument{"gad-7", {}};
  EXPECT_NE(validate_response(phq9, other_instrument).message().find("the answers are for gad-7, not phq-9"),
            std::string::npos);

  // The unscored difficulty item takes its own options, and does not count.
  Response difficulty{"phq-9", {{"10", "LA6573-5"}}};
  auto score = score_response(phq9, difficulty);
  ASSERT_TRUE(score.is_ok()) << score.status().message();
  EXPECT_FALSE(score->total);
  EXPECT_EQ(score->items[9].display, "Somewhat difficult");
  EXPECT_FALSE(score->items[9].score);

  // A required item (none is required in the shipped files: their missing-data rules decide).
  Instrument required = phq9;
  required.items[2].required = true;
  status = validate_response(required, response);
  EXPECT_EQ(status.message(), "item 3 of phq-9 must be answered");
  EXPECT_FALSE(score_response(required, response).is_ok());
}

TEST(ParseAnswerScores, MapsScoresBackToOptionsAndRoundTrips) {
  const Instrument& scs_sf = testing::shipped("scs-sf");
  auto response = parse_answer_scores(scs_sf, " 5, 1 ,1,5,1,1,1,5,5,1,5,5 ");
  ASSERT_TRUE(response.is_ok()) << response.status().message();
  EXPECT_EQ(response->instrument_id, "scs-sf");
  // Item 1 is reverse-keyed: its score 5 is the option "almost never", printed as 1 on the form.
  EXPECT_EQ(response->answers.at("1"), "1");
  EXPECT_EQ(scs_sf.find_item("1")->options.front().display, "Almost never");
  EXPECT_EQ(response->answers.at("2"), "1");
  EXPECT_EQ(format_answer_scores(scs_sf, *response), "5,1,1,5,1,1,1,5,5,1,5,5");

  const Instrument& phq9 = testing::shipped("phq-9");
  auto partial = parse_answer_scores(phq9, "1,,2,-,3, - ,0,0,1");
  ASSERT_TRUE(partial.is_ok()) << partial.status().message();
  EXPECT_EQ(partial->answers.size(), 6u);
  EXPECT_EQ(partial->answers.at("3"), "LA6570-1");
  EXPECT_EQ(format_answer_scores(phq9, *partial), "1,-,2,-,3,-,0,0,1");
}

TEST(Safety, AnUnansweredItem9IsReportedSoSomeoneAsks) {
  const Instrument& phq9 = testing::shipped("phq-9");
  const Score score = score_of(phq9, "1,1,1,1,1,1,1,1,-");
  EXPECT_FALSE(score.safety_flag());
  EXPECT_EQ(score.safety_items_unanswered, std::vector<std::string>{"9"});
  const Score flagged = score_of(phq9, "0,0,0,0,0,0,0,0,2");
  ASSERT_EQ(flagged.safety_findings.size(), 1u);
  const SafetyFinding& finding = flagged.safety_findings[0];
  EXPECT_EQ(finding.instrument_id, "phq-9");
  EXPECT_EQ(finding.link_id, "9");
  ASSERT_TRUE(finding.item_code);
  EXPECT_EQ(finding.item_code->code, "44260-8");
  EXPECT_EQ(finding.answer_code, "LA6570-1");
  EXPECT_EQ(finding.answer_display, "More than half the days");
  EXPECT_EQ(finding.score, 2);
  EXPECT_EQ(finding.kind, "self-harm");
}

TEST(DescribeScore, SaysTheNumberTheBandAndTheDirection) {
  const Instrument& phq9 = testing::shipped("phq-9");
  EXPECT_EQ(describe_score(phq9, score_of(phq9, "1,2,1,2,1,1,1,1,1")),
            "11 of a possible 0-27 on the Patient Health Questionnaire (PHQ-9): the moderate band (10-14); higher is "
            "worse.");
  EXPECT_EQ(describe_score(phq9, score_of(phq9, "3,3,3,3,3,3,3,3,3")),
            "27 of a possible 0-27 on the Patient Health Questionnaire (PHQ-9): the severe band (20-27); higher "
            "is worse.");
  EXPECT_EQ(describe_score(phq9, score_of(phq9, "1,1,1,1,1,1,1,1,-")),
            "9 of a possible 0-27 on the Patient Health Questionnaire (PHQ-9) (prorated from 8 of 9 items): the mild "
            "band (5-9); higher is worse.");
  EXPECT_EQ(describe_score(phq9, score_of(phq9, "1,1,1,-,-,-,-,-,-")),
            "No total for phq-9: 3 of 9 items are answered; phq-9 gives a total only when at least 7 are.");
  const Instrument& csi4 = testing::shipped("csi-4");
  EXPECT_EQ(describe_score(csi4, score_of(csi4, "3,3,3,4")),
            "13 of a possible 0-21 on the Couples Satisfaction Index (CSI-4): the distressed band (0-13); higher is "
            "better.");
  const Instrument& scs_sf = testing::shipped("scs-sf");
  EXPECT_EQ(describe_score(scs_sf, score_of(scs_sf, "3,3,3,3,3,3,3,4,4,4,4,4")),
            "3.42 of a possible 1-5 on the Self-Compassion Scale, Short Form (SCS-SF): the moderate band (2.5 to "
            "under 3.5); higher is better.");
}

TEST(FormatScore, ShowsWholeNumbersPlainAndOthersToTwoPlaces) {
  EXPECT_EQ(format_score(11), "11");
  EXPECT_EQ(format_score(0), "0");
  EXPECT_EQ(format_score(2.5), "2.5");
  EXPECT_EQ(format_score(41.0 / 12), "3.42");
  EXPECT_EQ(format_score(-1), "-1");
}

}  // namespace
}  // namespace keel::measures
