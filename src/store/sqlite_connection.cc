#include "store/sqlite_connection.h"

#include <algorithm>
#include <thread>
#include <utility>

namespace keel::store {

Statement::~Statement() {
  if (statement_ == nullptr) return;
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

Statement::Statement(Statement&& other) noexcept : statement_(std::exchange(other.statement_, nullptr)) {}

void Statement::bind(int index, const SqlValue& value) {
  if (std::holds_alternative<std::monostate>(value)) {
    sqlite3_bind_null(statement_, index);
  } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    sqlite3_bind_int64(statement_, index, *integer);
  } else if (const auto* real = std::get_if<double>(&value)) {
    sqlite3_bind_double(statement_, index, *real);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    bind_text(index, *text);
  } else {
    const auto& blob = std::get<crypto::Bytes>(value);
    // A zero-length blob still needs a non-null pointer, or SQLite stores NULL.
    static const std::uint8_t kEmpty = 0;
    sqlite3_bind_blob64(statement_, index, blob.empty() ? &kEmpty : blob.data(), blob.size(), SQLITE_TRANSIENT);
  }
}

void Statement::bind_null(int index) { sqlite3_bind_null(statement_, index); }

void Statement::bind_integer(int index, std::int64_t value) { sqlite3_bind_int64(statement_, index, value); }

void Statement::bind_text(int index, std::string_view text) {
  sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

int Statement::step() { return sqlite3_step(statement_); }

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, std::chrono::milliseconds busy_timeout) {
  sqlite3* database = nullptr;
  // No SQLITE_OPEN_CREATE: the store makes the file itself, with private permissions.
  // NOMUTEX: the store serialises use of its connection with its own mutex.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int result = sqlite3_open_v2(path.c_str(), &database, flags, nullptr);
  if (result != SQLITE_OK) {
    std::string message = "cannot open the home database " + path + ": " +
                          (database != nullptr ? sqlite3_errmsg(database) : sqlite3_errstr(result));
    sqlite3_close_v2(database);
    return Status::io_error(std::move(message));
  }
  sqlite3_extended_result_codes(database, 1);
  sqlite3_busy_timeout(database, static_cast<int>(busy_timeout.count()));
  // Defence in depth: no schema tricks from a file someone else made.
  sqlite3_db_config(database, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(database, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  return std::make_unique<Connection>(Key{}, database, path, busy_timeout);
}

Connection::~Connection() {
  for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
  sqlite3_close_v2(database_);
}

Result<Statement> Connection::prepare(std::string_view sql) {
  const std::string key(sql);
  if (const auto found = statements_.find(key); found != statements_.end()) return Statement(found->second);
  sqlite3_stmt* statement = nullptr;
  const int result = sqlite3_prepare_v3(database_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                        &statement, nullptr);
  if (result != SQLITE_OK) return failure(result, "preparing a query");
  statements_.emplace(key, statement);
  return Statement(statement);
}

Status Connection::execute(const char* sql) {
  char* error = nullptr;
  const int result = sqlite3_exec(database_, sql, nullptr, nullptr, &error);
  sqlite3_free(error);
  if (result != SQLITE_OK) return failure(result, "changing the database");
  return Status::ok();
}

Result<std::string> Connection::query_text(const char* sql) {
  KEEL_ASSIGN_OR_RETURN(Statement statement, prepare(sql));
  const int result = statement.step();
  if (result != SQLITE_ROW) return failure(result == SQLITE_DONE ? SQLITE_ERROR : result, "reading a setting");
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement.handle(), 0));
  return std::string(text != nullptr ? text : "");
}

Result<std::int64_t> Connection::query_integer(const char* sql) {
  KEEL_ASSIGN_OR_RETURN(Statement statement, prepare(sql));
  const int result = statement.step();
  if (result != SQLITE_ROW) return failure(result == SQLITE_DONE ? SQLITE_ERROR : result, "reading a setting");
  return static_cast<std::int64_t>(sqlite3_column_int64(statement.handle(), 0));
}

Status Connection::step_simple(std::string_view sql, std::string_view action) {
  KEEL_ASSIGN_OR_RETURN(Statement statement, prepare(sql));
  const int result = statement.step();
  if (result != SQLITE_DONE && result != SQLITE_ROW) return failure(result, action);
  return Status::ok();
}

Status Connection::write_transaction(const std::function<Status()>& body) {
  const auto deadline = std::chrono::steady_clock::now() + busy_timeout_;
  auto pause = std::chrono::milliseconds{1};
  for (;;) {
    // SQLite's busy handler already waits up to the timeout inside BEGIN IMMEDIATE; this loop
    // covers the cases where it gives up early (a reader recovering the WAL, for example).
    int began = SQLITE_OK;
    {
      KEEL_ASSIGN_OR_RETURN(Statement begin, prepare("BEGIN IMMEDIATE"));
      began = begin.step();
    }
    if (began != SQLITE_DONE) {
      if (is_busy(began) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds{50});
        continue;
      }
      return failure(began, "starting to write");
    }

    const Status status = body();
    if (status.is_ok()) {
      int committed = SQLITE_OK;
      {
        KEEL_ASSIGN_OR_RETURN(Statement commit, prepare("COMMIT"));
        committed = commit.step();
      }
      if (committed == SQLITE_DONE) {
        ++commits_;
        return Status::ok();
      }
      // A failed COMMIT may leave the transaction open; end it before deciding what to do.
      if (sqlite3_get_autocommit(database_) == 0) (void)step_simple("ROLLBACK", "undoing a failed write");
      if (is_busy(committed) && std::chrono::steady_clock::now() < deadline) continue;
      return failure(committed, "saving");
    }
    if (sqlite3_get_autocommit(database_) == 0) (void)step_simple("ROLLBACK", "undoing a failed write");
    return status;
  }
}

Status Connection::failure(int result_code, std::string_view action) const {
  const int primary = result_code & 0xff;
  const std::string detail = sqlite3_errmsg(database_);
  std::string context(action);
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::locked("the home database is busy with another keel process while " + context +
                            "; wait a moment and try again");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::corrupt("the home database " + path_ + " is damaged (" + detail + ") while " + context +
                             "; restore it from a backup");
    case SQLITE_FULL: return Status::io_error("the disk is full while " + context + "; free some space and try again");
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      return Status::io_error("the home database " + path_ + " cannot be written (" + detail + ") while " + context);
    case SQLITE_IOERR:
      return Status::io_error("the operating system refused a read or write of " + path_ + " (" + detail + ") while " +
                              context);
    case SQLITE_CONSTRAINT:
      if (result_code == SQLITE_CONSTRAINT_UNIQUE || result_code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Status::conflict("a record with the same identity exists already (" + detail + ") while " + context);
      }
      if (result_code == SQLITE_CONSTRAINT_FOREIGNKEY) {
        return Status::invalid("a record refers to another record that does not exist, while " + context);
      }
      return Status::internal("keel tried to store a value the database refuses (" + detail + ") while " + context);
    default: return Status::internal("the database failed (" + detail + ") while " + context);
  }
}

}  // namespace keel::store
