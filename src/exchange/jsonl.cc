#include "exchange/jsonl.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "core/id.h"
#include "core/time.h"
#include "domain/fields.h"
#include "domain/rules.h"

namespace keel::exchange {

namespace {

using domain::FieldName;
using nlohmann::json;
using nlohmann::ordered_json;

// Value and Goal have no time zone of their own: their times are written in UTC with a "Z".
std::string format_utc_time(Instant instant) {
  std::string text = format_rfc3339(instant, "UTC");
  constexpr std::string_view kZeroOffset = "+00:00";
  if (text.ends_with(kZeroOffset)) text.replace(text.size() - kZeroOffset.size(), kZeroOffset.size(), "Z");
  return text;
}

// ---------------------------------------------------------------------------------------------
// Writing: the visitor of domain::visit_fields that sets one member per field. One template builds
// both the sorted json (record_to_json) and the ordered json that record_to_line prints, so that a
// line reads "type", "id", then the fields in the order visit_fields gives them.

template <typename Json>
class ObjectWriter {
 public:
  explicit ObjectWriter(Json& object) : object_(object) {}

  void plain_text(FieldName name, const std::string& text) { set(name, text); }
  void reference(FieldName name, const std::string& id) { set(name, id); }
  void optional_reference(FieldName name, const std::string& id) { set(name, id); }  // "" when there is none
  void reference_list(FieldName name, const std::vector<std::string>& ids) { set(name, ids); }
  void integer(FieldName name, int value) { set(name, value); }
  void optional_integer(FieldName name, const std::optional<int>& value) {
    if (value) set(name, *value);
  }
  void number(FieldName name, double value) { set(name, value); }
  void boolean(FieldName name, bool value) { set(name, value); }
  void instant(FieldName name, Instant at, const std::string& zone) { set(name, format_rfc3339(at, zone)); }
  void optional_instant(FieldName name, const std::optional<Instant>& at, const std::string& zone) {
    if (at) instant(name, *at, zone);
  }
  void utc_instant(FieldName name, Instant at) { set(name, format_utc_time(at)); }
  void date(FieldName name, LocalDate day) { set(name, format_date(day)); }
  void optional_date(FieldName name, const std::optional<LocalDate>& day) {
    if (day) date(name, *day);
  }
  template <typename Enum, std::size_t Count>
  void enumeration(FieldName name, Enum value, const domain::EnumerationNames<Enum, Count>& names) {
    set(name, names.name_of(value));
  }
  template <typename Item>
  void plain_items(FieldName name, const std::vector<Item>& items, domain::ListWording) {
    set(name, objects(items));
  }
  void free_text(FieldName name, const std::string& text) { set(name, text); }
  void free_text_list(FieldName name, const std::vector<std::string>& items) { set(name, items); }
  void free_text_levels(FieldName name, const std::array<std::string, 5>& levels) { set(name, levels); }
  template <typename Item>
  void free_text_items(FieldName name, const std::vector<Item>& items, domain::ListWording) {
    set(name, objects(items));
  }

 private:
  template <typename Value>
  void set(FieldName name, Value&& value) {
    object_[name.name] = std::forward<Value>(value);
  }

  template <typename Item>
  static Json objects(const std::vector<Item>& items) {
    Json list = Json::array();
    for (const auto& item : items) {
      Json object = Json::object();
      ObjectWriter writer(object);
      domain::visit_fields(item, writer);
      list.push_back(std::move(object));
    }
    return list;
  }

