#include "domain/rules.h"

#include <gtest/gtest.h>

#include "core/id.h"
#include "core/time.h"

namespace keel::domain {
namespace {

const Instant kNow = parse_rfc3339("2026-06-01T12:00:00Z").value();
const ValidationContext kContext{kNow};

RecordKey key() { return {"tenant", "person", "01J0000000000000000000000A"}; }

Urge valid_urge() {
  Urge urge;
  urge.key = key();
  urge.at = kNow - std::chrono::hours{1};
  urge.time_zone = "Europe/Berlin";
  urge.intensity = 7;
  urge.outcome = UrgeOutcome::surfed;
  return urge;
}

std::string message(const Record& record) { return validate(record, kContext).message(); }

TEST(Rules, AValidUrgePasses) { EXPECT_TRUE(validate(valid_urge(), kContext).is_ok()); }

TEST(Rules, IntensityOutsideZeroToTenIsExplained) {
  auto urge = valid_urge();
  urge.intensity = 11;
  EXPECT_EQ(message(urge), "intensity must be between 0 and 10");
  urge.intensity = -1;
  EXPECT_EQ(message(urge), "intensity must be between 0 and 10");
  urge.intensity = 0;
  EXPECT_TRUE(validate(urge, kContext).is_ok());
  urge.intensity = 10;
  EXPECT_TRUE(validate(urge, kContext).is_ok());
}

TEST(Rules, TimesFarInTheFutureOrLongAgoAreRefused) {
  auto urge = valid_urge();
  urge.at = kNow + std::chrono::hours{23};
  EXPECT_TRUE(validate(urge, kContext).is_ok());  // clocks differ a little
  urge.at = kNow + std::chrono::hours{25};
  EXPECT_NE(message(urge).find("future"), std::string::npos);
  urge.at = parse_rfc3339("1999-12-31T23:00:00Z").value();
  EXPECT_NE(message(urge).find("before the year 2000"), std::string::npos);
}

TEST(Rules, TextMustBeUtf8WithinLimits) {
  auto urge = valid_urge();
  urge.note = "caf\xC3\xA9 \xF0\x9F\x8C\x8A";  // café and a wave emoji
  EXPECT_TRUE(validate(urge, kContext).is_ok());
  urge.note = "bad \xC3";
  EXPECT_EQ(message(urge), "note must be valid UTF-8 text without NUL bytes");
  urge.note = std::string("nul\0byte", 8);
  EXPECT_EQ(message(urge), "note must be valid UTF-8 text without NUL bytes");
  urge.note = "\xED\xA0\x80";  // a UTF-16 surrogate, not text
  EXPECT_FALSE(validate(urge, kContext).is_ok());
  urge.note = "\xC0\xAF";  // an overlong '/'
  EXPECT_FALSE(validate(urge, kContext).is_ok());
  urge.note = std::string(kMaxTextLength + 1, 'a');
  EXPECT_NE(message(urge).find("too long"), std::string::npos);
}

TEST(Rules, TagsAreTidiedAndBounded) {
  std::vector<std::string> tags = {"  Phone   in Bed ", "phone in bed", "", "LONELY"};
  EXPECT_EQ(normalize_tags(tags), (std::vector<std::string>{"phone in bed", "lonely"}));
  auto urge = valid_urge();
  urge.contexts.assign(kMaxTags + 1, "x");
  EXPECT_NE(message(urge).find("at most 32"), std::string::npos);
  urge.contexts = {std::string(kMaxTagLength + 1, 'a')};
  EXPECT_NE(message(urge).find("too long"), std::string::npos);
}

TEST(Rules, CheckInRanges) {
  CheckIn checkin;
  checkin.key = key();
  checkin.at = kNow;
  checkin.date = parse_date("2026-06-01").value();
  checkin.time_zone = "Europe/Berlin";
  checkin.sleep_hours = 7.5;
  EXPECT_TRUE(validate(checkin, kContext).is_ok());
  checkin.loneliness = 12;
  EXPECT_EQ(message(checkin), "loneliness must be between 0 and 10");
  checkin.loneliness = 3;
  checkin.sleep_hours = 25;
  EXPECT_EQ(message(checkin), "sleep must be between 0 and 24 hours");
  checkin.sleep_hours = 7;
  checkin.date = parse_date("2026-06-05").value();
  EXPECT_NE(message(checkin).find("future"), std::string::npos);
}

TEST(Rules, PauseSamplesInOrderAndInRange) {
  PauseSession pause;
  pause.key = key();
  pause.at = kNow;
  pause.time_zone = "UTC";
  pause.planned_minutes = 10;
  pause.start_intensity = 8;
  pause.end_intensity = 3;
  pause.samples = {{0, 8}, {60, 9}, {120, 6}};
  EXPECT_TRUE(validate(pause, kContext).is_ok());
  pause.samples = {{60, 8}, {0, 9}};
  EXPECT_EQ(message(pause), "intensity samples must be in time order");
  Record record = pause;
  normalize(record);
  EXPECT_TRUE(validate(record, kContext).is_ok());
  pause.samples = {{0, 11}};
  EXPECT_EQ(message(pause), "a sample's intensity must be between 0 and 10");
  pause.samples = {};
  pause.planned_minutes = 500;
  EXPECT_EQ(message(pause), "planned minutes must be between 0 and 120");
}

TEST(Rules, GoalsActivitiesPlansAndJournal) {
  Goal goal;
  goal.key = key();
  goal.created_at = kNow;
  goal.title = "Phone out of the bedroom";
  goal.weight = 2;
  EXPECT_TRUE(validate(goal, kContext).is_ok());
  goal.weight = 0;
  EXPECT_NE(message(goal).find("weight"), std::string::npos);
  goal.weight = 1;
  goal.title = "   ";
  EXPECT_NE(message(goal).find("must not be empty"), std::string::npos);

  Activity activity;
  activity.key = key();
  activity.created_at = kNow;
  activity.time_zone = "UTC";
  activity.title = "Call my brother";
  activity.category = ActivityCategory::connection;
  activity.mood_before = 4;
  activity.mood_after = 7;
  EXPECT_TRUE(validate(activity, kContext).is_ok());
  activity.done_at = kNow;
  EXPECT_NE(message(activity).find("marked done"), std::string::npos);

  PlanVersion plan;
  plan.key = key();
  plan.created_at = kNow;
  plan.time_zone = "UTC";
  plan.coping_steps = {"walk round the block"};
  plan.people = {{"Sam", "+44 7700 900123"}};
  EXPECT_TRUE(validate(plan, kContext).is_ok());
  plan.version = 0;
  EXPECT_FALSE(validate(plan, kContext).is_ok());

  JournalEntry entry;
  entry.key = key();
  entry.at = kNow;
  entry.time_zone = "UTC";
  entry.kind = JournalKind::thought_record;
  entry.fields = {{"situation", "alone after work"}, {"automatic_thought", "I'll never change"}};
  EXPECT_TRUE(validate(entry, kContext).is_ok());
  entry.fields.push_back({"colour", "blue"});
  EXPECT_EQ(message(entry), "\"colour\" is not a part of a thought_record entry");
  entry.fields.clear();
  EXPECT_EQ(message(entry), "a journal entry needs some text");
}

TEST(Rules, LapseReviewNeedsItsUrgeAndKeysMustBeIds) {
  LapseReview review;
  review.key = key();
  review.at = kNow;
  review.time_zone = "UTC";
  EXPECT_EQ(message(review), "a lapse review must name the urge it is about");
  review.urge_id = "01J0000000000000000000000B";
  EXPECT_TRUE(validate(review, kContext).is_ok());
  review.key.id = "not-an-id";
  EXPECT_NE(message(review).find("not a valid record id"), std::string::npos);
}

TEST(Records, KindNamesRoundTrip) {
  for (auto kind : kAllRecordKinds) EXPECT_EQ(parse_kind(kind_name(kind)), kind);
  EXPECT_EQ(parse_outcome("acted"), UrgeOutcome::acted);
  EXPECT_FALSE(parse_outcome("failure").has_value());
  Record urge = valid_urge();
  EXPECT_EQ(kind_of(urge), RecordKind::urge);
  EXPECT_EQ(time_of(urge), kNow - std::chrono::hours{1});
}

}  // namespace
}  // namespace keel::domain
