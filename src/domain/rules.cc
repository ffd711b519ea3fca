#include "domain/rules.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "core/id.h"

namespace keel::domain {

namespace {

Status check_range(std::string_view field, long long value, long long low, long long high) {
  if (value < low || value > high)
    return Status::invalid(fmt::format("{} must be between {} and {}", field, low, high));
  return Status::ok();
}

Status check_text(std::string_view field, std::string_view text, std::size_t max = kMaxTextLength) {
  if (!is_valid_text(text)) return Status::invalid(fmt::format("{} must be valid UTF-8 text without NUL bytes", field));
  if (text.size() > max) return Status::invalid(fmt::format("{} is too long (at most {} bytes)", field, max));
  return Status::ok();
}

Status check_required_text(std::string_view field, std::string_view text, std::size_t max = kMaxTextLength) {
  KEEL_RETURN_IF_ERROR(check_text(field, text, max));
  bool blank =
      std::all_of(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  if (blank) return Status::invalid(fmt::format("{} must not be empty", field));
  return Status::ok();
}

Status check_tags(std::string_view field, const std::vector<std::string>& tags) {
  if (tags.size() > kMaxTags) return Status::invalid(fmt::format("{} may hold at most {} tags", field, kMaxTags));
  for (const auto& tag : tags) {
    KEEL_RETURN_IF_ERROR(check_required_text(fmt::format("each of {}", field), tag, kMaxTagLength));
  }
  return Status::ok();
}

Status check_list(std::string_view field, const std::vector<std::string>& items) {
  if (items.size() > kMaxListItems) {
    return Status::invalid(fmt::format("{} may hold at most {} items", field, kMaxListItems));
  }
  for (const auto& item : items) KEEL_RETURN_IF_ERROR(check_required_text(fmt::format("each of {}", field), item));
  return Status::ok();
}

Status check_time(std::string_view field, Instant at, const ValidationContext& context) {
  if (at > context.now + kFutureTolerance) {
    return Status::invalid(fmt::format("{} lies in the future; give a time up to now", field));
  }
  const auto earliest = std::chrono::sys_days{std::chrono::year{kEarliestYear} / 1 / 1};
  if (at < earliest)
    return Status::invalid(fmt::format("{} is before the year {}; check the date", field, kEarliestYear));
  return Status::ok();
}

Status check_optional_id(std::string_view field, const std::string& id) {
  if (!id.empty() && !is_valid_id(id)) return Status::invalid(fmt::format("{} is not a valid record id", field));
  return Status::ok();
}

Status validate_record(const Urge& urge, const ValidationContext& context) {
  KEEL_RETURN_IF_ERROR(check_time("the time of the urge", urge.at, context));
  KEEL_RETURN_IF_ERROR(validate_time_zone(urge.time_zone));
  KEEL_RETURN_IF_ERROR(check_range("intensity", urge.intensity, 0, 10));
  if (urge.duration_minutes) KEEL_RETURN_IF_ERROR(check_range("duration", *urge.duration_minutes, 0, 24 * 60));
  KEEL_RETURN_IF_ERROR(check_tags("contexts", urge.contexts));
  KEEL_RETURN_IF_ERROR(check_tags("emotions", urge.emotions));
  KEEL_RETURN_IF_ERROR(check_tags("warning signs", urge.warning_signs));
  KEEL_RETURN_IF_ERROR(check_text("strategy", urge.strategy, 1000));
  return check_text("note", urge.note);
}

Status validate_record(const LapseReview& review, const ValidationContext& context) {
  if (!is_valid_id(review.urge_id)) return Status::invalid("a lapse review must name the urge it is about");
  KEEL_RETURN_IF_ERROR(check_time("the time of the review", review.at, context));
  KEEL_RETURN_IF_ERROR(validate_time_zone(review.time_zone));
  KEEL_RETURN_IF_ERROR(check_text("vulnerability", review.vulnerability));
  KEEL_RETURN_IF_ERROR(check_text("trigger", review.trigger));
  KEEL_RETURN_IF_ERROR(check_list("links", review.links));
  KEEL_RETURN_IF_ERROR(check_text("what helped", review.what_helped));
  KEEL_RETURN_IF_ERROR(check_text("what to change", review.what_to_change));
  return check_text("self-compassion", review.self_compassion);
}

Status validate_record(const CheckIn& checkin, const ValidationContext& context) {
  if (!checkin.date.ok()) return Status::invalid("the check-in date is not a valid date");
  KEEL_RETURN_IF_ERROR(validate_time_zone(checkin.time_zone));
  KEEL_RETURN_IF_ERROR(check_time("the time of the check-in", checkin.at, context));
  const auto day_start = start_of_local_day(checkin.date, checkin.time_zone);
  if (day_start > context.now + kFutureTolerance) {
    return Status::invalid("the check-in date lies in the future; check in for today or an earlier day");
  }
  if (day_start < std::chrono::sys_days{std::chrono::year{kEarliestYear} / 1 / 1}) {
    return Status::invalid(fmt::format("the check-in date is before the year {}; check the date", kEarliestYear));
  }
  KEEL_RETURN_IF_ERROR(check_range("mood", checkin.mood, 0, 10));
  KEEL_RETURN_IF_ERROR(check_range("stress", checkin.stress, 0, 10));
  KEEL_RETURN_IF_ERROR(check_range("loneliness", checkin.loneliness, 0, 10));
  KEEL_RETURN_IF_ERROR(check_range("boredom", checkin.boredom, 0, 10));
  KEEL_RETURN_IF_ERROR(check_range("tiredness", checkin.tiredness, 0, 10));
  KEEL_RETURN_IF_ERROR(check_range("hunger", checkin.hunger, 0, 10));
  if (!std::isfinite(checkin.sleep_hours) || checkin.sleep_hours < 0 || checkin.sleep_hours > 24) {
    return Status::invalid("sleep must be between 0 and 24 hours");
  }
  KEEL_RETURN_IF_ERROR(check_range("urges today", checkin.urges_today, 0, 500));
  return check_text("note", checkin.note, 2000);
}

Status validate_record(const PauseSession& pause, const ValidationContext& context) {
  KEEL_RETURN_IF_ERROR(check_time("the start of the Pause", pause.at, context));
  KEEL_RETURN_IF_ERROR(validate_time_zone(pause.time_zone));
  KEEL_RETURN_IF_ERROR(check_range("planned minutes", pause.planned_minutes, 0, kMaxPauseMinutes));
  KEEL_RETURN_IF_ERROR(check_range("elapsed seconds", pause.elapsed_seconds, 0, 24 * 3600));
  KEEL_RETURN_IF_ERROR(check_range("start intensity", pause.start_intensity, 0, 10));
  if (pause.end_intensity) KEEL_RETURN_IF_ERROR(check_range("end intensity", *pause.end_intensity, 0, 10));
  if (pause.samples.size() > kMaxSamples) {
    return Status::invalid(fmt::format("a Pause may hold at most {} intensity samples", kMaxSamples));
  }
  int previous = -1;
  for (const auto& sample : pause.samples) {
    KEEL_RETURN_IF_ERROR(check_range("a sample's intensity", sample.intensity, 0, 10));
    KEEL_RETURN_IF_ERROR(check_range("a sample's time", sample.offset_seconds, 0, 24 * 3600));
    if (sample.offset_seconds < previous) return Status::invalid("intensity samples must be in time order");
    previous = sample.offset_seconds;
  }
  return check_optional_id("the urge of the Pause", pause.urge_id);
}

Status validate_record(const Value& value, const ValidationContext& context) {
  KEEL_RETURN_IF_ERROR(check_time("the creation time", value.created_at, context));
  KEEL_RETURN_IF_ERROR(check_required_text("the name of the value", value.name, 200));
  KEEL_RETURN_IF_ERROR(check_text("the description", value.description));
  return check_range("rank", value.rank, 0, 1000);
}

Status validate_record(const Goal& goal, const ValidationContext& context) {
  KEEL_RETURN_IF_ERROR(check_time("the creation time", goal.created_at, context));
  KEEL_RETURN_IF_ERROR(check_required_text("the goal's title", goal.title, 500));
  static constexpr const char* kLevelNames[] = {"-2", "-1", "0", "+1", "+2"};
  for (std::size_t i = 0; i < goal.levels.size(); ++i) {
    KEEL_RETURN_IF_ERROR(check_text(fmt::format("the description of level {}", kLevelNames[i]), goal.levels[i], 2000));
  }
  if (!std::isfinite(goal.weight) || goal.weight <= 0 || goal.weight > 100) {
    return Status::invalid("a goal's weight must be a number above 0 and at most 100");
  }
  return check_optional_id("the goal's value", goal.value_id);
}

Status validate_record(const Activity& activity, const ValidationContext& context) {
  KEEL_RETURN_IF_ERROR(check_time("the creation time", activity.created_at, context));
  KEEL_RETURN_IF_ERROR(validate_time_zone(activity.time_zone));
  KEEL_RETURN_IF_ERROR(check_required_text("the activity's title", activity.title, 500));
  if (activity.value_ids.size() > kMaxTags) return Status::invalid("an activity may link at most 32 values");
  for (const auto& id : activity.value_ids) KEEL_RETURN_IF_ERROR(check_optional_id("a linked value", id));
  if (activity.scheduled_at) {
    const auto earliest = std::chrono::sys_days{std::chrono::year{kEarliestYear} / 1 / 1};
    if (*activity.scheduled_at < earliest || *activity.scheduled_at > context.now + std::chrono::hours{24 * 366 * 2}) {
      return Status::invalid("the scheduled time must be within two years from now");
    }
  }
  if (activity.done_at) KEEL_RETURN_IF_ERROR(check_time("the time it was done", *activity.done_at, context));
  if (activity.done_at && !activity.done) return Status::invalid("an activity with a done time must be marked done");
  if (activity.mood_before) KEEL_RETURN_IF_ERROR(check_range("mood before", *activity.mood_before, 0, 10));
  if (activity.mood_after) KEEL_RETURN_IF_ERROR(check_range("mood after", *activity.mood_after, 0, 10));
  return check_text("note", activity.note);
}

Status validate_record(const PlanVersion& plan, const ValidationContext& context) {
  KEEL_RETURN_IF_ERROR(check_time("the time of the plan", plan.created_at, context));
  KEEL_RETURN_IF_ERROR(validate_time_zone(plan.time_zone));
  KEEL_RETURN_IF_ERROR(check_range("the plan's version", plan.version, 1, 1000000));
  KEEL_RETURN_IF_ERROR(check_list("warning signs", plan.warning_signs));
  KEEL_RETURN_IF_ERROR(check_list("high-risk situations", plan.high_risk_situations));
  KEEL_RETURN_IF_ERROR(check_list("coping steps", plan.coping_steps));
  KEEL_RETURN_IF_ERROR(check_list("environment changes", plan.environment_changes));
  KEEL_RETURN_IF_ERROR(check_list("reasons", plan.reasons));
  if (plan.people.size() > kMaxListItems) return Status::invalid("a plan may name at most 100 people");
  for (const auto& person : plan.people) {
    KEEL_RETURN_IF_ERROR(check_required_text("a person's name in the plan", person.name, 200));
    KEEL_RETURN_IF_ERROR(check_text("a person's contact in the plan", person.contact, 500));
  }
  if (plan.review_date && !plan.review_date->ok()) return Status::invalid("the review date is not a valid date");
  return check_text("the change note", plan.change_note);
}

Status validate_record(const JournalEntry& entry, const ValidationContext& context) {
  KEEL_RETURN_IF_ERROR(check_time("the time of the entry", entry.at, context));
  KEEL_RETURN_IF_ERROR(validate_time_zone(entry.time_zone));
  KEEL_RETURN_IF_ERROR(check_text("the title", entry.title, 500));
  KEEL_RETURN_IF_ERROR(check_text("the entry", entry.body, 200000));
  if (entry.fields.size() > kMaxListItems) return Status::invalid("a journal entry may hold at most 100 parts");
  const auto allowed = journal_field_names(entry.kind);
  for (const auto& field : entry.fields) {
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), field.name) == allowed.end()) {
      return Status::invalid(
          fmt::format("\"{}\" is not a part of a {} entry", field.name, journal_kind_name(entry.kind)));
    }
    KEEL_RETURN_IF_ERROR(check_required_text("the name of a part", field.name, 100));
    KEEL_RETURN_IF_ERROR(check_text(field.name, field.value));
  }
  if (entry.body.empty() && entry.fields.empty() && entry.title.empty()) {
    return Status::invalid("a journal entry needs some text");
  }
  return Status::ok();
}