  Json& object_;
};

template <typename Json>
Json record_as(const domain::Record& record) {
  Json object = Json::object();
  object["type"] = domain::kind_name(domain::kind_of(record));
  object["id"] = domain::key_of(record).id;
  ObjectWriter<Json> writer(object);
  std::visit([&](const auto& typed) { domain::visit_fields(typed, writer); }, record);
  return object;
}

// Text that is not valid UTF-8 cannot be written as JSON; such bytes become U+FFFD instead of
// throwing. Records that pass domain::validate never contain any.
template <typename Json>
std::string dump_line(const Json& object) {
  return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

// ---------------------------------------------------------------------------------------------
// Reading. A FieldReader walks one JSON object as the visitor of domain::visit_fields, remembers
// the first problem it meets (and leaves fields at their defaults after it), and at the end
// reports any field it was not asked for.

std::string field_label(std::string_view name) { return fmt::format("field \"{}\"", name); }

class FieldReader {
 public:
  FieldReader(const json& object, std::string prefix, std::string what)
      : object_(object), prefix_(std::move(prefix)), what_(std::move(what)) {}

  bool ok() const { return status_.is_ok(); }

  // Fails with "field "<name>" <message>" unless a problem was already recorded.
  void fail(std::string_view name, std::string_view message) {
    if (!ok()) return;
    status_ = Status::invalid(fmt::format("{} {}", field_label(full_name(name)), message));
  }

  // The field's value, or nullptr when it is missing (an error unless `optional`) or, for an
  // optional field, null.
  const json* find(std::string_view name, bool optional) {
    seen_.insert(std::string(name));
    if (!ok()) return nullptr;
    const auto found = object_.find(std::string(name));
    if (found == object_.end()) {
      if (!optional) fail(name, "is missing");
      return nullptr;
    }
    if (optional && found->is_null()) return nullptr;
    return &*found;
  }

  // The first problem met, or an unknown field, or ok.
  Status finish() {
    if (!ok()) return status_;
    for (const auto& [name, value] : object_.items()) {
      if (seen_.count(name) == 0) {
        return Status::invalid(fmt::format("{} is not part of {}", field_label(full_name(name)), what_));
      }
    }
    return Status::ok();
  }

  // --- the visitor: each call reads one field ---

  void plain_text(FieldName name, std::string& text) { text = read_text(name.name); }
  void reference(FieldName name, std::string& id) { id = read_id(name.name, false); }
  void optional_reference(FieldName name, std::string& id) { id = read_id(name.name, true); }
  void reference_list(FieldName name, std::vector<std::string>& ids) {
    ids = read_text_list(name.name);
    if (std::all_of(ids.begin(), ids.end(), [](const std::string& id) { return is_valid_id(id); })) return;
    fail(name.name, "must be a list of record ids (ULIDs)");
    ids.clear();
  }
  void integer(FieldName name, int& value) {
    if (const json* found = find(name.name, false)) value = integer_of(name.name, *found).value_or(0);
  }
  void optional_integer(FieldName name, std::optional<int>& value) {
    if (const json* found = find(name.name, true)) value = integer_of(name.name, *found);
  }
  void number(FieldName name, double& value) {
    const json* found = find(name.name, false);
    if (found == nullptr) return;
    if (!found->is_number()) return fail(name.name, "must be a number");
    if (!std::isfinite(found->get<double>())) return fail(name.name, "must be a finite number");
    value = found->get<double>();
  }
  void boolean(FieldName name, bool& value) {
    const json* found = find(name.name, false);
    if (found == nullptr) return;
    if (!found->is_boolean()) return fail(name.name, "must be true or false");
    value = found->get<bool>();
  }
  // The zone is not needed: every written time carries its offset.
  void instant(FieldName name, Instant& at, const std::string& /*zone*/) {
    at = instant_of(name.name, find(name.name, false)).value_or(Instant{});
  }
  void optional_instant(FieldName name, std::optional<Instant>& at, const std::string& /*zone*/) {
    at = instant_of(name.name, find(name.name, true));
  }
  void utc_instant(FieldName name, Instant& at) {
    at = instant_of(name.name, find(name.name, false)).value_or(Instant{});
  }
  void date(FieldName name, LocalDate& day) { day = date_of(name.name, find(name.name, false)).value_or(LocalDate{}); }
  void optional_date(FieldName name, std::optional<LocalDate>& day) { day = date_of(name.name, find(name.name, true)); }

  // An enum by name: "must be one of a, b or c".
  template <typename Enum, std::size_t Count>
  void enumeration(FieldName name, Enum& value, const domain::EnumerationNames<Enum, Count>& names) {
    const std::string text = read_text(name.name);
    if (!ok()) return;
    if (auto parsed = names.parse(text)) {
      value = *parsed;
      return;
    }
    std::string allowed;
    for (std::size_t i = 0; i < Count; ++i) {
      if (i > 0) allowed += i + 1 == Count ? " or " : ", ";
      allowed += names.name_of(names.all[i]);
    }
    fail(name.name, fmt::format("must be one of {} (not \"{}\")", allowed, text));
  }

  template <typename Item>
  void plain_items(FieldName name, std::vector<Item>& items, domain::ListWording wording) {
    items = read_objects<Item>(name.name, wording);
  }
  void free_text(FieldName name, std::string& text) { text = read_text(name.name); }
  void free_text_list(FieldName name, std::vector<std::string>& items) { items = read_text_list(name.name); }
  void free_text_levels(FieldName name, std::array<std::string, 5>& levels) {
    const std::vector<std::string> items = read_text_list(name.name);
    if (!ok()) return;
    if (items.size() != levels.size()) {
      return fail(name.name, "must be a list of exactly 5 strings (levels -2, -1, 0, +1, +2)");
    }
    std::copy(items.begin(), items.end(), levels.begin());
  }
  template <typename Item>
  void free_text_items(FieldName name, std::vector<Item>& items, domain::ListWording wording) {
    items = read_objects<Item>(name.name, wording);
  }

 private:
  std::string full_name(std::string_view name) const { return prefix_ + std::string(name); }

  std::string read_text(std::string_view name) {
    const json* value = find(name, false);
    if (value == nullptr) return {};
    if (!value->is_string()) {
      fail(name, "must be a string");
      return {};
    }
    return value->get<std::string>();
  }

  // A record id; `allow_empty` for links that may be absent ("").
  std::string read_id(std::string_view name, bool allow_empty) {
    std::string value = read_text(name);
    if (!ok()) return {};
    if (allow_empty && value.empty()) return value;
    if (!is_valid_id(value)) fail(name, "must be a record id (a ULID: 26 characters of Crockford base 32)");
    return value;
  }

  std::vector<std::string> read_text_list(std::string_view name) {
    std::vector<std::string> items;
    const json* value = find(name, false);
    if (value == nullptr) return items;
    if (!value->is_array()) {
      fail(name, "must be a list of strings");
      return items;
    }
    for (const auto& item : *value) {
      if (!item.is_string()) {
        fail(name, "must be a list of strings");
        return {};
      }
      items.push_back(item.get<std::string>());
    }
    return items;
  }

  // A list of objects, each read by the fields of Item.
  template <typename Item>
  std::vector<Item> read_objects(std::string_view name, domain::ListWording wording) {
    std::vector<Item> items;
    const json* value = find(name, false);
    if (value == nullptr) return items;
    if (!value->is_array()) {
      fail(name, fmt::format("must be a list of {}", wording.items));
      return items;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const json& element = (*value)[i];
      const std::string item_name = fmt::format("{}[{}]", name, i);
      if (!element.is_object()) {
        fail(item_name, "must be an object");
        return {};
      }
      FieldReader item_reader(element, full_name(item_name) + ".", wording.one_item);
      Item item;
      domain::visit_fields(item, item_reader);
      Status status = item_reader.finish();
      if (!status.is_ok()) {
        if (ok()) status_ = std::move(status);
        return {};
      }
      items.push_back(std::move(item));
    }
    return items;
  }

  std::optional<int> integer_of(std::string_view name, const json& value) {
    if (!value.is_number_integer()) {
      fail(name, "must be a whole number");
      return std::nullopt;
    }
    if (value.is_number_unsigned()) {
      const auto number = value.get<std::uint64_t>();
      if (number > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
        fail(name, "is too large");
        return std::nullopt;
      }
      return static_cast<int>(number);
    }
    const auto number = value.get<std::int64_t>();
    if (number > std::numeric_limits<int>::max() || number < std::numeric_limits<int>::min()) {
      fail(name, "is too large");
      return std::nullopt;
    }
    return static_cast<int>(number);
  }

  std::optional<Instant> instant_of(std::string_view name, const json* value) {
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) {
      fail(name, "must be an RFC 3339 time string such as \"2026-03-29T22:15:00+02:00\"");
      return std::nullopt;
    }
    auto parsed = parse_rfc3339(value->get_ref<const std::string&>());
    if (!parsed) {
      fail(name, "must be an RFC 3339 time such as \"2026-03-29T22:15:00+02:00\"");
      return std::nullopt;
    }
    return *parsed;
  }

  std::optional<LocalDate> date_of(std::string_view name, const json* value) {
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) {
      fail(name, "must be a date string such as \"2026-03-29\"");
      return std::nullopt;
    }
    auto parsed = parse_date(value->get_ref<const std::string&>());
    if (!parsed) {
      fail(name, "must be a date such as \"2026-03-29\"");
      return std::nullopt;
    }
    return *parsed;
  }

