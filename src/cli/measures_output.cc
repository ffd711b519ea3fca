#include "cli/measures_output.h"

#include <cstdlib>
#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace keel::cli {

using nlohmann::json;

Result<app::InstrumentCatalog> catalog_for(Context& context) {
  auto home = context.home();
  if (!home) {
    if (home.status().code() == StatusCode::not_found) return app::InstrumentCatalog::shipped();
    return home.status();
  }
  auto catalog = app::InstrumentCatalog::of_home((*home)->store(), (*home)->store().default_tenant_id());
  if (catalog) {
    for (const auto& problem : catalog->problems()) std::cerr << "keel: note: " << problem << '\n';
  }
  return catalog;
}

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

json score_json(const measures::Instrument& instrument, const measures::Score& score,
                const measures::Response& response, const measures::CrisisResources* crisis,
                const std::string& crisis_problem) {
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
  return {{"instrument", instrument.id},
          {"title", instrument.title},
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
          {"total_code", coding_json(instrument.total_code)},
          {"subscales", subscales},
          {"items", items},
          {"answers", measures::format_answer_scores(instrument, response)},
          {"safety", safety_json(instrument, score, crisis, crisis_problem)},
          {"reading", measures::describe_score(instrument, score)}};
}

std::string score_text(const measures::Instrument& instrument, const measures::Score& score,
                       const measures::CrisisResources* crisis) {
  std::string text;
  if (score.safety_flag()) {
    text += "!! Safety: ";
    for (const auto& finding : score.safety_findings) {
      text +=
          fmt::format("{} was answered \"{}\" ({}).\n", measures::item_label(*instrument.find_item(finding.link_id)),
                      finding.answer_display, finding.description);
    }
    if (crisis != nullptr) {
      text += "\n" + crisis->text;
      if (text.back() != '\n') text += '\n';
    }
    text += "\n";
  }
  text += instrument.title + "\n";
  for (std::size_t index = 0; index < instrument.items.size(); ++index) {
    const measures::Item& item = instrument.items[index];
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
  text += measures::describe_score(instrument, score);
  return text;
}

json change_json(const measures::Instrument& instrument, const measures::ReliableChange& change) {
  const auto& reliability = change.parameters.reliability;
  json cut_off = nullptr;
  if (change.cut_off) {
    cut_off = {{"kind", measures::cut_off_kind_name(change.cut_off->kind)},
               {"value", change.cut_off->value},
               {"formula", change.cut_off->formula},
               {"source", change.cut_off->source}};
  }
  return {{"instrument", instrument.id},
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
          {"reading", measures::describe_change(change)}};
}

std::string change_text(const measures::Instrument& instrument, const measures::ReliableChange& change) {
  const auto& reliability = change.parameters.reliability;
  std::string text = fmt::format("{}: {} -> {} ({}{})\n", instrument.title, measures::format_score(change.before),
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
  text += measures::describe_change(change);
  return text;
}

}  // namespace keel::cli