Status check_plain_name(std::string_view field, std::string_view text, bool required) {
  if (required && text.empty()) return Status::invalid(fmt::format("{} must not be empty", field));
  if (text.size() > 64) return Status::invalid(fmt::format("{} is too long (at most 64 characters)", field));
  for (char c : text) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                         c == '_' || c == '.' || c == '/';
    if (!allowed) return Status::invalid(fmt::format("{} may use only letters, digits, '-', '_', '.' and '/'", field));
  }
  return Status::ok();
}

Status validate_record(const Assessment& assessment, const ValidationContext& context) {
  KEEL_RETURN_IF_ERROR(check_time("the time of the assessment", assessment.at, context));
  KEEL_RETURN_IF_ERROR(validate_time_zone(assessment.time_zone));
  KEEL_RETURN_IF_ERROR(check_plain_name("the instrument", assessment.instrument, true));
  if (assessment.answers.size() > kMaxAnswers) {
    return Status::invalid(fmt::format("an assessment may hold at most {} answers", kMaxAnswers));
  }
  for (std::size_t i = 0; i < assessment.answers.size(); ++i) {
    const auto& answer = assessment.answers[i];
    KEEL_RETURN_IF_ERROR(check_plain_name("an answer's item", answer.item, true));
    KEEL_RETURN_IF_ERROR(check_range("an answer's score", answer.score, -1000, 1000));
    for (std::size_t j = 0; j < i; ++j) {
      if (assessment.answers[j].item == answer.item) {
        return Status::invalid(fmt::format("item \"{}\" is answered twice", answer.item));
      }
    }
  }
  return Status::ok();
}

