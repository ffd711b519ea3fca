// What every command shares: the global options, the way a home is found and unlocked, and
// how results and errors are printed (plain words, or JSON with --json).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/client_session.h"
#include "app/home.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/status.h"
#include "crypto/key_cache.h"

namespace keel::cli {

struct GlobalOptions {
  std::string home;             // --home, else KEEL_HOME, else $XDG_DATA_HOME/keel, else ~/.local/share/keel
  std::string user;             // --user: a person in the home other than the first
  std::string passphrase_file;  // --passphrase-file
  bool json = false;            // --json
};

// Exit codes, documented in docs/cli.md.
int exit_code_for(const Status& status);

// Everything a command needs, made once per run.
class Context {
 public:
  Context(GlobalOptions options, const Clock& clock, Random& random, crypto::KeyCache& key_cache);

  const GlobalOptions& options() const { return options_; }
  GlobalOptions& mutable_options() { return options_; }
  const Clock& clock() const { return clock_; }
  Random& random() { return random_; }
  crypto::KeyCache& key_cache() { return key_cache_; }

  // The home directory after defaults are applied.
  std::string home_directory() const;

  // Opens the home (not yet unlocked).
  Result<app::Home*> home();

  // Opens the home and unlocks the chosen person: from the key cache (`keel unlock`), else with
  // a passphrase from KEEL_PASSPHRASE, --passphrase-file or a prompt without echo.
  Result<app::ClientSession*> session();

  // A passphrase from KEEL_PASSPHRASE, --passphrase-file or the terminal (`prompt` is shown).
  Result<std::string> read_passphrase(const std::string& prompt);
  // A new passphrase: from the same sources, asked twice at a terminal.
  Result<std::string> read_new_passphrase(const std::string& prompt);

 private:
  GlobalOptions options_;
  const Clock& clock_;
  Random& random_;
  crypto::KeyCache& key_cache_;
  std::unique_ptr<app::Home> home_;
  std::unique_ptr<app::ClientSession> session_;
};

// Prints a command's result: `text` for people, `json` with --json.
void print_result(const Context& context, const std::string& text, const nlohmann::json& json);
// Prints a failure to standard error: "keel: <sentence>" or a JSON error object.
void print_error(bool json, const Status& status);

// The whole of a file a person named ("-": standard input), refusing one larger than `largest`
// bytes. not_found with the path when it cannot be read.
Result<std::string> read_input_file(const std::string& path, std::size_t largest);

// Reads a line from the terminal without echo (for passphrases). Fails when there is no terminal.
Result<std::string> read_secret_from_terminal(const std::string& prompt);

}  // namespace keel::cli
