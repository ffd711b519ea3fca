// Synthetic clients: a documented generative model (docs/synthetic-model.md) of urges,
// lapses, check-ins, Pauses and activities with planted effects that later analytics tests
// check for. Deterministic for a seed. Pure: produces records, writes nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/records.h"

namespace keel::synth {

struct Options {
  int days = 180;  // length of the observed period
  std::uint64_t seed = 1;
  Instant end;                              // the end of the period (usually now); records lie before it
  std::string time_zone = "Europe/Berlin";  // an IANA name validate_time_zone accepts
  std::string tenant_id;                    // owner of the records
  std::string person_id;
};

// The planted effects, as numbers, so tests can compare what analytics finds with the truth.
struct PlantedEffects {
  double base_urges_per_day;
  double loneliness_rate_ratio;  // urge rate multiplier on lonely days
  double stress_rate_ratio;
  double boredom_rate_ratio;
  double late_night_scrolling_rate_ratio;  // 22:00-02:00 with context "phone in bed"
  double initial_acting_probability;
  double final_acting_probability;
  double mean_surf_drop;  // mean start minus end intensity of a surf Pause

  // The rest of the model's parameters (docs/synthetic-model.md explains each).
  double weekend_rate_ratio;           // urge rate multiplier on Saturdays and Sundays
  int high_level_threshold;            // a day is lonely / stressed / bored when that check-in value is >= this
  double cluster_branching_ratio;      // expected follow-up urges each urge sets off (self-excitation)
  double cluster_mean_delay_minutes;   // mean delay of a follow-up urge after the one that set it off
  double acting_midpoint_days;         // the acting probability is halfway between initial and final here
  double acting_scale_days;            // how fast it falls (logistic scale)
  double acting_odds_ratio_per_point;  // odds of acting multiply by this per intensity point above 5
  double checkin_missing_share;        // share of days without a check-in
  double pause_share;                  // share of not-acted urges of intensity >= 3 followed by a Pause
  double lapse_review_share;           // share of acted urges that get a lapse review
  double activities_per_week;
  double pleasant_mood_lift;  // mean mood_after - mood_before of a done activity, by category
  double mastery_mood_lift;
  double connection_mood_lift;

  // Instruments: a PHQ-9 and a GAD-7 every fortnight from the first morning, whose expected
  // totals fall exponentially from start to end (half-way after assessment_half_life_days).
  double assessment_interval_days;
  double phq9_start_total;
  double phq9_end_total;
  double gad7_start_total;
  double gad7_end_total;
  double assessment_half_life_days;
  double phq9_item9_share_first_month;  // PHQ-9s of the first 28 days with item 9 above 0 (each a safety event)
};
PlantedEffects planted_effects();

// One client's records over the period, ordered by time. `client_index` (0, 1, ...) varies
// the client so that a cohort is not identical; the same (seed, client_index) gives the same data.
std::vector<domain::Record> generate_client(const Options& options, int client_index);

}  // namespace keel::synth
