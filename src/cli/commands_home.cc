// init, unlock, lock, passwd, export, import, backup, synth, demo.
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "app/assessments.h"
#include "cli/cli.h"
#include "cli/measures_output.h"
#include "cli/render.h"
#include "core/time.h"
#include "exchange/jsonl.h"
#include "synth/synth.h"

namespace keel::cli {

namespace {

std::string default_person_name() {
  const char* user = std::getenv("USER");
  std::string name = user != nullptr && *user != '\0' ? user : "me";
  return name;
}

// Writes `content` to `path` through a private temporary file and a rename, so a reader never
// sees half a file and nobody else can read it.
Status write_private_file(const std::string& path, const std::function<Status(std::ostream&)>& write) {
  const std::string temporary = path + ".partial";
  {
    const mode_t old_mask = umask(077);
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    umask(old_mask);
    if (!file) return Status::io_error(fmt::format("cannot write {}", path));
    KEEL_RETURN_IF_ERROR(write(file));
    file.flush();
    if (!file) {
      std::remove(temporary.c_str());
      return Status::io_error(fmt::format("writing {} failed (is the disk full?)", path));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return Status::io_error(fmt::format("cannot write {}", path));
  }
  return Status::ok();
}

Status run_init(Context& context, const std::string& name, const std::string& time_zone) {
  app::Home::CreateOptions options;
  options.directory = context.home_directory();
  options.person_name = name.empty() ? default_person_name() : name;
  options.time_zone = time_zone.empty() ? system_time_zone() : time_zone;
  options.strength = crypto::kdf_strength_from_environment(crypto::KdfStrength::moderate);
  if (std::filesystem::exists(app::Home::database_path(options.directory))) {
    return Status::conflict(fmt::format("a keel home exists already in {}; nothing was changed", options.directory));
  }
  KEEL_RETURN_IF_ERROR(validate_time_zone(options.time_zone));
  KEEL_ASSIGN_OR_RETURN(options.passphrase,
                        context.read_new_passphrase("Choose a passphrase (at least 8 characters): "));
  KEEL_ASSIGN_OR_RETURN(auto home, app::Home::create(options, context.clock()));
  KEEL_ASSIGN_OR_RETURN(auto person, home->find_person(""));
  print_result(context,
               fmt::format("Created your keel home in {} for {} (time zone {}).\n"
                           "Everything you write is encrypted with your passphrase. Keep it safe: it cannot be "
                           "recovered.\nNext: `keel unlock --for 15m`, then `keel urge --intensity 5` or `keel pause`.",
                           options.directory, person.name, person.time_zone),
               {{"home", options.directory},
                {"person_id", person.person_id},
                {"name", person.name},
                {"time_zone", person.time_zone}});
  return Status::ok();
}

Status run_unlock(Context& context, const std::string& lifetime_text) {
  KEEL_ASSIGN_OR_RETURN(auto lifetime, parse_duration(lifetime_text));
  if (lifetime.count() <= 0) return Status::invalid("unlock for at least one second, for example --for 15m");
  if (lifetime > std::chrono::hours{24}) return Status::invalid("unlock for at most 24 hours at a time");
  KEEL_ASSIGN_OR_RETURN(app::Home * home, context.home());
  KEEL_ASSIGN_OR_RETURN(auto person, home->find_person(context.options().user));
  KEEL_ASSIGN_OR_RETURN(auto passphrase, context.read_passphrase(fmt::format("Passphrase for {}: ", person.name)));
  KEEL_ASSIGN_OR_RETURN(auto keys, home->unlock(person, passphrase));
  KEEL_RETURN_IF_ERROR(context.key_cache().store(home->key_cache_name(person), keys, lifetime));
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(lifetime).count();
  print_result(context,
               minutes > 0 ? fmt::format("Unlocked for {} minutes. `keel lock` locks again sooner.", minutes)
                           : fmt::format("Unlocked for {} seconds.", lifetime.count()),
               {{"unlocked", true}, {"seconds", lifetime.count()}});
  return Status::ok();
}

Status run_lock(Context& context) {
  KEEL_ASSIGN_OR_RETURN(app::Home * home, context.home());
  KEEL_ASSIGN_OR_RETURN(auto person, home->find_person(context.options().user));
  KEEL_RETURN_IF_ERROR(context.key_cache().forget(home->key_cache_name(person)));
  print_result(context, "Locked. The next command asks for your passphrase.", {{"locked", true}});
  return Status::ok();
}

Status run_passwd(Context& context) {
  KEEL_ASSIGN_OR_RETURN(app::Home * home, context.home());
  KEEL_ASSIGN_OR_RETURN(auto person, home->find_person(context.options().user));
  std::string old_passphrase, new_passphrase;
  if (const char* next = std::getenv("KEEL_NEW_PASSPHRASE"); next != nullptr && *next != '\0') {
    // For scripts: the current one from the usual sources, the new one from KEEL_NEW_PASSPHRASE.
    KEEL_ASSIGN_OR_RETURN(old_passphrase, context.read_passphrase("Current passphrase: "));
    new_passphrase = next;
  } else {
    KEEL_ASSIGN_OR_RETURN(old_passphrase, read_secret_from_terminal("Current passphrase: "));
    KEEL_ASSIGN_OR_RETURN(new_passphrase, read_secret_from_terminal("New passphrase (at least 8 characters): "));
    KEEL_ASSIGN_OR_RETURN(auto again, read_secret_from_terminal("Once more: "));
    if (again != new_passphrase) return Status::invalid("the two new passphrases differ; nothing was changed");
  }
  KEEL_RETURN_IF_ERROR(home->change_passphrase(person, old_passphrase, new_passphrase,
                                               crypto::kdf_strength_from_environment(crypto::KdfStrength::moderate)));
  print_result(context, "Your passphrase is changed. Your records were not touched.", {{"changed", true}});
  return Status::ok();
}

struct ExportArguments {
  std::string out;
  std::string format = "jsonl";
};

Status run_export(Context& context, const ExportArguments& arguments) {
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  std::function<Status(std::ostream&)> write = [&](std::ostream& output) { return session->export_to(output); };
  std::string what = "everything";
  if (arguments.format == "fhir") {
    KEEL_ASSIGN_OR_RETURN(auto catalog, catalog_for(context));
    write = [session, catalog = std::move(catalog)](std::ostream& output) {
      return app::export_assessments_fhir(*session, catalog, output);
    };
    what = "your assessments as a FHIR R4 Bundle";
  }
  if (arguments.out.empty() || arguments.out == "-") return write(std::cout);
  KEEL_RETURN_IF_ERROR(write_private_file(arguments.out, write));
  print_result(context, fmt::format("Exported {} to {} (readable only by you).", what, arguments.out),
               {{"out", arguments.out}, {"format", arguments.format}});
  return Status::ok();
}

// A FHIR Bundle is one JSON object with a resourceType; an export is JSON Lines.
bool is_fhir_resource(const std::string& text) {
  const auto parsed = nlohmann::json::parse(text, nullptr, false);
  return !parsed.is_discarded() && parsed.is_object() && parsed.contains("resourceType");
}

Status run_import(Context& context, const std::string& path) {
  constexpr std::size_t kLargestImport = 1024ull * 1024 * 1024;
  KEEL_ASSIGN_OR_RETURN(const std::string text, read_input_file(path, kLargestImport));
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  app::ImportSummary summary;
  if (is_fhir_resource(text)) {
    KEEL_ASSIGN_OR_RETURN(auto catalog, catalog_for(context));
    KEEL_ASSIGN_OR_RETURN(summary, app::import_assessments_fhir(*session, catalog, text));
  } else {
    std::istringstream input(text);
    KEEL_ASSIGN_OR_RETURN(summary, session->import_from(input));
  }
  print_result(context,
               fmt::format("Read {} records: {} added, {} updated, {} already there.", summary.lines, summary.added,
                           summary.updated, summary.unchanged),
               {{"records", summary.lines},
                {"added", summary.added},
                {"updated", summary.updated},
                {"unchanged", summary.unchanged}});
  return Status::ok();
}

Status run_backup(Context& context, const std::string& path) {
  KEEL_ASSIGN_OR_RETURN(app::Home * home, context.home());
  KEEL_RETURN_IF_ERROR(home->store().backup(path));
  print_result(context,
               fmt::format("Backed up to {}. Open it with `keel --home DIR` after copying it to DIR/keel.db; it "
                           "needs the same passphrase.",
                           path),
               {{"backup", path}});
  return Status::ok();
}

struct SynthArguments {
  int days = 180;
  std::uint64_t seed = 1;
  int clients = 1;
  std::string out;
  std::string time_zone = "Europe/Berlin";
  std::string end;
};

Result<synth::Options> synth_options(Context& context, const SynthArguments& arguments) {
  if (arguments.days < 1 || arguments.days > 3660) return Status::invalid("days must be between 1 and 3660");
  if (arguments.clients < 1 || arguments.clients > 100000)
    return Status::invalid("clients must be between 1 and 100000");
  KEEL_RETURN_IF_ERROR(validate_time_zone(arguments.time_zone));
  synth::Options options;
  options.days = arguments.days;
  options.seed = arguments.seed;
  options.time_zone = arguments.time_zone;
  options.tenant_id = "synth";
  options.person_id = "synth";
  options.end = context.clock().now();
  if (!arguments.end.empty()) {
    KEEL_ASSIGN_OR_RETURN(options.end, parse_user_time(arguments.end, arguments.time_zone, context.clock().now()));
  }
  return options;
}

Status write_synth_client(const synth::Options& options, int client, std::ostream& output) {
  exchange::Header header;
  header.exported_at = format_rfc3339(options.end, options.time_zone);
  header.time_zone = options.time_zone;
  header.generator = fmt::format("keel synth seed={} client={}", options.seed, client);
  output << exchange::header_to_line(header) << '\n';
  for (const auto& record : synth::generate_client(options, client)) output << exchange::record_to_line(record) << '\n';
  output.flush();
  return output ? Status::ok() : Status::io_error("the synthetic data could not be written completely");
}

Status run_synth(Context& context, const SynthArguments& arguments) {
  KEEL_ASSIGN_OR_RETURN(auto options, synth_options(context, arguments));
  if (arguments.clients == 1) {
    if (arguments.out.empty() || arguments.out == "-") return write_synth_client(options, 0, std::cout);
    return write_private_file(arguments.out, [&](std::ostream& file) { return write_synth_client(options, 0, file); });
  }
  if (arguments.out.empty()) return Status::invalid("with --clients above 1, --out names a directory for the files");
  std::error_code error;
  std::filesystem::create_directories(arguments.out, error);
  if (error) return Status::io_error(fmt::format("cannot create {}: {}", arguments.out, error.message()));
  for (int client = 0; client < arguments.clients; ++client) {
    const auto path = fmt::format("{}/client-{:05}.jsonl", arguments.out, client + 1);
    KEEL_RETURN_IF_ERROR(
        write_private_file(path, [&](std::ostream& file) { return write_synth_client(options, client, file); }));
    if (!context.options().json && arguments.clients >= 20 && (client + 1) % (arguments.clients / 20) == 0) {
      std::cerr << fmt::format("\rsynth: {:>3}% [{:<20}]", (client + 1) * 100 / arguments.clients,
                               std::string(static_cast<std::size_t>((client + 1) * 20 / arguments.clients), '#'))
                << std::flush;
    }
  }
  if (!context.options().json && arguments.clients >= 20) std::cerr << '\n';
  print_result(context, fmt::format("Wrote {} synthetic clients to {}.", arguments.clients, arguments.out),
               {{"clients", arguments.clients}, {"out", arguments.out}});
  return Status::ok();
}

}  // namespace

void add_home_commands(CLI::App& app, Action& chosen) {
  {
    auto* command = app.add_subcommand("init", "Create a new encrypted home with you as its first person");
    auto name = std::make_shared<std::string>();
    auto zone = std::make_shared<std::string>();
    command->add_option("--name", *name, "your name in this home (letters, digits, - _ .; default: your login)");
    command->add_option("--time-zone", *zone, "your IANA time zone, e.g. Europe/Berlin (default: this machine's)");
    command->callback(
        [&chosen, name, zone] { chosen = [name, zone](Context& c) { return run_init(c, *name, *zone); }; });
  }
  {
    auto* command = app.add_subcommand("unlock", "Keep your key unlocked for a while so commands don't ask again");
    auto lifetime = std::make_shared<std::string>("15m");
    command->add_option("--for", *lifetime, "how long: 90s, 15m, 2h (default 15m, at most 24h)");
    command->callback([&chosen, lifetime] { chosen = [lifetime](Context& c) { return run_unlock(c, *lifetime); }; });
  }
  app.add_subcommand("lock", "Forget the unlocked key now")->callback([&chosen] { chosen = run_lock; });
  app.add_subcommand("passwd", "Change your passphrase (your records are not touched)")->callback([&chosen] {
    chosen = run_passwd;
  });
  {
    auto* command = app.add_subcommand(
        "export", "Write every record, decrypted, as JSON Lines (docs/data-format.md), or assessments as FHIR");
    auto a = std::make_shared<ExportArguments>();
    command->add_option("--out", a->out, "the file to write (default: standard output)");
    command
        ->add_option("--format", a->format, "jsonl (everything, the default) or fhir (assessments, a FHIR R4 Bundle)")
        ->check(CLI::IsMember({"jsonl", "fhir"}));
    command->callback([&chosen, a] { chosen = [a](Context& c) { return run_export(c, *a); }; });
  }
  {
    auto* command =
        app.add_subcommand("import", "Add the records of an export (JSON Lines or a FHIR Bundle); all or nothing");
    auto path = std::make_shared<std::string>();
    command
        ->add_option("FILE", *path,
                     "a file written by `keel export` (either format) or `keel synth`; - for standard input")
        ->required();
    command->callback([&chosen, path] { chosen = [path](Context& c) { return run_import(c, *path); }; });
  }
  {
    auto* command = app.add_subcommand("backup", "Copy the whole home database consistently, even while in use");
    auto path = std::make_shared<std::string>();
    command->add_option("FILE", *path, "where to write the copy (must not exist)")->required();
    command->callback([&chosen, path] { chosen = [path](Context& c) { return run_backup(c, *path); }; });
  }
  {
    auto* command = app.add_subcommand("synth", "Make synthetic client data (docs/synthetic-model.md)");
    auto arguments = std::make_shared<SynthArguments>();
    command->add_option("--days", arguments->days, "how many days (default 180)");
    command->add_option("--seed", arguments->seed, "the random seed; the same seed and --end give the same data");
    command->add_option("--clients", arguments->clients, "how many clients (default 1)");
    command->add_option("--out", arguments->out, "a file (one client) or a directory (several); default stdout");
    command->add_option("--time-zone", arguments->time_zone, "the clients' time zone (default Europe/Berlin)");
    command->add_option("--end", arguments->end, "the end of the period (default now)");
    command->callback([&chosen, arguments] { chosen = [arguments](Context& c) { return run_synth(c, *arguments); }; });
  }
}

}  // namespace keel::cli
