#include "cli/context.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

namespace keel::cli {

int exit_code_for(const Status& status) {
  switch (status.code()) {
    case StatusCode::ok: return 0;
    case StatusCode::invalid_argument: return 2;
    case StatusCode::not_found: return 3;
    case StatusCode::unauthenticated: return 4;
    case StatusCode::locked: return 5;
    case StatusCode::conflict: return 6;
    case StatusCode::corrupt: return 7;
    case StatusCode::io_error: return 8;
    case StatusCode::forbidden: return 9;
    case StatusCode::throttled: return 10;
    case StatusCode::internal: return 70;
  }
  return 1;
}

Context::Context(GlobalOptions options, const Clock& clock, Random& random, crypto::KeyCache& key_cache)
    : options_(std::move(options)), clock_(clock), random_(random), key_cache_(key_cache) {}

std::string Context::home_directory() const {
  if (!options_.home.empty()) return options_.home;
  if (const char* home = std::getenv("KEEL_HOME"); home != nullptr && *home != '\0') return home;
  if (const char* data = std::getenv("XDG_DATA_HOME"); data != nullptr && *data != '\0') {
    return std::string(data) + "/keel";
  }
  if (const char* user_home = std::getenv("HOME"); user_home != nullptr && *user_home != '\0') {
    return std::string(user_home) + "/.local/share/keel";
  }
  return ".keel";
}

Result<app::Home*> Context::home() {
  if (!home_) {
    KEEL_ASSIGN_OR_RETURN(home_, app::Home::open(home_directory(), clock_));
  }
  return home_.get();
}

Result<app::ClientSession*> Context::session() {
  if (session_) return session_.get();
  KEEL_ASSIGN_OR_RETURN(app::Home * opened, home());
  KEEL_ASSIGN_OR_RETURN(auto person, opened->find_person(options_.user));
  if (auto cached = key_cache_.load(opened->key_cache_name(person))) {
    opened->use_keys(person, std::move(*cached));
  } else {
    KEEL_ASSIGN_OR_RETURN(auto passphrase, read_passphrase(fmt::format("Passphrase for {}: ", person.name)));
    KEEL_ASSIGN_OR_RETURN(auto keys, opened->unlock(person, passphrase));
    (void)keys;
  }
  session_ = std::make_unique<app::ClientSession>(opened->store(), person, clock_, random_);
  return session_.get();
}

Result<std::string> read_input_file(const std::string& path, std::size_t largest) {
  std::ifstream file;
  std::istream* input = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return Status::not_found(fmt::format("cannot read the file {}", path));
    input = &file;
  }
  std::string contents;
  char buffer[64 * 1024];
  while (input->read(buffer, sizeof buffer) || input->gcount() > 0) {
    contents.append(buffer, static_cast<std::size_t>(input->gcount()));
    if (contents.size() > largest) {
      return Status::invalid(fmt::format("{} is larger than {} KiB; keel does not read it",
                                         path == "-" ? "the input" : path, largest / 1024));
    }
  }
  if (input->bad()) return Status::io_error(fmt::format("reading {} failed", path));
  return contents;
}

Result<std::string> Context::read_passphrase(const std::string& prompt) {
  if (const char* value = std::getenv("KEEL_PASSPHRASE"); value != nullptr && *value != '\0') return std::string(value);
  if (!options_.passphrase_file.empty()) {
    std::ifstream file(options_.passphrase_file);
    if (!file) return Status::not_found(fmt::format("cannot read the passphrase file {}", options_.passphrase_file));
    std::string line;
    std::getline(file, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) return Status::invalid(fmt::format("the passphrase file {} is empty", options_.passphrase_file));
    return line;
  }
  return read_secret_from_terminal(prompt);
}

Result<std::string> Context::read_new_passphrase(const std::string& prompt) {
  const bool from_terminal = std::getenv("KEEL_PASSPHRASE") == nullptr && options_.passphrase_file.empty();
  KEEL_ASSIGN_OR_RETURN(auto first, read_passphrase(prompt));
  if (!from_terminal) return first;
  KEEL_ASSIGN_OR_RETURN(auto second, read_secret_from_terminal("Once more: "));
  if (first != second) return Status::invalid("the two passphrases differ; nothing was changed");
  return first;
}

Result<std::string> read_secret_from_terminal(const std::string& prompt) {
  FILE* terminal = std::fopen("/dev/tty", "r+");
  if (terminal == nullptr) {
    return Status::locked(
        "keel needs a passphrase: run it in a terminal, set KEEL_PASSPHRASE, use --passphrase-file, or `keel unlock` "
        "first");
  }
  const int fd = fileno(terminal);
  termios old_settings{};
  const bool has_settings = tcgetattr(fd, &old_settings) == 0;
  if (has_settings) {
    termios quiet = old_settings;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  std::fputs(prompt.c_str(), terminal);
  std::fflush(terminal);
  std::string line;
  for (int c = std::fgetc(terminal); c != EOF && c != '\n'; c = std::fgetc(terminal))
    line.push_back(static_cast<char>(c));
  if (has_settings) tcsetattr(fd, TCSAFLUSH, &old_settings);
  std::fputs("\n", terminal);
  std::fclose(terminal);
  if (line.empty()) return Status::invalid("no passphrase was given");
  return line;
}

void print_result(const Context& context, const std::string& text, const nlohmann::json& json) {
  if (context.options().json) {
    std::cout << json.dump() << '\n';
  } else if (!text.empty()) {
    std::cout << text;
    if (text.back() != '\n') std::cout << '\n';
  }
}

void print_error(bool json, const Status& status) {
  if (json) {
    nlohmann::json error = {{"error", {{"code", status_code_name(status.code())}, {"message", status.message()}}}};
    std::cerr << error.dump() << '\n';
  } else {
    std::cerr << "keel: " << status.message() << '\n';
  }
}

}  // namespace keel::cli
