// The Kaplan–Meier product-limit estimate of a survival curve from right-censored times, with
// the pointwise 95 % interval by Greenwood's variance on the log scale and the median with its
// interval, computed as R's survival package does by default (survfit with conf.type = "log",
// and the median and its limits as print(survfit) shows them). docs/analytics.md gives formulas.
#pragma once

#include <optional>
#include <vector>

#include "analytics/statistics.h"

namespace keel::analytics {

// One observed time: an event (the interval closed) or a right-censored time (still open).
struct SurvivalObservation {
  double time = 0;  // >= 0
  bool event = true;
};

// The curve at one distinct observed time (event or censoring), as R's survfit lists it.
struct SurvivalPoint {
  double time = 0;
  int at_risk = 0;                       // observations with time >= this time
  int events = 0;                        // events at this time
  int censored = 0;                      // censored observations at this time
  double survival = 1;                   // S(t), just after this time
  std::optional<double> standard_error;  // of the cumulative hazard: √Σ d/(n(n−d)); absent once S is 0
  Interval95 ci95;                       // exp(log S ∓ 1.96·se), the upper end at most 1
};

struct KaplanMeier {
  int observations = 0;
  int events = 0;
  std::vector<SurvivalPoint> curve;
  std::optional<double> median;  // absent while the curve stays above one half
  Interval95 median_ci95;        // where the lower / upper band crosses one half
};

// The estimate from any number of observations (none gives an empty curve and no median).
KaplanMeier kaplan_meier(std::vector<SurvivalObservation> observations);

// S(t) with its interval at a time, as R's summary(fit, times = t): 1 before the first time; the
// value of the last curve point at or before t; absent past the last observed time.
struct SurvivalAt {
  double time = 0;
  std::optional<double> survival;
  Interval95 ci95;
};
SurvivalAt survival_at(const KaplanMeier& estimate, double time);

// The curve at fewer times, for drawing: a point is kept where S has fallen by at least `step`
// since the last point kept, and the last point always. A kept point is the full curve's point at
// its time (survival, interval, standard error), with the events and censorings of the points it
// stands for added up and the number at risk before the first of them. Drawn as a step function,
// it is never more than `step` from the full curve. A step of 0 or less keeps every point.
std::vector<SurvivalPoint> coarsen(const std::vector<SurvivalPoint>& curve, double step);

}  // namespace keel::analytics
