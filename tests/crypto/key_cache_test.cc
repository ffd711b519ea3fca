#include "crypto/key_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>

namespace keel::crypto {
namespace {

PersonKeys make_keys() {
  auto created = create_person_keys("passphrase", "person", KdfStrength::test_only);
  EXPECT_TRUE(created.is_ok()) << created.status().message();
  return std::move(created->first);
}

bool same_keys(const PersonKeys& a, const PersonKeys& b) {
  return a.data_key.size() == b.data_key.size() &&
         std::memcmp(a.data_key.data(), b.data_key.data(), a.data_key.size()) == 0 &&
         a.secret_key.size() == b.secret_key.size() &&
         std::memcmp(a.secret_key.data(), b.secret_key.data(), a.secret_key.size()) == 0 &&
         a.public_key == b.public_key;
}

// A name no other run or test uses at the same time.
std::string unique_name(const char* what) { return std::string("keel:test-") + what + "-" + std::to_string(getpid()); }

TEST(MemoryKeyCache, StoresLoadsAndForgets) {
  auto cache = make_memory_key_cache();
  EXPECT_FALSE(cache->load("someone").has_value());
  const PersonKeys keys = make_keys();
  ASSERT_TRUE(cache->store("someone", keys, std::chrono::minutes{15}).is_ok());
  auto loaded = cache->load("someone");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(same_keys(*loaded, keys));
  EXPECT_FALSE(cache->load("someone else").has_value());
  ASSERT_TRUE(cache->forget("someone").is_ok());
  EXPECT_FALSE(cache->load("someone").has_value());
  EXPECT_TRUE(cache->forget("someone").is_ok());  // nothing to forget is fine
}

TEST(MemoryKeyCache, StoreReplaces) {
  auto cache = make_memory_key_cache();
  const PersonKeys first = make_keys();
  const PersonKeys second = make_keys();
  ASSERT_TRUE(cache->store("x", first, std::chrono::minutes{1}).is_ok());
  ASSERT_TRUE(cache->store("x", second, std::chrono::minutes{1}).is_ok());
  auto loaded = cache->load("x");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(same_keys(*loaded, second));
}

TEST(MemoryKeyCache, ZeroLifetimeKeepsNothing) {
  auto cache = make_memory_key_cache();
  ASSERT_TRUE(cache->store("x", make_keys(), std::chrono::seconds{0}).is_ok());
  EXPECT_FALSE(cache->load("x").has_value());
}

// The kernel keyring may be unavailable (seccomp in containers); then the test is skipped,
// after checking that the failure is a clear sentence and not a crash.
TEST(KernelKeyCache, StoresLoadsAndForgets) {
  auto cache = make_kernel_key_cache();
  const std::string name = unique_name("round-trip");
  const PersonKeys keys = make_keys();
  const Status stored = cache->store(name, keys, std::chrono::seconds{60});
  if (!stored.is_ok()) {
    EXPECT_EQ(stored.code(), StatusCode::io_error);
    EXPECT_FALSE(stored.message().empty());
    EXPECT_FALSE(cache->load(name).has_value());
    GTEST_SKIP() << "kernel keyring unavailable: " << stored.message();
  }
  auto loaded = cache->load(name);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(same_keys(*loaded, keys));

  // Replacing keeps one entry with the new keys.
  const PersonKeys other = make_keys();
  ASSERT_TRUE(cache->store(name, other, std::chrono::seconds{60}).is_ok());
  loaded = cache->load(name);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(same_keys(*loaded, other));

  ASSERT_TRUE(cache->forget(name).is_ok());
  EXPECT_FALSE(cache->load(name).has_value());
  EXPECT_TRUE(cache->forget(name).is_ok());
}

TEST(KernelKeyCache, UnknownNameLoadsNothing) {
  auto cache = make_kernel_key_cache();
  EXPECT_FALSE(cache->load(unique_name("never-stored")).has_value());
  EXPECT_TRUE(cache->forget(unique_name("never-stored")).is_ok());
}

}  // namespace
}  // namespace keel::crypto
