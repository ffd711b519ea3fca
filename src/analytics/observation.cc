// Choosing the records in view, and putting all sections together.
#include <algorithm>

#include "analytics/stats.h"
#include "analytics/stats_support.h"

namespace keel::analytics {

Observation observe(std::span<const domain::Record> records, const StatsOptions& options) {
  Observation observation;
  observation.options = options;
  std::optional<Instant> since_start;
  if (options.since) since_start = start_of_local_day(*options.since, options.time_zone);
  auto in_view = [&](Instant at) { return at <= options.as_of && (!since_start || at >= *since_start); };

  std::optional<Instant> first;
  auto note = [&](Instant at) {
    if (!first || at < *first) first = at;
  };
  for (const auto& record : records) {
    if (const auto* urge = std::get_if<domain::Urge>(&record)) {
      if (!in_view(urge->at)) continue;
      const LocalParts local = local_parts(urge->at, urge->time_zone);
      UrgeEvent event;
      event.at = urge->at;
      event.local_date = local.date;
      event.weekday = local.weekday;
      event.hour = local.hour;
      event.outcome = urge->outcome;
      event.urge = urge;
      observation.urges.push_back(event);
      note(urge->at);
    } else if (const auto* checkin = std::get_if<domain::CheckIn>(&record)) {
      if (checkin->at > options.as_of) continue;
      if (options.since && support::day_number(checkin->date) < support::day_number(*options.since)) continue;
      observation.checkins.push_back(checkin);
      note(checkin->at);
    } else if (const auto* pause = std::get_if<domain::PauseSession>(&record)) {
      if (!in_view(pause->at)) continue;
      observation.pauses.push_back(pause);
      note(pause->at);
    } else if (const auto* activity = std::get_if<domain::Activity>(&record)) {
      if (!in_view(activity->created_at)) continue;
      observation.activities.push_back(activity);
      note(activity->created_at);
    } else if (const auto* review = std::get_if<domain::LapseReview>(&record)) {
      if (!in_view(review->at)) continue;
      observation.lapse_reviews.push_back(review);
      note(review->at);
    } else {
      const Instant at = domain::time_of(record);
      if (in_view(at)) note(at);
    }
  }
  std::stable_sort(observation.urges.begin(), observation.urges.end(),
                   [](const UrgeEvent& a, const UrgeEvent& b) { return a.at < b.at; });
  std::stable_sort(observation.checkins.begin(), observation.checkins.end(),
                   [](const domain::CheckIn* a, const domain::CheckIn* b) {
                     return support::day_number(a->date) < support::day_number(b->date);
                   });
  std::stable_sort(observation.pauses.begin(), observation.pauses.end(),
                   [](const domain::PauseSession* a, const domain::PauseSession* b) { return a->at < b->at; });
  std::stable_sort(observation.activities.begin(), observation.activities.end(),
                   [](const domain::Activity* a, const domain::Activity* b) { return a->created_at < b->created_at; });
  observation.empty = !first.has_value();
  observation.start = since_start ? *since_start : first.value_or(options.as_of);
  observation.observed_days = std::max(0.0, support::days_between(observation.start, options.as_of));
  return observation;
}

Stats compute_stats(std::span<const domain::Record> records, const StatsOptions& options) {
  const Observation observation = observe(records, options);
  Stats stats;
  stats.options = options;
  stats.start = observation.start;
  stats.observed_days = observation.observed_days;
  stats.trigger_map = trigger_map(observation);
  stats.intervals.between_urges = event_intervals(observation, false);
  stats.intervals.between_lapses = event_intervals(observation, true);
  stats.trends = trends(observation);
  stats.what_helps = what_helps(observation);
  stats.checkin_links = checkin_links(observation);
  stats.small_wins = small_wins(observation);
  stats.forecast = forecast(observation);
  return stats;
}

std::vector<std::string> stats_sentences(const Stats& stats) {
  std::vector<std::string> sentences;
  auto add = [&](const std::string& sentence) {
    if (!sentence.empty()) sentences.push_back(sentence);
  };
  add(stats.trigger_map.sentence);
  add(stats.intervals.between_urges.sentence);
  add(stats.intervals.between_lapses.sentence);
  add(stats.trends.sentence);
  add(stats.trends.lapses.sentence);
  add(stats.trends.acting_sentence);
  add(stats.what_helps.surf_sentence);
  add(stats.what_helps.activity_sentence);
  add(stats.what_helps.technique_sentence);
  add(stats.checkin_links.sentence);
  add(stats.small_wins.sentence);
  add(stats.forecast.urge.sentence);
  add(stats.forecast.lapse.sentence);
  return sentences;
}

}  // namespace keel::analytics
