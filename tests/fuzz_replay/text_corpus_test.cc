// Replays the fuzz_text seed corpus through the fuzz target's own checks, as an ordinary test,
// and checks the fuzz target's independent UTF-8 table on the cases that define it.
#include <gtest/gtest.h>

#include "fuzz/fuzz_bodies.h"
#include "fuzz_replay/corpus.h"

namespace keel::fuzz {
namespace {

TEST(FuzzTextCorpusTest, EveryFilePassesTheFuzzChecks) {
  const std::size_t replayed = replay_corpus("fuzz_text", fuzz_text_one);
  EXPECT_GE(replayed, 20u) << "the corpus in " << corpus_folder("fuzz_text") << " has lost its seeds";
}

// The fuzz target is only as good as the table it compares with.
TEST(FuzzTextCorpusTest, TheIndependentTableKnowsTheEdgesOfUtf8) {
  using namespace std::string_view_literals;
  EXPECT_TRUE(is_well_formed_utf8(""sv));
  EXPECT_TRUE(is_well_formed_utf8("\x00"sv));  // NUL is UTF-8; is_valid_text rejects it on its own
  EXPECT_TRUE(is_well_formed_utf8("\x7F\xC2\x80\xDF\xBF"sv));
  EXPECT_TRUE(is_well_formed_utf8("\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF"sv));
  EXPECT_TRUE(is_well_formed_utf8("\xF0\x90\x80\x80\xF4\x8F\xBF\xBF"sv));
  EXPECT_FALSE(is_well_formed_utf8("\x80"sv));
  EXPECT_FALSE(is_well_formed_utf8("\xC0\xAF"sv));          // overlong "/"
  EXPECT_FALSE(is_well_formed_utf8("\xC1\xBF"sv));          // overlong
  EXPECT_FALSE(is_well_formed_utf8("\xE0\x9F\xBF"sv));      // overlong three bytes
  EXPECT_FALSE(is_well_formed_utf8("\xED\xA0\x80"sv));      // a surrogate
  EXPECT_FALSE(is_well_formed_utf8("\xF0\x8F\xBF\xBF"sv));  // overlong four bytes
  EXPECT_FALSE(is_well_formed_utf8("\xF4\x90\x80\x80"sv));  // past U+10FFFF
  EXPECT_FALSE(is_well_formed_utf8("\xF5\x80\x80\x80"sv));
  EXPECT_FALSE(is_well_formed_utf8("\xE2\x82"sv));      // cut short
  EXPECT_FALSE(is_well_formed_utf8("\xE2\x28\xA1"sv));  // a bad continuation byte
}

}  // namespace
}  // namespace keel::fuzz
