#include "crypto/keys.h"

#include <sodium.h>

#include <cassert>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace keel::crypto {

namespace {

constexpr std::size_t kDataKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kKekBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;

static_assert(kDataKeyBytes == 32 && kKekBytes == 32);

// Argon2id limits above these are refused when unwrapping: a tampered file could otherwise ask
// for terabytes of memory or years of work.
constexpr std::uint64_t kMaxAcceptedMemlimit = crypto_pwhash_MEMLIMIT_SENSITIVE;  // 1 GiB
constexpr std::uint64_t kMaxAcceptedOpslimit = 64;

void ensure_initialized() {
  const Status status = initialize();
  // libsodium refuses to start only when the platform cannot give it randomness: nothing
  // in keel can run safely then.
  if (!status.is_ok()) std::abort();
}

KdfParameters new_kdf_parameters(KdfStrength strength) {
  KdfParameters parameters;
  parameters.salt.resize(crypto_pwhash_SALTBYTES);
  randombytes_buf(parameters.salt.data(), parameters.salt.size());
  switch (strength) {
    case KdfStrength::moderate:
      parameters.opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
      parameters.memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
      break;
    case KdfStrength::interactive:
      parameters.opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      parameters.memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
      break;
    case KdfStrength::test_only:
      parameters.opslimit = crypto_pwhash_OPSLIMIT_MIN;
      parameters.memlimit = crypto_pwhash_MEMLIMIT_MIN;
      break;
  }
  return parameters;
}

Status check_kdf_parameters(const KdfParameters& parameters) {
  if (parameters.salt.size() != crypto_pwhash_SALTBYTES || parameters.opslimit < crypto_pwhash_OPSLIMIT_MIN ||
      parameters.opslimit > kMaxAcceptedOpslimit || parameters.memlimit < crypto_pwhash_MEMLIMIT_MIN ||
      parameters.memlimit > kMaxAcceptedMemlimit) {
    return Status::corrupt(
        "the stored key-derivation settings are damaged or out of range, so the keys cannot be opened");
  }
  return Status::ok();
}

Result<SecretBytes> derive_kek(std::string_view passphrase, const KdfParameters& parameters) {
  KEEL_RETURN_IF_ERROR(check_kdf_parameters(parameters));
  SecretBytes kek(kKekBytes);
  if (crypto_pwhash(kek.data(), kek.size(), passphrase.data(), passphrase.size(), parameters.salt.data(),
                    parameters.opslimit, static_cast<std::size_t>(parameters.memlimit),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::io_error("there was not enough memory to derive the key from the passphrase");
  }
  return kek;
}

std::string wrap_associated_data(std::string_view person_id, std::string_view what) {
  std::string data = "keel/1/wrap/";
  data.append(person_id);
  data.push_back('/');
  data.append(what);
  return data;
}

Bytes seal_bytes(const SecretBytes& key, const std::uint8_t* plaintext, std::size_t size,
                 std::string_view associated_data) {
  assert(key.size() == kDataKeyBytes && "a sealing key has 32 bytes");
  Bytes sealed(kNonceBytes + size + kTagBytes);
  randombytes_buf(sealed.data(), kNonceBytes);
  unsigned long long ciphertext_size = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(sealed.data() + kNonceBytes, &ciphertext_size, plaintext, size,
                                             reinterpret_cast<const unsigned char*>(associated_data.data()),
                                             associated_data.size(), nullptr, sealed.data(), key.data());
  assert(ciphertext_size == size + kTagBytes);
  return sealed;
}

// Opens into secret memory. False when the ciphertext does not authenticate.
bool open_secret(const SecretBytes& key, const Bytes& sealed, std::string_view associated_data,
                 std::size_t expected_size, SecretBytes& out) {
  if (sealed.size() != kNonceBytes + expected_size + kTagBytes) return false;
  SecretBytes plaintext(expected_size);
  unsigned long long plaintext_size = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(plaintext.data(), &plaintext_size, nullptr,
                                                 sealed.data() + kNonceBytes, sealed.size() - kNonceBytes,
                                                 reinterpret_cast<const unsigned char*>(associated_data.data()),
                                                 associated_data.size(), sealed.data(), key.data()) != 0) {
    return false;
  }
  out = std::move(plaintext);
  return true;
}

Result<WrappedKeys> wrap(const PersonKeys& keys, std::string_view passphrase, std::string_view person_id,
                         KdfStrength strength) {
  if (passphrase.empty()) return Status::invalid("the passphrase is empty; choose a passphrase to protect the keys");
  if (keys.data_key.size() != kDataKeyBytes || keys.secret_key.size() != crypto_box_SECRETKEYBYTES ||
      keys.public_key.size() != crypto_box_PUBLICKEYBYTES) {
    return Status::internal("the keys to wrap have the wrong sizes");
  }
  WrappedKeys wrapped;
  wrapped.kdf = new_kdf_parameters(strength);
  KEEL_ASSIGN_OR_RETURN(SecretBytes kek, derive_kek(passphrase, wrapped.kdf));
  wrapped.wrapped_data_key =
      seal_bytes(kek, keys.data_key.data(), keys.data_key.size(), wrap_associated_data(person_id, "data_key"));
  wrapped.wrapped_secret_key =
      seal_bytes(kek, keys.secret_key.data(), keys.secret_key.size(), wrap_associated_data(person_id, "secret_key"));
  wrapped.public_key = keys.public_key;
  return wrapped;
}

}  // namespace

