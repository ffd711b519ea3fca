#include "analytics/survival.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace keel::analytics {

namespace {

// R's tolerance for "exactly one half": sqrt(.Machine$double.eps).
constexpr double kHalfTolerance = 1.4901161193847656e-08;

// The first time a curve (given as values at the curve's times, absent where undefined) falls
// to one half, as survival:::survmean's minmin: among the points below 0.5 + tolerance, the first;
// when it sits at one half (within the tolerance) and the curve later falls further, the midpoint
// between it and the first point that is lower.
template <typename Value>
std::optional<double> first_crossing(const std::vector<SurvivalPoint>& curve, Value value) {
  std::size_t first = curve.size();
  for (std::size_t i = 0; i < curve.size(); ++i) {
    const std::optional<double> y = value(curve[i]);
    if (y && *y < 0.5 + kHalfTolerance) {
      first = i;
      break;
    }
  }
  if (first == curve.size()) return std::nullopt;
  const double at_first = *value(curve[first]);
  if (std::fabs(at_first - 0.5) < kHalfTolerance) {
    for (std::size_t i = first + 1; i < curve.size(); ++i) {
      const std::optional<double> y = value(curve[i]);
      if (y && *y < at_first) return (curve[first].time + curve[i].time) / 2;
    }
  }
  return curve[first].time;
}

}  // namespace

KaplanMeier kaplan_meier(std::vector<SurvivalObservation> observations) {
  KaplanMeier estimate;
  estimate.observations = static_cast<int>(observations.size());
  std::sort(observations.begin(), observations.end(),
            [](const SurvivalObservation& a, const SurvivalObservation& b) { return a.time < b.time; });
  estimate.curve.reserve(observations.size());
  double survival = 1;
  double variance_sum = 0;  // Σ d / (n (n − d)), +∞ once n = d
  std::size_t index = 0;
  const std::size_t total = observations.size();
  while (index < total) {
    SurvivalPoint point;
    point.time = observations[index].time;
    point.at_risk = static_cast<int>(total - index);
    while (index < total && observations[index].time == point.time) {
      if (observations[index].event) {
        ++point.events;
      } else {
        ++point.censored;
      }
      ++index;
    }
    estimate.events += point.events;
    if (point.events > 0) {
      const double n = point.at_risk;
      const double d = point.events;
      survival *= 1 - d / n;
      variance_sum = n > d ? variance_sum + d / (n * (n - d)) : std::numeric_limits<double>::infinity();
    }
    point.survival = survival;
    if (survival > 0 && std::isfinite(variance_sum)) {
      const double error = std::sqrt(variance_sum);
      const double log_survival = std::log(survival);
      point.standard_error = error;
      point.ci95.lower = std::exp(log_survival - kZ95 * error);
      point.ci95.upper = std::min(1.0, std::exp(log_survival + kZ95 * error));
    }
    estimate.curve.push_back(point);
  }
  estimate.median =
      first_crossing(estimate.curve, [](const SurvivalPoint& point) { return std::optional<double>(point.survival); });
  estimate.median_ci95.lower =
      first_crossing(estimate.curve, [](const SurvivalPoint& point) { return point.ci95.lower; });
  estimate.median_ci95.upper =
      first_crossing(estimate.curve, [](const SurvivalPoint& point) { return point.ci95.upper; });
  return estimate;
}

SurvivalAt survival_at(const KaplanMeier& estimate, double time) {
  SurvivalAt result;
  result.time = time;
  if (estimate.curve.empty() || time > estimate.curve.back().time) return result;
  const auto after = std::upper_bound(estimate.curve.begin(), estimate.curve.end(), time,
                                      [](double t, const SurvivalPoint& point) { return t < point.time; });
  if (after == estimate.curve.begin()) {
    result.survival = 1;
    result.ci95 = {1.0, 1.0};
    return result;
  }
  const SurvivalPoint& point = *(after - 1);
  result.survival = point.survival;
  result.ci95 = point.ci95;
  return result;
}

std::vector<SurvivalPoint> coarsen(const std::vector<SurvivalPoint>& curve, double step) {
  if (step <= 0) return curve;
  std::vector<SurvivalPoint> kept;
  double last_kept_survival = 1;
  int events = 0, censored = 0, at_risk = 0;
  for (std::size_t i = 0; i < curve.size(); ++i) {
    const SurvivalPoint& point = curve[i];
    if (events == 0 && censored == 0) at_risk = point.at_risk;
    events += point.events;
    censored += point.censored;
    if (last_kept_survival - point.survival < step && i + 1 < curve.size()) continue;
    SurvivalPoint merged = point;
    merged.at_risk = at_risk;
    merged.events = events;
    merged.censored = censored;
    kept.push_back(merged);
    last_kept_survival = point.survival;
    events = censored = 0;
  }
  return kept;
}

}  // namespace keel::analytics
