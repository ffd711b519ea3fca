// Replays the fuzz_jsonl seed corpus through the fuzz target's own checks, as an ordinary test.
#include <gtest/gtest.h>

#include "fuzz/fuzz_bodies.h"
#include "fuzz_replay/corpus.h"

namespace keel::fuzz {
namespace {

TEST(FuzzJsonlCorpusTest, EveryFilePassesTheFuzzChecks) {
  const std::size_t replayed = replay_corpus("fuzz_jsonl", fuzz_jsonl_one);
  EXPECT_GE(replayed, 40u) << "the corpus in " << corpus_folder("fuzz_jsonl") << " has lost its seeds";
}

}  // namespace
}  // namespace keel::fuzz