Status initialize() {
  static const int result = sodium_init();  // 0: started now, 1: already started, -1: failed
  if (result < 0) return Status::internal("the cryptography library (libsodium) could not start");
  return Status::ok();
}

SecretBytes::SecretBytes(std::size_t size) {
  if (size == 0) return;
  ensure_initialized();
  data_ = static_cast<std::uint8_t*>(sodium_malloc(size));
  if (data_ == nullptr) throw std::bad_alloc();
  size_ = size;
  sodium_memzero(data_, size_);
}

SecretBytes::~SecretBytes() {
  if (data_ != nullptr) sodium_free(data_);  // wipes before freeing
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this == &other) return *this;
  if (data_ != nullptr) sodium_free(data_);
  data_ = std::exchange(other.data_, nullptr);
  size_ = std::exchange(other.size_, 0);
  return *this;
}

SecretBytes SecretBytes::clone() const {
  SecretBytes copy(size_);
  if (size_ > 0) std::memcpy(copy.data_, data_, size_);
  return copy;
}

PersonKeys PersonKeys::clone() const {
  PersonKeys copy;
  copy.data_key = data_key.clone();
  copy.secret_key = secret_key.clone();
  copy.public_key = public_key;
  return copy;
}

Result<std::pair<PersonKeys, WrappedKeys>> create_person_keys(std::string_view passphrase, std::string_view person_id,
                                                              KdfStrength strength) {
  KEEL_RETURN_IF_ERROR(initialize());
  PersonKeys keys;
  keys.data_key = SecretBytes(kDataKeyBytes);
  crypto_aead_xchacha20poly1305_ietf_keygen(keys.data_key.data());
  keys.secret_key = SecretBytes(crypto_box_SECRETKEYBYTES);
  keys.public_key.resize(crypto_box_PUBLICKEYBYTES);
  if (crypto_box_keypair(keys.public_key.data(), keys.secret_key.data()) != 0) {
    return Status::internal("the cryptography library could not make a key pair");
  }
  KEEL_ASSIGN_OR_RETURN(WrappedKeys wrapped, wrap(keys, passphrase, person_id, strength));
  return std::pair<PersonKeys, WrappedKeys>{std::move(keys), std::move(wrapped)};
}

