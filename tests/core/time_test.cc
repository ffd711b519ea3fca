#include "core/time.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace keel {
namespace {

Instant utc(const char* text) { return parse_rfc3339(text).value(); }

TEST(Time, FormatsWithTheZoneOffsetOfThatInstant) {
  // Berlin is UTC+1 in winter and UTC+2 in summer.
  EXPECT_EQ(format_rfc3339(utc("2026-01-15T21:15:00Z"), "Europe/Berlin"), "2026-01-15T22:15:00+01:00");
  EXPECT_EQ(format_rfc3339(utc("2026-07-15T20:15:00Z"), "Europe/Berlin"), "2026-07-15T22:15:00+02:00");
  EXPECT_EQ(format_rfc3339(utc("2026-07-15T20:15:00.250Z"), "America/New_York"), "2026-07-15T16:15:00.250-04:00");
  EXPECT_EQ(format_rfc3339(utc("2026-07-15T20:15:00Z"), "Asia/Kolkata"), "2026-07-16T01:45:00+05:30");
}

TEST(Time, ParsesOffsetsAndFractions) {
  EXPECT_EQ(utc("2026-03-29T22:15:00+02:00"), utc("2026-03-29T20:15:00Z"));
  EXPECT_EQ(utc("2026-03-29T22:15:00.5-01:30"), utc("2026-03-29T23:45:00.500Z"));
  EXPECT_FALSE(parse_rfc3339("2026-02-30T10:00:00Z").is_ok());
  EXPECT_FALSE(parse_rfc3339("2026-03-29 22:15").is_ok());
  EXPECT_FALSE(parse_rfc3339("2026-03-29T25:15:00Z").is_ok());
  EXPECT_FALSE(parse_rfc3339("2026-03-29T22:15:00+0200").is_ok());
  EXPECT_FALSE(parse_rfc3339("").is_ok());
}

TEST(Time, RoundTripsThroughText) {
  const Instant instant = utc("2026-10-25T00:30:00.007Z");
  for (const char* zone : {"UTC", "Europe/Berlin", "Australia/Lord_Howe", "America/St_Johns"}) {
    EXPECT_EQ(parse_rfc3339(format_rfc3339(instant, zone)).value(), instant) << zone;
  }
}

TEST(Time, OldLocalMeanTimesAndFarYearsStayReadable) {
  // Before 1893 Berlin kept +00:53:28; RFC 3339 has whole minutes, and reading agrees with writing.
  const Instant old = utc("1850-06-01T12:00:00Z");
  EXPECT_EQ(parse_rfc3339(format_rfc3339(old, "Europe/Berlin")).value(), old);
  const Instant typed = parse_user_time("1850-06-01 12:00", "Europe/Berlin", old).value();
  EXPECT_EQ(format_rfc3339(typed, "Europe/Berlin"), "1850-06-01T12:00:00+00:53");
  EXPECT_FALSE(parse_rfc3339("0000-01-01T00:00:00+23:59").is_ok());
  EXPECT_FALSE(parse_rfc3339("9999-12-31T23:59:00-00:01").is_ok());
}

TEST(Time, LocalHourAndWeekdayFollowDaylightSaving) {
  // 22:00 on a Sunday in Berlin, before and after the change to summer time on 2026-03-29.
  auto winter = local_parts(utc("2026-03-22T21:00:00Z"), "Europe/Berlin");
  auto summer = local_parts(utc("2026-04-05T20:00:00Z"), "Europe/Berlin");
  EXPECT_EQ(winter.hour, 22);
  EXPECT_EQ(summer.hour, 22);
  EXPECT_EQ(winter.weekday, 6);
  EXPECT_EQ(summer.weekday, 6);
  EXPECT_EQ(winter.offset_minutes, 60);
  EXPECT_EQ(summer.offset_minutes, 120);
}

TEST(Time, PersonTypedTimesAreReadInTheirZone) {
  const Instant now = utc("2026-03-29T12:00:00Z");
  EXPECT_EQ(parse_user_time("now", "Europe/Berlin", now).value(), now);
  EXPECT_EQ(parse_user_time("21:30", "Europe/Berlin", now).value(), utc("2026-03-29T19:30:00Z"));
  EXPECT_EQ(parse_user_time("2026-03-28 21:30", "Europe/Berlin", now).value(), utc("2026-03-28T20:30:00Z"));
  // 02:30 does not exist in Berlin on 2026-03-29: the clocks jump from 02:00 to 03:00.
  auto skipped = parse_user_time("2026-03-29 02:30", "Europe/Berlin", now);
  ASSERT_FALSE(skipped.is_ok());
  EXPECT_NE(skipped.status().message().find("does not exist"), std::string::npos);
  // 02:30 happens twice on 2026-10-25: the earlier one (summer time) is taken.
  EXPECT_EQ(parse_user_time("2026-10-25 02:30", "Europe/Berlin", now).value(), utc("2026-10-25T00:30:00Z"));
  EXPECT_FALSE(parse_user_time("yesterday-ish", "Europe/Berlin", now).is_ok());
}

TEST(Time, DatesAndDayStarts) {
  EXPECT_EQ(format_date(parse_date("2026-02-28").value()), "2026-02-28");
  EXPECT_FALSE(parse_date("2026-02-29").is_ok());
  EXPECT_FALSE(parse_date("26-02-01").is_ok());
  EXPECT_FALSE(parse_date("2026-01-01 00:00").is_ok());  // a date, not a time
  EXPECT_FALSE(parse_date("2026-01-01T00:00").is_ok());
  EXPECT_EQ(start_of_local_day(parse_date("2026-07-01").value(), "Europe/Berlin"), utc("2026-06-30T22:00:00Z"));
  // In Santiago, clocks jumped from 00:00 to 01:00 on 2026-09-06: the day starts at 01:00.
  EXPECT_EQ(
      format_rfc3339(start_of_local_day(parse_date("2026-09-06").value(), "America/Santiago"), "America/Santiago"),
      "2026-09-06T01:00:00-03:00");
  EXPECT_EQ(format_date(local_date_of(utc("2026-07-15T23:30:00Z"), "Europe/Berlin")), "2026-07-16");
}

// local_parts and format_rfc3339 remember the last zones and offsets they looked up (per thread);
// what they answer must not depend on what was asked before.
TEST(Time, ZoneLookupsDoNotDependOnEarlierQuestions) {
  struct Expected {
    const char* zone;
    int offset_minutes;
    int hour;
  };
  // 2026-07-15T20:15:00Z in more zones than are remembered at once, asked for in turn, three times.
  const Expected zones[] = {{"Europe/Berlin", 120, 22},      {"America/New_York", -240, 16}, {"Asia/Kolkata", 330, 1},
                            {"Australia/Lord_Howe", 630, 6}, {"Australia/Sydney", 600, 6},   {"UTC", 0, 20},
                            {"America/St_Johns", -150, 17}};
  const Instant summer = utc("2026-07-15T20:15:00Z");
  for (int round = 0; round < 3; ++round) {
    for (const auto& expected : zones) {
      const LocalParts parts = local_parts(summer, expected.zone);
      EXPECT_EQ(parts.offset_minutes, expected.offset_minutes) << expected.zone;
      EXPECT_EQ(parts.hour, expected.hour) << expected.zone;
    }
  }
  // Both sides of Berlin's changes, to the millisecond, in an order that leaves each side's
  // offset remembered when the other is asked for.
  const struct {
    const char* at;
    int offset_minutes;
    int hour;
  } instants[] = {{"2026-03-29T00:59:59.999Z", 60, 1}, {"2026-03-29T01:00:00Z", 120, 3},
                  {"2026-03-29T00:59:59.999Z", 60, 1}, {"2026-10-25T00:59:59.999Z", 120, 2},
                  {"2026-10-25T01:00:00Z", 60, 2},     {"2026-10-25T00:59:59.999Z", 120, 2},
                  {"2026-01-15T12:00:00Z", 60, 13},    {"2026-07-15T12:00:00Z", 120, 14}};
  for (const auto& expected : instants) {
    const LocalParts parts = local_parts(utc(expected.at), "Europe/Berlin");
    EXPECT_EQ(parts.offset_minutes, expected.offset_minutes) << expected.at;
    EXPECT_EQ(parts.hour, expected.hour) << expected.at;
  }
  EXPECT_EQ(format_rfc3339(utc("2026-03-29T01:00:00Z"), "Europe/Berlin"), "2026-03-29T03:00:00+02:00");
  // An unknown name reads as UTC and does not disturb the zones remembered.
  EXPECT_EQ(local_parts(summer, "Mars/Olympus").offset_minutes, 0);
  EXPECT_EQ(local_parts(summer, "Europe/Berlin").offset_minutes, 120);
  EXPECT_FALSE(validate_time_zone("Mars/Olympus").is_ok());
}

TEST(Time, ZoneLookupsOnSeveralThreadsAtOnce) {
  const Instant winter = utc("2026-01-15T12:00:00Z");
  const Instant summer = utc("2026-07-15T12:00:00Z");
  std::atomic<int> wrong{0};
  auto work = [&](const char* zone, int winter_offset, int summer_offset) {
    for (int i = 0; i < 2000; ++i) {
      if (local_parts(winter, zone).offset_minutes != winter_offset) ++wrong;
      if (local_parts(summer, zone).offset_minutes != summer_offset) ++wrong;
    }
  };
  std::thread berlin(work, "Europe/Berlin", 60, 120);
  std::thread new_york(work, "America/New_York", -300, -240);
  std::thread sydney(work, "Australia/Sydney", 660, 600);
  berlin.join();
  new_york.join();
  sydney.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(Time, ZonesAndDurations) {
  EXPECT_TRUE(validate_time_zone("Europe/Berlin").is_ok());
  EXPECT_FALSE(validate_time_zone("Mars/Olympus").is_ok());
  EXPECT_FALSE(validate_time_zone("").is_ok());
  EXPECT_EQ(parse_duration("15m").value(), std::chrono::minutes{15});
  EXPECT_EQ(parse_duration("2h").value(), std::chrono::hours{2});
  EXPECT_EQ(parse_duration("90s").value(), std::chrono::seconds{90});
  EXPECT_EQ(parse_duration("20").value(), std::chrono::minutes{20});
  EXPECT_FALSE(parse_duration("15x").is_ok());
  EXPECT_FALSE(parse_duration("-5m").is_ok());
  EXPECT_FALSE(parse_duration("").is_ok());
}

}  // namespace
}  // namespace keel
