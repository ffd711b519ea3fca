// Signing in to a keel server: sessions whose tokens are kept only as hashes, a CSRF token per
// session, idle and absolute timeouts, login throttling per account and per address, and the
// same answer (and the same work) for an unknown name as for a wrong password.
//
// A client's data key is unwrapped by their password at sign-in and held in memory only while
// at least one of their sessions lives: the last sign-out or expiry drops it, so a server that
// restarts, or a session that ends, leaves nothing readable behind.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/home.h"
#include "core/clock.h"
#include "core/status.h"
#include "store/store.h"

namespace keel::auth {

struct SessionOptions {
  std::chrono::seconds idle_timeout = std::chrono::minutes(30);
  std::chrono::seconds absolute_timeout = std::chrono::hours(12);
  // Failed sign-ins allowed in `throttle_window` before further attempts are refused (429).
  int failures_per_account = 5;
  int failures_per_address = 20;
  std::chrono::seconds throttle_window = std::chrono::minutes(15);
  int sign_ups_per_address = 10;
  int concurrent_key_derivations = 2;  // Argon2id is slow and memory-hungry on purpose
};

// A live session as a request sees it.
struct Session {
  std::string id;  // a short public handle (the first 16 hex digits of the token's hash), for logs
  store::Person person;
  Instant created_at;
  Instant last_seen_at;
};

struct SignIn {
  std::string token;       // goes into the HttpOnly cookie; keel keeps only its hash
  std::string csrf_token;  // goes to the page, which sends it back in X-CSRF-Token
  Session session;
};

class SessionManager {
 public:
  // `home` must outlive the manager; its key provider is where unwrapped keys are kept.
  SessionManager(app::Home& home, const Clock& clock, SessionOptions options = {});
  ~SessionManager();
  SessionManager(const SessionManager&) = delete;
  SessionManager& operator=(const SessionManager&) = delete;

  // Checks the password by unwrapping the person's keys (at most `concurrent_key_derivations`
  // at a time). An unknown name does the same work with a stand-in, and both answer
  // unauthenticated with the same sentence. Too many recent failures for the name or the
  // address answer `throttled` before any work is done (see throttled_until()).
  Result<SignIn> sign_in(std::string_view name, std::string_view password, std::string_view address);

  // The session of a token, if it is alive; refreshes its idle timer. unauthenticated otherwise.
  Result<Session> authenticate(std::string_view token);

  // True when `csrf_token` is the session's (compared in constant time).
  bool check_csrf(std::string_view token, std::string_view csrf_token);

  // Ends the session (nothing happens for an unknown token). The person's keys go with their
  // last session.
  void sign_out(std::string_view token);

  // Ends every session of a person (after a password change or account deletion).
  void sign_out_everywhere(const store::Person& person);

  // Checks a signed-in person's password again (before deleting their account), with the same
  // gate and throttling as sign-in. unauthenticated when it is wrong.
  Status verify_password(const store::Person& person, std::string_view password, std::string_view address);

  // Re-wraps the person's keys under a new password (at least 8 characters) after checking the
  // current one, then ends every other session of theirs; `keep_token`'s session stays.
  Status change_password(const store::Person& person, std::string_view current_password, std::string_view new_password,
                         std::string_view keep_token, std::string_view address);

  // Deletes the person and every record of theirs after checking the password, and ends their
  // sessions (their keys go with them).
  Status delete_account(const store::Person& person, std::string_view password, std::string_view address);

  // Open sign-up: a new client with keys of their own. At most `sign_ups_per_address` per
  // throttle window from one address; the key derivation goes through the same gate.
  Result<store::Person> sign_up(const app::Home::PersonOptions& options, std::string_view address);

  // Drops expired sessions (and keys nobody needs any more); returns how many ended.
  std::size_t expire();

  // Whether sign-in is refused now for this name or address, and until when.
  std::optional<Instant> throttled_until(std::string_view name, std::string_view address);

  std::size_t live_sessions();

 private:
  struct Entry {
    Session session;
    std::string csrf_hash;
  };
  struct Failures {
    std::vector<Instant> times;
  };
  bool expired(const Entry& entry, Instant now) const;
  // The throttling refusal for a name and address, or ok.
  Status check_throttle(const std::string& name_key, const std::string& address_key);
  // Unwraps the person's stored keys with `password` through the gate; records a failure.
  Status check_password(const store::Person& person, std::string_view password, std::string_view address);
  void end_locked(std::map<std::string, Entry>::iterator position);
  void record_failure(const std::string& name, const std::string& address, Instant now);
  std::optional<Instant> throttled_locked(const std::string& name, const std::string& address, Instant now);

  // Limits key derivations running at once.
  class Gate {
   public:
    explicit Gate(int width) : free_(width) {}
    void enter();
    void leave();

   private:
    std::mutex mutex_;
    std::condition_variable changed_;
    int free_;
  };

  app::Home& home_;
  const Clock& clock_;
  SessionOptions options_;
  Gate gate_;
  std::mutex mutex_;
  std::map<std::string, Entry> sessions_;  // by the token's hash
  std::map<std::string, int> sessions_per_person_;
  std::map<std::string, Failures> failures_by_name_;
  std::map<std::string, Failures> failures_by_address_;
  std::map<std::string, Failures> sign_ups_by_address_;
  crypto::WrappedKeys stand_in_;  // unwrapped for unknown names, so they cost the same
};

}  // namespace keel::auth
