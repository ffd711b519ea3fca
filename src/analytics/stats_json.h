// The JSON form of the stats (docs/analytics.md lists every field), shared by `keel stats --json`
// and, later, the API. Numbers that are undefined are null, never NaN; an interval is always a
// two-element array whose ends may be null.
#pragma once

#include <nlohmann/json.hpp>

#include "analytics/stats.h"

namespace keel::analytics {

nlohmann::json stats_to_json(const Stats& stats);

}  // namespace keel::analytics
