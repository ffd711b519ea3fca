// Replays the fuzz_time seed corpus through the fuzz target's own checks, as an ordinary test.
#include <gtest/gtest.h>

#include "fuzz/fuzz_bodies.h"
#include "fuzz_replay/corpus.h"

namespace keel::fuzz {
namespace {

TEST(FuzzTimeCorpusTest, EveryFilePassesTheFuzzChecks) {
  const std::size_t replayed = replay_corpus("fuzz_time", fuzz_time_one);
  EXPECT_GE(replayed, 30u) << "the corpus in " << corpus_folder("fuzz_time") << " has lost its seeds";
}

}  // namespace
}  // namespace keel::fuzz
