#include <algorithm>

#include "store/store.h"

namespace keel::store {

void StaticKeyProvider::add(std::string tenant_id, std::string person_id, crypto::PersonKeys keys) {
  for (auto& entry : entries_) {
    if (entry.tenant_id == tenant_id && entry.person_id == person_id) {
      entry.keys = std::move(keys);
      return;
    }
  }
  entries_.push_back({std::move(tenant_id), std::move(person_id), std::move(keys)});
}

void StaticKeyProvider::remove(const std::string& tenant_id, const std::string& person_id) {
  std::erase_if(entries_,
                [&](const Entry& entry) { return entry.tenant_id == tenant_id && entry.person_id == person_id; });
}

Result<const crypto::PersonKeys*> StaticKeyProvider::keys_for(const std::string& tenant_id,
                                                              const std::string& person_id) {
  for (const auto& entry : entries_) {
    if (entry.tenant_id == tenant_id && entry.person_id == person_id) return &entry.keys;
  }
  return Status::locked("the records of this person are locked: unlock them with the passphrase first");
}

}  // namespace keel::store
