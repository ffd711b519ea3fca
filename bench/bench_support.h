// Helpers shared by the benchmarks: temporary directories on disk, raw SQLite access for the
// baselines (a table copied out of keel's own database), a synthetic client as JSON Lines, plain
// HTTP/1.1 over loopback sockets, resident memory, medians and percentiles. Benchmarks stop at the
// first failure (fail()): a number measured after something went wrong would mislead.
#pragma once

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
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

// The value below which `fraction` (0 < fraction <= 1) of the measurements lie, by nearest rank:
// the smallest value v with at least ceil(fraction * n) measurements <= v.
inline double percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

// --- memory -----------------------------------------------------------------------------------

// The resident set of this process (VmRSS in /proc/self/status), in bytes.
inline double resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) * 1024.0;  // the kernel says kB: KiB
  }
  fail("/proc/self/status has no VmRSS line");
}

// --- plain HTTP/1.1 over loopback (POSIX sockets, so that a client adds no memory of its own) ---

// A blocking TCP connection to 127.0.0.1:port with Nagle's algorithm off.
inline int connect_loopback(std::uint16_t port) {
  const int socket_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (socket_fd < 0) fail(std::string("socket: ") + std::strerror(errno));
  const int one = 1;
  ::setsockopt(socket_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(socket_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    fail("connecting to 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno));
  }
  return socket_fd;
}

// A port on 127.0.0.1 that was free a moment ago (for a program that must be told its port).
inline std::uint16_t free_loopback_port() {
  const int socket_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (socket_fd < 0) fail(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(socket_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(socket_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    fail(std::string("finding a free port: ") + std::strerror(errno));
  }
  ::close(socket_fd);
  return ntohs(address.sin_port);
}

// One HTTP/1.1 response as read by http_exchange.
struct HttpReply {
  int status = 0;
  std::string head;  // the status line and the header fields, up to the blank line
  std::string body;

  // A header field's value (the first of that name, any case), or "" when there is none.
  std::string header(std::string_view name) const {
    std::size_t line = head.find("\r\n");
    while (line != std::string::npos && line + 2 < head.size()) {
      const std::size_t start = line + 2;
      const std::size_t end = head.find("\r\n", start);
      const std::string_view field(head.data() + start, (end == std::string::npos ? head.size() : end) - start);
      const std::size_t colon = field.find(':');
      if (colon == name.size() && std::equal(name.begin(), name.end(), field.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
          })) {
        std::string_view value = field.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        return std::string(value);
      }
      line = end;
    }
    return "";
  }
};

// Sends a whole request (request line, header fields, blank line, body) on a connected socket and
// reads one response, which must carry a Content-Length (keel's and nginx's do). Fails the
// benchmark when nothing complete arrives within `timeout`.
inline HttpReply http_exchange(int socket_fd, std::string_view request,
                               std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t written = ::send(socket_fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (written <= 0) fail(std::string("sending a request: ") + std::strerror(errno));
    sent += static_cast<std::size_t>(written);
  }
  std::string received;
  std::size_t head_end = std::string::npos;
  std::size_t length = 0;
  char buffer[16 * 1024];
  while (head_end == std::string::npos || received.size() < head_end + 4 + length) {
    pollfd descriptor{socket_fd, POLLIN, 0};
    if (::poll(&descriptor, 1, static_cast<int>(timeout.count())) <= 0) fail("no complete answer in time");
    const ssize_t read = ::recv(socket_fd, buffer, sizeof buffer, 0);
    if (read <= 0) fail("the server closed the connection before answering");
    received.append(buffer, static_cast<std::size_t>(read));
    if (head_end == std::string::npos && (head_end = received.find("\r\n\r\n")) != std::string::npos) {
      HttpReply probe;
      probe.head = received.substr(0, head_end);
      const std::string content_length = probe.header("Content-Length");
      if (content_length.empty()) fail("an answer without Content-Length: " + probe.head.substr(0, 80));
      length = std::stoul(content_length);
    }
  }
  HttpReply reply;
  reply.head = received.substr(0, head_end);
  reply.body = received.substr(head_end + 4, length);
  if (reply.head.rfind("HTTP/1.", 0) != 0 || reply.head.size() < 12) fail("not an HTTP answer: " + reply.head);
  reply.status = std::atoi(reply.head.c_str() + 9);
  return reply;
}

// --- a table of keel's database, copied for a raw baseline ------------------------------------

// One table as keel made it: its DDL (the table, then its indexes), its columns and one stored row.
struct TableSample {
  std::string table;
  std::vector<std::string> ddl;
  std::vector<std::string> columns;
  Row row;
  std::size_t id_column = 0;
};

// Reads `table`'s DDL and its first row out of a keel database (which may be open elsewhere: it
// uses WAL). Fails when the table is empty or has no `id` column.
inline TableSample sample_table(const std::string& database_path, const std::string& table) {
  RawDatabase database(database_path, SQLITE_OPEN_READONLY);
  TableSample sample;
  sample.table = table;
  // The table before its indexes ('table' sorts after 'index').
  sample.ddl = database.texts("SELECT sql FROM sqlite_master WHERE tbl_name = '" + table +
                              "' AND sql IS NOT NULL ORDER BY type DESC, name");
  auto [columns, rows] = database.rows("SELECT * FROM " + table + " LIMIT 1");
  if (sample.ddl.empty() || rows.empty()) fail("the keel database has no row in " + table);
  sample.columns = std::move(columns);
  sample.row = std::move(rows.front());
  const auto id = std::find(sample.columns.begin(), sample.columns.end(), "id");
  if (id == sample.columns.end()) fail(table + " has no id column");
  sample.id_column = static_cast<std::size_t>(id - sample.columns.begin());
  return sample;
}

// A fresh database with a sampled table's DDL and the store's settings, into which the sampled
// row goes again and again with a new id: one prepared INSERT, in autocommit mode (each row its own
// transaction, as durable as the store's).
class RawRowInserter {
 public:
  RawRowInserter(const std::string& path, const TableSample& sample)
      : sample_(sample), database_(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX) {
    database_.use_store_settings();
    for (const auto& statement : sample_.ddl) database_.execute(statement);
    insert_ = database_.prepare(insert_sql(sample_.table, sample_.columns));
  }
  ~RawRowInserter() { sqlite3_finalize(insert_); }
  RawRowInserter(const RawRowInserter&) = delete;
  RawRowInserter& operator=(const RawRowInserter&) = delete;

  // Inserts the row with `id`; fails the benchmark when SQLite refuses.
  void insert(const std::string& id) {
    for (std::size_t column = 0; column < sample_.row.size(); ++column) {
      const int index = static_cast<int>(column + 1);
      if (column == sample_.id_column) {
        sqlite3_bind_text64(insert_, index, id.data(), id.size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        bind_value(insert_, index, sample_.row[column]);
      }
    }
    const int result = sqlite3_step(insert_);
    sqlite3_reset(insert_);
    if (result != SQLITE_DONE) fail("raw insert into " + sample_.table + ": " + sqlite3_errmsg(database_.handle()));
  }

 private:
  const TableSample& sample_;
  RawDatabase database_;
  sqlite3_stmt* insert_ = nullptr;
};

}  // namespace keel::bench
