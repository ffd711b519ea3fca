// Helpers shared by the files of the stats library (not part of its interface): durations in
// days, local weeks, and the small pieces of wording every sentence uses.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "analytics/statistics.h"
#include "core/clock.h"
#include "core/time.h"

namespace keel::analytics::support {

inline constexpr double kMillisecondsPerDay = 86'400'000.0;

// Values by word: a small open-addressing table. A person uses a few dozen words and this runs for
// every word of every urge, so it avoids the node allocations and the division of std::map or
// std::unordered_map. The keys are views: what they point into must outlive the table.
template <typename Value>
class WordTable {
 public:
  Value& operator[](std::string_view word) {
    if (2 * (entries_.size() + 1) > slots_.size()) grow();
    std::size_t slot = hash(word) & (slots_.size() - 1);
    while (slots_[slot] >= 0) {
      auto& entry = entries_[static_cast<std::size_t>(slots_[slot])];
      if (entry.first == word) return entry.second;
      slot = (slot + 1) & (slots_.size() - 1);
    }
    slots_[slot] = static_cast<int>(entries_.size());
    entries_.emplace_back(word, Value{});
    return entries_.back().second;
  }
  // In the order the words were first seen.
  const std::vector<std::pair<std::string_view, Value>>& entries() const { return entries_; }

 private:
  // The length and the first and last eight bytes, mixed: a handful of operations whatever the
  // word's length (a byte-by-byte hash was most of a lookup). Words that share those bytes only
  // cost another probe.
  static std::size_t hash(std::string_view text) {
    std::uint64_t head = 0, tail = 0;
    if (text.size() >= 8) {
      std::memcpy(&head, text.data(), 8);
      std::memcpy(&tail, text.data() + text.size() - 8, 8);
    } else {
      for (char c : text) head = (head << 8) | static_cast<unsigned char>(c);
    }
    std::uint64_t value = (head ^ (tail * 0x9e3779b97f4a7c15ull) ^ text.size()) * 0xff51afd7ed558ccdull;
    value ^= value >> 32;
    return static_cast<std::size_t>(value);
  }
  void grow() {
    std::vector<int> slots(std::max<std::size_t>(64, 2 * slots_.size()), -1);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      std::size_t slot = hash(entries_[i].first) & (slots.size() - 1);
      while (slots[slot] >= 0) slot = (slot + 1) & (slots.size() - 1);
      slots[slot] = static_cast<int>(i);
    }
    slots_ = std::move(slots);
  }

  std::vector<int> slots_;
  std::vector<std::pair<std::string_view, Value>> entries_;
};

// (b − a) in days, from whole milliseconds (exactly as the reference scripts compute it).
inline double days_between(Instant a, Instant b) { return static_cast<double>((b - a).count()) / kMillisecondsPerDay; }

inline std::chrono::sys_days day_number(LocalDate date) { return std::chrono::sys_days{date}; }
inline LocalDate add_days(LocalDate date, int days) { return LocalDate{day_number(date) + std::chrono::days{days}}; }
inline LocalDate monday_of(LocalDate date) {
  const auto day = day_number(date);
  return LocalDate{day - (std::chrono::weekday{day} - std::chrono::Monday)};
}

inline const char* weekday_name(int weekday) {
  static constexpr const char* kNames[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                           "Friday", "Saturday", "Sunday"};
  return weekday >= 0 && weekday < 7 ? kNames[weekday] : "?";
}

// "0.6", "12" (no needless digits): one decimal below 10, none above.
inline std::string number(double value) {
  if (std::fabs(value) < 10) return fmt::format("{:.1f}", value);
  return fmt::format("{:.0f}", value);
}

inline std::string ratio_text(double value) { return fmt::format("{:.2f}", value); }

inline std::string percent(double share) { return fmt::format("{:.0f}%", 100 * share); }

// A span of days in words: "5 hours", "1.5 days", "19 days".
inline std::string span(double days) {
  if (days < 1) {
    const double hours = days * 24;
    if (hours < 1) return fmt::format("{:.0f} minutes", hours * 60);
    return fmt::format("{} hours", number(hours));
  }
  if (days < 10) return fmt::format("{} days", number(days));
  return fmt::format("{:.0f} days", days);
}

// " (95% interval a–b)" from two optional ends, formatted by `format`; "" when either is absent.
template <typename Format>
std::string interval_words(const Interval95& interval, Format format) {
  if (!interval.lower || !interval.upper) return "";
  return fmt::format(" (95% interval {}–{})", format(*interval.lower), format(*interval.upper));
}

// " (95% interval 21–43%)"; "" when either end is absent.
inline std::string percent_interval(const Interval95& interval) {
  if (!interval.lower || !interval.upper) return "";
  return fmt::format(" (95% interval {:.0f}–{:.0f}%)", 100 * *interval.lower, 100 * *interval.upper);
}

// " (95% interval 2.2–3.5 hours)", " (95% interval 4.5–11 days)", " (95% interval 20 hours–1.5 days)".
inline std::string span_interval(const Interval95& interval) {
  if (!interval.lower || !interval.upper) return "";
  const double lower = *interval.lower;
  const double upper = *interval.upper;
  if (lower * 24 >= 1 && upper < 1)
    return fmt::format(" (95% interval {}–{} hours)", number(lower * 24), number(upper * 24));
  if (lower >= 1) return fmt::format(" (95% interval {}–{} days)", number(lower), number(upper));
  return fmt::format(" (95% interval {}–{})", span(lower), span(upper));
}

inline std::string not_enough(const std::string& missing) { return "Not enough data yet: this needs " + missing + "."; }

// “word”, quoted for a sentence.
inline std::string quoted(std::string_view word) { return fmt::format("\u201c{}\u201d", word); }

}  // namespace keel::analytics::support
