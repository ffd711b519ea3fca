// The SQLite home database: one file, WAL, synchronous=FULL, STRICT tables, forward-only
// migrations at open, free text sealed per field.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>

#include <fmt/format.h>

#include "core/id.h"
#include "core/random.h"
#include "core/time.h"
#include "store/sqlite_connection.h"
#include "store/sqlite_records.h"
#include "store/sqlite_schema.h"
#include "store/store.h"

namespace keel::store {

namespace {

using domain::Record;
using domain::RecordKey;
using domain::RecordKind;

// The record kinds as a person would say them, for messages.
const char* noun(RecordKind kind) {
  switch (kind) {
    case RecordKind::urge: return "urge";
    case RecordKind::lapse_review: return "lapse review";
    case RecordKind::checkin: return "check-in";
    case RecordKind::pause: return "pause";
    case RecordKind::value: return "value";
    case RecordKind::goal: return "goal";
    case RecordKind::activity: return "activity";
    case RecordKind::plan: return "plan version";
    case RecordKind::journal: return "journal entry";
  }
  return "record";
}

Status check_key(const RecordKey& key) {
  if (key.tenant_id.empty() || key.person_id.empty() || key.id.empty()) {
    return Status::invalid("the record has no complete key (tenant, person and id are all needed)");
  }
  return Status::ok();
}

crypto::Bytes column_bytes(sqlite3_stmt* statement, int column) {
  const auto* bytes = static_cast<const std::uint8_t*>(sqlite3_column_blob(statement, column));
  const int size = sqlite3_column_bytes(statement, column);
  if (bytes == nullptr) return {};
  return crypto::Bytes(bytes, bytes + size);
}

const char* instrument_document_kind_name(InstrumentDocumentKind kind) {
  return kind == InstrumentDocumentKind::questionnaire ? "questionnaire" : "licensed-text";
}

std::string column_text(sqlite3_stmt* statement, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  const int size = sqlite3_column_bytes(statement, column);
  return text != nullptr ? std::string(text, static_cast<std::size_t>(size)) : std::string();
}

constexpr const char* kPersonColumns =
    "tenant_id, person_id, name, role, time_zone, created_at, kdf_salt, kdf_opslimit, kdf_memlimit, "
    "wrapped_data_key, wrapped_secret_key, public_key";

Person read_person(sqlite3_stmt* statement) {
  Person person;
  person.tenant_id = column_text(statement, 0);
  person.person_id = column_text(statement, 1);
  person.name = column_text(statement, 2);
  person.role = column_text(statement, 3);
  person.time_zone = column_text(statement, 4);
  person.created_at = from_unix_milliseconds(sqlite3_column_int64(statement, 5));
  person.keys.kdf.salt = column_bytes(statement, 6);
  person.keys.kdf.opslimit = static_cast<std::uint64_t>(sqlite3_column_int64(statement, 7));
  person.keys.kdf.memlimit = static_cast<std::uint64_t>(sqlite3_column_int64(statement, 8));
  person.keys.wrapped_data_key = column_bytes(statement, 9);
  person.keys.wrapped_secret_key = column_bytes(statement, 10);
  person.keys.public_key = column_bytes(statement, 11);
  return person;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<Connection> connection, KeyProvider* keys, std::string default_tenant_id,
              std::chrono::milliseconds busy_timeout)
      : connection_(std::move(connection)),
        keys_(keys),
        default_tenant_id_(std::move(default_tenant_id)),
        busy_timeout_(busy_timeout) {}

  // --- people ---