  const json& object_;
  std::string prefix_;
  std::string what_;
  std::set<std::string> seen_;
  Status status_;
};

domain::RecordKey key_from(FieldReader& reader, const Owner& owner) {
  reader.find("type", false);  // checked by the caller; marked as seen here
  domain::RecordKey key{owner.tenant_id, owner.person_id, {}};
  reader.reference("id", key.id);
  return key;
}

// "an urge", "a check-in", ... for "field "x" is not part of an urge".
const char* kind_phrase(domain::RecordKind kind) {
  switch (kind) {
    case domain::RecordKind::urge: return "an urge";
    case domain::RecordKind::lapse_review: return "a lapse review";
    case domain::RecordKind::checkin: return "a check-in";
    case domain::RecordKind::pause: return "a Pause";
    case domain::RecordKind::value: return "a value";
    case domain::RecordKind::goal: return "a goal";
    case domain::RecordKind::activity: return "an activity";
    case domain::RecordKind::plan: return "a plan version";
    case domain::RecordKind::journal: return "a journal entry";
    case domain::RecordKind::assessment: return "an assessment";
    case domain::RecordKind::safety_event: return "a safety event";
  }
  return "a record";
}

std::string known_types() {
  std::string names;
  for (std::size_t i = 0; i < domain::kAllRecordKinds.size(); ++i) {
    if (i > 0) names += ", ";
    names += domain::kind_name(domain::kAllRecordKinds[i]);
  }
  return names;
}

Result<domain::Record> read_record(const json& object, const Owner& owner) {
  if (!object.is_object()) return Status::invalid("a record must be a JSON object");
  const auto type = object.find("type");
  if (type == object.end()) return Status::invalid("field \"type\" is missing");
  if (!type->is_string()) return Status::invalid("field \"type\" must be a string");
  const std::string& type_name = type->get_ref<const std::string&>();
  const std::optional<domain::RecordKind> kind = domain::parse_kind(type_name);
  if (!kind) {
    if (type_name == kHeaderType) {
      return Status::invalid("a \"keel-export\" header may only be the first line");
    }
    return Status::invalid(fmt::format("unknown record type \"{}\"; known types are {}", type_name, known_types()));
  }
  FieldReader reader(object, "", kind_phrase(*kind));
  domain::Record record = domain::empty_record(*kind);
  std::visit(
      [&](auto& typed) {
        typed.key = key_from(reader, owner);
        domain::visit_fields(typed, reader);
      },
      record);
  KEEL_RETURN_IF_ERROR(reader.finish());
  return record;
}

Result<Header> read_header(const json& object) {
  Header header;
  FieldReader reader(object, "", "the export header");
  reader.find("type", false);
  reader.integer("format_version", header.format_version);
  if (reader.ok() && header.format_version > kFormatVersion) {
    return Status::invalid(
        fmt::format("this file uses export format version {}, which is newer than this keel reads (version {}); "
                    "update keel to read it",
                    header.format_version, kFormatVersion));
  }
  if (reader.ok() && header.format_version < 1) {
    reader.fail("format_version", "must be 1 or more");
  }
  // The other header fields are informative and may be left out.
  if (const json* value = reader.find("exported_at", true)) {
    if (!value->is_string() || !parse_rfc3339(value->get<std::string>())) {
      reader.fail("exported_at", "must be an RFC 3339 time such as \"2026-03-29T22:15:00+02:00\"");
    } else {
      header.exported_at = value->get<std::string>();
    }
  }
  for (auto [name, target] : {std::pair{"time_zone", &header.time_zone}, std::pair{"generator", &header.generator}}) {
    if (const json* value = reader.find(name, true)) {
      if (!value->is_string()) {
        reader.fail(name, "must be a string");
      } else {
        *target = value->get<std::string>();
      }
    }
  }
  KEEL_RETURN_IF_ERROR(reader.finish());
  return header;
}

bool is_blank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

bool is_header(const json& object) {
  if (!object.is_object()) return false;
  const auto type = object.find("type");
  return type != object.end() && type->is_string() && type->get_ref<const std::string&>() == kHeaderType;
}

}  // namespace

