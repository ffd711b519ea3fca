// The crisis resources shown at once when an answer raises a safety flag (PHQ-9 item 9 above 0).
// keel ships a default text (instruments/crisis-resources.txt, embedded); a clinic replaces it
// with its own file for its place and language (docs/instruments.md, "Crisis resources").
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace keel::measures {

// The largest crisis text keel shows.
inline constexpr std::size_t kLargestCrisisText = 64 * 1024;

struct CrisisResources {
  std::string text;
  std::string source;  // "keel default" or the file it was read from
};

// The text embedded in the binary.
CrisisResources default_crisis_resources();

// Checks a clinic's text: not blank, UTF-8, at most kLargestCrisisText bytes. A byte order mark
// and carriage returns are removed.
Result<CrisisResources> crisis_resources_from_text(std::string_view text, std::string source);

// Reads a clinic's crisis file (the one file access of this library: the file is configuration
// the person chose, read when a command starts).
Result<CrisisResources> read_crisis_resources_file(const std::string& path);

}  // namespace keel::measures
