// keel summary (cumulative progress in kind words) and keel demo (a lived-in home to look at).
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "analytics/progress.h"
#include "cli/cli.h"
#include "cli/render.h"
#include "cli/serve.h"
#include "exchange/jsonl.h"
#include "synth/synth.h"

namespace keel::cli {

namespace {

constexpr const char* kDemoName = "demo";
constexpr const char* kDemoPassphrase = "demo-passphrase";

Result<std::vector<domain::Record>> all_records(app::ClientSession& session) {
  std::vector<domain::Record> records;
  for (auto kind : domain::kAllRecordKinds) {
    KEEL_ASSIGN_OR_RETURN(auto some, session.list(kind));
    records.insert(records.end(), std::make_move_iterator(some.begin()), std::make_move_iterator(some.end()));
  }
  return records;
}

nlohmann::json progress_json(const analytics::Progress& progress) {
  auto optional = [](const std::optional<double>& value) { return value ? nlohmann::json(*value) : nlohmann::json(); };
  return {{"urges_logged", progress.urges_logged},
          {"urges_passed", progress.urges_passed},
          {"lapses", progress.lapses},
          {"pauses", progress.pauses},
          {"pauses_ended_lower", progress.pauses_ended_lower},
          {"mean_surf_drop", optional(progress.mean_surf_drop)},
          {"checkin_days", progress.checkin_days},
          {"activities_done", progress.activities_done},
          {"longest_days_between_lapses", optional(progress.longest_days_between_lapses)},
          {"current_days_since_lapse", optional(progress.current_days_since_lapse)},
          {"median_days_between_lapses", optional(progress.median_days_between_lapses)}};
}

Status print_summary(Context& context, app::ClientSession& session) {
  KEEL_ASSIGN_OR_RETURN(auto records, all_records(session));
  const auto progress = analytics::compute_progress(records, context.clock().now());
  std::string text;
  for (const auto& line : analytics::describe_progress(progress)) text += line + "\n";
  const auto weeks = analytics::weekly_counts(records, context.clock().now(), session.person().time_zone, 12);
  text += "\n" + draw_weeks(weeks);
  nlohmann::json json = progress_json(progress);
  json["sentences"] = analytics::describe_progress(progress);
  json["weeks"] = nlohmann::json::array();
  for (const auto& week : weeks) {
    json["weeks"].push_back({{"monday", format_date(week.monday)},
                             {"urges", week.urges},
                             {"passed", week.passed},
                             {"lapses", week.lapses}});
  }
  print_result(context, text, json);
  return Status::ok();
}

Status run_summary(Context& context) {
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  return print_summary(context, *session);
}

struct DemoArguments {
  int days = 180;
  std::uint64_t seed = 7;
  bool fresh = false;
  bool serve = true;
  std::string listen = "127.0.0.1:8080";
};

Status run_demo(Context& context, const DemoArguments& arguments) {
  const std::string directory = context.home_directory();
  if (arguments.fresh) {
    std::error_code ignored;
    std::filesystem::remove(app::Home::database_path(directory), ignored);
    std::filesystem::remove(app::Home::database_path(directory) + "-wal", ignored);
    std::filesystem::remove(app::Home::database_path(directory) + "-shm", ignored);
  }
  const bool exists = std::filesystem::exists(app::Home::database_path(directory));
  std::unique_ptr<app::Home> home;
  if (exists) {
    KEEL_ASSIGN_OR_RETURN(home, app::Home::open(directory, context.clock()));
  } else {
    app::Home::CreateOptions options;
    options.directory = directory;
    options.person_name = kDemoName;
    options.passphrase = kDemoPassphrase;
    options.time_zone = "Europe/Berlin";
    options.strength = crypto::kdf_strength_from_environment(crypto::KdfStrength::moderate);
    KEEL_ASSIGN_OR_RETURN(home, app::Home::create(options, context.clock()));
  }
  KEEL_ASSIGN_OR_RETURN(auto person, home->find_person(kDemoName));
  if (!home->keys_for(person).is_ok()) {
    auto unlocked = home->unlock(person, kDemoPassphrase);
    if (!unlocked.is_ok()) {
      return Status::conflict(
          fmt::format("{} holds a home that is not a demo; use --home to choose another folder", directory));
    }
  }
  app::ClientSession session(home->store(), person, context.clock(), context.random());
  if (!exists) {
    synth::Options options;
    options.days = arguments.days;
    options.seed = arguments.seed;
    options.end = context.clock().now();
    options.time_zone = person.time_zone;
    options.tenant_id = person.tenant_id;
    options.person_id = person.person_id;
    std::stringstream lines;
    for (const auto& record : synth::generate_client(options, 0)) lines << exchange::record_to_line(record) << '\n';
    KEEL_ASSIGN_OR_RETURN(auto summary, session.import_from(lines));
    if (!context.options().json) {
      std::cout << fmt::format("Made a demo home with {} days of synthetic records ({} records).\n", arguments.days,
                               summary.added);
    }
  }
  if (context.options().json) return print_summary(context, session);

  std::cout << fmt::format("\nDemo home: {}\nPerson: {}   passphrase: {}\n", directory, kDemoName, kDemoPassphrase);
  std::cout << "\n== What you have built ==\n";
  KEEL_RETURN_IF_ERROR(print_summary(context, session));
  std::cout << "\n== The last seven days ==\n";
  store::ListQuery recent;
  recent.since = context.clock().now() - std::chrono::hours{24 * 7};
  KEEL_ASSIGN_OR_RETURN(auto urges, session.list(domain::RecordKind::urge, recent));
  for (const auto& record : urges) std::cout << describe_record(record) << '\n';
  KEEL_ASSIGN_OR_RETURN(auto pauses, session.list(domain::RecordKind::pause, recent));
  for (const auto& record : pauses) std::cout << describe_record(record) << '\n';
  KEEL_ASSIGN_OR_RETURN(auto plan, session.latest_plan());
  if (plan) std::cout << "\n== Your plan ==\n" << describe_plan(*plan);
  if (arguments.serve) {
    home.reset();  // the server opens the home itself and unwraps the keys at each sign-in
    std::cout << fmt::format(
        "\nThe web app: open http://{} and sign in as {} with the password {}\n(Ctrl-C stops it)\n", arguments.listen,
        kDemoName, kDemoPassphrase);
    std::cout.flush();
    ServeArguments serve_arguments;
    serve_arguments.listen = arguments.listen;
    return serve(context, serve_arguments);
  }
  std::error_code error;
  auto binary = std::filesystem::read_symlink("/proc/self/exe", error).string();
  if (error) binary = "keel";
  std::cout << fmt::format(
      "\nTry it yourself (the passphrase is {0}):\n"
      "  export KEEL_HOME={1}\n"
      "  {3} unlock --for 15m\n"
      "  {3} urge --intensity 6 --context \"phone in bed\" --emotion lonely\n"
      "  {3} pause\n"
      "  {3} list urges --since {2}\n",
      kDemoPassphrase, std::filesystem::absolute(directory).string(),
      format_date(local_date_of(context.clock().now() - std::chrono::hours{24 * 3}, person.time_zone)), binary);
  return Status::ok();
}

}  // namespace

void add_summary_commands(CLI::App& app, Action& chosen) {
  app.add_subcommand("summary", "Your progress so far: counts that only grow, in plain words")->callback([&chosen] {
    chosen = run_summary;
  });
  auto* demo = app.add_subcommand(
      "demo", "Make (or reopen) a demo home full of synthetic records, show it, and serve it with the web app");
  auto a = std::make_shared<DemoArguments>();
  demo->add_option("--days", a->days, "how many days of synthetic records (default 180)");
  demo->add_option("--seed", a->seed, "the random seed (default 7)");
  demo->add_flag("--fresh", a->fresh, "start the demo home again from scratch");
  demo->add_option("--listen", a->listen, "where to serve the web app and the API")->capture_default_str();
  demo->add_flag("!--no-serve", a->serve, "only make and show the demo home; do not serve it");
  demo->callback([&chosen, a] { chosen = [a](Context& c) { return run_demo(c, *a); }; });
}

}  // namespace keel::cli
