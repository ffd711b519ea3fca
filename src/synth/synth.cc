#include "synth/synth.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <numbers>
#include <span>
#include <string_view>
#include <utility>

#include "core/id.h"
#include "core/random.h"
#include "core/time.h"
#include "domain/rules.h"

namespace keel::synth {

namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr PlantedEffects kEffects{
    .base_urges_per_day = 1.0,
    .loneliness_rate_ratio = 1.8,
    .stress_rate_ratio = 1.5,
    .boredom_rate_ratio = 1.4,
    .late_night_scrolling_rate_ratio = 2.0,
    .initial_acting_probability = 0.45,
    .final_acting_probability = 0.12,
    .mean_surf_drop = 3.0,
    .weekend_rate_ratio = 1.4,
    .high_level_threshold = 7,
    .cluster_branching_ratio = 0.3,
    .cluster_mean_delay_minutes = 45,
    .acting_midpoint_days = 56,
    .acting_scale_days = 14,
    .acting_odds_ratio_per_point = 1.25,
    .checkin_missing_share = 0.2,
    .pause_share = 0.45,
    .lapse_review_share = 0.7,
    .activities_per_week = 3,
    .pleasant_mood_lift = 1.5,
    .mastery_mood_lift = 1.0,
    .connection_mood_lift = 2.0,
    .assessment_interval_days = 14,
    .phq9_start_total = 14,
    .phq9_end_total = 6,
    .gad7_start_total = 12,
    .gad7_end_total = 5,
    .assessment_half_life_days = 45,
    .phq9_item9_share_first_month = 0.25,
};

// The daily rhythm of urges by local hour (relative weights before the late-night factor):
// low in the small hours and the morning, rising through the evening to a peak at 22:00.
constexpr std::array<double, 24> kHourShape = {1.0, 0.7, 0.4, 0.2, 0.1, 0.1, 0.2, 0.4, 0.5, 0.5, 0.5, 0.5,
                                               0.6, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.3, 1.5, 1.8, 2.0, 1.6};

bool is_late_night(int hour) { return hour >= 22 || hour < 2; }

// Latent daily states are AR(1) around a mean, rounded to 0..10.
constexpr double kLatentMean = 4.5;
constexpr double kLatentPersistence = 0.6;
constexpr double kLatentNoise = 1.9;  // stationary sd about 2.4: a value >= 7 on about one day in five

// The number of the random stream of each part, so that changing one part leaves the others alone.
enum class Stream : std::uint64_t {
  days = 1,
  urges,
  pauses,
  reviews,
  checkins,
  values,
  activities,
  plans,
  journal,
  assessments
};

std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Draws on top of a SeededRandom.
class Draw {
 public:
  Draw(std::uint64_t seed, int client_index, Stream stream)
      : random_(mix(mix(mix(seed) ^ static_cast<std::uint64_t>(client_index)) ^ static_cast<std::uint64_t>(stream))) {}

