// Small statistical building blocks: quantiles of the normal and t distributions, the Wilson
// interval of a proportion, the mean with its t interval, and the AUC of a score. Pure
// functions; an undefined value is an empty optional, never NaN.
#pragma once

#include <optional>
#include <vector>

namespace keel::analytics {

// The 97.5 % quantile of the standard normal distribution, qnorm(0.975) in R.
inline constexpr double kZ95 = 1.959963984540054;

// A 95 % interval; either end is absent where it is undefined.
struct Interval95 {
  std::optional<double> lower;
  std::optional<double> upper;
};

// Φ(x), the standard normal distribution function.
double normal_cdf(double x);
// Φ⁻¹(p) for 0 < p < 1 (to about 1e-15).
double normal_quantile(double p);
// The distribution function and the quantile of Student's t with `degrees` > 0 degrees of freedom.
double student_t_cdf(double t, double degrees);
double student_t_quantile(double p, double degrees);
double student_t_density(double t, double degrees);
// The regularised incomplete beta function I_x(a, b), 0 <= x <= 1, a, b > 0.
double regularized_beta(double x, double a, double b);

// A share `count` / `total` with its Wilson 95 % score interval (as statsmodels'
// proportion_confint(method="wilson")). Empty share and interval when total is 0.
struct ShareEstimate {
  int count = 0;
  int total = 0;
  std::optional<double> share;
  Interval95 ci95;
};
ShareEstimate wilson_share(int count, int total);

// The mean of some values with its 95 % t interval (mean ± t(0.975, n−1)·s/√n). The mean needs
// one value, the standard deviation and the interval two.
struct MeanEstimate {
  int count = 0;
  std::optional<double> mean;
  std::optional<double> standard_deviation;
  Interval95 ci95;
};
MeanEstimate mean_with_interval(const std::vector<double>& values);

// The area under the ROC curve of `scores` for the 0/1 `labels`: the probability that a random
// positive scores above a random negative, ties counting one half (the Mann–Whitney U statistic
// over n₁·n₀). Empty without at least one positive and one negative.
std::optional<double> area_under_curve(const std::vector<double>& scores, const std::vector<int>& labels);

// The mean squared difference between probabilities and 0/1 outcomes. Empty for no values.
std::optional<double> brier_score(const std::vector<double>& probabilities, const std::vector<int>& labels);

}  // namespace keel::analytics
