// libFuzzer target: domain::is_valid_text against an independent table-driven UTF-8 check.
// The checks live in fuzz_bodies.h, which the corpus replay tests in tests/fuzz_replay/ share.
#include <cstddef>
#include <cstdint>

#include "fuzz_bodies.h"
#include "fuzz_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  keel::fuzz::stop_unless_ok(keel::fuzz::fuzz_text_one(data, size));
  return 0;
}
