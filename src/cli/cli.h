// The keel command line: `keel <command> [options]`. Each command validates what it is given,
// explains a mistake in one sentence, and exits non-zero without changing anything saved.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace keel::cli {

// What a parsed command will do once all options are known.
using Action = std::function<Status(Context&)>;

// Adds the commands of one area to `app`; a chosen command stores its action in `chosen`.
void add_home_commands(CLI::App& app, Action& chosen);
void add_record_commands(CLI::App& app, Action& chosen);
void add_pause_commands(CLI::App& app, Action& chosen);
void add_summary_commands(CLI::App& app, Action& chosen);
void add_stats_commands(CLI::App& app, Action& chosen);
void add_measures_commands(CLI::App& app, Action& chosen);
void add_assessment_commands(CLI::App& app, Action& chosen);
void add_serve_commands(CLI::App& app, Action& chosen);
void add_user_commands(CLI::App& app, Action& chosen);

// Runs the command line with an injected clock, random source and key cache.
int run(int argc, char** argv, const Clock& clock, Random& random, crypto::KeyCache& key_cache);

}  // namespace keel::cli
