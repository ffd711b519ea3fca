// The records a client makes, as plain values. No I/O here: the store persists them, the
// exchange format writes them as JSON Lines, and rules.h says which values are valid.
//
// Every record carries a RecordKey: the tenant (clinic) id, the person id and the record's
// own id (a ULID). Urge and action are separate things: an Urge has an outcome, and "acted"
// is only one of them; a LapseReview hangs off an urge whose outcome is "acted".
#pragma once

#include <array>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "core/time.h"

namespace keel::domain {

struct RecordKey {
  std::string tenant_id;
  std::string person_id;
  std::string id;
  bool operator==(const RecordKey&) const = default;
};

// What became of an urge (F6).
enum class UrgeOutcome { surfed, delayed, coping, acted, ongoing };

// F6: one urge, logged in seconds.
struct Urge {
  RecordKey key;
  Instant at;             // when the urge began
  std::string time_zone;  // the client's IANA zone at that moment
  int intensity = 0;      // 0..10
  std::optional<int> duration_minutes;
  std::vector<std::string> contexts;  // place, activity, device, alone or with others
  std::vector<std::string> emotions;
  std::vector<std::string> warning_signs;  // rumination, impulsive scrolling, secrecy, ...
  UrgeOutcome outcome = UrgeOutcome::ongoing;
  std::string strategy;  // what the client did, in their words (free text)
  std::string note;      // free text
  bool operator==(const Urge&) const = default;
};

// F4: a short chain analysis after an urge that ended in acting, then a self-compassion prompt.
struct LapseReview {
  RecordKey key;
  std::string urge_id;  // the urge, whose outcome is "acted"
  Instant at;           // when the review was written
  std::string time_zone;
  std::string vulnerability;       // what made me more vulnerable (tired, lonely, ...)
  std::string trigger;             // what set the urge off
  std::vector<std::string> links;  // the links in the chain, in order
  std::string what_helped;
  std::string what_to_change;
  std::string self_compassion;  // a kind word to oneself
  bool operator==(const LapseReview&) const = default;
};

// F5: the daily check-in. One per local date per person.
struct CheckIn {
  RecordKey key;
  LocalDate date;  // the client's local day it is about
  Instant at;      // when it was written
  std::string time_zone;
  int mood = 5;            // 0..10, higher is better
  int stress = 0;          // 0..10
  int loneliness = 0;      // 0..10
  int boredom = 0;         // 0..10
  int tiredness = 0;       // 0..10
  int hunger = 0;          // 0..10
  double sleep_hours = 0;  // 0..24
  int urges_today = 0;
  bool acted_today = false;
  std::string note;  // one line of reflection (free text)
  bool operator==(const CheckIn&) const = default;
};

// F8/F9: what the client chose in a Pause.
enum class PauseTechnique { surf, breathe, ground, delay };

struct IntensitySample {
  int offset_seconds = 0;  // since the start of the Pause
  int intensity = 0;       // 0..10
  bool operator==(const IntensitySample&) const = default;
};

// One Pause: its start and end intensity are the client's own evidence that urges pass.
struct PauseSession {
  RecordKey key;
  Instant at;  // start
  std::string time_zone;
  PauseTechnique technique = PauseTechnique::surf;
  int planned_minutes = 0;
  int elapsed_seconds = 0;
  int start_intensity = 0;               // 0..10
  std::optional<int> end_intensity;      // absent when the Pause was left early without a rating
  std::vector<IntensitySample> samples;  // in time order
  std::string urge_id;                   // the urge it followed, when logged (may be empty)
  bool operator==(const PauseSession&) const = default;
};

// F1: something the client cares about.
struct Value {
  RecordKey key;
  Instant created_at;
  std::string name;         // free text
  std::string description;  // free text
  int rank = 0;             // the client's own order, 0 first
  bool operator==(const Value&) const = default;
};

// F1: a personal goal on a five-level Goal Attainment Scale.
struct Goal {
  RecordKey key;
  Instant created_at;
  std::string title;                  // free text
  std::array<std::string, 5> levels;  // descriptions of -2, -1, 0, +1, +2 (index 0 is -2)
  double weight = 1;                  // > 0
  std::string value_id;               // the value it serves (may be empty)
  bool archived = false;
  bool operator==(const Goal&) const = default;
};

// F13: behavioural activation.
enum class ActivityCategory { pleasant, mastery, connection };

struct Activity {
  RecordKey key;
  Instant created_at;
  std::string time_zone;
  std::string title;  // free text
  ActivityCategory category = ActivityCategory::pleasant;
  std::vector<std::string> value_ids;
  std::optional<Instant> scheduled_at;
  bool done = false;
  std::optional<Instant> done_at;
  std::optional<int> mood_before;  // 0..10
  std::optional<int> mood_after;   // 0..10
  std::string note;                // free text
  bool operator==(const Activity&) const = default;
};

// F18: someone to contact, from the plan.
struct PlanPerson {
  std::string name;
  std::string contact;  // phone number, handle, ...
  bool operator==(const PlanPerson&) const = default;
};

// F18: one saved version of the relapse-prevention plan. Saving makes a new version;
// old ones are kept so they can be compared.
struct PlanVersion {
  RecordKey key;
  int version = 1;  // 1, 2, 3, ... per person
  Instant created_at;
  std::string time_zone;
  std::vector<std::string> warning_signs;
  std::vector<std::string> high_risk_situations;
  std::vector<std::string> coping_steps;
  std::vector<PlanPerson> people;
  std::vector<std::string> environment_changes;
  std::vector<std::string> reasons;
  std::optional<LocalDate> review_date;
  std::string change_note;  // why this version (free text)
  bool operator==(const PlanVersion&) const = default;
};

// F11, F12, F21: the kinds of journal entry.
enum class JournalKind { free, thought_record, behavioural_experiment, self_compassion, compassionate_letter, reframe };

struct JournalField {
  std::string name;   // for a thought record: situation, automatic_thought, ...
  std::string value;  // free text
  bool operator==(const JournalField&) const = default;
};

// F11/F12/F21: a journal entry. Structured kinds keep their parts as named fields.
struct JournalEntry {
  RecordKey key;
  Instant at;
  std::string time_zone;
  JournalKind kind = JournalKind::free;
  std::string title;  // free text
  std::string body;   // free text
  std::vector<JournalField> fields;
  bool is_private = true;  // private entries are never shared with anyone
  bool operator==(const JournalEntry&) const = default;
};

// F23: one answer of an instrument, by the item's linkId, as the option's score.
struct AssessmentAnswer {
  std::string item;  // the Questionnaire item's linkId
  int score = 0;     // the chosen option's ordinal score
  bool operator==(const AssessmentAnswer&) const = default;
};

// F23: one completed instrument (a FHIR QuestionnaireResponse). Scores are not stored: they are
// computed from the answers and the instrument's scoring rules whenever they are shown.
struct Assessment {
  RecordKey key;
  Instant at;
  std::string time_zone;
  std::string instrument;                 // the instrument's id: "phq-9", "gad-7", ...
  std::vector<AssessmentAnswer> answers;  // in item order; unanswered items are absent
  bool operator==(const Assessment&) const = default;
};

// Where a safety event came from.
enum class SafetySource {
  instrument_item,  // an answer that the instrument's safety rule flags (PHQ-9 item 9 above 0)
  client_signal,    // the client said "I'm not safe"
};

// Principle 6: a moment when crisis resources were shown. Kept so that, where the client
// consented, their clinician can be alerted, and so that nothing depends on a screen being seen.
struct SafetyEvent {
  RecordKey key;
  Instant at;
  std::string time_zone;
  SafetySource source = SafetySource::instrument_item;
  std::string assessment_id;  // the assessment that raised it (empty for a client signal)
  std::string item;           // the item's linkId (empty for a client signal)
  int score = 0;              // the answer's score (0 for a client signal)
  bool operator==(const SafetyEvent&) const = default;
};

using Record = std::variant<Urge, LapseReview, CheckIn, PauseSession, Value, Goal, Activity, PlanVersion, JournalEntry,
                            Assessment, SafetyEvent>;

// The kinds, in the order of Record's alternatives.
enum class RecordKind {
  urge,
  lapse_review,
  checkin,
  pause,
  value,
  goal,
  activity,
  plan,
  journal,
  assessment,
  safety_event
};
inline constexpr std::array<RecordKind, 11> kAllRecordKinds = {
    RecordKind::urge,    RecordKind::lapse_review, RecordKind::checkin,     RecordKind::pause,
    RecordKind::value,   RecordKind::goal,         RecordKind::activity,    RecordKind::plan,
    RecordKind::journal, RecordKind::assessment,   RecordKind::safety_event};

RecordKind kind_of(const Record& record);
const RecordKey& key_of(const Record& record);
RecordKey& key_of(Record& record);
// The instant a record is ordered and filtered by: its event time or its creation time.
Instant time_of(const Record& record);

// Stable names used in the export format, the CLI and the API: "urge", "lapse_review", ...
const char* kind_name(RecordKind kind);
std::optional<RecordKind> parse_kind(std::string_view name);

const char* outcome_name(UrgeOutcome outcome);
std::optional<UrgeOutcome> parse_outcome(std::string_view name);
const char* technique_name(PauseTechnique technique);
std::optional<PauseTechnique> parse_technique(std::string_view name);
const char* category_name(ActivityCategory category);
std::optional<ActivityCategory> parse_category(std::string_view name);
const char* journal_kind_name(JournalKind kind);
std::optional<JournalKind> parse_journal_kind(std::string_view name);
const char* safety_source_name(SafetySource source);
std::optional<SafetySource> parse_safety_source(std::string_view name);

}  // namespace keel::domain
