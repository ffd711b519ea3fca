#include "app/instrument_catalog.h"

#include <algorithm>

#include <fmt/format.h>

namespace keel::app {

namespace {

using measures::Instrument;
using store::InstrumentDocument;
using store::InstrumentDocumentKind;

// Two instruments score alike when they have the same scored items, option codes and scores,
// the same total and the same method: every saved answer means the same under both.
bool scores_alike(const Instrument& first, const Instrument& second) {
  if (first.total_link_ids != second.total_link_ids || first.method != second.method) return false;
  auto scored = [](const Instrument& instrument) {
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, double>>>> items;
    for (const auto& item : instrument.items) {
      if (!item.scored) continue;
      std::vector<std::pair<std::string, double>> options;
      for (const auto& option : item.options) options.emplace_back(option.code, *option.score);
      items.emplace_back(item.link_id, std::move(options));
    }
    return items;
  };
  return scored(first) == scored(second);
}

Result<nlohmann::json> parse_document(std::string_view json_text, const char* what) {
  constexpr std::size_t kLargest = 4 * 1024 * 1024;
  if (json_text.size() > kLargest) {
    return Status::invalid(fmt::format("the {} is larger than 4 MiB; keel does not load it", what));
  }
  nlohmann::json parsed = nlohmann::json::parse(json_text, nullptr, false);
  if (parsed.is_discarded()) return Status::invalid(fmt::format("the {} is not valid JSON", what));
  return parsed;
}

}  // namespace

const char* instrument_origin_name(InstrumentOrigin origin) {
  return origin == InstrumentOrigin::shipped ? "keel" : "clinic";
}

Result<InstrumentCatalog> InstrumentCatalog::shipped() {
  InstrumentCatalog catalog;
  KEEL_ASSIGN_OR_RETURN(catalog.instruments_, measures::load_shipped_instruments());
  catalog.origins_.assign(catalog.instruments_.size(), InstrumentOrigin::shipped);
  return catalog;
}

Result<InstrumentCatalog> InstrumentCatalog::of_home(store::Store& store, const std::string& tenant_id) {
  KEEL_ASSIGN_OR_RETURN(InstrumentCatalog catalog, shipped());
  KEEL_ASSIGN_OR_RETURN(auto documents, store.list_instrument_documents(tenant_id));
  const std::size_t shipped_count = catalog.instruments_.size();
  for (const auto& document : documents) {
    if (document.kind == InstrumentDocumentKind::licensed_text) {
      auto position = std::find_if(catalog.instruments_.begin(), catalog.instruments_.begin() + shipped_count,
                                   [&](const Instrument& instrument) { return instrument.id == document.id; });
      if (position == catalog.instruments_.begin() + shipped_count) {
        catalog.problems_.push_back(
            fmt::format("the licensed text for \"{}\" names no instrument of keel's; it is ignored", document.id));
        continue;
      }
      auto merged = measures::merge_licensed_text(*position, document.document);
      if (!merged) {
        catalog.problems_.push_back(
            fmt::format("the licensed text for {} no longer merges ({}); keel's placeholder "
                        "text is shown",
                        document.id, merged.status().message()));
        continue;
      }
      *position = std::move(merged).value();
      continue;
    }
    auto loaded = measures::load_questionnaire(document.document,
                                               std::span<const Instrument>(catalog.instruments_.data(), shipped_count));
    if (!loaded) {
      catalog.problems_.push_back(
          fmt::format("the clinic's Questionnaire {} no longer loads: {}", document.id, loaded.status().message()));
      continue;
    }
    catalog.instruments_.push_back(std::move(loaded).value());
    catalog.origins_.push_back(InstrumentOrigin::clinic);
  }
  return catalog;
}

Result<const Instrument*> InstrumentCatalog::find(std::string_view id) const {
  const Instrument* found = measures::find_instrument(instruments_, id);
  if (found == nullptr) {
    return Status::not_found(fmt::format("there is no instrument \"{}\"; `keel instruments` lists them", id));
  }
  return found;
}

InstrumentOrigin InstrumentCatalog::origin(std::string_view id) const {
  for (std::size_t index = 0; index < instruments_.size(); ++index) {
    if (instruments_[index].id == id) return origins_[index];
  }
  return InstrumentOrigin::shipped;
}

Result<LoadedInstrument> load_clinic_questionnaire(store::Store& store, const std::string& tenant_id,
                                                   std::string_view json_text, const std::string& new_id,
                                                   const Clock& clock) {
  KEEL_ASSIGN_OR_RETURN(nlohmann::json questionnaire, parse_document(json_text, "Questionnaire file"));
  if (!new_id.empty() && questionnaire.is_object()) questionnaire["id"] = new_id;
  KEEL_ASSIGN_OR_RETURN(InstrumentCatalog catalog, InstrumentCatalog::of_home(store, tenant_id));
  std::vector<Instrument> shipped;
  for (const auto& instrument : catalog.instruments()) {
    if (catalog.origin(instrument.id) == InstrumentOrigin::shipped) shipped.push_back(instrument);
  }
  KEEL_ASSIGN_OR_RETURN(Instrument instrument, measures::load_questionnaire_json(questionnaire, shipped));
  // A Questionnaire without an id is named by the loader; store it under that name.
  questionnaire["id"] = instrument.id;
  LoadedInstrument loaded;
  if (const Instrument* existing = measures::find_instrument(catalog.instruments(), instrument.id)) {
    if (catalog.origin(instrument.id) == InstrumentOrigin::shipped) {
      return Status::conflict(
          fmt::format("\"{}\" is one of keel's own instruments; load the form under another id with --id, or use "
                      "`keel instruments load-text` to add licensed item text",
                      instrument.id));
    }
    if (!scores_alike(*existing, instrument)) {
      return Status::conflict(
          fmt::format("\"{}\" is loaded already and this file scores it differently, which would change what "
                      "answers already saved mean; load it under another id with --id",
                      instrument.id));
    }
    loaded.replaced = true;
  }
  KEEL_RETURN_IF_ERROR(store.put_instrument_document(
      tenant_id,
      InstrumentDocument{instrument.id, InstrumentDocumentKind::questionnaire, questionnaire.dump(), clock.now()}));
  loaded.instrument = std::move(instrument);
  return loaded;
}

Result<LoadedInstrument> load_licensed_text(store::Store& store, const std::string& tenant_id, const std::string& id,
                                            std::string_view json_text, const Clock& clock) {
  // merge_licensed_text checks the text's size and JSON itself.
  auto shipped = measures::load_shipped_instrument(id);
  if (!shipped) {
    if (shipped.status().code() != StatusCode::not_found) return shipped.status();
    return Status::not_found(
        fmt::format("keel ships no instrument \"{}\"; licensed text is for keel's scoring-only "
                    "instruments (`keel instruments` lists them)",
                    id));
  }
  LoadedInstrument loaded;
  KEEL_ASSIGN_OR_RETURN(loaded.instrument,
                        measures::merge_licensed_text(*shipped, json_text, &loaded.still_placeholder));
  KEEL_ASSIGN_OR_RETURN(auto documents, store.list_instrument_documents(tenant_id));
  loaded.replaced = std::any_of(documents.begin(), documents.end(), [&](const InstrumentDocument& document) {
    return document.id == id && document.kind == InstrumentDocumentKind::licensed_text;
  });
  KEEL_RETURN_IF_ERROR(store.put_instrument_document(
      tenant_id, InstrumentDocument{id, InstrumentDocumentKind::licensed_text, std::string(json_text), clock.now()}));
  return loaded;
}

}  // namespace keel::app
