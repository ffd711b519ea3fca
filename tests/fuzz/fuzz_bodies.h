// The checks each fuzz target makes on one input, shared by the libFuzzer drivers
// (tests/fuzz/fuzz_*.cc, built with clang) and the corpus replay tests (tests/fuzz_replay/,
// built with the ordinary test suite). A body returns Status::ok() when every check held and an
// internal Status that says which check broke otherwise; the fuzz driver aborts on that, the
// replay test fails. Crashes and sanitizer reports stop both.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>

#include <fmt/format.h>

#include "core/clock.h"
#include "core/status.h"
#include "core/time.h"
#include "domain/records.h"
#include "domain/rules.h"
#include "exchange/jsonl.h"

namespace keel::fuzz {

// The instant the bodies treat as "now": fixed, so that a run never depends on the day.
inline Instant fuzz_now() { return Instant{std::chrono::sys_days{std::chrono::year{2026} / 6 / 1}.time_since_epoch()}; }

// ---------------------------------------------------------------------------------------------
// An independent UTF-8 check, written from the table of well-formed byte sequences in the
// Unicode Standard (chapter 3, table 3-7) rather than by decoding code points, so that it
// shares no logic with domain::is_valid_text. NUL is well-formed UTF-8; callers decide on it.

inline bool is_well_formed_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t position = 0;
  while (position < size) {
    const unsigned char lead = bytes[position];
    if (lead <= 0x7F) {
      ++position;
      continue;
    }
    std::size_t length = 0;
    unsigned char second_low = 0x80;  // the range the second byte must fall in
    unsigned char second_high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead == 0xE0) {
      length = 3;
      second_low = 0xA0;
    } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
      length = 3;
    } else if (lead == 0xED) {
      length = 3;
      second_high = 0x9F;
    } else if (lead == 0xF0) {
      length = 4;
      second_low = 0x90;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      length = 4;
    } else if (lead == 0xF4) {
      length = 4;
      second_high = 0x8F;
    } else {
      return false;  // 0x80..0xC1 and 0xF5..0xFF never start a character
    }
    if (size - position < length) return false;
    if (bytes[position + 1] < second_low || bytes[position + 1] > second_high) return false;
    for (std::size_t offset = 2; offset < length; ++offset) {
      if (bytes[position + offset] < 0x80 || bytes[position + offset] > 0xBF) return false;
    }
    position += length;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// fuzz_text: domain::is_valid_text.

inline Status fuzz_text_one(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const bool accepted = domain::is_valid_text(text);
  const bool has_nul = text.find('\0') != std::string_view::npos;
  if (accepted && has_nul) return Status::internal("is_valid_text accepted text that holds a NUL byte");
  const bool expected = !has_nul && is_well_formed_utf8(text);
  if (accepted != expected) {
    return Status::internal(
        fmt::format("is_valid_text said {} where the table of well-formed UTF-8 says {}", accepted, expected));
  }
  return Status::ok();
}

// ---------------------------------------------------------------------------------------------
// fuzz_time: parse_rfc3339, parse_user_time, parse_date, parse_duration.
//
// Input: an optional first line naming the time zone parse_user_time reads local times in
// ("Europe/Berlin\n2026-03-29 02:30"); without a newline the zone is UTC and all of it is text.

struct TimeInput {
  std::string_view zone;
  std::string_view text;
};

inline TimeInput split_time_input(std::string_view input) {
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return {"UTC", input};
  return {input.substr(0, newline), input.substr(newline + 1)};
}

// "YYYY-MM-DDTHH:MM:SS" of what a person typed as "YYYY-MM-DD[ Tt]HH:MM[:SS[.f…]]" or
// "YYYY-MM-DD", for comparing with what format_rfc3339 writes. Only called on text that
// parse_user_time accepted and parse_rfc3339 did not, so the shape is known to be right.
inline std::string typed_wall_time(std::string_view text) {
  std::string wall(text.substr(0, 10));
  wall += 'T';
  if (text.size() <= 10) return wall + "00:00:00";
  wall += text.substr(11, 5);
  wall += text.size() >= 19 ? std::string(text.substr(16, 3)) : std::string(":00");
  return wall;
}

