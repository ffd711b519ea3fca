// How records look in the terminal: one readable line each, in the client's local time.
#pragma once

#include <string>
#include <vector>

#include "analytics/progress.h"
#include "domain/records.h"

namespace keel::cli {

// "2026-03-29 22:15": a time in the record's own zone.
std::string local_time(Instant at, const std::string& zone);

// One line of at most `width` bytes (plus "…" when cut), cut between UTF-8 characters.
std::string shorten(const std::string& text, std::size_t width);

// "2026-03-29 22:15  urge 7/10  surfed  [phone in bed; lonely]  01J...": one line.
std::string describe_record(const domain::Record& record);

// Lines of a plan version, grouped by section.
std::string describe_plan(const domain::PlanVersion& plan);

// What changed between two plan versions, section by section ("+ added", "- removed").
std::string describe_plan_difference(const domain::PlanVersion& before, const domain::PlanVersion& after);

// Horizontal bars of urges per week: "█" for urges that came and went, "░" for lapses.
std::string draw_weeks(const std::vector<analytics::WeekCount>& weeks);

// A small bar chart of values 0..10 over time, drawn with block characters.
std::string draw_wave(const std::vector<domain::IntensitySample>& samples);

}  // namespace keel::cli
