// merge_licensed_text (declared in instrument.h): a clinic's licensed item text over keel's
// scoring-only instruments, without touching a single score.
#include <map>
#include <set>

#include <fmt/format.h>

#include "measures/instrument.h"

namespace keel::measures {

namespace {

using json = nlohmann::json;

constexpr std::size_t kLargestTextFile = 4 * 1024 * 1024;

const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

json* mutable_member(json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

// Every item of a Questionnaire by linkId, groups included.
void index_items(json& list, std::map<std::string, json*>& by_link_id) {
  if (!list.is_array()) return;
  for (auto& entry : list) {
    json* link_id = mutable_member(entry, "linkId");
    if (link_id != nullptr && link_id->is_string()) by_link_id[link_id->get<std::string>()] = &entry;
    if (json* children = mutable_member(entry, "item")) index_items(*children, by_link_id);
  }
}

// The ordinalValue in an extension array, if any (the text file should carry none).
std::optional<double> ordinal_in(const json& holder) {
  const json* extensions = member(holder, "extension");
  if (extensions == nullptr || !extensions->is_array()) return std::nullopt;
  for (const auto& extension : *extensions) {
    const json* url = member(extension, "url");
    if (url == nullptr || !url->is_string()) continue;
    if (*url != kOrdinalValueUrl && *url != kItemWeightUrl) continue;
    for (const char* key : {"valueDecimal", "valueInteger"}) {
      const json* value = member(extension, key);
      if (value != nullptr && value->is_number()) return value->get<double>();
    }
  }
  return std::nullopt;
}

Status wrong_type(const std::string& path, const char* expected) {
  return Status::invalid(fmt::format("{}: expected {}", path, expected));
}

struct Merge {
  const Instrument* instrument = nullptr;
  std::map<std::string, json*> targets;
  std::set<std::string> given;
};

Status merge_option(Merge& merge, const Item& item, json& target_item, const json& option, const std::string& path) {
  const json* coding = member(option, "valueCoding");
  if (coding == nullptr || !coding->is_object()) return wrong_type(path, "an answerOption with a valueCoding");
  const json* code = member(*coding, "code");
  if (code == nullptr || !code->is_string()) return wrong_type(path + ".valueCoding", "a code");
  const std::string code_text = code->get<std::string>();
  const AnswerOption* known = nullptr;
  for (const auto& candidate : item.options) {
    if (candidate.code == code_text) known = &candidate;
  }
  if (known == nullptr) {
    return Status::invalid(fmt::format("{}: {} item \"{}\" has no option with the code \"{}\"", path,
                                       merge.instrument->id, item.link_id, code_text));
  }
  std::optional<double> score = ordinal_in(*coding);
  if (!score) score = ordinal_in(option);
  if (score && known->score && *score != *known->score) {
    return Status::invalid(
        fmt::format("{}: the text gives the option \"{}\" a score of {:g}, where {} scores it {:g}; "
                    "the file may be for another version of the instrument",
                    path, code_text, *score, merge.instrument->id, *known->score));
  }
  const json* display = member(*coding, "display");
  if (display == nullptr) return Status::ok();
  if (!display->is_string()) return wrong_type(path + ".valueCoding.display", "a string");
  json* options = mutable_member(target_item, "answerOption");
  if (options == nullptr || !options->is_array()) return Status::ok();
  for (auto& target_option : *options) {
    json* target_coding = mutable_member(target_option, "valueCoding");
    if (target_coding != nullptr && target_coding->is_object() && target_coding->value("code", "") == code_text) {
      (*target_coding)["display"] = *display;
    }
  }
  return Status::ok();
}

Status merge_items(Merge& merge, const json& list, const std::string& parent_path) {
  for (std::size_t index = 0; index < list.size(); ++index) {
    const json& entry = list[index];
    const std::string path =
        parent_path.empty() ? fmt::format("item[{}]", index) : fmt::format("{}.item[{}]", parent_path, index);
    if (!entry.is_object()) return wrong_type(path, "an item object");
    const json* link_id = member(entry, "linkId");
    if (link_id == nullptr || !link_id->is_string()) return wrong_type(path + ".linkId", "a string");
    const std::string link_text = link_id->get<std::string>();
    const auto target = merge.targets.find(link_text);
    if (target == merge.targets.end()) {
      return Status::invalid(
          fmt::format("{}: {} has no item with the linkId \"{}\"", path, merge.instrument->id, link_text));
    }
    json& target_item = *target->second;
    for (const char* key : {"text", "prefix"}) {
      const json* value = member(entry, key);
      if (value == nullptr) continue;
      if (!value->is_string()) return wrong_type(fmt::format("{}.{}", path, key), "a string");
      target_item[key] = *value;
      if (std::string_view(key) == "text") merge.given.insert(link_text);
    }
    if (const json* options = member(entry, "answerOption")) {
      if (!options->is_array()) return wrong_type(path + ".answerOption", "an array");
      const Item* item = merge.instrument->find_item(link_text);
      if (item == nullptr) {
        return Status::invalid(fmt::format("{}.answerOption: the item \"{}\" of {} takes no answers", path, link_text,
                                           merge.instrument->id));
      }
      for (std::size_t option = 0; option < options->size(); ++option) {
        KEEL_RETURN_IF_ERROR(merge_option(merge, *item, target_item, (*options)[option],
                                          fmt::format("{}.answerOption[{}]", path, option)));
      }
    }
    if (const json* children = member(entry, "item")) {
      if (!children->is_array()) return wrong_type(path + ".item", "an array");
      KEEL_RETURN_IF_ERROR(merge_items(merge, *children, path));
    }
  }
  return Status::ok();
}

void mark_licensed(json& questionnaire) {
  const std::string url = std::string(kExtensionBase) + "instrument-text";
  json& extensions = questionnaire["extension"];
  for (auto& extension : extensions) {
    if (extension.value("url", "") == url) {
      extension = json{{"url", url}, {"valueCode", "licensed"}};
      return;
    }
  }
  extensions.push_back(json{{"url", url}, {"valueCode", "licensed"}});
}

// Everything a score depends on, compared after the merge: a difference is a bug here.
bool same_scoring(const Instrument& before, const Instrument& after) {
  if (before.items.size() != after.items.size()) return false;
  for (std::size_t index = 0; index < before.items.size(); ++index) {
    const Item& left = before.items[index];
    const Item& right = after.items[index];
    if (left.link_id != right.link_id || left.scored != right.scored || left.required != right.required ||
        left.options.size() != right.options.size()) {
      return false;
    }
    for (std::size_t option = 0; option < left.options.size(); ++option) {
      if (left.options[option].code != right.options[option].code ||
          left.options[option].score != right.options[option].score) {
        return false;
      }
    }
  }
  return before.total_link_ids == after.total_link_ids && before.method == after.method &&
         before.direction == after.direction && before.missing_data == after.missing_data &&
         before.minimum_answered == after.minimum_answered && before.bands == after.bands &&
         before.subscales == after.subscales && before.reliabilities == after.reliabilities &&
         before.norms == after.norms && before.safety_rules == after.safety_rules;
}

}  // namespace

Result<Instrument> merge_licensed_text(const Instrument& scoring_only, std::string_view text_json,
                                       std::vector<std::string>* still_placeholder) {
  if (scoring_only.text_status == TextStatus::included) {
    return Status::invalid(
        fmt::format("{} already ships with its item text; licensed text is for the scoring-only "
                    "instruments",
                    scoring_only.id));
  }
  if (text_json.size() > kLargestTextFile) return Status::invalid("the text file is larger than 4 MiB");
  json text;
  try {
    text = json::parse(text_json);
  } catch (const json::parse_error& error) {
    return Status::invalid(fmt::format("the text file is not valid JSON (at byte {})", error.byte));
  } catch (const std::exception& error) {
    return Status::invalid(fmt::format("the text file could not be read ({})", error.what()));
  }
  try {
    if (!text.is_object()) return wrong_type("the text file", "a JSON object (a Questionnaire or a part of one)");
    const json* items = member(text, "item");
    if (items == nullptr || !items->is_array()) return wrong_type("item", "an array of items with linkId and text");
    Merge merge;
    merge.instrument = &scoring_only;
    json merged = scoring_only.questionnaire;
    if (json* target_items = mutable_member(merged, "item")) index_items(*target_items, merge.targets);
    KEEL_RETURN_IF_ERROR(merge_items(merge, *items, ""));
    if (const json* copyright = member(text, "copyright")) {
      if (!copyright->is_string()) return wrong_type("copyright", "a string");
      merged["copyright"] = *copyright;
    }
    mark_licensed(merged);
    KEEL_ASSIGN_OR_RETURN(Instrument result, load_questionnaire_json(merged));
    if (!same_scoring(scoring_only, result)) {
      return Status::internal(
          fmt::format("merging the text changed how {} scores; nothing was merged", scoring_only.id));
    }
    if (still_placeholder != nullptr) {
      still_placeholder->clear();
      for (const auto& item : result.items) {
        if (merge.given.count(item.link_id) == 0) still_placeholder->push_back(item.link_id);
      }
    }
    return result;
  } catch (const std::exception& error) {
    return Status::internal(fmt::format("merging the text failed unexpectedly ({})", error.what()));
  }
}

}  // namespace keel::measures