nlohmann::json header_to_json(const Header& header) {
  json object = json::object();
  object["type"] = kHeaderType;
  object["format_version"] = header.format_version;
  if (!header.exported_at.empty()) object["exported_at"] = header.exported_at;
  if (!header.time_zone.empty()) object["time_zone"] = header.time_zone;
  if (!header.generator.empty()) object["generator"] = header.generator;
  return object;
}

std::string header_to_line(const Header& header) {
  ordered_json object = ordered_json::object();
  object["type"] = kHeaderType;
  object["format_version"] = header.format_version;
  if (!header.exported_at.empty()) object["exported_at"] = header.exported_at;
  if (!header.time_zone.empty()) object["time_zone"] = header.time_zone;
  if (!header.generator.empty()) object["generator"] = header.generator;
  return dump_line(object);
}

nlohmann::json record_to_json(const domain::Record& record) { return record_as<json>(record); }

std::string record_to_line(const domain::Record& record) { return dump_line(record_as<ordered_json>(record)); }

Result<domain::Record> record_from_json(const nlohmann::json& object, const Owner& owner) {
  try {
    return read_record(object, owner);
  } catch (const std::exception& error) {
    // nlohmann's accessors are all guarded above; this is a last line of defence.
    return Status::invalid(fmt::format("the record could not be read ({})", error.what()));
  }
}

