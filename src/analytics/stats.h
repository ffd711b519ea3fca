// A person's patterns, computed from their own records (issue 4, docs/analytics.md): the trigger
// map, the intervals between urges and between lapses, trends, what helps, check-in links, small
// wins and a risk forecast. Pure functions over domain records: no I/O, no clock (the caller
// passes "now" as `as_of`). Every result carries one plain, kind sentence a client can read, and
// says "not enough data yet" and what is missing instead of a made-up number.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analytics/statistics.h"
#include "analytics/survival.h"
#include "core/clock.h"
#include "core/time.h"
#include "domain/records.h"

namespace keel::analytics {

struct StatsOptions {
  Instant as_of;                   // "now": records after it are left out
  std::optional<LocalDate> since;  // first local day counted, in `time_zone`; records before are left out
  std::string time_zone = "UTC";   // the person's zone: weeks, days and forecast windows follow it
};

// One urge as the analyses see it: its local clock facts in its own zone, and its outcome.
struct UrgeEvent {
  Instant at;
  LocalDate local_date;  // in the urge's own time zone
  int weekday = 0;       // 0 = Monday .. 6 = Sunday, local
  int hour = 0;          // 0..23, local
  domain::UrgeOutcome outcome = domain::UrgeOutcome::ongoing;
  const domain::Urge* urge = nullptr;

