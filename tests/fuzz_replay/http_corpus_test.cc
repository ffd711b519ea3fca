// Replays the fuzz_http_request seed corpus through the fuzz target's own checks, as an ordinary test.
#include <gtest/gtest.h>

#include "fuzz/http_fuzz_bodies.h"
#include "fuzz_replay/corpus.h"

namespace keel::fuzz {
namespace {

TEST(FuzzHttpRequestCorpusTest, EveryFilePassesTheFuzzChecks) {
  const std::size_t replayed = replay_corpus("fuzz_http_request", fuzz_http_request_one);
  EXPECT_GE(replayed, 30u) << "the corpus in " << corpus_folder("fuzz_http_request") << " has lost its seeds";
}

}  // namespace
}  // namespace keel::fuzz
