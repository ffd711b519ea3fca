#include "store/sqlite_records.h"

#include <array>
#include <cassert>
#include <limits>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/time.h"

namespace keel::store {

namespace {

using domain::RecordKind;
using nlohmann::json;

TableSpec make_spec(RecordKind kind, const char* table, const char* time_column, std::vector<const char*> columns) {
  TableSpec spec{kind, table, time_column, std::move(columns), {}, {}};
  std::string names = "tenant_id, person_id, id";
  std::string placeholders = "?1, ?2, ?3";
  std::string updates;
  int index = 4;
  for (const char* column : spec.columns) {
    names += ", ";
    names += column;
    placeholders += ", ?" + std::to_string(index++);
    if (!updates.empty()) updates += ", ";
    updates += std::string(column) + " = excluded." + column;
  }
  spec.select_columns = names;
  spec.upsert_sql = "INSERT INTO " + std::string(table) + " (" + names + ") VALUES (" + placeholders +
                    ") ON CONFLICT (tenant_id, person_id, id) DO UPDATE SET " + updates;
  return spec;
}

const std::array<TableSpec, 9>& all_specs() {
  static const std::array<TableSpec, 9> specs = {
      make_spec(RecordKind::urge, "urges", "at",
                {"at", "time_zone", "intensity", "duration_minutes", "contexts", "emotions", "warning_signs",
                 "outcome", "strategy", "note"}),
      make_spec(RecordKind::lapse_review, "lapse_reviews", "at",
                {"urge_id", "at", "time_zone", "vulnerability", "trigger_text", "links", "what_helped",
                 "what_to_change", "self_compassion"}),
      make_spec(RecordKind::checkin, "checkins", "at",
                {"local_date", "at", "time_zone", "mood", "stress", "loneliness", "boredom", "tiredness", "hunger",
                 "sleep_hours", "urges_today", "acted_today", "note"}),
      make_spec(RecordKind::pause, "pauses", "at",
                {"at", "time_zone", "technique", "planned_minutes", "elapsed_seconds", "start_intensity",
                 "end_intensity", "samples", "urge_id"}),
      make_spec(RecordKind::value, "personal_values", "created_at", {"created_at", "name", "description", "rank"}),
      make_spec(RecordKind::goal, "goals", "created_at",
                {"created_at", "title", "levels", "weight", "value_id", "archived"}),
      make_spec(RecordKind::activity, "activities", "created_at",
                {"created_at", "time_zone", "title", "category", "value_ids", "scheduled_at", "done", "done_at",
                 "mood_before", "mood_after", "note"}),
      make_spec(RecordKind::plan, "plan_versions", "created_at",
                {"version", "created_at", "time_zone", "warning_signs", "high_risk_situations", "coping_steps",
                 "people", "environment_changes", "reasons", "review_date", "change_note"}),
      make_spec(RecordKind::journal, "journal_entries", "at",
                {"at", "time_zone", "kind", "title", "body", "fields", "is_private"}),
  };
  return specs;
}

json string_list(const std::vector<std::string>& items) {
  json list = json::array();
  for (const auto& item : items) list.push_back(item);
  return list;
}

// Builds one row's parameters in the order of the spec's columns.
class RowWriter {
 public:
  RowWriter(const TableSpec& spec, const domain::RecordKey& key, const crypto::PersonKeys& keys)
      : spec_(spec), key_(key), keys_(keys) {
    values_.reserve(3 + spec.columns.size());
    values_.emplace_back(key.tenant_id);
    values_.emplace_back(key.person_id);
    values_.emplace_back(key.id);
  }

