#include "analytics/progress.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/time.h"

namespace keel::analytics {

namespace {
double days_between(Instant a, Instant b) { return std::chrono::duration<double>(b - a).count() / 86400.0; }
}  // namespace

Progress compute_progress(const std::vector<domain::Record>& records, Instant now) {
  Progress progress;
  std::vector<Instant> lapse_times;
  double drop_sum = 0;
  int rated_pauses = 0;
  std::optional<Instant> first_event;
  for (const auto& record : records) {
    if (const auto* urge = std::get_if<domain::Urge>(&record)) {
      ++progress.urges_logged;
      if (!first_event || urge->at < *first_event) first_event = urge->at;
      switch (urge->outcome) {
        case domain::UrgeOutcome::surfed:
        case domain::UrgeOutcome::delayed:
        case domain::UrgeOutcome::coping: ++progress.urges_passed; break;
        case domain::UrgeOutcome::acted:
          ++progress.lapses;
          lapse_times.push_back(urge->at);
          break;
        case domain::UrgeOutcome::ongoing: break;
      }
    } else if (const auto* pause = std::get_if<domain::PauseSession>(&record)) {
      ++progress.pauses;
      if (pause->end_intensity) {
        ++rated_pauses;
        drop_sum += pause->start_intensity - *pause->end_intensity;
        if (*pause->end_intensity < pause->start_intensity) ++progress.pauses_ended_lower;
      }
    } else if (std::holds_alternative<domain::CheckIn>(record)) {
      ++progress.checkin_days;
    } else if (const auto* activity = std::get_if<domain::Activity>(&record)) {
      if (activity->done) ++progress.activities_done;
    }
  }
  if (rated_pauses > 0) progress.mean_surf_drop = drop_sum / rated_pauses;
  std::sort(lapse_times.begin(), lapse_times.end());
  if (!lapse_times.empty()) {
    std::vector<double> gaps;
    for (std::size_t i = 1; i < lapse_times.size(); ++i)
      gaps.push_back(days_between(lapse_times[i - 1], lapse_times[i]));
    progress.current_days_since_lapse = std::max(0.0, days_between(lapse_times.back(), now));
    double longest = *progress.current_days_since_lapse;
    for (double gap : gaps) longest = std::max(longest, gap);
    progress.longest_days_between_lapses = longest;
    if (!gaps.empty()) {
      std::sort(gaps.begin(), gaps.end());
      const std::size_t middle = gaps.size() / 2;
      progress.median_days_between_lapses =
          gaps.size() % 2 == 1 ? gaps[middle] : (gaps[middle - 1] + gaps[middle]) / 2.0;
    }
  }
  return progress;
}

std::vector<WeekCount> weekly_counts(const std::vector<domain::Record>& records, Instant now, const std::string& zone,
                                     int weeks) {
  const auto today = std::chrono::sys_days{local_date_of(now, zone)};
  const auto this_monday = today - (std::chrono::weekday{today} - std::chrono::Monday);
  const auto first_monday = this_monday - std::chrono::weeks{weeks - 1};
  std::vector<WeekCount> counts(static_cast<std::size_t>(std::max(weeks, 0)));
  for (std::size_t i = 0; i < counts.size(); ++i) {
    counts[i].monday = LocalDate{first_monday + std::chrono::weeks{static_cast<int>(i)}};
  }
  for (const auto& record : records) {
    const auto* urge = std::get_if<domain::Urge>(&record);
    if (urge == nullptr || urge->at > now) continue;
    const auto day = std::chrono::sys_days{local_date_of(urge->at, zone)};
    if (day < first_monday) continue;
    auto& week = counts[static_cast<std::size_t>((day - first_monday).count() / 7)];
    ++week.urges;
    if (urge->outcome == domain::UrgeOutcome::acted)
      ++week.lapses;
    else if (urge->outcome != domain::UrgeOutcome::ongoing)
      ++week.passed;
  }
  return counts;
}

std::vector<std::string> describe_progress(const Progress& progress) {
  std::vector<std::string> lines;
  if (progress.urges_logged == 0) {
    lines.push_back("Nothing logged yet. Logging an urge is the first step of noticing it without obeying it.");
    return lines;
  }
  lines.push_back(fmt::format("You have noticed and logged {} urges; {} of them came and went without acting.",
                              progress.urges_logged, progress.urges_passed));
  if (progress.pauses > 0 && progress.mean_surf_drop) {
    lines.push_back(
        fmt::format("In {} Pauses, the urge ended lower than it started {} times; on average it fell by "
                    "{:.1f} points.",
                    progress.pauses, progress.pauses_ended_lower, *progress.mean_surf_drop));
  }
  if (progress.longest_days_between_lapses) {
    lines.push_back(
        fmt::format("Your longest stretch between lapses is {:.0f} days. Every lapse reviewed is something "
                    "learned, and none of this progress is lost.",
                    *progress.longest_days_between_lapses));
  }
  if (progress.checkin_days > 0 || progress.activities_done > 0) {
    lines.push_back(fmt::format("You checked in on {} days and did {} planned activities.", progress.checkin_days,
                                progress.activities_done));
  }
  return lines;
}

}  // namespace keel::analytics
