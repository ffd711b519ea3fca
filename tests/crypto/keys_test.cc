#include "crypto/keys.h"

#include <gtest/gtest.h>

#include <cstring>

namespace keel::crypto {
namespace {

constexpr KdfStrength kFast = KdfStrength::test_only;

SecretBytes random_key() {
  auto created = create_person_keys("a passphrase", "person", kFast);
  EXPECT_TRUE(created.is_ok()) << created.status().message();
  return std::move(created->first.data_key);
}

bool same_bytes(const SecretBytes& a, const SecretBytes& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size()) == 0;
}

TEST(Seal, RoundTripsText) {
  const SecretBytes key = random_key();
  const std::string text = "felt lonely after the call; went for a walk instead";
  const Bytes sealed = seal(key, text, "keel/1/urges/t/p/r/note");
  EXPECT_EQ(sealed.size(), 24 + text.size() + 16);
  const auto opened = open(key, sealed, "keel/1/urges/t/p/r/note");
  ASSERT_TRUE(opened.is_ok()) << opened.status().message();
  EXPECT_EQ(*opened, text);
}

TEST(Seal, RoundTripsEmptyAndBinaryText) {
  const SecretBytes key = random_key();
  for (const std::string& text : {std::string(), std::string("a\0b", 3), std::string(5000, 'x')}) {
    const auto opened = open(key, seal(key, text, "ad"), "ad");
    ASSERT_TRUE(opened.is_ok());
    EXPECT_EQ(*opened, text);
  }
}

TEST(Seal, SameTextSealsDifferentlyEachTime) {
  const SecretBytes key = random_key();
  EXPECT_NE(seal(key, "same", "ad"), seal(key, "same", "ad"));
}

TEST(Seal, CiphertextDoesNotContainThePlaintext) {
  const SecretBytes key = random_key();
  const std::string text = "distinctive-secret-words";
  const Bytes sealed = seal(key, text, "ad");
  const std::string raw(sealed.begin(), sealed.end());
  EXPECT_EQ(raw.find(text), std::string::npos);
}

TEST(Seal, EveryFlippedByteIsDetected) {
  const SecretBytes key = random_key();
  const Bytes sealed = seal(key, "do not touch", "ad");
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    Bytes tampered = sealed;
    tampered[i] ^= 0x01;
    const auto opened = open(key, tampered, "ad");
    ASSERT_FALSE(opened.is_ok()) << "byte " << i;
    EXPECT_EQ(opened.status().code(), StatusCode::corrupt);
    EXPECT_FALSE(opened.status().message().empty());
  }
}

TEST(Seal, TruncatedCiphertextIsCorrupt) {
  const SecretBytes key = random_key();
  Bytes sealed = seal(key, "short", "ad");
  sealed.resize(10);
  EXPECT_EQ(open(key, sealed, "ad").status().code(), StatusCode::corrupt);
  EXPECT_EQ(open(key, Bytes{}, "ad").status().code(), StatusCode::corrupt);
}

TEST(Seal, WrongKeyIsRefused) {
  const SecretBytes key = random_key();
  const SecretBytes other = random_key();
  const auto opened = open(other, seal(key, "mine", "ad"), "ad");
  EXPECT_EQ(opened.status().code(), StatusCode::corrupt);
}

TEST(Seal, WrongAssociatedDataIsRefused) {
  const SecretBytes key = random_key();
  const std::string here = field_associated_data("urges", "tenant", "person", "record-1", "note");
  const Bytes sealed = seal(key, "bound to its place", here);
  EXPECT_EQ(open(key, sealed, field_associated_data("urges", "tenant", "person", "record-2", "note")).status().code(),
            StatusCode::corrupt);
  EXPECT_EQ(
      open(key, sealed, field_associated_data("urges", "tenant", "person", "record-1", "strategy")).status().code(),
      StatusCode::corrupt);
  EXPECT_EQ(open(key, sealed, field_associated_data("urges", "tenant", "other", "record-1", "note")).status().code(),
            StatusCode::corrupt);
  EXPECT_TRUE(open(key, sealed, here).is_ok());
}

TEST(FieldAssociatedData, HasTheDocumentedForm) {
  EXPECT_EQ(field_associated_data("urges", "T", "P", "R", "note"), "keel/1/urges/T/P/R/note");
}

