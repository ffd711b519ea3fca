// What every libFuzzer driver in tests/fuzz/ shares: stop at the first failed check, and at the
// first UndefinedBehaviorSanitizer report (the fuzz build compiles UBSan in its recovering mode,
// which would otherwise print and go on). Include it from exactly one file per fuzzer.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "core/status.h"

extern "C" const char* __ubsan_default_options() { return "halt_on_error=1:print_stacktrace=1"; }

namespace keel::fuzz {

// Aborts, so that libFuzzer saves the input, when a body's check broke.
inline void stop_unless_ok(const Status& status) {
  if (status.is_ok()) return;
  std::fprintf(stderr, "\nfuzz check failed: %s\n", status.message().c_str());
  std::abort();
}

}  // namespace keel::fuzz
