#include "crypto/key_cache.h"

#include <keyutils.h>
#include <sodium.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>

namespace keel::crypto {

namespace {

constexpr std::size_t kDataKeySize = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr std::size_t kSecretKeySize = crypto_box_SECRETKEYBYTES;
constexpr std::size_t kPublicKeySize = crypto_box_PUBLICKEYBYTES;
constexpr std::size_t kPayloadSize = kDataKeySize + kSecretKeySize + kPublicKeySize;

// The description a cached key carries in the keyring: the name as given (callers prefix "keel:").
const std::string& description_of(const std::string& name) { return name; }

std::string keyring_error(const char* action, int error) {
  std::string sentence = "the kernel keyring refused to ";
  sentence += action;
  sentence += " (";
  sentence += std::strerror(error);
  sentence += "); unlocking for a while is not available here, so the passphrase is asked every time";
  return sentence;
}

// Owns a buffer that keyctl_read_alloc allocated with malloc; wipes it before freeing.
class KeyringBuffer {
 public:
  KeyringBuffer() = default;
  ~KeyringBuffer() {
    if (data_ != nullptr) {
      sodium_memzero(data_, size_);
      std::free(data_);
    }
  }
  KeyringBuffer(const KeyringBuffer&) = delete;
  KeyringBuffer& operator=(const KeyringBuffer&) = delete;
  void** address() { return &data_; }
  void set_size(std::size_t size) { size_ = size; }
  const std::uint8_t* bytes() const { return static_cast<const std::uint8_t*>(data_); }
  std::size_t size() const { return size_; }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

class KernelKeyCache final : public KeyCache {
 public:
  Status store(const std::string& name, const PersonKeys& keys, std::chrono::seconds lifetime) override {
    if (keys.data_key.size() != kDataKeySize || keys.secret_key.size() != kSecretKeySize ||
        keys.public_key.size() != kPublicKeySize) {
      return Status::internal("the keys to keep in the keyring have the wrong sizes");
    }
    if (lifetime.count() <= 0) return forget(name);
    SecretBytes payload(kPayloadSize);
    std::memcpy(payload.data(), keys.data_key.data(), kDataKeySize);
    std::memcpy(payload.data() + kDataKeySize, keys.secret_key.data(), kSecretKeySize);
    std::memcpy(payload.data() + kDataKeySize + kSecretKeySize, keys.public_key.data(), kPublicKeySize);

    // add_key replaces the payload of an existing key with the same type and description.
    const key_serial_t key =
        add_key("user", description_of(name).c_str(), payload.data(), payload.size(), KEY_SPEC_USER_KEYRING);
    if (key < 0) return Status::io_error(keyring_error("keep the keys", errno));
    // Let the user's other processes read it even when the user keyring is not linked into
    // their session keyring (ssh, sudo, containers). Failure here only narrows who can read it.
    (void)keyctl_setperm(key,
                         KEY_POS_ALL | KEY_USR_VIEW | KEY_USR_READ | KEY_USR_WRITE | KEY_USR_SEARCH | KEY_USR_SETATTR);
    const auto seconds = static_cast<unsigned>(std::min<long long>(lifetime.count(), 0x7fffffff));
    if (keyctl_set_timeout(key, seconds) != 0) {
      const int error = errno;
      // A key without a timeout would outlive what the person asked for: take it back.
      (void)keyctl_invalidate(key);
      (void)keyctl_unlink(key, KEY_SPEC_USER_KEYRING);
      return Status::io_error(keyring_error("set a time limit on the keys", error));
    }
    return Status::ok();
  }

  std::optional<PersonKeys> load(const std::string& name) override {
    const long key = keyctl_search(KEY_SPEC_USER_KEYRING, "user", description_of(name).c_str(), 0);
    if (key < 0) return std::nullopt;  // none, expired, or no keyring here
    KeyringBuffer buffer;
    const long size = keyctl_read_alloc(static_cast<key_serial_t>(key), buffer.address());
    if (size < 0) return std::nullopt;
    buffer.set_size(static_cast<std::size_t>(size));
    if (buffer.size() != kPayloadSize) return std::nullopt;  // not ours, or damaged: ask again
    PersonKeys keys;
    keys.data_key = SecretBytes(kDataKeySize);
    keys.secret_key = SecretBytes(kSecretKeySize);
    std::memcpy(keys.data_key.data(), buffer.bytes(), kDataKeySize);
    std::memcpy(keys.secret_key.data(), buffer.bytes() + kDataKeySize, kSecretKeySize);
    keys.public_key.assign(buffer.bytes() + kDataKeySize + kSecretKeySize, buffer.bytes() + kPayloadSize);
    return keys;
  }

  Status forget(const std::string& name) override {
    // There may be more than one if someone linked copies; remove until none is found.
    for (int attempt = 0; attempt < 16; ++attempt) {
      const long key = keyctl_search(KEY_SPEC_USER_KEYRING, "user", description_of(name).c_str(), 0);
      if (key < 0) {
        const int error = errno;
        if (error == ENOKEY || error == EKEYEXPIRED || error == EKEYREVOKED || error == ENOSYS || error == EPERM ||
            error == EACCES) {
          return Status::ok();  // nothing there that we can reach
        }
        return Status::io_error(keyring_error("look up the kept keys", error));
      }
      const auto serial = static_cast<key_serial_t>(key);
      if (keyctl_invalidate(serial) != 0 && keyctl_unlink(serial, KEY_SPEC_USER_KEYRING) != 0) {
        return Status::io_error(keyring_error("forget the kept keys", errno));
      }
    }
    return Status::io_error("the kernel keyring kept returning the keys after they were forgotten");
  }
};

class MemoryKeyCache final : public KeyCache {
 public:
  Status store(const std::string& name, const PersonKeys& keys, std::chrono::seconds lifetime) override {
    std::lock_guard lock(mutex_);
    entries_.erase(name);
    if (lifetime.count() <= 0) return Status::ok();
    entries_.emplace(name, Entry{keys.clone(), std::chrono::steady_clock::now() + lifetime});
    return Status::ok();
  }

  std::optional<PersonKeys> load(const std::string& name) override {
    std::lock_guard lock(mutex_);
    const auto found = entries_.find(name);
    if (found == entries_.end()) return std::nullopt;
    if (std::chrono::steady_clock::now() >= found->second.expires_at) {
      entries_.erase(found);
      return std::nullopt;
    }
    return found->second.keys.clone();
  }

  Status forget(const std::string& name) override {
    std::lock_guard lock(mutex_);
    entries_.erase(name);
    return Status::ok();
  }

 private:
  struct Entry {
    PersonKeys keys;
    std::chrono::steady_clock::time_point expires_at;
  };
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace

std::unique_ptr<KeyCache> make_kernel_key_cache() { return std::make_unique<KernelKeyCache>(); }

std::unique_ptr<KeyCache> make_memory_key_cache() { return std::make_unique<MemoryKeyCache>(); }

}  // namespace keel::crypto
