// The rules a record must follow before it is saved or imported. Each failure is one clear
// sentence that names the field and says what is allowed.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/records.h"

namespace keel::domain {

// What validation needs to know about the world.
struct ValidationContext {
  Instant now;  // events may not lie further than kFutureTolerance beyond it
};

// Clocks disagree a little; an event up to a day ahead is accepted, not further.
inline constexpr auto kFutureTolerance = std::chrono::hours{24};
// Events before this are taken as a typing mistake.
inline constexpr int kEarliestYear = 2000;

inline constexpr std::size_t kMaxTextLength = 20000;  // bytes of one free-text field
inline constexpr std::size_t kMaxTagLength = 64;
inline constexpr std::size_t kMaxTags = 32;
inline constexpr std::size_t kMaxListItems = 100;    // plan lists, chain links, journal fields
inline constexpr std::size_t kMaxSamples = 24 * 60;  // one a minute for a day is plenty
inline constexpr int kMaxPauseMinutes = 120;
inline constexpr std::size_t kMaxAnswers = 500;

// Checks every field of a record (not its links to other records: see app/).
Status validate(const Record& record, const ValidationContext& context);
Status validate_key(const RecordKey& key);

// Tags are free, but kept tidy: trimmed, lower case, inner runs of white space as one space,
// duplicates dropped, order kept. Returns the tidy list.
std::vector<std::string> normalize_tags(std::span<const std::string> tags);

// Puts a record in the canonical form validation expects (tags tidied, samples in order).
void normalize(Record& record);

// True when `text` is valid UTF-8 with no NUL byte.
bool is_valid_text(std::string_view text);

// Suggested vocabularies: offered by the UI and the CLI's help, never enforced.
std::span<const std::string_view> suggested_contexts();
std::span<const std::string_view> suggested_emotions();
std::span<const std::string_view> suggested_warning_signs();

// The named parts of the structured journal kinds, in the order they are asked.
std::span<const std::string_view> journal_field_names(JournalKind kind);

}  // namespace keel::domain
