#include "auth/sessions.h"

#include <algorithm>

#include <fmt/format.h>

#include "crypto/keys.h"

namespace keel::auth {

namespace {

// Said for a wrong password and for a name nobody has, alike.
constexpr const char* kWrongSignIn = "that name and password do not match";

// A name or address as a throttling key: case-folded, so "Alex" and "alex" share a counter.
std::string fold(std::string_view text) {
  std::string folded(text);
  std::transform(folded.begin(), folded.end(), folded.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return folded;
}

}  // namespace

void SessionManager::Gate::enter() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return free_ > 0; });
  --free_;
}

void SessionManager::Gate::leave() {
  {
    std::lock_guard lock(mutex_);
    ++free_;
  }
  changed_.notify_one();
}

SessionManager::SessionManager(app::Home& home, const Clock& clock, SessionOptions options)
    : home_(home), clock_(clock), options_(options), gate_(std::max(1, options.concurrent_key_derivations)) {
  // A stand-in wrapped under a random password with the same strength as real people's, so an
  // unknown name costs one key derivation too. Made lazily from the first real person's
  // parameters would leak timing of the first sign-in; make it now.
  const auto strength = crypto::kdf_strength_from_environment(crypto::KdfStrength::moderate);
  auto made = crypto::create_person_keys(crypto::random_token(), "stand-in", strength);
  if (made) stand_in_ = std::move(made->second);
}

SessionManager::~SessionManager() {
  std::lock_guard lock(mutex_);
  while (!sessions_.empty()) end_locked(sessions_.begin());
}

bool SessionManager::expired(const Entry& entry, Instant now) const {
  return now - entry.session.last_seen_at >= options_.idle_timeout ||
         now - entry.session.created_at >= options_.absolute_timeout;
}

void SessionManager::end_locked(std::map<std::string, Entry>::iterator position) {
  const store::Person person = position->second.session.person;
  sessions_.erase(position);
  auto count = sessions_per_person_.find(person.person_id);
  if (count != sessions_per_person_.end() && --count->second <= 0) {
    sessions_per_person_.erase(count);
    home_.forget_keys(person);
  }
}

void SessionManager::record_failure(const std::string& name, const std::string& address, Instant now) {
  failures_by_name_[name].times.push_back(now);
  failures_by_address_[address].times.push_back(now);
}

std::optional<Instant> SessionManager::throttled_locked(const std::string& name, const std::string& address,
                                                        Instant now) {
  std::optional<Instant> until;
  auto check = [&](std::map<std::string, Failures>& table, const std::string& key, int allowed) {
    auto found = table.find(key);
    if (found == table.end()) return;
    auto& times = found->second.times;
    std::erase_if(times, [&](Instant time) { return now - time >= options_.throttle_window; });
    if (times.empty()) {
      table.erase(found);
      return;
    }
    if (static_cast<int>(times.size()) >= allowed) {
      const Instant free_at = times[times.size() - allowed] + options_.throttle_window;
      if (!until || free_at > *until) until = free_at;
    }
  };
  check(failures_by_name_, name, options_.failures_per_account);
  check(failures_by_address_, address, options_.failures_per_address);
  return until;
}

std::optional<Instant> SessionManager::throttled_until(std::string_view name, std::string_view address) {
  std::lock_guard lock(mutex_);
  return throttled_locked(fold(name), fold(address), clock_.now());
}

Status SessionManager::check_throttle(const std::string& name_key, const std::string& address_key) {
  std::lock_guard lock(mutex_);
  if (auto until = throttled_locked(name_key, address_key, clock_.now())) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(*until - clock_.now()).count() + 1;
    return Status::throttled(
        fmt::format("too many attempts to sign in; try again in {} minute{}", minutes, minutes == 1 ? "" : "s"));
  }
  return Status::ok();
}

Result<SignIn> SessionManager::sign_in(std::string_view name, std::string_view password, std::string_view address) {
  const std::string name_key = fold(name);
  const std::string address_key = fold(address);
  KEEL_RETURN_IF_ERROR(check_throttle(name_key, address_key));
  auto person = home_.store().find_person_by_name(home_.store().default_tenant_id(), std::string(name));
  gate_.enter();
  Result<crypto::PersonKeys> keys = person ? crypto::unwrap_person_keys(password, person->person_id, person->keys)
                                           : crypto::unwrap_person_keys(password, "stand-in", stand_in_);
  gate_.leave();
  std::lock_guard lock(mutex_);
  const Instant now = clock_.now();
  if (!person || !keys) {
    if (person && keys.status().code() != StatusCode::unauthenticated) return keys.status();
    if (!person && person.status().code() != StatusCode::not_found) return person.status();
    record_failure(name_key, address_key, now);
    return Status::unauthenticated(kWrongSignIn);
  }
  // A success clears the name's failures (not the address's: one address may try many names).
  failures_by_name_.erase(name_key);
  SignIn signed_in;
  signed_in.token = crypto::random_token();
  signed_in.csrf_token = crypto::random_token();
  const std::string hash = crypto::hash_hex(signed_in.token);
  signed_in.session = Session{hash.substr(0, 16), *person, now, now};
  sessions_[hash] = Entry{signed_in.session, crypto::hash_hex(signed_in.csrf_token)};
  // Under the lock, so that a sign-out of the person's last other session cannot drop the keys
  // between here and the count.
  if (++sessions_per_person_[person->person_id] == 1) home_.use_keys(*person, std::move(keys).value());
  return signed_in;
}

