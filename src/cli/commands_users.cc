// user add, user list: the people of a home that `keel serve` signs in. Whoever can open the
// home's files runs these (the machine's administrator); nobody's records are read.
#include <fstream>
#include <memory>

#include <fmt/format.h>

#include "cli/cli.h"
#include "core/time.h"
#include "crypto/keys.h"

namespace keel::cli {

namespace {

struct UserArguments {
  std::string name;
  std::string role = "client";
  std::string password_file;
  std::string time_zone;
};

// The new person's password: the first line of --password-file, else asked twice at a terminal.
Result<std::string> new_password(const UserArguments& arguments, const std::string& name) {
  if (arguments.password_file.empty()) {
    KEEL_ASSIGN_OR_RETURN(auto first, read_secret_from_terminal(fmt::format("Password for {}: ", name)));
    KEEL_ASSIGN_OR_RETURN(auto second, read_secret_from_terminal("The same password again: "));
    if (first != second) return Status::invalid("the two passwords differ; nothing was changed");
    return first;
  }
  std::ifstream file(arguments.password_file);
  if (!file) return Status::not_found(fmt::format("cannot read the password file {}", arguments.password_file));
  std::string line;
  std::getline(file, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Status run_user_add(Context& context, const UserArguments& arguments) {
  KEEL_ASSIGN_OR_RETURN(app::Home * home, context.home());
  const std::string zone = arguments.time_zone.empty() ? system_time_zone() : arguments.time_zone;
  KEEL_RETURN_IF_ERROR(validate_time_zone(zone));
  KEEL_ASSIGN_OR_RETURN(auto password, new_password(arguments, arguments.name));
  app::Home::PersonOptions options{arguments.name, arguments.role, password, zone,
                                   crypto::kdf_strength_from_environment(crypto::KdfStrength::moderate)};
  KEEL_ASSIGN_OR_RETURN(auto person, home->add_person(options));
  print_result(
      context,
      fmt::format("Added {} ({}, time zone {}). Their records will be encrypted with a key only their "
                  "password opens; nobody else, an administrator included, can read them.",
                  person.name, person.role, person.time_zone),
      {{"person_id", person.person_id}, {"name", person.name}, {"role", person.role}, {"time_zone", person.time_zone}});
  return Status::ok();
}

Status run_user_list(Context& context) {
  KEEL_ASSIGN_OR_RETURN(app::Home * home, context.home());
  KEEL_ASSIGN_OR_RETURN(auto people, home->store().list_people(home->store().default_tenant_id()));
  nlohmann::json list = nlohmann::json::array();
  std::string text = fmt::format("{:<24} {:<10} {}\n", "name", "role", "time zone");
  for (const auto& person : people) {
    text += fmt::format("{:<24} {:<10} {}\n", person.name, person.role, person.time_zone);
    list.push_back({{"person_id", person.person_id},
                    {"name", person.name},
                    {"role", person.role},
                    {"time_zone", person.time_zone}});
  }
  if (!text.empty() && text.back() == '\n') text.pop_back();
  print_result(context, text, list);
  return Status::ok();
}

}  // namespace

void add_user_commands(CLI::App& app, Action& chosen) {
  auto* user = app.add_subcommand("user", "The people of this home that `keel serve` signs in");
  user->require_subcommand(1);
  auto a = std::make_shared<UserArguments>();
  auto* add = user->add_subcommand("add", "Add a person with their own password and keys");
  add->add_option("NAME", a->name, "their sign-in name (letters, digits, - _ .)")->required();
  add->add_option("--role", a->role, "client, clinician, ally or admin (default: client)");
  add->add_option("--password-file", a->password_file, "read the password from the first line of this file");
  add->add_option("--time-zone", a->time_zone, "their IANA time zone (default: this machine's)");
  add->callback([&chosen, a] { chosen = [a](Context& c) { return run_user_add(c, *a); }; });
  user->add_subcommand("list", "List the people of this home (names and roles only)")->callback([&chosen] {
    chosen = run_user_list;
  });
}

}  // namespace keel::cli
