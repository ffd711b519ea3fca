// libFuzzer target: load_questionnaire and merge_licensed_text on FHIR Questionnaire JSON. The
// checks live in measures_fuzz_bodies.h, which the corpus replay test in tests/measures/ shares.
#include <cstddef>
#include <cstdint>

#include "fuzz_driver.h"
#include "measures_fuzz_bodies.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  keel::fuzz::stop_unless_ok(keel::fuzz::fuzz_questionnaire_one(data, size));
  return 0;
}
