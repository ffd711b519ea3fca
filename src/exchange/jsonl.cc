#include "exchange/jsonl.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "core/id.h"
#include "core/time.h"
#include "domain/rules.h"

namespace keel::exchange {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Value and Goal have no time zone of their own: their times are written in UTC with a "Z".
constexpr std::string_view kUtc = "UTC";

std::string format_time(Instant instant, std::string_view zone) { return format_rfc3339(instant, zone); }

std::string format_utc_time(Instant instant) {
  std::string text = format_rfc3339(instant, kUtc);
  constexpr std::string_view kZeroOffset = "+00:00";
  if (text.size() >= kZeroOffset.size() &&
      text.compare(text.size() - kZeroOffset.size(), kZeroOffset.size(), kZeroOffset) == 0) {
    text.replace(text.size() - kZeroOffset.size(), kZeroOffset.size(), "Z");
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Writing. One template builds both the sorted json (record_to_json) and the ordered json that
// record_to_line prints, so that a line reads "type", "id", then the fields in struct order.

template <typename Json>
Json string_list(const std::vector<std::string>& items) {
  Json list = Json::array();
  for (const auto& item : items) list.push_back(item);
  return list;
}

template <typename Json>
Json begin_record(domain::RecordKind kind, const domain::RecordKey& key) {
  Json object = Json::object();
  object["type"] = domain::kind_name(kind);
  object["id"] = key.id;
  return object;
}

template <typename Json>
Json to_json(const domain::Urge& urge) {
  Json object = begin_record<Json>(domain::RecordKind::urge, urge.key);
  object["at"] = format_time(urge.at, urge.time_zone);
  object["time_zone"] = urge.time_zone;
  object["intensity"] = urge.intensity;
  if (urge.duration_minutes) object["duration_minutes"] = *urge.duration_minutes;
  object["contexts"] = string_list<Json>(urge.contexts);
  object["emotions"] = string_list<Json>(urge.emotions);
  object["warning_signs"] = string_list<Json>(urge.warning_signs);
  object["outcome"] = domain::outcome_name(urge.outcome);
  object["strategy"] = urge.strategy;
  object["note"] = urge.note;
  return object;
}

template <typename Json>
Json to_json(const domain::LapseReview& review) {
  Json object = begin_record<Json>(domain::RecordKind::lapse_review, review.key);
  object["urge_id"] = review.urge_id;
  object["at"] = format_time(review.at, review.time_zone);
  object["time_zone"] = review.time_zone;
  object["vulnerability"] = review.vulnerability;
  object["trigger"] = review.trigger;
  object["links"] = string_list<Json>(review.links);
  object["what_helped"] = review.what_helped;
  object["what_to_change"] = review.what_to_change;
  object["self_compassion"] = review.self_compassion;
  return object;
}

template <typename Json>
Json to_json(const domain::CheckIn& checkin) {
  Json object = begin_record<Json>(domain::RecordKind::checkin, checkin.key);
  object["date"] = format_date(checkin.date);
  object["at"] = format_time(checkin.at, checkin.time_zone);
  object["time_zone"] = checkin.time_zone;
  object["mood"] = checkin.mood;
  object["stress"] = checkin.stress;
  object["loneliness"] = checkin.loneliness;
  object["boredom"] = checkin.boredom;
  object["tiredness"] = checkin.tiredness;
  object["hunger"] = checkin.hunger;
  object["sleep_hours"] = checkin.sleep_hours;
  object["urges_today"] = checkin.urges_today;
  object["acted_today"] = checkin.acted_today;
  object["note"] = checkin.note;
  return object;
}

template <typename Json>
Json to_json(const domain::PauseSession& pause) {
  Json object = begin_record<Json>(domain::RecordKind::pause, pause.key);
  object["at"] = format_time(pause.at, pause.time_zone);
  object["time_zone"] = pause.time_zone;
  object["technique"] = domain::technique_name(pause.technique);
  object["planned_minutes"] = pause.planned_minutes;
  object["elapsed_seconds"] = pause.elapsed_seconds;
  object["start_intensity"] = pause.start_intensity;
  if (pause.end_intensity) object["end_intensity"] = *pause.end_intensity;
  Json samples = Json::array();
  for (const auto& sample : pause.samples) {
    Json item = Json::object();
    item["offset_seconds"] = sample.offset_seconds;
    item["intensity"] = sample.intensity;
    samples.push_back(std::move(item));
  }
  object["samples"] = std::move(samples);
  object["urge_id"] = pause.urge_id;
  return object;
}

template <typename Json>
Json to_json(const domain::Value& value) {
  Json object = begin_record<Json>(domain::RecordKind::value, value.key);
  object["created_at"] = format_utc_time(value.created_at);
  object["name"] = value.name;
  object["description"] = value.description;
  object["rank"] = value.rank;
  return object;
}

template <typename Json>
Json to_json(const domain::Goal& goal) {
  Json object = begin_record<Json>(domain::RecordKind::goal, goal.key);
  object["created_at"] = format_utc_time(goal.created_at);
  object["title"] = goal.title;
  Json levels = Json::array();
  for (const auto& level : goal.levels) levels.push_back(level);
  object["levels"] = std::move(levels);
  object["weight"] = goal.weight;
  object["value_id"] = goal.value_id;
  object["archived"] = goal.archived;
  return object;
}

template <typename Json>
Json to_json(const domain::Activity& activity) {
  Json object = begin_record<Json>(domain::RecordKind::activity, activity.key);
  object["created_at"] = format_time(activity.created_at, activity.time_zone);
  object["time_zone"] = activity.time_zone;
  object["title"] = activity.title;
  object["category"] = domain::category_name(activity.category);
  object["value_ids"] = string_list<Json>(activity.value_ids);
  if (activity.scheduled_at) object["scheduled_at"] = format_time(*activity.scheduled_at, activity.time_zone);
  object["done"] = activity.done;
  if (activity.done_at) object["done_at"] = format_time(*activity.done_at, activity.time_zone);
  if (activity.mood_before) object["mood_before"] = *activity.mood_before;
  if (activity.mood_after) object["mood_after"] = *activity.mood_after;
  object["note"] = activity.note;
  return object;
}

template <typename Json>
Json to_json(const domain::PlanVersion& plan) {
  Json object = begin_record<Json>(domain::RecordKind::plan, plan.key);
  object["version"] = plan.version;
  object["created_at"] = format_time(plan.created_at, plan.time_zone);
  object["time_zone"] = plan.time_zone;
  object["warning_signs"] = string_list<Json>(plan.warning_signs);
  object["high_risk_situations"] = string_list<Json>(plan.high_risk_situations);
  object["coping_steps"] = string_list<Json>(plan.coping_steps);
  Json people = Json::array();
  for (const auto& person : plan.people) {
    Json item = Json::object();
    item["name"] = person.name;
    item["contact"] = person.contact;
    people.push_back(std::move(item));
  }
  object["people"] = std::move(people);
  object["environment_changes"] = string_list<Json>(plan.environment_changes);
  object["reasons"] = string_list<Json>(plan.reasons);
  if (plan.review_date) object["review_date"] = format_date(*plan.review_date);
  object["change_note"] = plan.change_note;
  return object;
}

template <typename Json>
Json to_json(const domain::JournalEntry& entry) {
  Json object = begin_record<Json>(domain::RecordKind::journal, entry.key);
  object["at"] = format_time(entry.at, entry.time_zone);
  object["time_zone"] = entry.time_zone;
  object["kind"] = domain::journal_kind_name(entry.kind);
  object["title"] = entry.title;
  object["body"] = entry.body;
  Json fields = Json::array();
  for (const auto& field : entry.fields) {
    Json item = Json::object();
    item["name"] = field.name;
    item["value"] = field.value;
    fields.push_back(std::move(item));
  }
  object["fields"] = std::move(fields);
  object["is_private"] = entry.is_private;
  return object;
}

template <typename Json>
Json record_as(const domain::Record& record) {
  return std::visit([](const auto& r) { return to_json<Json>(r); }, record);
}

// Text that is not valid UTF-8 cannot be written as JSON; such bytes become U+FFFD instead of
// throwing. Records that pass domain::validate never contain any.
template <typename Json>
std::string dump_line(const Json& object) {
  return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

// ---------------------------------------------------------------------------------------------
// Reading. A FieldReader walks one JSON object, remembers the first problem it meets (and
// returns harmless defaults after it), and at the end reports any field it was not asked for.

std::string field_label(std::string_view name) { return fmt::format("field \"{}\"", name); }

class FieldReader {
 public:
  FieldReader(const json& object, std::string prefix, std::string what)
      : object_(object), prefix_(std::move(prefix)), what_(std::move(what)) {}

  bool ok() const { return status_.is_ok(); }

  // Fails with "field "<name>" <message>" unless a problem was already recorded.
  void fail(std::string_view name, std::string_view message) {
    if (!ok()) return;
    status_ = Status::invalid(fmt::format("{} {}", field_label(full_name(name)), message));
  }
  void fail_with(Status status) {
    if (ok()) status_ = std::move(status);
  }

  std::string full_name(std::string_view name) const { return prefix_ + std::string(name); }

  // The field's value, or nullptr when it is missing (an error unless `optional`) or, for an
  // optional field, null.
  const json* find(std::string_view name, bool optional) {
    seen_.insert(std::string(name));
    if (!ok()) return nullptr;
    const auto found = object_.find(std::string(name));
    if (found == object_.end()) {
      if (!optional) fail(name, "is missing");
      return nullptr;
    }
    if (optional && found->is_null()) return nullptr;
    return &*found;
  }

  std::string text(std::string_view name) {
    const json* value = find(name, false);
    if (value == nullptr) return {};
    if (!value->is_string()) {
      fail(name, "must be a string");
      return {};
    }
    return value->get<std::string>();
  }

  std::optional<int> optional_integer(std::string_view name) {
    const json* value = find(name, true);
    if (value == nullptr) return std::nullopt;
    return integer_of(name, *value);
  }

  int integer(std::string_view name) {
    const json* value = find(name, false);
    if (value == nullptr) return 0;
    return integer_of(name, *value).value_or(0);
  }

  double number(std::string_view name) {
    const json* value = find(name, false);
    if (value == nullptr) return 0;
    if (!value->is_number()) {
      fail(name, "must be a number");
      return 0;
    }
    const double number = value->get<double>();
    if (!std::isfinite(number)) {
      fail(name, "must be a finite number");
      return 0;
    }
    return number;
  }

  bool boolean(std::string_view name) {
    const json* value = find(name, false);
    if (value == nullptr) return false;
    if (!value->is_boolean()) {
      fail(name, "must be true or false");
      return false;
    }
    return value->get<bool>();
  }

  Instant instant(std::string_view name) { return instant_of(name, find(name, false)).value_or(Instant{}); }

  std::optional<Instant> optional_instant(std::string_view name) { return instant_of(name, find(name, true)); }

  std::optional<LocalDate> optional_date(std::string_view name) { return date_of(name, find(name, true)); }

  LocalDate date(std::string_view name) { return date_of(name, find(name, false)).value_or(LocalDate{}); }

  // A record id; `allow_empty` for links that may be absent ("").
  std::string id(std::string_view name, bool allow_empty) {
    std::string value = text(name);
    if (!ok()) return {};
    if (allow_empty && value.empty()) return value;
    if (!is_valid_id(value)) fail(name, "must be a record id (a ULID: 26 characters of Crockford base 32)");
    return value;
  }

  std::vector<std::string> string_list(std::string_view name) {
    std::vector<std::string> items;
    const json* value = find(name, false);
    if (value == nullptr) return items;
    if (!value->is_array()) {
      fail(name, "must be a list of strings");
      return items;
    }
    for (const auto& item : *value) {
      if (!item.is_string()) {
        fail(name, "must be a list of strings");
        return {};
      }
      items.push_back(item.get<std::string>());
    }
    return items;
  }

  std::vector<std::string> id_list(std::string_view name) {
    std::vector<std::string> items = string_list(name);
    for (const auto& item : items) {
      if (!is_valid_id(item)) {
        fail(name, "must be a list of record ids (ULIDs)");
        return {};
      }
    }
    return items;
  }

  // An enum by name: "must be one of a, b, c".
  template <typename Enum, typename Parse, std::size_t N>
  Enum name_of(std::string_view name, Parse parse, const std::array<Enum, N>& all, const char* (*to_name)(Enum)) {
    const std::string value = text(name);
    if (!ok()) return all[0];
    if (auto parsed = parse(value)) return *parsed;
    std::string allowed;
    for (std::size_t i = 0; i < N; ++i) {
      if (i > 0) allowed += i + 1 == N ? " or " : ", ";
      allowed += to_name(all[i]);
    }
    fail(name, fmt::format("must be one of {} (not \"{}\")", allowed, value));
    return all[0];
  }

  // A list of objects, each read by `read_item(reader)`.
  // `list_what` names the items in plural ("intensity samples"), `item_what` one of them ("an intensity sample").
  template <typename T, typename ReadItem>
  std::vector<T> object_list(std::string_view name, std::string_view list_what, std::string_view item_what,
                             ReadItem read_item) {
    std::vector<T> items;
    const json* value = find(name, false);
    if (value == nullptr) return items;
    if (!value->is_array()) {
      fail(name, fmt::format("must be a list of {}", list_what));
      return items;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const json& item = (*value)[i];
      const std::string item_name = fmt::format("{}[{}]", name, i);
      if (!item.is_object()) {
        fail(item_name, "must be an object");
        return {};
      }
      FieldReader item_reader(item, full_name(item_name) + ".", std::string(item_what));
      T parsed = read_item(item_reader);
      const Status status = item_reader.finish();
      if (!status.is_ok()) {
        fail_with(status);
        return {};
      }
      items.push_back(std::move(parsed));
    }
    return items;
  }

  // The first problem met, or an unknown field, or ok.
  Status finish() {
    if (!ok()) return status_;
    for (const auto& [name, value] : object_.items()) {
      if (seen_.count(name) == 0) {
        return Status::invalid(fmt::format("{} is not part of {}", field_label(full_name(name)), what_));
      }
    }
    return Status::ok();
  }

 private:
  std::optional<int> integer_of(std::string_view name, const json& value) {
    if (!value.is_number_integer()) {
      fail(name, "must be a whole number");
      return std::nullopt;
    }
    if (value.is_number_unsigned()) {
      const auto number = value.get<std::uint64_t>();
      if (number > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
        fail(name, "is too large");
        return std::nullopt;
      }
      return static_cast<int>(number);
    }
    const auto number = value.get<std::int64_t>();
    if (number > std::numeric_limits<int>::max() || number < std::numeric_limits<int>::min()) {
      fail(name, "is too large");
      return std::nullopt;
    }
    return static_cast<int>(number);
  }

  std::optional<Instant> instant_of(std::string_view name, const json* value) {
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) {
      fail(name, "must be an RFC 3339 time string such as \"2026-03-29T22:15:00+02:00\"");
      return std::nullopt;
    }
    auto parsed = parse_rfc3339(value->get_ref<const std::string&>());
    if (!parsed) {
      fail(name, "must be an RFC 3339 time such as \"2026-03-29T22:15:00+02:00\"");
      return std::nullopt;
    }
    return *parsed;
  }

  std::optional<LocalDate> date_of(std::string_view name, const json* value) {
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) {
      fail(name, "must be a date string such as \"2026-03-29\"");
      return std::nullopt;
    }
    auto parsed = parse_date(value->get_ref<const std::string&>());
    if (!parsed) {
      fail(name, "must be a date such as \"2026-03-29\"");
      return std::nullopt;
    }
    return *parsed;
  }

  const json& object_;
  std::string prefix_;
  std::string what_;
  std::set<std::string> seen_;
  Status status_;
};

constexpr std::array<domain::UrgeOutcome, 5> kOutcomes = {domain::UrgeOutcome::surfed, domain::UrgeOutcome::delayed,
                                                          domain::UrgeOutcome::coping, domain::UrgeOutcome::acted,
                                                          domain::UrgeOutcome::ongoing};
constexpr std::array<domain::PauseTechnique, 4> kTechniques = {
    domain::PauseTechnique::surf, domain::PauseTechnique::breathe, domain::PauseTechnique::ground,
    domain::PauseTechnique::delay};
constexpr std::array<domain::ActivityCategory, 3> kCategories = {
    domain::ActivityCategory::pleasant, domain::ActivityCategory::mastery, domain::ActivityCategory::connection};
constexpr std::array<domain::JournalKind, 6> kJournalKinds = {domain::JournalKind::free,
                                                              domain::JournalKind::thought_record,
                                                              domain::JournalKind::behavioural_experiment,
                                                              domain::JournalKind::self_compassion,
                                                              domain::JournalKind::compassionate_letter,
                                                              domain::JournalKind::reframe};

domain::RecordKey key_from(FieldReader& reader, const Owner& owner) {
  reader.find("type", false);  // checked by the caller; marked as seen here
  return domain::RecordKey{owner.tenant_id, owner.person_id, reader.id("id", false)};
}

domain::IntensitySample read_sample(FieldReader& reader) {
  domain::IntensitySample sample;
  sample.offset_seconds = reader.integer("offset_seconds");
  sample.intensity = reader.integer("intensity");
  return sample;
}

domain::PlanPerson read_person(FieldReader& reader) {
  domain::PlanPerson person;
  person.name = reader.text("name");
  person.contact = reader.text("contact");
  return person;
}

domain::JournalField read_field(FieldReader& reader) {
  domain::JournalField field;
  field.name = reader.text("name");
  field.value = reader.text("value");
  return field;
}

domain::Urge read_urge(FieldReader& reader, const Owner& owner) {
  domain::Urge urge;
  urge.key = key_from(reader, owner);
  urge.at = reader.instant("at");
  urge.time_zone = reader.text("time_zone");
  urge.intensity = reader.integer("intensity");
  urge.duration_minutes = reader.optional_integer("duration_minutes");
  urge.contexts = reader.string_list("contexts");
  urge.emotions = reader.string_list("emotions");
  urge.warning_signs = reader.string_list("warning_signs");
  urge.outcome = reader.name_of("outcome", domain::parse_outcome, kOutcomes, domain::outcome_name);
  urge.strategy = reader.text("strategy");
  urge.note = reader.text("note");
  return urge;
}

domain::LapseReview read_lapse_review(FieldReader& reader, const Owner& owner) {
  domain::LapseReview review;
  review.key = key_from(reader, owner);
  review.urge_id = reader.id("urge_id", false);
  review.at = reader.instant("at");
  review.time_zone = reader.text("time_zone");
  review.vulnerability = reader.text("vulnerability");
  review.trigger = reader.text("trigger");
  review.links = reader.string_list("links");
  review.what_helped = reader.text("what_helped");
  review.what_to_change = reader.text("what_to_change");
  review.self_compassion = reader.text("self_compassion");
  return review;
}

domain::CheckIn read_checkin(FieldReader& reader, const Owner& owner) {
  domain::CheckIn checkin;
  checkin.key = key_from(reader, owner);
  checkin.date = reader.date("date");
  checkin.at = reader.instant("at");
  checkin.time_zone = reader.text("time_zone");
  checkin.mood = reader.integer("mood");
  checkin.stress = reader.integer("stress");
  checkin.loneliness = reader.integer("loneliness");
  checkin.boredom = reader.integer("boredom");
  checkin.tiredness = reader.integer("tiredness");
  checkin.hunger = reader.integer("hunger");
  checkin.sleep_hours = reader.number("sleep_hours");
  checkin.urges_today = reader.integer("urges_today");
  checkin.acted_today = reader.boolean("acted_today");
  checkin.note = reader.text("note");
  return checkin;
}

domain::PauseSession read_pause(FieldReader& reader, const Owner& owner) {
  domain::PauseSession pause;
  pause.key = key_from(reader, owner);
  pause.at = reader.instant("at");
  pause.time_zone = reader.text("time_zone");
  pause.technique = reader.name_of("technique", domain::parse_technique, kTechniques, domain::technique_name);
  pause.planned_minutes = reader.integer("planned_minutes");
  pause.elapsed_seconds = reader.integer("elapsed_seconds");
  pause.start_intensity = reader.integer("start_intensity");
  pause.end_intensity = reader.optional_integer("end_intensity");
  pause.samples =
      reader.object_list<domain::IntensitySample>("samples", "intensity samples", "an intensity sample", read_sample);
  pause.urge_id = reader.id("urge_id", true);
  return pause;
}

domain::Value read_value(FieldReader& reader, const Owner& owner) {
  domain::Value value;
  value.key = key_from(reader, owner);
  value.created_at = reader.instant("created_at");
  value.name = reader.text("name");
  value.description = reader.text("description");
  value.rank = reader.integer("rank");
  return value;
}

domain::Goal read_goal(FieldReader& reader, const Owner& owner) {
  domain::Goal goal;
  goal.key = key_from(reader, owner);
  goal.created_at = reader.instant("created_at");
  goal.title = reader.text("title");
  const std::vector<std::string> levels = reader.string_list("levels");
  if (reader.ok() && levels.size() != goal.levels.size()) {
    reader.fail("levels", "must be a list of exactly 5 strings (levels -2, -1, 0, +1, +2)");
  } else if (reader.ok()) {
    std::copy(levels.begin(), levels.end(), goal.levels.begin());
  }
  goal.weight = reader.number("weight");
  goal.value_id = reader.id("value_id", true);
  goal.archived = reader.boolean("archived");
  return goal;
}

domain::Activity read_activity(FieldReader& reader, const Owner& owner) {
  domain::Activity activity;
  activity.key = key_from(reader, owner);
  activity.created_at = reader.instant("created_at");
  activity.time_zone = reader.text("time_zone");
  activity.title = reader.text("title");
  activity.category = reader.name_of("category", domain::parse_category, kCategories, domain::category_name);
  activity.value_ids = reader.id_list("value_ids");
  activity.scheduled_at = reader.optional_instant("scheduled_at");
  activity.done = reader.boolean("done");
  activity.done_at = reader.optional_instant("done_at");
  activity.mood_before = reader.optional_integer("mood_before");
  activity.mood_after = reader.optional_integer("mood_after");
  activity.note = reader.text("note");
  return activity;
}

domain::PlanVersion read_plan(FieldReader& reader, const Owner& owner) {
  domain::PlanVersion plan;
  plan.key = key_from(reader, owner);
  plan.version = reader.integer("version");
  plan.created_at = reader.instant("created_at");
  plan.time_zone = reader.text("time_zone");
  plan.warning_signs = reader.string_list("warning_signs");
  plan.high_risk_situations = reader.string_list("high_risk_situations");
  plan.coping_steps = reader.string_list("coping_steps");
  plan.people = reader.object_list<domain::PlanPerson>("people", "people", "a person", read_person);
  plan.environment_changes = reader.string_list("environment_changes");
  plan.reasons = reader.string_list("reasons");
  plan.review_date = reader.optional_date("review_date");
  plan.change_note = reader.text("change_note");
  return plan;
}

domain::JournalEntry read_journal(FieldReader& reader, const Owner& owner) {
  domain::JournalEntry entry;
  entry.key = key_from(reader, owner);
  entry.at = reader.instant("at");
  entry.time_zone = reader.text("time_zone");
  entry.kind = reader.name_of("kind", domain::parse_journal_kind, kJournalKinds, domain::journal_kind_name);
  entry.title = reader.text("title");
  entry.body = reader.text("body");
  entry.fields = reader.object_list<domain::JournalField>("fields", "journal fields", "a journal field", read_field);
  entry.is_private = reader.boolean("is_private");
  return entry;
}

// "an urge", "a check-in", ... for "field "x" is not part of an urge".
const char* kind_phrase(domain::RecordKind kind) {
  switch (kind) {
    case domain::RecordKind::urge: return "an urge";
    case domain::RecordKind::lapse_review: return "a lapse review";
    case domain::RecordKind::checkin: return "a check-in";
    case domain::RecordKind::pause: return "a Pause";
    case domain::RecordKind::value: return "a value";
    case domain::RecordKind::goal: return "a goal";
    case domain::RecordKind::activity: return "an activity";
    case domain::RecordKind::plan: return "a plan version";
    case domain::RecordKind::journal: return "a journal entry";
  }
  return "a record";
}

std::string known_types() {
  std::string names;
  for (std::size_t i = 0; i < domain::kAllRecordKinds.size(); ++i) {
    if (i > 0) names += ", ";
    names += domain::kind_name(domain::kAllRecordKinds[i]);
  }
  return names;
}

Result<domain::Record> read_record(const json& object, const Owner& owner) {
  if (!object.is_object()) return Status::invalid("a record must be a JSON object");
  const auto type = object.find("type");
  if (type == object.end()) return Status::invalid("field \"type\" is missing");
  if (!type->is_string()) return Status::invalid("field \"type\" must be a string");
  const std::string& type_name = type->get_ref<const std::string&>();
  const std::optional<domain::RecordKind> kind = domain::parse_kind(type_name);
  if (!kind) {
    if (type_name == kHeaderType) {
      return Status::invalid("a \"keel-export\" header may only be the first line");
    }
    return Status::invalid(fmt::format("unknown record type \"{}\"; known types are {}", type_name, known_types()));
  }
  FieldReader reader(object, "", kind_phrase(*kind));
  domain::Record record = [&]() -> domain::Record {
    switch (*kind) {
      case domain::RecordKind::urge: return read_urge(reader, owner);
      case domain::RecordKind::lapse_review: return read_lapse_review(reader, owner);
      case domain::RecordKind::checkin: return read_checkin(reader, owner);
      case domain::RecordKind::pause: return read_pause(reader, owner);
      case domain::RecordKind::value: return read_value(reader, owner);
      case domain::RecordKind::goal: return read_goal(reader, owner);
      case domain::RecordKind::activity: return read_activity(reader, owner);
      case domain::RecordKind::plan: return read_plan(reader, owner);
      case domain::RecordKind::journal: return read_journal(reader, owner);
    }
    return domain::Urge{};
  }();
  KEEL_RETURN_IF_ERROR(reader.finish());
  return record;
}

Result<Header> read_header(const json& object) {
  Header header;
  FieldReader reader(object, "", "the export header");
  reader.find("type", false);
  header.format_version = reader.integer("format_version");
  if (reader.ok() && header.format_version > kFormatVersion) {
    return Status::invalid(
        fmt::format("this file uses export format version {}, which is newer than this keel reads (version {}); "
                    "update keel to read it",
                    header.format_version, kFormatVersion));
  }
  if (reader.ok() && header.format_version < 1) {
    reader.fail("format_version", "must be 1 or more");
  }
  // The other header fields are informative and may be left out.
  if (const json* value = reader.find("exported_at", true)) {
    if (!value->is_string() || !parse_rfc3339(value->get<std::string>())) {
      reader.fail("exported_at", "must be an RFC 3339 time such as \"2026-03-29T22:15:00+02:00\"");
    } else {
      header.exported_at = value->get<std::string>();
    }
  }
  for (auto [name, target] : {std::pair{"time_zone", &header.time_zone}, std::pair{"generator", &header.generator}}) {
    if (const json* value = reader.find(name, true)) {
      if (!value->is_string()) {
        reader.fail(name, "must be a string");
      } else {
        *target = value->get<std::string>();
      }
    }
  }
  KEEL_RETURN_IF_ERROR(reader.finish());
  return header;
}

bool is_blank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

bool is_header(const json& object) {
  if (!object.is_object()) return false;
  const auto type = object.find("type");
  return type != object.end() && type->is_string() && type->get_ref<const std::string&>() == kHeaderType;
}

}  // namespace

nlohmann::json header_to_json(const Header& header) {
  json object = json::object();
  object["type"] = kHeaderType;
  object["format_version"] = header.format_version;
  if (!header.exported_at.empty()) object["exported_at"] = header.exported_at;
  if (!header.time_zone.empty()) object["time_zone"] = header.time_zone;
  if (!header.generator.empty()) object["generator"] = header.generator;
  return object;
}

std::string header_to_line(const Header& header) {
  ordered_json object = ordered_json::object();
  object["type"] = kHeaderType;
  object["format_version"] = header.format_version;
  if (!header.exported_at.empty()) object["exported_at"] = header.exported_at;
  if (!header.time_zone.empty()) object["time_zone"] = header.time_zone;
  if (!header.generator.empty()) object["generator"] = header.generator;
  return dump_line(object);
}

nlohmann::json record_to_json(const domain::Record& record) { return record_as<json>(record); }

std::string record_to_line(const domain::Record& record) { return dump_line(record_as<ordered_json>(record)); }

Result<domain::Record> record_from_json(const nlohmann::json& object, const Owner& owner) {
  try {
    return read_record(object, owner);
  } catch (const std::exception& error) {
    // nlohmann's accessors are all guarded above; this is a last line of defence.
    return Status::invalid(fmt::format("the record could not be read ({})", error.what()));
  }
}

Result<ReadResult> read_lines(std::istream& input, const Owner& owner) {
  ReadResult result;
  std::string line;
  int line_number = 0;
  bool seen_content = false;
  while (std::getline(input, line)) {
    ++line_number;
    const std::string prefix = fmt::format("line {}: ", line_number);
    std::string_view text = line;
    if (line_number == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a byte order mark
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (is_blank(text)) continue;
    if (!domain::is_valid_text(text)) {
      return Status::invalid(prefix + "the line is not valid UTF-8 text; the file may be damaged or not an export");
    }
    json object;
    try {
      object = json::parse(text);
    } catch (const json::parse_error&) {
      return Status::invalid(prefix + "the line is not valid JSON; each line must be one JSON object");
    } catch (const std::exception& error) {
      return Status::invalid(prefix + fmt::format("the line could not be read ({})", error.what()));
    }
    if (!object.is_object()) return Status::invalid(prefix + "each line must be one JSON object");
    if (is_header(object)) {
      if (seen_content) return Status::invalid(prefix + "a \"keel-export\" header may only be the first line");
      seen_content = true;
      Result<Header> header = Status::internal("unread");
      try {
        header = read_header(object);
      } catch (const std::exception& error) {
        return Status::invalid(prefix + fmt::format("the header could not be read ({})", error.what()));
      }
      if (!header) return header.status().with_prefix(prefix);
      result.header = std::move(header).value();
      continue;
    }
    seen_content = true;
    Result<domain::Record> record = record_from_json(object, owner);
    if (!record) return record.status().with_prefix(prefix);
    result.records.push_back(std::move(record).value());
  }
  if (input.bad()) return Status::io_error(fmt::format("reading failed after line {}", line_number));
  return result;
}

}  // namespace keel::exchange
