// libFuzzer target: the JSON body decoders of the HTTP API (src/api/bodies.h). The first byte picks
// the decoder (every record kind for decode_record and decode_record_patch, then decode_object,
// sign-in, sign-up, password change and confirmation, assessment answers), the rest is the body.
// The checks live in api_fuzz_bodies.h, which the corpus replay test in tests/fuzz_replay/ shares.
#include <cstddef>
#include <cstdint>

#include "api_fuzz_bodies.h"
#include "fuzz_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  keel::fuzz::stop_unless_ok(keel::fuzz::fuzz_api_bodies_one(data, size));
  return 0;
}