Result<Session> SessionManager::authenticate(std::string_view token) {
  std::lock_guard lock(mutex_);
  auto found = sessions_.find(crypto::hash_hex(token));
  if (found == sessions_.end()) return Status::unauthenticated("please sign in");
  const Instant now = clock_.now();
  if (expired(found->second, now)) {
    end_locked(found);
    return Status::unauthenticated("your session has ended; please sign in again");
  }
  found->second.session.last_seen_at = now;
  return found->second.session;
}

bool SessionManager::check_csrf(std::string_view token, std::string_view csrf_token) {
  std::lock_guard lock(mutex_);
  auto found = sessions_.find(crypto::hash_hex(token));
  if (found == sessions_.end()) return false;
  return crypto::equal_in_constant_time(found->second.csrf_hash, crypto::hash_hex(csrf_token));
}

void SessionManager::sign_out(std::string_view token) {
  std::lock_guard lock(mutex_);
  auto found = sessions_.find(crypto::hash_hex(token));
  if (found != sessions_.end()) end_locked(found);
}

void SessionManager::sign_out_everywhere(const store::Person& person) {
  std::lock_guard lock(mutex_);
  for (auto position = sessions_.begin(); position != sessions_.end();) {
    auto next = std::next(position);
    if (position->second.session.person.person_id == person.person_id) end_locked(position);
    position = next;
  }
}

std::size_t SessionManager::expire() {
  std::lock_guard lock(mutex_);
  const Instant now = clock_.now();
  std::size_t ended = 0;
  for (auto position = sessions_.begin(); position != sessions_.end();) {
    auto next = std::next(position);
    if (expired(position->second, now)) {
      end_locked(position);
      ++ended;
    }
    position = next;
  }
  return ended;
}

std::size_t SessionManager::live_sessions() {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

Status SessionManager::check_password(const store::Person& person, std::string_view password,
                                      std::string_view address) {
  const std::string name_key = fold(person.name);
  const std::string address_key = fold(address);
  KEEL_RETURN_IF_ERROR(check_throttle(name_key, address_key));
  // The stored keys, not the session's copy: the password may have changed since sign-in.
  KEEL_ASSIGN_OR_RETURN(const store::Person stored, home_.store().find_person(person.tenant_id, person.person_id));
  gate_.enter();
  auto keys = crypto::unwrap_person_keys(password, stored.person_id, stored.keys);
  gate_.leave();
  if (keys) return Status::ok();
  if (keys.status().code() != StatusCode::unauthenticated) return keys.status();
  std::lock_guard lock(mutex_);
  record_failure(name_key, address_key, clock_.now());
  return Status::unauthenticated("that password is not right");
}

Status SessionManager::verify_password(const store::Person& person, std::string_view password,
                                       std::string_view address) {
  return check_password(person, password, address);
}

Status SessionManager::change_password(const store::Person& person, std::string_view current_password,
                                       std::string_view new_password, std::string_view keep_token,
                                       std::string_view address) {
  if (new_password.size() < 8) return Status::invalid("the new password must have at least 8 characters");
  KEEL_RETURN_IF_ERROR(check_password(person, current_password, address));
  KEEL_ASSIGN_OR_RETURN(const store::Person stored, home_.store().find_person(person.tenant_id, person.person_id));
  const auto strength = crypto::kdf_strength_from_environment(crypto::KdfStrength::moderate);
  gate_.enter();
  const Status changed = home_.change_passphrase(stored, current_password, new_password, strength);
  gate_.leave();
  KEEL_RETURN_IF_ERROR(changed);
  const std::string kept = crypto::hash_hex(keep_token);
  std::lock_guard lock(mutex_);
  for (auto position = sessions_.begin(); position != sessions_.end();) {
    auto next = std::next(position);
    if (position->second.session.person.person_id == person.person_id && position->first != kept) {
      end_locked(position);
    }
    position = next;
  }
  return Status::ok();
}

Status SessionManager::delete_account(const store::Person& person, std::string_view password,
                                      std::string_view address) {
  KEEL_RETURN_IF_ERROR(check_password(person, password, address));
  KEEL_RETURN_IF_ERROR(home_.store().delete_person(person.tenant_id, person.person_id));
  sign_out_everywhere(person);
  return Status::ok();
}

Result<store::Person> SessionManager::sign_up(const app::Home::PersonOptions& options, std::string_view address) {
  const std::string address_key = fold(address);
  {
    std::lock_guard lock(mutex_);
    auto& times = sign_ups_by_address_[address_key].times;
    const Instant now = clock_.now();
    std::erase_if(times, [&](Instant time) { return now - time >= options_.throttle_window; });
    if (static_cast<int>(times.size()) >= options_.sign_ups_per_address) {
      return Status::throttled("too many new accounts from this address; try again later");
    }
    times.push_back(now);
  }
  gate_.enter();
  auto person = home_.add_person(options);
  gate_.leave();
  return person;
}

}  // namespace keel::auth
