// Keeps a person's unwrapped keys in the kernel keyring (keyutils) for a while, so that a
// client does not wait for Argon2id on every command: `keel unlock --for 15m`, `keel lock`.
// The keys live in the user's keyring with a kernel-enforced timeout; nothing is written to disk.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/status.h"
#include "crypto/keys.h"

namespace keel::crypto {

class KeyCache {
 public:
  virtual ~KeyCache() = default;
  // Keeps `keys` under `name` for `lifetime`; replaces what was there.
  virtual Status store(const std::string& name, const PersonKeys& keys, std::chrono::seconds lifetime) = 0;
  // The keys kept under `name`, or nullopt when none (expired, locked, never unlocked).
  virtual std::optional<PersonKeys> load(const std::string& name) = 0;
  // Forgets `name`. Ok when there was nothing to forget.
  virtual Status forget(const std::string& name) = 0;
};

// The kernel keyring of the current user.
std::unique_ptr<KeyCache> make_kernel_key_cache();

// An in-process cache, for tests.
std::unique_ptr<KeyCache> make_memory_key_cache();

}  // namespace keel::crypto
