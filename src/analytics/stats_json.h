// The JSON form of the stats (docs/analytics.md lists every field), shared by `keel stats --json`
// and the API. Numbers that are undefined are null, never NaN; an interval is always a
// two-element array whose ends may be null.
#pragma once

#include <nlohmann/json.hpp>

#include "analytics/stats.h"

namespace keel::analytics {

// The full form by default (`keel stats --json`); the API's default answer, sized for a phone to
// download and draw, sets both.
struct StatsJsonOptions {
  // Above 0: the interval curves coarsened to this resolution of S (analytics::coarsen).
  double curve_step = 0;
  // Above 0: every non-integer number to this many significant digits.
  int significant_digits = 0;
};

nlohmann::json stats_to_json(const Stats& stats, const StatsJsonOptions& json_options = {});

}  // namespace keel::analytics
