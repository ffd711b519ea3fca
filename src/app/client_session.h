// What a person does with their own records: add, change, list, remove, export, import.
// Every write is normalised and validated by the domain rules, checked against the records it
// refers to, and saved durably; a write that fails changes nothing.
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "core/status.h"
#include "domain/records.h"
#include "store/store.h"

namespace keel::app {

struct ImportSummary {
  std::size_t lines = 0;      // record lines read
  std::size_t added = 0;      // records that were new
  std::size_t updated = 0;    // records whose id existed with other content
  std::size_t unchanged = 0;  // records already present exactly
};

class ClientSession {
 public:
  // `store` must have the person's keys; `clock` and `random` are not owned.
  ClientSession(store::Store& store, store::Person person, const Clock& clock, Random& random);

  const store::Person& person() const { return person_; }
  store::Owner owner() const { return {person_.tenant_id, person_.person_id}; }
  const Clock& clock() const { return clock_; }

  // Saves a new record. An empty id gets a new one; the owner is set to this person. A check-in
  // replaces the check-in of the same date, and a lapse review the review of the same urge: under
  // the earlier one's id, or under the record's own id when it came with one. Plan versions get
  // the next number. A lapse review must name an urge of this person whose outcome is "acted".
  Result<domain::Record> add(domain::Record record);

  // add() for a record that may carry the client's own id, so that an offline client can send it
  // again without making a second one: when this person has a record of that kind and id, the
  // same content is that record again (`created` false) and other content is a conflict.
  struct Added {
    domain::Record record;
    bool created = true;
  };
  Result<Added> add_once(domain::Record record);

  // A new record id for a record made at `at` (records can then name each other before saving).
  std::string new_record_id(Instant at);

  // Saves new records together, all or nothing (an assessment and the safety events it raised).
  // Only for kinds without per-day or version rules: check-ins, plan versions and lapse reviews
  // go through add().
  Result<std::vector<domain::Record>> add_together(std::vector<domain::Record> records);

  // Saves a changed record that must already exist (same kind and id).
  Result<domain::Record> update(domain::Record record);

  Result<domain::Record> get(domain::RecordKind kind, const std::string& id);
  Result<std::vector<domain::Record>> list(domain::RecordKind kind, const store::ListQuery& query = {});
  // Every record of every kind (what the analyses read).
  Result<std::vector<domain::Record>> list_all();
  // Removes a record for real. not_found when it is not this person's.
  Status remove(domain::RecordKind kind, const std::string& id);

  // The newest plan version, if there is one.
  Result<std::optional<domain::PlanVersion>> latest_plan();

  // Writes every record as JSON Lines (docs/data-format.md), a header first.
  Status export_to(std::ostream& output);

  // Reads JSON Lines, checks every line (syntax, domain rules, links) before writing anything,
  // then writes all in one transaction. Importing the same file twice adds nothing.
  // Errors name the line: "line 12: intensity must be between 0 and 10".
  Result<ImportSummary> import_from(std::istream& input);

  // The same checks and the one transaction for records read from elsewhere (a FHIR Bundle); the
  // owner is set to this person. `where_is(i)` names record i in messages ("record 3 (line 4): ").
  Result<ImportSummary> import_records(std::vector<domain::Record> records,
                                       const std::function<std::string(std::size_t)>& where_is);

 private:
  Status prepare(domain::Record& record);
  using UrgesById = std::unordered_map<std::string, const domain::Urge*>;
  // A lapse review must point at an acted urge: in `urges_in_batch`, or already stored.
  Status check_links(const domain::Record& record, const UrgesById& urges_in_batch);

  store::Store& store_;
  store::Person person_;
  const Clock& clock_;
  Random& random_;
};

}  // namespace keel::app
