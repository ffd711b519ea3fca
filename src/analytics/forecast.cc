// 7. The risk forecast: L2-regularised logistic regression of "an urge (a lapse) in the next
// three hours", evaluated on the last fifth of the windows against hour-of-week frequencies.
#include "analytics/forecast.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>

#include "analytics/stats_support.h"

namespace keel::analytics {

namespace {

constexpr double kPi = 3.141592653589793238462643383279502884;
constexpr int kSlots = 7 * 24 / kWindowHours;
constexpr std::size_t kHourColumns = 6;  // three harmonics of the hour of day
constexpr std::size_t kWeekColumns = 3;  // one harmonic of the week and a weekend flag
static_assert(kHourColumns + kWeekColumns == kTimeColumns);
constexpr std::size_t kStateColumn = 13;  // the first of the check-in states
constexpr auto kCheckinLookback = std::chrono::hours{48};

const std::vector<std::string>& feature_names() {
  static const std::vector<std::string> names = {
      "hour_sin_1", "hour_cos_1", "hour_sin_2",    "hour_cos_2",     "hour_sin_3",    "hour_cos_3",       "week_sin",
      "week_cos",   "weekend",    "urges_last_3h", "urges_last_24h", "urges_last_7d", "lapses_last_7d",   "loneliness",
      "stress",     "boredom",    "tiredness",     "hunger",         "sleep",         "no_recent_checkin"};
  return names;
}

// Fills the time-of-week features for a local hour (with fraction) and weekday.
void time_features(double hour, int weekday, double* out) {
  for (std::size_t harmonic = 1; harmonic <= 3; ++harmonic) {
    const double angle = 2 * kPi * static_cast<double>(harmonic) * hour / 24;
    out[2 * (harmonic - 1)] = std::sin(angle);
    out[2 * (harmonic - 1) + 1] = std::cos(angle);
  }
  const double week_angle = 2 * kPi * (weekday + hour / 24) / 7;
  out[6] = std::sin(week_angle);
  out[7] = std::cos(week_angle);
  out[8] = weekday >= 5 ? 1 : 0;
}

// lower_bound over sorted times for bounds that never decrease: each call moves on from where the
// last one stopped, so a walk over every window costs one pass over the times.
class Cursor {
 public:
  explicit Cursor(const std::vector<Instant>& times) : times_(times) {}
  // The index of the first time at or after `bound` (no earlier than the last bound asked for).
  std::size_t first_not_before(Instant bound) {
    while (index_ < times_.size() && times_[index_] < bound) ++index_;
    return index_;
  }

 private:
  const std::vector<Instant>& times_;
  std::size_t index_ = 0;
};

// The time features (the first kTimeColumns) of a window whose local start is `local`. They
// describe the window's middle, 90 minutes later (a daylight-saving change inside the window shifts
// that by an hour, which the smooth cyclic features barely notice).
void window_time_features(const LocalParts& local, double* row) {
  double middle_hour = local.hour + local.minute / 60.0 + kWindowHours / 2.0;
  int middle_weekday = local.weekday;
  if (middle_hour >= 24) {
    middle_hour -= 24;
    middle_weekday = (middle_weekday + 1) % 7;
  }
  time_features(middle_hour, middle_weekday, row);
}

// The other features of windows, asked for in order of their starts: recent urges and lapses, and
// the last check-in.
class RecentHistory {
 public:
  // All sorted by time; `checkin_times` are the times of `checkins`.
  RecentHistory(const std::vector<Instant>& urge_times, const std::vector<Instant>& lapse_times,
                const std::vector<const domain::CheckIn*>& checkins, const std::vector<Instant>& checkin_times,
                const std::vector<double>& state_means)
      : urges_3h_(urge_times),
        urges_24h_(urge_times),
        urges_7d_(urge_times),
        urges_before_(urge_times),
        lapses_7d_(lapse_times),
        lapses_before_(lapse_times),
        checkins_before_(checkin_times),
        checkins_(checkins),
        state_means_(state_means) {}

