// libFuzzer target: read_fhir_bundle on FHIR Bundle JSON, and make_fhir_bundle on what it reads.
// The checks live in measures_fuzz_bodies.h, which the corpus replay test in tests/measures/ shares.
#include <cstddef>
#include <cstdint>

#include "fuzz_driver.h"
#include "measures_fuzz_bodies.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  keel::fuzz::stop_unless_ok(keel::fuzz::fuzz_fhir_bundle_one(data, size));
  return 0;
}
