// 6. Small wins: counts that only grow, personal bests and milestones. Nothing here starts again
// from zero after a lapse.
#include <algorithm>

#include "analytics/stats.h"
#include "analytics/stats_support.h"

namespace keel::analytics {

namespace {

constexpr int kUrgeMilestones[] = {1, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000};
constexpr int kPauseMilestones[] = {1, 10, 25, 50, 100, 250, 500, 1000};
constexpr int kCheckinMilestones[] = {1, 7, 30, 100, 200, 365, 500, 1000};
constexpr int kActivityMilestones[] = {1, 10, 25, 50, 100, 250, 500};
constexpr int kStretchMilestones[] = {7, 14, 30, 60, 90, 180, 365};

// Adds a milestone for each threshold reached by the sorted `dates` (the n-th date reaches n).
template <std::size_t N>
void add_count_milestones(std::vector<Milestone>& milestones, const char* what, const int (&thresholds)[N],
                          const std::vector<LocalDate>& dates) {
  for (int threshold : thresholds) {
    if (static_cast<int>(dates.size()) < threshold) break;
    milestones.push_back({what, threshold, dates[static_cast<std::size_t>(threshold - 1)]});
  }
}

}  // namespace

SmallWins small_wins(const Observation& observation) {
  using namespace support;
  SmallWins wins;
  const std::string& zone = observation.options.time_zone;
  const Instant as_of = observation.options.as_of;
  std::vector<LocalDate> passed_dates, pause_dates, checkin_dates, activity_dates;
  std::vector<std::pair<std::chrono::sys_days, int>> passed_by_week;  // in week order (the urges are sorted)
  std::vector<Instant> lapses;
  for (const auto& event : observation.urges) {
    ++wins.urges_logged;
    if (event.passed()) {
      ++wins.urges_passed;
      passed_dates.push_back(event.local_date);
      const auto monday = day_number(monday_of(event.local_date));
      if (passed_by_week.empty() || passed_by_week.back().first != monday) passed_by_week.emplace_back(monday, 0);
      ++passed_by_week.back().second;
    }
    if (event.outcome == domain::UrgeOutcome::surfed) ++wins.urges_surfed;
    if (event.acted()) lapses.push_back(event.at);
  }
  for (const auto* pause : observation.pauses) {
    ++wins.pauses;
    if (pause->end_intensity) {
      ++wins.pauses_completed;
      pause_dates.push_back(local_date_of(pause->at, pause->time_zone));
    }
  }
  for (const auto* checkin : observation.checkins) {  // sorted by date
    if (checkin_dates.empty() || day_number(checkin_dates.back()) != day_number(checkin->date)) {
      checkin_dates.push_back(checkin->date);
    }
  }
  wins.checkin_days = static_cast<int>(checkin_dates.size());
  std::vector<Instant> done_times;
  for (const auto* activity : observation.activities) {
    if (!activity->done) continue;
    const Instant done = activity->done_at.value_or(activity->created_at);
    if (done > as_of) continue;
    done_times.push_back(done);
  }
  std::sort(done_times.begin(), done_times.end());
  for (Instant done : done_times) activity_dates.push_back(local_date_of(done, zone));
  wins.activities_done = static_cast<int>(done_times.size());
  wins.lapse_reviews = static_cast<int>(observation.lapse_reviews.size());

  // A change of time zone can make local dates step back: merge the runs of the same week.
  std::stable_sort(passed_by_week.begin(), passed_by_week.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<std::chrono::sys_days, int>> weeks;
  for (const auto& week : passed_by_week) {
    if (!weeks.empty() && weeks.back().first == week.first) {
      weeks.back().second += week.second;
    } else {
      weeks.push_back(week);
    }
  }
  for (const auto& [monday, count] : weeks) {
    if (count > wins.best_week_passed) {
      wins.best_week_passed = count;
      wins.best_week_monday = LocalDate{monday};
    }
  }
  // Stretches between lapses, the open one included; from the start when there is none before.
  if (!lapses.empty()) {
    double longest = days_between(lapses.back(), as_of);
    for (std::size_t i = 1; i < lapses.size(); ++i) longest = std::max(longest, days_between(lapses[i - 1], lapses[i]));
    wins.longest_days_between_lapses = longest;
  }
  if (!observation.urges.empty()) {
    double longest = days_between(observation.urges.back().at, as_of);
    for (std::size_t i = 1; i < observation.urges.size(); ++i) {
      longest = std::max(longest, days_between(observation.urges[i - 1].at, observation.urges[i].at));
    }
    wins.longest_days_between_urges = longest;
  }

  add_count_milestones(wins.milestones, "urges_passed", kUrgeMilestones, passed_dates);
  std::sort(pause_dates.begin(), pause_dates.end(),
            [](LocalDate a, LocalDate b) { return day_number(a) < day_number(b); });
  add_count_milestones(wins.milestones, "pauses_completed", kPauseMilestones, pause_dates);
  add_count_milestones(wins.milestones, "checkin_days", kCheckinMilestones, checkin_dates);
  add_count_milestones(wins.milestones, "activities_done", kActivityMilestones, activity_dates);
  if (!observation.empty) {
    // A stretch of N days between lapses is reached N days into the first stretch that lasted so long.
    std::vector<std::pair<Instant, Instant>> stretches;
    Instant from = observation.start;
    for (Instant lapse : lapses) {
      stretches.emplace_back(from, lapse);
      from = lapse;
    }
    stretches.emplace_back(from, as_of);
    for (int threshold : kStretchMilestones) {
      for (const auto& [begin, end] : stretches) {
        if (days_between(begin, end) >= threshold) {
          wins.milestones.push_back(
              {"days_between_lapses", threshold, local_date_of(begin + std::chrono::days{threshold}, zone)});
          break;
        }
      }
    }
  }
  std::stable_sort(wins.milestones.begin(), wins.milestones.end(), [](const Milestone& a, const Milestone& b) {
    return day_number(a.reached) < day_number(b.reached);
  });

  if (observation.empty) {
    wins.missing = "a first record";
    wins.sentence =
        "Nothing logged yet: every urge you log and let pass will be counted here, and these counts only grow.";
    return wins;
  }
  wins.enough_data = true;
  std::vector<std::string> parts;
  auto plural = [](int count, const char* one, const char* many) {
    return fmt::format("{} {}", count, count == 1 ? one : many);
  };
  if (wins.urges_passed > 0)
    parts.push_back("let " + plural(wins.urges_passed, "urge", "urges") + " pass without acting");
  if (wins.pauses_completed > 0) parts.push_back("finished " + plural(wins.pauses_completed, "Pause", "Pauses"));
  if (wins.checkin_days > 0) parts.push_back("checked in on " + plural(wins.checkin_days, "day", "days"));
  if (wins.activities_done > 0)
    parts.push_back("done " + plural(wins.activities_done, "planned activity", "planned activities"));
  std::string text = "So far you have ";
  if (parts.empty()) {
    text = "You have made a start by logging what happens";
  } else {
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) text += i + 1 == parts.size() ? " and " : ", ";
      text += parts[i];
    }
  }
  if (wins.longest_days_between_lapses) {
    text += fmt::format("; your longest stretch between lapses is {}, and it stays yours",
                        span(*wins.longest_days_between_lapses));
  }
  wins.sentence = text + ".";
  return wins;
}

}  // namespace keel::analytics
