#include "analytics/statistics.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace keel::analytics {

namespace {

constexpr double kPi = 3.141592653589793238462643383279502884;

double normal_density(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2 * kPi); }

// The continued fraction of the incomplete beta function (modified Lentz), valid and quickly
// convergent for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double x, double a, double b) {
  constexpr double kTiny = 1e-300;
  constexpr double kEpsilon = 1e-16;
  const double sum = a + b;
  const double plus = a + 1;
  const double minus = a - 1;
  double c = 1;
  double d = 1 - sum * x / plus;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double result = d;
  for (int m = 1; m <= 10000; ++m) {
    const double twice = 2.0 * m;
    // The even step.
    double numerator = m * (b - m) * x / ((minus + twice) * (a + twice));
    d = 1 + numerator * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + numerator / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    result *= d * c;
    // The odd step.
    numerator = -(a + m) * (sum + m) * x / ((a + twice) * (plus + twice));
    d = 1 + numerator * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + numerator / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double step = d * c;
    result *= step;
    if (std::fabs(step - 1) < kEpsilon) break;
  }
  return result;
}

}  // namespace

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double normal_quantile(double p) {
  assert(p > 0 && p < 1);
  if (p == 0.975) return kZ95;
  if (p == 0.025) return -kZ95;
  // Newton's method on Φ(x) − p, in the tail worked on the upper side for accuracy.
  const bool lower_tail = p < 0.5;
  const double q = lower_tail ? p : 1 - p;  // the smaller tail
  // A start from the tail approximation x ≈ √(−2 ln q), refined by Newton steps on the upper tail
  // Q(x) = erfc(x/√2)/2, which keeps full relative precision far out.
  double x = std::sqrt(-2 * std::log(q));
  x -= (2.515517 + 0.802853 * x + 0.010328 * x * x) / (1 + 1.432788 * x + 0.189269 * x * x + 0.001308 * x * x * x);
  for (int iteration = 0; iteration < 50; ++iteration) {
    const double tail = 0.5 * std::erfc(x / std::sqrt(2.0));
    const double step = (tail - q) / normal_density(x);  // Q'(x) = −φ(x)
    x += step;
    if (std::fabs(step) < 1e-15 * std::max(1.0, std::fabs(x))) break;
  }
  return lower_tail ? -x : x;
}

double regularized_beta(double x, double a, double b) {
  assert(a > 0 && b > 0);
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  if (x < (a + 1) / (a + b + 2)) return front * beta_continued_fraction(x, a, b) / a;
  return 1 - front * beta_continued_fraction(1 - x, b, a) / b;
}

double student_t_cdf(double t, double degrees) {
  assert(degrees > 0);
  const double x = degrees / (degrees + t * t);
  const double tail = 0.5 * regularized_beta(x, degrees / 2, 0.5);  // P(T > |t|)
  return t >= 0 ? 1 - tail : tail;
}

double student_t_density(double t, double degrees) {
  const double log_density = std::lgamma((degrees + 1) / 2) - std::lgamma(degrees / 2) - 0.5 * std::log(degrees * kPi) -
                             (degrees + 1) / 2 * std::log1p(t * t / degrees);
  return std::exp(log_density);
}