  void text(std::string_view text) { values_.emplace_back(std::string(text)); }
  // An optional reference to another record: NULL when empty.
  void optional_id(const std::string& id) {
    if (id.empty()) {
      values_.emplace_back(std::monostate{});
    } else {
      values_.emplace_back(id);
    }
  }
  void integer(std::int64_t value) { values_.emplace_back(value); }
  void optional_integer(const std::optional<int>& value) {
    if (value) {
      values_.emplace_back(static_cast<std::int64_t>(*value));
    } else {
      values_.emplace_back(std::monostate{});
    }
  }
  void boolean(bool value) { values_.emplace_back(static_cast<std::int64_t>(value ? 1 : 0)); }
  void real(double value) { values_.emplace_back(value); }
  void instant(Instant at) { values_.emplace_back(static_cast<std::int64_t>(to_unix_milliseconds(at))); }
  void optional_instant(const std::optional<Instant>& at) {
    if (at) {
      instant(*at);
    } else {
      values_.emplace_back(std::monostate{});
    }
  }
  void date(LocalDate date) { values_.emplace_back(format_date(date)); }
  void optional_date(const std::optional<LocalDate>& date) {
    if (date) {
      this->date(*date);
    } else {
      values_.emplace_back(std::monostate{});
    }
  }
  // Throws nlohmann::json::type_error for text that is not UTF-8; encode_record catches it.
  void plain_json(const json& value) { values_.emplace_back(value.dump()); }

  // Every free-text value is sealed, the empty string too, so a copied file does not even
  // tell which fields were left empty (only, roughly, how long each one is).
  void sealed(std::string_view plaintext) {
    const char* column = spec_.columns[values_.size() - 3];
    values_.emplace_back(crypto::seal(
        keys_.data_key, plaintext,
        crypto::field_associated_data(spec_.table, key_.tenant_id, key_.person_id, key_.id, column)));
  }
  void sealed_json(const json& value) { sealed(value.dump()); }
  void sealed_list(const std::vector<std::string>& items) { sealed_json(string_list(items)); }

  std::vector<SqlValue> finish() {
    assert(values_.size() == 3 + spec_.columns.size() && "a record writer must fill every column");
    return std::move(values_);
  }

 private:
  const TableSpec& spec_;
  const domain::RecordKey& key_;
  const crypto::PersonKeys& keys_;
  std::vector<SqlValue> values_;
};

// Reads one row column by column; the first problem is kept and later reads give defaults.
class RowReader {
 public:
  RowReader(const TableSpec& spec, sqlite3_stmt* row, const crypto::PersonKeys& keys)
      : spec_(spec), row_(row), keys_(keys) {
    key_.tenant_id = raw_text(0);
    key_.person_id = raw_text(1);
    key_.id = raw_text(2);
  }

  const domain::RecordKey& key() const { return key_; }
  const Status& status() const { return status_; }

  std::string text() {
    const int column = next();
    if (!expect(column, SQLITE_TEXT)) return {};
    return raw_text(column);
  }
  std::string optional_id() {
    const int column = next();
    if (sqlite3_column_type(row_, column) == SQLITE_NULL) return {};
    if (!expect(column, SQLITE_TEXT)) return {};
    return raw_text(column);
  }
  int integer() {
    const int column = next();
    if (!expect(column, SQLITE_INTEGER)) return 0;
    return narrow(column);
  }
  std::optional<int> optional_integer() {
    const int column = next();
    if (sqlite3_column_type(row_, column) == SQLITE_NULL) return std::nullopt;
    if (!expect(column, SQLITE_INTEGER)) return std::nullopt;
    return narrow(column);
  }
  bool boolean() {
    const int column = next();
    if (!expect(column, SQLITE_INTEGER)) return false;
    const auto value = sqlite3_column_int64(row_, column);
    if (value != 0 && value != 1) damaged(column);
    return value == 1;
  }
  double real() {
    const int column = next();
    if (!expect(column, SQLITE_FLOAT)) return 0;
    return sqlite3_column_double(row_, column);
  }
  Instant instant() {
    const int column = next();
    if (!expect(column, SQLITE_INTEGER)) return {};
    return from_unix_milliseconds(sqlite3_column_int64(row_, column));
  }
  std::optional<Instant> optional_instant() {
    const int column = next();
    if (sqlite3_column_type(row_, column) == SQLITE_NULL) return std::nullopt;
    if (!expect(column, SQLITE_INTEGER)) return std::nullopt;
    return from_unix_milliseconds(sqlite3_column_int64(row_, column));
  }
  LocalDate date() {
    const int column = next();
    if (!expect(column, SQLITE_TEXT)) return {};
    return parse_or_damaged(column);
  }
  std::optional<LocalDate> optional_date() {
    const int column = next();
    if (sqlite3_column_type(row_, column) == SQLITE_NULL) return std::nullopt;
    if (!expect(column, SQLITE_TEXT)) return std::nullopt;
    return parse_or_damaged(column);
  }
  template <typename Enum>
  Enum enumeration(std::optional<Enum> (*parse)(std::string_view)) {
    const int column = next();
    if (!expect(column, SQLITE_TEXT)) return Enum{};
    const auto parsed = parse(raw_text(column));
    if (!parsed) {
      damaged(column);
      return Enum{};
    }
    return *parsed;
  }
  json plain_json() {
    const int column = next();
    if (!expect(column, SQLITE_TEXT)) return json();
    return parse_json(column, raw_text(column));
  }

