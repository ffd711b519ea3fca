// libFuzzer target: exchange::read_lines on an import file, then domain::validate and a write-and-read-back of every
// record. The checks live in fuzz_bodies.h, which the corpus replay tests in tests/fuzz_replay/ share.
#include <cstddef>
#include <cstdint>

#include "fuzz_bodies.h"
#include "fuzz_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  keel::fuzz::stop_unless_ok(keel::fuzz::fuzz_jsonl_one(data, size));
  return 0;
}
