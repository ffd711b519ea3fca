// Replays the seed corpora of the measures fuzz targets (tests/fuzz/corpus/fuzz_questionnaire/,
// fuzz_answers/ and fuzz_fhir_bundle/) through the fuzz targets' own checks, as ordinary tests.
#include <gtest/gtest.h>

#include "fuzz/measures_fuzz_bodies.h"
#include "fuzz_replay/corpus.h"
#include "measures_test_support.h"

namespace keel::fuzz {
namespace {

TEST(MeasuresFuzzCorpus, EveryQuestionnairePassesTheFuzzChecks) {
  const std::size_t replayed = replay_corpus("fuzz_questionnaire", fuzz_questionnaire_one);
  EXPECT_GE(replayed, 15u) << "the corpus in " << corpus_folder("fuzz_questionnaire") << " has lost its seeds";
}

TEST(MeasuresFuzzCorpus, EveryAnswerTextPassesTheFuzzChecks) {
  const std::size_t replayed = replay_corpus("fuzz_answers", fuzz_answers_one);
  EXPECT_GE(replayed, 20u) << "the corpus in " << corpus_folder("fuzz_answers") << " has lost its seeds";
}

TEST(MeasuresFuzzCorpus, EveryFhirBundlePassesTheFuzzChecks) {
  const std::size_t replayed = replay_corpus("fuzz_fhir_bundle", fuzz_fhir_bundle_one);
  EXPECT_GE(replayed, 15u) << "the corpus in " << corpus_folder("fuzz_fhir_bundle") << " has lost its seeds";
}

// The shipped instruments are the best-formed inputs there are: each passes the loader's checks.
TEST(MeasuresFuzzCorpus, EveryShippedInstrumentPassesTheLoaderChecks) {
  for (const auto& instrument : measures::testing::shipped()) {
    const std::string text = instrument.questionnaire.dump();
    const Status status = fuzz_questionnaire_one(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    EXPECT_TRUE(status.is_ok()) << instrument.id << ": " << status.message();
  }
}

}  // namespace
}  // namespace keel::fuzz