  std::string sealed() {
    const int column = next();
    return open_column(column);
  }
  json sealed_json() {
    const int column = next();
    std::string plaintext = open_column(column);
    if (!status_.is_ok()) return json();
    return parse_json(column, plaintext);
  }
  std::vector<std::string> sealed_list() { return as_string_list(current_column_after([&] { return sealed_json(); })); }
  std::vector<std::string> plain_list() { return as_string_list(current_column_after([&] { return plain_json(); })); }

  // [[first, second], ...] of strings.
  std::vector<std::pair<std::string, std::string>> sealed_pairs() {
    const auto [column, value] = current_column_after([&] { return sealed_json(); });
    std::vector<std::pair<std::string, std::string>> pairs;
    if (!status_.is_ok()) return pairs;
    if (!value.is_array()) return damaged(column), pairs;
    for (const auto& item : value) {
      if (!item.is_array() || item.size() != 2 || !item[0].is_string() || !item[1].is_string()) {
        return damaged(column), decltype(pairs){};
      }
      pairs.emplace_back(item[0].get<std::string>(), item[1].get<std::string>());
    }
    return pairs;
  }

  // [[offset_seconds, intensity], ...] of integers.
  std::vector<domain::IntensitySample> samples() {
    const auto [column, value] = current_column_after([&] { return plain_json(); });
    std::vector<domain::IntensitySample> samples;
    if (!status_.is_ok()) return samples;
    if (!value.is_array()) return damaged(column), samples;
    for (const auto& item : value) {
      if (!item.is_array() || item.size() != 2 || !fits_int(item[0]) || !fits_int(item[1])) {
        return damaged(column), decltype(samples){};
      }
      samples.push_back({item[0].get<int>(), item[1].get<int>()});
    }
    return samples;
  }

  Status finish() {
    if (status_.is_ok() && column_ != sqlite3_column_count(row_)) {
      return Status::internal(std::string("the reader of ") + spec_.table + " did not read every column");
    }
    return status_;
  }

 private:
  int next() { return column_++; }

  template <typename Read>
  std::pair<int, json> current_column_after(Read read) {
    const int column = column_;
    json value = read();
    return {column, std::move(value)};
  }

  std::vector<std::string> as_string_list(const std::pair<int, json>& read) {
    const auto& [column, value] = read;
    std::vector<std::string> items;
    if (!status_.is_ok()) return items;
    if (!value.is_array()) return damaged(column), items;
    items.reserve(value.size());
    for (const auto& item : value) {
      if (!item.is_string()) return damaged(column), decltype(items){};
      items.push_back(item.get<std::string>());
    }
    return items;
  }

  static bool fits_int(const json& value) {
    if (!value.is_number_integer()) return false;
    const auto number = value.get<std::int64_t>();
    return number >= std::numeric_limits<int>::min() && number <= std::numeric_limits<int>::max();
  }

  std::string raw_text(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(row_, column));
    const int size = sqlite3_column_bytes(row_, column);
    return text != nullptr ? std::string(text, static_cast<std::size_t>(size)) : std::string();
  }

  bool expect(int column, int type) {
    if (sqlite3_column_type(row_, column) == type) return true;
    damaged(column);
    return false;
  }