Status validate_record(const SafetyEvent& event, const ValidationContext& context) {
  KEEL_RETURN_IF_ERROR(check_time("the time of the safety event", event.at, context));
  KEEL_RETURN_IF_ERROR(validate_time_zone(event.time_zone));
  KEEL_RETURN_IF_ERROR(check_optional_id("the assessment of the safety event", event.assessment_id));
  KEEL_RETURN_IF_ERROR(check_plain_name("the item of the safety event", event.item, false));
  KEEL_RETURN_IF_ERROR(check_range("the score of the safety event", event.score, -1000, 1000));
  if (event.source == SafetySource::instrument_item && (event.assessment_id.empty() || event.item.empty())) {
    return Status::invalid("a safety event raised by an instrument must name its assessment and item");
  }
  return Status::ok();
}

}  // namespace

Status validate_key(const RecordKey& key) {
  if (key.tenant_id.empty() || key.person_id.empty()) return Status::internal("a record must have an owner");
  if (!is_valid_id(key.id)) {
    return Status::invalid(fmt::format("\"{}\" is not a valid record id (26 characters of Crockford base 32)", key.id));
  }
  return Status::ok();
}

Status validate(const Record& record, const ValidationContext& context) {
  KEEL_RETURN_IF_ERROR(validate_key(key_of(record)));
  return std::visit([&](const auto& r) { return validate_record(r, context); }, record);
}

