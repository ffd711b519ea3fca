// libFuzzer target: http::parse_target, parse_query, percent decoding, the router's matching and
// JSON error bodies on a request target ("METHOD\ntarget", or a bare target for GET). The checks
// live in http_fuzz_bodies.h, which the corpus replay test in tests/fuzz_replay/ shares.
#include <cstddef>
#include <cstdint>

#include "fuzz_driver.h"
#include "http_fuzz_bodies.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  keel::fuzz::stop_unless_ok(keel::fuzz::fuzz_http_request_one(data, size));
  return 0;
}
