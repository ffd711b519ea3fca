// The fields of every record kind, described once. visit_fields(record, visitor) calls the visitor
// once per field, in a fixed order, with the field's stable snake_case name and a reference to it;
// the export format (exchange/jsonl.cc) and the store (store/sqlite_records.cc) each write and read
// records with a visitor, and the store derives its tables' column lists from the same calls, so
// a field added here reaches every direction at once and none can drift.
//
// The method a field is visited with says its type and its privacy class, and this file is the
// one place where that class is decided:
//   free text   free_text, free_text_list, free_text_levels, free_text_items: what the client
//               wrote in their own words. The store seals each one (the empty string too) with the
//               owner's data key; a copied database file reveals none of it.
//   plain       everything else (numbers, flags, times, dates, zones, enum names, record ids):
//               kept in the clear, so the store can order, filter and join on it.
//
// The calls a visitor must answer (Value is `T&` for readers and `const T&` for writers):
//   plain_text(name, std::string)                  a zone or other short plain text
//   reference(name, std::string)                   the id of another record, required
//   optional_reference(name, std::string)          the id of another record, "" when none
//   reference_list(name, std::vector<std::string>) ids of other records
//   integer(name, int)    optional_integer(name, std::optional<int>)
//   number(name, double)  boolean(name, bool)
//   instant(name, Instant, const std::string& zone)  a time shown in the record's zone
//   optional_instant(name, std::optional<Instant>, const std::string& zone)
//   utc_instant(name, Instant)                     a time of a record without a zone, shown in UTC
//   date(name, LocalDate)  optional_date(name, std::optional<LocalDate>)
//   enumeration(name, Enum, const EnumerationNames<Enum, N>&)
//   plain_items(name, std::vector<Item>, ListWording)   a list of small plain records (Item has
//                                                       its own visit_fields below)
//   free_text(name, std::string)  free_text_list(name, std::vector<std::string>)
//   free_text_levels(name, std::array<std::string, 5>)  a goal's five attainment levels
//   free_text_items(name, std::vector<Item>, ListWording)  a list of small free-text records
// A record's key (tenant, person, id) is not a field: every reader and writer handles it first.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "domain/records.h"

