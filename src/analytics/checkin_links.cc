// 5. Check-in links: the day's states and that day's and the next day's urges and lapses, within
// the person, by Poisson regression (docs/analytics.md, "Check-in links").
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "analytics/regression.h"
#include "analytics/stats.h"
#include "analytics/stats_support.h"

namespace keel::analytics {

namespace {

constexpr int kMinimumDays = 28;     // check-in days with a whole day of urges after them
constexpr int kMinimumHighDays = 5;  // high days, and other days, before a high-day contrast
constexpr int kHighLevel = 7;        // a state of 7 or more of 10 makes a high day
constexpr double kShortSleepHours = 6;
constexpr std::size_t kStrongest = 3;

struct State {
  const char* name;
  double (*value)(const domain::CheckIn&);
  const char* high;      // what a high day is
  const char* same_day;  // "On days you felt lonely (7 or more)"
  const char* next_day;  // "On the day after you felt lonely (7 or more)"
};

bool is_high(const State& state, double value) {
  return std::string_view(state.name) == "sleep" ? value < kShortSleepHours : value >= kHighLevel;
}

constexpr State kStates[] = {
    {"loneliness", [](const domain::CheckIn& c) { return static_cast<double>(c.loneliness); }, "7 or more",
     "On days you felt lonely (7 or more of 10)", "On the day after you felt lonely (7 or more of 10)"},
    {"stress", [](const domain::CheckIn& c) { return static_cast<double>(c.stress); }, "7 or more",
     "On days you felt stressed (7 or more of 10)", "On the day after you felt stressed (7 or more of 10)"},
    {"boredom", [](const domain::CheckIn& c) { return static_cast<double>(c.boredom); }, "7 or more",
     "On days you felt bored (7 or more of 10)", "On the day after you felt bored (7 or more of 10)"},
    {"tiredness", [](const domain::CheckIn& c) { return static_cast<double>(c.tiredness); }, "7 or more",
     "On days you felt tired (7 or more of 10)", "On the day after you felt tired (7 or more of 10)"},
    {"hunger", [](const domain::CheckIn& c) { return static_cast<double>(c.hunger); }, "7 or more",
     "On days you felt hungry (7 or more of 10)", "On the day after you felt hungry (7 or more of 10)"},
    {"sleep", [](const domain::CheckIn& c) { return c.sleep_hours; }, "under 6 hours",
     "On days after a night of under 6 hours' sleep", "On the second day after a night of under 6 hours' sleep"},
};

struct DayCounts {
  int urges = 0;
  int lapses = 0;
};

// Days grouped by the value of a state: the distinct values, and each day's group.
struct Grouping {
  std::vector<double> values;
  std::vector<int> index;
};

Grouping group_days(const std::vector<double>& values) {
  // Check-in states take few distinct values, mostly whole numbers 0..10 or quarter hours of
  // sleep: those are found by a table, anything else by a short list.
  constexpr int kTableSize = 4 * 100 + 1;
  std::array<int, kTableSize> table;
  table.fill(-1);
  Grouping grouping;
  grouping.index.reserve(values.size());
  for (double value : values) {
    const double quarters = value * 4;
    int group = -1;
    const bool tabled = quarters >= 0 && quarters < kTableSize && quarters == std::floor(quarters);
    if (tabled) group = table[static_cast<std::size_t>(quarters)];
    if (group < 0 && !tabled) {
      for (std::size_t i = 0; i < grouping.values.size(); ++i) {
        if (grouping.values[i] == value) group = static_cast<int>(i);
      }
    }
    if (group < 0) {
      group = static_cast<int>(grouping.values.size());
      grouping.values.push_back(value);
      if (tabled) table[static_cast<std::size_t>(quarters)] = group;
    }
    grouping.index.push_back(group);
  }
  return grouping;
}

// Poisson regression of the days' `counts` on an intercept and the state (its value per group);
// empty when it cannot be estimated. The days of one group are fitted as one row (the sum of their
// counts, with the log of their number as offset): the likelihood, and so the estimate and its
// standard error, are those of the day-by-day model; Pearson's χ² is still summed over the days.
PoissonEffect poisson_effect(const Grouping& grouping, const std::vector<int>& counts) {
  PoissonEffect effect;
  const std::size_t groups = grouping.values.size();
  if (groups < 2) return effect;
  std::vector<double> days(groups, 0.0), sums(groups, 0.0), squares(groups, 0.0);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const auto group = static_cast<std::size_t>(grouping.index[i]);
    const double count = counts[i];
    days[group] += 1;
    sums[group] += count;
    squares[group] += count * count;
  }
  const int residual_degrees = static_cast<int>(counts.size()) - 2;
  if (residual_degrees <= 0) return effect;
  if (groups == 2) {
    // Two groups (a high-day flag): the estimate has a closed form, each group's fitted rate being
    // its own mean. No estimate exists when either group has no events.
    if (sums[0] == 0 || sums[1] == 0) return effect;
    const std::size_t low = grouping.values[0] < grouping.values[1] ? 0 : 1;
    const std::size_t high = 1 - low;
    const double slope =
        std::log((sums[high] / days[high]) / (sums[low] / days[low])) / (grouping.values[high] - grouping.values[low]);
    const double standard_error =
        std::sqrt(1 / sums[high] + 1 / sums[low]) / (grouping.values[high] - grouping.values[low]);
    double pearson = 0;
    for (std::size_t group = 0; group < 2; ++group)
      pearson += squares[group] / (sums[group] / days[group]) - sums[group];
    effect.dispersion = pearson / residual_degrees;
    const double error = standard_error * std::sqrt(std::max(1.0, *effect.dispersion));
    effect.rate_ratio = std::exp(slope);
    effect.ci95 = {std::exp(slope - kZ95 * error), std::exp(slope + kZ95 * error)};
    effect.z = slope / error;
    return effect;
  }
  Matrix x(0, 2);
  std::vector<double> offsets;
  for (std::size_t group = 0; group < groups; ++group) {
    x.append_row({1.0, grouping.values[group]});
    offsets.push_back(std::log(days[group]));
  }
  const GlmFit fit = fit_poisson(x, sums, offsets);
  if (!fit.converged) return effect;
  double pearson = 0;
  for (std::size_t group = 0; group < groups; ++group) {
    const double mu = std::exp(fit.coefficients[0] + fit.coefficients[1] * grouping.values[group]);
    pearson += (squares[group] - 2 * mu * sums[group] + days[group] * mu * mu) / mu;
  }
  const double slope = fit.coefficients[1];
  effect.dispersion = pearson / residual_degrees;
  const double error = fit.standard_errors[1] * std::sqrt(std::max(1.0, *effect.dispersion));
  effect.rate_ratio = std::exp(slope);
  effect.ci95 = {std::exp(slope - kZ95 * error), std::exp(slope + kZ95 * error)};
  effect.z = slope / error;
  return effect;
}

const State& state_named(const std::string& name) {
  for (const auto& state : kStates) {
    if (name == state.name) return state;
  }
  return kStates[0];
}

std::string sentence_for(const CheckinLink& link) {
  using namespace support;
  const State& state = state_named(link.state);
  return fmt::format(
      "{}, {} came {} times as often as on your other days{}; this is a link in your own data, not "
      "proof of a cause.",
      link.day == "same_day" ? state.same_day : state.next_day, link.outcome, ratio_text(*link.high_day.rate_ratio),
      interval_words(link.high_day.ci95, ratio_text));
}

}  // namespace