  int narrow(int column) {
    const auto value = sqlite3_column_int64(row_, column);
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
      damaged(column);
      return 0;
    }
    return static_cast<int>(value);
  }

  LocalDate parse_or_damaged(int column) {
    const auto parsed = parse_date(raw_text(column));
    if (!parsed.is_ok()) {
      damaged(column);
      return {};
    }
    return *parsed;
  }

  json parse_json(int column, const std::string& text) {
    json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) {
      damaged(column);
      return json();
    }
    return value;
  }

  std::string open_column(int column) {
    if (!status_.is_ok()) return {};
    if (sqlite3_column_type(row_, column) != SQLITE_BLOB) {
      damaged(column);
      return {};
    }
    const auto* bytes = static_cast<const std::uint8_t*>(sqlite3_column_blob(row_, column));
    const int size = sqlite3_column_bytes(row_, column);
    const crypto::Bytes sealed(bytes, bytes + size);
    auto opened = crypto::open(
        keys_.data_key, sealed,
        crypto::field_associated_data(spec_.table, key_.tenant_id, key_.person_id, key_.id, column_name(column)));
    if (!opened.is_ok()) {
      status_ = opened.status().with_prefix(std::string(spec_.table) + " " + key_.id + " " + column_name(column) + ": ");
      return {};
    }
    return std::move(opened).value();
  }

  const char* column_name(int column) const {
    return column < 3 ? "key" : spec_.columns[static_cast<std::size_t>(column - 3)];
  }

  void damaged(int column) {
    if (!status_.is_ok()) return;
    status_ = Status::corrupt(std::string("the stored ") + column_name(column) + " of " + spec_.table + " record " +
                              key_.id + " is damaged; restore the home from a backup");
  }

  const TableSpec& spec_;
  sqlite3_stmt* row_;
  const crypto::PersonKeys& keys_;
  domain::RecordKey key_;
  int column_ = 3;
  Status status_;
};

// --- per kind: the column order here must match the spec's ---

void write(const domain::Urge& urge, RowWriter& row) {
  row.instant(urge.at);
  row.text(urge.time_zone);
  row.integer(urge.intensity);
  row.optional_integer(urge.duration_minutes);
  row.sealed_list(urge.contexts);
  row.sealed_list(urge.emotions);
  row.sealed_list(urge.warning_signs);
  row.text(domain::outcome_name(urge.outcome));
  row.sealed(urge.strategy);
  row.sealed(urge.note);
}

void read(RowReader& row, domain::Urge& urge) {
  urge.at = row.instant();
  urge.time_zone = row.text();
  urge.intensity = row.integer();
  urge.duration_minutes = row.optional_integer();
  urge.contexts = row.sealed_list();
  urge.emotions = row.sealed_list();
  urge.warning_signs = row.sealed_list();
  urge.outcome = row.enumeration(&domain::parse_outcome);
  urge.strategy = row.sealed();
  urge.note = row.sealed();
}

void write(const domain::LapseReview& review, RowWriter& row) {
  row.text(review.urge_id);
  row.instant(review.at);
  row.text(review.time_zone);
  row.sealed(review.vulnerability);
  row.sealed(review.trigger);
  row.sealed_list(review.links);
  row.sealed(review.what_helped);
  row.sealed(review.what_to_change);
  row.sealed(review.self_compassion);
}

void read(RowReader& row, domain::LapseReview& review) {
  review.urge_id = row.text();
  review.at = row.instant();
  review.time_zone = row.text();
  review.vulnerability = row.sealed();
  review.trigger = row.sealed();
  review.links = row.sealed_list();
  review.what_helped = row.sealed();
  review.what_to_change = row.sealed();
  review.self_compassion = row.sealed();
}

void write(const domain::CheckIn& checkin, RowWriter& row) {
  row.date(checkin.date);
  row.instant(checkin.at);
  row.text(checkin.time_zone);
  row.integer(checkin.mood);
  row.integer(checkin.stress);
  row.integer(checkin.loneliness);
  row.integer(checkin.boredom);
  row.integer(checkin.tiredness);
  row.integer(checkin.hunger);
  row.real(checkin.sleep_hours);
  row.integer(checkin.urges_today);
  row.boolean(checkin.acted_today);
  row.sealed(checkin.note);
}