TEST(HashHex, IsBlake2bOf32BytesInLowerCaseHex) {
  const std::string hash = hash_hex("abc");
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(hash, hash_hex("abc"));
  EXPECT_NE(hash, hash_hex("abd"));
  // BLAKE2b-256 of "abc" (RFC 7693 parameters with a 32-byte digest).
  EXPECT_EQ(hash, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST(SecretBytes, MovesAndClones) {
  SecretBytes first(32);
  std::memset(first.data(), 7, first.size());
  SecretBytes copy = first.clone();
  EXPECT_TRUE(same_bytes(first, copy));
  SecretBytes moved = std::move(first);
  EXPECT_TRUE(first.empty());  // NOLINT(bugprone-use-after-move): moved-from is documented empty
  EXPECT_EQ(moved.size(), 32u);
  EXPECT_TRUE(same_bytes(moved, copy));
  moved = SecretBytes(4);
  EXPECT_EQ(moved.size(), 4u);
}

TEST(PersonKeys, CreateThenUnwrapGivesTheSameKeys) {
  auto created = create_person_keys("correct horse battery staple", "01HPERSON", kFast);
  ASSERT_TRUE(created.is_ok()) << created.status().message();
  const auto& [keys, wrapped] = *created;
  EXPECT_EQ(keys.data_key.size(), 32u);
  EXPECT_EQ(wrapped.kdf.salt.size(), 16u);
  EXPECT_EQ(wrapped.public_key, keys.public_key);

  auto unwrapped = unwrap_person_keys("correct horse battery staple", "01HPERSON", wrapped);
  ASSERT_TRUE(unwrapped.is_ok()) << unwrapped.status().message();
  EXPECT_TRUE(same_bytes(unwrapped->data_key, keys.data_key));
  EXPECT_TRUE(same_bytes(unwrapped->secret_key, keys.secret_key));
  EXPECT_EQ(unwrapped->public_key, keys.public_key);
}

TEST(PersonKeys, WrappedKeysDoNotContainTheKeys) {
  auto created = create_person_keys("passphrase", "p", kFast);
  ASSERT_TRUE(created.is_ok());
  const auto& [keys, wrapped] = *created;
  const std::string data_key(keys.data_key.data(), keys.data_key.data() + keys.data_key.size());
  const std::string wrapped_bytes(wrapped.wrapped_data_key.begin(), wrapped.wrapped_data_key.end());
  EXPECT_EQ(wrapped_bytes.find(data_key), std::string::npos);
}

TEST(PersonKeys, WrongPassphraseIsUnauthenticatedAndChangesNothing) {
  auto created = create_person_keys("right passphrase", "p", kFast);
  ASSERT_TRUE(created.is_ok());
  const WrappedKeys before = created->second;
  const auto unwrapped = unwrap_person_keys("wrong passphrase", "p", created->second);
  ASSERT_FALSE(unwrapped.is_ok());
  EXPECT_EQ(unwrapped.status().code(), StatusCode::unauthenticated);
  EXPECT_EQ(unwrapped.status().message(), "the passphrase is not correct");
  EXPECT_EQ(created->second.wrapped_data_key, before.wrapped_data_key);
  EXPECT_EQ(created->second.wrapped_secret_key, before.wrapped_secret_key);
  EXPECT_EQ(created->second.kdf.salt, before.kdf.salt);
  EXPECT_TRUE(unwrap_person_keys("right passphrase", "p", created->second).is_ok());
}

TEST(PersonKeys, KeysWrappedForOnePersonDoNotOpenForAnother) {
  auto created = create_person_keys("passphrase", "alice", kFast);
  ASSERT_TRUE(created.is_ok());
  EXPECT_FALSE(unwrap_person_keys("passphrase", "bob", created->second).is_ok());
}

TEST(PersonKeys, EmptyPassphraseIsRefused) {
  const auto created = create_person_keys("", "p", kFast);
  EXPECT_EQ(created.status().code(), StatusCode::invalid_argument);
}

TEST(PersonKeys, TamperedWrappingIsDetected) {
  auto created = create_person_keys("passphrase", "p", kFast);
  ASSERT_TRUE(created.is_ok());
  WrappedKeys secret_tampered = created->second;
  secret_tampered.wrapped_secret_key[30] ^= 0x80;
  EXPECT_EQ(unwrap_person_keys("passphrase", "p", secret_tampered).status().code(), StatusCode::corrupt);

  WrappedKeys public_swapped = created->second;
  public_swapped.public_key[0] ^= 0x01;
  EXPECT_EQ(unwrap_person_keys("passphrase", "p", public_swapped).status().code(), StatusCode::corrupt);

  WrappedKeys absurd_memory = created->second;
  absurd_memory.kdf.memlimit = 1ULL << 50;
  EXPECT_EQ(unwrap_person_keys("passphrase", "p", absurd_memory).status().code(), StatusCode::corrupt);
}

TEST(PersonKeys, RewrapWorksWithTheNewPassphraseAndNotTheOld) {
  auto created = create_person_keys("old passphrase", "p", kFast);
  ASSERT_TRUE(created.is_ok());
  const auto& [keys, wrapped] = *created;
  auto rewrapped = rewrap_person_keys(keys, "new passphrase", "p", kFast);
  ASSERT_TRUE(rewrapped.is_ok()) << rewrapped.status().message();
  EXPECT_NE(rewrapped->kdf.salt, wrapped.kdf.salt);
  EXPECT_NE(rewrapped->wrapped_data_key, wrapped.wrapped_data_key);

  auto with_new = unwrap_person_keys("new passphrase", "p", *rewrapped);
  ASSERT_TRUE(with_new.is_ok()) << with_new.status().message();
  EXPECT_TRUE(same_bytes(with_new->data_key, keys.data_key));
  EXPECT_TRUE(same_bytes(with_new->secret_key, keys.secret_key));
  EXPECT_EQ(unwrap_person_keys("old passphrase", "p", *rewrapped).status().code(), StatusCode::unauthenticated);

  // What was sealed before the change still opens with the unwrapped data key.
  const Bytes sealed = seal(keys.data_key, "kept across the change", "ad");
  const auto opened = open(with_new->data_key, sealed, "ad");
  ASSERT_TRUE(opened.is_ok());
  EXPECT_EQ(*opened, "kept across the change");
}

TEST(KdfStrength, EnvironmentSelectsTestOnly) {
  const char* previous = std::getenv("KEEL_KDF");
  const std::string saved = previous != nullptr ? previous : "";
  setenv("KEEL_KDF", "test", 1);
  EXPECT_EQ(kdf_strength_from_environment(KdfStrength::moderate), KdfStrength::test_only);
  unsetenv("KEEL_KDF");
  EXPECT_EQ(kdf_strength_from_environment(KdfStrength::moderate), KdfStrength::moderate);
  EXPECT_EQ(kdf_strength_from_environment(KdfStrength::interactive), KdfStrength::interactive);
  if (previous != nullptr) setenv("KEEL_KDF", saved.c_str(), 1);
}

}  // namespace
}  // namespace keel::crypto
