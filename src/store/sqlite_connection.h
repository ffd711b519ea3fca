// Private to store/: a thin layer over one SQLite connection (C API): cached prepared
// statements that reset themselves after use, write transactions that wait politely for other
// writers, and SQLite result codes turned into keel Statuses.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>

#include "core/status.h"
#include "crypto/keys.h"

namespace keel::store {

// One value bound to a statement parameter.
using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string, crypto::Bytes>;

// A cached prepared statement lent out for one use: on destruction it is reset (ending any
// read it had open) and its bindings are cleared.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* statement) : statement_(statement) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind(int index, const SqlValue& value);
  void bind_null(int index);
  void bind_integer(int index, std::int64_t value);
  void bind_text(int index, std::string_view text);

  // The raw SQLite result: SQLITE_ROW, SQLITE_DONE or an error code.
  int step();
  sqlite3_stmt* handle() const { return statement_; }

 private:
  sqlite3_stmt* statement_;
};

class Connection {
 public:
  // Opens an existing file (the caller makes it first when it should be created).
  static Result<std::unique_ptr<Connection>> open(const std::string& path, std::chrono::milliseconds busy_timeout);
  // Only open() can make the key, so only open() makes connections.
  class Key {
    friend class Connection;
    Key() = default;
  };
  Connection(Key, sqlite3* database, std::string path, std::chrono::milliseconds busy_timeout)
      : database_(database), path_(std::move(path)), busy_timeout_(busy_timeout) {}
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return database_; }
  const std::string& path() const { return path_; }

  // A statement for `sql`, prepared once per connection and then reused.
  Result<Statement> prepare(std::string_view sql);
  // Runs SQL without results (schema changes, pragmas that answer nothing).
  Status execute(const char* sql);
  // Runs a statement that answers one row of one text value (pragmas).
  Result<std::string> query_text(const char* sql);
  Result<std::int64_t> query_integer(const char* sql);

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT. Waits for other writers up to the busy
  // timeout (retrying when SQLite gives up early); rolls back when `body` fails.
  Status write_transaction(const std::function<Status()>& body);

  // How many write transactions this connection has committed.
  std::uint64_t commits() const { return commits_; }

  // A Status for a failed SQLite call, with `action` ("saving the urge") for context.
  Status failure(int result_code, std::string_view action) const;

 private:
  Status step_simple(std::string_view sql, std::string_view action);

  sqlite3* database_;
  std::string path_;
  std::chrono::milliseconds busy_timeout_;
  std::uint64_t commits_ = 0;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// True for the result codes that mean "another connection holds the lock".
inline bool is_busy(int result_code) {
  const int primary = result_code & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

}  // namespace keel::store