  // Fills the features of the window starting at `start` (no earlier than the last one's).
  void fill(Instant start, double* row) {
    using std::chrono::hours;
    const std::size_t urges_before = urges_before_.first_not_before(start);
    const std::size_t lapses_before = lapses_before_.first_not_before(start);
    row[9] = std::log1p(count(urges_3h_.first_not_before(start - hours{3}), urges_before));
    row[10] = std::log1p(count(urges_24h_.first_not_before(start - hours{24}), urges_before));
    row[11] = std::log1p(count(urges_7d_.first_not_before(start - hours{24 * 7}), urges_before));
    row[12] = std::log1p(count(lapses_7d_.first_not_before(start - hours{24 * 7}), lapses_before));
    // The last check-in written before the window, if it is recent.
    const std::size_t after = checkins_before_.first_not_before(start);
    const domain::CheckIn* last = after == 0 ? nullptr : checkins_[after - 1];
    if (last != nullptr && start - last->at <= kCheckinLookback) {
      row[kStateColumn + 0] = last->loneliness;
      row[kStateColumn + 1] = last->stress;
      row[kStateColumn + 2] = last->boredom;
      row[kStateColumn + 3] = last->tiredness;
      row[kStateColumn + 4] = last->hunger;
      row[kStateColumn + 5] = last->sleep_hours;
    } else {
      for (std::size_t i = 0; i < 6; ++i) row[kStateColumn + i] = state_means_[i];
      row[kStateColumn + 6] = 1;
    }
  }

 private:
  static int count(std::size_t first, std::size_t end) { return static_cast<int>(end - first); }

