// Cumulative progress: counts that only grow, and the intervals between lapses. Nothing here
// resets to zero after a lapse. Pure functions over records.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/records.h"

namespace keel::analytics {

struct Progress {
  int urges_logged = 0;
  int urges_passed = 0;  // outcome surfed, delayed or coping: the urge came and went
  int lapses = 0;        // outcome acted
  int pauses = 0;
  int pauses_ended_lower = 0;            // end intensity below the start
  std::optional<double> mean_surf_drop;  // mean start minus end intensity of rated Pauses
  int checkin_days = 0;
  int activities_done = 0;
  std::optional<double> longest_days_between_lapses;  // including the open interval up to now
  std::optional<double> current_days_since_lapse;     // absent when there has been no lapse
  std::optional<double> median_days_between_lapses;   // of closed intervals only
};

// Progress over all records up to `now`.
Progress compute_progress(const std::vector<domain::Record>& records, Instant now);

// Urges in one local week (Monday to Sunday) of the client.
struct WeekCount {
  LocalDate monday;
  int urges = 0;
  int passed = 0;  // came and went without acting
  int lapses = 0;
};

// The last `weeks` weeks up to and including the one holding `now`, oldest first, in `zone`.
std::vector<WeekCount> weekly_counts(const std::vector<domain::Record>& records, Instant now, const std::string& zone,
                                     int weeks);

// Plain, kind sentences about progress, for a client to read.
std::vector<std::string> describe_progress(const Progress& progress);

}  // namespace keel::analytics
