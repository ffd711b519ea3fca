#include "exchange/jsonl.h"

#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/time.h"
#include "domain/records.h"

namespace keel::exchange {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const Owner kOwner{"tenant-1", "person-1"};
constexpr const char* kZone = "Europe/Berlin";

Instant at(const char* text) { return parse_rfc3339(text).value(); }

domain::RecordKey key(const char* id) { return domain::RecordKey{kOwner.tenant_id, kOwner.person_id, id}; }

// One record of every kind with every optional field present, and one with them absent.
std::vector<domain::Record> full_records() {
  std::vector<domain::Record> records;
  domain::Urge urge;
  urge.key = key("01HZX3Q5R0000000000000000A");
  urge.at = at("2026-03-29T22:15:00.123+02:00");
  urge.time_zone = kZone;
  urge.intensity = 7;
  urge.duration_minutes = 25;
  urge.contexts = {"phone in bed", "alone"};
  urge.emotions = {"lonely"};
  urge.warning_signs = {"impulsive scrolling"};
  urge.outcome = domain::UrgeOutcome::surfed;
  urge.strategy = "urge surfing";
  urge.note = "Ä note with \"quotes\" and ünïcödé";
  records.emplace_back(urge);

  domain::LapseReview review;
  review.key = key("01HZX3Q5R0000000000000000B");
  review.urge_id = "01HZX3Q5R0000000000000000A";
  review.at = at("2026-03-30T09:00:00+02:00");
  review.time_zone = kZone;
  review.vulnerability = "tired";
  review.trigger = "phone in bed";
  review.links = {"could not sleep", "scrolled"};
  review.what_helped = "writing it down";
  review.what_to_change = "phone in the kitchen";
  review.self_compassion = "I am learning.";
  records.emplace_back(review);

  domain::CheckIn checkin;
  checkin.key = key("01HZX3Q5R0000000000000000C");
  checkin.date = std::chrono::year{2026} / 3 / 29;
  checkin.at = at("2026-03-29T21:30:00+02:00");
  checkin.time_zone = kZone;
  checkin.mood = 6;
  checkin.stress = 3;
  checkin.loneliness = 8;
  checkin.boredom = 2;
  checkin.tiredness = 5;
  checkin.hunger = 1;
  checkin.sleep_hours = 6.75;
  checkin.urges_today = 2;
  checkin.acted_today = true;
  checkin.note = "long day";
  records.emplace_back(checkin);

  domain::PauseSession pause;
  pause.key = key("01HZX3Q5R0000000000000000D");
  pause.at = at("2026-03-29T22:16:00+02:00");
  pause.time_zone = kZone;
  pause.technique = domain::PauseTechnique::surf;
  pause.planned_minutes = 2;
  pause.elapsed_seconds = 120;
  pause.start_intensity = 7;
  pause.end_intensity = 4;
  pause.samples = {{0, 7}, {60, 8}, {120, 4}};
  pause.urge_id = "01HZX3Q5R0000000000000000A";
  records.emplace_back(pause);

  domain::Value value;
  value.key = key("01HZX3Q5R0000000000000000E");
  value.created_at = at("2026-01-02T08:00:00Z");
  value.name = "honesty";
  value.description = "Living without secrets";
  value.rank = 1;
  records.emplace_back(value);

  domain::Goal goal;
  goal.key = key("01HZX3Q5R0000000000000000F");
  goal.created_at = at("2026-01-02T08:05:00.5Z");
  goal.title = "Use Pause";
  goal.levels = {"never", "rarely", "half", "mostly", "always"};
  goal.weight = 1.5;
  goal.value_id = "01HZX3Q5R0000000000000000E";
  goal.archived = true;
  records.emplace_back(goal);

  domain::Activity activity;
  activity.key = key("01HZX3Q5R0000000000000000G");
  activity.created_at = at("2026-03-28T09:00:00+01:00");
  activity.time_zone = kZone;
  activity.title = "walk";
  activity.category = domain::ActivityCategory::connection;
  activity.value_ids = {"01HZX3Q5R0000000000000000E"};
  activity.scheduled_at = at("2026-03-29T15:00:00+02:00");
  activity.done = true;
  activity.done_at = at("2026-03-29T16:00:00+02:00");
  activity.mood_before = 4;
  activity.mood_after = 7;
  activity.note = "nice";
  records.emplace_back(activity);

  domain::PlanVersion plan;
  plan.key = key("01HZX3Q5R0000000000000000H");
  plan.version = 2;
  plan.created_at = at("2026-02-01T19:00:00+01:00");
  plan.time_zone = kZone;
  plan.warning_signs = {"secrecy"};
  plan.high_risk_situations = {"alone in the evening"};
  plan.coping_steps = {"leave the room", "call Sam"};
  plan.people = {{"Sam", "+49 30 1234567"}};
  plan.environment_changes = {"phone charges in the kitchen"};
  plan.reasons = {"my partner"};
  plan.review_date = std::chrono::year{2026} / 5 / 1;
  plan.change_note = "after review";
  records.emplace_back(plan);

  domain::JournalEntry entry;
  entry.key = key("01HZX3Q5R0000000000000000J");
  entry.at = at("2026-03-29T23:00:00+02:00");
  entry.time_zone = kZone;
  entry.kind = domain::JournalKind::thought_record;
  entry.title = "thought record";
  entry.body = "";
  entry.fields = {{"situation", "alone"}, {"balanced_thought", "I am making progress"}};
  entry.is_private = false;
  records.emplace_back(entry);

  domain::Assessment assessment;
  assessment.key = key("01HZX3Q5R0000000000000000K");
  assessment.at = at("2026-03-30T09:00:00+02:00");
  assessment.time_zone = kZone;
  assessment.instrument = "phq-9";
  assessment.answers = {{"1", 2}, {"2", 0}, {"9", 1}};
  records.emplace_back(assessment);

  domain::SafetyEvent event;
  event.key = key("01HZX3Q5R0000000000000000M");
  event.at = at("2026-03-30T09:00:00+02:00");
  event.time_zone = kZone;
  event.source = domain::SafetySource::instrument_item;
  event.assessment_id = assessment.key.id;
  event.item = "9";
  event.score = 1;
  records.emplace_back(event);
  return records;
}

std::vector<domain::Record> sparse_records() {
  std::vector<domain::Record> records;
  domain::Urge urge;
  urge.key = key("01HZX3Q5R0000000000000001A");
  urge.at = at("2026-07-01T03:00:00Z");
  urge.time_zone = "America/New_York";
  urge.intensity = 0;
  urge.outcome = domain::UrgeOutcome::ongoing;
  records.emplace_back(urge);

  domain::PauseSession pause;
  pause.key = key("01HZX3Q5R0000000000000001B");
  pause.at = at("2026-07-01T03:01:00Z");
  pause.time_zone = "America/New_York";
  pause.technique = domain::PauseTechnique::breathe;
  pause.planned_minutes = 5;
  pause.elapsed_seconds = 30;
  pause.start_intensity = 6;
  records.emplace_back(pause);

  domain::Goal goal;
  goal.key = key("01HZX3Q5R0000000000000001C");
  goal.created_at = at("2026-07-01T03:00:00Z");
  goal.title = "goal";
  records.emplace_back(goal);

  domain::Activity activity;
  activity.key = key("01HZX3Q5R0000000000000001D");
  activity.created_at = at("2026-07-01T03:00:00Z");
  activity.time_zone = "UTC";
  activity.title = "read";
  records.emplace_back(activity);

  domain::PlanVersion plan;
  plan.key = key("01HZX3Q5R0000000000000001E");
  plan.created_at = at("2026-07-01T03:00:00Z");
  plan.time_zone = "Asia/Kolkata";
  records.emplace_back(plan);

  domain::JournalEntry entry;
  entry.key = key("01HZX3Q5R0000000000000001F");
  entry.at = at("2026-07-01T03:00:00Z");
  entry.time_zone = "UTC";
  entry.body = "free text";
  records.emplace_back(entry);
  return records;
}

TEST(JsonlTest, EveryKindRoundTripsWithOptionalFieldsPresent) {
  const auto records = full_records();
  ASSERT_EQ(records.size(), domain::kAllRecordKinds.size());
  for (const auto& record : records) {
    SCOPED_TRACE(record_to_line(record));
    const auto back = record_from_json(record_to_json(record), kOwner);
    ASSERT_TRUE(back.is_ok()) << back.status().message();
    EXPECT_EQ(*back, record);
    const auto from_line = record_from_json(nlohmann::json::parse(record_to_line(record)), kOwner);
    ASSERT_TRUE(from_line.is_ok()) << from_line.status().message();
    EXPECT_EQ(*from_line, record);
  }
}

TEST(JsonlTest, EveryKindRoundTripsWithOptionalFieldsAbsent) {
  for (const auto& record : sparse_records()) {
    SCOPED_TRACE(record_to_line(record));
    const auto back = record_from_json(record_to_json(record), kOwner);
    ASSERT_TRUE(back.is_ok()) << back.status().message();
    EXPECT_EQ(*back, record);
  }
}

TEST(JsonlTest, LineStartsWithTypeAndIdAndUsesSnakeCaseNames) {
  const auto records = full_records();
  EXPECT_THAT(record_to_line(records[0]), StartsWith(R"({"type":"urge","id":"01HZX3Q5R0000000000000000A","at":)"));
  for (const auto& record : records) {
    const auto object = record_to_json(record);
    EXPECT_EQ(object.at("type"), domain::kind_name(domain::kind_of(record)));
    EXPECT_FALSE(object.contains("tenant_id"));
    EXPECT_FALSE(object.contains("person_id"));
  }
  const auto checkin = record_to_json(records[2]);
  for (const char* name : {"date", "at", "time_zone", "mood", "stress", "loneliness", "boredom", "tiredness", "hunger",
                           "sleep_hours", "urges_today", "acted_today", "note"}) {
    EXPECT_TRUE(checkin.contains(name)) << name;
  }
  EXPECT_EQ(record_to_line(records[0]).find('\n'), std::string::npos);
}

TEST(JsonlTest, TimesCarryTheClientsOffsetAtThatInstant) {
  const auto records = full_records();
  const auto urge = record_to_json(records[0]);
  EXPECT_EQ(urge.at("at"), "2026-03-29T22:15:00.123+02:00");  // summer time
  EXPECT_EQ(urge.at("time_zone"), kZone);
  const auto activity = record_to_json(records[6]);
  EXPECT_EQ(activity.at("created_at"), "2026-03-28T09:00:00+01:00");  // the day before the change
  EXPECT_EQ(activity.at("scheduled_at"), "2026-03-29T15:00:00+02:00");
  EXPECT_EQ(record_to_json(records[2]).at("date"), "2026-03-29");
  EXPECT_EQ(record_to_json(records[7]).at("review_date"), "2026-05-01");
  // Value and Goal have no zone: UTC with "Z".
  EXPECT_EQ(record_to_json(records[4]).at("created_at"), "2026-01-02T08:00:00Z");
  EXPECT_EQ(record_to_json(records[5]).at("created_at"), "2026-01-02T08:05:00.500Z");
  EXPECT_FALSE(record_to_json(records[4]).contains("time_zone"));
}

TEST(JsonlTest, EnumsAreWrittenByName) {
  const auto records = full_records();
  EXPECT_EQ(record_to_json(records[0]).at("outcome"), "surfed");
  EXPECT_EQ(record_to_json(records[0]).at("intensity"), 7);
  EXPECT_EQ(record_to_json(records[3]).at("technique"), "surf");
  EXPECT_EQ(record_to_json(records[6]).at("category"), "connection");
  EXPECT_EQ(record_to_json(records[8]).at("kind"), "thought_record");
}

TEST(JsonlTest, AbsentOptionalFieldsAreOmittedAndNullIsReadAsAbsent) {
  const auto records = sparse_records();
  const auto urge = record_to_json(records[0]);
  EXPECT_FALSE(urge.contains("duration_minutes"));
  const auto pause = record_to_json(records[1]);
  EXPECT_FALSE(pause.contains("end_intensity"));
  EXPECT_EQ(pause.at("urge_id"), "");
  const auto activity = record_to_json(records[3]);
  for (const char* name : {"scheduled_at", "done_at", "mood_before", "mood_after"}) {
    EXPECT_FALSE(activity.contains(name)) << name;
  }
  EXPECT_FALSE(record_to_json(records[4]).contains("review_date"));

  auto with_nulls = activity;
  for (const char* name : {"scheduled_at", "done_at", "mood_before", "mood_after"}) with_nulls[name] = nullptr;
  const auto back = record_from_json(with_nulls, kOwner);
  ASSERT_TRUE(back.is_ok()) << back.status().message();
  EXPECT_EQ(*back, records[3]);
  auto urge_with_null = urge;
  urge_with_null["duration_minutes"] = nullptr;
  EXPECT_EQ(*record_from_json(urge_with_null, kOwner), records[0]);
}

TEST(JsonlTest, ReadRecordsBelongToTheOwner) {
  const Owner other{"tenant-2", "person-9"};
  const auto back = record_from_json(record_to_json(full_records()[0]), other);
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(domain::key_of(*back).tenant_id, "tenant-2");
  EXPECT_EQ(domain::key_of(*back).person_id, "person-9");
  EXPECT_EQ(domain::key_of(*back).id, "01HZX3Q5R0000000000000000A");
}

// Each case changes one field of a valid record and names the sentence it must produce.
struct BadField {
  std::size_t record;          // index into full_records()
  std::string pointer;         // JSON pointer of what to change
  nlohmann::json replacement;  // the new value; a discarded value removes the field
  std::string message;
};

std::vector<BadField> bad_fields() {
  const nlohmann::json remove = nlohmann::json(nlohmann::json::value_t::discarded);
  return {
      {0, "/intensity", "7", "field \"intensity\" must be a whole number"},
      {0, "/intensity", 7.5, "field \"intensity\" must be a whole number"},
      {0, "/intensity", true, "field \"intensity\" must be a whole number"},
      {0, "/intensity", 10000000000LL, "field \"intensity\" is too large"},
      {0, "/intensity", remove, "field \"intensity\" is missing"},
      {0, "/outcome", "won",
       "field \"outcome\" must be one of surfed, delayed, coping, acted or ongoing (not \"won\")"},
      {0, "/outcome", 3, "field \"outcome\" must be a string"},
      {0, "/outcome", remove, "field \"outcome\" is missing"},
      {0, "/at", "yesterday", "field \"at\" must be an RFC 3339 time such as \"2026-03-29T22:15:00+02:00\""},
      {0, "/at", "2026-03-29T22:15:00", "field \"at\" must be an RFC 3339 time"},
      {0, "/at", 1774815300, "field \"at\" must be an RFC 3339 time string"},
      {0, "/at", nullptr, "field \"at\" must be an RFC 3339 time string"},
      {0, "/id", "not-an-id", "field \"id\" must be a record id (a ULID: 26 characters of Crockford base 32)"},
      {0, "/id", "01hzx3q5r0000000000000000a", "field \"id\" must be a record id"},
      {0, "/id", remove, "field \"id\" is missing"},
      {0, "/time_zone", 1, "field \"time_zone\" must be a string"},
      {0, "/contexts", "alone", "field \"contexts\" must be a list of strings"},
      {0, "/contexts", nlohmann::json::array({"alone", 3}), "field \"contexts\" must be a list of strings"},
      {0, "/duration_minutes", "25", "field \"duration_minutes\" must be a whole number"},
      {0, "/mood", 5, "field \"mood\" is not part of an urge"},
      {0, "/note", remove, "field \"note\" is missing"},
      {1, "/urge_id", "", "field \"urge_id\" must be a record id"},
      {1, "/links", nlohmann::json::object(), "field \"links\" must be a list of strings"},
      {2, "/date", "2026-02-30", "field \"date\" must be a date such as \"2026-03-29\""},
      {2, "/date", 20260329, "field \"date\" must be a date string"},
      {2, "/sleep_hours", "8", "field \"sleep_hours\" must be a number"},
      {2, "/acted_today", 1, "field \"acted_today\" must be true or false"},
      {2, "/loneliness", -1.5, "field \"loneliness\" must be a whole number"},
      {3, "/samples/1/intensity", "high", "field \"samples[1].intensity\" must be a whole number"},
      {3, "/samples/0/offset_seconds", remove, "field \"samples[0].offset_seconds\" is missing"},
      {3, "/samples/2/extra", 1, "field \"samples[2].extra\" is not part of an intensity sample"},
      {3, "/samples/1", 8, "field \"samples[1]\" must be an object"},
      {3, "/samples", 8, "field \"samples\" must be a list of intensity samples"},
      {3, "/technique", "nap", "field \"technique\" must be one of surf, breathe, ground or delay"},
      {3, "/end_intensity", "4", "field \"end_intensity\" must be a whole number"},
      {3, "/urge_id", "123", "field \"urge_id\" must be a record id"},
      {4, "/rank", remove, "field \"rank\" is missing"},
      {4, "/time_zone", kZone, "field \"time_zone\" is not part of a value"},
      {5, "/levels", nlohmann::json::array({"a", "b"}), "field \"levels\" must be a list of exactly 5 strings"},
      {5, "/weight", "heavy", "field \"weight\" must be a number"},
      {5, "/archived", "no", "field \"archived\" must be true or false"},
      {6, "/category", "fun", "field \"category\" must be one of pleasant, mastery or connection"},
      {6, "/value_ids", nlohmann::json::array({"x"}), "field \"value_ids\" must be a list of record ids"},
      {6, "/scheduled_at", "soon", "field \"scheduled_at\" must be an RFC 3339 time"},
      {6, "/mood_after", "7", "field \"mood_after\" must be a whole number"},
      {7, "/people/0/phone", "1", "field \"people[0].phone\" is not part of a person"},
      {7, "/people/0/name", remove, "field \"people[0].name\" is missing"},
      {7, "/review_date", "soon", "field \"review_date\" must be a date"},
      {7, "/version", "2", "field \"version\" must be a whole number"},
      {8, "/kind", "diary", "field \"kind\" must be one of free, thought_record"},
      {8, "/fields/0/value", 3, "field \"fields[0].value\" must be a string"},
      {8, "/is_private", nullptr, "field \"is_private\" must be true or false"},
      {8, "/type", "dream", "unknown record type \"dream\"; known types are urge, lapse_review, checkin, pause"},
      {8, "/type", 4, "field \"type\" must be a string"},
      {8, "/type", remove, "field \"type\" is missing"},
  };
}

TEST(JsonlTest, EveryBadFieldIsNamedInOneSentence) {
  const auto records = full_records();
  for (const auto& bad : bad_fields()) {
    SCOPED_TRACE(bad.pointer + " in record " + std::to_string(bad.record));
    nlohmann::json object = record_to_json(records[bad.record]);
    const nlohmann::json::json_pointer pointer(bad.pointer);
    if (bad.replacement.is_discarded()) {
      object.at(pointer.parent_pointer()).erase(pointer.back());
    } else {
      object[pointer] = bad.replacement;
    }
    const auto result = record_from_json(object, kOwner);
    ASSERT_FALSE(result.is_ok());
    EXPECT_EQ(result.status().code(), StatusCode::invalid_argument);
    EXPECT_THAT(result.status().message(), StartsWith(bad.message));
  }
}

TEST(JsonlTest, NonObjectsAreRefused) {
  for (const auto& value : {nlohmann::json::array(), nlohmann::json(3), nlohmann::json("urge"), nlohmann::json()}) {
    const auto result = record_from_json(value, kOwner);
    ASSERT_FALSE(result.is_ok());
    EXPECT_EQ(result.status().message(), "a record must be a JSON object");
  }
}

TEST(JsonlTest, RangesAreLeftToDomainRules) {
  auto object = record_to_json(full_records()[0]);
  object["intensity"] = 42;
  const auto result = record_from_json(object, kOwner);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  EXPECT_EQ(std::get<domain::Urge>(*result).intensity, 42);
}

std::string file_of(const std::vector<domain::Record>& records, const Header& header) {
  std::string text = header_to_line(header) + "\n";
  for (const auto& record : records) text += record_to_line(record) + "\n";
  return text;
}

TEST(JsonlTest, ReadsAWholeFileWithHeaderBlankLinesAndCrLf) {
  Header header;
  header.exported_at = "2026-03-30T10:00:00+02:00";
  header.time_zone = kZone;
  header.generator = "keel test";
  auto records = full_records();
  for (const auto& record : sparse_records()) records.push_back(record);
  std::string text = file_of(records, header);
  text.insert(text.find('\n') + 1, "\n   \n");  // blank lines after the header
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  std::istringstream input(crlf);
  const auto result = read_lines(input, kOwner);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  ASSERT_TRUE(result->header.has_value());
  EXPECT_EQ(result->header->format_version, kFormatVersion);
  EXPECT_EQ(result->header->exported_at, header.exported_at);
  EXPECT_EQ(result->header->time_zone, kZone);
  EXPECT_EQ(result->header->generator, "keel test");
  EXPECT_EQ(result->records, records);
}

TEST(JsonlTest, HeaderIsOptional) {
  std::istringstream input(record_to_line(full_records()[0]) + "\n" + record_to_line(full_records()[1]));
  const auto result = read_lines(input, kOwner);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  EXPECT_FALSE(result->header.has_value());
  EXPECT_EQ(result->records.size(), 2u);
}

TEST(JsonlTest, EmptyInputReadsAsNothing) {
  std::istringstream input("\n\n");
  const auto result = read_lines(input, kOwner);
  ASSERT_TRUE(result.is_ok());
  EXPECT_TRUE(result->records.empty());
}

TEST(JsonlTest, HeaderLineIsWrittenAsDocumented) {
  Header header;
  header.exported_at = "2026-03-30T10:00:00+02:00";
  header.time_zone = kZone;
  header.generator = "keel 0.1.0";
  EXPECT_EQ(header_to_line(header),
            R"({"type":"keel-export","format_version":1,"exported_at":"2026-03-30T10:00:00+02:00",)"
            R"("time_zone":"Europe/Berlin","generator":"keel 0.1.0"})");
  EXPECT_EQ(header_to_json(header).at("format_version"), 1);
}

Status read_error(const std::string& text) {
  std::istringstream input(text);
  const auto result = read_lines(input, kOwner);
  EXPECT_FALSE(result.is_ok());
  return result.status();
}

TEST(JsonlTest, NewerFormatVersionIsAClearError) {
  const Status status = read_error(R"({"type":"keel-export","format_version":2})"
                                   "\n");
  EXPECT_EQ(status.message(),
            "line 1: this file uses export format version 2, which is newer than this keel reads (version 1); "
            "update keel to read it");
}

TEST(JsonlTest, BadHeadersAreNamed) {
  EXPECT_EQ(read_error(R"({"type":"keel-export"})").message(), "line 1: field \"format_version\" is missing");
  EXPECT_EQ(read_error(R"({"type":"keel-export","format_version":"1"})").message(),
            "line 1: field \"format_version\" must be a whole number");
  EXPECT_EQ(read_error(R"({"type":"keel-export","format_version":0})").message(),
            "line 1: field \"format_version\" must be 1 or more");
  EXPECT_EQ(read_error(R"({"type":"keel-export","format_version":1,"flavour":"x"})").message(),
            "line 1: field \"flavour\" is not part of the export header");
  EXPECT_THAT(read_error(R"({"type":"keel-export","format_version":1,"exported_at":"today"})").message(),
              StartsWith("line 1: field \"exported_at\" must be an RFC 3339 time"));
}

TEST(JsonlTest, HeaderAfterTheFirstLineIsAnError) {
  const std::string header = header_to_line(Header{});
  const std::string text = "\n" + record_to_line(full_records()[0]) + "\n" + header + "\n";
  EXPECT_EQ(read_error(text).message(), "line 3: a \"keel-export\" header may only be the first line");
}

TEST(JsonlTest, ErrorsNameTheLineCountingBlankLines) {
  auto object = record_to_json(full_records()[0]);
  object["intensity"] = "high";
  const std::string text = header_to_line(Header{}) + "\n\n" + record_to_line(full_records()[1]) + "\n" + object.dump();
  EXPECT_EQ(read_error(text).message(), "line 4: field \"intensity\" must be a whole number");
}

TEST(JsonlTest, NonJsonLineIsAnError) {
  const std::string text = record_to_line(full_records()[0]) + "\n{\"type\": \"urge\",\n";
  const Status status = read_error(text);
  EXPECT_EQ(status.code(), StatusCode::invalid_argument);
  EXPECT_EQ(status.message(), "line 2: the line is not valid JSON; each line must be one JSON object");
  EXPECT_EQ(read_error("hello\n").message(), "line 1: the line is not valid JSON; each line must be one JSON object");
  EXPECT_EQ(read_error("[1,2]\n").message(), "line 1: each line must be one JSON object");
}

TEST(JsonlTest, InvalidUtf8IsAnError) {
  std::string line = record_to_line(full_records()[0]);
  line.replace(line.find("note with"), 4, "\xC3\x28te");
  EXPECT_EQ(read_error("\n" + line + "\n").message(),
            "line 2: the line is not valid UTF-8 text; the file may be damaged or not an export");
}

TEST(JsonlTest, ByteOrderMarkOnTheFirstLineIsIgnored) {
  std::istringstream input("\xEF\xBB\xBF" + header_to_line(Header{}) + "\n" + record_to_line(full_records()[0]));
  const auto result = read_lines(input, kOwner);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  EXPECT_TRUE(result->header.has_value());
  EXPECT_EQ(result->records.size(), 1u);
}

TEST(JsonlTest, UnknownTypeOnALineIsNamed) {
  EXPECT_THAT(read_error(R"({"type":"dream","id":"01HZX3Q5R0000000000000000A"})").message(),
              StartsWith("line 1: unknown record type \"dream\"; known types are urge, lapse_review"));
}

}  // namespace
}  // namespace keel::exchange
