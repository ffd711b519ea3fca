// Keys and field encryption (libsodium).
//
// A person's passphrase never encrypts data directly. Argon2id derives a key-encryption key
// (KEK) from it; the KEK wraps (XChaCha20-Poly1305) a random 256-bit data key and the secret
// half of a crypto_box key pair. Changing the passphrase re-wraps those two keys only.
// Free-text fields are sealed with the data key; the record's identity is bound in as
// associated data, so a ciphertext moved to another record or field fails to open.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace keel::crypto {

using Bytes = std::vector<std::uint8_t>;

// Initialises libsodium once; safe to call many times. Fails only if the library cannot start.
Status initialize();

// Key material in memory that is locked against swapping and wiped when freed (sodium_malloc).
// Move-only.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::size_t size);
  ~SecretBytes();
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  std::uint8_t* data() { return data_; }
  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  SecretBytes clone() const;

 private:
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

// How hard Argon2id works. Stored beside each wrapped key, so it can change over time.
struct KdfParameters {
  Bytes salt;  // crypto_pwhash_SALTBYTES
  std::uint64_t opslimit = 0;
  std::uint64_t memlimit = 0;  // bytes
};

enum class KdfStrength {
  moderate,     // libsodium's MODERATE (3 passes, 256 MiB): the default for a home
  interactive,  // INTERACTIVE (2 passes, 64 MiB): for the server's logins
  test_only,    // MIN limits: only for tests, chosen by KEEL_KDF=test
};

// A person's unwrapped keys: all that is needed to read and write their records.
struct PersonKeys {
  SecretBytes data_key;    // 32 bytes, XChaCha20-Poly1305
  SecretBytes secret_key;  // crypto_box secret key
  Bytes public_key;        // crypto_box public key
  PersonKeys clone() const;
};

// What is stored about a person's keys: nothing in here reveals them without the passphrase.
struct WrappedKeys {
  KdfParameters kdf;
  Bytes wrapped_data_key;    // nonce || ciphertext
  Bytes wrapped_secret_key;  // nonce || ciphertext
  Bytes public_key;
};

// Makes new random keys for a person and wraps them under `passphrase`.
// `person_id` is bound into the wrapping as associated data.
Result<std::pair<PersonKeys, WrappedKeys>> create_person_keys(std::string_view passphrase, std::string_view person_id,
                                                              KdfStrength strength);

// Unwraps a person's keys. A wrong passphrase answers StatusCode::unauthenticated.
Result<PersonKeys> unwrap_person_keys(std::string_view passphrase, std::string_view person_id,
                                      const WrappedKeys& wrapped);

// Wraps the same keys under a new passphrase (fresh salt and nonces).
Result<WrappedKeys> rewrap_person_keys(const PersonKeys& keys, std::string_view new_passphrase,
                                       std::string_view person_id, KdfStrength strength);

// The strength chosen by the environment: KEEL_KDF=test selects test_only, otherwise `fallback`.
KdfStrength kdf_strength_from_environment(KdfStrength fallback);

// Seals `plaintext` with a 32-byte key: returns nonce (24) || ciphertext || tag (16).
Bytes seal(const SecretBytes& key, std::string_view plaintext, std::string_view associated_data);

// Opens what seal() made. Tampering, a wrong key or other associated data answer StatusCode::corrupt.
Result<std::string> open(const SecretBytes& key, const Bytes& sealed, std::string_view associated_data);

// Associated data for one field of one record: "keel/1/<table>/<tenant>/<person>/<id>/<field>".
std::string field_associated_data(std::string_view table, std::string_view tenant_id, std::string_view person_id,
                                  std::string_view record_id, std::string_view field);

// A new secret token: 32 random bytes from the operating system, base64url without padding
// (43 characters). For sessions and CSRF tokens.
std::string random_token();

// Compares two strings in time that depends only on their length (for tokens and their hashes).
bool equal_in_constant_time(std::string_view first, std::string_view second);

// SHA-256-free hashing for lookups (BLAKE2b, 32 bytes) as lower-case hex.
std::string hash_hex(std::string_view data);

}  // namespace keel::crypto
