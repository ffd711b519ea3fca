#include "measures/measures_json.h"

#include "measures/change.h"

namespace keel::measures {

using nlohmann::json;

json coding_json(const std::optional<Coding>& coding) {
  if (!coding) return nullptr;
  return {{"system", coding->system}, {"code", coding->code}, {"display", coding->display}};
}
json band_json(const Band& band) {
  json object = {{"minimum", band.minimum}, {"label", band.label}};
  if (!band.description.empty()) object["description"] = band.description;
  if (band.provisional) object["provisional"] = true;
  return object;
}
json safety_json(const Instrument& instrument, const Score& score, const CrisisResources* crisis,
                 const std::string& crisis_problem) {
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
json score_json(const Instrument& instrument, const Score& score, const Response& response,
                const CrisisResources* crisis, const std::string& crisis_problem) {
  json subscales = json::object();
  for (const auto& subscale : score.subscales) {
    subscales[subscale.code] = {{"name", subscale.name},
                                {"score", subscale.value ? json(*subscale.value) : json()},
                                {"band", subscale.band ? json(subscale.band->label) : json()},
                                {"answered", subscale.answered},
                                {"items", subscale.item_count},
                                {"direction", direction_name(subscale.direction)}};
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
          {"scoring", scoring_method_name(score.method)},
          {"direction", direction_name(score.direction)},
          {"prorated", score.prorated},
          {"answered", score.answered},
          {"items_in_total", score.item_count},
          {"no_total_reason", score.total ? json() : json(score.no_total_reason)},
          {"total_code", coding_json(instrument.total_code)},
          {"subscales", subscales},
          {"items", items},
          {"answers", format_answer_scores(instrument, response)},
          {"safety", safety_json(instrument, score, crisis, crisis_problem)},
          {"reading", describe_score(instrument, score)}};
}
json change_json(const Instrument& instrument, const ReliableChange& change) {
  const auto& reliability = change.parameters.reliability;
  json cut_off = nullptr;
  if (change.cut_off) {
    cut_off = {{"kind", cut_off_kind_name(change.cut_off->kind)},
               {"value", change.cut_off->value},
               {"formula", change.cut_off->formula},
               {"source", change.cut_off->source}};
  }
  return {{"instrument", instrument.id},
          {"before", change.before},
          {"after", change.after},
          {"difference", change.difference},
          {"direction", direction_name(change.parameters.direction)},
          {"rci", change.index},
          {"reliable", change.reliable},
          {"improvement", change.improvement},
          {"minimum_reliable_change", change.minimum_reliable_change},
          {"standard_error", change.standard_error},
          {"standard_error_of_difference", change.standard_error_of_difference},
          {"reliability",
           {{"value", reliability.value},
            {"kind", reliability_kind_name(reliability.kind)},
            {"is_alpha", reliability.kind == ReliabilityKind::alpha},
            {"interval", reliability.interval},
            {"source", reliability.source}}},
          {"standard_deviation",
           {{"value", change.parameters.standard_deviation}, {"source", change.parameters.standard_deviation_source}}},
          {"cut_off", cut_off},
          {"before_functional", change.before_functional},
          {"after_functional", change.after_functional},
          {"classification", change_class_name(change.classification)},
          {"notes", change.notes},
          {"reading", describe_change(change)}};
}
json change_summary_json(const std::optional<ReliableChange>& change) {
  if (!change) return nullptr;
  return {{"before", change->before},
          {"difference", change->difference},
          {"rci", change->index},
          {"reliable", change->reliable},
          {"minimum_reliable_change", change->minimum_reliable_change},
          {"classification", change_class_name(change->classification)}};
}
json instrument_json(const Instrument& instrument) {
  json bands = json::array();
  for (const auto& band : instrument.bands) bands.push_back(band_json(band));
  json subscales = json::array();
  for (const auto& subscale : instrument.subscales) {
    subscales.push_back({{"code", subscale.code}, {"name", subscale.name}, {"items", subscale.link_ids}});
  }
  json reliabilities = json::array();
  for (const auto& reliability : instrument.reliabilities) {
    reliabilities.push_back({{"kind", reliability_kind_name(reliability.kind)},
                             {"value", reliability.value},
                             {"source", reliability.source}});
  }
  return {{"id", instrument.id},
          {"title", instrument.title},
          {"items", instrument.total_link_ids.size()},
          {"scoring", scoring_method_name(instrument.method)},
          {"minimum", instrument.minimum_total()},
          {"maximum", instrument.maximum_total()},
          {"direction", direction_name(instrument.direction)},
          {"missing_data", missing_data_rule_name(instrument.missing_data)},
          {"text", text_status_name(instrument.text_status)},
          {"code", coding_json(instrument.code)},
          {"total_code", coding_json(instrument.total_code)},
          {"bands", bands},
          {"subscales", subscales},
          {"reliability", reliabilities},
          {"reliable_change", change_parameters(instrument).is_ok()},
          {"copyright", instrument.copyright}};
}

json instrument_items_json(const Instrument& instrument) {
  json items = json::array();
  for (const auto& item : instrument.items) {
    json options = json::array();
    for (const auto& option : item.options) {
      options.push_back({{"code", option.code},
                         {"system", option.system},
                         {"display", option.display},
                         {"score", option.score ? json(*option.score) : json()}});
    }
    items.push_back({{"link_id", item.link_id},
                     {"prefix", item.prefix},
                     {"text", item.text},
                     {"code", coding_json(item.code)},
                     {"required", item.required},
                     {"scored", item.scored},
                     {"options", options}});
  }
  return items;
}

}  // namespace keel::measures
