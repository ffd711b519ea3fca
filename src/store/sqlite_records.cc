#include "store/sqlite_records.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <limits>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/time.h"
#include "domain/fields.h"

namespace keel::store {

namespace {

using domain::FieldName;
using domain::ListWording;
using domain::RecordKind;
using nlohmann::json;

// The visitor of domain::visit_fields that only collects column names, in binding order.
struct ColumnNames {
  std::vector<const char*> columns;

  void add(FieldName name) { columns.push_back(name.column); }
  void plain_text(FieldName name, const auto&...) { add(name); }
  void reference(FieldName name, const auto&...) { add(name); }
  void optional_reference(FieldName name, const auto&...) { add(name); }
  void reference_list(FieldName name, const auto&...) { add(name); }
  void integer(FieldName name, const auto&...) { add(name); }
  void optional_integer(FieldName name, const auto&...) { add(name); }
  void number(FieldName name, const auto&...) { add(name); }
  void boolean(FieldName name, const auto&...) { add(name); }
  void instant(FieldName name, const auto&...) { add(name); }
  void optional_instant(FieldName name, const auto&...) { add(name); }
  void utc_instant(FieldName name, const auto&...) { add(name); }
  void date(FieldName name, const auto&...) { add(name); }
  void optional_date(FieldName name, const auto&...) { add(name); }
  void enumeration(FieldName name, const auto&...) { add(name); }
  void plain_items(FieldName name, const auto&...) { add(name); }
  void free_text(FieldName name, const auto&...) { add(name); }
  void free_text_list(FieldName name, const auto&...) { add(name); }
  void free_text_levels(FieldName name, const auto&...) { add(name); }
  void free_text_items(FieldName name, const auto&...) { add(name); }
};

TableSpec make_spec(RecordKind kind, const char* table, const char* time_column) {
  ColumnNames names;
  std::visit([&](const auto& record) { domain::visit_fields(record, names); }, domain::empty_record(kind));
  TableSpec spec{kind, table, time_column, std::move(names.columns), {}, {}};
  std::string selected = "tenant_id, person_id, id";
  std::string placeholders = "?1, ?2, ?3";
  std::string updates;
  int index = 4;
  for (const char* column : spec.columns) {
    selected += ", ";
    selected += column;
    placeholders += ", ?" + std::to_string(index++);
    if (!updates.empty()) updates += ", ";
    updates += std::string(column) + " = excluded." + column;
  }
  spec.select_columns = selected;
  spec.upsert_sql = "INSERT INTO " + std::string(table) + " (" + selected + ") VALUES (" + placeholders +
                    ") ON CONFLICT (tenant_id, person_id, id) DO UPDATE SET " + updates;
  return spec;
}

// In the order of RecordKind.
const std::array<TableSpec, domain::kAllRecordKinds.size()>& all_specs() {
  static const std::array<TableSpec, domain::kAllRecordKinds.size()> specs = {
      make_spec(RecordKind::urge, "urges", "at"),
      make_spec(RecordKind::lapse_review, "lapse_reviews", "at"),
      make_spec(RecordKind::checkin, "checkins", "at"),
      make_spec(RecordKind::pause, "pauses", "at"),
      make_spec(RecordKind::value, "personal_values", "created_at"),
      make_spec(RecordKind::goal, "goals", "created_at"),
      make_spec(RecordKind::activity, "activities", "created_at"),
      make_spec(RecordKind::plan, "plan_versions", "created_at"),
      make_spec(RecordKind::journal, "journal_entries", "at"),
      make_spec(RecordKind::assessment, "assessments", "at"),
      make_spec(RecordKind::safety_event, "safety_events", "at"),
  };
  return specs;
}

// A small record (a Pause sample, a plan's person, a journal field, an answer) as a JSON array of
// its fields in order: [offset_seconds, intensity], [name, contact], [name, value], [item, score].
struct TupleWriter {
  json tuple = json::array();
  void integer(FieldName, int value) { tuple.push_back(value); }
  void free_text(FieldName, const std::string& text) { tuple.push_back(text); }
  void plain_text(FieldName, const std::string& text) { tuple.push_back(text); }
};

template <typename Item>
json tuples(const std::vector<Item>& items) {
  json list = json::array();
  for (const auto& item : items) {
    TupleWriter writer;
    domain::visit_fields(item, writer);
    list.push_back(std::move(writer.tuple));
  }
  return list;
}

// Reads what TupleWriter wrote; `ok` is false when an element is missing, extra or of the wrong type.
class TupleReader {
 public:
  explicit TupleReader(const json& tuple) : tuple_(tuple), ok_(tuple.is_array()) {}

