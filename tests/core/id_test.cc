#include "core/id.h"

#include <gtest/gtest.h>

#include <set>

#include "core/time.h"

namespace keel {
namespace {

TEST(Id, IsAWellFormedUlidThatSortsByTime) {
  SeededRandom random(42);
  const Instant early = parse_rfc3339("2026-01-01T00:00:00Z").value();
  const std::string a = new_id(early, random);
  const std::string b = new_id(early + std::chrono::milliseconds{1}, random);
  const std::string c = new_id(early + std::chrono::hours{24 * 365}, random);
  for (const auto& id : {a, b, c}) {
    EXPECT_EQ(id.size(), 26u);
    EXPECT_TRUE(is_valid_id(id)) << id;
  }
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST(Id, EncodesTheTimestampInTheFirstTenCharacters) {
  // 1469918176385 ms is 01ARYZ6S41 in the ULID specification's example.
  SeededRandom random(1);
  EXPECT_EQ(new_id(from_unix_milliseconds(1469918176385LL), random).substr(0, 10), "01ARYZ6S41");
}

TEST(Id, ManyIdsAreDistinct) {
  SystemRandom random;
  std::set<std::string> seen;
  const Instant now = parse_rfc3339("2026-01-01T00:00:00Z").value();
  for (int i = 0; i < 10000; ++i) seen.insert(new_id(now, random));
  EXPECT_EQ(seen.size(), 10000u);
}

TEST(Id, RejectsMalformedIds) {
  EXPECT_FALSE(is_valid_id(""));
  EXPECT_FALSE(is_valid_id("01ARYZ6S41TSV4RRFFQ69G5FA"));    // 25 characters
  EXPECT_FALSE(is_valid_id("01ARYZ6S41TSV4RRFFQ69G5FAVX"));  // 27
  EXPECT_FALSE(is_valid_id("01ARYZ6S41TSV4RRFFQ69G5FAI"));   // I is not in the alphabet
  EXPECT_FALSE(is_valid_id("01aryz6s41tsv4rrffq69g5fav"));   // lower case
  EXPECT_FALSE(is_valid_id("81ARYZ6S41TSV4RRFFQ69G5FAV"));   // more than 128 bits
  EXPECT_TRUE(is_valid_id("01ARYZ6S41TSV4RRFFQ69G5FAV"));
}

TEST(Random, SeededIsDeterministicAndUnitIsInRange) {
  SeededRandom first(7), second(7), other(8);
  for (int i = 0; i < 100; ++i) {
    const auto value = first.next_u64();
    EXPECT_EQ(value, second.next_u64());
    (void)other.next_u64();
  }
  SeededRandom unit(3);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = unit.next_unit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 100000, 0.5, 0.01);
}

}  // namespace
}  // namespace keel
