#include "app/home.h"

#include <algorithm>

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "core/id.h"
#include "core/random.h"
#include "core/time.h"

namespace keel::app {

namespace {

Status make_private_directory(const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error)
    return Status::io_error(fmt::format("cannot create the home directory {}: {}", directory, error.message()));
  if (chmod(directory.c_str(), 0700) != 0) {
    return Status::io_error(fmt::format("cannot make {} private: {}", directory, std::strerror(errno)));
  }
  return Status::ok();
}

Status check_person_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return Status::invalid("a name must have 1 to 64 characters");
  for (char c : name) {
    const bool allowed =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!allowed) return Status::invalid("a name may use only letters, digits, '-', '_' and '.'");
  }
  return Status::ok();
}

}  // namespace

Home::Home(std::string directory, std::unique_ptr<store::StaticKeyProvider> keys, std::unique_ptr<store::Store> store,
           const Clock& clock)
    : directory_(std::move(directory)), keys_(std::move(keys)), store_(std::move(store)), clock_(clock) {}

std::string Home::database_path(const std::string& directory) { return directory + "/keel.db"; }

Result<std::unique_ptr<Home>> Home::create(const CreateOptions& options, const Clock& clock) {
  KEEL_RETURN_IF_ERROR(crypto::initialize());
  const bool with_person = !options.person_name.empty();
  if (with_person) {
    KEEL_RETURN_IF_ERROR(check_person_name(options.person_name));
    KEEL_RETURN_IF_ERROR(validate_time_zone(options.time_zone));
    if (options.passphrase.size() < 8) return Status::invalid("the passphrase must have at least 8 characters");
  }
  const std::string database = database_path(options.directory);
  if (std::filesystem::exists(database)) {
    return Status::conflict(fmt::format("a keel home exists already in {}", options.directory));
  }
  KEEL_RETURN_IF_ERROR(make_private_directory(options.directory));

  auto keys = std::make_unique<store::StaticKeyProvider>();
  store::OpenOptions open_options;
  open_options.path = database;
  open_options.create_if_missing = true;
  open_options.keys = keys.get();
  open_options.clock = &clock;
  KEEL_ASSIGN_OR_RETURN(auto store, store::open_sqlite_store(open_options));

  // A home without its first person is no home: if anything below fails, take the file away again.
  auto remove_partial_home = [&](Status failure) {
    store.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((database + suffix).c_str());
    return failure;
  };
  if (!with_person) return std::unique_ptr<Home>(new Home(options.directory, std::move(keys), std::move(store), clock));
  SystemRandom random;
  store::Person person;
  person.tenant_id = store->default_tenant_id();
  person.person_id = new_id(clock.now(), random);
  person.name = options.person_name;
  person.role = "client";
  person.time_zone = options.time_zone;
  person.created_at = clock.now();
  auto made = crypto::create_person_keys(options.passphrase, person.person_id, options.strength);
  if (!made.is_ok()) return remove_partial_home(made.status());
  person.keys = std::move(made->second);
  if (Status added = store->add_person(person); !added.is_ok()) return remove_partial_home(added);
  keys->add(person.tenant_id, person.person_id, std::move(made->first));
  return std::unique_ptr<Home>(new Home(options.directory, std::move(keys), std::move(store), clock));
}

Result<std::unique_ptr<Home>> Home::open(const std::string& directory, const Clock& clock) {
  KEEL_RETURN_IF_ERROR(crypto::initialize());
  const std::string database = database_path(directory);
  if (!std::filesystem::exists(database)) {
    return Status::not_found(
        fmt::format("there is no keel home in {}; create one with `keel init` or point --home at it", directory));
  }
  auto keys = std::make_unique<store::StaticKeyProvider>();
  store::OpenOptions open_options;
  open_options.path = database;
  open_options.keys = keys.get();
  open_options.clock = &clock;
  KEEL_ASSIGN_OR_RETURN(auto store, store::open_sqlite_store(open_options));
  return std::unique_ptr<Home>(new Home(directory, std::move(keys), std::move(store), clock));
}

Result<store::Person> Home::add_person(const PersonOptions& options) {
  KEEL_RETURN_IF_ERROR(check_person_name(options.name));
  KEEL_RETURN_IF_ERROR(validate_time_zone(options.time_zone));
  static constexpr const char* kRoles[] = {"client", "clinician", "ally", "admin"};
  if (std::find(std::begin(kRoles), std::end(kRoles), options.role) == std::end(kRoles)) {
    return Status::invalid(fmt::format("\"{}\" is not a role; choose client, clinician, ally or admin", options.role));
  }
  if (options.passphrase.size() < 8) return Status::invalid("the password must have at least 8 characters");
  SystemRandom random;
  store::Person person;
  person.tenant_id = store_->default_tenant_id();
  person.person_id = new_id(clock_.now(), random);
  person.name = options.name;
  person.role = options.role;
  person.time_zone = options.time_zone;
  person.created_at = clock_.now();
  KEEL_ASSIGN_OR_RETURN(auto made, crypto::create_person_keys(options.passphrase, person.person_id, options.strength));
  person.keys = std::move(made.second);
  KEEL_RETURN_IF_ERROR(store_->add_person(person));
  return person;
}

Result<store::Person> Home::find_person(const std::string& name) {
  const std::string& tenant = store_->default_tenant_id();
  if (!name.empty()) {
    auto person = store_->find_person_by_name(tenant, name);
    if (!person.is_ok() && person.status().code() == StatusCode::not_found) {
      return Status::not_found(fmt::format("there is nobody called \"{}\" in this home", name));
    }
    return person;
  }
  KEEL_ASSIGN_OR_RETURN(auto people, store_->list_people(tenant));
  if (people.empty()) return Status::not_found("this home has no people yet; create one with `keel init`");
  return people.front();
}

Result<crypto::PersonKeys> Home::unlock(const store::Person& person, std::string_view passphrase) {
  KEEL_ASSIGN_OR_RETURN(auto keys, crypto::unwrap_person_keys(passphrase, person.person_id, person.keys));
  keys_->add(person.tenant_id, person.person_id, keys.clone());
  return keys;
}

void Home::use_keys(const store::Person& person, crypto::PersonKeys keys) {
  keys_->add(person.tenant_id, person.person_id, std::move(keys));
}

Result<std::shared_ptr<const crypto::PersonKeys>> Home::keys_for(const store::Person& person) {
  return keys_->keys_for(person.tenant_id, person.person_id);
}

void Home::forget_keys(const store::Person& person) { keys_->remove(person.tenant_id, person.person_id); }

Status Home::change_passphrase(const store::Person& person, std::string_view old_passphrase,
                               std::string_view new_passphrase, crypto::KdfStrength strength) {
  if (new_passphrase.size() < 8) return Status::invalid("the new passphrase must have at least 8 characters");
  KEEL_ASSIGN_OR_RETURN(auto keys, crypto::unwrap_person_keys(old_passphrase, person.person_id, person.keys));
  KEEL_ASSIGN_OR_RETURN(auto wrapped, crypto::rewrap_person_keys(keys, new_passphrase, person.person_id, strength));
  return store_->update_person_keys(person.tenant_id, person.person_id, wrapped);
}

std::string Home::key_cache_name(const store::Person& person) const {
  std::error_code error;
  auto canonical = std::filesystem::weakly_canonical(directory_, error);
  const std::string where = error ? directory_ : canonical.string();
  return "keel:" + crypto::hash_hex(where).substr(0, 16) + ":" + person.person_id;
}

}  // namespace keel::app