Result<ReadResult> read_lines(std::istream& input, const Owner& owner) {
  ReadResult result;
  std::string line;
  int line_number = 0;
  bool seen_content = false;
  while (std::getline(input, line)) {
    ++line_number;
    const std::string prefix = fmt::format("line {}: ", line_number);
    std::string_view text = line;
    if (line_number == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a byte order mark
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (is_blank(text)) continue;
    if (!domain::is_valid_text(text)) {
      return Status::invalid(prefix + "the line is not valid UTF-8 text; the file may be damaged or not an export");
    }
    json object;
    try {
      object = json::parse(text);
    } catch (const json::parse_error&) {
      return Status::invalid(prefix + "the line is not valid JSON; each line must be one JSON object");
    } catch (const std::exception& error) {
      return Status::invalid(prefix + fmt::format("the line could not be read ({})", error.what()));
    }
    if (!object.is_object()) return Status::invalid(prefix + "each line must be one JSON object");
    if (is_header(object)) {
      if (seen_content) return Status::invalid(prefix + "a \"keel-export\" header may only be the first line");
      seen_content = true;
      Result<Header> header = Status::internal("unread");
      try {
        header = read_header(object);
      } catch (const std::exception& error) {
        return Status::invalid(prefix + fmt::format("the header could not be read ({})", error.what()));
      }
      if (!header) return header.status().with_prefix(prefix);
      result.header = std::move(header).value();
      continue;
    }
    seen_content = true;
    Result<domain::Record> record = record_from_json(object, owner);
    if (!record) return record.status().with_prefix(prefix);
    result.records.push_back(std::move(record).value());
  }
  if (input.bad()) return Status::io_error(fmt::format("reading failed after line {}", line_number));
  return result;
}

}  // namespace keel::exchange
