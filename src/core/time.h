// Time zones and the text forms of times and dates.
// Every event is stored as a UTC Instant plus the client's IANA time zone name, so that local
// hour and weekday ("10 pm on a Sunday") are computed correctly across daylight-saving changes.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace keel {

// A calendar day in the client's own time zone.
using LocalDate = std::chrono::year_month_day;

// Ok when `name` is a time zone the IANA database knows ("Europe/Berlin", "UTC").
Status validate_time_zone(std::string_view name);

// The machine's time zone name, or "UTC" when it cannot be told.
std::string system_time_zone();

// RFC 3339 with the zone's offset at that instant: "2026-03-29T22:15:00+02:00"
// (milliseconds are written only when not zero). `zone` must be valid.
std::string format_rfc3339(Instant instant, std::string_view zone);

// Parses RFC 3339 with a "Z" or "+hh:mm" offset and an optional fraction of a second.
Result<Instant> parse_rfc3339(std::string_view text);

// Parses a time typed by a person: RFC 3339, "YYYY-MM-DD HH:MM[:SS]", "YYYY-MM-DDTHH:MM[:SS]"
// or "HH:MM" (today), read in `zone` when no offset is given, or "now".
// A local time skipped by a daylight-saving change is an error; a repeated one takes the earlier.
Result<Instant> parse_user_time(std::string_view text, std::string_view zone, Instant now);

// "YYYY-MM-DD" ⇄ LocalDate.
Result<LocalDate> parse_date(std::string_view text);
std::string format_date(LocalDate date);

// The client's calendar day at an instant.
LocalDate local_date_of(Instant instant, std::string_view zone);

// The first instant of a local day in a zone (midnight, or the first valid time after it).
Instant start_of_local_day(LocalDate date, std::string_view zone);

// Local wall-clock facts of an instant, for patterns by hour and weekday. Each thread remembers
// the last few zones it asked for and their offset around the last instant, so calling this (or
// format_rfc3339, local_date_of) for every record of a person costs no search of the database.
struct LocalParts {
  LocalDate date;
  int hour = 0;            // 0..23
  int minute = 0;          // 0..59
  int weekday = 0;         // 0 = Monday .. 6 = Sunday (ISO order)
  int offset_minutes = 0;  // the zone's offset from UTC at that instant
};
LocalParts local_parts(Instant instant, std::string_view zone);

// Parses a span typed by a person: "15m", "2h", "90s", "1d", or plain minutes ("15").
Result<std::chrono::seconds> parse_duration(std::string_view text);

}  // namespace keel
