// libFuzzer target: parse_answer_scores and score_response on the shipped instruments. The
// checks live in measures_fuzz_bodies.h, which the corpus replay test in tests/measures/ shares.
#include <cstddef>
#include <cstdint>

#include "fuzz_driver.h"
#include "measures_fuzz_bodies.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  keel::fuzz::stop_unless_ok(keel::fuzz::fuzz_answers_one(data, size));
  return 0;
}