inline bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

inline Status check_rfc3339(std::string_view text) {
  const Result<Instant> parsed = parse_rfc3339(text);
  if (!parsed) {
    if (parsed.status().message().empty()) return Status::internal("parse_rfc3339 failed without a message");
    return Status::ok();
  }
  const std::string written = format_rfc3339(*parsed, "UTC");
  const Result<Instant> again = parse_rfc3339(written);
  if (!again) {
    return Status::internal(fmt::format("parse_rfc3339 read \"{}\" but not its own format_rfc3339 output \"{}\": {}",
                                        text, written, again.status().message()));
  }
  if (*again != *parsed) {
    return Status::internal(fmt::format("\"{}\" read as {} ms, written as \"{}\", read back as {} ms", text,
                                        to_unix_milliseconds(*parsed), written, to_unix_milliseconds(*again)));
  }
  return Status::ok();
}

inline Status check_user_time(std::string_view text, std::string_view zone) {
  const Instant now = fuzz_now();
  const Result<Instant> parsed = parse_user_time(text, zone, now);
  if (!parsed) {
    if (parsed.status().message().empty()) return Status::internal("parse_user_time failed without a message");
    return Status::ok();
  }
  if (text == "now") {
    if (*parsed != now) return Status::internal("parse_user_time(\"now\") is not the instant it was given as now");
    return Status::ok();
  }
  if (const Result<Instant> exact = parse_rfc3339(text); exact.is_ok()) {
    if (*exact != *parsed)
      return Status::internal(fmt::format("parse_user_time and parse_rfc3339 differ on \"{}\"", text));
    return Status::ok();
  }
  // A local time: written back in the same zone, it must show the wall time that was typed.
  const std::string expected = text.size() == 5
                                   ? format_date(local_date_of(now, zone)) + "T" + std::string(text) + ":00"
                                   : typed_wall_time(text);
  const std::string written = format_rfc3339(*parsed, zone);
  if (written.compare(0, expected.size(), expected) != 0) {
    return Status::internal(
        fmt::format("\"{}\" in {} was read as an instant that {} shows as \"{}\"", text, zone, zone, written));
  }
  return Status::ok();
}

inline Status check_date(std::string_view text) {
  const Result<LocalDate> parsed = parse_date(text);
  if (!parsed) return Status::ok();
  if (!parsed->ok())
    return Status::internal(fmt::format("parse_date accepted \"{}\" as a date that is not valid", text));
  const std::string written = format_date(*parsed);
  if (written != text) {
    return Status::internal(
        fmt::format("parse_date accepted \"{}\", which is not of the form YYYY-MM-DD (it reads as {})", text, written));
  }
  return Status::ok();
}

inline Status check_duration(std::string_view text) {
  const Result<std::chrono::seconds> parsed = parse_duration(text);
  if (!parsed) return Status::ok();
  constexpr long long kLongest = 366LL * 86400 * 86400;  // the most days parse_duration allows, in seconds
  if (parsed->count() < 0 || parsed->count() > kLongest) {
    return Status::internal(fmt::format("parse_duration read \"{}\" as {} s", text, parsed->count()));
  }
  if (all_digits(text) && text.size() < 15 && parsed->count() != std::stoll(std::string(text)) * 60) {
    return Status::internal(
        fmt::format("parse_duration read plain \"{}\" as {} s, not as minutes", text, parsed->count()));
  }
  return Status::ok();
}

inline Status fuzz_time_one(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const TimeInput parts = split_time_input(input);
  KEEL_RETURN_IF_ERROR(check_rfc3339(parts.text));
  KEEL_RETURN_IF_ERROR(check_user_time(parts.text, parts.zone));
  KEEL_RETURN_IF_ERROR(check_date(parts.text));
  return check_duration(parts.text);
}

