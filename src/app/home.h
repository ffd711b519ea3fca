// A keel home: a directory holding one database with one or more people. Home opens or
// creates it and unlocks a person's keys; ClientSession (client_session.h) is what a person
// does with their own records. The CLI and the HTTP API both work through these.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"
#include "crypto/key_cache.h"
#include "crypto/keys.h"
#include "store/store.h"

namespace keel::app {

class Home {
 public:
  struct CreateOptions {
    std::string directory;
    std::string person_name;  // the first person, the local client; empty: no one yet (a server's home)
    std::string passphrase;
    std::string time_zone;  // IANA name
    crypto::KdfStrength strength = crypto::KdfStrength::moderate;
  };

  // Makes the directory (mode 0700), the database, and the first person with new keys (unless
  // `person_name` is empty: a server's people come with `keel user add` or sign-up).
  // conflict when a home exists there already.
  static Result<std::unique_ptr<Home>> create(const CreateOptions& options, const Clock& clock);

  // Opens an existing home. not_found when there is none; corrupt when the file is damaged.
  static Result<std::unique_ptr<Home>> open(const std::string& directory, const Clock& clock);

  struct PersonOptions {
    std::string name;
    std::string role = "client";  // client | clinician | ally | admin
    std::string passphrase;       // at least 8 characters; wraps the person's own new keys
    std::string time_zone;
    crypto::KdfStrength strength = crypto::KdfStrength::moderate;
  };
  // Adds a person with new keys of their own. conflict when the name is taken.
  Result<store::Person> add_person(const PersonOptions& options);

  // The path of the database file inside a home directory.
  static std::string database_path(const std::string& directory);

  // A person by login name; an empty name means the first person made (the local client).
  Result<store::Person> find_person(const std::string& name);

  // Unwraps the person's keys with their passphrase and keeps them for this process.
  // unauthenticated when the passphrase is wrong; nothing is changed either way.
  Result<crypto::PersonKeys> unlock(const store::Person& person, std::string_view passphrase);
  // Makes already unwrapped keys (from the key cache) available for this process.
  void use_keys(const store::Person& person, crypto::PersonKeys keys);
  // The unwrapped keys of a person, when this process has them.
  Result<std::shared_ptr<const crypto::PersonKeys>> keys_for(const store::Person& person);
  // Drops the person's unwrapped keys from this process (a server, when their last session ends).
  void forget_keys(const store::Person& person);

  // Re-wraps a person's keys under a new passphrase. The records are untouched.
  Status change_passphrase(const store::Person& person, std::string_view old_passphrase,
                           std::string_view new_passphrase, crypto::KdfStrength strength);

  // The name under which this home's person keeps unlocked keys in the key cache.
  std::string key_cache_name(const store::Person& person) const;

  store::Store& store() { return *store_; }
  const std::string& directory() const { return directory_; }

 private:
  Home(std::string directory, std::unique_ptr<store::StaticKeyProvider> keys, std::unique_ptr<store::Store> store,
       const Clock& clock);

  std::string directory_;
  std::unique_ptr<store::StaticKeyProvider> keys_;
  std::unique_ptr<store::Store> store_;
  const Clock& clock_;
};

}  // namespace keel::app
