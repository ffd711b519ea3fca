#include "api/stats_cache.h"

#include <iterator>

#include "http/compression.h"

namespace keel::api {

Result<StatsCache::Body> StatsCache::get(const std::string& person_id, const std::string& key,
                                         std::uint64_t change_count, Instant now,
                                         const std::function<Result<std::string>()>& compute) {
  std::promise<Result<Body>> promise;
  std::shared_future<Result<Body>> waiting;
  {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(person_id);
    if (found != entries_.end() && found->second.key == key && found->second.change_count == change_count &&
        now - found->second.made < kLifetime) {
      waiting = found->second.body;
    } else {
      entries_[person_id] = Entry{key, change_count, now, promise.get_future().share()};
    }
  }
  if (waiting.valid()) return waiting.get();

  Result<std::string> computed = compute();
  Result<Body> body =
      computed ? Result<Body>(std::make_shared<const Answer>(Answer{*computed, http::gzip_compress(*computed)}))
               : Result<Body>(computed.status());
  promise.set_value(body);
  if (!body) {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(person_id);
    if (found != entries_.end() && found->second.key == key && found->second.change_count == change_count) {
      entries_.erase(found);
    }
  }
  return body;
}

void StatsCache::forget(const std::string& person_id) {
  std::lock_guard lock(mutex_);
  entries_.erase(person_id);
}

void StatsCache::sweep(Instant now) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const auto& entry) { return now - entry.second.made >= kLifetime; });
}

}  // namespace keel::api
