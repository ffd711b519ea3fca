// The Reliable Change Index, the cut-offs and Goal Attainment Scaling, against the worked numbers
// of PRODUCT.md and numbers computed independently (Python's math module, from the formulas of
// Jacobson & Truax 1991 and Kiresuk & Sherman 1968; the script's output is quoted beside each).
#include <gtest/gtest.h>

#include "measures/change.h"
#include "measures_test_support.h"

namespace keel::measures {
namespace {

TEST(ReliableChange, Aaq2MinimumReliableChangeIs1196) {
  auto parameters = change_parameters(testing::shipped("aaq-ii"));
  ASSERT_TRUE(parameters.is_ok()) << parameters.status().message();
  EXPECT_EQ(parameters->standard_deviation, 9.9);  // the clinical SD: s1 of Jacobson & Truax
  EXPECT_EQ(parameters->reliability.value, 0.81);
  EXPECT_EQ(parameters->reliability.kind, ReliabilityKind::retest);
  const ReliableChange change = reliable_change(*parameters, 35, 20);
  EXPECT_NEAR(change.standard_error, 4.315309954105266, 1e-12);
  EXPECT_NEAR(change.standard_error_of_difference, 6.102769862939286, 1e-12);
  EXPECT_NEAR(change.minimum_reliable_change, 11.961428931361, 1e-9);
  EXPECT_EQ(std::round(change.minimum_reliable_change * 100) / 100, 11.96);
  EXPECT_NEAR(change.index, -2.4579003201630694, 1e-12);
}

TEST(ReliableChange, Aaq2CutOffCIs226) {
  auto parameters = change_parameters(testing::shipped("aaq-ii"));
  ASSERT_TRUE(parameters.is_ok());
  const auto cut_off = choose_cut_off(*parameters);
  ASSERT_TRUE(cut_off);
  EXPECT_EQ(cut_off->kind, CutOffKind::c);
  // (9.9 * 18.51 + 7.05 * 28.3) / (9.9 + 7.05) = 22.58194690265487
  EXPECT_NEAR(cut_off->value, 22.58194690265487, 1e-12);
  EXPECT_EQ(std::round(cut_off->value * 10) / 10, 22.6);
  EXPECT_NE(cut_off->source.find("Bond"), std::string::npos);
  EXPECT_DOUBLE_EQ(cut_off_a(*parameters->dysfunctional, Direction::higher_worse), 8.5);
  EXPECT_DOUBLE_EQ(cut_off_b(*parameters->functional, Direction::higher_worse), 32.61);
}

struct ChangeCase {
  double before, after;
  double index;  // independent value
  bool reliable;
  ChangeClass classification;
  const char* note;  // part of a note, or nullptr
};

TEST(ReliableChange, Aaq2Classifications) {
  const Instrument& aaq = testing::shipped("aaq-ii");
  const std::vector<ChangeCase> cases = {
      {35, 20, -2.4579003201630694, true, ChangeClass::recovered, nullptr},
      {35, 23, -1.9663202561304554, true, ChangeClass::improved, "has not crossed the cut-off"},
      {20, 8, -1.9663202561304554, true, ChangeClass::improved, "already on the functional side"},
      {35, 24, -1.8024602347862506, false, ChangeClass::unchanged, nullptr},
      {30, 22, -1.3108801707536367, false, ChangeClass::unchanged, "within measurement error"},
      {20, 35, 2.4579003201630694, true, ChangeClass::deteriorated, nullptr},
      {30, 30, 0, false, ChangeClass::unchanged, nullptr},
  };
  for (const auto& test : cases) {
    SCOPED_TRACE(::testing::Message() << test.before << " -> " << test.after);
    auto change = reliable_change(aaq, test.before, test.after);
    ASSERT_TRUE(change.is_ok()) << change.status().message();
    EXPECT_NEAR(change->index, test.index, 1e-12);
    EXPECT_EQ(change->reliable, test.reliable);
    EXPECT_EQ(change->classification, test.classification);
    if (test.note != nullptr) {
      ASSERT_FALSE(change->notes.empty());
      EXPECT_NE(change->notes.back().find(test.note), std::string::npos) << change->notes.back();
    } else {
      EXPECT_TRUE(change->notes.empty()) << change->notes.front();
    }
  }
}

TEST(ReliableChange, Phq9UsesCutOffBAndSaysWhichSdItUsed) {
  auto change = reliable_change(testing::shipped("phq-9"), 15, 5);
  ASSERT_TRUE(change.is_ok());
  // SE = 3.5 * sqrt(.16) = 1.4; S_diff = 1.9798989873223334; 1.96 * S_diff = 3.8806020151517733
  EXPECT_NEAR(change->minimum_reliable_change, 3.8806020151517733, 1e-12);
  ASSERT_TRUE(change->cut_off);
  EXPECT_EQ(change->cut_off->kind, CutOffKind::b);
  EXPECT_NEAR(change->cut_off->value, 9.91, 1e-12);
  EXPECT_EQ(change->classification, ChangeClass::recovered);
  ASSERT_EQ(change->notes.size(), 1u);
  EXPECT_NE(change->notes[0].find("functional (general) population"), std::string::npos);
}

TEST(ReliableChange, HigherBetterScalesFlipTheSigns) {
  ChangeParameters parameters;
  parameters.instrument_id = "made-up";
  parameters.direction = Direction::higher_better;
  parameters.reliability = {ReliabilityKind::retest, 0.9, "", "", "made up"};
  parameters.functional = Norm{Population::functional, 16, 3, "", "made up"};
  parameters.dysfunctional = Norm{Population::dysfunctional, 8, 4, "", "made up"};
  parameters.standard_deviation = 4;
  EXPECT_DOUBLE_EQ(cut_off_a(*parameters.dysfunctional, Direction::higher_better), 16);
  EXPECT_DOUBLE_EQ(cut_off_b(*parameters.functional, Direction::higher_better), 10);
  EXPECT_NEAR(choose_cut_off(parameters)->value, 88.0 / 7, 1e-12);
  // SE = 4 * sqrt(.1) = 1.2649110640673518, S_diff = 1.7888543819998317
  const ReliableChange up = reliable_change(parameters, 8, 14);
  EXPECT_NEAR(up.index, 3.3541019662496847, 1e-12);
  EXPECT_TRUE(up.improvement);
  EXPECT_EQ(up.classification, ChangeClass::recovered);
  EXPECT_EQ(reliable_change(parameters, 14, 8).classification, ChangeClass::deteriorated);
  EXPECT_EQ(reliable_change(parameters, 8, 12).classification, ChangeClass::improved);  // 12 < 12.57
  EXPECT_EQ(reliable_change(parameters, 8, 10).classification, ChangeClass::unchanged);
  // Only a dysfunctional norm: cut-off a.
  parameters.functional.reset();
  const ReliableChange by_a = reliable_change(parameters, 8, 17);
  ASSERT_TRUE(by_a.cut_off);
  EXPECT_EQ(by_a.cut_off->kind, CutOffKind::a);
  EXPECT_EQ(by_a.cut_off->formula, "a = M_dys + 2·SD_dys");
  EXPECT_EQ(by_a.classification, ChangeClass::recovered);
  EXPECT_EQ(reliable_change(parameters, 8, 15).classification, ChangeClass::improved);
  // No norm at all: reliability alone.
  parameters.dysfunctional.reset();
  const ReliableChange bare = reliable_change(parameters, 8, 17);
  EXPECT_FALSE(bare.cut_off);
  EXPECT_EQ(bare.classification, ChangeClass::improved);
  EXPECT_NE(bare.notes.back().find("no norms"), std::string::npos);
}

TEST(ReliableChange, SaysWhenRIsCronbachsAlpha) {
  ChangeParameters parameters;
  parameters.instrument_id = "csi-4";
  parameters.direction = Direction::higher_better;
  parameters.reliability = {ReliabilityKind::alpha, 0.94, "", "", "Funk & Rogge 2007"};
  parameters.functional = Norm{Population::functional, 16, 3, "", "made up"};
  parameters.standard_deviation = 3;
  const ReliableChange change = reliable_change(parameters, 10, 12);
  ASSERT_FALSE(change.notes.empty());
  EXPECT_NE(change.notes[0].find("r = 0.94 is Cronbach's alpha"), std::string::npos) << change.notes[0];
}

TEST(ReliableChange, RefusesWhatItCannotJudge) {
  auto no_norms = reliable_change(testing::shipped("ders-16"), 50, 30);
  ASSERT_FALSE(no_norms.is_ok());
  EXPECT_EQ(no_norms.status().message(),
            "ders-16 carries no published standard deviation (norms), so keel cannot compute the Reliable Change "
            "Index for it");
  auto out_of_range = reliable_change(testing::shipped("aaq-ii"), 50, 20);
  ASSERT_FALSE(out_of_range.is_ok());
  EXPECT_EQ(out_of_range.status().message(), "the before score 50 is outside the range of aaq-ii (7 to 49)");
  EXPECT_FALSE(reliable_change(testing::shipped("aaq-ii"), 20, 6).is_ok());
  Instrument unknown = testing::shipped("aaq-ii");
  unknown.direction = Direction::unknown;
  EXPECT_FALSE(change_parameters(unknown).is_ok());
}

TEST(ReliableChange, ReadsAsOneSentence) {
  EXPECT_EQ(describe_change(*reliable_change(testing::shipped("aaq-ii"), 35, 20)),
            "Down 15 points (better), more than the 11.96 that measurement error could explain, and across the "
            "cut-off of 22.58 to the functional side: recovered.");
  EXPECT_EQ(describe_change(*reliable_change(testing::shipped("aaq-ii"), 30, 31)),
            "Up 1 point (worse), within the 11.96 that measurement error could explain, staying on the dysfunctional "
            "side of the cut-off of 22.58: unchanged.");
}

// ---- Goal Attainment Scaling ----

struct GasCase {
  std::vector<GoalRating> goals;
  double t_score;  // independent value
};

TEST(GoalAttainment, MatchesTheWorkedChecks) {
  const std::vector<GasCase> cases = {
      {{{1, 0}, {1, 0}, {1, 0}}, 50.0},                // PRODUCT.md: all at 0 -> 50
      {{{1, 1}, {2, 0}, {3, -1}}, 45.59347350760768},  // PRODUCT.md: 45.59
      {{{1, 1}, {1, 1}, {1, 1}}, 63.693063937629155},  // PRODUCT.md: 63.69
      {{{1, 2}}, 70.0},                                // one goal: 50 + 10x
      {{{1, -2}}, 30.0},
      {{{2, -2}, {1, 2}}, 41.96780671097501},
      {{{1, 2}, {1, 2}, {1, 2}, {1, 2}, {1, 2}}, 80.15113445777637},
  };
  for (const auto& test : cases) {
    auto t_score = goal_attainment_t_score(test.goals);
    ASSERT_TRUE(t_score.is_ok()) << t_score.status().message();
    EXPECT_NEAR(*t_score, test.t_score, 1e-10);
  }
  EXPECT_EQ(std::round(*goal_attainment_t_score(cases[1].goals) * 100) / 100, 45.59);
  EXPECT_EQ(std::round(*goal_attainment_t_score(cases[2].goals) * 100) / 100, 63.69);
}

TEST(GoalAttainment, RefusesImpossibleGoals) {
  EXPECT_EQ(goal_attainment_t_score({}).status().message(), "no goals to score");
  const std::vector<GoalRating> zero_weight = {{0, 1}};
  EXPECT_EQ(goal_attainment_t_score(zero_weight).status().message(),
            "goal 1: the weight must be a number above 0, not 0");
  const std::vector<GoalRating> too_high = {{1, 1}, {1, 3}};
  EXPECT_EQ(goal_attainment_t_score(too_high).status().message(), "goal 2: the level must be from -2 to +2, not 3");
  const std::vector<GoalRating> fine = {{1, 1}};
  EXPECT_FALSE(goal_attainment_t_score(fine, 1.0).is_ok());
  EXPECT_FALSE(goal_attainment_t_score(fine, -0.1).is_ok());
}

TEST(GoalAttainment, ReadsAsOneSentence) {
  EXPECT_EQ(describe_goal_attainment(50), "A T-score of 50: on the whole, goals were met as expected.");
  EXPECT_EQ(describe_goal_attainment(45.59347350760768),
            "A T-score of 45.59: on the whole, goals were met less well than expected (50 is as expected; every 10 "
            "points is one standard deviation).");
}

}  // namespace
}  // namespace keel::measures
