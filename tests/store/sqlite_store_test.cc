#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "core/id.h"
#include "store/store_test_support.h"

namespace keel::store::testing {
namespace {

using namespace std::chrono_literals;
using domain::Record;
using domain::RecordKind;
using keel::testing::contains_bytes;
using keel::testing::read_file;
using keel::testing::write_file;

constexpr const char* kPerson = "01JPERSON00000000000000001";

class SqliteStoreTest : public ::testing::Test, public StoreFixtureBase {
 protected:
  void SetUp() override {
    store = open_or_die();
    ASSERT_NE(store, nullptr);
    tenant = store->default_tenant_id();
    unlock(tenant, kPerson);
  }

  Owner owner() const { return {tenant, kPerson}; }

  std::vector<Record> list_all(RecordKind kind, const ListQuery& query = {}) {
    auto listed = store->list(kind, owner(), query);
    EXPECT_TRUE(listed.is_ok()) << listed.status().message();
    return listed.is_ok() ? std::move(listed).value() : std::vector<Record>{};
  }

  std::vector<std::string> ids_of(const std::vector<Record>& records) {
    std::vector<std::string> ids;
    for (const auto& record : records) ids.push_back(domain::key_of(record).id);
    return ids;
  }

  // Runs SQL straight on the file, as someone with a copy of it could.
  void raw_sql(const std::string& sql) {
    sqlite3* database = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &database), SQLITE_OK);
    char* error = nullptr;
    const int result = sqlite3_exec(database, sql.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(result, SQLITE_OK) << (error != nullptr ? error : "");
    sqlite3_free(error);
    sqlite3_close(database);
  }

  // Flips one bit of one byte of an urge's sealed note, straight in the file.
  void flip_note_byte(const std::string& id, int offset) {
    sqlite3* database = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &database), SQLITE_OK);
    sqlite3_stmt* select = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(database, "SELECT note FROM urges WHERE id = ?1", -1, &select, nullptr), SQLITE_OK);
    sqlite3_bind_text(select, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(select), SQLITE_ROW);
    const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(select, 0));
    std::vector<unsigned char> note(bytes, bytes + sqlite3_column_bytes(select, 0));
    sqlite3_finalize(select);
    ASSERT_GT(note.size(), static_cast<std::size_t>(offset));
    note[static_cast<std::size_t>(offset)] ^= 0x01;
    sqlite3_stmt* update = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(database, "UPDATE urges SET note = ?1 WHERE id = ?2", -1, &update, nullptr),
              SQLITE_OK);
    sqlite3_bind_blob(update, 1, note.data(), static_cast<int>(note.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(update, 2, id.c_str(), -1, SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(update), SQLITE_DONE);
    sqlite3_finalize(update);
    sqlite3_close(database);
  }

  std::int64_t raw_integer(const std::string& sql) {
    sqlite3* database = nullptr;
    EXPECT_EQ(sqlite3_open(path().c_str(), &database), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(database, sql.c_str(), -1, &statement, nullptr), SQLITE_OK);
    std::int64_t value = -1;
    if (sqlite3_step(statement) == SQLITE_ROW) value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    sqlite3_close(database);
    return value;
  }

  std::unique_ptr<Store> store;
  std::string tenant;
};

// --- opening ---

TEST_F(SqliteStoreTest, CreatesAndMigratesAFreshHome) {
  EXPECT_TRUE(is_valid_id(tenant)) << tenant;
  store.reset();
  EXPECT_EQ(raw_integer("SELECT MAX(version) FROM schema_migrations"), 3);
  EXPECT_EQ(raw_integer("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('people', 'home', "
                        "'urges', 'lapse_reviews', 'checkins', 'pauses', 'personal_values', 'goals', 'activities', "
                        "'plan_versions', 'journal_entries', 'assessments', 'safety_events', "
                        "'clinic_instruments')"),
            14);
  // Opening again keeps the same home and migrates nothing twice.
  auto reopened = open(false);
  ASSERT_TRUE(reopened.is_ok()) << reopened.status().message();
  EXPECT_EQ((*reopened)->default_tenant_id(), tenant);
  reopened->reset();
  EXPECT_EQ(raw_integer("SELECT count(*) FROM schema_migrations"), 3);
}

