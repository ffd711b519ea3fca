// assess, assessments: completing an instrument and saving it (with the crisis text shown at once
// when an answer calls for it), and the saved ones with their scores and reliable change.
#include <unistd.h>

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "app/assessments.h"
#include "cli/cli.h"
#include "cli/measures_output.h"
#include "core/time.h"

namespace keel::cli {

namespace {

using nlohmann::json;

struct AssessArguments {
  std::string id;
  std::string answers;
  std::string at = "now";
  std::string crisis_file;
  CLI::Option* answers_option = nullptr;
};

// The crisis text, shown the moment a flagged answer is given.
void show_crisis_text(const measures::CrisisResources& crisis) {
  std::cout << "\n" << crisis.text << (crisis.text.ends_with('\n') ? "" : "\n") << "\n" << std::flush;
}

// Asks the scored items one at a time on standard input. Each option is chosen by its number in
// the list; "-" leaves an item unanswered, "b" goes back, "q" stops without saving. Returns
// nullopt when the person stopped (or the input ended).
std::optional<measures::Response> ask_items(const measures::Instrument& instrument, const std::string& crisis_file) {
  std::vector<const measures::Item*> items;
  for (const auto& item : instrument.items) {
    if (item.scored) items.push_back(&item);
  }
  measures::Response response;
  response.instrument_id = instrument.id;
  std::cout << instrument.title << "\n";
  if (!instrument.description.empty()) std::cout << instrument.description << "\n";
  for (const std::string& instruction : instrument.instructions) std::cout << "\n" << instruction << "\n";
  std::cout << fmt::format(
      "{} questions. Type the number of your answer and press Enter; - skips a question, b goes back, q stops "
      "without saving.\n",
      items.size());
  bool crisis_shown = false;
  std::size_t index = 0;
  int wrong = 0;
  while (index < items.size()) {
    const measures::Item& item = *items[index];
    std::cout << fmt::format("\n{} of {}. {}\n", index + 1, items.size(), item.text);
    for (std::size_t option = 0; option < item.options.size(); ++option) {
      std::cout << fmt::format("  {}  {}\n", option + 1, item.options[option].display);
    }
    std::cout << "> " << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (line == "q") return std::nullopt;
    if (line == "b") {
      if (index > 0) --index;
      continue;
    }
    if (line == "-") {
      response.answers.erase(item.link_id);
      ++index;
      continue;
    }
    std::size_t chosen = 0;
    try {
      std::size_t used = 0;
      chosen = std::stoul(line, &used);
      if (used != line.size()) chosen = 0;
    } catch (const std::exception&) {
      chosen = 0;
    }
    if (chosen < 1 || chosen > item.options.size()) {
      if (++wrong > 20) return std::nullopt;
      std::cout << fmt::format("Please type a number from 1 to {}, or - to skip.\n", item.options.size());
      continue;
    }
    response.answers[item.link_id] = item.options[chosen - 1].code;
    // The safety rule is checked as soon as its item is answered, not at the end.
    for (const auto& rule : instrument.safety_rules) {
      if (rule.link_id == item.link_id && *item.options[chosen - 1].score > rule.above && !crisis_shown) {
        std::string problem;
        const auto crisis = crisis_resources(crisis_file, problem);
        if (!problem.empty()) std::cerr << "keel: " << problem << '\n';
        std::cout << "\nThank you for answering this honestly. It matters, and you do not have to carry it alone.";
        show_crisis_text(crisis);
        crisis_shown = true;
      }
    }
    ++index;
  }
  return response;
}

Status run_assess(Context& context, const AssessArguments& arguments) {
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  KEEL_ASSIGN_OR_RETURN(const auto catalog, catalog_for(context));
  KEEL_ASSIGN_OR_RETURN(const measures::Instrument* instrument, catalog.find(arguments.id));
  KEEL_ASSIGN_OR_RETURN(const Instant at,
                        parse_user_time(arguments.at, session->person().time_zone, context.clock().now()));
  measures::Response response;
  const bool interactive = arguments.answers_option == nullptr || arguments.answers_option->count() == 0;
  if (interactive) {
    if (context.options().json) {
      return Status::invalid("with --json, give the answers with --answers (one score per item, in order)");
    }
    auto asked = ask_items(*instrument, arguments.crisis_file);
    if (!asked) {
      std::cout << "\nStopped; nothing was saved.\n";
      return Status::ok();
    }
    response = std::move(*asked);
  } else {
    KEEL_ASSIGN_OR_RETURN(response, measures::parse_answer_scores(*instrument, arguments.answers));
  }
  KEEL_ASSIGN_OR_RETURN(auto recorded, app::record_assessment(*session, *instrument, response, at));

  std::optional<measures::CrisisResources> crisis;
  std::string crisis_problem;
  if (recorded.score.safety_flag()) {
    crisis = crisis_resources(arguments.crisis_file, crisis_problem);
    if (!crisis_problem.empty() && !interactive) std::cerr << "keel: " << crisis_problem << '\n';
  }
  json result = score_json(*instrument, recorded.score, response, crisis ? &*crisis : nullptr, crisis_problem);
  result["id"] = recorded.assessment.key.id;
  result["at"] = format_rfc3339(recorded.assessment.at, recorded.assessment.time_zone);
  json events = json::array();
  for (const auto& event : recorded.safety_events) events.push_back(event.key.id);
  result["safety"]["events"] = events;

  // At a terminal the crisis text was also shown when the item was answered; it stays in the summary.
  std::string text = "\n" + score_text(*instrument, recorded.score, crisis ? &*crisis : nullptr);
  text += fmt::format("\nSaved ({}). `keel assessments` shows how it compares with earlier ones.",
                      recorded.assessment.key.id);
  print_result(context, text, result);
  return Status::ok();
}

// ---- assessments ----

struct AssessmentsArguments {
  std::string instrument;
};

std::string change_summary_text(const std::optional<measures::ReliableChange>& change) {
  if (!change) return "";
  return fmt::format("{}{} {}", change->difference > 0 ? "+" : "", measures::format_score(change->difference),
                     measures::change_class_name(change->classification));
}

Status run_assessments(Context& context, const AssessmentsArguments& arguments) {
  KEEL_ASSIGN_OR_RETURN(app::ClientSession * session, context.session());
  KEEL_ASSIGN_OR_RETURN(const auto catalog, catalog_for(context));
  if (!arguments.instrument.empty()) KEEL_RETURN_IF_ERROR(catalog.find(arguments.instrument).status());
  KEEL_ASSIGN_OR_RETURN(auto history, app::assessment_history(*session, catalog, arguments.instrument));
  if (history.empty()) {
    print_result(context,
                 "No assessments saved yet. `keel assess phq-9` asks the nine PHQ-9 questions; `keel instruments` "
                 "lists the others.",
                 json::array());
    return Status::ok();
  }
  json list = json::array();
  std::string text = fmt::format("{:<16}  {:<9} {:>7}  {:<20} {:<24} {:<24}\n", "when", "instrument", "total", "band",
                                 "since previous", "since first");
  std::string notes;
  for (const auto& entry : history) {
    const auto& assessment = entry.assessment;
    list.push_back(app::history_entry_json(entry));
    if (!entry.score) {
      text += fmt::format("{:<16}  {:<9} {:>7}  {}\n", local_time(assessment.at, assessment.time_zone),
                          assessment.instrument, "-", entry.problem);
      continue;
    }
    const measures::Score& score = *entry.score;
    text +=
        fmt::format("{:<16}  {:<9} {:>7}  {:<20} {:<24} {:<24}{}\n", local_time(assessment.at, assessment.time_zone),
                    assessment.instrument, score.total ? measures::format_score(*score.total) : "-",
                    score.band ? shorten(score.band->label, 20) : "", change_summary_text(entry.since_previous),
                    change_summary_text(entry.since_first), score.safety_flag() ? "  (safety item answered)" : "");
  }
  text +=
      "\nA change counts as reliable only when it is larger than measurement error could explain (the Reliable "
      "Change Index); `keel change ID --before X --after Y` explains one.";
  print_result(context, text, list);
  return Status::ok();
}

}  // namespace

void add_assessment_commands(CLI::App& app, Action& chosen) {
  {
    auto* command = app.add_subcommand("assess", "Answer a questionnaire (one question at a time) and save it");
    auto a = std::make_shared<AssessArguments>();
    command->add_option("ID", a->id, "the instrument (`keel instruments` lists them)")->required();
    a->answers_option = command->add_option(
        "--answers", a->answers, "answer without questions: one score per item in order, e.g. 1,2,0,3; - to skip one");
    command->add_option("--at", a->at, "when it was completed (default: now)");
    command->add_option("--crisis-file", a->crisis_file,
                        "the crisis resources to show on a safety flag (default: $KEEL_CRISIS_FILE, else keel's)");
    command->callback([&chosen, a] { chosen = [a](Context& c) { return run_assess(c, *a); }; });
  }
  {
    auto* command = app.add_subcommand("assessments", "Your saved questionnaires: scores, and the change since before");
    auto a = std::make_shared<AssessmentsArguments>();
    command->add_option("--instrument", a->instrument, "only this instrument");
    command->callback([&chosen, a] { chosen = [a](Context& c) { return run_assessments(c, *a); }; });
  }
}

}  // namespace keel::cli
