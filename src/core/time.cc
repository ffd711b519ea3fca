#include "core/time.h"

#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

namespace keel {

namespace {

// The calendar types are std::chrono's; date/tz has its own, so convert at its edge.
date::local_days to_local_days(LocalDate day) {
  return date::local_days{date::days{std::chrono::sys_days{day}.time_since_epoch().count()}};
}

// A zone's offset in whole minutes, as RFC 3339 can write it. Old local mean times had seconds
// (Berlin was +00:53:28 before 1893); every conversion here drops them alike, so that reading
// and writing a local time always agree.
std::chrono::minutes whole_minutes(std::chrono::seconds offset) {
  return std::chrono::duration_cast<std::chrono::minutes>(offset);
}

// The zones this thread looked up last, and for each the span of instants around its last answer
// in which its offset from UTC holds. date::locate_zone searches every zone's name and
// time_zone::get_info every transition of the zone; the analytics ask both for every record, almost
// always of the same zone and mostly within the same daylight-saving period. Per thread, so it needs
// no lock; the zones themselves live in the tz database for the life of the process (keel never
// reloads it).
class ZoneCache {
 public:
  // The zone named `name`, or nullptr when the database does not know it.
  const date::time_zone* find(std::string_view name) {
    for (Entry& entry : entries_) {
      if (entry.zone != nullptr && entry.name == name) return entry.zone;
    }
    const date::time_zone* zone = nullptr;
    try {
      zone = date::locate_zone(std::string(name));
    } catch (const std::exception&) {
      return nullptr;
    }
    Entry& entry = entries_[next_];
    next_ = (next_ + 1) % entries_.size();
    entry.name.assign(name);
    entry.zone = zone;
    entry.begin = entry.end = date::sys_seconds{};
    return zone;
  }

  // zone.get_info(instant).offset: the answer's span [begin, end) is where that offset holds, so
  // an instant inside the span of the zone's last answer gets the same offset without a search.
  std::chrono::seconds offset_at(const date::time_zone& zone, Instant instant) {
    const auto second = std::chrono::floor<std::chrono::seconds>(instant);
    Entry* cached = nullptr;
    for (Entry& entry : entries_) {
      if (entry.zone == &zone) cached = &entry;
    }
    if (cached != nullptr && cached->begin <= second && second < cached->end) return cached->offset;
    const date::sys_info info = zone.get_info(instant);
    if (cached != nullptr) {
      cached->begin = info.begin;
      cached->end = info.end;
      cached->offset = info.offset;
    }
    return info.offset;
  }