namespace keel::domain {

// A field's name in the export format and the API, and its column in the store. The two are the
// same except where a column needed another name ("trigger" is a word SQL keeps for itself).
struct FieldName {
  constexpr FieldName(const char* both) : name(both), column(both) {}  // NOLINT(google-explicit-constructor)
  constexpr FieldName(const char* name_in_json, const char* column_in_store)
      : name(name_in_json), column(column_in_store) {}
  const char* name;
  const char* column;
};

// Every value of an enum, in the order messages list them, with its stable name and parser.
template <typename Enum, std::size_t Count>
struct EnumerationNames {
  std::array<Enum, Count> all;
  const char* (*name_of)(Enum);
  std::optional<Enum> (*parse)(std::string_view);
};

inline constexpr EnumerationNames<UrgeOutcome, 5> kUrgeOutcomes{
    {UrgeOutcome::surfed, UrgeOutcome::delayed, UrgeOutcome::coping, UrgeOutcome::acted, UrgeOutcome::ongoing},
    outcome_name,
    parse_outcome};
inline constexpr EnumerationNames<PauseTechnique, 4> kPauseTechniques{
    {PauseTechnique::surf, PauseTechnique::breathe, PauseTechnique::ground, PauseTechnique::delay},
    technique_name,
    parse_technique};
inline constexpr EnumerationNames<ActivityCategory, 3> kActivityCategories{
    {ActivityCategory::pleasant, ActivityCategory::mastery, ActivityCategory::connection},
    category_name,
    parse_category};
inline constexpr EnumerationNames<SafetySource, 2> kSafetySources{
    {SafetySource::instrument_item, SafetySource::client_signal}, safety_source_name, parse_safety_source};
inline constexpr EnumerationNames<JournalKind, 6> kJournalKinds{
    {JournalKind::free, JournalKind::thought_record, JournalKind::behavioural_experiment, JournalKind::self_compassion,
     JournalKind::compassionate_letter, JournalKind::reframe},
    journal_kind_name,
    parse_journal_kind};

// How messages name a list's items: "a list of intensity samples", "not part of an intensity sample".
struct ListWording {
  const char* items;
  const char* one_item;
};

// Record is Kind or const Kind: readers visit a record to fill it, writers to copy it out.
template <typename Record, typename Kind>
concept FieldsOf = std::same_as<std::remove_const_t<Record>, Kind>;

template <FieldsOf<IntensitySample> Item, typename Visitor>
void visit_fields(Item& sample, Visitor& visitor) {
  visitor.integer("offset_seconds", sample.offset_seconds);
  visitor.integer("intensity", sample.intensity);
}

template <FieldsOf<PlanPerson> Item, typename Visitor>
void visit_fields(Item& person, Visitor& visitor) {
  visitor.free_text("name", person.name);
  visitor.free_text("contact", person.contact);
}

template <FieldsOf<JournalField> Item, typename Visitor>
void visit_fields(Item& field, Visitor& visitor) {
  visitor.free_text("name", field.name);
  visitor.free_text("value", field.value);
}

template <FieldsOf<AssessmentAnswer> Item, typename Visitor>
void visit_fields(Item& answer, Visitor& visitor) {
  visitor.plain_text("item", answer.item);
  visitor.integer("score", answer.score);
}

template <FieldsOf<Urge> Record, typename Visitor>
void visit_fields(Record& urge, Visitor& visitor) {
  visitor.instant("at", urge.at, urge.time_zone);
  visitor.plain_text("time_zone", urge.time_zone);
  visitor.integer("intensity", urge.intensity);
  visitor.optional_integer("duration_minutes", urge.duration_minutes);
  visitor.free_text_list("contexts", urge.contexts);
  visitor.free_text_list("emotions", urge.emotions);
  visitor.free_text_list("warning_signs", urge.warning_signs);
  visitor.enumeration("outcome", urge.outcome, kUrgeOutcomes);
  visitor.free_text("strategy", urge.strategy);
  visitor.free_text("note", urge.note);
}

template <FieldsOf<LapseReview> Record, typename Visitor>
void visit_fields(Record& review, Visitor& visitor) {
  visitor.reference("urge_id", review.urge_id);
  visitor.instant("at", review.at, review.time_zone);
  visitor.plain_text("time_zone", review.time_zone);
  visitor.free_text("vulnerability", review.vulnerability);
  visitor.free_text({"trigger", "trigger_text"}, review.trigger);
  visitor.free_text_list("links", review.links);
  visitor.free_text("what_helped", review.what_helped);
  visitor.free_text("what_to_change", review.what_to_change);
  visitor.free_text("self_compassion", review.self_compassion);
}

template <FieldsOf<CheckIn> Record, typename Visitor>
void visit_fields(Record& checkin, Visitor& visitor) {
  visitor.date({"date", "local_date"}, checkin.date);
  visitor.instant("at", checkin.at, checkin.time_zone);
  visitor.plain_text("time_zone", checkin.time_zone);
  visitor.integer("mood", checkin.mood);
  visitor.integer("stress", checkin.stress);
  visitor.integer("loneliness", checkin.loneliness);
  visitor.integer("boredom", checkin.boredom);
  visitor.integer("tiredness", checkin.tiredness);
  visitor.integer("hunger", checkin.hunger);
  visitor.number("sleep_hours", checkin.sleep_hours);
  visitor.integer("urges_today", checkin.urges_today);
  visitor.boolean("acted_today", checkin.acted_today);
  visitor.free_text("note", checkin.note);
}

template <FieldsOf<PauseSession> Record, typename Visitor>
void visit_fields(Record& pause, Visitor& visitor) {
  visitor.instant("at", pause.at, pause.time_zone);
  visitor.plain_text("time_zone", pause.time_zone);
  visitor.enumeration("technique", pause.technique, kPauseTechniques);
  visitor.integer("planned_minutes", pause.planned_minutes);
  visitor.integer("elapsed_seconds", pause.elapsed_seconds);
  visitor.integer("start_intensity", pause.start_intensity);
  visitor.optional_integer("end_intensity", pause.end_intensity);
  visitor.plain_items("samples", pause.samples, ListWording{"intensity samples", "an intensity sample"});
  visitor.optional_reference("urge_id", pause.urge_id);
}

template <FieldsOf<Value> Record, typename Visitor>
void visit_fields(Record& value, Visitor& visitor) {
  visitor.utc_instant("created_at", value.created_at);
  visitor.free_text("name", value.name);
  visitor.free_text("description", value.description);
  visitor.integer("rank", value.rank);
}

template <FieldsOf<Goal> Record, typename Visitor>
void visit_fields(Record& goal, Visitor& visitor) {
  visitor.utc_instant("created_at", goal.created_at);
  visitor.free_text("title", goal.title);
  visitor.free_text_levels("levels", goal.levels);
  visitor.number("weight", goal.weight);
  visitor.optional_reference("value_id", goal.value_id);
  visitor.boolean("archived", goal.archived);
}

template <FieldsOf<Activity> Record, typename Visitor>
void visit_fields(Record& activity, Visitor& visitor) {
  visitor.instant("created_at", activity.created_at, activity.time_zone);
  visitor.plain_text("time_zone", activity.time_zone);
  visitor.free_text("title", activity.title);
  visitor.enumeration("category", activity.category, kActivityCategories);
  visitor.reference_list("value_ids", activity.value_ids);
  visitor.optional_instant("scheduled_at", activity.scheduled_at, activity.time_zone);
  visitor.boolean("done", activity.done);
  visitor.optional_instant("done_at", activity.done_at, activity.time_zone);
  visitor.optional_integer("mood_before", activity.mood_before);
  visitor.optional_integer("mood_after", activity.mood_after);
  visitor.free_text("note", activity.note);
}

template <FieldsOf<PlanVersion> Record, typename Visitor>
void visit_fields(Record& plan, Visitor& visitor) {
  visitor.integer("version", plan.version);
  visitor.instant("created_at", plan.created_at, plan.time_zone);
  visitor.plain_text("time_zone", plan.time_zone);
  visitor.free_text_list("warning_signs", plan.warning_signs);
  visitor.free_text_list("high_risk_situations", plan.high_risk_situations);
  visitor.free_text_list("coping_steps", plan.coping_steps);
  visitor.free_text_items("people", plan.people, ListWording{"people", "a person"});
  visitor.free_text_list("environment_changes", plan.environment_changes);
  visitor.free_text_list("reasons", plan.reasons);
  visitor.optional_date("review_date", plan.review_date);
  visitor.free_text("change_note", plan.change_note);
}

template <FieldsOf<JournalEntry> Record, typename Visitor>
void visit_fields(Record& entry, Visitor& visitor) {
  visitor.instant("at", entry.at, entry.time_zone);
  visitor.plain_text("time_zone", entry.time_zone);
  visitor.enumeration("kind", entry.kind, kJournalKinds);
  visitor.free_text("title", entry.title);
  visitor.free_text("body", entry.body);
  visitor.free_text_items("fields", entry.fields, ListWording{"journal fields", "a journal field"});
  visitor.boolean("is_private", entry.is_private);
}

template <FieldsOf<Assessment> Record, typename Visitor>
void visit_fields(Record& assessment, Visitor& visitor) {
  visitor.instant("at", assessment.at, assessment.time_zone);
  visitor.plain_text("time_zone", assessment.time_zone);
  visitor.plain_text("instrument", assessment.instrument);
  visitor.plain_items("answers", assessment.answers, ListWording{"answers", "an answer"});
}

template <FieldsOf<SafetyEvent> Record, typename Visitor>
void visit_fields(Record& event, Visitor& visitor) {
  visitor.instant("at", event.at, event.time_zone);
  visitor.plain_text("time_zone", event.time_zone);
  visitor.enumeration("source", event.source, kSafetySources);
  visitor.optional_reference("assessment_id", event.assessment_id);
  visitor.plain_text("item", event.item);
  visitor.integer("score", event.score);
}

// A record of the given kind with every field at its default, for a reader to fill.
inline Record empty_record(RecordKind kind) {
  return [kind]<std::size_t... Index>(std::index_sequence<Index...>) {
    Record record;
    ((static_cast<std::size_t>(kind) == Index ? (record.emplace<Index>(), true) : false) || ...);
    return record;
  }
  (std::make_index_sequence<std::variant_size_v<Record>>{});
}

}  // namespace keel::domain