  Cursor urges_3h_, urges_24h_, urges_7d_, urges_before_, lapses_7d_, lapses_before_, checkins_before_;
  const std::vector<const domain::CheckIn*>& checkins_;
  const std::vector<double>& state_means_;
};

double dot(const double* row, const std::vector<double>& beta) {
  double sum = 0;
  for (std::size_t j = 0; j < beta.size(); ++j) sum += row[j] * beta[j];
  return sum;
}

// The model's time-of-day part (hour columns only) at a local hour, in log-odds.
double hour_part(const std::vector<double>& beta, const Standardization& scale, double hour) {
  double raw[9];
  time_features(hour, 0, raw);
  double sum = 0;
  for (std::size_t j = 0; j < kHourColumns; ++j) {
    if (scale.deviations[j] > 0) sum += beta[j + 1] * (raw[j] - scale.means[j]) / scale.deviations[j];
  }
  return sum;
}

// The model's day-of-week part (week columns only) at noon of a weekday.
double week_part(const std::vector<double>& beta, const Standardization& scale, int weekday) {
  double raw[9];
  time_features(12, weekday, raw);
  double sum = 0;
  for (std::size_t j = kHourColumns; j < kHourColumns + kWeekColumns; ++j) {
    if (scale.deviations[j] > 0) sum += beta[j + 1] * (raw[j] - scale.means[j]) / scale.deviations[j];
  }
  return sum;
}

std::string words_for(const std::string& name, int direction, std::string_view target) {
  std::string what = name;
  if (name == "urges_last_3h") what = "an urge in the three hours before";
  if (name == "urges_last_24h") what = "urges earlier in the day";
  if (name == "urges_last_7d") what = "a week with many urges";
  if (name == "lapses_last_7d") what = "a lapse in the past week";
  if (name == "loneliness") what = "feeling lonely at the last check-in";
  if (name == "stress") what = "feeling stressed at the last check-in";
  if (name == "boredom") what = "feeling bored at the last check-in";
  if (name == "tiredness") what = "feeling tired at the last check-in";
  if (name == "hunger") what = "feeling hungry at the last check-in";
  if (name == "sleep") what = "a longer night's sleep";
  if (name == "no_recent_checkin") what = "two days without a check-in";
  return fmt::format("{} makes {} {}", what, target == "urge" ? "an urge" : "a lapse",
                     direction > 0 ? "more likely" : "less likely");
}

// The standardised training and test matrices. Both targets share the windows, the split and so
// the scale; they are made once, when the first target that has enough data needs them.
struct StandardizedDesign {
  Standardization scale;
  Matrix train_x;
  Matrix test_x;
  SharedColumns shared;
};

const StandardizedDesign& standardized(const ForecastDesign& design, std::size_t train,
                                       std::optional<StandardizedDesign>& made) {
  if (made) return *made;
  StandardizedDesign& result = made.emplace();
  result.scale = standardization_of(design.features, train);
  result.train_x = standardized_with_intercept(design.features, result.scale, 0, train);
  result.test_x = standardized_with_intercept(design.features, result.scale, train, design.window_starts.size());
  // The intercept and the time columns depend on the window only through its local start time.
  result.shared.shared_columns = 1 + kTimeColumns;
  result.shared.group_of_row.assign(design.time_groups.begin(), design.time_groups.begin() + static_cast<long>(train));
  return result;
}

ForecastModel fit_target(const ForecastDesign& design, const std::vector<int>& labels, const char* target,
                         const Observation& observation, std::optional<StandardizedDesign>& made) {
  using namespace support;
  ForecastModel model;
  model.target = target;
  model.feature_names = design.feature_names;
  const std::size_t windows = design.window_starts.size();
  model.windows = static_cast<int>(windows);
  const char* plural = std::string_view(target) == "urge" ? "urges" : "lapses";
  if (observation.observed_days < kForecastMinimumDays) {
    model.missing =
        fmt::format("{} weeks of records (there are {:.1f})", kForecastMinimumDays / 7, observation.observed_days / 7);
    model.sentence = not_enough(model.missing);
    return model;
  }
  const std::size_t train = windows * 4 / 5;
  model.train_windows = static_cast<int>(train);
  model.test_windows = static_cast<int>(windows - train);
  for (std::size_t i = 0; i < windows; ++i) (i < train ? model.train_positive : model.test_positive) += labels[i];
  const int train_negative = model.train_windows - model.train_positive;
  const int test_negative = model.test_windows - model.test_positive;
  if (model.train_positive < kForecastMinimumTrainPositive || train_negative < kForecastMinimumTrainPositive ||
      model.test_positive < kForecastMinimumTestPositive || test_negative < kForecastMinimumTestPositive) {
    model.missing = fmt::format(
        "at least {} three-hour windows with {} and {} without to learn from, and {} of each to test on (there are "
        "{} and {}, and {} and {})",
        kForecastMinimumTrainPositive, std::string_view(target) == "urge" ? "an urge" : "a lapse",
        kForecastMinimumTrainPositive, kForecastMinimumTestPositive, model.train_positive, train_negative,
        model.test_positive, test_negative);
    model.sentence = not_enough(model.missing);
    return model;
  }

  // Fit on the first 80 %, test on the rest. The model explained and used for the next window is
  // the one that was tested.
  const StandardizedDesign& prepared = standardized(design, train, made);
  const Standardization& scale = prepared.scale;
  const Matrix& train_x = prepared.train_x;
  const std::vector<int> train_y(labels.begin(), labels.begin() + static_cast<long>(train));
  std::vector<double> start(train_x.columns(), 0.0);
  const double share = static_cast<double>(model.train_positive) / static_cast<double>(train);
  start[0] = std::log(share / (1 - share));
  // A forecast needs no more than six digits of its coefficients.
  const GlmFit fit = fit_logistic(train_x, train_y, kForecastL2, 0, start, &prepared.shared, 1e-6);
  if (!fit.converged) {
    model.missing = "a model that settles; the fit did not converge";
    model.sentence = not_enough(model.missing);
    return model;
  }
  const Matrix& test_x = prepared.test_x;
  std::vector<double> predicted, baseline;
  const std::vector<int> test_y(labels.begin() + static_cast<long>(train), labels.end());
  for (std::size_t i = 0; i < test_x.rows(); ++i) predicted.push_back(logistic(dot(test_x.row(i), fit.coefficients)));
  std::array<int, kSlots> slot_windows{}, slot_positive{};
  for (std::size_t i = 0; i < train; ++i) {
    ++slot_windows[static_cast<std::size_t>(design.slots[i])];
    slot_positive[static_cast<std::size_t>(design.slots[i])] += labels[i];
  }
  for (std::size_t i = train; i < windows; ++i) {
    const auto slot = static_cast<std::size_t>(design.slots[i]);
    baseline.push_back((slot_positive[slot] + kBaselinePriorWindows * share) /
                       (slot_windows[slot] + kBaselinePriorWindows));
  }
  model.auc = area_under_curve(predicted, test_y);
  model.brier = brier_score(predicted, test_y);
  model.baseline_auc = area_under_curve(baseline, test_y);
  model.baseline_brier = brier_score(baseline, test_y);
  model.enough_data = true;
  model.coefficients = fit.coefficients;
  Matrix next(0, design.features.columns());
  next.append_row(design.next_features);
  const Matrix next_x = standardized_with_intercept(next, scale, 0, 1);
  model.next_window_probability = logistic(dot(next_x.row(0), fit.coefficients));

  // The factors, strongest first.
  double hour_low = 1e300, hour_high = -1e300;
  int peak_hour = 0;
  for (int hour = 0; hour < 24; ++hour) {
    const double value = hour_part(fit.coefficients, scale, hour + 0.5);
    if (value > hour_high) {
      hour_high = value;
      peak_hour = hour;
    }
    hour_low = std::min(hour_low, value);
  }
  double week_low = 1e300, week_high = -1e300;
  int peak_weekday = 0;
  for (int weekday = 0; weekday < 7; ++weekday) {
    const double value = week_part(fit.coefficients, scale, weekday);
    if (value > week_high) {
      week_high = value;
      peak_weekday = weekday;
    }
    week_low = std::min(week_low, value);
  }
  model.factors.push_back({"time_of_day", (hour_high - hour_low) / 2, 0,
                           fmt::format("{} are likeliest around {:02d}:00", plural, peak_hour)});
  model.factors.push_back({"day_of_week", (week_high - week_low) / 2, 0,
                           fmt::format("{} are likeliest on {}s", plural, weekday_name(peak_weekday))});
  for (std::size_t j = kHourColumns + kWeekColumns; j < design.feature_names.size(); ++j) {
    const double beta = fit.coefficients[j + 1];
    if (scale.deviations[j] <= 0) continue;
    const int direction = beta > 0 ? 1 : -1;
    model.factors.push_back(
        {design.feature_names[j], std::fabs(beta), direction, words_for(design.feature_names[j], direction, target)});
  }
  std::stable_sort(model.factors.begin(), model.factors.end(),
                   [](const ForecastFactor& a, const ForecastFactor& b) { return a.strength > b.strength; });

  // One sentence: when (the time of day and week), the strongest sign that is not the clock, and
  // how the forecast did on the weeks it had not seen.
  const bool urge = std::string_view(target) == "urge";
  std::string text = fmt::format("{} is likeliest around {:02d}:00 and on {}s", urge ? "An urge" : "A lapse", peak_hour,
                                 weekday_name(peak_weekday));
  for (const auto& factor : model.factors) {
    if (factor.direction != 0 && factor.strength >= 0.1) {
      text += ", and " + factor.words;
      break;
    }
  }
  const bool better = *model.auc > *model.baseline_auc;
  model.sentence = fmt::format(
      "{}; on the most recent weeks this forecast ranked the risky three-hour windows {} your usual weekly rhythm "
      "alone (AUC {:.2f} against {:.2f}){}.",
      text, better ? "better than" : "no better than", *model.auc, *model.baseline_auc,
      better ? "" : ", so take it as a rough guide");
  return model;
}

}  // namespace

Standardization standardization_of(const Matrix& raw, std::size_t rows) {
  Standardization scale;
  const std::size_t columns = raw.columns();
  scale.means.assign(columns, 0.0);
  scale.deviations.assign(columns, 0.0);
  if (rows == 0) return scale;
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < columns; ++j) scale.means[j] += raw(i, j);
  }
  for (double& mean : scale.means) mean /= static_cast<double>(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < columns; ++j) {
      const double difference = raw(i, j) - scale.means[j];
      scale.deviations[j] += difference * difference;
    }
  }
  for (std::size_t j = 0; j < columns; ++j) {
    const double deviation = std::sqrt(scale.deviations[j] / static_cast<double>(rows));
    scale.deviations[j] = deviation > 1e-9 * std::max(1.0, std::fabs(scale.means[j])) ? deviation : 0.0;
  }
  return scale;
}