 private:
  struct Entry {
    std::string name;
    const date::time_zone* zone = nullptr;
    date::sys_seconds begin{}, end{};  // empty until the first offset is asked for
    std::chrono::seconds offset{0};
  };
  std::array<Entry, 4> entries_;
  std::size_t next_ = 0;  // the entry a new zone replaces (the oldest)
};

ZoneCache& zone_cache() {
  thread_local ZoneCache cache;
  return cache;
}

const date::time_zone* find_zone(std::string_view name) { return zone_cache().find(name); }

// The zone's offset from UTC at an instant (the seconds of old local mean times included).
std::chrono::seconds offset_at(const date::time_zone& zone, Instant instant) {
  return zone_cache().offset_at(zone, instant);
}

const date::time_zone& zone_or_utc(std::string_view name) {
  const date::time_zone* zone = find_zone(name);
  if (zone == nullptr) zone = find_zone("UTC");
  return *zone;
}

// Reads exactly `width` digits at `position`; advances it.
bool read_digits(std::string_view text, std::size_t& position, int width, int& out) {
  if (position + static_cast<std::size_t>(width) > text.size()) return false;
  int value = 0;
  for (int i = 0; i < width; ++i) {
    const char c = text[position + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  position += static_cast<std::size_t>(width);
  out = value;
  return true;
}

bool expect(std::string_view text, std::size_t& position, char c) {
  if (position < text.size() && text[position] == c) {
    ++position;
    return true;
  }
  return false;
}

struct WallTime {
  LocalDate date;
  int hour = 0, minute = 0, second = 0, millisecond = 0;
};

// "YYYY-MM-DD" then optional [T or space] "HH:MM[:SS[.fff]]". Leaves position after what it read.
bool read_wall_time(std::string_view text, std::size_t& position, WallTime& out, bool require_time) {
  int year = 0, month = 0, day = 0;
  if (!read_digits(text, position, 4, year) || !expect(text, position, '-') || !read_digits(text, position, 2, month) ||
      !expect(text, position, '-') || !read_digits(text, position, 2, day)) {
    return false;
  }
  out.date = std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} /
             std::chrono::day{static_cast<unsigned>(day)};
  if (!out.date.ok()) return false;
  if (position == text.size()) return !require_time;
  if (text[position] != 'T' && text[position] != 't' && text[position] != ' ') return false;
  ++position;
  if (!read_digits(text, position, 2, out.hour) || !expect(text, position, ':') ||
      !read_digits(text, position, 2, out.minute)) {
    return false;
  }
  if (expect(text, position, ':')) {
    if (!read_digits(text, position, 2, out.second)) return false;
    if (expect(text, position, '.')) {
      int digits = 0;
      int value = 0;
      while (position < text.size() && std::isdigit(static_cast<unsigned char>(text[position]))) {
        if (digits < 3) value = value * 10 + (text[position] - '0');
        ++digits;
        ++position;
      }
      if (digits == 0) return false;
      for (int i = digits; i < 3; ++i) value *= 10;
      out.millisecond = value;
    }
  }
  return out.hour < 24 && out.minute < 60 && out.second < 60;
}

date::local_time<std::chrono::milliseconds> to_local(const WallTime& wall) {
  return to_local_days(wall.date) + std::chrono::hours{wall.hour} + std::chrono::minutes{wall.minute} +
         std::chrono::seconds{wall.second} + std::chrono::milliseconds{wall.millisecond};
}

Result<Instant> resolve_local(date::local_time<std::chrono::milliseconds> local, std::string_view zone_name) {
  const date::time_zone* zone = find_zone(zone_name);
  if (zone == nullptr) return Status::invalid(fmt::format("unknown time zone \"{}\"", zone_name));
  const date::local_info info = zone->get_info(local);
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:  // the earlier of the two
      return Instant{local.time_since_epoch() - whole_minutes(info.first.offset)};
    case date::local_info::nonexistent:
    default:
      return Status::invalid(fmt::format(
          "that local time does not exist in {} (the clocks skip it for daylight saving); pick a time after the change",
          zone_name));
  }
}

}  // namespace

Status validate_time_zone(std::string_view name) {
  if (name.empty()) return Status::invalid("a time zone is needed, for example Europe/Berlin");
  if (find_zone(name) == nullptr) {
    return Status::invalid(fmt::format("unknown time zone \"{}\"; use an IANA name such as Europe/Berlin", name));
  }
  return Status::ok();
}

std::string system_time_zone() {
  if (const char* tz = std::getenv("TZ"); tz != nullptr && *tz != '\0') {
    std::string_view name(tz);
    if (name.front() == ':') name.remove_prefix(1);
    if (find_zone(name) != nullptr) return std::string(name);
  }
  try {
    return std::string(date::current_zone()->name());
  } catch (const std::exception&) {
    return "UTC";
  }
}

std::string format_rfc3339(Instant instant, std::string_view zone_name) {
  const date::time_zone& zone = zone_or_utc(zone_name);
  const auto offset = whole_minutes(offset_at(zone, instant));
  const auto local = instant + offset;
  const auto day = std::chrono::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::milliseconds> time{local - day};
  const long offset_minutes = offset.count();
  const char sign = offset_minutes < 0 ? '-' : '+';
  const long magnitude = std::labs(offset_minutes);
  std::string text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(ymd.year()),
                                 static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                                 time.hours().count(), time.minutes().count(), time.seconds().count());
  if (time.subseconds().count() != 0) text += fmt::format(".{:03}", time.subseconds().count());
  text += fmt::format("{}{:02}:{:02}", sign, magnitude / 60, magnitude % 60);
  return text;
}

Result<Instant> parse_rfc3339(std::string_view text) {
  std::size_t position = 0;
  WallTime wall;
  if (!read_wall_time(text, position, wall, /*require_time=*/true) || position >= text.size()) {
    return Status::invalid(fmt::format("\"{}\" is not an RFC 3339 time such as 2026-03-29T22:15:00+02:00", text));
  }
  int offset_minutes = 0;
  if (text[position] == 'Z' || text[position] == 'z') {
    ++position;
  } else if (text[position] == '+' || text[position] == '-') {
    const int sign = text[position] == '-' ? -1 : 1;
    ++position;
    int hours = 0, minutes = 0;
    if (!read_digits(text, position, 2, hours) || !expect(text, position, ':') ||
        !read_digits(text, position, 2, minutes) || hours > 23 || minutes > 59) {
      return Status::invalid(fmt::format("\"{}\" has a malformed UTC offset", text));
    }
    offset_minutes = sign * (hours * 60 + minutes);
  }
  if (position != text.size()) {
    return Status::invalid(fmt::format("\"{}\" is not an RFC 3339 time such as 2026-03-29T22:15:00+02:00", text));
  }
  const Instant instant{to_local(wall).time_since_epoch() - std::chrono::minutes{offset_minutes}};
  // Keep the UTC year within 0001..9998, so that every zone's local year can be written in four digits.
  const auto utc_year =
      static_cast<int>(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(instant)}.year());
  if (utc_year < 1 || utc_year > 9998)
    return Status::invalid(fmt::format("\"{}\" is outside the years keel handles", text));
  return instant;
}

