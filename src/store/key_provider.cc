#include "store/store.h"

namespace keel::store {

void StaticKeyProvider::add(const std::string& tenant_id, const std::string& person_id, crypto::PersonKeys keys) {
  auto shared = std::make_shared<const crypto::PersonKeys>(std::move(keys));
  std::lock_guard lock(mutex_);
  keys_[{tenant_id, person_id}] = std::move(shared);
}

void StaticKeyProvider::remove(const std::string& tenant_id, const std::string& person_id) {
  std::lock_guard lock(mutex_);
  keys_.erase({tenant_id, person_id});
}

Result<std::shared_ptr<const crypto::PersonKeys>> StaticKeyProvider::keys_for(const std::string& tenant_id,
                                                                              const std::string& person_id) {
  std::lock_guard lock(mutex_);
  const auto found = keys_.find({tenant_id, person_id});
  if (found != keys_.end()) return found->second;
  return Status::locked("the records of this person are locked: unlock them with the passphrase first");
}

}  // namespace keel::store