bool is_valid_text(std::string_view text) {
  std::size_t i = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  while (i < text.size()) {
    const unsigned char c = bytes[i];
    if (c == 0) return false;
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      length = 2;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return false;
      code = (code << 6) | (bytes[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not text.
    if ((length == 2 && code < 0x80) || (length == 3 && code < 0x800) || (length == 4 && code < 0x10000) ||
        (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
      return false;
    }
    i += length;
  }
  return true;
}

std::vector<std::string> normalize_tags(std::span<const std::string> tags) {
  std::vector<std::string> tidy;
  for (const auto& tag : tags) {
    std::string out;
    bool pending_space = false;
    for (char c : tag) {
      if (std::isspace(static_cast<unsigned char>(c))) {
        pending_space = !out.empty();
        continue;
      }
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (out.empty()) continue;
    if (std::find(tidy.begin(), tidy.end(), out) == tidy.end()) tidy.push_back(std::move(out));
  }
  return tidy;
}

void normalize(Record& record) {
  if (auto* urge = std::get_if<Urge>(&record)) {
    urge->contexts = normalize_tags(urge->contexts);
    urge->emotions = normalize_tags(urge->emotions);
    urge->warning_signs = normalize_tags(urge->warning_signs);
  } else if (auto* pause = std::get_if<PauseSession>(&record)) {
    std::stable_sort(
        pause->samples.begin(), pause->samples.end(),
        [](const IntensitySample& a, const IntensitySample& b) { return a.offset_seconds < b.offset_seconds; });
  }
}

namespace {
constexpr std::string_view kContexts[] = {"alone",    "phone in bed", "laptop",         "at work",    "with others",
                                          "bathroom", "travelling",   "after drinking", "late night", "weekend"};
constexpr std::string_view kEmotions[] = {"lonely", "stressed", "bored",    "anxious", "sad",
                                          "angry",  "tired",    "rejected", "ashamed", "restless"};
constexpr std::string_view kWarningSigns[] = {
    "rumination",     "impulsive scrolling", "compulsive planning", "secrecy",
    "skipping sleep", "isolating",           "testing boundaries",  "entitlement"};
constexpr std::string_view kThoughtRecordFields[] = {
    "situation",    "automatic_thought", "emotion",          "emotion_strength_before",
    "evidence_for", "evidence_against",  "balanced_thought", "emotion_strength_after"};
constexpr std::string_view kExperimentFields[] = {"prediction", "experiment", "outcome", "what_i_learned"};
constexpr std::string_view kSelfCompassionFields[] = {"mindfulness", "common_humanity", "kindness"};
}  // namespace

std::span<const std::string_view> suggested_contexts() { return kContexts; }
std::span<const std::string_view> suggested_emotions() { return kEmotions; }
std::span<const std::string_view> suggested_warning_signs() { return kWarningSigns; }

std::span<const std::string_view> journal_field_names(JournalKind kind) {
  switch (kind) {
    case JournalKind::thought_record: return kThoughtRecordFields;
    case JournalKind::behavioural_experiment: return kExperimentFields;
    case JournalKind::self_compassion: return kSelfCompassionFields;
    default: return {};
  }
}

}  // namespace keel::domain