Result<Instant> parse_user_time(std::string_view text, std::string_view zone, Instant now) {
  if (text == "now") return now;
  if (auto exact = parse_rfc3339(text); exact.is_ok()) return exact;
  std::size_t position = 0;
  WallTime wall;
  if (read_wall_time(text, position, wall, /*require_time=*/false) && position == text.size()) {
    return resolve_local(to_local(wall), zone);
  }
  // "HH:MM" today, in the zone.
  position = 0;
  int hour = 0, minute = 0;
  if (read_digits(text, position, 2, hour) && expect(text, position, ':') && read_digits(text, position, 2, minute) &&
      position == text.size() && hour < 24 && minute < 60) {
    WallTime today;
    today.date = local_date_of(now, zone);
    today.hour = hour;
    today.minute = minute;
    return resolve_local(to_local(today), zone);
  }
  return Status::invalid(fmt::format(
      "\"{}\" is not a time keel understands; use \"now\", \"21:30\", \"2026-03-29 21:30\" or RFC 3339", text));
}

Result<LocalDate> parse_date(std::string_view text) {
  std::size_t position = 0;
  WallTime wall;
  if (text.size() != 10 || !read_wall_time(text, position, wall, false) || position != text.size()) {
    return Status::invalid(fmt::format("\"{}\" is not a date in the form YYYY-MM-DD", text));
  }
  return wall.date;
}

std::string format_date(LocalDate date) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

LocalParts local_parts(Instant instant, std::string_view zone_name) {
  const date::time_zone& zone = zone_or_utc(zone_name);
  const auto offset = whole_minutes(offset_at(zone, instant));
  const auto local = instant + offset;
  const auto day = std::chrono::floor<date::days>(local);
  const date::hh_mm_ss<std::chrono::milliseconds> time{local - day};
  LocalParts parts;
  parts.date = LocalDate{std::chrono::sys_days{day}};
  parts.hour = static_cast<int>(time.hours().count());
  parts.minute = static_cast<int>(time.minutes().count());
  parts.weekday = static_cast<int>(date::weekday{day}.iso_encoding()) - 1;
  parts.offset_minutes = static_cast<int>(offset.count());
  return parts;
}

LocalDate local_date_of(Instant instant, std::string_view zone) { return local_parts(instant, zone).date; }

Instant start_of_local_day(LocalDate day, std::string_view zone_name) {
  const date::time_zone& zone = zone_or_utc(zone_name);
  auto local = date::local_time<std::chrono::milliseconds>{to_local_days(day).time_since_epoch()};
  // Midnight can be skipped by a daylight-saving change: step forward to the first valid minute.
  for (int step = 0; step < 24 * 60; ++step) {
    const auto info = zone.get_info(local);
    if (info.result != date::local_info::nonexistent) {
      return Instant{local.time_since_epoch() - whole_minutes(info.first.offset)};
    }
    local += std::chrono::minutes{1};
  }
  return Instant{local.time_since_epoch()};
}

Result<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.empty()) return Status::invalid("a duration is needed, for example 15m or 2h");
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || value < 0) {
    return Status::invalid(fmt::format("\"{}\" is not a duration; use for example 90s, 15m, 2h or 1d", text));
  }
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  long long multiplier = 0;
  if (unit.empty() || unit == "m" || unit == "min")
    multiplier = 60;
  else if (unit == "s")
    multiplier = 1;
  else if (unit == "h")
    multiplier = 3600;
  else if (unit == "d")
    multiplier = 86400;
  else
    return Status::invalid(fmt::format("\"{}\" is not a duration; use for example 90s, 15m, 2h or 1d", text));
  if (value > 366LL * 86400) return Status::invalid("that duration is too long; keep it under a year");
  return std::chrono::seconds{value * multiplier};
}

}  // namespace keel
