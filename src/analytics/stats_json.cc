#include "analytics/stats_json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "analytics/stats_support.h"

namespace keel::analytics {

namespace {

using nlohmann::json;

json number(std::optional<double> value) {
  if (!value || !std::isfinite(*value)) return nullptr;
  return *value;
}

// An object's members, added in place. A braced list ({{"key", value}, …}) first copies every
// member into a temporary two-element array and then into the object; for the thousands of points
// of a curve that cost more than all the rest of the JSON. The members are sorted by key either
// way (nlohmann's objects are ordered maps), so the text is the same.
class Members {
 public:
  Members& add(const char* key, json value) {
    members_.emplace(key, std::move(value));
    return *this;
  }
  json done() { return json(std::move(members_)); }

 private:
  json::object_t members_;
};

// An array of `count` elements made by `element(i)`, built in place.
template <typename Element>
json array_of(std::size_t count, Element element) {
  json::array_t elements;
  elements.reserve(count);
  for (std::size_t i = 0; i < count; ++i) elements.push_back(element(i));
  return json(std::move(elements));
}

json interval(const Interval95& interval) {
  json::array_t ends;
  ends.reserve(2);
  ends.push_back(number(interval.lower));
  ends.push_back(number(interval.upper));
  return json(std::move(ends));
}

json text_or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

void add_section(json& out, const Section& section) {
  out["enough_data"] = section.enough_data;
  out["missing"] = text_or_null(section.missing);
  out["sentence"] = section.sentence;
}

json share(const ShareEstimate& estimate) {
  return {{"count", estimate.count},
          {"total", estimate.total},
          {"share", number(estimate.share)},
          {"ci95", interval(estimate.ci95)}};
}

json mean(const MeanEstimate& estimate) {
  return {{"count", estimate.count},
          {"mean", number(estimate.mean)},
          {"standard_deviation", number(estimate.standard_deviation)},
          {"ci95", interval(estimate.ci95)}};
}

json tag_rows(const std::vector<TagRow>& rows) {
  return array_of(rows.size(), [&](std::size_t i) {
    const TagRow& row = rows[i];
    return Members()
        .add("tag", row.tag)
        .add("urges", row.urges)
        .add("lapses", row.lapses)
        .add("decided", row.acting.total)
        .add("acting_share", number(row.acting.share))
        .add("ci95", interval(row.acting.ci95))
        .add("lift", number(row.lift))
        .add("peak_hour", row.peak_hour)
        .add("by_hour", row.by_hour)
        .done();
  });
}

json grid(const std::array<std::array<int, 24>, 7>& cells) {
  json out = json::array();
  for (const auto& row : cells) out.push_back(row);
  return out;
}

json trigger_map_json(const TriggerMap& map) {
  json out;
  add_section(out, map);
  out["urges"] = map.urges;
  out["lapses"] = map.lapses;
  out["acting_share"] = share(map.acting);
  json weekdays = json::array();
  for (int weekday = 0; weekday < 7; ++weekday) weekdays.push_back(support::weekday_name(weekday));
  out["grid"] = {{"weekdays", weekdays}, {"urges", grid(map.urge_grid)}, {"lapses", grid(map.lapse_grid)}};
  out["peak"] =
      map.peak_weekday
          ? json{{"weekday", support::weekday_name(*map.peak_weekday)},
                 {"hour", *map.peak_hour},
                 {"urges",
                  map.urge_grid[static_cast<std::size_t>(*map.peak_weekday)][static_cast<std::size_t>(*map.peak_hour)]}}
          : json(nullptr);
  out["busiest_hour"] = map.busiest_hour ? json(*map.busiest_hour) : json(nullptr);
  out["busiest_weekday"] = map.busiest_weekday ? json(support::weekday_name(*map.busiest_weekday)) : json(nullptr);
  out["contexts"] = tag_rows(map.contexts);
  out["emotions"] = tag_rows(map.emotions);
  out["warning_signs"] = tag_rows(map.warning_signs);
  return out;
}

json intervals_json(const EventIntervals& intervals, double curve_step) {
  json out;
  add_section(out, intervals);
  out["events"] = intervals.events;
  out["closed_intervals"] = intervals.closed_intervals;
  out["median_days"] = number(intervals.estimate.median);
  out["ci95"] = interval(intervals.estimate.median_ci95);
  out["survival_at"] = array_of(intervals.survival_at.size(), [&](std::size_t i) {
    const SurvivalAt& point = intervals.survival_at[i];
    return Members()
        .add("days", point.time)
        .add("survival", number(point.survival))
        .add("ci95", interval(point.ci95))
        .done();
  });
  out["longest_days"] = number(intervals.longest_days);
  out["current_days"] = number(intervals.current_days);
  out["earlier_typical_days"] = number(intervals.earlier_typical_days);
  out["recent_typical_days"] = number(intervals.recent_typical_days);
  const std::vector<SurvivalPoint> coarse =
      curve_step > 0 ? coarsen(intervals.estimate.curve, curve_step) : std::vector<SurvivalPoint>{};
  const std::vector<SurvivalPoint>& curve = curve_step > 0 ? coarse : intervals.estimate.curve;
  out["curve"] = array_of(curve.size(), [&](std::size_t i) {
    const SurvivalPoint& point = curve[i];
    return Members()
        .add("time", point.time)
        .add("survival", point.survival)
        .add("at_risk", point.at_risk)
        .add("events", point.events)
        .add("censored", point.censored)
        .add("std_err", number(point.standard_error))
        .add("ci95", interval(point.ci95))
        .done();
  });
  return out;
}

json rate_json(const RateRatio& rate) {
  json out;
  add_section(out, rate);
  out["first_weeks"] = rate.first_weeks;
  out["last_weeks"] = rate.last_weeks;
  out["ratio"] = number(rate.ratio);
  out["ci95"] = interval(rate.ci95);
  out["ci95_poisson"] = interval(rate.ci95_poisson);
  out["dispersion"] = number(rate.dispersion);
  out["overdispersed"] = rate.overdispersed;
  return out;
}

json trends_json(const Trends& trends) {
  json out;
  add_section(out, trends);
  out["weeks"] = array_of(trends.weeks.size(), [&](std::size_t i) {
    const auto& week = trends.weeks[i];
    return Members()
        .add("monday", format_date(week.monday))
        .add("urges", week.urges)
        .add("lapses", week.lapses)
        .add("surfed", week.surfed)
        .add("passed", week.passed)
        .add("urges_per_lapse", number(week.urges_per_lapse))
        .done();
  });
  out["rate_ratio"] = {{"urges", rate_json(trends.urges)}, {"lapses", rate_json(trends.lapses)}};
  out["acting_share"] = {{"first_weeks", share(trends.acting_first)},
                         {"last_weeks", share(trends.acting_last)},
                         {"sentence", trends.acting_sentence}};
  return out;
}

json effect_json(const TechniqueEffect& effect) {
  return {{"technique", effect.technique}, {"drop", mean(effect.drop)}, {"ended_lower", share(effect.ended_lower)}};
}

json lift_rows(const std::vector<LiftRow>& rows) {
  json out = json::array();
  for (const auto& row : rows) out.push_back({{"name", row.name}, {"lift", mean(row.lift)}});
  return out;
}

json passed_rows(const std::vector<PassedRow>& rows) {
  json out = json::array();
  for (const auto& row : rows) out.push_back({{"name", row.name}, {"passed", share(row.passed)}});
  return out;
}

json what_helps_json(const WhatHelps& helps) {
  json out;
  add_section(out, helps);
  json by_technique = json::array();
  for (const auto& effect : helps.by_technique) by_technique.push_back(effect_json(effect));
  out["surf_effect"] = effect_json(helps.surf_effect);
  out["surf_effect"]["by_technique"] = by_technique;
  out["surf_effect"]["sentence"] = helps.surf_sentence;
  out["activities"] = {{"by_category", lift_rows(helps.activity_by_category)},
                       {"by_title", lift_rows(helps.activity_by_title)},
                       {"sentence", helps.activity_sentence}};
  out["techniques"] = {{"by_pause", passed_rows(helps.techniques)},
                       {"by_strategy", passed_rows(helps.strategies)},
                       {"sentence", helps.technique_sentence}};
  return out;
}

json effect_json(const PoissonEffect& effect) {
  return {{"rate_ratio", number(effect.rate_ratio)},
          {"ci95", interval(effect.ci95)},
          {"dispersion", number(effect.dispersion)},
          {"z", number(effect.z)}};
}

json link_json(const CheckinLink& link) {
  return {{"state", link.state},
          {"outcome", link.outcome},
          {"day", link.day},
          {"high", link.high},
          {"days", link.days},
          {"high_days", link.high_days},
          {"state_mean", number(link.state_mean)},
          {"mean_count_high", number(link.mean_count_high)},
          {"mean_count_other", number(link.mean_count_other)},
          {"high_day", effect_json(link.high_day)},
          {"per_point", effect_json(link.per_point)}};
}

json checkin_links_json(const CheckinLinks& links) {
  json out;
  add_section(out, links);
  out["checkin_days"] = links.checkin_days;
  json strongest = json::array();
  for (const auto& link : links.strongest) strongest.push_back(link_json(link));
  json all = json::array();
  for (const auto& link : links.links) all.push_back(link_json(link));
  out["strongest"] = strongest;
  out["links"] = all;
  return out;
}

json small_wins_json(const SmallWins& wins) {
  json out;
  add_section(out, wins);
  out["urges_logged"] = wins.urges_logged;
  out["urges_passed"] = wins.urges_passed;
  out["urges_surfed"] = wins.urges_surfed;
  out["pauses"] = wins.pauses;
  out["pauses_completed"] = wins.pauses_completed;
  out["checkin_days"] = wins.checkin_days;
  out["activities_done"] = wins.activities_done;
  out["lapse_reviews"] = wins.lapse_reviews;
  out["personal_bests"] = {
      {"longest_days_between_lapses", number(wins.longest_days_between_lapses)},
      {"longest_days_between_urges", number(wins.longest_days_between_urges)},
      {"most_urges_passed_in_a_week", wins.best_week_passed},
      {"best_week_monday", wins.best_week_monday ? json(format_date(*wins.best_week_monday)) : json(nullptr)}};
  json milestones = json::array();
  for (const auto& milestone : wins.milestones) {
    milestones.push_back(
        {{"what", milestone.what}, {"threshold", milestone.threshold}, {"reached", format_date(milestone.reached)}});
  }
  out["milestones"] = milestones;
  return out;
}

json model_json(const ForecastModel& model) {
  json out;
  add_section(out, model);
  out["target"] = model.target;
  out["window_hours"] = 3;
  out["windows"] = model.windows;
  out["train_windows"] = model.train_windows;
  out["test_windows"] = model.test_windows;
  out["train_positive"] = model.train_positive;
  out["test_positive"] = model.test_positive;
  out["auc"] = number(model.auc);
  out["brier"] = number(model.brier);
  out["baseline_auc"] = number(model.baseline_auc);
  out["baseline_brier"] = number(model.baseline_brier);
  out["next_window_probability"] = number(model.next_window_probability);
  json factors = json::array();
  for (const auto& factor : model.factors) {
    factors.push_back({{"name", factor.name},
                       {"strength", number(factor.strength)},
                       {"direction", factor.direction},
                       {"words", factor.words}});
  }
  out["factors"] = factors;
  json coefficients = json::object();
  if (model.coefficients.size() == model.feature_names.size() + 1) {
    coefficients["intercept"] = number(model.coefficients[0]);
    for (std::size_t j = 0; j < model.feature_names.size(); ++j) {
      coefficients[model.feature_names[j]] = number(model.coefficients[j + 1]);
    }
  }
  out["coefficients"] = coefficients;
  return out;
}

// Every non-integer number in `value` to `digits` significant digits (so that it also prints short).
void round_numbers(json& value, int digits) {
  if (value.is_number_float()) {
    const double number = value.get<double>();
    char text[40];
    std::snprintf(text, sizeof text, "%.*g", digits, number);
    value = std::strtod(text, nullptr);
  } else if (value.is_structured()) {
    for (json& element : value) round_numbers(element, digits);
  }
}

}  // namespace

nlohmann::json stats_to_json(const Stats& stats, const StatsJsonOptions& json_options) {
  json out;
  out["as_of"] = format_rfc3339(stats.options.as_of, stats.options.time_zone);
  out["since"] = stats.options.since ? json(format_date(*stats.options.since)) : json(nullptr);
  out["time_zone"] = stats.options.time_zone;
  out["start"] = format_rfc3339(stats.start, stats.options.time_zone);
  out["observed_days"] = number(stats.observed_days);
  out["trigger_map"] = trigger_map_json(stats.trigger_map);
  out["intervals"] = {{"between_urges", intervals_json(stats.intervals.between_urges, json_options.curve_step)},
                      {"between_lapses", intervals_json(stats.intervals.between_lapses, json_options.curve_step)}};
  out["trends"] = trends_json(stats.trends);
  out["what_helps"] = what_helps_json(stats.what_helps);
  out["checkin_links"] = checkin_links_json(stats.checkin_links);
  out["small_wins"] = small_wins_json(stats.small_wins);
  out["forecast"] = {{"urge", model_json(stats.forecast.urge)}, {"lapse", model_json(stats.forecast.lapse)}};
  out["sentences"] = stats_sentences(stats);
  if (json_options.significant_digits > 0) round_numbers(out, json_options.significant_digits);
  return out;
}

}  // namespace keel::analytics