Matrix standardized_with_intercept(const Matrix& raw, const Standardization& scale, std::size_t begin,
                                   std::size_t end) {
  const std::size_t columns = raw.columns();
  Matrix result(end - begin, columns + 1);
  for (std::size_t i = begin; i < end; ++i) {
    double* out = result.row(i - begin);
    out[0] = 1;
    const double* in = raw.row(i);
    for (std::size_t j = 0; j < columns; ++j) {
      out[j + 1] = scale.deviations[j] > 0 ? (in[j] - scale.means[j]) / scale.deviations[j] : 0.0;
    }
  }
  return result;
}

ForecastDesign forecast_design(const Observation& observation) {
  ForecastDesign design;
  design.feature_names = feature_names();
  design.features = Matrix(0, design.feature_names.size());
  const std::string& zone = observation.options.time_zone;
  const Instant as_of = observation.options.as_of;
  std::vector<Instant> urge_times, lapse_times;
  for (const auto& event : observation.urges) {
    urge_times.push_back(event.at);
    if (event.acted()) lapse_times.push_back(event.at);
  }
  std::vector<const domain::CheckIn*> checkins = observation.checkins;
  std::stable_sort(checkins.begin(), checkins.end(),
                   [](const domain::CheckIn* a, const domain::CheckIn* b) { return a->at < b->at; });
  std::vector<double> state_means(6, 0.0);
  for (const auto* checkin : checkins) {
    state_means[0] += checkin->loneliness;
    state_means[1] += checkin->stress;
    state_means[2] += checkin->boredom;
    state_means[3] += checkin->tiredness;
    state_means[4] += checkin->hunger;
    state_means[5] += checkin->sleep_hours;
  }
  if (!checkins.empty()) {
    for (double& mean : state_means) mean /= static_cast<double>(checkins.size());
  }
  std::vector<Instant> checkin_times;
  checkin_times.reserve(checkins.size());
  for (const auto* checkin : checkins) checkin_times.push_back(checkin->at);
  design.next_features.assign(design.feature_names.size(), 0.0);
  window_time_features(local_parts(as_of, zone), design.next_features.data());
  RecentHistory(urge_times, lapse_times, checkins, checkin_times, state_means).fill(as_of, design.next_features.data());
  if (observation.empty) return design;

  using std::chrono::hours;
  const auto window = std::chrono::duration_cast<std::chrono::milliseconds>(hours{kWindowHours});
  const Instant anchor = start_of_local_day(local_date_of(observation.start, zone), zone);
  const Instant earliest =
      std::max(observation.start + hours{24 * kForecastWarmUpDays}, as_of - hours{24 * kForecastHistoryDays});
  design.features.reserve_rows(std::size_t{24 / kWindowHours} * std::size_t{kForecastHistoryDays + 1});
  auto index = earliest > anchor ? (earliest - anchor + window - std::chrono::milliseconds{1}) / window : 0;
  std::size_t next_urge = 0, next_lapse = 0;
  RecentHistory history(urge_times, lapse_times, checkins, checkin_times, state_means);
  std::map<int, int> time_group_of;
  std::vector<std::array<double, kTimeColumns>> time_values;  // per time group
  for (Instant start = anchor + index * window; start + window <= as_of; start += window, ++index) {
    design.window_starts.push_back(start);
    const LocalParts local = local_parts(start, zone);
    // Windows that start at the same local weekday, hour and minute share their time features.
    const int time_key = (local.weekday * 24 + local.hour) * 60 + local.minute;
    const auto [found, inserted] = time_group_of.try_emplace(time_key, static_cast<int>(time_group_of.size()));
    if (inserted) {
      time_values.emplace_back();
      window_time_features(local, time_values.back().data());
    }
    design.time_groups.push_back(found->second);
    double* row = design.features.append_zero_row();
    const auto& shared = time_values[static_cast<std::size_t>(found->second)];
    std::copy(shared.begin(), shared.end(), row);
    history.fill(start, row);
    while (next_urge < urge_times.size() && urge_times[next_urge] < start) ++next_urge;
    while (next_lapse < lapse_times.size() && lapse_times[next_lapse] < start) ++next_lapse;
    design.urge_labels.push_back(next_urge < urge_times.size() && urge_times[next_urge] < start + window ? 1 : 0);
    design.lapse_labels.push_back(next_lapse < lapse_times.size() && lapse_times[next_lapse] < start + window ? 1 : 0);
    design.slots.push_back(local.weekday * (24 / kWindowHours) + local.hour / kWindowHours);
  }
  return design;
}

Forecast forecast(const Observation& observation) {
  const ForecastDesign design = forecast_design(observation);
  std::optional<StandardizedDesign> standardized_design;
  Forecast result;
  result.urge = fit_target(design, design.urge_labels, "urge", observation, standardized_design);
  result.lapse = fit_target(design, design.lapse_labels, "lapse", observation, standardized_design);
  return result;
}

}  // namespace keel::analytics