  bool ok() const { return ok_ && index_ == tuple_.size(); }

  void integer(FieldName, int& value) {
    const json* element = next();
    ok_ = element != nullptr && element->is_number_integer() &&
          element->get<std::int64_t>() >= std::numeric_limits<int>::min() &&
          element->get<std::int64_t>() <= std::numeric_limits<int>::max();
    if (ok_) value = element->get<int>();
  }
  void free_text(FieldName, std::string& text) {
    const json* element = next();
    ok_ = element != nullptr && element->is_string();
    if (ok_) text = element->get<std::string>();
  }
  void plain_text(FieldName name, std::string& text) { free_text(name, text); }

 private:
  const json* next() { return ok_ && index_ < tuple_.size() ? &tuple_[index_++] : nullptr; }

  const json& tuple_;
  bool ok_;
  std::size_t index_ = 0;
};

// Builds one row's parameters in the order of the spec's columns: the visitor of
// domain::visit_fields that writes plain fields in the clear and seals every free-text one.
class RowWriter {
 public:
  RowWriter(const TableSpec& spec, const domain::RecordKey& key, const crypto::PersonKeys& keys)
      : spec_(spec), key_(key), keys_(keys) {
    values_.reserve(3 + spec.columns.size());
    values_.emplace_back(key.tenant_id);
    values_.emplace_back(key.person_id);
    values_.emplace_back(key.id);
  }

  void plain_text(FieldName, const std::string& text) { values_.emplace_back(text); }
  void reference(FieldName, const std::string& id) { values_.emplace_back(id); }
  // NULL when there is none.
  void optional_reference(FieldName, const std::string& id) {
    values_.emplace_back(id.empty() ? SqlValue() : SqlValue(id));
  }
  void reference_list(FieldName, const std::vector<std::string>& ids) { values_.emplace_back(json(ids).dump()); }
  void integer(FieldName, int value) { values_.emplace_back(static_cast<std::int64_t>(value)); }
  void optional_integer(FieldName name, const std::optional<int>& value) {
    if (!value) return null();
    integer(name, *value);
  }
  void number(FieldName, double value) { values_.emplace_back(value); }
  void boolean(FieldName, bool value) { values_.emplace_back(static_cast<std::int64_t>(value ? 1 : 0)); }
  // Unix milliseconds; the zone has its own column.
  void instant(FieldName, Instant at, const std::string& /*zone*/) {
    values_.emplace_back(static_cast<std::int64_t>(to_unix_milliseconds(at)));
  }
  void optional_instant(FieldName name, const std::optional<Instant>& at, const std::string& zone) {
    if (!at) return null();
    instant(name, *at, zone);
  }
  void utc_instant(FieldName name, Instant at) { instant(name, at, {}); }
  void date(FieldName, LocalDate day) { values_.emplace_back(format_date(day)); }
  void optional_date(FieldName name, const std::optional<LocalDate>& day) {
    if (!day) return null();
    date(name, *day);
  }
  template <typename Enum, std::size_t Count>
  void enumeration(FieldName, Enum value, const domain::EnumerationNames<Enum, Count>& names) {
    values_.emplace_back(std::string(names.name_of(value)));
  }
  template <typename Item>
  void plain_items(FieldName, const std::vector<Item>& items, ListWording) {
    values_.emplace_back(tuples(items).dump());
  }

  // Every free-text value is sealed, the empty string too, so a copied file does not even
  // tell which fields were left empty (only, roughly, how long each one is).
  void free_text(FieldName name, const std::string& text) {
    values_.emplace_back(
        crypto::seal(keys_.data_key, text,
                     crypto::field_associated_data(spec_.table, key_.tenant_id, key_.person_id, key_.id, name.column)));
  }
  // Lists are sealed as JSON. Dumping throws nlohmann::json::type_error for text that is not
  // UTF-8; encode_record catches it.
  void free_text_list(FieldName name, const std::vector<std::string>& items) { free_text(name, json(items).dump()); }
  void free_text_levels(FieldName name, const std::array<std::string, 5>& levels) {
    free_text(name, json(levels).dump());
  }
  template <typename Item>
  void free_text_items(FieldName name, const std::vector<Item>& items, ListWording) {
    free_text(name, tuples(items).dump());
  }

