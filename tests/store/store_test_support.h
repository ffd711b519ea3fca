// Shared by the store tests: a home in a temporary directory with one unlocked client, and one
// sample record of every kind, each carrying distinctive text that must never appear in the
// database files.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "crypto/keys.h"
#include "domain/records.h"
#include "store/store.h"
#include "support/test_support.h"

namespace keel::store::testing {

inline constexpr Instant kStart = Instant{std::chrono::milliseconds{1'767'225'600'000}};  // 2026-01-01T00:00Z

class StoreFixtureBase {
 public:
  StoreFixtureBase();

  std::string path() const { return directory_.file("keel.db"); }
  const keel::testing::TempDir& directory() const { return directory_; }
  // Opens the home (creating it the first time) with the fixture's keys.
  Result<std::unique_ptr<Store>> open(bool create_if_missing = true);
  std::unique_ptr<Store> open_or_die();

  // A person with keys in the provider, for the given tenant.
  domain::RecordKey key_for(const std::string& tenant_id, const std::string& person_id, std::string id) const;
  // Makes keys for `person_id` and hands them to the provider.
  void unlock(const std::string& tenant_id, const std::string& person_id);
  Person make_person(const std::string& tenant_id, const std::string& person_id, const std::string& name);

  ManualClock clock{kStart};
  StaticKeyProvider keys;

 private:
  keel::testing::TempDir directory_;
};

// Distinctive words used in the samples' free text: none of them may be found in the files.
std::vector<std::string> secret_words();

// One fully filled record of every kind, for `tenant`/`person`. The lapse review points at the urge.
std::vector<domain::Record> sample_records(const std::string& tenant_id, const std::string& person_id);

// The same kinds with every optional field empty and every free-text field empty.
std::vector<domain::Record> empty_records(const std::string& tenant_id, const std::string& person_id);

domain::Urge make_urge(const std::string& tenant_id, const std::string& person_id, const std::string& id, Instant at);

}  // namespace keel::store::testing
