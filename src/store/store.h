// Store: where records and people live. A small abstract class (as in LevelDB); the SQLite
// implementation is sqlite_store.h, PostgreSQL comes later with the same schema.
//
// Numbers, times and ids are stored as plain columns (so a server can compute alerts without a
// client's key); every free-text field (notes, tags, plan text, journal, chain analyses) is
// sealed with the owner's data key, bound to its record and field. A copied database file
// reveals none of it.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "crypto/keys.h"
#include "domain/records.h"

namespace keel::store {

// A person in a home. `name` is their login name (plain text: it is how they are found).
struct Person {
  std::string tenant_id;
  std::string person_id;
  std::string name;
  std::string role = "client";  // client | clinician | ally | admin
  std::string time_zone;
  Instant created_at;
  crypto::WrappedKeys keys;
};

// Supplies the unwrapped keys of a person whose records are read or written. The keys stay
// alive as long as the caller holds the pointer, even if they are forgotten meanwhile (a
// server drops a person's keys when their last session ends, perhaps while a request of theirs
// still runs). Returning an error (StatusCode::locked) makes the store operation fail with it.
class KeyProvider {
 public:
  virtual ~KeyProvider() = default;
  virtual Result<std::shared_ptr<const crypto::PersonKeys>> keys_for(const std::string& tenant_id,
                                                                     const std::string& person_id) = 0;
};

// A KeyProvider holding keys handed to it: the CLI's one person, a server's signed-in people,
// tests. Safe to use from several threads.
class StaticKeyProvider final : public KeyProvider {
 public:
  void add(const std::string& tenant_id, const std::string& person_id, crypto::PersonKeys keys);
  void remove(const std::string& tenant_id, const std::string& person_id);
  Result<std::shared_ptr<const crypto::PersonKeys>> keys_for(const std::string& tenant_id,
                                                             const std::string& person_id) override;

 private:
  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const crypto::PersonKeys>> keys_;
};

// Which of a person's records to list.
struct ListQuery {
  std::optional<Instant> since;  // records whose time_of() is at or after this
  std::optional<Instant> until;  // ... and before this
  std::size_t limit = 0;         // 0: no limit
  std::string after_id;          // paging: records ordered by (time, id) after this id's position
};

// A document a clinic loaded into the home: a FHIR Questionnaire of its own, or the licensed item
// text of one of keel's scoring-only instruments (docs/instruments.md).
enum class InstrumentDocumentKind { questionnaire, licensed_text };

struct InstrumentDocument {
  std::string id;  // the instrument id
  InstrumentDocumentKind kind = InstrumentDocumentKind::questionnaire;
  std::string document;  // the JSON text as loaded
  Instant loaded_at;
  bool operator==(const InstrumentDocument&) const = default;
};

struct Owner {
  std::string tenant_id;
  std::string person_id;
};

class Store {
 public:
  virtual ~Store() = default;

  // --- people ---
  // Adds a person. conflict when the name is taken in the tenant.
  virtual Status add_person(const Person& person) = 0;
  virtual Result<Person> find_person_by_name(const std::string& tenant_id, const std::string& name) = 0;
  virtual Result<Person> find_person(const std::string& tenant_id, const std::string& person_id) = 0;
  virtual Result<std::vector<Person>> list_people(const std::string& tenant_id) = 0;
  // Replaces a person's wrapped keys (passphrase change). not_found when absent.
  virtual Status update_person_keys(const std::string& tenant_id, const std::string& person_id,
                                    const crypto::WrappedKeys& keys) = 0;
  // Deletes a person and every record they own, for real (rows removed, then the freed pages
  // are overwritten by the database's secure delete).
  virtual Status delete_person(const std::string& tenant_id, const std::string& person_id) = 0;

  // --- records (the owner's keys must be available from the KeyProvider) ---
  // Inserts or replaces the record with this key, durably. The record must already be valid.
  virtual Status put(const domain::Record& record) = 0;
  // Writes all records in one transaction: all or nothing.
  virtual Status put_all(const std::vector<domain::Record>& records) = 0;
  virtual Result<domain::Record> get(domain::RecordKind kind, const domain::RecordKey& key) = 0;
  // Records of one kind of one owner, ordered by time then id.
  virtual Result<std::vector<domain::Record>> list(domain::RecordKind kind, const Owner& owner,
                                                   const ListQuery& query) = 0;
  // Removes the record at `old_key` (of the same kind) and saves `record` in its place, in one
  // transaction: a day's check-in or a lapse's review sent again under a new id.
  virtual Status replace(const domain::RecordKey& old_key, const domain::Record& record) = 0;
  // Removes the record (the row, and with secure delete its bytes). not_found when absent.
  virtual Status remove(domain::RecordKind kind, const domain::RecordKey& key) = 0;

  // Kind-specific look-ups the rules need.
  virtual Result<std::optional<domain::CheckIn>> find_checkin(const Owner& owner, LocalDate date) = 0;
  virtual Result<int> latest_plan_version(const Owner& owner) = 0;  // 0 when none
  virtual Result<std::optional<domain::LapseReview>> find_lapse_review(const Owner& owner,
                                                                       const std::string& urge_id) = 0;

  // --- a clinic's instruments (plain documents shared by the tenant) ---
  // Adds or replaces the document of this id and kind.
  virtual Status put_instrument_document(const std::string& tenant_id, const InstrumentDocument& document) = 0;
  // Every document of the tenant, ordered by id then kind.
  virtual Result<std::vector<InstrumentDocument>> list_instrument_documents(const std::string& tenant_id) = 0;
  // not_found when there is no such document.
  virtual Status remove_instrument_document(const std::string& tenant_id, const std::string& id,
                                            InstrumentDocumentKind kind) = 0;

  // --- the home ---
  // A consistent copy of the whole database at `path`, taken while others may write.
  virtual Status backup(const std::string& path) = 0;
  // A number that changes whenever the database changes, by this process or another: a cache of
  // anything computed from records compares it to know whether it is still true.
  virtual Result<std::uint64_t> change_count() = 0;
  // The default tenant of this home (made at creation).
  virtual const std::string& default_tenant_id() const = 0;
};

struct OpenOptions {
  std::string path;                // the database file
  bool create_if_missing = false;  // otherwise a missing file is not_found
  std::chrono::milliseconds busy_timeout{10000};
  KeyProvider* keys = nullptr;   // not owned; needed for records
  const Clock* clock = nullptr;  // not owned
};

// Opens (and migrates) a SQLite home database.
Result<std::unique_ptr<Store>> open_sqlite_store(const OpenOptions& options);

}  // namespace keel::store
