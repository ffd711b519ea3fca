// The data files embedded in the binary at build time (instruments/embed.cmake writes the
// definitions), so that `keel` needs no file beside it.
#pragma once

#include <span>
#include <string_view>

namespace keel::measures {

struct EmbeddedFile {
  std::string_view name;      // "phq-9.json"
  std::string_view contents;  // the file's bytes
};

// instruments/*.json, in file-name order.
std::span<const EmbeddedFile> embedded_instrument_files();

// instruments/crisis-resources.txt: the crisis text shown when no clinic file replaces it.
std::string_view embedded_crisis_text();

}  // namespace keel::measures
