// Change a clinician can trust: the Reliable Change Index and clinical significance (Jacobson &
// Truax 1991), and Goal Attainment Scaling T-scores (Kiresuk & Sherman 1968). Pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "measures/instrument.h"

namespace keel::measures {

// |RC| above this is reliable change (p < .05, two-sided).
inline constexpr double kReliableChangeThreshold = 1.96;
// The correlation between goals assumed by Kiresuk & Sherman's T-score.
inline constexpr double kGoalCorrelation = 0.3;

// What the Reliable Change Index needs, each number with where it comes from.
struct ChangeParameters {
  std::string instrument_id;
  Direction direction = Direction::higher_worse;
  double standard_deviation = 0;  // s1: the dysfunctional norm's SD if known, else the functional one's
  std::string standard_deviation_source;
  Reliability reliability;  // retest if published, else Cronbach's alpha
  std::optional<Norm> functional;
  std::optional<Norm> dysfunctional;
};

// Takes the parameters from an instrument's rules. Fails, saying what is missing, when the
// instrument has no direction, no norm (so no standard deviation) or no reliability.
Result<ChangeParameters> change_parameters(const Instrument& instrument);

enum class CutOffKind { a, b, c };
const char* cut_off_kind_name(CutOffKind kind);  // "a", "b", "c"

struct CutOff {
  CutOffKind kind = CutOffKind::c;
  double value = 0;
  std::string formula;  // "c = (SD_dys·M_func + SD_func·M_dys)/(SD_dys + SD_func)"
  std::string source;   // the norms' sources
};

// a = M_dys ∓ 2·SD_dys (beyond the dysfunctional range), b = M_func ± 2·SD_func (within the
// functional range), c = (SD_dys·M_func + SD_func·M_dys)/(SD_dys + SD_func); the signs flip for
// higher-better scales.
double cut_off_a(const Norm& dysfunctional, Direction direction);
double cut_off_b(const Norm& functional, Direction direction);
double cut_off_c(const Norm& functional, const Norm& dysfunctional);

// c where both norms exist, else b (functional only) or a (dysfunctional only), else none.
std::optional<CutOff> choose_cut_off(const ChangeParameters& parameters);

enum class ChangeClass { recovered, improved, unchanged, deteriorated };
const char* change_class_name(ChangeClass change);  // "recovered", "improved", "unchanged", "deteriorated"

struct ReliableChange {
  double before = 0;
  double after = 0;
  double difference = 0;                    // after - before
  double standard_error = 0;                // SE = s1·√(1 − r)
  double standard_error_of_difference = 0;  // S_diff = √2·SE
  double index = 0;                         // RC = (after − before)/S_diff
  double minimum_reliable_change = 0;       // 1.96·S_diff: the smallest reliable difference
  bool reliable = false;                    // |RC| > 1.96
  bool improvement = false;                 // the difference goes the better way
  std::optional<CutOff> cut_off;
  bool before_functional = false;  // on the functional side of the cut-off (false when there is none)
  bool after_functional = false;
  ChangeClass classification = ChangeClass::unchanged;
  ChangeParameters parameters;
  std::vector<std::string> notes;  // plain sentences: r is alpha, which SD was used, why not "recovered"
};

// Jacobson & Truax for two administrations. Recovered: reliable improvement from the
// dysfunctional side of the cut-off to the functional side; improved: any other reliable
// improvement; deteriorated: reliable worsening; else unchanged.
ReliableChange reliable_change(const ChangeParameters& parameters, double before, double after);

// The same from an instrument's rules, after checking both totals lie in its range.
Result<ReliableChange> reliable_change(const Instrument& instrument, double before, double after);

// One plain sentence about a change, e.g. "Down 15 points, more than the 11.96 that measurement
// error could explain, and across the cut-off of 22.58 to the functional side: recovered."
std::string describe_change(const ReliableChange& change);

struct GoalRating {
  double weight = 1;  // above 0
  int level = 0;      // −2 … +2; 0 is the expected outcome
};

// Kiresuk & Sherman's T = 50 + 10·Σwᵢxᵢ / √((1 − ρ)·Σwᵢ² + ρ·(Σwᵢ)²). Fails on no goals, a weight
// that is not above 0, a level outside −2 … +2, or ρ outside [0, 1).
Result<double> goal_attainment_t_score(std::span<const GoalRating> goals, double correlation = kGoalCorrelation);

// One plain sentence about a T-score: 50 is every goal met as expected.
std::string describe_goal_attainment(double t_score);

}  // namespace keel::measures
