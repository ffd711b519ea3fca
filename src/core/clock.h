// Clock: the one way keel code learns the time, so tests can fix it.
#pragma once

#include <chrono>

namespace keel {

// A UTC instant with millisecond precision. Every stored event time is one of these.
using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  // The current UTC instant.
  virtual Instant now() const = 0;
};

// The operating system's clock.
class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

// A clock that only moves when told to: for tests and reproducible runs.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : now_(start) {}
  Instant now() const override { return now_; }
  void set(Instant instant) { now_ = instant; }
  void advance(std::chrono::milliseconds by) { now_ += by; }

 private:
  Instant now_;
};

// Milliseconds since the Unix epoch, and back.
inline long long to_unix_milliseconds(Instant instant) { return instant.time_since_epoch().count(); }
inline Instant from_unix_milliseconds(long long milliseconds) {
  return Instant{std::chrono::milliseconds{milliseconds}};
}

}  // namespace keel
