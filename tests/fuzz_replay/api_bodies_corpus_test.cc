// Replays the fuzz_api_bodies seed corpus through the fuzz target's own checks, as an ordinary test,
// and checks that the corpus still reaches every decoder.
#include <set>

#include <gtest/gtest.h>

#include "fuzz/api_fuzz_bodies.h"
#include "fuzz_replay/corpus.h"

namespace keel::fuzz {
namespace {

TEST(FuzzApiBodiesCorpusTest, EveryFilePassesTheFuzzChecks) {
  const std::size_t replayed = replay_corpus("fuzz_api_bodies", fuzz_api_bodies_one);
  EXPECT_GE(replayed, 60u) << "the corpus in " << corpus_folder("fuzz_api_bodies") << " has lost its seeds";
}

TEST(FuzzApiBodiesCorpusTest, TheSeedsReachEverySelector) {
  std::set<std::size_t> selectors;
  for (const auto& path : corpus_files("fuzz_api_bodies")) {
    const std::string bytes = file_bytes(path);
    if (!bytes.empty()) selectors.insert(static_cast<unsigned char>(bytes.front()) % kApiBodySelectorCount);
  }
  EXPECT_EQ(selectors.size(), kApiBodySelectorCount);
}

TEST(FuzzApiBodiesCorpusTest, EveryStoredRecordReads) {
  for (const domain::RecordKind kind : domain::kAllRecordKinds) {
    EXPECT_TRUE(fuzz_stored_record(kind).has_value()) << domain::kind_name(kind);
  }
}

}  // namespace
}  // namespace keel::fuzz
