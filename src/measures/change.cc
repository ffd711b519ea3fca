#include "measures/change.h"

#include <cmath>

#include <fmt/format.h>

namespace keel::measures {

namespace {

std::string format_number(double value) {
  const double rounded = std::round(value * 100) / 100;
  if (rounded == std::floor(rounded)) return fmt::format("{:.0f}", rounded);
  std::string text = fmt::format("{:.2f}", rounded);
  if (text.back() == '0') text.pop_back();
  return text;
}

std::string describe_norm(const Norm& norm) {
  return fmt::format("{} norm{}: M = {:g}, SD = {:g} ({})", population_name(norm.population),
                     norm.description.empty() ? "" : " (" + norm.description + ")", norm.mean, norm.standard_deviation,
                     norm.source);
}

// On the functional side of a cut-off: below it for higher-worse scales, above it for higher-better.
bool functional_side(double value, double cut_off, Direction direction) {
  return direction == Direction::higher_better ? value > cut_off : value < cut_off;
}

}  // namespace

const char* cut_off_kind_name(CutOffKind kind) {
  switch (kind) {
    case CutOffKind::a: return "a";
    case CutOffKind::b: return "b";
    case CutOffKind::c: return "c";
  }
  return "c";
}

const char* change_class_name(ChangeClass change) {
  switch (change) {
    case ChangeClass::recovered: return "recovered";
    case ChangeClass::improved: return "improved";
    case ChangeClass::unchanged: return "unchanged";
    case ChangeClass::deteriorated: return "deteriorated";
  }
  return "unchanged";
}

Result<ChangeParameters> change_parameters(const Instrument& instrument) {
  if (instrument.direction == Direction::unknown) {
    return Status::invalid(
        fmt::format("{} does not say whether a higher score is better or worse, so keel cannot "
                    "judge its change",
                    instrument.id));
  }
  const Reliability* reliability = instrument.preferred_reliability();
  const Norm* dysfunctional = instrument.norm(Population::dysfunctional);
  const Norm* functional = instrument.norm(Population::functional);
  if (dysfunctional == nullptr && functional == nullptr) {
    return Status::invalid(
        fmt::format("{} carries no published standard deviation (norms), so keel cannot compute "
                    "the Reliable Change Index for it",
                    instrument.id));
  }
  if (reliability == nullptr) {
    return Status::invalid(
        fmt::format("{} carries no published reliability, so keel cannot compute the Reliable "
                    "Change Index for it",
                    instrument.id));
  }
  ChangeParameters parameters;
  parameters.instrument_id = instrument.id;
  parameters.direction = instrument.direction;
  parameters.reliability = *reliability;
  if (functional != nullptr) parameters.functional = *functional;
  if (dysfunctional != nullptr) parameters.dysfunctional = *dysfunctional;
  const Norm& spread = dysfunctional != nullptr ? *dysfunctional : *functional;
  parameters.standard_deviation = spread.standard_deviation;
  parameters.standard_deviation_source = describe_norm(spread);
  return parameters;
}

double cut_off_a(const Norm& dysfunctional, Direction direction) {
  const double step = 2 * dysfunctional.standard_deviation;
  return direction == Direction::higher_better ? dysfunctional.mean + step : dysfunctional.mean - step;
}

double cut_off_b(const Norm& functional, Direction direction) {
  const double step = 2 * functional.standard_deviation;
  return direction == Direction::higher_better ? functional.mean - step : functional.mean + step;
}

double cut_off_c(const Norm& functional, const Norm& dysfunctional) {
  return (dysfunctional.standard_deviation * functional.mean + functional.standard_deviation * dysfunctional.mean) /
         (dysfunctional.standard_deviation + functional.standard_deviation);
}

std::optional<CutOff> choose_cut_off(const ChangeParameters& parameters) {
  const bool better_higher = parameters.direction == Direction::higher_better;
  if (parameters.functional && parameters.dysfunctional) {
    return CutOff{CutOffKind::c, cut_off_c(*parameters.functional, *parameters.dysfunctional),
                  "c = (SD_dys·M_func + SD_func·M_dys)/(SD_dys + SD_func)",
                  describe_norm(*parameters.functional) + "; " + describe_norm(*parameters.dysfunctional)};
  }
  if (parameters.functional) {
    return CutOff{CutOffKind::b, cut_off_b(*parameters.functional, parameters.direction),
                  better_higher ? "b = M_func − 2·SD_func" : "b = M_func + 2·SD_func",
                  describe_norm(*parameters.functional)};
  }
  if (parameters.dysfunctional) {
    return CutOff{CutOffKind::a, cut_off_a(*parameters.dysfunctional, parameters.direction),
                  better_higher ? "a = M_dys + 2·SD_dys" : "a = M_dys − 2·SD_dys",
                  describe_norm(*parameters.dysfunctional)};
  }
  return std::nullopt;
}

ReliableChange reliable_change(const ChangeParameters& parameters, double before, double after) {
  ReliableChange change;
  change.parameters = parameters;
  change.before = before;
  change.after = after;
  change.difference = after - before;
  change.standard_error = parameters.standard_deviation * std::sqrt(1 - parameters.reliability.value);
  change.standard_error_of_difference = std::sqrt(2.0) * change.standard_error;
  change.index = change.difference / change.standard_error_of_difference;
  change.minimum_reliable_change = kReliableChangeThreshold * change.standard_error_of_difference;
  change.reliable = std::fabs(change.index) > kReliableChangeThreshold;
  change.improvement = parameters.direction == Direction::higher_better ? change.difference > 0 : change.difference < 0;
  change.cut_off = choose_cut_off(parameters);
  if (change.cut_off) {
    change.before_functional = functional_side(before, change.cut_off->value, parameters.direction);
    change.after_functional = functional_side(after, change.cut_off->value, parameters.direction);
  }

  if (!change.reliable) {
    change.classification = ChangeClass::unchanged;
  } else if (!change.improvement) {
    change.classification = ChangeClass::deteriorated;
  } else if (change.cut_off && !change.before_functional && change.after_functional) {
    change.classification = ChangeClass::recovered;
  } else {
    change.classification = ChangeClass::improved;
  }

  if (parameters.reliability.kind == ReliabilityKind::alpha) {
    change.notes.push_back(fmt::format(
        "r = {:g} is Cronbach's alpha (internal consistency): no test-retest reliability is published for {}, and "
        "Jacobson and Truax used test-retest, so the reliable-change threshold may be too small",
        parameters.reliability.value, parameters.instrument_id));
  }
  if (!parameters.dysfunctional) {
    change.notes.push_back(
        "s is the standard deviation of the functional (general) population, the only norm keel knows for this "
        "instrument; Jacobson and Truax use the pre-treatment (clinical) one");
  }
  if (!change.cut_off) {
    change.notes.push_back("no norms to place a cut-off, so the change is judged on reliability alone");
  } else if (change.reliable && change.improvement && change.before_functional) {
    change.notes.push_back(
        "the first score was already on the functional side of the cut-off, so the change is "
        "an improvement but not a recovery");
  } else if (change.reliable && change.improvement && !change.after_functional) {
    change.notes.push_back("the change is reliable, but the second score has not crossed the cut-off");
  } else if (!change.reliable && change.before_functional != change.after_functional) {
    change.notes.push_back(
        "the scores lie on different sides of the cut-off, but the change is within measurement "
        "error, so it is not counted as a change");
  }
  return change;
}

Result<ReliableChange> reliable_change(const Instrument& instrument, double before, double after) {
  KEEL_ASSIGN_OR_RETURN(ChangeParameters parameters, change_parameters(instrument));
  const double lowest = instrument.minimum_total();
  const double highest = instrument.maximum_total();
  for (const auto& [name, value] : {std::pair{"before", before}, std::pair{"after", after}}) {
    if (!std::isfinite(value) || value < lowest || value > highest) {
      return Status::invalid(fmt::format("the {} score {:g} is outside the range of {} ({:g} to {:g})", name, value,
                                         instrument.id, lowest, highest));
    }
  }
  return reliable_change(parameters, before, after);
}

Result<double> goal_attainment_t_score(std::span<const GoalRating> goals, double correlation) {
  if (goals.empty()) return Status::invalid("no goals to score");
  if (!(correlation >= 0 && correlation < 1)) {
    return Status::invalid(fmt::format("the correlation between goals must be from 0 up to 1, not {:g}", correlation));
  }
  double weighted = 0;
  double sum_of_weights = 0;
  double sum_of_squares = 0;
  for (std::size_t index = 0; index < goals.size(); ++index) {
    const GoalRating& goal = goals[index];
    if (!std::isfinite(goal.weight) || !(goal.weight > 0) || goal.weight > 1e6) {
      return Status::invalid(
          fmt::format("goal {}: the weight must be a number above 0, not {:g}", index + 1, goal.weight));
    }
    if (goal.level < -2 || goal.level > 2) {
      return Status::invalid(fmt::format("goal {}: the level must be from -2 to +2, not {}", index + 1, goal.level));
    }
    weighted += goal.weight * goal.level;
    sum_of_weights += goal.weight;
    sum_of_squares += goal.weight * goal.weight;
  }
  const double denominator =
      std::sqrt((1 - correlation) * sum_of_squares + correlation * sum_of_weights * sum_of_weights);
  return 50 + 10 * weighted / denominator;
}

std::string describe_change(const ReliableChange& change) {
  const double size = std::fabs(change.difference);
  std::string sentence;
  if (change.difference == 0) {
    sentence = "No change";
  } else {
    sentence =
        fmt::format("{} {} point{}", change.difference > 0 ? "Up" : "Down", format_number(size), size == 1 ? "" : "s");
    sentence += change.improvement ? " (better)" : " (worse)";
  }
  sentence += change.reliable ? fmt::format(", more than the {} that measurement error could explain",
                                            format_number(change.minimum_reliable_change))
                              : fmt::format(", within the {} that measurement error could explain",
                                            format_number(change.minimum_reliable_change));
  if (change.cut_off) {
    const std::string side = change.after_functional ? "functional" : "dysfunctional";
    if (change.before_functional != change.after_functional) {
      sentence +=
          fmt::format(", and across the cut-off of {} to the {} side", format_number(change.cut_off->value), side);
    } else {
      sentence +=
          fmt::format(", staying on the {} side of the cut-off of {}", side, format_number(change.cut_off->value));
    }
  }
  return sentence + ": " + change_class_name(change.classification) + ".";
}

std::string describe_goal_attainment(double t_score) {
  const double rounded = std::round(t_score * 100) / 100;
  if (std::fabs(t_score - 50) < 0.005) return "A T-score of 50: on the whole, goals were met as expected.";
  return fmt::format(
      "A T-score of {}: on the whole, goals were met {} than expected (50 is as expected; every 10 "
      "points is one standard deviation).",
      format_number(rounded), t_score > 50 ? "better" : "less well");
}

}  // namespace keel::measures
