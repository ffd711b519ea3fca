#include "domain/records.h"

#include <type_traits>

namespace keel::domain {

RecordKind kind_of(const Record& record) { return static_cast<RecordKind>(record.index()); }

const RecordKey& key_of(const Record& record) {
  return std::visit([](const auto& r) -> const RecordKey& { return r.key; }, record);
}

RecordKey& key_of(Record& record) {
  return std::visit([](auto& r) -> RecordKey& { return r.key; }, record);
}

Instant time_of(const Record& record) {
  return std::visit(
      [](const auto& r) -> Instant {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, Value> || std::is_same_v<T, Goal> || std::is_same_v<T, Activity> ||
                      std::is_same_v<T, PlanVersion>) {
          return r.created_at;
        } else {
          return r.at;
        }
      },
      record);
}

namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> find_name(std::string_view name, const char* const (&names)[N]) {
  for (std::size_t i = 0; i < N; ++i) {
    if (name == names[i]) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

constexpr const char* kKindNames[] = {"urge",     "lapse_review", "checkin", "pause",      "value",       "goal",
                                      "activity", "plan",         "journal", "assessment", "safety_event"};
constexpr const char* kOutcomeNames[] = {"surfed", "delayed", "coping", "acted", "ongoing"};
constexpr const char* kTechniqueNames[] = {"surf", "breathe", "ground", "delay"};
constexpr const char* kCategoryNames[] = {"pleasant", "mastery", "connection"};
constexpr const char* kJournalKindNames[] = {
    "free", "thought_record", "behavioural_experiment", "self_compassion", "compassionate_letter", "reframe"};

constexpr const char* kSafetySourceNames[] = {"instrument_item", "client_signal"};

}  // namespace

const char* kind_name(RecordKind kind) { return kKindNames[static_cast<int>(kind)]; }
std::optional<RecordKind> parse_kind(std::string_view name) { return find_name<RecordKind>(name, kKindNames); }
const char* outcome_name(UrgeOutcome outcome) { return kOutcomeNames[static_cast<int>(outcome)]; }
std::optional<UrgeOutcome> parse_outcome(std::string_view name) { return find_name<UrgeOutcome>(name, kOutcomeNames); }
const char* technique_name(PauseTechnique technique) { return kTechniqueNames[static_cast<int>(technique)]; }
std::optional<PauseTechnique> parse_technique(std::string_view name) {
  return find_name<PauseTechnique>(name, kTechniqueNames);
}
const char* category_name(ActivityCategory category) { return kCategoryNames[static_cast<int>(category)]; }
std::optional<ActivityCategory> parse_category(std::string_view name) {
  return find_name<ActivityCategory>(name, kCategoryNames);
}
const char* journal_kind_name(JournalKind kind) { return kJournalKindNames[static_cast<int>(kind)]; }
std::optional<JournalKind> parse_journal_kind(std::string_view name) {
  return find_name<JournalKind>(name, kJournalKindNames);
}
const char* safety_source_name(SafetySource source) { return kSafetySourceNames[static_cast<int>(source)]; }
std::optional<SafetySource> parse_safety_source(std::string_view name) {
  return find_name<SafetySource>(name, kSafetySourceNames);
}

}  // namespace keel::domain
