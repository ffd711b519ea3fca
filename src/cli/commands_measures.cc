// instruments, score, change: the instruments of the home (keel's, with any licensed text, and a
// clinic's own), scored and compared without saving anything (docs/instruments.md). Without a
// home they use keel's shipped instruments. `instruments load|load-text|remove` change the
// home's set.
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/instrument_catalog.h"
#include "cli/cli.h"
#include "cli/measures_output.h"
#include "measures/change.h"
#include "measures/instrument.h"
#include "measures/safety.h"
#include "measures/scoring.h"

namespace keel::cli {

namespace {

using nlohmann::json;

// ---- instruments ----

Status run_instruments(Context& context) {
  KEEL_ASSIGN_OR_RETURN(const auto catalog, catalog_for(context));
  json list = json::array();
  std::string text =
      fmt::format("{:<9} {:<64} {:>5}  {:<13} {:<11} {}\n", "id", "title", "items", "score", "item text", "from");
  for (const auto& instrument : catalog.instruments()) {
    const char* origin = app::instrument_origin_name(catalog.origin(instrument.id));
    const std::string range = fmt::format("{} {}-{}", measures::scoring_method_name(instrument.method),
                                          measures::format_score(instrument.minimum_total()),
                                          measures::format_score(instrument.maximum_total()));
    text += fmt::format("{:<9} {:<64} {:>5}  {:<13} {:<11} {}\n", instrument.id, shorten(instrument.title, 64),
                        instrument.total_link_ids.size(), range, measures::text_status_name(instrument.text_status),
                        origin);
    json object = measures::instrument_json(instrument);
    object["from"] = origin;
    list.push_back(std::move(object));
  }
  text += "\n`keel score ID --answers 1,2,0,...` scores one; docs/instruments.md says where each rule comes from.";
  print_result(context, text, list);
  return Status::ok();
}

struct LoadArguments {
  std::string id;    // load-text: the instrument; remove: the instrument
  std::string file;  // load: the Questionnaire; load-text: the text
  std::string new_id;
  bool text = false;  // remove: the licensed text rather than a clinic's Questionnaire
};

constexpr std::size_t kLargestInstrumentFile = 4 * 1024 * 1024;

Status run_instruments_load(Context& context, const LoadArguments& arguments) {
  KEEL_ASSIGN_OR_RETURN(app::Home * home, context.home());
  auto text = read_input_file(arguments.file, kLargestInstrumentFile);
  if (!text && text.status().code() == StatusCode::not_found) {
    return Status::not_found(
        fmt::format("cannot read the file {}; `keel instruments load` takes the path of a FHIR R4 Questionnaire "
                    "in JSON (for example a LOINC form saved from LHC-Forms)",
                    arguments.file));
  }
  KEEL_RETURN_IF_ERROR(text.status());
  KEEL_ASSIGN_OR_RETURN(auto loaded, app::load_clinic_questionnaire(home->store(), home->store().default_tenant_id(),
                                                                    *text, arguments.new_id, context.clock()));
  const measures::Instrument& instrument = loaded.instrument;
  std::string words =
      fmt::format("{} {} ({}, {} scored item{}, {} {}-{}).\n", loaded.replaced ? "Reloaded" : "Loaded", instrument.id,
                  instrument.title, instrument.total_link_ids.size(), instrument.total_link_ids.size() == 1 ? "" : "s",
                  measures::scoring_method_name(instrument.method), measures::format_score(instrument.minimum_total()),
                  measures::format_score(instrument.maximum_total()));
  words += "Scoring rules: " + instrument.rules_source + ".\n";
  for (const auto& note : instrument.notes) words += "Note: " + note + ".\n";
  words += fmt::format("`keel assess {}` administers it.", instrument.id);
  print_result(context, words,
               {{"id", instrument.id},
                {"title", instrument.title},
                {"replaced", loaded.replaced},
                {"items", instrument.total_link_ids.size()},
                {"scoring", measures::scoring_method_name(instrument.method)},
                {"minimum", instrument.minimum_total()},
                {"maximum", instrument.maximum_total()},
                {"rules", instrument.rules_source},
                {"notes", instrument.notes}});
  return Status::ok();
}

Status run_instruments_load_text(Context& context, const LoadArguments& arguments) {
  KEEL_ASSIGN_OR_RETURN(app::Home * home, context.home());
  KEEL_ASSIGN_OR_RETURN(auto text, read_input_file(arguments.file, kLargestInstrumentFile));
  KEEL_ASSIGN_OR_RETURN(auto loaded, app::load_licensed_text(home->store(), home->store().default_tenant_id(),
                                                             arguments.id, text, context.clock()));
  std::string words = fmt::format("{} the licensed text of {}; its scores are unchanged.",
                                  loaded.replaced ? "Replaced" : "Added", loaded.instrument.id);
  if (!loaded.still_placeholder.empty()) {
    words += fmt::format("\nThe file gave no text for item{} {}: {} still show{} a placeholder.",
                         loaded.still_placeholder.size() == 1 ? "" : "s", fmt::join(loaded.still_placeholder, ", "),
                         loaded.still_placeholder.size() == 1 ? "it" : "they",
                         loaded.still_placeholder.size() == 1 ? "s" : "");
  }
  print_result(context, words,
               {{"id", loaded.instrument.id},
                {"replaced", loaded.replaced},
                {"text", measures::text_status_name(loaded.instrument.text_status)},
                {"still_placeholder", loaded.still_placeholder}});
  return Status::ok();
}

Status run_instruments_remove(Context& context, const LoadArguments& arguments) {
  KEEL_ASSIGN_OR_RETURN(app::Home * home, context.home());
  KEEL_RETURN_IF_ERROR(home->store().remove_instrument_document(
      home->store().default_tenant_id(), arguments.id,
      arguments.text ? store::InstrumentDocumentKind::licensed_text : store::InstrumentDocumentKind::questionnaire));
  print_result(context,
               arguments.text
                   ? fmt::format("Removed the licensed text of {}; it shows placeholder text again.", arguments.id)
                   : fmt::format("Removed {}. Assessments already saved with it are kept, and are scored "
                                 "again if you load it once more.",
                                 arguments.id),
               {{"removed", arguments.id}, {"text", arguments.text}});
  return Status::ok();
}

// ---- score ----

struct ScoreArguments {
  std::string id;
  std::string answers;
  std::string weights;
  std::string levels;
  std::string crisis_file;
  CLI::Option* answers_option = nullptr;
};

// Splits "1,2,3" into numbers; `what` names the option in messages.
Result<std::vector<double>> number_list(const std::string& text, const char* what) {
  std::vector<double> numbers;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    std::string piece = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!piece.empty() && piece.front() == ' ') piece.erase(piece.begin());
    while (!piece.empty() && piece.back() == ' ') piece.pop_back();
    char* end = nullptr;
    const double value = piece.empty() ? 0 : std::strtod(piece.c_str(), &end);
    if (piece.empty() || end != piece.c_str() + piece.size() || !std::isfinite(value)) {
      return Status::invalid(fmt::format("{}: \"{}\" is not a number; give numbers separated by commas", what, piece));
    }
    numbers.push_back(value);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return numbers;
}

Status run_goal_attainment(Context& context, const ScoreArguments& arguments) {
  if (arguments.weights.empty() || arguments.levels.empty()) {
    return Status::invalid("`keel score gas` needs --weights and --levels, e.g. --weights 1,2,3 --levels 1,0,-1");
  }
  KEEL_ASSIGN_OR_RETURN(auto weights, number_list(arguments.weights, "--weights"));
  KEEL_ASSIGN_OR_RETURN(auto levels, number_list(arguments.levels, "--levels"));
  if (weights.size() != levels.size()) {
    return Status::invalid(
        fmt::format("{} weights but {} levels were given; give one of each per goal", weights.size(), levels.size()));
  }
  std::vector<measures::GoalRating> goals;
  json goal_list = json::array();
  for (std::size_t index = 0; index < weights.size(); ++index) {
    if (levels[index] != std::floor(levels[index]) || std::fabs(levels[index]) > 2) {
      return Status::invalid(
          fmt::format("goal {}: the level must be a whole number from -2 to +2, not {:g}", index + 1, levels[index]));
    }
    const int level = static_cast<int>(levels[index]);
    goals.push_back({weights[index], level});
    goal_list.push_back({{"weight", weights[index]}, {"level", level}});
  }
  KEEL_ASSIGN_OR_RETURN(double t_score, measures::goal_attainment_t_score(goals));
  const std::string reading = measures::describe_goal_attainment(t_score);
  json result = {{"instrument", "gas"},
                 {"t_score", t_score},
                 {"total", t_score},
                 {"goals", goal_list},
                 {"correlation", measures::kGoalCorrelation},
                 {"reading", reading}};
  print_result(context,
               fmt::format("Goal Attainment Scaling T-score: {:.2f} ({} goal{}, rho = {:g})\n{}", t_score, goals.size(),
                           goals.size() == 1 ? "" : "s", measures::kGoalCorrelation, reading),
               result);
  return Status::ok();
}

Status run_score(Context& context, const ScoreArguments& arguments) {
  if (arguments.id == "gas") return run_goal_attainment(context, arguments);
  KEEL_ASSIGN_OR_RETURN(const auto catalog, catalog_for(context));
  KEEL_ASSIGN_OR_RETURN(const measures::Instrument* instrument, catalog.find(arguments.id));
  if (arguments.answers_option == nullptr || arguments.answers_option->count() == 0) {
    return Status::invalid(
        fmt::format("give the answers with --answers: one score per item of {} in order, "
                    "separated by commas (- for an item left unanswered)",
                    instrument->id));
  }
  KEEL_ASSIGN_OR_RETURN(auto response, measures::parse_answer_scores(*instrument, arguments.answers));
  KEEL_ASSIGN_OR_RETURN(auto score, measures::score_response(*instrument, response));

  std::optional<measures::CrisisResources> crisis;
  std::string crisis_problem;
  if (score.safety_flag()) {
    crisis = crisis_resources(arguments.crisis_file, crisis_problem);
    if (!crisis_problem.empty()) std::cerr << "keel: " << crisis_problem << '\n';
  }

  const json result = score_json(*instrument, score, response, crisis ? &*crisis : nullptr, crisis_problem);
  const std::string text = score_text(*instrument, score, crisis ? &*crisis : nullptr);
  print_result(context, text, result);
  return Status::ok();
}

// ---- change ----

struct ChangeArguments {
  std::string id;
  double before = 0;
  double after = 0;
};

Status run_change(Context& context, const ChangeArguments& arguments) {
  KEEL_ASSIGN_OR_RETURN(const auto catalog, catalog_for(context));
  KEEL_ASSIGN_OR_RETURN(const measures::Instrument* instrument, catalog.find(arguments.id));
  KEEL_ASSIGN_OR_RETURN(auto change, measures::reliable_change(*instrument, arguments.before, arguments.after));
  print_result(context, change_text(*instrument, change), change_json(*instrument, change));
  return Status::ok();
}

}  // namespace