void read(RowReader& row, domain::CheckIn& checkin) {
  checkin.date = row.date();
  checkin.at = row.instant();
  checkin.time_zone = row.text();
  checkin.mood = row.integer();
  checkin.stress = row.integer();
  checkin.loneliness = row.integer();
  checkin.boredom = row.integer();
  checkin.tiredness = row.integer();
  checkin.hunger = row.integer();
  checkin.sleep_hours = row.real();
  checkin.urges_today = row.integer();
  checkin.acted_today = row.boolean();
  checkin.note = row.sealed();
}

void write(const domain::PauseSession& pause, RowWriter& row) {
  row.instant(pause.at);
  row.text(pause.time_zone);
  row.text(domain::technique_name(pause.technique));
  row.integer(pause.planned_minutes);
  row.integer(pause.elapsed_seconds);
  row.integer(pause.start_intensity);
  row.optional_integer(pause.end_intensity);
  json samples = json::array();
  for (const auto& sample : pause.samples) samples.push_back(json::array({sample.offset_seconds, sample.intensity}));
  row.plain_json(samples);
  row.optional_id(pause.urge_id);
}

void read(RowReader& row, domain::PauseSession& pause) {
  pause.at = row.instant();
  pause.time_zone = row.text();
  pause.technique = row.enumeration(&domain::parse_technique);
  pause.planned_minutes = row.integer();
  pause.elapsed_seconds = row.integer();
  pause.start_intensity = row.integer();
  pause.end_intensity = row.optional_integer();
  pause.samples = row.samples();
  pause.urge_id = row.optional_id();
}

void write(const domain::Value& value, RowWriter& row) {
  row.instant(value.created_at);
  row.sealed(value.name);
  row.sealed(value.description);
  row.integer(value.rank);
}

void read(RowReader& row, domain::Value& value) {
  value.created_at = row.instant();
  value.name = row.sealed();
  value.description = row.sealed();
  value.rank = row.integer();
}

void write(const domain::Goal& goal, RowWriter& row) {
  row.instant(goal.created_at);
  row.sealed(goal.title);
  row.sealed_list(std::vector<std::string>(goal.levels.begin(), goal.levels.end()));
  row.real(goal.weight);
  row.optional_id(goal.value_id);
  row.boolean(goal.archived);
}

void read(RowReader& row, domain::Goal& goal, Status& problem) {
  goal.created_at = row.instant();
  goal.title = row.sealed();
  const std::vector<std::string> levels = row.sealed_list();
  if (row.status().is_ok()) {
    if (levels.size() != goal.levels.size()) {
      problem = Status::corrupt("the stored levels of goal " + row.key().id + " are damaged; restore from a backup");
    } else {
      std::copy(levels.begin(), levels.end(), goal.levels.begin());
    }
  }
  goal.weight = row.real();
  goal.value_id = row.optional_id();
  goal.archived = row.boolean();
}

void write(const domain::Activity& activity, RowWriter& row) {
  row.instant(activity.created_at);
  row.text(activity.time_zone);
  row.sealed(activity.title);
  row.text(domain::category_name(activity.category));
  row.plain_json(string_list(activity.value_ids));
  row.optional_instant(activity.scheduled_at);
  row.boolean(activity.done);
  row.optional_instant(activity.done_at);
  row.optional_integer(activity.mood_before);
  row.optional_integer(activity.mood_after);
  row.sealed(activity.note);
}

void read(RowReader& row, domain::Activity& activity) {
  activity.created_at = row.instant();
  activity.time_zone = row.text();
  activity.title = row.sealed();
  activity.category = row.enumeration(&domain::parse_category);
  activity.value_ids = row.plain_list();
  activity.scheduled_at = row.optional_instant();
  activity.done = row.boolean();
  activity.done_at = row.optional_instant();
  activity.mood_before = row.optional_integer();
  activity.mood_after = row.optional_integer();
  activity.note = row.sealed();
}