Result<PersonKeys> unwrap_person_keys(std::string_view passphrase, std::string_view person_id,
                                      const WrappedKeys& wrapped) {
  KEEL_RETURN_IF_ERROR(initialize());
  if (wrapped.public_key.size() != crypto_box_PUBLICKEYBYTES) {
    return Status::corrupt("the stored public key is damaged, so the keys cannot be opened");
  }
  KEEL_ASSIGN_OR_RETURN(SecretBytes kek, derive_kek(passphrase, wrapped.kdf));
  PersonKeys keys;
  if (!open_secret(kek, wrapped.wrapped_data_key, wrap_associated_data(person_id, "data_key"), kDataKeyBytes,
                   keys.data_key)) {
    return Status::unauthenticated("the passphrase is not correct");
  }
  // The passphrase opened the data key, so a failure from here on is damage, not a typo.
  if (!open_secret(kek, wrapped.wrapped_secret_key, wrap_associated_data(person_id, "secret_key"),
                   crypto_box_SECRETKEYBYTES, keys.secret_key)) {
    return Status::corrupt("the stored secret key failed its integrity check: the keys were changed or damaged");
  }
  Bytes derived_public(crypto_box_PUBLICKEYBYTES);
  if (crypto_scalarmult_base(derived_public.data(), keys.secret_key.data()) != 0 ||
      sodium_memcmp(derived_public.data(), wrapped.public_key.data(), derived_public.size()) != 0) {
    return Status::corrupt("the stored public key does not belong to the stored secret key: the keys were changed");
  }
  keys.public_key = wrapped.public_key;
  return keys;
}

Result<WrappedKeys> rewrap_person_keys(const PersonKeys& keys, std::string_view new_passphrase,
                                       std::string_view person_id, KdfStrength strength) {
  KEEL_RETURN_IF_ERROR(initialize());
  return wrap(keys, new_passphrase, person_id, strength);
}

KdfStrength kdf_strength_from_environment(KdfStrength fallback) {
  const char* value = std::getenv("KEEL_KDF");
  if (value != nullptr && std::string_view(value) == "test") return KdfStrength::test_only;
  return fallback;
}

Bytes seal(const SecretBytes& key, std::string_view plaintext, std::string_view associated_data) {
  ensure_initialized();
  return seal_bytes(key, reinterpret_cast<const std::uint8_t*>(plaintext.data()), plaintext.size(), associated_data);
}

Result<std::string> open(const SecretBytes& key, const Bytes& sealed, std::string_view associated_data) {
  ensure_initialized();
  if (key.size() != kDataKeyBytes) return Status::internal("a field key must have 32 bytes");
  if (sealed.size() < kNonceBytes + kTagBytes) {
    return Status::corrupt("a stored encrypted field is too short to be genuine: the database was damaged or changed");
  }
  std::string plaintext(sealed.size() - kNonceBytes - kTagBytes, '\0');
  unsigned long long plaintext_size = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plaintext.data()), &plaintext_size,
                                                 nullptr, sealed.data() + kNonceBytes, sealed.size() - kNonceBytes,
                                                 reinterpret_cast<const unsigned char*>(associated_data.data()),
                                                 associated_data.size(), sealed.data(), key.data()) != 0) {
    sodium_memzero(plaintext.data(), plaintext.size());
    return Status::corrupt(
        "a stored encrypted field failed its integrity check: it was changed, moved to another record, or damaged");
  }
  plaintext.resize(static_cast<std::size_t>(plaintext_size));
  return plaintext;
}

std::string field_associated_data(std::string_view table, std::string_view tenant_id, std::string_view person_id,
                                  std::string_view record_id, std::string_view field) {
  std::string data;
  data.reserve(12 + table.size() + tenant_id.size() + person_id.size() + record_id.size() + field.size());
  data.append("keel/1/");
  data.append(table);
  data.push_back('/');
  data.append(tenant_id);
  data.push_back('/');
  data.append(person_id);
  data.push_back('/');
  data.append(record_id);
  data.push_back('/');
  data.append(field);
  return data;
}

std::string random_token() {
  ensure_initialized();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char text[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes, sizeof bytes);
  return std::string(text);
}

bool equal_in_constant_time(std::string_view first, std::string_view second) {
  if (first.size() != second.size()) return false;
  return first.empty() || sodium_memcmp(first.data(), second.data(), first.size()) == 0;
}

std::string hash_hex(std::string_view data) {
  ensure_initialized();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr,
                     0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, sizeof digest * 2);
}

}  // namespace keel::crypto