double student_t_quantile(double p, double degrees) {
  assert(p > 0 && p < 1 && degrees > 0);
  if (p == 0.5) return 0;
  const bool lower_tail = p < 0.5;
  const double upper_p = lower_tail ? 1 - p : p;
  // Closed forms for one and two degrees of freedom.
  if (degrees == 1) return (lower_tail ? -1 : 1) * std::tan(kPi * (upper_p - 0.5));
  if (degrees == 2) return (lower_tail ? -1 : 1) * (2 * upper_p - 1) / std::sqrt(2 * upper_p * (1 - upper_p));
  // Otherwise Newton's method on cdf(t) − p, from the Cornish–Fisher expansion around the normal
  // quantile (close already for a few degrees of freedom), kept inside a bracket that bisection
  // narrows whenever a Newton step would leave it.
  const double z = normal_quantile(upper_p);
  const double z2 = z * z;
  double t = z + z * (z2 + 1) / (4 * degrees) + z * ((5 * z2 + 16) * z2 + 3) / (96 * degrees * degrees) +
             z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / (384 * degrees * degrees * degrees);
  double low = 0;
  double high = std::max({1.0, 2 * t, z});
  while (student_t_cdf(high, degrees) < upper_p) high *= 2;
  if (!(t > low && t < high)) t = 0.5 * (low + high);
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double difference = student_t_cdf(t, degrees) - upper_p;
    if (difference < 0) {
      low = t;
    } else {
      high = t;
    }
    double next = t - difference / student_t_density(t, degrees);
    if (!(next > low && next < high)) next = 0.5 * (low + high);
    if (std::fabs(next - t) <= 1e-14 * std::max(1.0, std::fabs(t))) {
      t = next;
      break;
    }
    t = next;
  }
  return lower_tail ? -t : t;
}

ShareEstimate wilson_share(int count, int total) {
  ShareEstimate estimate;
  estimate.count = count;
  estimate.total = total;
  if (total <= 0) return estimate;
  const double n = total;
  const double share = count / n;
  const double z2 = kZ95 * kZ95;
  const double denominator = 1 + z2 / n;
  const double center = (share + z2 / (2 * n)) / denominator;
  const double half = kZ95 * std::sqrt(share * (1 - share) / n + z2 / (4 * n * n)) / denominator;
  estimate.share = share;
  estimate.ci95.lower = std::max(0.0, center - half);
  estimate.ci95.upper = std::min(1.0, center + half);
  return estimate;
}

MeanEstimate mean_with_interval(const std::vector<double>& values) {
  MeanEstimate estimate;
  estimate.count = static_cast<int>(values.size());
  if (values.empty()) return estimate;
  const double n = static_cast<double>(values.size());
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  estimate.mean = mean;
  if (values.size() < 2) return estimate;
  double squares = 0;
  for (double value : values) squares += (value - mean) * (value - mean);
  const double deviation = std::sqrt(squares / (n - 1));
  estimate.standard_deviation = deviation;
  const double half = student_t_quantile(0.975, n - 1) * deviation / std::sqrt(n);
  estimate.ci95.lower = mean - half;
  estimate.ci95.upper = mean + half;
  return estimate;
}

std::optional<double> area_under_curve(const std::vector<double>& scores, const std::vector<int>& labels) {
  assert(scores.size() == labels.size());
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  // Mid-ranks (1-based) summed over the positives.
  double positive_rank_sum = 0;
  double positives = 0;
  std::size_t i = 0;
  while (i < order.size()) {
    std::size_t j = i;
    while (j + 1 < order.size() && scores[order[j + 1]] == scores[order[i]]) ++j;
    const double rank = 0.5 * (static_cast<double>(i) + static_cast<double>(j)) + 1;
    for (std::size_t k = i; k <= j; ++k) {
      if (labels[order[k]] != 0) {
        positive_rank_sum += rank;
        positives += 1;
      }
    }
    i = j + 1;
  }
  const double negatives = static_cast<double>(scores.size()) - positives;
  if (positives == 0 || negatives == 0) return std::nullopt;
  const double u = positive_rank_sum - positives * (positives + 1) / 2;
  return u / (positives * negatives);
}

std::optional<double> brier_score(const std::vector<double>& probabilities, const std::vector<int>& labels) {
  assert(probabilities.size() == labels.size());
  if (probabilities.empty()) return std::nullopt;
  double sum = 0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double difference = probabilities[i] - (labels[i] != 0 ? 1.0 : 0.0);
    sum += difference * difference;
  }
  return sum / static_cast<double>(probabilities.size());
}

}  // namespace keel::analytics