  std::vector<SqlValue> finish() {
    assert(values_.size() == 3 + spec_.columns.size() && "a record writer must fill every column");
    return std::move(values_);
  }

 private:
  void null() { values_.emplace_back(std::monostate{}); }

  const TableSpec& spec_;
  const domain::RecordKey& key_;
  const crypto::PersonKeys& keys_;
  std::vector<SqlValue> values_;
};

// Reads one row column by column as the visitor of domain::visit_fields; the first problem is
// kept and later fields stay at their defaults.
class RowReader {
 public:
  RowReader(const TableSpec& spec, sqlite3_stmt* row, const crypto::PersonKeys& keys)
      : spec_(spec), row_(row), keys_(keys) {
    key_.tenant_id = raw_text(0);
    key_.person_id = raw_text(1);
    key_.id = raw_text(2);
  }

  const domain::RecordKey& key() const { return key_; }

  void plain_text(FieldName name, std::string& text) {
    if (next(name, SQLITE_TEXT)) text = raw_text(column_ - 1);
  }
  void reference(FieldName name, std::string& id) { plain_text(name, id); }
  void optional_reference(FieldName name, std::string& id) {
    if (next(name, SQLITE_TEXT, /*nullable=*/true)) id = raw_text(column_ - 1);
  }
  void reference_list(FieldName name, std::vector<std::string>& ids) {
    if (next(name, SQLITE_TEXT)) decode(raw_text(column_ - 1), ids);
  }
  void integer(FieldName name, int& value) {
    if (next(name, SQLITE_INTEGER)) value = narrow();
  }
  void optional_integer(FieldName name, std::optional<int>& value) {
    if (next(name, SQLITE_INTEGER, /*nullable=*/true)) value = narrow();
  }
  void number(FieldName name, double& value) {
    if (next(name, SQLITE_FLOAT)) value = sqlite3_column_double(row_, column_ - 1);
  }
  void boolean(FieldName name, bool& value) {
    if (!next(name, SQLITE_INTEGER)) return;
    const auto stored = sqlite3_column_int64(row_, column_ - 1);
    if (stored != 0 && stored != 1) return damaged();
    value = stored == 1;
  }
  void instant(FieldName name, Instant& at, const std::string& /*zone*/) {
    if (next(name, SQLITE_INTEGER)) at = from_unix_milliseconds(sqlite3_column_int64(row_, column_ - 1));
  }
  void optional_instant(FieldName name, std::optional<Instant>& at, const std::string& /*zone*/) {
    if (next(name, SQLITE_INTEGER, /*nullable=*/true)) {
      at = from_unix_milliseconds(sqlite3_column_int64(row_, column_ - 1));
    }
  }
  void utc_instant(FieldName name, Instant& at) { instant(name, at, {}); }
  void date(FieldName name, LocalDate& day) {
    if (next(name, SQLITE_TEXT)) day = parsed_date().value_or(LocalDate{});
  }
  void optional_date(FieldName name, std::optional<LocalDate>& day) {
    if (next(name, SQLITE_TEXT, /*nullable=*/true)) day = parsed_date();
  }
  template <typename Enum, std::size_t Count>
  void enumeration(FieldName name, Enum& value, const domain::EnumerationNames<Enum, Count>& names) {
    if (!next(name, SQLITE_TEXT)) return;
    const auto parsed = names.parse(raw_text(column_ - 1));
    if (!parsed) return damaged();
    value = *parsed;
  }
  template <typename Item>
  void plain_items(FieldName name, std::vector<Item>& items, ListWording) {
    if (next(name, SQLITE_TEXT)) decode(raw_text(column_ - 1), items);
  }
  void free_text(FieldName name, std::string& text) {
    if (next(name, SQLITE_BLOB)) text = open_column();
  }
  void free_text_list(FieldName name, std::vector<std::string>& items) {
    if (next(name, SQLITE_BLOB)) decode(open_column(), items);
  }
  void free_text_levels(FieldName name, std::array<std::string, 5>& levels) {
    std::vector<std::string> items;
    free_text_list(name, items);
    if (!status_.is_ok()) return;
    if (items.size() != levels.size()) return damaged();
    std::copy(items.begin(), items.end(), levels.begin());
  }
  template <typename Item>
  void free_text_items(FieldName name, std::vector<Item>& items, ListWording) {
    if (next(name, SQLITE_BLOB)) decode(open_column(), items);
  }