CheckinLinks checkin_links(const Observation& observation) {
  CheckinLinks result;
  const std::string& zone = observation.options.time_zone;
  const auto today = support::day_number(local_date_of(observation.options.as_of, zone));
  const auto first_day = support::day_number(local_date_of(observation.start, zone));
  // Urges and lapses per local day, and the check-in of each day, indexed by days since the first.
  const long span = std::max(0L, static_cast<long>((today - first_day).count()) + 2);
  std::vector<DayCounts> by_day(static_cast<std::size_t>(span));
  for (const auto& event : observation.urges) {
    const long index = (support::day_number(event.local_date) - first_day).count();
    if (index < 0 || index >= span) continue;
    DayCounts& counts = by_day[static_cast<std::size_t>(index)];
    ++counts.urges;
    if (event.acted()) ++counts.lapses;
  }
  // One check-in per date (the domain keeps one; the latest wins if several slipped in).
  std::vector<const domain::CheckIn*> checkins(static_cast<std::size_t>(span), nullptr);
  for (const auto* checkin : observation.checkins) {
    const long index = (support::day_number(checkin->date) - first_day).count();
    if (index >= 0 && index < span) checkins[static_cast<std::size_t>(index)] = checkin;
  }
  const long today_index = (today - first_day).count();

  for (const char* day_kind : {"same_day", "next_day"}) {
    const int shift = std::string_view(day_kind) == "same_day" ? 0 : 1;
    std::vector<const domain::CheckIn*> days;
    std::vector<DayCounts> outcomes;
    // Only whole days in view: not before the start, not today (still going on).
    for (long index = 0; index + shift < today_index; ++index) {
      const domain::CheckIn* checkin = checkins[static_cast<std::size_t>(index)];
      if (checkin == nullptr) continue;
      days.push_back(checkin);
      outcomes.push_back(by_day[static_cast<std::size_t>(index + shift)]);
    }
    if (shift == 0) result.checkin_days = static_cast<int>(days.size());
    if (static_cast<int>(days.size()) < kMinimumDays) continue;
    std::vector<int> urge_counts, lapse_counts;
    for (const auto& counts : outcomes) {
      urge_counts.push_back(counts.urges);
      lapse_counts.push_back(counts.lapses);
    }
    for (const auto& state : kStates) {
      std::vector<double> values, high;
      for (const auto* checkin : days) {
        values.push_back(state.value(*checkin));
        high.push_back(is_high(state, values.back()) ? 1.0 : 0.0);
      }
      double mean = 0;
      for (double value : values) mean += value;
      mean /= static_cast<double>(values.size());
      Grouping by_value = group_days(values);
      for (double& value : by_value.values) value -= mean;  // within the person: around their own mean
      const Grouping by_high = group_days(high);
      int high_days = 0;
      for (double flag : high) high_days += flag > 0 ? 1 : 0;
      for (const char* outcome : {"urges", "lapses"}) {
        const std::vector<int>& counts = std::string_view(outcome) == "urges" ? urge_counts : lapse_counts;
        CheckinLink link;
        link.state = state.name;
        link.outcome = outcome;
        link.day = day_kind;
        link.high = state.high;
        link.days = static_cast<int>(days.size());
        link.high_days = high_days;
        link.state_mean = mean;
        double total = 0, high_total = 0;
        for (std::size_t i = 0; i < counts.size(); ++i) {
          total += counts[i];
          high_total += high[i] * counts[i];
        }
        if (total == 0) continue;  // nothing to link to
        if (high_days > 0) link.mean_count_high = high_total / high_days;
        if (high_days < link.days) link.mean_count_other = (total - high_total) / (link.days - high_days);
        if (high_days >= kMinimumHighDays && link.days - high_days >= kMinimumHighDays) {
          link.high_day = poisson_effect(by_high, counts);
        }
        link.per_point = poisson_effect(by_value, counts);
        if (!link.high_day.rate_ratio && !link.per_point.rate_ratio) continue;
        result.links.push_back(std::move(link));
      }
    }
  }
  if (result.checkin_days < kMinimumDays) {
    result.missing = fmt::format("check-ins on at least {} days (there are {})", kMinimumDays, result.checkin_days);
    result.sentence = support::not_enough(result.missing);
    return result;
  }
  result.enough_data = true;
  std::vector<const CheckinLink*> clear;
  for (const auto& link : result.links) {
    if (link.high_day.rate_ratio && (*link.high_day.ci95.lower > 1 || *link.high_day.ci95.upper < 1)) {
      clear.push_back(&link);
    }
  }
  std::stable_sort(clear.begin(), clear.end(), [](const CheckinLink* a, const CheckinLink* b) {
    return std::fabs(*a->high_day.z) > std::fabs(*b->high_day.z);
  });
  for (std::size_t i = 0; i < clear.size() && i < kStrongest; ++i) result.strongest.push_back(*clear[i]);
  result.sentence = result.strongest.empty()
                        ? "No clear link yet between your check-ins and your urges or lapses; more days will tell more."
                        : sentence_for(result.strongest.front());
  return result;
}

}  // namespace keel::analytics
