// Random: the one source of randomness for ids and synthetic data, injectable for tests.
// Key material never comes from here: crypto/ draws it from libsodium directly.
#pragma once

#include <cstddef>
#include <cstdint>

namespace keel {

class Random {
 public:
  virtual ~Random() = default;
  // Fills `size` bytes at `out`.
  virtual void fill(std::uint8_t* out, std::size_t size) = 0;
  // A uniformly distributed 64-bit value.
  std::uint64_t next_u64();
  // A uniform double in [0, 1).
  double next_unit();
};

// The operating system's random source (getrandom).
class SystemRandom final : public Random {
 public:
  void fill(std::uint8_t* out, std::size_t size) override;
};

// A fast deterministic generator (xoshiro256**, seeded through splitmix64): for tests and synth.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed);
  void fill(std::uint8_t* out, std::size_t size) override;
  std::uint64_t next();

 private:
  std::uint64_t state_[4];
};

}  // namespace keel
