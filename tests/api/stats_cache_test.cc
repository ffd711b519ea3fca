// The stats cache: one computation however many ask at once, a new one when the store changed or
// the key differs, failures not kept, and entries gone after their lifetime or a sign-out.
#include "api/stats_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace keel::api {
namespace {

const Instant kNow = from_unix_milliseconds(1'780'000'000'000);

TEST(StatsCache, ComputesOnceForManyAtOnce) {
  StatsCache cache;
  std::atomic<int> computations{0};
  std::vector<std::thread> callers;
  std::vector<std::string> answers(16);
  for (std::size_t index = 0; index < answers.size(); ++index) {
    callers.emplace_back([&, index] {
      auto body = cache.get("alex", "k", 1, kNow, [&]() -> Result<std::string> {
        ++computations;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return std::string("stats");
      });
      answers[index] = body ? (*body)->json : body.status().message();
    });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(computations.load(), 1);
  for (const auto& answer : answers) EXPECT_EQ(answer, "stats");
}

TEST(StatsCache, ComputesAgainWhenTheStoreOrTheQuestionChanged) {
  StatsCache cache;
  int computations = 0;
  auto compute = [&]() -> Result<std::string> { return "stats " + std::to_string(++computations); };
  EXPECT_EQ((*cache.get("alex", "k", 1, kNow, compute))->json, "stats 1");
  EXPECT_EQ((*cache.get("alex", "k", 1, kNow, compute))->json, "stats 1");
  EXPECT_EQ((*cache.get("alex", "k", 2, kNow, compute))->json, "stats 2") << "something was written";
  EXPECT_EQ((*cache.get("alex", "other", 2, kNow, compute))->json, "stats 3") << "another as_of or since";
  EXPECT_EQ((*cache.get("sam", "other", 2, kNow, compute))->json, "stats 4") << "another person";
  EXPECT_EQ((*cache.get("alex", "other", 2, kNow + StatsCache::kLifetime, compute))->json, "stats 5") << "too old";
}

TEST(StatsCache, KeepsNoFailureAndForgetsOnRequest) {
  StatsCache cache;
  int computations = 0;
  EXPECT_FALSE(cache.get("alex", "k", 1, kNow, [&]() -> Result<std::string> {
    ++computations;
    return Status::corrupt("the disk is on fire");
  }));
  auto compute = [&]() -> Result<std::string> { return "stats " + std::to_string(++computations); };
  EXPECT_EQ((*cache.get("alex", "k", 1, kNow, compute))->json, "stats 2") << "the failure was not kept";
  cache.forget("alex");
  EXPECT_EQ((*cache.get("alex", "k", 1, kNow, compute))->json, "stats 3");
  cache.sweep(kNow + StatsCache::kLifetime);
  EXPECT_EQ((*cache.get("alex", "k", 1, kNow + StatsCache::kLifetime, compute))->json, "stats 4");
}

}  // namespace
}  // namespace keel::api
