#include "core/random.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace keel {

std::uint64_t Random::next_u64() {
  std::uint8_t bytes[8];
  fill(bytes, sizeof bytes);
  std::uint64_t value = 0;
  std::memcpy(&value, bytes, sizeof value);
  return value;
}

double Random::next_unit() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

void SystemRandom::fill(std::uint8_t* out, std::size_t size) {
  while (size > 0) {
    const ssize_t got = getrandom(out, size, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      std::abort();  // the kernel's random source failing is not something to carry on from
    }
    out += got;
    size -= static_cast<std::size_t>(got);
  }
}

namespace {
std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
std::uint64_t rotate_left(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

SeededRandom::SeededRandom(std::uint64_t seed) {
  for (auto& word : state_) word = splitmix64(seed);
}

std::uint64_t SeededRandom::next() {
  const std::uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotate_left(state_[3], 45);
  return result;
}

void SeededRandom::fill(std::uint8_t* out, std::size_t size) {
  while (size > 0) {
    const std::uint64_t word = next();
    const std::size_t take = size < 8 ? size : 8;
    std::memcpy(out, &word, take);
    out += take;
    size -= take;
  }
}

}  // namespace keel
