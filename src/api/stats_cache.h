// The stats of a person as answered last, kept while nothing in the database has changed:
// computing them reads and decrypts every record (tens of milliseconds for two years), and a
// phone opening its Progress page, or a hundred of them at once, should not each pay for that.
// Concurrent requests for the same stats wait for one computation. Entries hold decrypted words
// (tags), so they live at most two minutes and go at once when the person signs out. The body is
// kept gzip-compressed too: two years of stats are some 360 KB of JSON.
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/status.h"

namespace keel::api {

class StatsCache {
 public:
  struct Answer {
    std::string json;
    std::string gzip;  // the same, compressed once for every browser that takes gzip
  };
  using Body = std::shared_ptr<const Answer>;

  // The body for (person, key) computed while the store's change count was `change_count`, or
  // `compute`'s body, made once however many ask at the same time. A failure is not kept.
  Result<Body> get(const std::string& person_id, const std::string& key, std::uint64_t change_count, Instant now,
                   const std::function<Result<std::string>()>& compute);

  // Drops a person's entry (sign-out, account deletion).
  void forget(const std::string& person_id);
  // Drops entries made more than kLifetime before `now`.
  void sweep(Instant now);

  static constexpr std::chrono::minutes kLifetime{2};

 private:
  struct Entry {
    std::string key;
    std::uint64_t change_count = 0;
    Instant made;
    std::shared_future<Result<Body>> body;
  };
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // by person id
};

}  // namespace keel::api