// ---------------------------------------------------------------------------------------------
// fuzz_jsonl: exchange::read_lines, domain::validate, and writing what was read back out.

inline const exchange::Owner& fuzz_owner() {
  static const exchange::Owner owner{"01KSVTXEC0JY1PE6GKPF8Q55T0", "01KSVTXEC0JY1PE6GKPF8Q55P0"};
  return owner;
}

// Error sentences reach the CLI and the API's JSON: they must say something and be UTF-8.
inline Status check_message(std::string_view what, const Status& status) {
  if (status.message().empty()) return Status::internal(fmt::format("{} failed without a message", what));
  if (!is_well_formed_utf8(status.message())) {
    return Status::internal(fmt::format("{} failed with a message that is not UTF-8", what));
  }
  return Status::ok();
}

inline Status check_record_round_trip(const domain::Record& record, std::size_t index) {
  const std::string original_line = exchange::record_to_line(record);
  const Result<domain::Record> again = exchange::record_from_json(exchange::record_to_json(record), fuzz_owner());
  if (!again) {
    return Status::internal(fmt::format("record {} was read, but record_to_json of it does not read back: {}\n  {}",
                                        index, again.status().message(), original_line));
  }
  if (!(*again == record)) {
    return Status::internal(
        fmt::format("record {} changed on the way through record_to_json:\n  before {}\n  after  {}", index,
                    original_line, exchange::record_to_line(*again)));
  }
  return Status::ok();
}

inline Status fuzz_jsonl_one(const std::uint8_t* data, std::size_t size) {
  std::istringstream input(std::string(reinterpret_cast<const char*>(data), size));
  const Result<exchange::ReadResult> read = exchange::read_lines(input, fuzz_owner());
  if (!read) return check_message("read_lines", read.status());

  const domain::ValidationContext context{fuzz_now()};
  for (std::size_t index = 0; index < read->records.size(); ++index) {
    const domain::Record& record = read->records[index];
    const domain::RecordKey& key = domain::key_of(record);
    if (key.tenant_id != fuzz_owner().tenant_id || key.person_id != fuzz_owner().person_id) {
      return Status::internal(fmt::format("record {} was not given to the importing owner", index));
    }
    if (const Status valid = domain::validate(record, context); !valid.is_ok()) {
      KEEL_RETURN_IF_ERROR(check_message("validate", valid));
    }
    KEEL_RETURN_IF_ERROR(check_record_round_trip(record, index));
  }

  // The whole file, written out as lines again, must read back as the same header and records.
  std::string rewritten;
  if (read->header) rewritten += exchange::header_to_line(*read->header) + "\n";
  for (const auto& record : read->records) rewritten += exchange::record_to_line(record) + "\n";
  std::istringstream rewritten_input(rewritten);
  const Result<exchange::ReadResult> reread = exchange::read_lines(rewritten_input, fuzz_owner());
  if (!reread) {
    return Status::internal(fmt::format("the file was read, but the lines written from it do not read back: {}",
                                        reread.status().message()));
  }
  if (reread->header.has_value() != read->header.has_value()) {
    return Status::internal("the header was lost or gained on writing the file out again");
  }
  if (read->header) {
    const exchange::Header& before = *read->header;
    const exchange::Header& after = *reread->header;
    if (before.format_version != after.format_version || before.exported_at != after.exported_at ||
        before.time_zone != after.time_zone || before.generator != after.generator) {
      return Status::internal(
          fmt::format("the header changed on writing it out again: {}", exchange::header_to_line(before)));
    }
  }
  if (reread->records != read->records) {
    return Status::internal(
        fmt::format("the {} records changed on writing the file out as lines again", read->records.size()));
  }
  return Status::ok();
}

}  // namespace keel::fuzz
