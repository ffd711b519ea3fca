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
