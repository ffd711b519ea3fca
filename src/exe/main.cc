// keel's entry point: the only place where the real clock, randomness and key cache are wired in.
#include <clocale>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/random.h"
#include "crypto/key_cache.h"

int main(int argc, char** argv) {
  std::setlocale(LC_ALL, "C");
  keel::SystemClock clock;
  keel::SystemRandom random;
  auto key_cache = keel::crypto::make_kernel_key_cache();
  return keel::cli::run(argc, argv, clock, random, *key_cache);
}
