#include "measures/safety.h"

#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "measures/embedded.h"

namespace keel::measures {

namespace {

bool is_utf8(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();  // dump() refuses strings that are not UTF-8
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

}  // namespace

CrisisResources default_crisis_resources() { return {std::string(embedded_crisis_text()), "keel default"}; }

Result<CrisisResources> crisis_resources_from_text(std::string_view text, std::string source) {
  if (text.size() > kLargestCrisisText) {
    return Status::invalid(fmt::format("the crisis text in {} is {} bytes; keel shows at most {} KiB", source,
                                       text.size(), kLargestCrisisText / 1024));
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string cleaned;
  cleaned.reserve(text.size());
  for (char c : text) {
    if (c != '\r') cleaned += c;
  }
  if (cleaned.find('\0') != std::string::npos || !is_utf8(cleaned)) {
    return Status::invalid(fmt::format("the crisis text in {} is not UTF-8 text", source));
  }
  if (cleaned.find_first_not_of(" \t\n") == std::string::npos) {
    return Status::invalid(
        fmt::format("the crisis text in {} is empty; it must tell people where to get help now", source));
  }
  return CrisisResources{std::move(cleaned), std::move(source)};
}

Result<CrisisResources> read_crisis_resources_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status::not_found(fmt::format("cannot open the crisis file {}", path));
  std::string text;
  char buffer[4096];
  while (file.read(buffer, sizeof buffer) || file.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(file.gcount()));
    if (text.size() > kLargestCrisisText) break;
  }
  if (file.bad()) return Status::io_error(fmt::format("cannot read the crisis file {}", path));
  return crisis_resources_from_text(text, path);
}

}  // namespace keel::measures