  Status finish() {
    if (status_.is_ok() && column_ != sqlite3_column_count(row_)) {
      return Status::internal(std::string("the reader of ") + spec_.table + " did not read every column");
    }
    return status_;
  }

 private:
  // Moves to the next column; true when it holds `type`. A NULL is no damage when `nullable`.
  bool next(FieldName name, int type, bool nullable = false) {
    column_name_ = name.column;
    const int column = column_++;
    if (!status_.is_ok()) return false;
    const int stored = sqlite3_column_type(row_, column);
    if (stored == type) return true;
    if (!(nullable && stored == SQLITE_NULL)) damaged();
    return false;
  }

  std::string raw_text(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(row_, column));
    const int size = sqlite3_column_bytes(row_, column);
    return text != nullptr ? std::string(text, static_cast<std::size_t>(size)) : std::string();
  }

  int narrow() {
    const auto value = sqlite3_column_int64(row_, column_ - 1);
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
      damaged();
      return 0;
    }
    return static_cast<int>(value);
  }

  std::optional<LocalDate> parsed_date() {
    auto parsed = parse_date(raw_text(column_ - 1));
    if (!parsed.is_ok()) {
      damaged();
      return std::nullopt;
    }
    return *parsed;
  }

  // The current column's text as JSON: a list of strings, or of tuples of an item's fields.
  template <typename Items>
  void decode(const std::string& text, Items& items) {
    if (!status_.is_ok()) return;
    const json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!value.is_array()) return damaged();
    for (const auto& element : value) {
      if (!decode_item(element, items.emplace_back())) {
        items.clear();
        return damaged();
      }
    }
  }
  static bool decode_item(const json& element, std::string& text) {
    if (!element.is_string()) return false;
    text = element.get<std::string>();
    return true;
  }
  template <typename Item>
  static bool decode_item(const json& element, Item& item) {
    TupleReader reader(element);
    domain::visit_fields(item, reader);
    return reader.ok();
  }

  std::string open_column() {
    if (!status_.is_ok()) return {};
    const int column = column_ - 1;
    const auto* bytes = static_cast<const std::uint8_t*>(sqlite3_column_blob(row_, column));
    const int size = sqlite3_column_bytes(row_, column);
    const crypto::Bytes sealed(bytes, bytes + size);
    auto opened =
        crypto::open(keys_.data_key, sealed,
                     crypto::field_associated_data(spec_.table, key_.tenant_id, key_.person_id, key_.id, column_name_));
    if (!opened.is_ok()) {
      status_ = opened.status().with_prefix(std::string(spec_.table) + " " + key_.id + " " + column_name_ + ": ");
      return {};
    }
    return std::move(opened).value();
  }

  void damaged() {
    if (!status_.is_ok()) return;
    status_ = Status::corrupt(std::string("the stored ") + column_name_ + " of " + spec_.table + " record " + key_.id +
                              " is damaged; restore the home from a backup");
  }

  const TableSpec& spec_;
  sqlite3_stmt* row_;
  const crypto::PersonKeys& keys_;
  domain::RecordKey key_;
  int column_ = 3;
  const char* column_name_ = "key";
  Status status_;
};

}  // namespace

const TableSpec& table_spec(RecordKind kind) { return all_specs()[static_cast<std::size_t>(kind)]; }

Result<std::vector<SqlValue>> encode_record(const domain::Record& record, const crypto::PersonKeys& keys) {
  const TableSpec& spec = table_spec(domain::kind_of(record));
  RowWriter row(spec, domain::key_of(record), keys);
  try {
    std::visit([&](const auto& typed) { domain::visit_fields(typed, row); }, record);
  } catch (const json::exception&) {
    // nlohmann refuses to write text that is not UTF-8; validation should have refused it first.
    return Status::invalid(std::string("a text of this ") + domain::kind_name(spec.kind) +
                           " is not valid UTF-8; retype it");
  }
  return row.finish();
}

Result<domain::Record> decode_record(RecordKind kind, sqlite3_stmt* statement, const crypto::PersonKeys& keys) {
  RowReader row(table_spec(kind), statement, keys);
  domain::Record record = domain::empty_record(kind);
  std::visit([&](auto& typed) { domain::visit_fields(typed, row); }, record);
  KEEL_RETURN_IF_ERROR(row.finish());
  domain::key_of(record) = row.key();
  return record;
}

}  // namespace keel::store
