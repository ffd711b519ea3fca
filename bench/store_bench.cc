// Store benchmarks, each against a raw SQLite baseline measured in the same run:
//
//   urge_insert: one durable urge through Store::put (sealing, upsert, its own transaction)
//     against a prepared INSERT of the same bytes into a table with the same DDL and pragmas,
//     one autocommit per row. Goal: keel >= 0.8 of the raw rate. Measured twice: as two
//     benchmarks (keel_store_put, raw_sqlite), and as urge_insert/alternating, one insert of each
//     per iteration, each timed on its own; the latter is the one to trust on a shared disk.
//   import_two_years: ClientSession::import_from of a 730-day synthetic client on an empty home
//     against the same rows (read back out of keel's database) inserted in one transaction with
//     prepared statements. Goal: keel >= 0.5 of the raw rate.
//   import_two_years/parse_only and /store_put_all: where the import's time goes (no goal):
//     exchange::read_lines of the same file, and Store::put_all of the parsed records.
//
// Medians over repetitions (5 for inserts, 9 for imports); the ratios are printed after Google
// Benchmark's table.

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include "app/client_session.h"
#include "app/home.h"
#include "bench_support.h"
#include "core/id.h"
#include "core/random.h"
#include "crypto/keys.h"
#include "domain/rules.h"
#include "exchange/jsonl.h"

namespace keel::bench {
namespace {

constexpr int kRawOpenFlags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
constexpr int kImportDays = 730;
constexpr std::uint64_t kImportSeed = 11;
constexpr const char* kPassphrase = "benchmark passphrase";

const Clock& system_clock() {
  static const SystemClock clock;
  return clock;
}

// A home with one person whose keys are cheap to derive (KdfStrength::test_only).
struct OpenHome {
  std::unique_ptr<app::Home> home;
  store::Person person;
};

OpenHome create_home(const std::string& directory) {
  app::Home::CreateOptions options;
  options.directory = directory;
  options.person_name = "bench";
  options.passphrase = kPassphrase;
  options.time_zone = "Europe/Berlin";
  options.strength = crypto::KdfStrength::test_only;
  auto home = app::Home::create(options, system_clock());
  if (!home.is_ok()) fail("creating a home: " + home.status().message());
  auto person = (*home)->find_person("");
  if (!person.is_ok()) fail("finding the home's person: " + person.status().message());
  return {std::move(home).value(), std::move(person).value()};
}

// The urge every insert writes; only its id changes.
domain::Record sample_urge(const store::Person& person) {
  domain::Urge urge;
  urge.key = {person.tenant_id, person.person_id, ""};
  urge.at = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now()) - std::chrono::hours{1};
  urge.time_zone = "Europe/Berlin";
  urge.intensity = 7;
  urge.duration_minutes = 12;
  urge.contexts = {"phone in bed", "alone"};
  urge.emotions = {"lonely", "bored"};
  urge.warning_signs = {"impulsive scrolling"};
  urge.outcome = domain::UrgeOutcome::surfed;
  urge.strategy = "got up, drank a glass of water and read a chapter";
  urge.note = "It peaked after five minutes and was gone after twelve.";
  return urge;
}

// What the raw insert writes: the urges table's DDL and one row exactly as keel stored it.
struct UrgeRowTemplate {
  std::vector<std::string> ddl;  // CREATE TABLE urges ..., CREATE INDEX urges_by_time ...
  std::vector<std::string> columns;
  Row row;
  std::size_t id_column = 0;
  Instant at;
};

const UrgeRowTemplate& urge_row_template() {
  static const UrgeRowTemplate made = [] {
    TemporaryDirectory directory("urge-template");
    OpenHome opened = create_home(directory.path() + "/home");
    domain::Record record = sample_urge(opened.person);
    SeededRandom random(3);
    auto& urge = std::get<domain::Urge>(record);
    urge.key.id = new_id(urge.at, random);
    if (const Status saved = opened.home->store().put(record); !saved.is_ok()) fail("put: " + saved.message());

    UrgeRowTemplate result;
    result.at = urge.at;
    RawDatabase keel_database(app::Home::database_path(opened.home->directory()), SQLITE_OPEN_READONLY);
    // The table before its index ('table' sorts after 'index').
    result.ddl = keel_database.texts(
        "SELECT sql FROM sqlite_master WHERE name IN ('urges', 'urges_by_time') ORDER BY type DESC");
    if (result.ddl.size() != 2) fail("the store's database has no urges table and index");
    auto [columns, rows] = keel_database.rows("SELECT * FROM urges");
    if (rows.size() != 1) fail("the store's database should hold exactly the one urge put");
    result.columns = std::move(columns);
    result.row = std::move(rows.front());
    const auto id = std::find(result.columns.begin(), result.columns.end(), "id");
    if (id == result.columns.end()) fail("the urges table has no id column");
    result.id_column = static_cast<std::size_t>(id - result.columns.begin());
    return result;
  }();
  return made;
}

// The raw side: a database with the urges table's own DDL and the store's settings, and one
// prepared INSERT of the template row with a new id, in autocommit mode.
class RawUrgeTable {
 public:
  explicit RawUrgeTable(const std::string& path) : row_template_(urge_row_template()), database_(path, kRawOpenFlags) {
    database_.use_store_settings();
    for (const auto& statement : row_template_.ddl) database_.execute(statement);
    insert_ = database_.prepare(insert_sql("urges", row_template_.columns));
  }
  ~RawUrgeTable() { sqlite3_finalize(insert_); }
  RawUrgeTable(const RawUrgeTable&) = delete;
  RawUrgeTable& operator=(const RawUrgeTable&) = delete;

