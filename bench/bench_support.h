// Helpers shared by the benchmarks: temporary directories on disk, raw SQLite access for the
// baselines, a synthetic client as JSON Lines, and medians. Benchmarks stop at the first
// failure (fail()): a number measured after something went wrong would mislead.
#pragma once

#include <sqlite3.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "core/time.h"
#include "exchange/jsonl.h"
#include "synth/synth.h"

namespace keel::bench {

[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "benchmark failed: %s\n", what.c_str());
  std::exit(1);
}

// The folder benchmarks put their files in: $KEEL_BENCH_DIR, else the system's temporary folder.
// Durable writes are only measured honestly on a real disk, so a RAM file system is named.
inline std::filesystem::path bench_root() {
  if (const char* chosen = std::getenv("KEEL_BENCH_DIR"); chosen != nullptr && *chosen != '\0') return chosen;
  return std::filesystem::temp_directory_path();
}

inline void warn_if_not_on_disk() {
  static bool warned = false;
  if (warned) return;
  warned = true;
  struct statfs information {};
  constexpr long kTmpfsMagic = 0x01021994;
  if (statfs(bench_root().c_str(), &information) == 0 && information.f_type == kTmpfsMagic) {
    std::fprintf(stderr,
                 "warning: %s is in memory (tmpfs), so fsync costs nothing there; set KEEL_BENCH_DIR to a folder "
                 "on a disk for durable-write numbers\n",
                 bench_root().c_str());
  }
}

// A fresh directory, removed with everything in it when this goes out of scope.
class TemporaryDirectory {
 public:
  explicit TemporaryDirectory(const std::string& label) {
    warn_if_not_on_disk();
    std::string pattern = (bench_root() / ("keel-bench-" + label + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) fail("cannot create a temporary directory like " + pattern);
    path_ = pattern;
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// One column value as SQLite stores it.
using ColumnValue = std::variant<std::monostate, std::int64_t, double, std::string, std::vector<std::uint8_t>>;
using Row = std::vector<ColumnValue>;

// A plain SQLite connection, for the baselines and for reading keel's own database.
class RawDatabase {
 public:
  RawDatabase(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &database_, flags, nullptr) != SQLITE_OK) {
      fail("cannot open " + path + ": " + (database_ != nullptr ? sqlite3_errmsg(database_) : "out of memory"));
    }
  }
  ~RawDatabase() { sqlite3_close_v2(database_); }
  RawDatabase(const RawDatabase&) = delete;
  RawDatabase& operator=(const RawDatabase&) = delete;

  sqlite3* handle() const { return database_; }

  void execute(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(database_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error != nullptr ? error : sqlite3_errmsg(database_);
      sqlite3_free(error);
      fail("\"" + sql + "\": " + message);
    }
  }

  // The same settings keel's store makes on its connection (src/store/sqlite_connection.cc and
  // open_sqlite_store in src/store/sqlite_store.cc).
  void use_store_settings() {
    sqlite3_extended_result_codes(database_, 1);
    sqlite3_db_config(database_, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(database_, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    execute("PRAGMA journal_mode=WAL");
    execute("PRAGMA synchronous=FULL");
    execute("PRAGMA foreign_keys=ON");
    execute("PRAGMA secure_delete=ON");
  }

  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(database_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
      fail("preparing \"" + sql + "\": " + sqlite3_errmsg(database_));
    }
    return statement;
  }

  // Every row of a query, with its column names.
  std::pair<std::vector<std::string>, std::vector<Row>> rows(const std::string& sql) {
    sqlite3_stmt* statement = prepare(sql);
    std::vector<std::string> names;
    for (int column = 0; column < sqlite3_column_count(statement); ++column) {
      names.emplace_back(sqlite3_column_name(statement, column));
    }
    std::vector<Row> rows;
    int result = SQLITE_ROW;
    while ((result = sqlite3_step(statement)) == SQLITE_ROW) {
      Row row;
      for (int column = 0; column < static_cast<int>(names.size()); ++column) row.push_back(read(statement, column));
      rows.push_back(std::move(row));
    }
    if (result != SQLITE_DONE) fail("reading \"" + sql + "\": " + sqlite3_errmsg(database_));
    sqlite3_finalize(statement);
    return {std::move(names), std::move(rows)};
  }

  // The first column of every row, as text.
  std::vector<std::string> texts(const std::string& sql) {
    std::vector<std::string> values;
    for (auto& row : rows(sql).second) {
      if (auto* text = std::get_if<std::string>(&row.front())) values.push_back(std::move(*text));
    }
    return values;
  }

 private:
  static ColumnValue read(sqlite3_stmt* statement, int column) {
    switch (sqlite3_column_type(statement, column)) {
      case SQLITE_INTEGER: return static_cast<std::int64_t>(sqlite3_column_int64(statement, column));
      case SQLITE_FLOAT: return sqlite3_column_double(statement, column);
      case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
        return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
      }
      case SQLITE_BLOB: {
        const auto* bytes = static_cast<const std::uint8_t*>(sqlite3_column_blob(statement, column));
        return std::vector<std::uint8_t>(bytes, bytes + sqlite3_column_bytes(statement, column));
      }
      default: return std::monostate{};
    }
  }

  sqlite3* database_ = nullptr;
};

// Binds a value without copying it: the value must outlive the statement's next step.
inline void bind_value(sqlite3_stmt* statement, int index, const ColumnValue& value) {
  if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    sqlite3_bind_int64(statement, index, *integer);
  } else if (const auto* real = std::get_if<double>(&value)) {
    sqlite3_bind_double(statement, index, *real);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    sqlite3_bind_text64(statement, index, text->data(), text->size(), SQLITE_STATIC, SQLITE_UTF8);
  } else if (const auto* blob = std::get_if<std::vector<std::uint8_t>>(&value)) {
    if (blob->empty()) {
      sqlite3_bind_zeroblob(statement, index, 0);
    } else {
      sqlite3_bind_blob64(statement, index, blob->data(), blob->size(), SQLITE_STATIC);
    }
  } else {
    sqlite3_bind_null(statement, index);
  }
}