void write(const domain::PlanVersion& plan, RowWriter& row) {
  row.integer(plan.version);
  row.instant(plan.created_at);
  row.text(plan.time_zone);
  row.sealed_list(plan.warning_signs);
  row.sealed_list(plan.high_risk_situations);
  row.sealed_list(plan.coping_steps);
  json people = json::array();
  for (const auto& person : plan.people) people.push_back(json::array({person.name, person.contact}));
  row.sealed_json(people);
  row.sealed_list(plan.environment_changes);
  row.sealed_list(plan.reasons);
  row.optional_date(plan.review_date);
  row.sealed(plan.change_note);
}

void read(RowReader& row, domain::PlanVersion& plan) {
  plan.version = row.integer();
  plan.created_at = row.instant();
  plan.time_zone = row.text();
  plan.warning_signs = row.sealed_list();
  plan.high_risk_situations = row.sealed_list();
  plan.coping_steps = row.sealed_list();
  for (auto& [name, contact] : row.sealed_pairs()) plan.people.push_back({std::move(name), std::move(contact)});
  plan.environment_changes = row.sealed_list();
  plan.reasons = row.sealed_list();
  plan.review_date = row.optional_date();
  plan.change_note = row.sealed();
}

void write(const domain::JournalEntry& entry, RowWriter& row) {
  row.instant(entry.at);
  row.text(entry.time_zone);
  row.text(domain::journal_kind_name(entry.kind));
  row.sealed(entry.title);
  row.sealed(entry.body);
  json fields = json::array();
  for (const auto& field : entry.fields) fields.push_back(json::array({field.name, field.value}));
  row.sealed_json(fields);
  row.boolean(entry.is_private);
}

void read(RowReader& row, domain::JournalEntry& entry) {
  entry.at = row.instant();
  entry.time_zone = row.text();
  entry.kind = row.enumeration(&domain::parse_journal_kind);
  entry.title = row.sealed();
  entry.body = row.sealed();
  for (auto& [name, value] : row.sealed_pairs()) entry.fields.push_back({std::move(name), std::move(value)});
  entry.is_private = row.boolean();
}

template <typename T>
Result<domain::Record> read_as(RowReader& row) {
  T record;
  Status problem;
  if constexpr (std::is_same_v<T, domain::Goal>) {
    read(row, record, problem);
  } else {
    read(row, record);
  }
  KEEL_RETURN_IF_ERROR(row.finish());
  KEEL_RETURN_IF_ERROR(problem);
  record.key = row.key();
  return domain::Record(std::move(record));
}

}  // namespace

const TableSpec& table_spec(RecordKind kind) { return all_specs()[static_cast<std::size_t>(kind)]; }

Result<std::vector<SqlValue>> encode_record(const domain::Record& record, const crypto::PersonKeys& keys) {
  const TableSpec& spec = table_spec(domain::kind_of(record));
  RowWriter row(spec, domain::key_of(record), keys);
  try {
    std::visit([&](const auto& typed) { write(typed, row); }, record);
  } catch (const json::exception&) {
    // nlohmann refuses to write text that is not UTF-8; validation should have refused it first.
    return Status::invalid(std::string("a text of this ") + domain::kind_name(spec.kind) +
                           " is not valid UTF-8; retype it");
  }
  return row.finish();
}

Result<domain::Record> decode_record(RecordKind kind, sqlite3_stmt* statement, const crypto::PersonKeys& keys) {
  RowReader row(table_spec(kind), statement, keys);
  switch (kind) {
    case RecordKind::urge: return read_as<domain::Urge>(row);
    case RecordKind::lapse_review: return read_as<domain::LapseReview>(row);
    case RecordKind::checkin: return read_as<domain::CheckIn>(row);
    case RecordKind::pause: return read_as<domain::PauseSession>(row);
    case RecordKind::value: return read_as<domain::Value>(row);
    case RecordKind::goal: return read_as<domain::Goal>(row);
    case RecordKind::activity: return read_as<domain::Activity>(row);
    case RecordKind::plan: return read_as<domain::PlanVersion>(row);
    case RecordKind::journal: return read_as<domain::JournalEntry>(row);
  }
  return Status::internal("an unknown record kind was read");
}

}  // namespace keel::store
