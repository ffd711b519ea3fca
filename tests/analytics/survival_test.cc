// The coarsened Kaplan–Meier curve the API sends to phones: it must stay within its step of the
// full curve everywhere, agree with it exactly at every point it keeps, and lose no event.
#include "analytics/survival.h"

#include <algorithm>
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "analytics/stats.h"
#include "analytics/stats_json.h"
#include "analytics_test_support.h"

namespace keel::analytics {
namespace {

using namespace keel::analytics::testing;

// S(t) of a step curve given by its points: 1 before the first, the last point at or before t.
double step_value(const std::vector<SurvivalPoint>& curve, double time) {
  double value = 1;
  for (const SurvivalPoint& point : curve) {
    if (point.time > time) break;
    value = point.survival;
  }
  return value;
}

KaplanMeier random_estimate(unsigned seed, int count, double censored_share) {
  std::mt19937 generator(seed);
  std::exponential_distribution<double> gap(0.7);
  std::bernoulli_distribution censored(censored_share);
  std::vector<SurvivalObservation> observations;
  for (int i = 0; i < count; ++i) {
    // Rounded to hours so that some times tie.
    observations.push_back({std::round(gap(generator) * 24) / 24, !censored(generator)});
  }
  return kaplan_meier(observations);
}

void expect_faithful(const KaplanMeier& estimate, double step, const std::string& what) {
  const std::vector<SurvivalPoint> coarse = coarsen(estimate.curve, step);
  ASSERT_FALSE(coarse.empty()) << what;
  EXPECT_LE(coarse.size(), estimate.curve.size()) << what;
  // The last point is always there, so the drawn curve ends where the full one does.
  EXPECT_EQ(coarse.back().time, estimate.curve.back().time) << what;
  EXPECT_EQ(coarse.back().survival, estimate.curve.back().survival) << what;
  int events = 0, censored = 0;
  for (std::size_t i = 0; i < coarse.size(); ++i) {
    events += coarse[i].events;
    censored += coarse[i].censored;
    const auto full = std::find_if(estimate.curve.begin(), estimate.curve.end(),
                                   [&](const SurvivalPoint& point) { return point.time == coarse[i].time; });
    ASSERT_NE(full, estimate.curve.end()) << what << ": a kept time that the full curve does not have";
    EXPECT_EQ(coarse[i].survival, full->survival) << what;
    EXPECT_EQ(coarse[i].ci95.lower, full->ci95.lower) << what;
    EXPECT_EQ(coarse[i].standard_error, full->standard_error) << what;
    // At risk before the points this one stands for: the previous kept point's at risk less
    // what happened there.
    if (i > 0) {
      EXPECT_EQ(coarse[i].at_risk, coarse[i - 1].at_risk - coarse[i - 1].events - coarse[i - 1].censored) << what;
    }
  }
  EXPECT_EQ(events, estimate.events) << what;
  EXPECT_EQ(events + censored, estimate.observations) << what;
  EXPECT_EQ(coarse.front().at_risk, estimate.observations) << what;
  // Everywhere (at and just before every full time), the drawn coarse curve is within the step.
  double worst = 0;
  for (const SurvivalPoint& point : estimate.curve) {
    for (const double time : {point.time, std::nextafter(point.time, -1.0)}) {
      worst = std::max(worst, std::abs(step_value(coarse, time) - step_value(estimate.curve, time)));
    }
  }
  EXPECT_LT(worst, step) << what;
}

TEST(CoarsenedCurve, StaysWithinItsStepOfTheFullCurve) {
  for (const double step : {0.001, 0.01, 0.05, 0.25}) {
    for (unsigned seed = 1; seed <= 20; ++seed) {
      const KaplanMeier estimate = random_estimate(seed, 50 + static_cast<int>(seed) * 40, seed % 3 * 0.1);
      expect_faithful(estimate, step, "seed " + std::to_string(seed) + ", step " + std::to_string(step));
    }
  }
}

TEST(CoarsenedCurve, TwoSyntheticYearsOfUrgesShrinkToAboutAHundredPoints) {
  auto records = synth::generate_client(synth_options(730, 5), 3);
  StatsOptions options;
  options.as_of = synth_end();
  options.time_zone = "Europe/Berlin";
  const Stats stats = compute_stats(records, options);
  const KaplanMeier& urges = stats.intervals.between_urges.estimate;
  ASSERT_GT(urges.curve.size(), 500u);
  const std::vector<SurvivalPoint> coarse = coarsen(urges.curve, 0.01);
  // S falls from 1 to 0 at most once per percentage point, plus the last point.
  EXPECT_LE(coarse.size(), 101u);
  EXPECT_GE(coarse.size(), 50u);
  expect_faithful(urges, 0.01, "two years of urges");

  // The JSON form: the full curve and every digit by default (keel stats --json); the API's
  // display form coarse, with numbers to six significant digits.
  const nlohmann::json full = stats_to_json(stats);
  const nlohmann::json drawn = stats_to_json(stats, {.curve_step = 0.01, .significant_digits = 6});
  EXPECT_EQ(full["intervals"]["between_urges"]["curve"].size(), urges.curve.size());
  EXPECT_EQ(drawn["intervals"]["between_urges"]["curve"].size(), coarse.size());
  EXPECT_EQ(full["intervals"]["between_urges"]["median_days"], *urges.median);
  EXPECT_NEAR(drawn["intervals"]["between_urges"]["median_days"].get<double>(), *urges.median, *urges.median * 5e-6);
  EXPECT_EQ(drawn["intervals"]["between_urges"]["events"], full["intervals"]["between_urges"]["events"]);
  EXPECT_EQ(drawn["sentences"], full["sentences"]);
  EXPECT_LT(drawn.dump().size() * 4, full.dump().size());
}

TEST(CoarsenedCurve, EmptyAndStepZeroAreLeftAlone) {
  EXPECT_TRUE(coarsen({}, 0.01).empty());
  const KaplanMeier estimate = random_estimate(3, 100, 0.2);
  const std::vector<SurvivalPoint> same = coarsen(estimate.curve, 0);
  ASSERT_EQ(same.size(), estimate.curve.size());
  for (std::size_t i = 0; i < same.size(); ++i) EXPECT_EQ(same[i].time, estimate.curve[i].time);
}

}  // namespace
}  // namespace keel::analytics