  bool acted() const { return outcome == domain::UrgeOutcome::acted; }
  bool decided() const { return outcome != domain::UrgeOutcome::ongoing; }
  bool passed() const { return decided() && !acted(); }  // surfed, delayed or coping: came and went
};

// The records in view (between the start and as_of), sorted by time, with what every analysis
// needs precomputed once. Points into the records it was made from: keep them alive.
struct Observation {
  StatsOptions options;
  Instant start;             // the start of `since` in the person's zone, else the first record
  double observed_days = 0;  // from start to as_of
  bool empty = true;         // no records at all in view
  std::vector<UrgeEvent> urges;
  std::vector<const domain::CheckIn*> checkins;  // by date
  std::vector<const domain::PauseSession*> pauses;
  std::vector<const domain::Activity*> activities;
  std::vector<const domain::LapseReview*> lapse_reviews;
};
Observation observe(std::span<const domain::Record> records, const StatsOptions& options);

// Every section says whether it had enough data; when not, `missing` names what is missing.
struct Section {
  bool enough_data = false;
  std::string missing;   // "at least 5 logged urges (there are 2)"; empty when enough
  std::string sentence;  // one plain, kind sentence
};

// --- 1. Trigger map ---------------------------------------------------------------------------

// One context, emotion or warning sign.
struct TagRow {
  std::string tag;
  int urges = 0;                  // urges that carried it
  int lapses = 0;                 // of those, urges that ended in acting
  ShareEstimate acting;           // lapses / decided urges (ongoing ones left out), Wilson 95 %
  std::optional<double> lift;     // acting share / the person's overall acting share
  std::array<int, 24> by_hour{};  // its urges by local hour
  int peak_hour = 0;              // the hour with most of them (earliest on ties)
};

struct TriggerMap : Section {
  int urges = 0;
  int lapses = 0;
  ShareEstimate acting;                            // overall: lapses / decided urges
  std::array<std::array<int, 24>, 7> urge_grid{};  // [weekday 0 = Monday][local hour]
  std::array<std::array<int, 24>, 7> lapse_grid{};
  std::optional<int> peak_weekday;  // the cell with the most urges (earliest on ties)
  std::optional<int> peak_hour;
  std::optional<int> busiest_hour;     // summed over the week
  std::optional<int> busiest_weekday;  // summed over the day
  // Each ranked by urges (then lapses, then name): how often it comes before urges.
  std::vector<TagRow> contexts;
  std::vector<TagRow> emotions;
  std::vector<TagRow> warning_signs;
};
TriggerMap trigger_map(const Observation& observation);

// --- 2. Intervals -----------------------------------------------------------------------------

struct EventIntervals : Section {
  int events = 0;                         // urges (or lapses) in view
  int closed_intervals = 0;               // events − 1
  std::vector<SurvivalObservation> gaps;  // in days: the closed ones, then the open one (censored)
  KaplanMeier estimate;
  std::vector<SurvivalAt> survival_at;         // at 1, 7, 14 and 30 days
  std::optional<double> longest_days;          // the longest interval, the open one included
  std::optional<double> current_days;          // from the last event to as_of
  std::optional<double> earlier_typical_days;  // median of the first half of the closed intervals
  std::optional<double> recent_typical_days;   // and of the second half (6 closed intervals or more)
};
inline constexpr std::array<double, 4> kSurvivalDays = {1, 7, 14, 30};

// `lapses_only`: between lapses; otherwise between urges.
EventIntervals event_intervals(const Observation& observation, bool lapses_only);

struct Intervals {
  EventIntervals between_urges;
  EventIntervals between_lapses;
};

// --- 3. Trends --------------------------------------------------------------------------------

struct WeekRow {
  LocalDate monday;
  int urges = 0;
  int lapses = 0;
  int surfed = 0;                         // outcome "surfed"
  int passed = 0;                         // surfed, delayed or coping
  std::optional<double> urges_per_lapse;  // absent in a week without a lapse
};

// The rate of the last four weeks against the first four, from a Poisson model with a log link.
struct RateRatio : Section {
  std::array<int, 4> first_weeks{};  // counts in the four 7-day blocks after the start
  std::array<int, 4> last_weeks{};   // and in the four before as_of
  std::optional<double> ratio;       // rate(last) / rate(first)
  Interval95 ci95_poisson;           // Wald interval on the log scale, Poisson variance
  std::optional<double> dispersion;  // Pearson χ² / residual degrees of freedom
  bool overdispersed = false;        // dispersion > 1
  Interval95 ci95;                   // the one to use: widened by √dispersion when overdispersed
};

struct Trends : Section {
  std::vector<WeekRow> weeks;  // local Monday-to-Sunday weeks, oldest first
  RateRatio urges;
  RateRatio lapses;
  // The urge-to-action ratio as a share: urges that ended in a lapse, of the decided urges in the
  // first four and the last four weeks (Wilson 95 %). Present when the rate ratios are.
  ShareEstimate acting_first;
  ShareEstimate acting_last;
  std::string acting_sentence;
};
Trends trends(const Observation& observation);

// The first four and last four 7-day blocks of an observation, as a Poisson design: counts,
// columns (intercept, last) and the log of each block's length in days as offset.
struct RateDesign {
  std::vector<double> counts;
  std::vector<std::array<double, 2>> rows;
  std::vector<double> offsets;
};
RateDesign rate_design(const RateRatio& rate);

// --- 4. What helps ----------------------------------------------------------------------------

struct TechniqueEffect {
  std::string technique;      // "surf", "breathe", ... or all of them: "all"
  MeanEstimate drop;          // start − end intensity of Pauses with an end rating
  ShareEstimate ended_lower;  // of those, the share that ended lower than it started
};

struct LiftRow {
  std::string name;   // category or activity title
  MeanEstimate lift;  // mood after − mood before, of done activities with both ratings
};

struct PassedRow {
  std::string name;      // Pause technique, or the client's own strategy words
  ShareEstimate passed;  // urges that passed (not acted) / decided urges
};

struct WhatHelps : Section {
  TechniqueEffect surf_effect;                // every rated Pause
  std::vector<TechniqueEffect> by_technique;  // per Pause technique
  std::string surf_sentence;
  std::vector<LiftRow> activity_by_category;  // ranked by mean lift
  std::vector<LiftRow> activity_by_title;     // titles done at least 3 times, ranked
  std::string activity_sentence;
  std::vector<PassedRow> techniques;  // Pause technique after the urge, ranked by share passed
  std::vector<PassedRow> strategies;  // the urge's strategy words, ranked
  std::string technique_sentence;
};
WhatHelps what_helps(const Observation& observation);

// --- 5. Check-in links ------------------------------------------------------------------------

// A Poisson regression effect: the rate ratio with its 95 % interval, widened by √dispersion
// (quasi-Poisson) when the counts are overdispersed.
struct PoissonEffect {
  std::optional<double> rate_ratio;
  Interval95 ci95;
  std::optional<double> dispersion;  // Pearson χ² / residual degrees of freedom
  std::optional<double> z;           // log rate ratio / its (widened) standard error
};

// A within-person association between a check-in state and the day's (or the next day's) urges
// or lapses: the person's own days compared with each other, by Poisson regression of the count
// on (a) whether the state was high that day (7 or more of 10; for sleep, under 6 hours) and
// (b) the state centred on the person's own mean, per point (per hour for sleep).
struct CheckinLink {
  std::string state;    // loneliness, stress, boredom, tiredness, hunger, sleep
  std::string outcome;  // "urges" or "lapses"
  std::string day;      // "same_day" or "next_day"
  std::string high;     // what a high day is: "7 or more", "under 6 hours"
  int days = 0;         // check-in days used
  int high_days = 0;    // of them, high days
  double state_mean = 0;
  std::optional<double> mean_count_high;   // urges (lapses) per high day
  std::optional<double> mean_count_other;  // and per other day
  PoissonEffect high_day;                  // high days against the other days (absent with fewer than 5 of either)
  PoissonEffect per_point;                 // per point of the state (absent when it never changed)
};

struct CheckinLinks : Section {
  int checkin_days = 0;
  std::vector<CheckinLink> links;      // every state × outcome × day that could be estimated
  std::vector<CheckinLink> strongest;  // up to 3 whose high-day interval leaves out 1, by |z|
};
CheckinLinks checkin_links(const Observation& observation);

// --- 6. Small wins ----------------------------------------------------------------------------

struct Milestone {
  std::string what;   // "urges_passed", "pauses_completed", "checkin_days", "activities_done", "days_between_lapses"
  int threshold = 0;  // 10, 25, ...
  LocalDate reached;  // the local day it was reached
};

struct SmallWins : Section {
  int urges_logged = 0;
  int urges_passed = 0;
  int urges_surfed = 0;
  int pauses = 0;
  int pauses_completed = 0;  // with an end rating
  int checkin_days = 0;
  int activities_done = 0;
  int lapse_reviews = 0;
  std::optional<double> longest_days_between_lapses;  // the open interval included
  std::optional<double> longest_days_between_urges;
  std::optional<LocalDate> best_week_monday;  // the week with the most urges passed
  int best_week_passed = 0;
  std::vector<Milestone> milestones;  // reached, oldest first
};
SmallWins small_wins(const Observation& observation);

// --- 7. Risk forecast -------------------------------------------------------------------------

struct ForecastFactor {
  std::string name;     // "time_of_day", "day_of_week", "urges_last_24h", "loneliness", ...
  double strength = 0;  // log-odds: |β| per standard deviation, or half the range of the time part
  int direction = 0;    // +1 raises the chance, −1 lowers it, 0 for the time of day / week
  std::string words;
};

struct ForecastModel : Section {
  std::string target;  // "urge" or "lapse": one in the next 3-hour window
  int windows = 0;
  int train_windows = 0;
  int test_windows = 0;
  int train_positive = 0;
  int test_positive = 0;
  std::optional<double> auc;
  std::optional<double> brier;
  std::optional<double> baseline_auc;  // hour-of-week frequencies from the training windows
  std::optional<double> baseline_brier;
  std::vector<std::string> feature_names;
  std::vector<double> coefficients;               // intercept, then per standardised feature (training windows)
  std::vector<ForecastFactor> factors;            // strongest first
  std::optional<double> next_window_probability;  // an urge (lapse) in the 3 hours after as_of
};

struct Forecast {
  ForecastModel urge;
  ForecastModel lapse;
};
Forecast forecast(const Observation& observation);

// --- everything -------------------------------------------------------------------------------

struct Stats {
  StatsOptions options;
  Instant start;
  double observed_days = 0;
  TriggerMap trigger_map;
  Intervals intervals;
  Trends trends;
  WhatHelps what_helps;
  CheckinLinks checkin_links;
  SmallWins small_wins;
  Forecast forecast;
};
Stats compute_stats(std::span<const domain::Record> records, const StatsOptions& options);

// The sentences of every result, in the order of the sections.
std::vector<std::string> stats_sentences(const Stats& stats);

}  // namespace keel::analytics