  Random& random() { return random_; }
  double unit() { return random_.next_unit(); }
  bool chance(double probability) { return unit() < probability; }
  // A whole number in [low, high].
  int between(int low, int high) {
    return low + static_cast<int>(random_.next() % static_cast<std::uint64_t>(high - low + 1));
  }
  double normal(double mean, double spread) {
    // Box-Muller; 1 - unit() is in (0, 1].
    const double u = 1.0 - unit();
    const double v = unit();
    return mean + spread * std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
  }
  double exponential(double mean) { return -mean * std::log(1.0 - unit()); }
  int poisson(double mean) {
    // Knuth's method: fine for the small means used here.
    const double limit = std::exp(-mean);
    int count = 0;
    double product = unit();
    while (product > limit) {
      ++count;
      product *= unit();
    }
    return count;
  }
  template <typename T>
  const T& pick(std::span<const T> items) {
    return items[static_cast<std::size_t>(between(0, static_cast<int>(items.size()) - 1))];
  }
  // An index drawn with the given weights.
  std::size_t weighted(std::span<const double> weights) {
    double total = 0;
    for (double w : weights) total += w;
    double target = unit() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (target < weights[i]) return i;
      target -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  SeededRandom random_;
};

template <typename T, std::size_t N>
std::span<const T> all(const std::array<T, N>& items) {
  return std::span<const T>(items);
}

int clamp_level(double value) { return static_cast<int>(std::clamp(std::lround(value), 0L, 10L)); }

LocalDate add_days(LocalDate date, int count) { return LocalDate{std::chrono::sys_days{date} + days{count}}; }

// What raised the urge rate when an urge began; it decides the urge's words.
enum class Trigger { none, loneliness, stress, boredom };

struct DayState {
  LocalDate date;
  Instant start;  // first instant of the local day
  Instant next;   // first instant of the next local day
  int loneliness = 0;
  int stress = 0;
  int boredom = 0;
  double mood = 6;
  bool lonely() const { return loneliness >= kEffects.high_level_threshold; }
  bool stressed() const { return stress >= kEffects.high_level_threshold; }
  bool bored() const { return boredom >= kEffects.high_level_threshold; }
};

// An urge while it is being generated, with what caused it.
struct Planned {
  Instant at;
  Trigger trigger = Trigger::none;
  bool scrolling = false;  // the late-night "phone in bed" component
  int generation = 0;      // 0 for background urges, 1+ for follow-ups
  std::vector<std::string> contexts;
  std::vector<std::string> emotions;
  std::vector<std::string> warning_signs;
};

struct Period {
  std::string zone;
  Instant start;
  Instant end;
  std::vector<DayState> days;
};

domain::RecordKey make_key(const Options& options, Instant at, Draw& draw) {
  return domain::RecordKey{options.tenant_id, options.person_id, new_id(at, draw.random())};
}

double days_since(const Period& period, Instant at) {
  return std::chrono::duration<double, days::period>(at - period.start).count();
}

// ---------------------------------------------------------------------------------------------
// Days and their latent states.

Period make_period(const Options& options, Draw& draw) {
  Period period;
  period.zone = options.time_zone;
  period.end = options.end;
  const LocalDate last = local_date_of(options.end, options.time_zone);
  const LocalDate first = add_days(last, 1 - options.days);
  period.start = start_of_local_day(first, options.time_zone);
  double loneliness = kLatentMean, stress = kLatentMean, boredom = kLatentMean;
  for (int index = 0; index < options.days; ++index) {
    DayState day;
    day.date = add_days(first, index);
    day.start = start_of_local_day(day.date, options.time_zone);
    day.next = start_of_local_day(add_days(day.date, 1), options.time_zone);
    auto step = [&](double& value) {
      value = kLatentMean + kLatentPersistence * (value - kLatentMean) + draw.normal(0, kLatentNoise);
      value = std::clamp(value, 0.0, 10.0);
      return clamp_level(value);
    };
    day.loneliness = step(loneliness);
    day.stress = step(stress);
    day.boredom = step(boredom);
    day.mood = 7.0 - 0.25 * (day.stress - kLatentMean) - 0.3 * (day.loneliness - kLatentMean) -
               0.15 * (day.boredom - kLatentMean) + draw.normal(0, 0.8);
    period.days.push_back(day);
  }
  return period;
}

// ---------------------------------------------------------------------------------------------
// Urges: a Hawkes process. Background urges come from a Poisson process whose rate is constant
// within each real hour (so it follows local hours across daylight-saving changes); each urge
// then sets off a Poisson number of follow-ups with exponential delays.

constexpr std::array<std::string_view, 4> kHomeContexts = {"alone", "laptop", "bathroom", "with others"};
constexpr std::array<std::string_view, 4> kOtherEmotions = {"tired", "anxious", "sad", "angry"};
constexpr std::array<std::string_view, 3> kOtherWarningSigns = {"secrecy", "compulsive planning", "rumination"};

void add_word(std::vector<std::string>& words, std::string_view word) {
  if (std::find(words.begin(), words.end(), word) == words.end()) words.emplace_back(word);
}

void describe(Planned& urge, const LocalParts& local, Draw& draw) {
  const bool working_hours = local.weekday < 5 && local.hour >= 9 && local.hour < 17;
  if (urge.scrolling) {
    add_word(urge.contexts, "phone in bed");
    if (draw.chance(0.5)) add_word(urge.contexts, "alone");
    add_word(urge.warning_signs, "impulsive scrolling");
    if (draw.chance(0.4)) add_word(urge.warning_signs, "skipping sleep");
  }
  switch (urge.trigger) {
    case Trigger::loneliness:
      add_word(urge.contexts, "alone");
      add_word(urge.emotions, "lonely");
      if (draw.chance(0.3)) add_word(urge.emotions, "sad");
      add_word(urge.warning_signs, draw.chance(0.5) ? "rumination" : "secrecy");
      break;
    case Trigger::stress:
      if (!urge.scrolling) add_word(urge.contexts, working_hours ? "at work" : "laptop");
      add_word(urge.emotions, "stressed");
      if (draw.chance(0.4)) add_word(urge.emotions, "anxious");
      add_word(urge.warning_signs, draw.chance(0.5) ? "rumination" : "compulsive planning");
      break;
    case Trigger::boredom:
      if (!urge.scrolling) add_word(urge.contexts, draw.chance(0.6) ? "laptop" : "alone");
      add_word(urge.emotions, "bored");
      if (draw.chance(0.5)) add_word(urge.warning_signs, "impulsive scrolling");
      break;
    case Trigger::none:
      if (!urge.scrolling) add_word(urge.contexts, working_hours ? "at work" : draw.pick(all(kHomeContexts)));
      if (urge.scrolling && draw.chance(0.5)) add_word(urge.emotions, "tired");
      if (!urge.scrolling && draw.chance(0.7)) add_word(urge.emotions, draw.pick(all(kOtherEmotions)));
      if (!urge.scrolling && draw.chance(0.5)) add_word(urge.warning_signs, draw.pick(all(kOtherWarningSigns)));
      break;
  }
}

std::vector<Planned> plan_urges(const Period& period, Draw& draw) {
  // Normalize the rhythm so that a weekday with no high trigger has base_urges_per_day
  // background urges, the late-night window included.
  double weight_total = 0;
  for (int hour = 0; hour < 24; ++hour) {
    weight_total += kHourShape[static_cast<std::size_t>(hour)] *
                    (is_late_night(hour) ? kEffects.late_night_scrolling_rate_ratio : 1.0);
  }
  std::vector<Planned> urges;
  for (const auto& day : period.days) {
    double trigger_factor = 1;
    std::vector<std::pair<Trigger, double>> active;
    if (day.lonely()) active.emplace_back(Trigger::loneliness, kEffects.loneliness_rate_ratio);
    if (day.stressed()) active.emplace_back(Trigger::stress, kEffects.stress_rate_ratio);
    if (day.bored()) active.emplace_back(Trigger::boredom, kEffects.boredom_rate_ratio);
    for (const auto& [trigger, factor] : active) trigger_factor *= factor;

    for (Instant slot = day.start; slot < day.next && slot < period.end; slot += hours{1}) {
      const Instant slot_end = std::min({slot + hours{1}, day.next, period.end});
      const milliseconds length = slot_end - slot;
      const LocalParts local = local_parts(slot + length / 2, period.zone);
      const bool late = is_late_night(local.hour);
      const double late_factor = late ? kEffects.late_night_scrolling_rate_ratio : 1.0;
      const double weekend = local.weekday >= 5 ? kEffects.weekend_rate_ratio : 1.0;
      const double per_hour = kEffects.base_urges_per_day * kHourShape[static_cast<std::size_t>(local.hour)] *
                              late_factor / weight_total * weekend * trigger_factor;
      const int count = draw.poisson(per_hour * std::chrono::duration<double, hours::period>(length).count());
      for (int i = 0; i < count; ++i) {
        Planned urge;
        urge.at = slot + milliseconds{static_cast<long long>(draw.unit() * static_cast<double>(length.count()))};
        urge.scrolling = late && draw.chance((late_factor - 1) / late_factor);
        // The share of the rate each trigger added decides which one the urge is put down to.
        if (!active.empty() && !draw.chance(1.0 / trigger_factor)) {
          std::vector<double> weights;
          weights.reserve(active.size());
          for (const auto& [trigger, factor] : active) weights.push_back(factor - 1);
          urge.trigger = active[draw.weighted(weights)].first;
        }
        describe(urge, local_parts(urge.at, period.zone), draw);
        urges.push_back(std::move(urge));
      }
    }
  }
  // Follow-ups: each urge, background or follow-up, sets off Poisson(branching ratio) more.
  std::deque<std::size_t> parents;
  for (std::size_t i = 0; i < urges.size(); ++i) parents.push_back(i);
  while (!parents.empty()) {
    const std::size_t parent = parents.front();
    parents.pop_front();
    const int children = draw.poisson(kEffects.cluster_branching_ratio);
    for (int i = 0; i < children; ++i) {
      const auto delay = milliseconds{
          static_cast<long long>(draw.exponential(kEffects.cluster_mean_delay_minutes) * 60'000.0) + 60'000};
      Planned child = urges[parent];  // the same situation, still going on
      child.at = urges[parent].at + delay;
      child.generation = urges[parent].generation + 1;
      if (child.at >= period.end) continue;
      urges.push_back(std::move(child));
      parents.push_back(urges.size() - 1);
    }
  }
  std::stable_sort(urges.begin(), urges.end(), [](const Planned& a, const Planned& b) { return a.at < b.at; });
  return urges;
}

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double acting_probability(double days_in, int intensity) {
  const double base = kEffects.final_acting_probability +
                      (kEffects.initial_acting_probability - kEffects.final_acting_probability) *
                          logistic((kEffects.acting_midpoint_days - days_in) / kEffects.acting_scale_days);
  const double log_odds =
      std::log(base / (1 - base)) + std::log(kEffects.acting_odds_ratio_per_point) * (intensity - 5);
  return logistic(log_odds);
}

constexpr std::array<std::string_view, 5> kCopingSteps = {"went for a walk", "called a friend", "cold shower",
                                                          "paced breathing", "left the room"};
constexpr std::array<std::string_view, 5> kUrgeNotes = {"it passed quicker than I thought", "hard evening",
                                                        "noticed it early", "was on my phone again",
                                                        "told myself it is just an urge"};

// ---------------------------------------------------------------------------------------------
// Pauses.

struct PauseChoice {
  domain::PauseTechnique technique;
  std::array<int, 4> minutes;  // the planned lengths it is drawn from
  double drop_offset;          // added to the mean surf drop
};
constexpr std::array<PauseChoice, 4> kPauseChoices = {
    PauseChoice{domain::PauseTechnique::surf, {5, 10, 15, 20}, 0.0},
    PauseChoice{domain::PauseTechnique::breathe, {3, 5, 5, 5}, -0.5},
    PauseChoice{domain::PauseTechnique::ground, {5, 5, 5, 5}, -0.5},
    PauseChoice{domain::PauseTechnique::delay, {10, 15, 20, 20}, -1.0},
};
constexpr std::array<double, 4> kPauseWeights = {0.5, 0.2, 0.15, 0.15};
constexpr double kPauseLeftEarlyShare = 0.08;

std::optional<domain::PauseSession> make_pause(const Options& options, const domain::Urge& urge, Draw& draw) {
  const PauseChoice& choice = kPauseChoices[draw.weighted(kPauseWeights)];
  domain::PauseSession pause;
  pause.at = urge.at + seconds{draw.between(30, 180)};
  pause.time_zone = urge.time_zone;
  pause.technique = choice.technique;
  pause.planned_minutes = choice.minutes[static_cast<std::size_t>(draw.between(0, 3))];
  pause.start_intensity = urge.intensity;
  pause.urge_id = urge.key.id;
  const bool left_early = draw.chance(kPauseLeftEarlyShare);
  pause.elapsed_seconds = left_early ? draw.between(30, pause.planned_minutes * 60 - 1) : pause.planned_minutes * 60;
  if (pause.at + seconds{pause.elapsed_seconds} >= options.end) return std::nullopt;
  const int drop =
      std::clamp(static_cast<int>(std::lround(draw.normal(kEffects.mean_surf_drop + choice.drop_offset, 1.2))), 0,
                 pause.start_intensity);
  const int end_intensity = pause.start_intensity - drop;
  if (!left_early) pause.end_intensity = end_intensity;
  // The wave: up to a peak a quarter to half-way through, then down to the end.
  const double total = pause.planned_minutes * 60.0;
  const double peak_time = total * (0.2 + 0.25 * draw.unit());
  const double peak = std::min(10.0, pause.start_intensity + draw.between(0, 2) * 1.0);
  for (int offset = 0; offset <= pause.elapsed_seconds; offset += 60) {
    double value = 0;
    if (offset <= peak_time) {
      value = pause.start_intensity + (peak - pause.start_intensity) * (offset / peak_time);
    } else {
      value = peak + (end_intensity - peak) * ((offset - peak_time) / (total - peak_time));
    }
    int intensity = clamp_level(value + draw.normal(0, 0.4));
    if (offset == 0) intensity = pause.start_intensity;
    if (!left_early && offset == pause.elapsed_seconds) intensity = end_intensity;
    pause.samples.push_back(domain::IntensitySample{offset, intensity});
  }
  pause.key = make_key(options, pause.at, draw);
  return pause;
}

domain::UrgeOutcome outcome_after(domain::PauseTechnique technique) {
  switch (technique) {
    case domain::PauseTechnique::surf: return domain::UrgeOutcome::surfed;
    case domain::PauseTechnique::delay: return domain::UrgeOutcome::delayed;
    default: return domain::UrgeOutcome::coping;
  }
}

// ---------------------------------------------------------------------------------------------
// Lapse reviews.

struct ReviewText {
  std::string_view vulnerability;
  std::string_view trigger;
  std::array<std::string_view, 3> links;
};

ReviewText review_text(const Planned& urge) {
  if (urge.scrolling) {
    return {"tired and still up late",
            "scrolling on my phone in bed",
            {"could not sleep", "started scrolling", "one thing led to another"}};
  }
  switch (urge.trigger) {
    case Trigger::loneliness:
      return {"lonely all day, nobody to talk to",
              "an empty evening at home",
              {"felt left out", "thought nobody would notice", "opened the laptop"}};
    case Trigger::stress:
      return {"stressed about work", "a tense meeting", {"kept replaying it", "wanted to switch off", "went looking"}};
    case Trigger::boredom:
      return {"bored, nothing planned",
              "a long empty afternoon",
              {"drifted around online", "told myself just a look", "kept going"}};
    case Trigger::none: break;
  }
  return {"tired", "being alone with my phone", {"noticed the urge", "argued with it", "gave in"}};
}

constexpr std::array<std::string_view, 4> kWhatHelped = {"noticing it afterwards without judging", "writing this down",
                                                         "talking to my therapist", "remembering my reasons"};
constexpr std::array<std::string_view, 4> kWhatToChange = {
    "phone out of the bedroom at night", "use Pause as soon as I notice the urge", "plan something for empty evenings",
    "text a friend when I feel lonely"};
constexpr std::array<std::string_view, 3> kSelfCompassion = {"This is hard, and I am learning.",
                                                             "A slip is not the end of my progress.",
                                                             "Many people struggle with this; I am not alone."};

domain::LapseReview make_review(const Options& options, const domain::Urge& urge, const Planned& planned, Instant at,
                                Draw& draw) {
  const ReviewText text = review_text(planned);
  domain::LapseReview review;
  review.key = make_key(options, at, draw);
  review.urge_id = urge.key.id;
  review.at = at;
  review.time_zone = urge.time_zone;
  review.vulnerability = text.vulnerability;
  review.trigger = text.trigger;
  for (auto link : text.links) review.links.emplace_back(link);
  review.what_helped = draw.pick(all(kWhatHelped));
  review.what_to_change = draw.pick(all(kWhatToChange));
  review.self_compassion = draw.pick(all(kSelfCompassion));
  return review;
}

// ---------------------------------------------------------------------------------------------
// Values, goals, plans, activities, journal.

struct ValueText {
  std::string_view name;
  std::string_view description;
};
constexpr std::array<ValueText, 5> kValues = {
    ValueText{"connection", "Being close to the people I love"},
    ValueText{"health", "Looking after my body and my sleep"},
    ValueText{"honesty", "Living without secrets"},
    ValueText{"growth", "Learning and getting better at things"},
    ValueText{"family", "Being there for my family"},
};

struct ActivityText {
  domain::ActivityCategory category;
  std::string_view title;
};
constexpr std::array<ActivityText, 12> kActivities = {
    ActivityText{domain::ActivityCategory::pleasant, "walk in the park"},
    ActivityText{domain::ActivityCategory::pleasant, "cook a nice dinner"},
    ActivityText{domain::ActivityCategory::pleasant, "listen to a record"},
    ActivityText{domain::ActivityCategory::pleasant, "read a novel"},
    ActivityText{domain::ActivityCategory::mastery, "tidy the flat"},
    ActivityText{domain::ActivityCategory::mastery, "go for a run"},
    ActivityText{domain::ActivityCategory::mastery, "practise guitar"},
    ActivityText{domain::ActivityCategory::mastery, "finish the tax forms"},
    ActivityText{domain::ActivityCategory::connection, "call my sister"},
    ActivityText{domain::ActivityCategory::connection, "coffee with a friend"},
    ActivityText{domain::ActivityCategory::connection, "board game evening"},
    ActivityText{domain::ActivityCategory::connection, "visit my parents"},
};

double mood_lift(domain::ActivityCategory category) {
  switch (category) {
    case domain::ActivityCategory::pleasant: return kEffects.pleasant_mood_lift;
    case domain::ActivityCategory::mastery: return kEffects.mastery_mood_lift;
    case domain::ActivityCategory::connection: return kEffects.connection_mood_lift;
  }
  return 0;
}

// The value an activity of a category serves best: connection and family for connection, and so on.
std::string_view value_for(domain::ActivityCategory category, Draw& draw) {
  switch (category) {
    case domain::ActivityCategory::connection: return draw.chance(0.5) ? "connection" : "family";
    case domain::ActivityCategory::mastery: return draw.chance(0.5) ? "growth" : "health";
    case domain::ActivityCategory::pleasant: return draw.chance(0.5) ? "health" : "connection";
  }
  return "health";
}

std::string text_for_field(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kTexts[] = {
      {"situation", "Alone at home on Sunday evening"},
      {"automatic_thought", "I will never get better at this"},
      {"emotion", "hopeless"},
      {"emotion_strength_before", "80"},
      {"evidence_for", "I acted on an urge this week"},
      {"evidence_against", "I surfed most urges this month and the gaps are getting longer"},
      {"balanced_thought", "I slipped once, and I am still making progress"},
      {"emotion_strength_after", "40"},
      {"mindfulness", "This is a moment of struggle"},
      {"common_humanity", "Other people feel this too"},
      {"kindness", "May I be patient with myself"},
      {"prediction", "If I leave my phone outside the bedroom I will not sleep"},
      {"experiment", "Phone in the kitchen for a week"},
      {"outcome", "Slept better on five of seven nights"},
      {"what_i_learned", "The phone keeps me awake, not the other way round"},
  };
  for (const auto& [field, text] : kTexts) {
    if (field == name) return std::string(text);
  }
  return "written down";
}

constexpr std::array<std::string_view, 4> kJournalBodies = {
    "Quiet day. Noticed I reach for the phone when I am tired.",
    "Talked to a friend tonight, felt much lighter afterwards.",
    "Work was a lot. Went for a walk instead of scrolling.",
    "Thinking about why evenings are the hardest for me.",
};
constexpr std::array<std::string_view, 5> kCheckInNotes = {"ok day", "tired", "good talk with a friend",
                                                           "long day at work", "felt calmer than last week"};

domain::PlanVersion make_plan(const Options& options, int version, Instant at, Draw& draw) {
  domain::PlanVersion plan;
  plan.key = make_key(options, at, draw);
  plan.version = version;
  plan.created_at = at;
  plan.time_zone = options.time_zone;
  plan.warning_signs = {"impulsive scrolling", "skipping sleep", "secrecy"};
  plan.high_risk_situations = {"alone at home in the evening", "phone in bed after 22:00", "after a stressful day"};
  plan.coping_steps = {"use Pause and surf the urge", "leave the room", "call someone from the list"};
  plan.people = {domain::PlanPerson{"Sam", "+49 30 1234567"}, domain::PlanPerson{"my therapist", "Tuesdays 18:00"}};
  plan.environment_changes = {"phone charges in the kitchen"};
  plan.reasons = {"to be honest with my partner", "to sleep better"};
  plan.review_date = add_days(local_date_of(at, options.time_zone), 90);
  plan.change_note = "first plan, made with my therapist";
  if (version > 1) {
    plan.warning_signs.push_back("rumination");
    plan.high_risk_situations.push_back("lonely weekends");
    plan.coping_steps.push_back("plan a connection activity for the weekend");
    plan.environment_changes.push_back("app blocker on the laptop");
    plan.change_note = "added what I learned from the lapse reviews";
  }
  return plan;
}

// An instant on a day, `minutes_before` minutes before the next local midnight (DST changes
// happen at night, so this is the intended local evening time on every day).
Instant evening(const DayState& day, int minutes_before) { return day.next - minutes{minutes_before}; }

}  // namespace

PlantedEffects planted_effects() { return kEffects; }

std::vector<domain::Record> generate_client(const Options& options, int client_index) {
  std::vector<domain::Record> records;
  if (options.days <= 0) return records;
  Draw day_draw(options.seed, client_index, Stream::days);
  const Period period = make_period(options, day_draw);

  // Values and goals, on the first morning.
  Draw value_draw(options.seed, client_index, Stream::values);
  std::vector<domain::Value> values;
  const Instant first_morning = std::min(period.start + hours{9}, options.end - minutes{30});
  const int value_count = value_draw.between(2, 4);
  for (int i = 0; i < value_count; ++i) {
    domain::Value value;
    value.created_at = first_morning + minutes{i};
    value.key = make_key(options, value.created_at, value_draw);
    value.name = kValues[static_cast<std::size_t>(i)].name;
    value.description = kValues[static_cast<std::size_t>(i)].description;
    value.rank = i;
    values.push_back(value);
  }
  auto value_id = [&](std::string_view name) -> std::string {
    for (const auto& value : values) {
      if (value.name == name) return value.key.id;
    }
    return values.front().key.id;
  };
  {
    domain::Goal goal;
    goal.created_at = first_morning + minutes{10};
    goal.key = make_key(options, goal.created_at, value_draw);
    goal.title = "Use Pause when an urge is above 6";
    goal.levels = {"never", "now and then", "about half the time", "most of the time", "every time"};
    goal.weight = 2;
    goal.value_id = value_id("honesty");
    records.emplace_back(goal);
    domain::Goal second;
    second.created_at = goal.created_at + minutes{1};
    second.key = make_key(options, second.created_at, value_draw);
    second.title = "Phone out of the bedroom";
    second.levels = {"every night in bed", "most nights", "half the nights", "most nights out", "every night out"};
    second.weight = 1;
    second.value_id = value_id("health");
    records.emplace_back(second);
  }
  for (const auto& value : values) records.emplace_back(value);

  // Urges, their Pauses and lapse reviews.
  Draw urge_draw(options.seed, client_index, Stream::urges);
  Draw pause_draw(options.seed, client_index, Stream::pauses);
  Draw review_draw(options.seed, client_index, Stream::reviews);
  const std::vector<Planned> planned = plan_urges(period, urge_draw);
  std::vector<domain::Urge> urges;
  for (const auto& plan : planned) {
    domain::Urge urge;
    urge.key = make_key(options, plan.at, urge_draw);
    urge.at = plan.at;
    urge.time_zone = options.time_zone;
    double intensity = urge_draw.normal(5.2, 1.8);
    if (plan.trigger == Trigger::loneliness) intensity += 1.0;
    if (plan.trigger == Trigger::stress) intensity += 0.5;
    if (plan.scrolling) intensity += 0.5;
    urge.intensity = std::clamp(clamp_level(intensity), 1, 10);
    urge.contexts = plan.contexts;
    urge.emotions = plan.emotions;
    urge.warning_signs = plan.warning_signs;
    if (plan.at > options.end - minutes{20}) {
      urge.outcome = domain::UrgeOutcome::ongoing;
      urges.push_back(std::move(urge));
      records.emplace_back(urges.back());
      continue;
    }
    const bool acted = urge_draw.chance(acting_probability(days_since(period, plan.at), urge.intensity));
    if (acted) {
      urge.outcome = domain::UrgeOutcome::acted;
      if (urge_draw.chance(0.75)) urge.duration_minutes = urge_draw.between(10, 45);
    } else {
      static constexpr std::array<double, 3> kOutcomeWeights = {0.45, 0.25, 0.30};
      static constexpr std::array<domain::UrgeOutcome, 3> kOutcomes = {
          domain::UrgeOutcome::surfed, domain::UrgeOutcome::delayed, domain::UrgeOutcome::coping};
      urge.outcome = kOutcomes[urge_draw.weighted(kOutcomeWeights)];
      if (urge_draw.chance(0.75)) urge.duration_minutes = urge_draw.between(5, 40);
    }
    if (urge_draw.chance(0.2)) urge.note = urge_draw.pick(all(kUrgeNotes));
    // A Pause follows a share of the urges strong enough to need one; fewer before acting.
    std::optional<domain::PauseSession> pause;
    const double pause_chance = acted ? kEffects.pause_share / 3 : kEffects.pause_share;
    if (urge.intensity >= 3 && pause_draw.chance(pause_chance)) {
      pause = make_pause(options, urge, pause_draw);
      if (pause && !acted) urge.outcome = outcome_after(pause->technique);
    }
    switch (urge.outcome) {
      case domain::UrgeOutcome::surfed: urge.strategy = "urge surfing"; break;
      case domain::UrgeOutcome::delayed: urge.strategy = "waited it out"; break;
      case domain::UrgeOutcome::coping: urge.strategy = urge_draw.pick(all(kCopingSteps)); break;
      default: break;
    }
    urges.push_back(urge);
    records.emplace_back(urge);
    if (pause) records.emplace_back(*pause);
    if (acted && review_draw.chance(kEffects.lapse_review_share)) {
      const Instant at = plan.at + minutes{review_draw.between(20, 360)};
      if (at < options.end) records.emplace_back(make_review(options, urge, plan, at, review_draw));
    }
  }

  // Check-ins: most evenings, about the day so far.
  Draw checkin_draw(options.seed, client_index, Stream::checkins);
  for (const auto& day : period.days) {
    if (checkin_draw.chance(kEffects.checkin_missing_share)) continue;
    const Instant at = evening(day, checkin_draw.between(30, 200));
    // Sleep shortened by urges in the night before (22:00 to 06:00).
    const Instant night_start = day.start - hours{2};
    const Instant night_end = day.start + hours{6};
    int urges_today = 0, night_urges = 0;
    bool acted_today = false;
    for (const auto& urge : urges) {
      if (urge.at >= night_start && urge.at < night_end) ++night_urges;
      if (urge.at >= day.start && urge.at < at) {
        ++urges_today;
        acted_today = acted_today || urge.outcome == domain::UrgeOutcome::acted;
      }
    }
    const double sleep = std::clamp(checkin_draw.normal(7.2, 0.8) - 0.5 * night_urges, 3.0, 10.0);
    if (at >= options.end) continue;
    domain::CheckIn checkin;
    checkin.key = make_key(options, at, checkin_draw);
    checkin.date = day.date;
    checkin.at = at;
    checkin.time_zone = options.time_zone;
    checkin.stress = day.stress;
    checkin.loneliness = day.loneliness;
    checkin.boredom = day.boredom;
    checkin.mood = clamp_level(day.mood - (acted_today ? 1.5 : 0.0) + checkin_draw.normal(0, 0.5));
    checkin.sleep_hours = std::round(sleep * 4) / 4;
    checkin.tiredness = clamp_level(4 + (7 - sleep) * 1.2 + checkin_draw.normal(0, 1));
    checkin.hunger = clamp_level(checkin_draw.normal(2, 1.3));
    checkin.urges_today = urges_today;
    checkin.acted_today = acted_today;
    if (checkin_draw.chance(0.4)) checkin.note = checkin_draw.pick(all(kCheckInNotes));
    records.emplace_back(checkin);
  }

  // Activities: a few a week, planned in the morning for later that day.
  Draw activity_draw(options.seed, client_index, Stream::activities);
  for (const auto& day : period.days) {
    if (!activity_draw.chance(kEffects.activities_per_week / 7)) continue;
    const ActivityText& text = activity_draw.pick(all(kActivities));
    domain::Activity activity;
    activity.created_at = evening(day, activity_draw.between(13 * 60, 15 * 60));  // about 09:00 to 11:00
    if (activity.created_at >= options.end) continue;
    activity.key = make_key(options, activity.created_at, activity_draw);
    activity.time_zone = options.time_zone;
    activity.title = text.title;
    activity.category = text.category;
    activity.value_ids.push_back(value_id(value_for(text.category, activity_draw)));
    if (activity_draw.chance(0.3)) {
      const std::string other = value_id(value_for(text.category, activity_draw));
      if (other != activity.value_ids.front()) activity.value_ids.push_back(other);
    }
    activity.scheduled_at = activity.created_at + minutes{activity_draw.between(120, 600)};
    const Instant done_at = *activity.scheduled_at + minutes{activity_draw.between(30, 120)};
    if (activity_draw.chance(0.75) && done_at < options.end) {
      activity.done = true;
      activity.done_at = done_at;
      const int before = clamp_level(day.mood - 1 + activity_draw.normal(0, 1));
      activity.mood_before = before;
      activity.mood_after = clamp_level(before + activity_draw.normal(mood_lift(text.category), 1.2));
      if (activity_draw.chance(0.3)) activity.note = "glad I did it";
    }
    records.emplace_back(activity);
  }

  // The relapse-prevention plan: made on the first evening, revised about 60% of the way through.
  Draw plan_draw(options.seed, client_index, Stream::plans);
  {
    const Instant first = std::min(evening(period.days.front(), 240), options.end - minutes{1});
    records.emplace_back(make_plan(options, 1, std::max(first, period.start), plan_draw));
    if (options.days >= 14) {
      const auto& day = period.days[static_cast<std::size_t>(options.days * 6 / 10)];
      const Instant revised = evening(day, 180);
      if (revised < options.end) records.emplace_back(make_plan(options, 2, revised, plan_draw));
    }
  }

  // Journal entries: about one in ten days; free writing, thought records, self-compassion.
  Draw journal_draw(options.seed, client_index, Stream::journal);
  for (const auto& day : period.days) {
    if (!journal_draw.chance(0.1)) continue;
    const Instant at = evening(day, journal_draw.between(60, 240));
    if (at >= options.end) continue;
    static constexpr std::array<double, 3> kKindWeights = {0.4, 0.4, 0.2};
    static constexpr std::array<domain::JournalKind, 3> kKinds = {
        domain::JournalKind::free, domain::JournalKind::thought_record, domain::JournalKind::self_compassion};
    domain::JournalEntry entry;
    entry.key = make_key(options, at, journal_draw);
    entry.at = at;
    entry.time_zone = options.time_zone;
    entry.kind = kKinds[journal_draw.weighted(kKindWeights)];
    entry.is_private = journal_draw.chance(0.8);
    if (entry.kind == domain::JournalKind::free) {
      entry.title = "evening notes";
      entry.body = journal_draw.pick(all(kJournalBodies));
    } else {
      entry.title = entry.kind == domain::JournalKind::thought_record ? "thought record" : "self-compassion break";
      for (std::string_view name : domain::journal_field_names(entry.kind)) {
        entry.fields.push_back(domain::JournalField{std::string(name), text_for_field(name)});
      }
    }
    records.emplace_back(entry);
  }

  // Instruments every fortnight: PHQ-9 and GAD-7, improving over time.
  Draw assessment_draw(options.seed, client_index, Stream::assessments);
  const int interval = static_cast<int>(kEffects.assessment_interval_days);
  for (std::size_t index = 0; index < period.days.size(); index += static_cast<std::size_t>(interval)) {
    const auto& day = period.days[index];
    const Instant at = day.start + hours{10} + minutes{assessment_draw.between(0, 90)};
    if (at >= options.end) continue;
    const double decay = std::exp2(-days_since(period, at) / kEffects.assessment_half_life_days);
    auto administer = [&](const char* instrument, int items, double start_total, double end_total) {
      domain::Assessment assessment;
      assessment.at = at;
      assessment.key = make_key(options, at, assessment_draw);
      assessment.time_zone = options.time_zone;
      assessment.instrument = instrument;
      // Each item's score is Binomial(3, p), p chosen so the expected total is on the curve.
      const double expected = end_total + (start_total - end_total) * decay;
      const double probability = std::clamp(expected / (3.0 * items), 0.0, 1.0);
      for (int item = 1; item <= items; ++item) {
        int score = 0;
        for (int trial = 0; trial < 3; ++trial) score += assessment_draw.chance(probability) ? 1 : 0;
        assessment.answers.push_back({std::to_string(item), score});
      }
      return assessment;
    };
    domain::Assessment phq9 = administer("phq-9", 9, kEffects.phq9_start_total, kEffects.phq9_end_total);
    // Item 9 (thoughts of self-harm) is drawn apart: sometimes above 0 in the first month only.
    const bool first_month = days_since(period, at) < 28;
    phq9.answers[8].score = first_month && assessment_draw.chance(kEffects.phq9_item9_share_first_month) ? 1 : 0;
    if (phq9.answers[8].score > 0) {
      domain::SafetyEvent event;
      event.at = at;
      event.key = make_key(options, at, assessment_draw);
      event.time_zone = options.time_zone;
      event.source = domain::SafetySource::instrument_item;
      event.assessment_id = phq9.key.id;
      event.item = "9";
      event.score = phq9.answers[8].score;
      records.emplace_back(event);
    }
    records.emplace_back(std::move(phq9));
    records.emplace_back(administer("gad-7", 7, kEffects.gad7_start_total, kEffects.gad7_end_total));
  }

  std::stable_sort(records.begin(), records.end(), [](const domain::Record& a, const domain::Record& b) {
    return domain::time_of(a) < domain::time_of(b);
  });
  return records;
}

}  // namespace keel::synth
