// instruments, score, change: the instruments keel ships, scored and compared without saving
// anything (docs/instruments.md). No home is needed.
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/cli.h"
#include "measures/change.h"
#include "measures/instrument.h"
#include "measures/safety.h"
#include "measures/scoring.h"

namespace keel::cli {

namespace {

using nlohmann::json;

Result<std::vector<measures::Instrument>> shipped_instruments() { return measures::load_shipped_instruments(); }

json coding_json(const std::optional<measures::Coding>& coding) {
  if (!coding) return nullptr;
  return {{"system", coding->system}, {"code", coding->code}, {"display", coding->display}};
}

json band_json(const measures::Band& band) {
  json object = {{"minimum", band.minimum}, {"label", band.label}};
  if (!band.description.empty()) object["description"] = band.description;
  if (band.provisional) object["provisional"] = true;
  return object;
}

// At most `longest` bytes of UTF-8 text, cut at a character boundary and ended with "...".
std::string shorten(const std::string& text, std::size_t longest) {
  if (text.size() <= longest) return text;
  std::size_t end = longest - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "...";
}

// ---- instruments ----

Status run_instruments(Context& context) {
  KEEL_ASSIGN_OR_RETURN(auto instruments, shipped_instruments());
  json list = json::array();
  std::string text = fmt::format("{:<9} {:<64} {:>5}  {:<13} {}\n", "id", "title", "items", "score", "item text");
  for (const auto& instrument : instruments) {
    const std::string range = fmt::format("{} {}-{}", measures::scoring_method_name(instrument.method),
                                          measures::format_score(instrument.minimum_total()),
                                          measures::format_score(instrument.maximum_total()));
    text += fmt::format("{:<9} {:<64} {:>5}  {:<13} {}\n", instrument.id, instrument.title,
                        instrument.total_link_ids.size(), range, measures::text_status_name(instrument.text_status));
    json bands = json::array();
    for (const auto& band : instrument.bands) bands.push_back(band_json(band));
    json subscales = json::array();
    for (const auto& subscale : instrument.subscales) {
      subscales.push_back({{"code", subscale.code}, {"name", subscale.name}, {"items", subscale.link_ids}});
    }
    json reliabilities = json::array();
    for (const auto& reliability : instrument.reliabilities) {
      reliabilities.push_back({{"kind", measures::reliability_kind_name(reliability.kind)},
                               {"value", reliability.value},
                               {"source", reliability.source}});
    }
    list.push_back({{"id", instrument.id},
                    {"title", instrument.title},
                    {"items", instrument.total_link_ids.size()},
                    {"scoring", measures::scoring_method_name(instrument.method)},
                    {"minimum", instrument.minimum_total()},
                    {"maximum", instrument.maximum_total()},
                    {"direction", measures::direction_name(instrument.direction)},
                    {"missing_data", measures::missing_data_rule_name(instrument.missing_data)},
                    {"text", measures::text_status_name(instrument.text_status)},
                    {"code", coding_json(instrument.code)},
                    {"total_code", coding_json(instrument.total_code)},
                    {"bands", bands},
                    {"subscales", subscales},
                    {"reliability", reliabilities},
                    {"reliable_change", measures::change_parameters(instrument).is_ok()},
                    {"copyright", instrument.copyright}});
  }
  text += "\n`keel score ID --answers 1,2,0,...` scores one; docs/instruments.md says where each rule comes from.";
  print_result(context, text, list);
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

// The clinic's crisis text (--crisis-file, else $KEEL_CRISIS_FILE), else keel's. A file that
// cannot be read never hides the text: the default is shown and the problem reported beside it.
measures::CrisisResources crisis_resources(const std::string& option, std::string& problem) {
  std::string path = option;
  if (path.empty()) {
    const char* environment = std::getenv("KEEL_CRISIS_FILE");
    if (environment != nullptr) path = environment;
  }
  if (path.empty()) return measures::default_crisis_resources();
  auto read = measures::read_crisis_resources_file(path);
  if (read) return std::move(read).value();
  problem = read.status().message() + "; showing keel's default crisis text instead";
  return measures::default_crisis_resources();
}

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

json safety_json(const measures::Instrument& instrument, const measures::Score& score,
                 const measures::CrisisResources* crisis, const std::string& crisis_problem) {
  json findings = json::array();
  for (const auto& finding : score.safety_findings) {
    findings.push_back({{"item", finding.link_id},
                        {"item_code", coding_json(finding.item_code)},
                        {"item_text", finding.item_text},
                        {"answer_code", finding.answer_code},
                        {"answer", finding.answer_display},
                        {"score", finding.score},
                        {"kind", finding.kind},
                        {"description", finding.description}});
  }
  json safety = {{"flag", score.safety_flag()},
                 {"checked", !instrument.safety_rules.empty()},
                 {"findings", findings},
                 {"unanswered", score.safety_items_unanswered}};
  if (crisis != nullptr) {
    safety["crisis_resources"] = {{"text", crisis->text}, {"source", crisis->source}};
    if (!crisis_problem.empty()) safety["crisis_file_problem"] = crisis_problem;
  }
  return safety;
}

Status run_score(Context& context, const ScoreArguments& arguments) {
  if (arguments.id == "gas") return run_goal_attainment(context, arguments);
  KEEL_ASSIGN_OR_RETURN(const auto loaded, measures::load_shipped_instrument(arguments.id));
  const measures::Instrument* instrument = &loaded;
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

  json subscales = json::object();
  for (const auto& subscale : score.subscales) {
    subscales[subscale.code] = {{"name", subscale.name},
                                {"score", subscale.value ? json(*subscale.value) : json()},
                                {"band", subscale.band ? json(subscale.band->label) : json()},
                                {"answered", subscale.answered},
                                {"items", subscale.item_count},
                                {"direction", measures::direction_name(subscale.direction)}};
  }
  json items = json::array();
  for (const auto& item : score.items) {
    items.push_back({{"item", item.link_id},
                     {"code", item.code.empty() ? json() : json(item.code)},
                     {"answer", item.code.empty() ? json() : json(item.display)},
                     {"score", item.score ? json(*item.score) : json()}});
  }
  const std::string reading = measures::describe_score(*instrument, score);
  json result = {{"instrument", instrument->id},
                 {"title", instrument->title},
                 {"total", score.total ? json(*score.total) : json()},
                 {"band", score.band ? json(score.band->label) : json()},
                 {"band_provisional", score.band && score.band->provisional},
                 {"minimum", score.minimum},
                 {"maximum", score.maximum},
                 {"scoring", measures::scoring_method_name(score.method)},
                 {"direction", measures::direction_name(score.direction)},
                 {"prorated", score.prorated},
                 {"answered", score.answered},
                 {"items_in_total", score.item_count},
                 {"no_total_reason", score.total ? json() : json(score.no_total_reason)},
                 {"total_code", coding_json(instrument->total_code)},
                 {"subscales", subscales},
                 {"items", items},
                 {"answers", measures::format_answer_scores(*instrument, response)},
                 {"safety", safety_json(*instrument, score, crisis ? &*crisis : nullptr, crisis_problem)},
                 {"reading", reading}};

  std::string text;
  if (score.safety_flag()) {
    text += "!! Safety: ";
    for (const auto& finding : score.safety_findings) {
      text +=
          fmt::format("{} was answered \"{}\" ({}).\n", measures::item_label(*instrument->find_item(finding.link_id)),
                      finding.answer_display, finding.description);
    }
    text += "\n" + crisis->text;
    if (text.back() != '\n') text += '\n';
    text += "\n";
  }
  text += instrument->title + "\n";
  for (std::size_t index = 0; index < instrument->items.size(); ++index) {
    const measures::Item& item = instrument->items[index];
    const measures::ItemScore& answered = score.items[index];
    const std::string shown_text = shorten(item.text, 70);
    text +=
        fmt::format("  {:<4}{}: {}\n", item.prefix.empty() ? item.link_id : item.prefix, shown_text,
                    answered.code.empty() ? std::string("(no answer)")
                    : answered.score ? fmt::format("{} ({})", answered.display, measures::format_score(*answered.score))
                                     : answered.display);
  }
  text += score.total ? fmt::format("Total: {}", measures::format_score(*score.total)) : std::string("Total: none");
  if (score.band) text += fmt::format(" ({})", score.band->label);
  text += "\n";
  for (const auto& subscale : score.subscales) {
    text += fmt::format(
        "  {}: {}{}\n", subscale.name,
        subscale.value ? measures::format_score(*subscale.value) : std::string("none (not every item answered)"),
        subscale.band ? " (" + subscale.band->label + ")" : std::string());
  }
  if (!score.safety_items_unanswered.empty()) {
    text += fmt::format("Note: the safety item{} {} {} not answered; ask about it.\n",
                        score.safety_items_unanswered.size() == 1 ? "" : "s",
                        fmt::join(score.safety_items_unanswered, ", "),
                        score.safety_items_unanswered.size() == 1 ? "was" : "were");
  }
  text += reading;
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
  KEEL_ASSIGN_OR_RETURN(const auto loaded, measures::load_shipped_instrument(arguments.id));
  const measures::Instrument* instrument = &loaded;
  KEEL_ASSIGN_OR_RETURN(auto change, measures::reliable_change(*instrument, arguments.before, arguments.after));
  const auto& reliability = change.parameters.reliability;
  json cut_off = nullptr;
  if (change.cut_off) {
    cut_off = {{"kind", measures::cut_off_kind_name(change.cut_off->kind)},
               {"value", change.cut_off->value},
               {"formula", change.cut_off->formula},
               {"source", change.cut_off->source}};
  }
  const std::string reading = measures::describe_change(change);
  json result = {
      {"instrument", instrument->id},
      {"before", change.before},
      {"after", change.after},
      {"difference", change.difference},
      {"direction", measures::direction_name(change.parameters.direction)},
      {"rci", change.index},
      {"reliable", change.reliable},
      {"improvement", change.improvement},
      {"minimum_reliable_change", change.minimum_reliable_change},
      {"standard_error", change.standard_error},
      {"standard_error_of_difference", change.standard_error_of_difference},
      {"reliability",
       {{"value", reliability.value},
        {"kind", measures::reliability_kind_name(reliability.kind)},
        {"is_alpha", reliability.kind == measures::ReliabilityKind::alpha},
        {"interval", reliability.interval},
        {"source", reliability.source}}},
      {"standard_deviation",
       {{"value", change.parameters.standard_deviation}, {"source", change.parameters.standard_deviation_source}}},
      {"cut_off", cut_off},
      {"before_functional", change.before_functional},
      {"after_functional", change.after_functional},
      {"classification", measures::change_class_name(change.classification)},
      {"notes", change.notes},
      {"reading", reading}};
  std::string text = fmt::format("{}: {} -> {} ({}{})\n", instrument->title, measures::format_score(change.before),
                                 measures::format_score(change.after), change.difference > 0 ? "+" : "",
                                 measures::format_score(change.difference));
  text += fmt::format("Reliable Change Index: {:.2f} ({}; a change needs more than {:.2f} points to be reliable)\n",
                      change.index, change.reliable ? "reliable, |RC| > 1.96" : "not reliable, |RC| <= 1.96",
                      change.minimum_reliable_change);
  if (change.cut_off) {
    text += fmt::format("Cut-off {}: {:.2f}  [{}]\n", measures::cut_off_kind_name(change.cut_off->kind),
                        change.cut_off->value, change.cut_off->formula);
  } else {
    text += "Cut-off: none (no norms)\n";
  }
  text += fmt::format("Classification: {}\n", measures::change_class_name(change.classification));
  text += fmt::format("  r = {:g} ({}{}): {}\n", reliability.value,
                      reliability.kind == measures::ReliabilityKind::alpha ? "Cronbach's alpha" : "test-retest",
                      reliability.interval.empty() ? "" : ", " + reliability.interval, reliability.source);
  text += fmt::format("  s = {:g}: {}\n", change.parameters.standard_deviation,
                      change.parameters.standard_deviation_source);
  // Cut-offs a and b use the norm s came from; c uses both.
  if (change.cut_off && change.cut_off->kind == measures::CutOffKind::c) {
    text += fmt::format("  cut-off norms: {}\n", change.cut_off->source);
  }
  for (const auto& note : change.notes) text += "Note: " + note + ".\n";
  text += reading;
  print_result(context, text, result);
  return Status::ok();
}

}  // namespace

void add_measures_commands(CLI::App& app, Action& chosen) {
  {
    auto* command = app.add_subcommand("instruments", "The questionnaires keel scores (PHQ-9, GAD-7, ...)");
    command->callback([&chosen, command] {
      if (command->get_subcommands().empty()) chosen = run_instruments;
    });
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
