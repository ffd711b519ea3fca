// 2. Intervals between consecutive urges and between consecutive lapses (Kaplan–Meier).
#include <algorithm>

#include "analytics/stats.h"
#include "analytics/stats_support.h"

namespace keel::analytics {

namespace {

constexpr int kMinimumClosedForTrend = 6;  // closed intervals before "earlier vs recent" is told

double simple_median(std::vector<double> values) {
  const std::size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<long>(middle), values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<long>(middle));
  return (lower + upper) / 2;
}

std::string sentence_for(const EventIntervals& intervals, bool lapses_only) {
  using namespace support;
  const char* plural = lapses_only ? "lapses" : "urges";
  if (intervals.events == 0) {
    return lapses_only ? "There has been no lapse in this period, so there is no gap between lapses to measure."
                       : support::not_enough(intervals.missing);
  }
  if (intervals.events == 1) {
    return fmt::format("There has been one {} so far, {} ago; a gap between {} needs a second one.",
                       lapses_only ? "lapse" : "urge", span(*intervals.current_days), plural);
  }
  if (intervals.earlier_typical_days && intervals.recent_typical_days) {
    const double earlier = *intervals.earlier_typical_days;
    const double recent = *intervals.recent_typical_days;
    if (recent > 1.2 * earlier) {
      return fmt::format("{} have come further apart: the typical gap grew from {} to {}.",
                         lapses_only ? "Lapses" : "Urges", span(earlier), span(recent));
    }
    if (lapses_only && recent < earlier / 1.2) {
      return fmt::format(
          "Lapses have come closer together lately (the typical gap went from {} to {}); the lapse "
          "reviews may show what changed, and your longest stretch, {}, still stands.",
          span(earlier), span(recent), span(*intervals.longest_days));
    }
  }
  if (intervals.estimate.median) {
    return fmt::format("The typical gap between {} is {}{}; the longest so far is {}.", plural,
                       span(*intervals.estimate.median), span_interval(intervals.estimate.median_ci95),
                       span(*intervals.longest_days));
  }
  return fmt::format("More than half of the gaps between {} have lasted longer than {}; the longest so far is {}.",
                     plural, span(intervals.estimate.curve.back().time), span(*intervals.longest_days));
}

}  // namespace

EventIntervals event_intervals(const Observation& observation, bool lapses_only) {
  EventIntervals intervals;
  std::vector<Instant> times;
  for (const auto& event : observation.urges) {
    if (!lapses_only || event.acted()) times.push_back(event.at);
  }
  intervals.events = static_cast<int>(times.size());
  const Instant as_of = observation.options.as_of;
  std::vector<double> closed;
  for (std::size_t i = 1; i < times.size(); ++i) closed.push_back(support::days_between(times[i - 1], times[i]));
  intervals.closed_intervals = static_cast<int>(closed.size());
  for (double gap : closed) intervals.gaps.push_back({gap, true});
  if (!times.empty()) {
    const double open = support::days_between(times.back(), as_of);
    intervals.gaps.push_back({open, false});
    intervals.current_days = open;
    intervals.longest_days = std::max(open, closed.empty() ? 0.0 : *std::max_element(closed.begin(), closed.end()));
  }
  intervals.estimate = kaplan_meier(intervals.gaps);
  for (double days : kSurvivalDays) intervals.survival_at.push_back(survival_at(intervals.estimate, days));
  if (static_cast<int>(closed.size()) >= kMinimumClosedForTrend) {
    const std::size_t half = closed.size() / 2;
    intervals.earlier_typical_days = simple_median({closed.begin(), closed.begin() + static_cast<long>(half)});
    intervals.recent_typical_days = simple_median({closed.end() - static_cast<long>(half), closed.end()});
  }
  if (intervals.events < 2) {
    intervals.missing =
        fmt::format("at least 2 {} to measure a gap between them (there {} {})",
                    lapses_only ? "lapses" : "logged urges", intervals.events == 1 ? "is" : "are", intervals.events);
  } else {
    intervals.enough_data = true;
  }
  intervals.sentence = sentence_for(intervals, lapses_only);
  return intervals;
}

}  // namespace keel::analytics
