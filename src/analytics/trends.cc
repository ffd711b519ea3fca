// 3. Trends: weekly counts, and the rate of the last four weeks against the first four.
#include <algorithm>
#include <cmath>

#include "analytics/regression.h"
#include "analytics/stats.h"
#include "analytics/stats_support.h"

namespace keel::analytics {

namespace {

constexpr double kBlockDays = 7;
constexpr double kMinimumDays = 8 * kBlockDays;  // the first and the last four weeks must not overlap

RateRatio rate_ratio(const Observation& observation, bool lapses_only) {
  RateRatio rate;
  const char* plural = lapses_only ? "lapses" : "urges";
  if (observation.observed_days < kMinimumDays) {
    rate.missing = fmt::format("8 weeks of records to compare the first four with the last four (there are {:.1f})",
                               observation.observed_days / kBlockDays);
    rate.sentence = support::not_enough(rate.missing);
    return rate;
  }
  const auto block = std::chrono::milliseconds{static_cast<long long>(kBlockDays * support::kMillisecondsPerDay)};
  const Instant first_start = observation.start;
  const Instant last_start = observation.options.as_of - 4 * block;
  for (const auto& event : observation.urges) {
    if (lapses_only && !event.acted()) continue;
    if (event.at >= first_start && event.at < first_start + 4 * block) {
      ++rate.first_weeks[static_cast<std::size_t>((event.at - first_start) / block)];
    }
    if (event.at >= last_start && event.at < last_start + 4 * block) {
      ++rate.last_weeks[static_cast<std::size_t>((event.at - last_start) / block)];
    }
  }
  int first_total = 0, last_total = 0;
  for (int count : rate.first_weeks) first_total += count;
  for (int count : rate.last_weeks) last_total += count;
  rate.enough_data = true;
  if (first_total == 0) {
    rate.sentence =
        last_total == 0
            ? fmt::format("There were no {} in the first four weeks nor in the last four.", plural)
            : fmt::format("There were no {} in the first four weeks and {} in the last four.", plural, last_total);
    return rate;
  }
  const RateDesign design = rate_design(rate);
  Matrix x(0, 2);
  for (const auto& row : design.rows) x.append_row({row[0], row[1]});
  const GlmFit fit = fit_poisson(x, design.counts, design.offsets);
  if (!fit.converged || last_total == 0) {
    // The estimate sits on the edge (no events in the last four weeks): the ratio is 0 and an
    // interval on the log scale does not exist.
    rate.ratio = static_cast<double>(last_total) / first_total;
    rate.sentence = fmt::format("There were {} {} in the last four weeks, against {} in the first four.", last_total,
                                plural, first_total);
    return rate;
  }
  const double log_ratio = fit.coefficients[1];
  const double error = fit.standard_errors[1];
  rate.ratio = std::exp(log_ratio);
  rate.ci95_poisson = {std::exp(log_ratio - kZ95 * error), std::exp(log_ratio + kZ95 * error)};
  rate.dispersion = fit.pearson_chi2 / fit.residual_degrees;
  rate.overdispersed = *rate.dispersion > 1;
  const double widened = error * std::sqrt(std::max(1.0, *rate.dispersion));
  rate.ci95 = {std::exp(log_ratio - kZ95 * widened), std::exp(log_ratio + kZ95 * widened)};
  const std::string interval = support::interval_words(rate.ci95, support::ratio_text);
  std::string reading;
  if (*rate.ci95.upper < 1) {
    reading = "fewer than at the start";
  } else if (*rate.ci95.lower > 1) {
    reading = lapses_only ? "more than at the start; the lapse reviews and the plan are there to help"
                          : "more than at the start, a sign to lean on the plan a little more";
  } else if (*rate.ratio < 0.9) {
    reading = "fewer than at the start, though the difference could still be chance";
  } else if (*rate.ratio > 1.1) {
    reading = "more than at the start, though the difference could still be chance";
  } else {
    reading = "about as many as at the start";
  }
  rate.sentence = fmt::format("In the last four weeks {} came at {} times the rate of the first four{}: {}.", plural,
                              support::ratio_text(*rate.ratio), interval, reading);
  return rate;
}

}  // namespace

RateDesign rate_design(const RateRatio& rate) {
  RateDesign design;
  for (int last = 0; last <= 1; ++last) {
    const auto& weeks = last == 1 ? rate.last_weeks : rate.first_weeks;
    for (int count : weeks) {
      design.counts.push_back(count);
      design.rows.push_back({1.0, static_cast<double>(last)});
      design.offsets.push_back(std::log(kBlockDays));
    }
  }
  return design;
}

Trends trends(const Observation& observation) {
  Trends result;
  if (!observation.empty) {
    const LocalDate first_monday = support::monday_of(local_date_of(observation.start, observation.options.time_zone));
    const LocalDate last_monday =
        support::monday_of(local_date_of(observation.options.as_of, observation.options.time_zone));
    const auto first_day = support::day_number(first_monday);
    const long weeks = (support::day_number(last_monday) - first_day).count() / 7 + 1;
    result.weeks.resize(static_cast<std::size_t>(std::max(0L, weeks)));
    for (std::size_t i = 0; i < result.weeks.size(); ++i) {
      result.weeks[i].monday = support::add_days(first_monday, static_cast<int>(7 * i));
    }
    for (const auto& event : observation.urges) {
      const long index = (support::day_number(event.local_date) - first_day).count() / 7;
      if (index < 0 || index >= weeks) continue;
      WeekRow& week = result.weeks[static_cast<std::size_t>(index)];
      ++week.urges;
      if (event.acted()) ++week.lapses;
      if (event.passed()) ++week.passed;
      if (event.outcome == domain::UrgeOutcome::surfed) ++week.surfed;
    }
    for (auto& week : result.weeks) {
      if (week.lapses > 0) week.urges_per_lapse = static_cast<double>(week.urges) / week.lapses;
    }
  }
  result.urges = rate_ratio(observation, false);
  result.lapses = rate_ratio(observation, true);
  if (result.urges.enough_data) {
    // The same blocks as the rate ratios: the first 28 days and the last 28 days.
    const Instant first_end = observation.start + std::chrono::hours{24 * 28};
    const Instant last_start = observation.options.as_of - std::chrono::hours{24 * 28};
    int first_lapses = 0, first_decided = 0, last_lapses = 0, last_decided = 0;
    for (const auto& event : observation.urges) {
      if (!event.decided()) continue;
      if (event.at < first_end) {
        ++first_decided;
        first_lapses += event.acted() ? 1 : 0;
      }
      if (event.at >= last_start && event.at < observation.options.as_of) {
        ++last_decided;
        last_lapses += event.acted() ? 1 : 0;
      }
    }
    result.acting_first = wilson_share(first_lapses, first_decided);
    result.acting_last = wilson_share(last_lapses, last_decided);
    if (result.acting_first.share && result.acting_last.share) {
      result.acting_sentence = fmt::format(
          "Of your urges in the last four weeks, {} ended in a lapse{}, against {} in the first four{}.",
          support::percent(*result.acting_last.share), support::percent_interval(result.acting_last.ci95),
          support::percent(*result.acting_first.share), support::percent_interval(result.acting_first.ci95));
    }
  }
  result.enough_data = result.urges.enough_data;
  result.missing = result.urges.missing;
  result.sentence = result.urges.sentence;
  return result;
}

}  // namespace keel::analytics