void add_measures_commands(CLI::App& app, Action& chosen) {
  {
    auto* command = app.add_subcommand("instruments", "The questionnaires keel scores (PHQ-9, GAD-7, ...)");
    command->callback([&chosen, command] {
      if (command->get_subcommands().empty()) chosen = run_instruments;
    });
    auto a = std::make_shared<LoadArguments>();
    auto* load = command->add_subcommand("load", "Add a clinic's FHIR R4 Questionnaire (a LOINC / LHC-Forms form)");
    load->add_option("FILE", a->file, "the Questionnaire as JSON (- for standard input)")->required();
    load->add_option("--id", a->new_id, "keep it under this id instead of the file's");
    load->callback([&chosen, a] { chosen = [a](Context& c) { return run_instruments_load(c, *a); }; });
    auto* load_text = command->add_subcommand(
        "load-text", "Add the licensed item text of one of keel's scoring-only instruments (bps, ppcs-6, ...)");
    load_text->add_option("ID", a->id, "the instrument")->required();
    load_text->add_option("FILE", a->file, "the text as a FHIR Questionnaire (or its item list) in JSON")->required();
    load_text->callback([&chosen, a] { chosen = [a](Context& c) { return run_instruments_load_text(c, *a); }; });
    auto* remove =
        command->add_subcommand("remove", "Remove a clinic's Questionnaire, or with --text its licensed text");
    remove->add_option("ID", a->id, "the instrument")->required();
    remove->add_flag("--text", a->text, "remove the licensed text of one of keel's instruments");
    remove->callback([&chosen, a] { chosen = [a](Context& c) { return run_instruments_remove(c, *a); }; });
  }
  {
    auto* command = app.add_subcommand("score",
                                       "Score answers to an instrument without saving them; `score gas` "
                                       "gives a Goal Attainment T-score");
    auto a = std::make_shared<ScoreArguments>();
    command->add_option("ID", a->id, "the instrument (`keel instruments` lists them), or gas")->required();
    a->answers_option = command->add_option("--answers", a->answers,
                                            "one score per item in order, e.g. 1,2,0,3; - for an item left unanswered");
    command->add_option("--weights", a->weights, "with gas: each goal's weight, e.g. 1,2,3");
    command->add_option("--levels", a->levels, "with gas: each goal's level from -2 to +2, e.g. 1,0,-1");
    command->add_option("--crisis-file", a->crisis_file,
                        "the crisis resources to show on a safety flag (default: $KEEL_CRISIS_FILE, else keel's)");
    command->callback([&chosen, a] { chosen = [a](Context& c) { return run_score(c, *a); }; });
  }
  {
    auto* command = app.add_subcommand("change", "Reliable change and clinical significance between two totals");
    auto a = std::make_shared<ChangeArguments>();
    command->add_option("ID", a->id, "the instrument")->required();
    command->add_option("--before", a->before, "the earlier total")->required();
    command->add_option("--after", a->after, "the later total")->required();
    command->callback([&chosen, a] { chosen = [a](Context& c) { return run_change(c, *a); }; });
  }
}

}  // namespace keel::cli