  Status add_person(const Person& person) override {
    std::lock_guard lock(mutex_);
    if (person.tenant_id.empty() || person.person_id.empty() || person.name.empty()) {
      return Status::invalid("a person needs a tenant, an id and a name");
    }
    return connection_->write_transaction([&]() -> Status {
      KEEL_ASSIGN_OR_RETURN(Statement insert,
                            connection_->prepare(std::string("INSERT INTO people (") + kPersonColumns +
                                                 ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"));
      insert.bind_text(1, person.tenant_id);
      insert.bind_text(2, person.person_id);
      insert.bind_text(3, person.name);
      insert.bind_text(4, person.role);
      insert.bind_text(5, person.time_zone);
      insert.bind_integer(6, to_unix_milliseconds(person.created_at));
      insert.bind(7, person.keys.kdf.salt);
      insert.bind_integer(8, static_cast<std::int64_t>(person.keys.kdf.opslimit));
      insert.bind_integer(9, static_cast<std::int64_t>(person.keys.kdf.memlimit));
      insert.bind(10, person.keys.wrapped_data_key);
      insert.bind(11, person.keys.wrapped_secret_key);
      insert.bind(12, person.keys.public_key);
      const int result = insert.step();
      if (result == SQLITE_DONE) return Status::ok();
      if (result == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Status::conflict("a person with id " + person.person_id + " exists already");
      }
      if (result == SQLITE_CONSTRAINT_UNIQUE) {
        return Status::conflict("the name \"" + person.name + "\" is taken in this home; choose another name");
      }
      return connection_->failure(result, "adding a person");
    });
  }

  Result<Person> find_person_by_name(const std::string& tenant_id, const std::string& name) override {
    std::lock_guard lock(mutex_);
    return find_person_where("name", tenant_id, name, "there is no person named \"" + name + "\" in this home");
  }

  Result<Person> find_person(const std::string& tenant_id, const std::string& person_id) override {
    std::lock_guard lock(mutex_);
    return find_person_where("person_id", tenant_id, person_id, "there is no person with id " + person_id);
  }

  Result<std::vector<Person>> list_people(const std::string& tenant_id) override {
    std::lock_guard lock(mutex_);
    KEEL_ASSIGN_OR_RETURN(Statement select,
                          connection_->prepare(std::string("SELECT ") + kPersonColumns +
                                               " FROM people WHERE tenant_id = ?1 ORDER BY name, person_id"));
    select.bind_text(1, tenant_id);
    std::vector<Person> people;
    for (;;) {
      const int result = select.step();
      if (result == SQLITE_DONE) break;
      if (result != SQLITE_ROW) return connection_->failure(result, "listing people");
      people.push_back(read_person(select.handle()));
    }
    return people;
  }

  Status update_person_keys(const std::string& tenant_id, const std::string& person_id,
                            const crypto::WrappedKeys& keys) override {
    std::lock_guard lock(mutex_);
    return connection_->write_transaction([&]() -> Status {
      KEEL_ASSIGN_OR_RETURN(
          Statement update,
          connection_->prepare("UPDATE people SET kdf_salt = ?3, kdf_opslimit = ?4, kdf_memlimit = ?5, "
                               "wrapped_data_key = ?6, wrapped_secret_key = ?7, public_key = ?8 "
                               "WHERE tenant_id = ?1 AND person_id = ?2"));
      update.bind_text(1, tenant_id);
      update.bind_text(2, person_id);
      update.bind(3, keys.kdf.salt);
      update.bind_integer(4, static_cast<std::int64_t>(keys.kdf.opslimit));
      update.bind_integer(5, static_cast<std::int64_t>(keys.kdf.memlimit));
      update.bind(6, keys.wrapped_data_key);
      update.bind(7, keys.wrapped_secret_key);
      update.bind(8, keys.public_key);
      const int result = update.step();
      if (result != SQLITE_DONE) return connection_->failure(result, "saving the new keys");
      if (sqlite3_changes(connection_->handle()) == 0) {
        return Status::not_found("there is no person with id " + person_id);
      }
      return Status::ok();
    });
  }

  Status delete_person(const std::string& tenant_id, const std::string& person_id) override {
    std::lock_guard lock(mutex_);
    const Status deleted = connection_->write_transaction([&]() -> Status {
      std::int64_t removed = 0;
      // Lapse reviews before the urges they point at; then everything else, then the person.
      for (const RecordKind kind : domain::kAllRecordKinds) {
        const RecordKind ordered = kind == RecordKind::urge           ? RecordKind::lapse_review
                                   : kind == RecordKind::lapse_review ? RecordKind::urge
                                                                      : kind;
        KEEL_ASSIGN_OR_RETURN(std::int64_t count, delete_owned(std::string("DELETE FROM ") + table_spec(ordered).table +
                                                                   " WHERE tenant_id = ?1 AND person_id = ?2",
                                                               tenant_id, person_id));
        removed += count;
      }
      KEEL_ASSIGN_OR_RETURN(
          std::int64_t people,
          delete_owned("DELETE FROM people WHERE tenant_id = ?1 AND person_id = ?2", tenant_id, person_id));
      removed += people;
      if (removed == 0) return Status::not_found("there is no person with id " + person_id);
      return Status::ok();
    });
    if (!deleted.is_ok()) return deleted;
    forget_old_page_images();
    return Status::ok();
  }

  // secure_delete has overwritten the freed pages in the database; the write-ahead log still
  // holds the old page images until a checkpoint resets it. Best effort: readers may hold it.
  void forget_old_page_images() {
    (void)sqlite3_wal_checkpoint_v2(connection_->handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  }

  // --- records ---

  Status put(const Record& record) override {
    std::lock_guard lock(mutex_);
    const RecordKey& key = domain::key_of(record);
    KEEL_RETURN_IF_ERROR(check_key(key));
    KEEL_ASSIGN_OR_RETURN(const auto keys, keys_for(key.tenant_id, key.person_id));
    KEEL_ASSIGN_OR_RETURN(std::vector<SqlValue> values, encode_record(record, *keys));
    return connection_->write_transaction([&] { return write_row(record, values); });
  }

  Status put_all(const std::vector<Record>& records) override {
    std::lock_guard lock(mutex_);
    if (records.empty()) return Status::ok();
    // Urges before the lapse reviews that point at them, whatever order the caller used.
    std::vector<std::size_t> order(records.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return records[a].index() < records[b].index(); });
    std::vector<std::vector<SqlValue>> rows;
    rows.reserve(records.size());
    for (const std::size_t index : order) {
      const RecordKey& key = domain::key_of(records[index]);
      KEEL_RETURN_IF_ERROR(check_key(key));
      KEEL_ASSIGN_OR_RETURN(const auto keys, keys_for(key.tenant_id, key.person_id));
      KEEL_ASSIGN_OR_RETURN(std::vector<SqlValue> values, encode_record(records[index], *keys));
      rows.push_back(std::move(values));
    }
    return connection_->write_transaction([&]() -> Status {
      for (std::size_t i = 0; i < order.size(); ++i) {
        KEEL_RETURN_IF_ERROR(write_row(records[order[i]], rows[i]));
      }
      return Status::ok();
    });
  }

  Status replace(const RecordKey& old_key, const Record& record) override {
    std::lock_guard lock(mutex_);
    const RecordKey& key = domain::key_of(record);
    KEEL_RETURN_IF_ERROR(check_key(key));
    KEEL_ASSIGN_OR_RETURN(const auto keys, keys_for(key.tenant_id, key.person_id));
    KEEL_ASSIGN_OR_RETURN(std::vector<SqlValue> values, encode_record(record, *keys));
    const RecordKind kind = domain::kind_of(record);
    const Status replaced = connection_->write_transaction([&]() -> Status {
      KEEL_ASSIGN_OR_RETURN(Statement remove,
                            connection_->prepare(std::string("DELETE FROM ") + table_spec(kind).table +
                                                 " WHERE tenant_id = ?1 AND person_id = ?2 AND id = ?3"));
      remove.bind_text(1, old_key.tenant_id);
      remove.bind_text(2, old_key.person_id);
      remove.bind_text(3, old_key.id);
      const int result = remove.step();
      if (result != SQLITE_DONE) return connection_->failure(result, std::string("replacing a ") + noun(kind));
      return write_row(record, values);
    });
    if (replaced.is_ok()) forget_old_page_images();
    return replaced;
  }

  Result<Record> get(RecordKind kind, const RecordKey& key) override {
    std::lock_guard lock(mutex_);
    KEEL_ASSIGN_OR_RETURN(const auto keys, keys_for(key.tenant_id, key.person_id));
    const TableSpec& spec = table_spec(kind);
    KEEL_ASSIGN_OR_RETURN(Statement select,
                          connection_->prepare("SELECT " + spec.select_columns + " FROM " + spec.table +
                                               " WHERE tenant_id = ?1 AND person_id = ?2 AND id = ?3"));
    select.bind_text(1, key.tenant_id);
    select.bind_text(2, key.person_id);
    select.bind_text(3, key.id);
    const int result = select.step();
    if (result == SQLITE_DONE)
      return Status::not_found(std::string("there is no ") + noun(kind) + " with id " + key.id);
    if (result != SQLITE_ROW) return connection_->failure(result, std::string("reading a ") + noun(kind));
    return decode_record(kind, select.handle(), *keys);
  }

  Result<std::vector<Record>> list(RecordKind kind, const Owner& owner, const ListQuery& query) override {
    std::lock_guard lock(mutex_);
    KEEL_ASSIGN_OR_RETURN(const auto keys, keys_for(owner.tenant_id, owner.person_id));
    const TableSpec& spec = table_spec(kind);
    const std::string time = spec.time_column;

    std::optional<std::int64_t> after_time;
    if (!query.after_id.empty()) {
      KEEL_ASSIGN_OR_RETURN(Statement position,
                            connection_->prepare("SELECT " + time + " FROM " + spec.table +
                                                 " WHERE tenant_id = ?1 AND person_id = ?2 AND id = ?3"));
      position.bind_text(1, owner.tenant_id);
      position.bind_text(2, owner.person_id);
      position.bind_text(3, query.after_id);
      const int result = position.step();
      if (result == SQLITE_DONE) {
        return Status::not_found(std::string("the ") + noun(kind) + " " + query.after_id +
                                 " to continue the list after does not exist (any more)");
      }
      if (result != SQLITE_ROW) return connection_->failure(result, "finding where the list continues");
      after_time = sqlite3_column_int64(position.handle(), 0);
    }

    std::string sql =
        "SELECT " + spec.select_columns + " FROM " + spec.table + " WHERE tenant_id = ?1 AND person_id = ?2";
    if (query.since) sql += " AND " + time + " >= ?3";
    if (query.until) sql += " AND " + time + " < ?4";
    if (after_time) sql += " AND (" + time + " > ?5 OR (" + time + " = ?5 AND id > ?6))";
    sql += " ORDER BY " + time + ", id";
    if (query.limit > 0) sql += " LIMIT ?7";

    KEEL_ASSIGN_OR_RETURN(Statement select, connection_->prepare(sql));
    select.bind_text(1, owner.tenant_id);
    select.bind_text(2, owner.person_id);
    if (query.since) select.bind_integer(3, to_unix_milliseconds(*query.since));
    if (query.until) select.bind_integer(4, to_unix_milliseconds(*query.until));
    if (after_time) {
      select.bind_integer(5, *after_time);
      select.bind_text(6, query.after_id);
    }
    if (query.limit > 0) {
      select.bind_integer(7, static_cast<std::int64_t>(std::min<std::size_t>(query.limit, INT64_MAX)));
    }
    std::vector<Record> records;
    for (;;) {
      const int result = select.step();
      if (result == SQLITE_DONE) break;
      if (result != SQLITE_ROW) return connection_->failure(result, std::string("listing ") + spec.table);
      KEEL_ASSIGN_OR_RETURN(Record record, decode_record(kind, select.handle(), *keys));
      records.push_back(std::move(record));
    }
    return records;
  }

  Status remove(RecordKind kind, const RecordKey& key) override {
    std::lock_guard lock(mutex_);
    const Status removed = connection_->write_transaction([&]() -> Status {
      KEEL_ASSIGN_OR_RETURN(Statement remove,
                            connection_->prepare(std::string("DELETE FROM ") + table_spec(kind).table +
                                                 " WHERE tenant_id = ?1 AND person_id = ?2 AND id = ?3"));
      remove.bind_text(1, key.tenant_id);
      remove.bind_text(2, key.person_id);
      remove.bind_text(3, key.id);
      const int result = remove.step();
      if (result != SQLITE_DONE) return connection_->failure(result, std::string("removing a ") + noun(kind));
      if (sqlite3_changes(connection_->handle()) == 0) {
        return Status::not_found(std::string("there is no ") + noun(kind) + " with id " + key.id);
      }
      return Status::ok();
    });
    if (removed.is_ok()) forget_old_page_images();
    return removed;
  }

  Result<std::optional<domain::CheckIn>> find_checkin(const Owner& owner, LocalDate date) override {
    std::lock_guard lock(mutex_);
    KEEL_ASSIGN_OR_RETURN(const auto keys, keys_for(owner.tenant_id, owner.person_id));
    const TableSpec& spec = table_spec(RecordKind::checkin);
    KEEL_ASSIGN_OR_RETURN(Statement select,
                          connection_->prepare("SELECT " + spec.select_columns + " FROM " + spec.table +
                                               " WHERE tenant_id = ?1 AND person_id = ?2 AND local_date = ?3"));
    select.bind_text(1, owner.tenant_id);
    select.bind_text(2, owner.person_id);
    select.bind_text(3, format_date(date));
    const int result = select.step();
    if (result == SQLITE_DONE) return std::optional<domain::CheckIn>();
    if (result != SQLITE_ROW) return connection_->failure(result, "finding a check-in");
    KEEL_ASSIGN_OR_RETURN(Record record, decode_record(RecordKind::checkin, select.handle(), *keys));
    return std::optional<domain::CheckIn>(std::get<domain::CheckIn>(std::move(record)));
  }

  Result<int> latest_plan_version(const Owner& owner) override {
    std::lock_guard lock(mutex_);
    KEEL_ASSIGN_OR_RETURN(Statement select, connection_->prepare("SELECT COALESCE(MAX(version), 0) FROM plan_versions "
                                                                 "WHERE tenant_id = ?1 AND person_id = ?2"));
    select.bind_text(1, owner.tenant_id);
    select.bind_text(2, owner.person_id);
    const int result = select.step();
    if (result != SQLITE_ROW) return connection_->failure(result, "finding the latest plan version");
    return static_cast<int>(sqlite3_column_int64(select.handle(), 0));
  }

  Result<std::optional<domain::LapseReview>> find_lapse_review(const Owner& owner,
                                                               const std::string& urge_id) override {
    std::lock_guard lock(mutex_);
    KEEL_ASSIGN_OR_RETURN(const auto keys, keys_for(owner.tenant_id, owner.person_id));
    const TableSpec& spec = table_spec(RecordKind::lapse_review);
    KEEL_ASSIGN_OR_RETURN(Statement select,
                          connection_->prepare("SELECT " + spec.select_columns + " FROM " + spec.table +
                                               " WHERE tenant_id = ?1 AND person_id = ?2 AND urge_id = ?3"
                                               " ORDER BY at DESC, id DESC LIMIT 1"));
    select.bind_text(1, owner.tenant_id);
    select.bind_text(2, owner.person_id);
    select.bind_text(3, urge_id);
    const int result = select.step();
    if (result == SQLITE_DONE) return std::optional<domain::LapseReview>();
    if (result != SQLITE_ROW) return connection_->failure(result, "finding a lapse review");
    KEEL_ASSIGN_OR_RETURN(Record record, decode_record(RecordKind::lapse_review, select.handle(), *keys));
    return std::optional<domain::LapseReview>(std::get<domain::LapseReview>(std::move(record)));
  }

  // --- a clinic's instruments ---

  Status put_instrument_document(const std::string& tenant_id, const InstrumentDocument& document) override {
    std::lock_guard lock(mutex_);
    return connection_->write_transaction([&]() -> Status {
      KEEL_ASSIGN_OR_RETURN(
          Statement insert,
          connection_->prepare("INSERT INTO clinic_instruments (tenant_id, id, kind, document, loaded_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (tenant_id, id, kind) DO UPDATE SET "
                               "document = excluded.document, loaded_at = excluded.loaded_at"));
      insert.bind_text(1, tenant_id);
      insert.bind_text(2, document.id);
      insert.bind_text(3, instrument_document_kind_name(document.kind));
      insert.bind_text(4, document.document);
      insert.bind_integer(5, to_unix_milliseconds(document.loaded_at));
      const int result = insert.step();
      if (result != SQLITE_DONE) return connection_->failure(result, "saving an instrument");
      return Status::ok();
    });
  }

  Result<std::vector<InstrumentDocument>> list_instrument_documents(const std::string& tenant_id) override {
    std::lock_guard lock(mutex_);
    KEEL_ASSIGN_OR_RETURN(Statement select,
                          connection_->prepare("SELECT id, kind, document, loaded_at FROM clinic_instruments "
                                               "WHERE tenant_id = ?1 ORDER BY id, kind"));
    select.bind_text(1, tenant_id);
    std::vector<InstrumentDocument> documents;
    for (;;) {
      const int result = select.step();
      if (result == SQLITE_DONE) break;
      if (result != SQLITE_ROW) return connection_->failure(result, "listing instruments");
      InstrumentDocument document;
      document.id = column_text(select.handle(), 0);
      document.kind = column_text(select.handle(), 1) == "licensed-text" ? InstrumentDocumentKind::licensed_text
                                                                         : InstrumentDocumentKind::questionnaire;
      document.document = column_text(select.handle(), 2);
      document.loaded_at = from_unix_milliseconds(sqlite3_column_int64(select.handle(), 3));
      documents.push_back(std::move(document));
    }
    return documents;
  }

  Result<std::uint64_t> change_count() override {
    std::lock_guard lock(mutex_);
    // data_version changes when another connection commits; commits() counts this one's.
    KEEL_ASSIGN_OR_RETURN(const std::int64_t others, connection_->query_integer("PRAGMA data_version"));
    return static_cast<std::uint64_t>(others) + connection_->commits();
  }

  Status remove_instrument_document(const std::string& tenant_id, const std::string& id,
                                    InstrumentDocumentKind kind) override {
    std::lock_guard lock(mutex_);
    return connection_->write_transaction([&]() -> Status {
      KEEL_ASSIGN_OR_RETURN(Statement remove,
                            connection_->prepare("DELETE FROM clinic_instruments WHERE tenant_id = ?1 AND id = ?2 "
                                                 "AND kind = ?3"));
      remove.bind_text(1, tenant_id);
      remove.bind_text(2, id);
      remove.bind_text(3, instrument_document_kind_name(kind));
      const int result = remove.step();
      if (result != SQLITE_DONE) return connection_->failure(result, "removing an instrument");
      if (sqlite3_changes(connection_->handle()) == 0) {
        return Status::not_found(
            fmt::format("no {} for \"{}\" was loaded into this home",
                        kind == InstrumentDocumentKind::questionnaire ? "Questionnaire" : "licensed text", id));
      }
      return Status::ok();
    });
  }

  // --- the home ---

  Status backup(const std::string& path) override {
    std::lock_guard lock(mutex_);
    // O_EXCL: never overwrite; 0600: the copy is as private as the original.
    const int descriptor = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (descriptor < 0) {
      if (errno == EEXIST) {
        return Status::conflict(path +
                                " exists already and keel does not overwrite files; choose a new name for "
                                "the backup");
      }
      return Status::io_error("cannot create the backup file " + path + ": " + std::strerror(errno));
    }
    ::close(descriptor);
    const Status copied = copy_to(path);
    if (!copied.is_ok()) {
      ::unlink(path.c_str());
      ::unlink((path + "-journal").c_str());
    }
    return copied;
  }

  const std::string& default_tenant_id() const override { return default_tenant_id_; }

 private:
  Result<std::shared_ptr<const crypto::PersonKeys>> keys_for(const std::string& tenant_id,
                                                             const std::string& person_id) {
    if (keys_ == nullptr) return Status::locked("the home was opened without keys, so records cannot be read");
    return keys_->keys_for(tenant_id, person_id);
  }

  Result<Person> find_person_where(const char* column, const std::string& tenant_id, const std::string& value,
                                   const std::string& missing) {
    KEEL_ASSIGN_OR_RETURN(Statement select,
                          connection_->prepare(std::string("SELECT ") + kPersonColumns +
                                               " FROM people WHERE tenant_id = ?1 AND " + column + " = ?2"));
    select.bind_text(1, tenant_id);
    select.bind_text(2, value);
    const int result = select.step();
    if (result == SQLITE_DONE) return Status::not_found(missing);
    if (result != SQLITE_ROW) return connection_->failure(result, "finding a person");
    return read_person(select.handle());
  }

  Result<std::int64_t> delete_owned(const std::string& sql, const std::string& tenant_id,
                                    const std::string& person_id) {
    KEEL_ASSIGN_OR_RETURN(Statement remove, connection_->prepare(sql));
    remove.bind_text(1, tenant_id);
    remove.bind_text(2, person_id);
    const int result = remove.step();
    if (result != SQLITE_DONE) return connection_->failure(result, "deleting a person's records");
    return static_cast<std::int64_t>(sqlite3_changes(connection_->handle()));
  }

  // One upsert, inside a transaction the caller opened.
  Status write_row(const Record& record, const std::vector<SqlValue>& values) {
    const RecordKind kind = domain::kind_of(record);
    KEEL_ASSIGN_OR_RETURN(Statement upsert, connection_->prepare(table_spec(kind).upsert_sql));
    for (std::size_t i = 0; i < values.size(); ++i) upsert.bind(static_cast<int>(i + 1), values[i]);
    const int result = upsert.step();
    if (result == SQLITE_DONE) return Status::ok();
    if (result == SQLITE_CONSTRAINT_FOREIGNKEY && kind == RecordKind::lapse_review) {
      const auto& review = std::get<domain::LapseReview>(record);
      return Status::invalid("the lapse review " + review.key.id + " is about urge " + review.urge_id +
                             ", which is not saved; save the urge first");
    }
    if (result == SQLITE_CONSTRAINT_UNIQUE && kind == RecordKind::checkin) {
      const auto& checkin = std::get<domain::CheckIn>(record);
      return Status::conflict("there is a check-in for " + format_date(checkin.date) +
                              " already; change that one instead of adding another");
    }
    if (result == SQLITE_CONSTRAINT_UNIQUE && kind == RecordKind::plan) {
      const auto& plan = std::get<domain::PlanVersion>(record);
      return Status::conflict("version " + std::to_string(plan.version) +
                              " of the plan exists already; save the next version instead");
    }
    return connection_->failure(result, std::string("saving a ") + noun(kind));
  }

  Status copy_to(const std::string& path) {
    sqlite3* destination = nullptr;
    if (sqlite3_open_v2(path.c_str(), &destination, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      std::string message = "cannot open the backup file " + path + ": " +
                            (destination != nullptr ? sqlite3_errmsg(destination) : "out of memory");
      sqlite3_close_v2(destination);
      return Status::io_error(std::move(message));
    }
    sqlite3_exec(destination, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
    sqlite3_backup* copy = sqlite3_backup_init(destination, "main", connection_->handle(), "main");
    if (copy == nullptr) {
      std::string message = std::string("cannot start the backup: ") + sqlite3_errmsg(destination);
      sqlite3_close_v2(destination);
      return Status::io_error(std::move(message));
    }
    const auto deadline = std::chrono::steady_clock::now() + busy_timeout_;
    int result = SQLITE_OK;
    for (;;) {
      result = sqlite3_backup_step(copy, -1);  // all pages at once: a consistent snapshot
      if (result == SQLITE_DONE) break;
      if (is_busy(result) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
        continue;
      }
      break;
    }
    sqlite3_backup_finish(copy);
    Status status;
    if (result != SQLITE_DONE) {
      status = is_busy(result) ? Status::locked("the home database stayed busy, so the backup was not made; try again")
                               : Status::io_error(std::string("the backup failed: ") + sqlite3_errstr(result));
    }
    if (sqlite3_close(destination) != SQLITE_OK && status.is_ok()) {
      status = Status::io_error("the backup file " + path + " could not be closed cleanly");
    }
    return status;
  }

  std::mutex mutex_;
  std::unique_ptr<Connection> connection_;
  KeyProvider* keys_;
  std::string default_tenant_id_;
  std::chrono::milliseconds busy_timeout_;
};

std::string not_a_home(const std::string& path, const std::string& why) {
  return path + " is not a keel home database (" + why + "); check the path, or restore the home from a backup";
}

Status migrate(Connection& connection, const Clock& clock) {
  // Most opens find the schema current: find that out without taking the write lock, so that a
  // command that only reads never waits behind a writer.
  auto has_migrations = connection.query_integer(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'");
  if (has_migrations.is_ok() && *has_migrations == 1) {
    auto current = connection.query_integer("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (current.is_ok() && *current == migrations().back().version) return Status::ok();
  }
  return connection.write_transaction([&]() -> Status {
    KEEL_RETURN_IF_ERROR(
        connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                           " version INTEGER NOT NULL PRIMARY KEY,"
                           " summary TEXT NOT NULL,"
                           " applied_at INTEGER NOT NULL"
                           ") STRICT"));
    KEEL_ASSIGN_OR_RETURN(const std::int64_t current,
                          connection.query_integer("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    const int latest = migrations().back().version;
    if (current > latest) {
      return Status::invalid(connection.path() + " was written by a newer keel (schema version " +
                             std::to_string(current) + "; this keel knows up to " + std::to_string(latest) +
                             "); use the newer keel");
    }
    const auto now = to_unix_milliseconds(clock.now());
    for (const Migration& migration : migrations()) {
      if (migration.version <= current) continue;
      KEEL_RETURN_IF_ERROR(connection.execute(migration.sql));
      KEEL_ASSIGN_OR_RETURN(
          Statement record,
          connection.prepare("INSERT INTO schema_migrations (version, summary, applied_at) VALUES (?1, ?2, ?3)"));
      record.bind_integer(1, migration.version);
      record.bind_text(2, migration.summary);
      record.bind_integer(3, now);
      const int result = record.step();
      if (result != SQLITE_DONE) return connection.failure(result, "recording a schema migration");
    }
    if (current == 0) {
      KEEL_RETURN_IF_ERROR(connection.execute(("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str()));
      SystemRandom random;
      KEEL_ASSIGN_OR_RETURN(
          Statement home,
          connection.prepare("INSERT INTO home (singleton, default_tenant_id, created_at) VALUES (1, ?1, ?2)"));
      home.bind_text(1, new_id(clock.now(), random));
      home.bind_integer(2, now);
      const int result = home.step();
      if (result != SQLITE_DONE) return connection.failure(result, "creating the home");
    }
    return Status::ok();
  });
}

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const OpenOptions& options) {
  const std::string& path = options.path;
  if (path.empty()) return Status::invalid("no path was given for the home database");
  KEEL_RETURN_IF_ERROR(crypto::initialize());
  static const SystemClock system_clock;
  const Clock& clock = options.clock != nullptr ? *options.clock : system_clock;

  struct stat information {};
  if (::stat(path.c_str(), &information) != 0) {
    if (errno != ENOENT) return Status::io_error("cannot look at " + path + ": " + std::strerror(errno));
    if (!options.create_if_missing) return Status::not_found("there is no keel home database at " + path);
    // Made here rather than by SQLite so that it is private from the first byte.
    const int descriptor = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (descriptor < 0 && errno != EEXIST) {
      return Status::io_error("cannot create the home database " + path + ": " + std::strerror(errno));
    }
    if (descriptor >= 0) ::close(descriptor);
  } else if (!S_ISREG(information.st_mode)) {
    return Status::invalid(not_a_home(path, "it is not a regular file"));
  }

  KEEL_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, Connection::open(path, options.busy_timeout));

  // Look before changing anything: a file that is not ours is left exactly as it was.
  auto tables = connection->query_integer("SELECT count(*) FROM sqlite_schema");
  if (!tables.is_ok()) {
    if (tables.status().code() == StatusCode::corrupt) {
      return Status::corrupt(not_a_home(path, "it is not a SQLite database, or it is damaged"));
    }
    return tables.status();
  }
  KEEL_ASSIGN_OR_RETURN(const std::int64_t application_id, connection->query_integer("PRAGMA application_id"));
  if (*tables > 0 && application_id != kApplicationId) {
    return Status::corrupt(not_a_home(path, "it is a database of another program"));
  }
  if (*tables == 0 && !options.create_if_missing) return Status::corrupt(not_a_home(path, "it is empty"));

  KEEL_ASSIGN_OR_RETURN(const std::string journal_mode, connection->query_text("PRAGMA journal_mode=WAL"));
  if (journal_mode != "wal") {
    return Status::io_error("the home database " + path + " cannot use write-ahead logging here (journal mode " +
                            journal_mode + "); keep the home on a local disk");
  }
  KEEL_RETURN_IF_ERROR(connection->execute("PRAGMA synchronous=FULL"));
  KEEL_RETURN_IF_ERROR(connection->execute("PRAGMA foreign_keys=ON"));
  KEEL_RETURN_IF_ERROR(connection->execute("PRAGMA secure_delete=ON"));

  KEEL_RETURN_IF_ERROR(migrate(*connection, clock));

  auto tenant = connection->query_text("SELECT default_tenant_id FROM home WHERE singleton = 1");
  if (!tenant.is_ok() || tenant->empty()) {
    return Status::corrupt(not_a_home(path, "its home settings are missing"));
  }
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(connection), options.keys,
                                                              std::move(tenant).value(), options.busy_timeout));
}

}  // namespace keel::store