// "INSERT INTO table (a, b, c) VALUES (?1, ?2, ?3)".
inline std::string insert_sql(const std::string& table, const std::vector<std::string>& columns) {
  std::string names;
  std::string placeholders;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) {
      names += ", ";
      placeholders += ", ";
    }
    names += columns[i];
    placeholders += "?" + std::to_string(i + 1);
  }
  return "INSERT INTO " + table + " (" + names + ") VALUES (" + placeholders + ")";
}

// A synthetic client of `days` days ending now, as an export file (header line, then records).
struct SynthFile {
  std::string text;
  std::size_t records = 0;
};

inline SynthFile synth_file(int days, std::uint64_t seed) {
  synth::Options options;
  options.days = days;
  options.seed = seed;
  options.tenant_id = "synth";
  options.person_id = "synth";
  // A little in the past, so that nothing lies in the future of the importing clock.
  options.end =
      std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now()) - std::chrono::minutes{5};
  exchange::Header header;
  header.exported_at = format_rfc3339(options.end, options.time_zone);
  header.time_zone = options.time_zone;
  header.generator = "keel bench synth seed=" + std::to_string(seed);
  std::ostringstream output;
  output << exchange::header_to_line(header) << '\n';
  SynthFile file;
  for (const auto& record : synth::generate_client(options, 0)) {
    output << exchange::record_to_line(record) << '\n';
    ++file.records;
  }
  file.text = std::move(output).str();
  return file;
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) fail("cannot write " + path);
}

// The median of some measurements (the mean of the middle two for an even count).
inline double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

// The machine's load average over the last minute, for the record of a run.
inline double load_average() {
  double loads[3] = {0, 0, 0};
  return getloadavg(loads, 3) >= 1 ? loads[0] : -1;
}

}  // namespace keel::bench