TEST_F(SqliteStoreTest, KeepsAClinicsInstrumentDocumentsPerTenant) {
  const Instant loaded = from_unix_milliseconds(1'700'000'000'000);
  InstrumentDocument questionnaire{"clinic-form", InstrumentDocumentKind::questionnaire,
                                   R"({"resourceType":"Questionnaire"})", loaded};
  InstrumentDocument text{"bps", InstrumentDocumentKind::licensed_text, R"({"item":[]})", loaded};
  ASSERT_TRUE(store->put_instrument_document(tenant, questionnaire).is_ok());
  ASSERT_TRUE(store->put_instrument_document(tenant, text).is_ok());
  // Loading the same id and kind again replaces the document.
  questionnaire.document = R"({"resourceType":"Questionnaire","id":"clinic-form"})";
  ASSERT_TRUE(store->put_instrument_document(tenant, questionnaire).is_ok());
  auto listed = store->list_instrument_documents(tenant);
  ASSERT_TRUE(listed.is_ok()) << listed.status().message();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0], text);  // ordered by id
  EXPECT_EQ((*listed)[1], questionnaire);
  // Another tenant sees none of them.
  auto other = store->list_instrument_documents("01ARZ3NDEKTSV4RRFFQ69G5FAV");
  ASSERT_TRUE(other.is_ok());
  EXPECT_TRUE(other->empty());

  EXPECT_TRUE(store->remove_instrument_document(tenant, "bps", InstrumentDocumentKind::licensed_text).is_ok());
  const Status again = store->remove_instrument_document(tenant, "bps", InstrumentDocumentKind::licensed_text);
  EXPECT_EQ(again.code(), StatusCode::not_found);
  EXPECT_EQ(store->list_instrument_documents(tenant)->size(), 1u);
}

