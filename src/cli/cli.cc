#include "cli/cli.h"

#include <iostream>

namespace keel::cli {

int run(int argc, char** argv, const Clock& clock, Random& random, crypto::KeyCache& key_cache) {
  CLI::App app{"keel: log urges, get through them, and see your progress. Your data stays encrypted on this machine."};
  app.name("keel");
  app.require_subcommand(1);
  app.fallthrough();
  Context context(GlobalOptions{}, clock, random, key_cache);
  auto& options = context.mutable_options();
  app.add_option("--home", options.home, "the home directory (default: $KEEL_HOME, or $XDG_DATA_HOME/keel)");
  app.add_option("--user", options.user, "act as this person of the home (default: the first one)");
  app.add_option("--passphrase-file", options.passphrase_file, "read the passphrase from the first line of this file");
  app.add_flag("--json", options.json, "print machine-readable JSON");
  app.set_version_flag("--version", "keel 0.1.0");

  Action chosen;
  add_home_commands(app, chosen);
  add_record_commands(app, chosen);
  add_pause_commands(app, chosen);
  add_summary_commands(app, chosen);
  add_stats_commands(app, chosen);
  add_measures_commands(app, chosen);
  add_assessment_commands(app, chosen);
  add_serve_commands(app, chosen);
  add_user_commands(app, chosen);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    print_error(options.json, Status::invalid(error.what()));
    std::cerr << "Run `keel --help`, or `keel COMMAND --help`, to see what is expected.\n";
    return exit_code_for(Status::invalid(""));
  }
  if (!chosen) {
    print_error(options.json, Status::invalid("choose a command; `keel --help` lists them"));
    return 2;
  }
  const Status status = chosen(context);
  if (!status.is_ok()) {
    print_error(options.json, status);
    return exit_code_for(status);
  }
  return 0;
}

}  // namespace keel::cli