  // Inserts the row with a new id; false (and the message in error()) when SQLite refuses.
  bool insert(Random& random) {
    const std::string id = new_id(row_template_.at, random);
    for (std::size_t column = 0; column < row_template_.row.size(); ++column) {
      const int index = static_cast<int>(column + 1);
      if (column == row_template_.id_column) {
        sqlite3_bind_text64(insert_, index, id.data(), id.size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        bind_value(insert_, index, row_template_.row[column]);
      }
    }
    const int result = sqlite3_step(insert_);
    sqlite3_reset(insert_);
    return result == SQLITE_DONE;
  }
  const char* error() const { return sqlite3_errmsg(database_.handle()); }

 private:
  const UrgeRowTemplate& row_template_;
  RawDatabase database_;
  sqlite3_stmt* insert_ = nullptr;
};

// The keel side: a home, and the sample urge put with a new id each time.
class KeelUrgeWriter {
 public:
  explicit KeelUrgeWriter(const std::string& directory)
      : opened_(create_home(directory)), record_(sample_urge(opened_.person)) {}

  Status put(Random& random) {
    auto& urge = std::get<domain::Urge>(record_);
    urge.key.id = new_id(urge.at, random);
    return opened_.home->store().put(record_);
  }

 private:
  OpenHome opened_;
  domain::Record record_;
};

void keel_urge_insert(benchmark::State& state) {
  TemporaryDirectory directory("store-put");
  KeelUrgeWriter writer(directory.path() + "/home");
  SeededRandom random(7);
  for (auto _ : state) {
    if (const Status saved = writer.put(random); !saved.is_ok()) {
      state.SkipWithError(saved.message().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void raw_urge_insert(benchmark::State& state) {
  TemporaryDirectory directory("raw-insert");
  RawUrgeTable table(directory.path() + "/raw.db");
  SeededRandom random(7);
  for (auto _ : state) {
    if (!table.insert(random)) {
      state.SkipWithError(table.error());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// Both sides in one loop, one insert each per iteration (in alternating order), each timed on
// its own: a burst of other work on the shared disk then slows both alike, where two separate
// benchmarks can land one side in a quiet second and the other in a busy one.
void alternating_urge_insert(benchmark::State& state) {
  TemporaryDirectory directory("alternating");
  KeelUrgeWriter writer(directory.path() + "/home");
  RawUrgeTable table(directory.path() + "/raw.db");
  SeededRandom keel_random(7);
  SeededRandom raw_random(7);
  using Clock = std::chrono::steady_clock;
  Clock::duration keel_time{};
  Clock::duration raw_time{};
  bool keel_first = true;
  const auto time_keel = [&] {
    const auto start = Clock::now();
    const Status saved = writer.put(keel_random);
    keel_time += Clock::now() - start;
    if (!saved.is_ok()) fail("Store::put: " + saved.message());
  };
  const auto time_raw = [&] {
    const auto start = Clock::now();
    const bool inserted = table.insert(raw_random);
    raw_time += Clock::now() - start;
    if (!inserted) fail(std::string("raw insert: ") + table.error());
  };
  for (auto _ : state) {
    if (keel_first) {
      time_keel();
      time_raw();
    } else {
      time_raw();
      time_keel();
    }
    keel_first = !keel_first;
  }
  const auto seconds = [](Clock::duration duration) { return std::chrono::duration<double>(duration).count(); };
  const auto inserts = static_cast<double>(state.iterations());
  const double keel_rate = inserts / seconds(keel_time);
  const double raw_rate = inserts / seconds(raw_time);
  state.counters["keel_inserts_per_second"] = keel_rate;
  state.counters["raw_inserts_per_second"] = raw_rate;
  state.counters["ratio"] = keel_rate / raw_rate;
}

// The import file, and every row keel made of it, table by table, for the raw baseline.
struct ImportFixture {
  std::unique_ptr<TemporaryDirectory> directory;
  std::string file_path;
  std::size_t records = 0;
  std::vector<std::string> ddl;  // the record tables and their indexes, in creation order
  struct Table {
    std::string name;
    std::string insert;
    std::vector<Row> rows;
  };
  std::vector<Table> tables;  // in creation order, so referenced tables come first
  std::size_t rows = 0;
};

Result<app::ImportSummary> import_file(const OpenHome& opened, const std::string& path) {
  SystemRandom random;
  app::ClientSession session(opened.home->store(), opened.person, system_clock(), random);
  std::ifstream file(path, std::ios::binary);
  if (!file) fail("cannot read " + path);
  return session.import_from(file);
}

const ImportFixture& import_fixture() {
  static const ImportFixture made = [] {
    ImportFixture fixture;
    fixture.directory = std::make_unique<TemporaryDirectory>("import-file");
    const SynthFile synth = synth_file(kImportDays, kImportSeed);
    fixture.records = synth.records;
    fixture.file_path = fixture.directory->path() + "/client.jsonl";
    write_file(fixture.file_path, synth.text);

    // Import once into a home of its own and read back what keel stored.
    TemporaryDirectory home_directory("import-rows");
    OpenHome opened = create_home(home_directory.path() + "/home");
    auto summary = import_file(opened, fixture.file_path);
    if (!summary.is_ok()) fail("import: " + summary.status().message());
    if (summary->added != fixture.records) fail("the import did not add every record of the file");

    RawDatabase keel_database(app::Home::database_path(opened.home->directory()), SQLITE_OPEN_READONLY);
    const std::string record_tables =
        "type = 'table' AND name NOT IN ('home', 'people', 'schema_migrations') AND name NOT LIKE 'sqlite_%'";
    const auto table_names =
        keel_database.texts("SELECT name FROM sqlite_master WHERE " + record_tables + " ORDER BY rowid");
    fixture.ddl = keel_database.texts(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name IN (SELECT name FROM sqlite_master WHERE " +
        record_tables + ") ORDER BY rowid");
    for (const auto& name : table_names) {
      auto [columns, rows] = keel_database.rows("SELECT * FROM " + name);
      fixture.rows += rows.size();
      fixture.tables.push_back({name, insert_sql(name, columns), std::move(rows)});
    }
    if (fixture.rows != fixture.records) {
      fail("keel stored " + std::to_string(fixture.rows) + " rows for " + std::to_string(fixture.records) + " records");
    }
    return fixture;
  }();
  return made;
}

void keel_import(benchmark::State& state) {
  const ImportFixture& fixture = import_fixture();
  for (auto _ : state) {
    state.PauseTiming();
    std::optional<TemporaryDirectory> directory;
    directory.emplace("import");
    std::optional<OpenHome> opened = create_home(directory->path() + "/home");
    state.ResumeTiming();

    auto summary = import_file(*opened, fixture.file_path);

    state.PauseTiming();
    if (!summary.is_ok() || summary->added != fixture.records) {
      state.SkipWithError(summary.is_ok() ? "the import added too few records" : summary.status().message().c_str());
      break;
    }
    opened.reset();
    directory.reset();
    state.ResumeTiming();
  }
  state.counters["records_per_second"] = benchmark::Counter(
      static_cast<double>(fixture.records * static_cast<std::size_t>(state.iterations())), benchmark::Counter::kIsRate);
}

void raw_import(benchmark::State& state) {
  const ImportFixture& fixture = import_fixture();
  for (auto _ : state) {
    state.PauseTiming();
    std::optional<TemporaryDirectory> directory;
    directory.emplace("raw-import");
    std::optional<RawDatabase> database;
    database.emplace(directory->path() + "/raw.db", kRawOpenFlags);
    database->use_store_settings();
    for (const auto& statement : fixture.ddl) database->execute(statement);
    state.ResumeTiming();

    database->execute("BEGIN IMMEDIATE");
    for (const auto& table : fixture.tables) {
      sqlite3_stmt* insert = database->prepare(table.insert);
      for (const auto& row : table.rows) {
        for (std::size_t column = 0; column < row.size(); ++column) {
          bind_value(insert, static_cast<int>(column + 1), row[column]);
        }
        const int result = sqlite3_step(insert);
        sqlite3_reset(insert);
        if (result != SQLITE_DONE) fail("raw insert into " + table.name + ": " + sqlite3_errmsg(database->handle()));
      }
      sqlite3_finalize(insert);
    }
    database->execute("COMMIT");

    state.PauseTiming();
    database.reset();
    directory.reset();
    state.ResumeTiming();
  }
  state.counters["records_per_second"] = benchmark::Counter(
      static_cast<double>(fixture.rows * static_cast<std::size_t>(state.iterations())), benchmark::Counter::kIsRate);
}

// Where the import's time goes: reading the JSON Lines alone...
void parse_only(benchmark::State& state) {
  const ImportFixture& fixture = import_fixture();
  for (auto _ : state) {
    state.PauseTiming();
    std::ifstream file(fixture.file_path, std::ios::binary);
    state.ResumeTiming();
    auto read = exchange::read_lines(file, {"tenant", "person"});
    if (!read.is_ok() || read->records.size() != fixture.records) {
      state.SkipWithError("reading the file failed");
      break;
    }
    benchmark::DoNotOptimize(read);
  }
  state.counters["records_per_second"] = benchmark::Counter(
      static_cast<double>(fixture.records * static_cast<std::size_t>(state.iterations())), benchmark::Counter::kIsRate);
}

// ... and writing the parsed records with Store::put_all (sealing, upserts, one transaction).
void store_put_all(benchmark::State& state) {
  const ImportFixture& fixture = import_fixture();
  for (auto _ : state) {
    state.PauseTiming();
    std::optional<TemporaryDirectory> directory;
    directory.emplace("put-all");
    std::optional<OpenHome> opened = create_home(directory->path() + "/home");
    std::ifstream file(fixture.file_path, std::ios::binary);
    auto read = exchange::read_lines(file, {opened->person.tenant_id, opened->person.person_id});
    if (!read.is_ok()) fail("reading the file: " + read.status().message());
    for (auto& record : read->records) domain::normalize(record);
    state.ResumeTiming();

    const Status saved = opened->home->store().put_all(read->records);

    state.PauseTiming();
    if (!saved.is_ok()) {
      state.SkipWithError(saved.message().c_str());
      break;
    }
    opened.reset();
    directory.reset();
    state.ResumeTiming();
  }
  state.counters["records_per_second"] = benchmark::Counter(
      static_cast<double>(fixture.records * static_cast<std::size_t>(state.iterations())), benchmark::Counter::kIsRate);
}

// Prints Google Benchmark's table as usual and keeps each benchmark's median for the summary.
class MedianReporter final : public benchmark::ConsoleReporter {
 public:
  struct Median {
    double real_time = 0;  // in the run's time unit
    double cpu_time = 0;
    benchmark::TimeUnit unit = benchmark::kNanosecond;
    std::map<std::string, double> counters;
  };

  void ReportRuns(const std::vector<Run>& reports) override {
    ConsoleReporter::ReportRuns(reports);
    for (const Run& run : reports) {
      if (run.error_occurred || run.run_type != Run::RT_Aggregate || run.aggregate_name != "median") continue;
      Median median;
      median.real_time = run.GetAdjustedRealTime();
      median.cpu_time = run.GetAdjustedCPUTime();
      median.unit = run.time_unit;
      for (const auto& [name, counter] : run.counters) median.counters[name] = counter.value;
      medians_[run.run_name.function_name] = median;
    }
  }

  const Median* find(const std::string& name) const {
    const auto found = medians_.find(name);
    return found == medians_.end() ? nullptr : &found->second;
  }

 private:
  std::map<std::string, Median> medians_;
};

const char* unit_name(benchmark::TimeUnit unit) {
  switch (unit) {
    case benchmark::kNanosecond: return "ns";
    case benchmark::kMicrosecond: return "us";
    case benchmark::kMillisecond: return "ms";
    case benchmark::kSecond: return "s";
  }
  return "?";
}

// One line per comparison: "RESULT <what>: keel X, raw Y, ratio R (goal >= G: met)".
void print_comparison(const MedianReporter& reporter, const std::string& what, const std::string& keel_name,
                      const std::string& raw_name, const std::string& counter, const std::string& counter_unit,
                      double goal) {
  const auto* keel = reporter.find(keel_name);
  const auto* raw = reporter.find(raw_name);
  if (keel == nullptr || raw == nullptr || keel->counters.count(counter) == 0 || raw->counters.count(counter) == 0) {
    std::printf("RESULT %s: not measured in this run\n", what.c_str());
    return;
  }
  const double keel_rate = keel->counters.at(counter);
  const double raw_rate = raw->counters.at(counter);
  const double ratio = raw_rate > 0 ? keel_rate / raw_rate : 0;
  std::printf("RESULT %s: keel %.1f %s, raw SQLite %.1f %s, ratio %.2f (goal >= %.2f: %s)\n", what.c_str(), keel_rate,
              counter_unit.c_str(), raw_rate, counter_unit.c_str(), ratio, goal, ratio >= goal ? "met" : "NOT met");
  std::printf("       median wall time per op: keel %.3f %s (cpu %.3f), raw %.3f %s (cpu %.3f)\n", keel->real_time,
              unit_name(keel->unit), keel->cpu_time, raw->real_time, unit_name(raw->unit), raw->cpu_time);
}

void print_alternating(const MedianReporter& reporter, double goal) {
  const auto* alternating = reporter.find("urge_insert/alternating");
  if (alternating == nullptr || alternating->counters.count("ratio") == 0) {
    std::printf("RESULT durable urge insert, alternating: not measured in this run\n");
    return;
  }
  const double ratio = alternating->counters.at("ratio");
  std::printf(
      "RESULT durable urge insert, alternating in one loop (Store::put vs raw INSERT, a transaction each): keel %.1f "
      "inserts/s, raw SQLite %.1f inserts/s, ratio %.2f (goal >= %.2f: %s)\n",
      alternating->counters.at("keel_inserts_per_second"), alternating->counters.at("raw_inserts_per_second"), ratio,
      goal, ratio >= goal ? "met" : "NOT met");
}

}  // namespace
}  // namespace keel::bench

int main(int argc, char** argv) {
  using namespace keel::bench;
  // Repetitions of the two sides alternate in random order, so that a slow spell of the shared
  // machine or disk does not land on one side only. A flag on the command line overrides this.
  std::vector<char*> arguments(argv, argv + argc);
  constexpr std::string_view kInterleaveFlag = "--benchmark_enable_random_interleaving";
  std::string interleave = std::string(kInterleaveFlag) + "=true";
  const bool chosen = std::any_of(arguments.begin(), arguments.end(), [&](const char* argument) {
    return std::string_view(argument).starts_with(kInterleaveFlag);
  });
  if (!chosen) arguments.insert(arguments.begin() + 1, interleave.data());
  int count = static_cast<int>(arguments.size());
  arguments.push_back(nullptr);
  benchmark::Initialize(&count, arguments.data());
  if (benchmark::ReportUnrecognizedArguments(count, arguments.data())) return 1;
  if (!keel::crypto::initialize().is_ok()) fail("libsodium did not start");

  for (const auto& [name, function] : {std::pair{"urge_insert/keel_store_put", &keel_urge_insert},
                                       std::pair{"urge_insert/raw_sqlite", &raw_urge_insert},
                                       std::pair{"urge_insert/alternating", &alternating_urge_insert}}) {
    benchmark::RegisterBenchmark(name, function)
        ->Repetitions(5)
        ->ReportAggregatesOnly(true)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }
  for (const auto& [name, function] :
       {std::pair{"import_two_years/keel_import_from", &keel_import},
        std::pair{"import_two_years/raw_sqlite", &raw_import}, std::pair{"import_two_years/parse_only", &parse_only},
        std::pair{"import_two_years/store_put_all", &store_put_all}}) {
    benchmark::RegisterBenchmark(name, function)
        ->Iterations(1)
        ->Repetitions(9)
        ->ReportAggregatesOnly(true)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }

  std::printf("load average (1 min) before: %.2f; files in %s\n", load_average(), bench_root().c_str());
  std::fflush(stdout);
  MedianReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\nload average (1 min) after: %.2f\n", load_average());
  print_comparison(reporter, "durable urge insert, separate benchmarks (Store::put vs raw INSERT, a transaction each)",
                   "urge_insert/keel_store_put", "urge_insert/raw_sqlite", "items_per_second", "inserts/s", 0.8);
  print_alternating(reporter, 0.8);
  const auto* keel_import_median = reporter.find("import_two_years/keel_import_from");
  print_comparison(
      reporter,
      "import of a " + std::to_string(kImportDays) + "-day synthetic client" +
          (keel_import_median != nullptr ? " (" + std::to_string(import_fixture().records) + " records)" : ""),
      "import_two_years/keel_import_from", "import_two_years/raw_sqlite", "records_per_second", "records/s", 0.5);
  const auto* parse_median = reporter.find("import_two_years/parse_only");
  const auto* put_all_median = reporter.find("import_two_years/store_put_all");
  if (keel_import_median != nullptr && parse_median != nullptr && put_all_median != nullptr) {
    std::printf(
        "       where the import's time goes: parsing the JSON Lines %.1f ms, Store::put_all %.1f ms, "
        "checks and the rest %.1f ms (of %.1f ms)\n",
        parse_median->real_time, put_all_median->real_time,
        keel_import_median->real_time - parse_median->real_time - put_all_median->real_time,
        keel_import_median->real_time);
  }
  benchmark::Shutdown();
  return 0;
}