TEST_F(SqliteStoreTest, UsesWalAndPrivatePermissions) {
  EXPECT_EQ(raw_integer("SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
  struct stat information {};
  ASSERT_EQ(::stat(path().c_str(), &information), 0);
  EXPECT_EQ(information.st_mode & 0777, 0600u);
}

TEST_F(SqliteStoreTest, MissingFileWithoutCreateIsNotFound) {
  OpenOptions options;
  options.path = directory().file("absent.db");
  auto opened = open_sqlite_store(options);
  ASSERT_FALSE(opened.is_ok());
  EXPECT_EQ(opened.status().code(), StatusCode::not_found);
  EXPECT_FALSE(std::filesystem::exists(options.path));
}

TEST_F(SqliteStoreTest, NonDatabaseFileIsCorruptAndUntouched) {
  const std::string other = directory().file("notes.txt");
  const std::string content(5000, 'x');
  write_file(other, "this is a shopping list, not a database\n" + content);
  OpenOptions options;
  options.path = other;
  options.create_if_missing = true;
  auto opened = open_sqlite_store(options);
  ASSERT_FALSE(opened.is_ok());
  EXPECT_EQ(opened.status().code(), StatusCode::corrupt);
  EXPECT_NE(opened.status().message().find("is not a keel home database"), std::string::npos)
      << opened.status().message();
  EXPECT_EQ(read_file(other), "this is a shopping list, not a database\n" + content);
}

TEST_F(SqliteStoreTest, OtherProgramsDatabaseIsCorruptAndUntouched) {
  const std::string other = directory().file("other.db");
  sqlite3* database = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &database), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(database, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(database);
  const std::string before = read_file(other);
  OpenOptions options;
  options.path = other;
  auto opened = open_sqlite_store(options);
  ASSERT_FALSE(opened.is_ok());
  EXPECT_EQ(opened.status().code(), StatusCode::corrupt);
  EXPECT_EQ(read_file(other), before);
}

TEST_F(SqliteStoreTest, EmptyFileWithoutCreateIsCorrupt) {
  const std::string empty = directory().file("empty.db");
  write_file(empty, "");
  OpenOptions options;
  options.path = empty;
  EXPECT_EQ(open_sqlite_store(options).status().code(), StatusCode::corrupt);
}

TEST_F(SqliteStoreTest, DamagedPagesGiveCorruptNotACrash) {
  std::vector<Record> urges;
  for (int i = 0; i < 200; ++i) {
    char id[27];
    std::snprintf(id, sizeof id, "01JURGE%019d", i);
    domain::Urge urge = make_urge(tenant, kPerson, id, kStart + std::chrono::minutes{i});
    urge.note = std::string(300, 'n');
    urges.emplace_back(urge);
  }
  ASSERT_TRUE(store->put_all(urges).is_ok());
  store.reset();  // the last connection checkpoints the WAL into the file
  std::string bytes = read_file(path());
  ASSERT_GT(bytes.size(), 12u * 4096u);
  for (std::size_t i = 2 * 4096; i < 10 * 4096; ++i) bytes[i] = static_cast<char>(0xA5);
  write_file(path(), bytes);

  auto opened = open(false);
  if (!opened.is_ok()) {
    EXPECT_EQ(opened.status().code(), StatusCode::corrupt) << opened.status().message();
    return;
  }
  auto listed = (*opened)->list(RecordKind::urge, owner(), {});
  ASSERT_FALSE(listed.is_ok());
  EXPECT_EQ(listed.status().code(), StatusCode::corrupt) << listed.status().message();
}

TEST_F(SqliteStoreTest, NewerSchemaIsRefused) {
  store.reset();
  raw_sql("INSERT INTO schema_migrations (version, summary, applied_at) VALUES (99, 'future', 0)");
  auto opened = open(false);
  ASSERT_FALSE(opened.is_ok());
  EXPECT_NE(opened.status().message().find("newer keel"), std::string::npos) << opened.status().message();
}

// --- records ---

TEST_F(SqliteStoreTest, EveryKindRoundTripsExactly) {
  for (const Record& record : sample_records(tenant, kPerson)) {
    SCOPED_TRACE(domain::kind_name(domain::kind_of(record)));
    ASSERT_TRUE(store->put(record).is_ok()) << store->put(record).message();
    auto read = store->get(domain::kind_of(record), domain::key_of(record));
    ASSERT_TRUE(read.is_ok()) << read.status().message();
    EXPECT_TRUE(*read == record);
    const auto listed = list_all(domain::kind_of(record));
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_TRUE(listed[0] == record);
  }
  // And after closing and opening again.
  store.reset();
  store = open_or_die();
  for (const Record& record : sample_records(tenant, kPerson)) {
    auto read = store->get(domain::kind_of(record), domain::key_of(record));
    ASSERT_TRUE(read.is_ok()) << read.status().message();
    EXPECT_TRUE(*read == record) << domain::kind_name(domain::kind_of(record));
  }
}

TEST_F(SqliteStoreTest, EmptyAndMissingFieldsRoundTripExactly) {
  for (const Record& record : empty_records(tenant, kPerson)) {
    SCOPED_TRACE(domain::kind_name(domain::kind_of(record)));
    ASSERT_TRUE(store->put(record).is_ok());
    auto read = store->get(domain::kind_of(record), domain::key_of(record));
    ASSERT_TRUE(read.is_ok()) << read.status().message();
    EXPECT_TRUE(*read == record);
  }
}

TEST_F(SqliteStoreTest, RemoveDeletesAndThenAnswersNotFound) {
  for (const Record& record : sample_records(tenant, kPerson)) ASSERT_TRUE(store->put(record).is_ok());
  // Lapse review first: removing the urge would take its review with it.
  auto records = sample_records(tenant, kPerson);
  std::swap(records[0], records[1]);
  for (const Record& record : records) {
    const RecordKind kind = domain::kind_of(record);
    SCOPED_TRACE(domain::kind_name(kind));
    ASSERT_TRUE(store->remove(kind, domain::key_of(record)).is_ok());
    EXPECT_EQ(store->get(kind, domain::key_of(record)).status().code(), StatusCode::not_found);
    EXPECT_TRUE(list_all(kind).empty());
    EXPECT_EQ(store->remove(kind, domain::key_of(record)).code(), StatusCode::not_found);
  }
}

TEST_F(SqliteStoreTest, RemovedRecordsLeaveNoTraceWhileTheStoreStaysOpen) {
  const auto urge = make_urge(tenant, kPerson, "01J9ZZZZZZZZZZZZZZZZZZZZZZ", kStart);
  ASSERT_TRUE(store->put(urge).is_ok());
  ASSERT_TRUE(contains_bytes(read_file(path()) + read_file(path() + "-wal"), urge.key.id));
  ASSERT_TRUE(store->remove(RecordKind::urge, urge.key).is_ok());
  // A server keeps its store open: the old page images must not wait in the write-ahead log.
  EXPECT_FALSE(contains_bytes(read_file(path()) + read_file(path() + "-wal"), urge.key.id));
}

TEST_F(SqliteStoreTest, RemovingAnUrgeRemovesItsLapseReview) {
  const auto records = sample_records(tenant, kPerson);
  ASSERT_TRUE(store->put(records[0]).is_ok());
  ASSERT_TRUE(store->put(records[1]).is_ok());
  ASSERT_TRUE(store->remove(RecordKind::urge, domain::key_of(records[0])).is_ok());
  EXPECT_TRUE(list_all(RecordKind::lapse_review).empty());
}

TEST_F(SqliteStoreTest, PutTwiceLeavesOneRowAndPutAgainReplaces) {
  const auto records = sample_records(tenant, kPerson);
  for (const Record& record : records) {
    ASSERT_TRUE(store->put(record).is_ok());
    ASSERT_TRUE(store->put(record).is_ok());
    EXPECT_EQ(list_all(domain::kind_of(record)).size(), 1u);
  }
  domain::Urge changed = std::get<domain::Urge>(records[0]);
  changed.note = "changed my mind";
  changed.outcome = domain::UrgeOutcome::delayed;
  changed.duration_minutes.reset();
  ASSERT_TRUE(store->put(changed).is_ok());
  auto read = store->get(RecordKind::urge, changed.key);
  ASSERT_TRUE(read.is_ok());
  EXPECT_TRUE(std::get<domain::Urge>(*read) == changed);
  EXPECT_EQ(list_all(RecordKind::urge).size(), 1u);
  EXPECT_EQ(list_all(RecordKind::lapse_review).size(), 1u);  // the upsert did not cascade
}

TEST_F(SqliteStoreTest, ListOrdersByTimeThenIdAndPages) {
  // Ids deliberately not in time order; two pairs share a time.
  const std::vector<std::pair<std::string, Instant>> made = {
      {"01JURGE000000000000000000E", kStart + 5min}, {"01JURGE000000000000000000A", kStart + 1min},
      {"01JURGE000000000000000000D", kStart + 3min}, {"01JURGE000000000000000000C", kStart + 3min},
      {"01JURGE000000000000000000B", kStart + 2min}, {"01JURGE000000000000000000F", kStart + 9min},
      {"01JURGE0000000000000000001", kStart + 9min}};
  for (const auto& [id, at] : made) ASSERT_TRUE(store->put(make_urge(tenant, kPerson, id, at)).is_ok());

  const std::vector<std::string> expected = {"01JURGE000000000000000000A", "01JURGE000000000000000000B",
                                             "01JURGE000000000000000000C", "01JURGE000000000000000000D",
                                             "01JURGE000000000000000000E", "01JURGE0000000000000000001",
                                             "01JURGE000000000000000000F"};
  EXPECT_EQ(ids_of(list_all(RecordKind::urge)), expected);

  ListQuery window;
  window.since = kStart + 2min;  // inclusive
  window.until = kStart + 9min;  // exclusive
  EXPECT_EQ(ids_of(list_all(RecordKind::urge, window)),
            (std::vector<std::string>{expected[1], expected[2], expected[3], expected[4]}));

  // Pages of two, each continuing after the last id of the one before.
  std::vector<std::string> paged;
  ListQuery page;
  page.limit = 2;
  for (int guard = 0; guard < 10; ++guard) {
    const auto ids = ids_of(list_all(RecordKind::urge, page));
    if (ids.empty()) break;
    EXPECT_LE(ids.size(), 2u);
    paged.insert(paged.end(), ids.begin(), ids.end());
    page.after_id = ids.back();
  }
  EXPECT_EQ(paged, expected);

  ListQuery unknown;
  unknown.after_id = "01JNOSUCHURGE0000000000000";
  EXPECT_EQ(store->list(RecordKind::urge, owner(), unknown).status().code(), StatusCode::not_found);
}

TEST_F(SqliteStoreTest, ListShowsOnlyTheOwnersRecords) {
  unlock(tenant, "01JOTHERPERSON000000000001");
  ASSERT_TRUE(store->put(make_urge(tenant, kPerson, "01JURGE0000000000000000001", kStart)).is_ok());
  ASSERT_TRUE(
      store->put(make_urge(tenant, "01JOTHERPERSON000000000001", "01JURGE0000000000000000002", kStart)).is_ok());
  EXPECT_EQ(ids_of(list_all(RecordKind::urge)), std::vector<std::string>{"01JURGE0000000000000000001"});
}

TEST_F(SqliteStoreTest, PutAllIsAllOrNothing) {
  std::vector<Record> batch;
  for (int i = 0; i < 3; ++i) {
    batch.emplace_back(make_urge(tenant, kPerson, "01JURGE000000000000000000" + std::to_string(i), kStart));
  }
  domain::LapseReview orphan;
  orphan.key = {tenant, kPerson, "01JREVIEW00000000000000001"};
  orphan.urge_id = "01JNOSUCHURGE0000000000000";
  orphan.at = kStart;
  batch.emplace_back(orphan);
  const Status status = store->put_all(batch);
  ASSERT_FALSE(status.is_ok());
  EXPECT_EQ(status.code(), StatusCode::invalid_argument);
  EXPECT_NE(status.message().find("01JNOSUCHURGE0000000000000"), std::string::npos) << status.message();
  EXPECT_TRUE(list_all(RecordKind::urge).empty());
  EXPECT_TRUE(list_all(RecordKind::lapse_review).empty());
}

TEST_F(SqliteStoreTest, PutAllWithALockedOwnerWritesNothing) {
  std::vector<Record> batch = {make_urge(tenant, kPerson, "01JURGE0000000000000000001", kStart),
                               make_urge(tenant, "01JLOCKEDPERSON00000000001", "01JURGE0000000000000000002", kStart)};
  EXPECT_EQ(store->put_all(batch).code(), StatusCode::locked);
  EXPECT_TRUE(list_all(RecordKind::urge).empty());
}

TEST_F(SqliteStoreTest, PutAllAcceptsAReviewBeforeItsUrge) {
  auto records = sample_records(tenant, kPerson);
  std::reverse(records.begin(), records.end());
  ASSERT_TRUE(store->put_all(records).is_ok());
  for (const Record& record : records) {
    auto read = store->get(domain::kind_of(record), domain::key_of(record));
    ASSERT_TRUE(read.is_ok()) << read.status().message();
    EXPECT_TRUE(*read == record);
  }
}

TEST_F(SqliteStoreTest, LapseReviewOfAMissingUrgeIsRefused) {
  const auto records = sample_records(tenant, kPerson);
  const Status status = store->put(records[1]);
  EXPECT_EQ(status.code(), StatusCode::invalid_argument) << status.message();
}

TEST_F(SqliteStoreTest, MissingKeysAnswerTheProvidersError) {
  const std::string stranger = "01JSTRANGER000000000000001";
  const Record urge = make_urge(tenant, stranger, "01JURGE0000000000000000001", kStart);
  EXPECT_EQ(store->put(urge).code(), StatusCode::locked);
  EXPECT_EQ(store->get(RecordKind::urge, domain::key_of(urge)).status().code(), StatusCode::locked);
  EXPECT_EQ(store->list(RecordKind::urge, {tenant, stranger}, {}).status().code(), StatusCode::locked);
  // Written while unlocked, then locked: reading answers locked, not the data.
  const Record mine = make_urge(tenant, kPerson, "01JURGE0000000000000000002", kStart);
  ASSERT_TRUE(store->put(mine).is_ok());
  keys.remove(tenant, kPerson);
  EXPECT_EQ(store->get(RecordKind::urge, domain::key_of(mine)).status().code(), StatusCode::locked);
}

TEST_F(SqliteStoreTest, WrongKeyReadsAsCorrupt) {
  const auto records = sample_records(tenant, kPerson);
  ASSERT_TRUE(store->put(records[0]).is_ok());
  unlock(tenant, kPerson);  // new, different keys for the same person
  EXPECT_EQ(store->get(RecordKind::urge, domain::key_of(records[0])).status().code(), StatusCode::corrupt);
}

TEST_F(SqliteStoreTest, TamperedOrMovedCiphertextIsCorrupt) {
  const Record first = make_urge(tenant, kPerson, "01JURGE0000000000000000001", kStart);
  domain::Urge second_urge = make_urge(tenant, kPerson, "01JURGE0000000000000000002", kStart + 1min);
  second_urge.note = "the second note";
  const Record second = second_urge;
  ASSERT_TRUE(store->put(first).is_ok());
  ASSERT_TRUE(store->put(second).is_ok());
  store.reset();

  // Flip one byte of the first urge's note.
  flip_note_byte("01JURGE0000000000000000001", 30);
  // Move the second urge's strategy into its note column: right key, wrong field.
  raw_sql("UPDATE urges SET note = strategy WHERE id = '01JURGE0000000000000000002'");

  store = open_or_die();
  const auto tampered = store->get(RecordKind::urge, domain::key_of(first));
  EXPECT_EQ(tampered.status().code(), StatusCode::corrupt);
  EXPECT_FALSE(tampered.status().message().empty());
  EXPECT_EQ(store->get(RecordKind::urge, domain::key_of(second)).status().code(), StatusCode::corrupt);
  EXPECT_EQ(store->list(RecordKind::urge, owner(), {}).status().code(), StatusCode::corrupt);
}

TEST_F(SqliteStoreTest, DamagedPlainColumnIsCorrupt) {
  ASSERT_TRUE(store->put(make_urge(tenant, kPerson, "01JURGE0000000000000000001", kStart)).is_ok());
  store.reset();
  raw_sql("UPDATE urges SET outcome = 'exploded'");
  store = open_or_die();
  EXPECT_EQ(store->list(RecordKind::urge, owner(), {}).status().code(), StatusCode::corrupt);
}

TEST_F(SqliteStoreTest, OneCheckInPerDate) {
  const auto records = sample_records(tenant, kPerson);
  const auto& checkin = std::get<domain::CheckIn>(records[2]);
  ASSERT_TRUE(store->put(checkin).is_ok());
  domain::CheckIn another = checkin;
  another.key.id = "01JCHECKIN0000000000000002";
  const Status status = store->put(another);
  EXPECT_EQ(status.code(), StatusCode::conflict);
  EXPECT_NE(status.message().find("2026-01-01"), std::string::npos) << status.message();

  auto found = store->find_checkin(owner(), checkin.date);
  ASSERT_TRUE(found.is_ok()) << found.status().message();
  ASSERT_TRUE(found->has_value());
  EXPECT_TRUE(**found == checkin);
  auto none =
      store->find_checkin(owner(), LocalDate{std::chrono::year{2026}, std::chrono::January, std::chrono::day{2}});
  ASSERT_TRUE(none.is_ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(SqliteStoreTest, PlanVersionsAreUniqueAndTheLatestIsKnown) {
  auto latest = store->latest_plan_version(owner());
  ASSERT_TRUE(latest.is_ok());
  EXPECT_EQ(*latest, 0);
  auto plan = std::get<domain::PlanVersion>(sample_records(tenant, kPerson)[7]);
  ASSERT_TRUE(store->put(plan).is_ok());
  plan.key.id = "01JPLAN0000000000000000002";
  plan.version = 2;
  plan.created_at += 1h;
  ASSERT_TRUE(store->put(plan).is_ok());
  latest = store->latest_plan_version(owner());
  ASSERT_TRUE(latest.is_ok());
  EXPECT_EQ(*latest, 2);
  plan.key.id = "01JPLAN0000000000000000003";
  EXPECT_EQ(store->put(plan).code(), StatusCode::conflict);
}

TEST_F(SqliteStoreTest, FindsTheLapseReviewOfAnUrge) {
  const auto records = sample_records(tenant, kPerson);
  ASSERT_TRUE(store->put(records[0]).is_ok());
  auto none = store->find_lapse_review(owner(), domain::key_of(records[0]).id);
  ASSERT_TRUE(none.is_ok());
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(store->put(records[1]).is_ok());
  auto found = store->find_lapse_review(owner(), domain::key_of(records[0]).id);
  ASSERT_TRUE(found.is_ok()) << found.status().message();
  ASSERT_TRUE(found->has_value());
  EXPECT_TRUE(**found == std::get<domain::LapseReview>(records[1]));
}

TEST_F(SqliteStoreTest, DatabaseFilesHoldNoFreeText) {
  ASSERT_TRUE(store->put_all(sample_records(tenant, kPerson)).is_ok());
  const auto check_files = [&](const char* when) {
    const std::string bytes = read_file(path()) + read_file(path() + "-wal");
    ASSERT_FALSE(bytes.empty());
    for (const auto& word : secret_words()) EXPECT_FALSE(contains_bytes(bytes, word)) << word << " " << when;
    for (const char* text : {"phone out of the bedroom", "calling a friend", "charger in the kitchen", "felt alive"}) {
      EXPECT_FALSE(contains_bytes(bytes, text)) << text << " " << when;
    }
  };
  ASSERT_FALSE(read_file(path() + "-wal").empty());
  check_files("while open (in the WAL)");
  store.reset();
  check_files("after closing");
}

TEST_F(SqliteStoreTest, TwoStoresWritingAtOnceBothSucceed) {
  auto second = open_or_die();
  ASSERT_NE(second, nullptr);
  constexpr int kEach = 25;
  const auto write = [&](Store& target, char which, std::vector<Status>& statuses) {
    for (int i = 0; i < kEach; ++i) {
      char id[27];
      std::snprintf(id, sizeof id, "01JURGE%c%018d", which, i);
      statuses.push_back(target.put(make_urge(tenant, kPerson, id, kStart + std::chrono::seconds{i})));
    }
  };
  std::vector<Status> first_statuses, second_statuses;
  std::thread first_writer([&] { write(*store, 'A', first_statuses); });
  std::thread second_writer([&] { write(*second, 'B', second_statuses); });
  first_writer.join();
  second_writer.join();
  for (const auto& status : first_statuses) EXPECT_TRUE(status.is_ok()) << status.message();
  for (const auto& status : second_statuses) EXPECT_TRUE(status.is_ok()) << status.message();
  EXPECT_EQ(list_all(RecordKind::urge).size(), 2u * kEach);
}

TEST_F(SqliteStoreTest, OneStoreSharedByTwoThreads) {
  constexpr int kEach = 20;
  std::vector<Status> statuses[2];
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        char id[27];
        std::snprintf(id, sizeof id, "01JURGE%c%018d", 'A' + t, i);
        statuses[t].push_back(store->put(make_urge(tenant, kPerson, id, kStart)));
        auto listed = store->list(RecordKind::urge, owner(), {});
        statuses[t].push_back(listed.status());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& list : statuses) {
    for (const auto& status : list) EXPECT_TRUE(status.is_ok()) << status.message();
  }
  EXPECT_EQ(list_all(RecordKind::urge).size(), 2u * kEach);
}

// --- the home ---

TEST_F(SqliteStoreTest, BackupOpensWithTheRecords) {
  const auto records = sample_records(tenant, kPerson);
  ASSERT_TRUE(store->put_all(records).is_ok());
  const Person person = make_person(tenant, "01JBACKUPPERSON00000000001", "robin");
  ASSERT_TRUE(store->add_person(person).is_ok());
  const std::string copy = directory().file("backup.db");
  ASSERT_TRUE(store->backup(copy).is_ok());

  struct stat information {};
  ASSERT_EQ(::stat(copy.c_str(), &information), 0);
  EXPECT_EQ(information.st_mode & 0777, 0600u);

  OpenOptions options;
  options.path = copy;
  options.keys = &keys;
  auto opened = open_sqlite_store(options);
  ASSERT_TRUE(opened.is_ok()) << opened.status().message();
  EXPECT_EQ((*opened)->default_tenant_id(), tenant);
  for (const Record& record : records) {
    auto read = (*opened)->get(domain::kind_of(record), domain::key_of(record));
    ASSERT_TRUE(read.is_ok()) << read.status().message();
    EXPECT_TRUE(*read == record);
  }
  EXPECT_TRUE((*opened)->find_person_by_name(tenant, "robin").is_ok());
  const std::string bytes = read_file(copy);
  for (const auto& word : secret_words()) EXPECT_FALSE(contains_bytes(bytes, word)) << word;
}

TEST_F(SqliteStoreTest, BackupRefusesToOverwrite) {
  const std::string copy = directory().file("taken.db");
  write_file(copy, "precious");
  const Status status = store->backup(copy);
  EXPECT_EQ(status.code(), StatusCode::conflict);
  EXPECT_NE(status.message().find("exists already"), std::string::npos) << status.message();
  EXPECT_EQ(read_file(copy), "precious");
}

// --- people ---

TEST_F(SqliteStoreTest, PeopleAreAddedFoundListedAndRekeyed) {
  const Person alex = make_person(tenant, "01JALEX0000000000000000001", "alex");
  const Person sam = make_person(tenant, "01JSAM00000000000000000001", "sam");
  ASSERT_TRUE(store->add_person(sam).is_ok());
  ASSERT_TRUE(store->add_person(alex).is_ok());

  auto found = store->find_person_by_name(tenant, "alex");
  ASSERT_TRUE(found.is_ok()) << found.status().message();
  EXPECT_EQ(found->person_id, alex.person_id);
  EXPECT_EQ(found->role, "client");
  EXPECT_EQ(found->time_zone, "Europe/Berlin");
  EXPECT_EQ(found->created_at, alex.created_at);
  EXPECT_EQ(found->keys.wrapped_data_key, alex.keys.wrapped_data_key);
  EXPECT_EQ(found->keys.kdf.salt, alex.keys.kdf.salt);
  EXPECT_EQ(found->keys.kdf.memlimit, alex.keys.kdf.memlimit);
  EXPECT_TRUE(crypto::unwrap_person_keys("a passphrase", alex.person_id, found->keys).is_ok());

  EXPECT_EQ(store->find_person_by_name(tenant, "nobody").status().code(), StatusCode::not_found);
  EXPECT_EQ(store->find_person(tenant, "01JNOBODY00000000000000001").status().code(), StatusCode::not_found);
  EXPECT_EQ(store->find_person("another-tenant", alex.person_id).status().code(), StatusCode::not_found);

  auto people = store->list_people(tenant);
  ASSERT_TRUE(people.is_ok());
  ASSERT_EQ(people->size(), 2u);
  EXPECT_EQ((*people)[0].name, "alex");
  EXPECT_EQ((*people)[1].name, "sam");

  Person same_name = make_person(tenant, "01JALEX0000000000000000002", "alex");
  EXPECT_EQ(store->add_person(same_name).code(), StatusCode::conflict);
  EXPECT_EQ(store->add_person(alex).code(), StatusCode::conflict);

  auto unwrapped = crypto::unwrap_person_keys("a passphrase", alex.person_id, alex.keys);
  ASSERT_TRUE(unwrapped.is_ok());
  auto rewrapped =
      crypto::rewrap_person_keys(*unwrapped, "a new passphrase", alex.person_id, crypto::KdfStrength::test_only);
  ASSERT_TRUE(rewrapped.is_ok());
  ASSERT_TRUE(store->update_person_keys(tenant, alex.person_id, *rewrapped).is_ok());
  found = store->find_person(tenant, alex.person_id);
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(crypto::unwrap_person_keys("a passphrase", alex.person_id, found->keys).status().code(),
            StatusCode::unauthenticated);
  EXPECT_TRUE(crypto::unwrap_person_keys("a new passphrase", alex.person_id, found->keys).is_ok());
  EXPECT_EQ(store->update_person_keys(tenant, "01JNOBODY00000000000000001", *rewrapped).code(), StatusCode::not_found);
}

TEST_F(SqliteStoreTest, DeletePersonRemovesEverythingOfThemOnly) {
  const Person person = make_person(tenant, kPerson, "kimberly-distinctive-name");
  ASSERT_TRUE(store->add_person(person).is_ok());
  const std::string other = "01JOTHERPERSON000000000001";
  unlock(tenant, other);
  ASSERT_TRUE(store->put_all(sample_records(tenant, kPerson)).is_ok());
  ASSERT_TRUE(store->put_all(sample_records(tenant, other)).is_ok());

  ASSERT_TRUE(store->delete_person(tenant, kPerson).is_ok());
  for (const RecordKind kind : domain::kAllRecordKinds) {
    EXPECT_TRUE(list_all(kind).empty()) << domain::kind_name(kind);
    auto others = store->list(kind, {tenant, other}, {});
    ASSERT_TRUE(others.is_ok());
    EXPECT_EQ(others->size(), 1u) << domain::kind_name(kind);
  }
  EXPECT_EQ(store->find_person(tenant, kPerson).status().code(), StatusCode::not_found);
  EXPECT_EQ(store->delete_person(tenant, kPerson).code(), StatusCode::not_found);

  // Nothing of theirs is left in the file (with secure delete and the WAL checkpointed).
  store.reset();
  EXPECT_EQ(raw_integer("SELECT count(*) FROM urges WHERE person_id = '" + std::string(kPerson) + "'"), 0);
  const std::string bytes = read_file(path()) + read_file(path() + "-wal");
  EXPECT_FALSE(contains_bytes(bytes, "kimberly-distinctive-name"));
  EXPECT_FALSE(contains_bytes(bytes, kPerson));
}

}  // namespace
}  // namespace keel::store::testing

namespace keel::store::testing {
namespace {

TEST_F(SqliteStoreTest, ItsChangeCountMovesWithEveryWriteFromAnyConnection) {
  const auto before = store->change_count();
  ASSERT_TRUE(before.is_ok());
  EXPECT_EQ(*store->change_count(), *before) << "reading changes nothing";
  ASSERT_TRUE(store->put(make_urge(tenant, kPerson, "01J9ZZZZZZZZZZZZZZZZZZZZZ1", kStart)).is_ok());
  const auto after_own = store->change_count();
  EXPECT_NE(*after_own, *before);

  // Another process's write (a second connection to the same file) shows too.
  auto other = open_or_die();
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(other->put(make_urge(tenant, kPerson, "01J9ZZZZZZZZZZZZZZZZZZZZZ2", kStart)).is_ok());
  EXPECT_NE(*store->change_count(), *after_own);
}

}  // namespace
}  // namespace keel::store::testing
