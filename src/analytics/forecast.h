// The risk forecast's design (groundwork for just-in-time support, F27): the person's time cut
// into 3-hour windows, each described by what was known at its start (the local hour and
// weekday as cyclic features, recent urges and lapses, the last check-in's states) and labelled
// by whether an urge (a lapse) came within it. stats.h's forecast() fits and evaluates the
// L2-regularised logistic regression on it; this header is for the checks against statsmodels.
#pragma once

#include <string>
#include <vector>

#include "analytics/regression.h"
#include "analytics/stats.h"

namespace keel::analytics {

inline constexpr int kWindowHours = 3;
inline constexpr double kForecastL2 = 1.0;        // penalty on the standardised coefficients
inline constexpr int kForecastWarmUpDays = 7;     // windows start a week in, so recent counts are whole
inline constexpr int kForecastHistoryDays = 182;  // only the most recent half year is used
inline constexpr int kForecastMinimumDays = 56;   // observation needed at all
inline constexpr int kForecastMinimumTrainPositive = 10;
inline constexpr int kForecastMinimumTestPositive = 5;
inline constexpr int kBaselinePriorWindows = 2;  // hour-of-week frequencies shrink toward the mean by this
inline constexpr std::size_t kTimeColumns = 9;   // the leading features: hour and week harmonics, weekend

struct ForecastDesign {
  std::vector<std::string> feature_names;  // the columns of `features` (no intercept)
  std::vector<Instant> window_starts;
  Matrix features;                    // raw values, one row per window, oldest first
  std::vector<int> urge_labels;       // 1 when an urge began within the window
  std::vector<int> lapse_labels;      // 1 when an urge that ended in acting began within it
  std::vector<int> slots;             // hour-of-week slot of the window start: weekday · 8 + hour / 3
  std::vector<int> time_groups;       // windows with the same local weekday, hour and minute of start (and so the
                                      // same time features) share a number
  std::vector<double> next_features;  // the window that starts at as_of
};
ForecastDesign forecast_design(const Observation& observation);

// Column means and (population) standard deviations over the first `rows` rows; a constant
// column gets deviation 0 and is then written as 0.
struct Standardization {
  std::vector<double> means;
  std::vector<double> deviations;
};
Standardization standardization_of(const Matrix& raw, std::size_t rows);

// Rows [begin, end) of `raw`, standardised, with a leading column of ones (the intercept).
Matrix standardized_with_intercept(const Matrix& raw, const Standardization& scale, std::size_t begin, std::size_t end);

}  // namespace keel::analytics
