#include "app/client_session.h"

#include <algorithm>
#include <istream>
#include <ostream>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "core/id.h"
#include "core/time.h"
#include "domain/rules.h"
#include "exchange/jsonl.h"

namespace keel::app {

using domain::Record;
using domain::RecordKind;

ClientSession::ClientSession(store::Store& store, store::Person person, const Clock& clock, Random& random)
    : store_(store), person_(std::move(person)), clock_(clock), random_(random) {}

Status ClientSession::prepare(Record& record) {
  auto& key = domain::key_of(record);
  key.tenant_id = person_.tenant_id;
  key.person_id = person_.person_id;
  if (key.id.empty()) key.id = new_id(domain::time_of(record), random_);
  domain::normalize(record);
  return domain::validate(record, domain::ValidationContext{clock_.now()});
}

Status ClientSession::check_links(const Record& record, const UrgesById& urges_in_batch) {
  const auto* review = std::get_if<domain::LapseReview>(&record);
  if (review == nullptr) return Status::ok();
  const domain::Urge* urge = nullptr;
  if (auto found = urges_in_batch.find(review->urge_id); found != urges_in_batch.end()) urge = found->second;
  std::optional<Record> stored;
  if (urge == nullptr) {
    auto found = store_.get(RecordKind::urge, {person_.tenant_id, person_.person_id, review->urge_id});
    if (!found.is_ok()) {
      if (found.status().code() == StatusCode::not_found) {
        return Status::not_found(fmt::format("there is no urge {} to review", review->urge_id));
      }
      return found.status();
    }
    stored = std::move(found).value();
    urge = &std::get<domain::Urge>(*stored);
  }
  if (urge->outcome != domain::UrgeOutcome::acted) {
    return Status::invalid("a lapse review belongs to an urge whose outcome is \"acted\"; this urge's outcome is \"" +
                           std::string(domain::outcome_name(urge->outcome)) + "\"");
  }
  return Status::ok();
}

Result<Record> ClientSession::add(Record record) {
  // A record that comes with its own id (an app's, so that it can send it again) keeps it.
  const bool own_id = !domain::key_of(record).id.empty();
  KEEL_RETURN_IF_ERROR(prepare(record));
  KEEL_RETURN_IF_ERROR(check_links(record, UrgesById{}));
  // One check-in per day and one review per lapse: a second one replaces the first, under the
  // first's id unless it brought its own.
  std::optional<domain::RecordKey> replaced;
  auto take_place_of = [&](domain::RecordKey& key, const domain::RecordKey& existing) {
    if (existing.id == key.id) return;
    if (own_id) {
      replaced = existing;
    } else {
      key.id = existing.id;
    }
  };
  if (auto* checkin = std::get_if<domain::CheckIn>(&record)) {
    KEEL_ASSIGN_OR_RETURN(auto existing, store_.find_checkin(owner(), checkin->date));
    if (existing) take_place_of(checkin->key, existing->key);
  } else if (auto* plan = std::get_if<domain::PlanVersion>(&record)) {
    KEEL_ASSIGN_OR_RETURN(int latest, store_.latest_plan_version(owner()));
    plan->version = latest + 1;
  } else if (auto* review = std::get_if<domain::LapseReview>(&record)) {
    KEEL_ASSIGN_OR_RETURN(auto existing, store_.find_lapse_review(owner(), review->urge_id));
    if (existing) take_place_of(review->key, existing->key);
  }
  KEEL_RETURN_IF_ERROR(replaced ? store_.replace(*replaced, record) : store_.put(record));
  return record;
}

Result<ClientSession::Added> ClientSession::add_once(Record record) {
  const RecordKind kind = domain::kind_of(record);
  const std::string id = domain::key_of(record).id;
  if (!id.empty()) {
    auto stored = get(kind, id);
    if (stored.is_ok()) {
      // Compare as stored: the same owner, the canonical form, and what the server assigned.
      KEEL_RETURN_IF_ERROR(prepare(record));
      if (auto* plan = std::get_if<domain::PlanVersion>(&record)) {
        plan->version = std::get<domain::PlanVersion>(*stored).version;
      }
      if (exchange::record_to_json(record) != exchange::record_to_json(*stored)) {
        return Status::conflict(
            fmt::format("there is already a {} record with id {} and other content", domain::kind_name(kind), id));
      }
      return Added{std::move(stored).value(), false};
    }
    if (stored.status().code() != StatusCode::not_found) return stored.status();
  }
  KEEL_ASSIGN_OR_RETURN(Record added, add(std::move(record)));
  return Added{std::move(added), true};
}

std::string ClientSession::new_record_id(Instant at) { return new_id(at, random_); }

Result<std::vector<Record>> ClientSession::add_together(std::vector<Record> records) {
  for (auto& record : records) {
    const RecordKind kind = domain::kind_of(record);
    if (kind == RecordKind::checkin || kind == RecordKind::plan || kind == RecordKind::lapse_review) {
      return Status::invalid(fmt::format("a {} is saved on its own", domain::kind_name(kind)));
    }
    KEEL_RETURN_IF_ERROR(prepare(record));
  }
  KEEL_RETURN_IF_ERROR(store_.put_all(records));
  return records;
}

Result<Record> ClientSession::update(Record record) {
  auto& key = domain::key_of(record);
  if (key.id.empty()) return Status::invalid("say which record to change: its id is missing");
  KEEL_ASSIGN_OR_RETURN(auto existing, get(domain::kind_of(record), key.id));
  (void)existing;
  KEEL_RETURN_IF_ERROR(prepare(record));
  KEEL_RETURN_IF_ERROR(check_links(record, UrgesById{}));
  if (const auto* checkin = std::get_if<domain::CheckIn>(&record)) {
    KEEL_ASSIGN_OR_RETURN(auto same_day, store_.find_checkin(owner(), checkin->date));
    if (same_day && same_day->key.id != checkin->key.id) {
      return Status::conflict(fmt::format("there is another check-in for {} already", format_date(checkin->date)));
    }
  }
  KEEL_RETURN_IF_ERROR(store_.put(record));
  return record;
}

Result<Record> ClientSession::get(RecordKind kind, const std::string& id) {
  if (!is_valid_id(id)) return Status::invalid(fmt::format("\"{}\" is not a record id", id));
  auto found = store_.get(kind, {person_.tenant_id, person_.person_id, id});
  if (!found.is_ok() && found.status().code() == StatusCode::not_found) {
    return Status::not_found(fmt::format("there is no {} with id {}", domain::kind_name(kind), id));
  }
  return found;
}

Result<std::vector<Record>> ClientSession::list(RecordKind kind, const store::ListQuery& query) {
  return store_.list(kind, owner(), query);
}

Result<std::vector<Record>> ClientSession::list_all() {
  // Every kind's list first, then one vector of exactly their total size: appending list by list
  // would move the records gathered so far each time the vector grows (five years are thousands).
  std::vector<std::vector<Record>> lists;
  std::size_t total = 0;
  for (auto kind : domain::kAllRecordKinds) {
    KEEL_ASSIGN_OR_RETURN(auto some, list(kind));
    total += some.size();
    lists.push_back(std::move(some));
  }
  std::vector<Record> records;
  records.reserve(total);
  for (auto& part : lists) {
    records.insert(records.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    part = {};
  }
  return records;
}

Status ClientSession::remove(RecordKind kind, const std::string& id) {
  KEEL_ASSIGN_OR_RETURN(auto existing, get(kind, id));
  (void)existing;
  return store_.remove(kind, {person_.tenant_id, person_.person_id, id});
}

Result<std::optional<domain::PlanVersion>> ClientSession::latest_plan() {
  KEEL_ASSIGN_OR_RETURN(auto plans, list(RecordKind::plan));
  if (plans.empty()) return std::optional<domain::PlanVersion>{};
  const auto newest = std::max_element(plans.begin(), plans.end(), [](const Record& a, const Record& b) {
    return std::get<domain::PlanVersion>(a).version < std::get<domain::PlanVersion>(b).version;
  });
  return std::optional<domain::PlanVersion>{std::get<domain::PlanVersion>(*newest)};
}

Status ClientSession::export_to(std::ostream& output) {
  exchange::Header header;
  header.exported_at = format_rfc3339(clock_.now(), person_.time_zone);
  header.time_zone = person_.time_zone;
  header.generator = "keel";
  output << exchange::header_to_line(header) << '\n';
  for (RecordKind kind : domain::kAllRecordKinds) {
    KEEL_ASSIGN_OR_RETURN(auto records, list(kind));
    for (const auto& record : records) output << exchange::record_to_line(record) << '\n';
  }
  output.flush();
  if (!output) return Status::io_error("the export could not be written completely");
  return Status::ok();
}

Result<ImportSummary> ClientSession::import_from(std::istream& input) {
  KEEL_ASSIGN_OR_RETURN(auto read, exchange::read_lines(input, {person_.tenant_id, person_.person_id}));
  // Line numbers for messages: the header (if any) is line 1.
  const std::size_t first_line = read.header ? 2 : 1;
  return import_records(std::move(read.records), [first_line](std::size_t i) {
    return fmt::format("record {} (line {}): ", i + 1, first_line + i);
  });
}

Result<ImportSummary> ClientSession::import_records(std::vector<Record> records,
                                                    const std::function<std::string(std::size_t)>& where_is) {
  ImportSummary summary;
  summary.lines = records.size();
  const domain::ValidationContext context{clock_.now()};
  for (auto& record : records) {
    auto& key = domain::key_of(record);
    key.tenant_id = person_.tenant_id;
    key.person_id = person_.person_id;
  }
  UrgesById urges_in_file;
  for (const auto& record : records) {
    if (const auto* urge = std::get_if<domain::Urge>(&record)) urges_in_file.emplace(urge->key.id, urge);
  }
  std::unordered_set<std::string> ids_in_file;
  std::unordered_map<std::string, std::size_t> checkin_dates;
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto& record = records[i];
    const auto where = where_is(i);
    domain::normalize(record);
    if (auto status = domain::validate(record, context); !status.is_ok()) return status.with_prefix(where);
    const auto& key = domain::key_of(record);
    if (!ids_in_file.insert(std::string(domain::kind_name(domain::kind_of(record))) + key.id).second) {
      return Status::invalid(where + "this id appears twice in the file");
    }
    if (auto status = check_links(record, urges_in_file); !status.is_ok()) return status.with_prefix(where);
    if (const auto* checkin = std::get_if<domain::CheckIn>(&record)) {
      const std::string date = format_date(checkin->date);
      if (!checkin_dates.emplace(date, i).second) return Status::invalid(where + "a second check-in for " + date);
      KEEL_ASSIGN_OR_RETURN(auto existing, store_.find_checkin(owner(), checkin->date));
      if (existing && existing->key.id != key.id) {
        return Status::conflict(where + "there is already a different check-in for " + date);
      }
    }
  }
  // Count what is new, changed or already there, one listing per kind.
  for (RecordKind kind : domain::kAllRecordKinds) {
    KEEL_ASSIGN_OR_RETURN(auto stored, list(kind));
    std::unordered_map<std::string, const Record*> by_id;
    for (const auto& record : stored) by_id.emplace(domain::key_of(record).id, &record);
    for (const auto& record : records) {
      if (domain::kind_of(record) != kind) continue;
      auto found = by_id.find(domain::key_of(record).id);
      if (found == by_id.end())
        ++summary.added;
      else if (*found->second == record)
        ++summary.unchanged;
      else
        ++summary.updated;
    }
  }
  // Referenced records first (urges before their lapse reviews), each kind in file order.
  std::stable_sort(records.begin(), records.end(),
                   [](const Record& a, const Record& b) { return a.index() < b.index(); });
  if (summary.added + summary.updated > 0) KEEL_RETURN_IF_ERROR(store_.put_all(records));
  return summary;
}

}  // namespace keel::app
