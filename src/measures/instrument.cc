#include "measures/instrument.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "measures/json_reading.h"

#include "measures/embedded.h"

namespace keel::measures {

namespace {

using namespace json_reading;

using json = nlohmann::json;

constexpr std::size_t kLargestQuestionnaire = 4 * 1024 * 1024;  // bytes
constexpr std::size_t kMostItems = 1000;
constexpr std::size_t kMostOptions = 200;
constexpr int kDeepestGroup = 16;
constexpr double kLargestScore = 1e6;  // option scores, band limits and norms stay within ±this

// ---------------------------------------------------------------------------------------------
// Reading JSON values with messages that name the element.

Result<bool> optional_bool(const json& object, std::string_view key, const std::string& path) {
  const json* value = member(object, key);
  if (value == nullptr) return false;
  if (!value->is_boolean()) return wrong_type(fmt::format("{}.{}", path, key), "true or false", *value);
  return value->get<bool>();
}

Result<double> checked_number(const json& value, const std::string& path) {
  if (!value.is_number()) return wrong_type(path, "a number", value);
  const double number = value.get<double>();
  if (!std::isfinite(number) || std::fabs(number) > kLargestScore) {
    return Status::invalid(fmt::format("{}: {} is outside the range keel accepts (-{:g} to {:g})", path, value.dump(),
                                       kLargestScore, kLargestScore));
  }
  return number;
}

// The first coding of a CodeableConcept array (`code` of a Questionnaire or an item), LOINC first.
Result<std::optional<Coding>> first_coding(const json& object, const std::string& path) {
  KEEL_ASSIGN_OR_RETURN(const json* codes, optional_array(object, "code", path));
  std::optional<Coding> chosen;
  for (std::size_t index = 0; index < codes->size(); ++index) {
    const json& entry = (*codes)[index];
    const std::string entry_path = fmt::format("{}.code[{}]", path, index);
    if (!entry.is_object()) return wrong_type(entry_path, "a Coding object", entry);
    KEEL_ASSIGN_OR_RETURN(std::string system, optional_string(entry, "system", entry_path));
    KEEL_ASSIGN_OR_RETURN(std::string code, optional_string(entry, "code", entry_path));
    KEEL_ASSIGN_OR_RETURN(std::string display, optional_string(entry, "display", entry_path));
    if (code.empty()) continue;
    Coding coding{std::move(system), std::move(code), std::move(display)};
    if (!chosen || (chosen->system != kLoincSystem && coding.system == kLoincSystem)) chosen = std::move(coding);
  }
  return chosen;
}

// ---------------------------------------------------------------------------------------------
// Extensions.

// The value[x] of an extension, with its name ("valueDecimal"), or nullptr when it has none.
std::pair<std::string, const json*> extension_value(const json& extension) {
  if (!extension.is_object()) return {"", nullptr};
  for (auto it = extension.begin(); it != extension.end(); ++it) {
    if (it.key().size() > 5 && it.key().compare(0, 5, "value") == 0) return {it.key(), &it.value()};
  }
  return {"", nullptr};
}

// The score an extension array gives (ordinalValue or itemWeight), if any. `path()` names the
// holder; it is only called to word an error.
template <typename PathFunction>
Result<std::optional<double>> score_extension(const json& holder, const PathFunction& path) {
  const json* extensions = member(holder, "extension");
  if (extensions == nullptr) return std::optional<double>();
  if (!extensions->is_array()) return wrong_type(path() + ".extension", "an array", *extensions);
  for (std::size_t index = 0; index < extensions->size(); ++index) {
    const json& extension = (*extensions)[index];
    auto extension_path = [&] { return fmt::format("{}.extension[{}]", path(), index); };
    if (!extension.is_object()) return wrong_type(extension_path(), "an Extension object", extension);
    const json* url = member(extension, "url");
    if (url == nullptr || !url->is_string()) continue;
    const std::string& url_text = url->get_ref<const std::string&>();
    if (url_text != kOrdinalValueUrl && url_text != kItemWeightUrl) continue;
    const auto [name, value] = extension_value(extension);
    if (value == nullptr || (name != "valueDecimal" && name != "valueInteger")) {
      return Status::invalid(fmt::format("{}: the ordinalValue must be a number in valueDecimal", extension_path()));
    }
    if (!value->is_number()) return wrong_type(extension_path() + "." + name, "a number", *value);
    const double score = value->get<double>();
    if (!std::isfinite(score) || std::fabs(score) > kLargestScore) {
      return checked_number(*value, extension_path() + "." + name).status();
    }
    return std::optional<double>(score);
  }
  return std::optional<double>();
}

bool has_extension(const json& holder, std::string_view url) {
  const json* extensions = member(holder, "extension");
  if (extensions == nullptr || !extensions->is_array()) return false;
  return std::any_of(extensions->begin(), extensions->end(),
                     [&](const json& extension) { return text_or_empty(extension, "url") == url; });
}

// One sub-extension of a keel extension, already checked to have a value.
struct Part {
  std::string name;   // its url: "minimum"
  std::string type;   // "valueDecimal"
  const json* value;  // never null
  std::string path;   // "extension[3].extension[1]"
};

// The parts of a complex keel extension, each checked against the names it may have.
Result<std::vector<Part>> parts_of(const json& extension, const std::string& path,
                                   std::initializer_list<std::string_view> allowed) {
  KEEL_ASSIGN_OR_RETURN(const json* subs, optional_array(extension, "extension", path));
  std::vector<Part> parts;
  for (std::size_t index = 0; index < subs->size(); ++index) {
    const json& sub = (*subs)[index];
    const std::string sub_path = fmt::format("{}.extension[{}]", path, index);
    if (!sub.is_object()) return wrong_type(sub_path, "an Extension object", sub);
    const std::string name = text_or_empty(sub, "url");
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string names;
      for (auto allowed_name : allowed) names += (names.empty() ? "" : ", ") + std::string(allowed_name);
      return Status::invalid(
          fmt::format("{}: \"{}\" is not a part keel knows here (expected one of: {})", sub_path, name, names));
    }
    const auto [type, value] = extension_value(sub);
    if (value == nullptr) return Status::invalid(fmt::format("{} ({}): has no value", sub_path, name));
    parts.push_back({name, type, value, sub_path});
  }
  return parts;
}

Result<std::string> part_text(const Part& part) {
  if (!part.value->is_string()) return wrong_type(part.path + "." + part.type, "a string", *part.value);
  return part.value->get<std::string>();
}

Result<double> part_number(const Part& part) { return checked_number(*part.value, part.path + "." + part.type); }

Result<bool> part_bool(const Part& part) {
  if (!part.value->is_boolean()) return wrong_type(part.path + "." + part.type, "true or false", *part.value);
  return part.value->get<bool>();
}

Status missing_part(const std::string& path, std::string_view extension, std::string_view part) {
  return Status::invalid(fmt::format("{} ({}): the part \"{}\" is missing", path, extension, part));
}

Result<ScoringMethod> parse_method(const Part& part) {
  KEEL_ASSIGN_OR_RETURN(std::string text, part_text(part));
  if (text == "sum") return ScoringMethod::sum;
  if (text == "mean") return ScoringMethod::mean;
  return Status::invalid(fmt::format("{}: method \"{}\" is not sum or mean", part.path, text));
}

Result<Direction> parse_direction(const Part& part) {
  KEEL_ASSIGN_OR_RETURN(std::string text, part_text(part));
  if (text == "higher-worse") return Direction::higher_worse;
  if (text == "higher-better") return Direction::higher_better;
  return Status::invalid(fmt::format("{}: direction \"{}\" is not higher-worse or higher-better", part.path, text));
}

// ---------------------------------------------------------------------------------------------
// Items.

struct Walk {
  const json* root = nullptr;
  std::map<std::string, const json*> value_sets;  // contained ValueSets by id
  std::map<std::string, std::string> paths_by_link_id;
  std::vector<Item> items;
  std::string total_item_link_id;
  std::optional<Coding> total_code;
  std::vector<std::string> notes;
  std::string first_unscored_path;        // the first option of the first unscored choice item
  std::vector<std::string> instructions;  // the text of the display items
};

// A string member of a Coding, or an error naming it (the path is only made for the error).
template <typename PathFunction>
Result<std::string> coding_text(const json& coding, std::string_view key, const PathFunction& path) {
  const json* value = member(coding, key);
  if (value == nullptr) return std::string();
  if (!value->is_string()) return wrong_type(fmt::format("{}.{}", path(), key), "a string", *value);
  return value->get<std::string>();
}

Result<std::vector<AnswerOption>> options_from_answer_option(const json& list, const std::string& path) {
  std::vector<AnswerOption> options;
  options.reserve(list.size());
  for (std::size_t index = 0; index < list.size(); ++index) {
    const json& entry = list[index];
    auto option_path = [&] { return fmt::format("{}.answerOption[{}]", path, index); };
    auto coding_path = [&] { return option_path() + ".valueCoding"; };
    if (!entry.is_object()) return wrong_type(option_path(), "an answerOption object", entry);
    const json* coding = member(entry, "valueCoding");
    if (coding == nullptr) {
      const auto [name, value] = extension_value(entry);
      return Status::invalid(fmt::format(
          "{}: {} options carry no code keel can store; keel scores valueCoding options with an ordinalValue",
          option_path(), name.empty() ? std::string("value-less") : name));
    }
    if (!coding->is_object()) return wrong_type(coding_path(), "a Coding object", *coding);
    AnswerOption option;
    KEEL_ASSIGN_OR_RETURN(option.code, coding_text(*coding, "code", coding_path));
    if (option.code.empty()) return Status::invalid(fmt::format("{}: has no code", coding_path()));
    KEEL_ASSIGN_OR_RETURN(option.system, coding_text(*coding, "system", coding_path));
    KEEL_ASSIGN_OR_RETURN(option.display, coding_text(*coding, "display", coding_path));
    KEEL_ASSIGN_OR_RETURN(auto on_coding, score_extension(*coding, coding_path));
    KEEL_ASSIGN_OR_RETURN(auto on_option, score_extension(entry, option_path));
    if (on_coding && on_option && *on_coding != *on_option) {
      return Status::invalid(fmt::format("{}: two different ordinalValues ({:g} on valueCoding, {:g} on answerOption)",
                                         option_path(), *on_coding, *on_option));
    }
    option.score = on_coding ? on_coding : on_option;
    options.push_back(std::move(option));
  }
  return options;
}

// The options of a contained ValueSet: its expansion if it has one, else its compose.
Result<std::vector<AnswerOption>> options_from_value_set(const json& value_set, const std::string& value_set_path,
                                                         std::vector<std::string>& concept_paths) {
  std::vector<AnswerOption> options;
  const json* expansion = member(value_set, "expansion");
  if (expansion != nullptr) {
    const std::string path = value_set_path + ".expansion";
    KEEL_ASSIGN_OR_RETURN(const json* contains, optional_array(*expansion, "contains", path));
    for (std::size_t index = 0; index < contains->size(); ++index) {
      const json& entry = (*contains)[index];
      const std::string entry_path = fmt::format("{}.contains[{}]", path, index);
      if (!entry.is_object()) return wrong_type(entry_path, "an object", entry);
      AnswerOption option;
      KEEL_ASSIGN_OR_RETURN(option.code, optional_string(entry, "code", entry_path));
      if (option.code.empty()) return Status::invalid(fmt::format("{}: has no code", entry_path));
      KEEL_ASSIGN_OR_RETURN(option.system, optional_string(entry, "system", entry_path));
      KEEL_ASSIGN_OR_RETURN(option.display, optional_string(entry, "display", entry_path));
      KEEL_ASSIGN_OR_RETURN(option.score, score_extension(entry, [&] { return entry_path; }));
      options.push_back(std::move(option));
      concept_paths.push_back(entry_path);
    }
    if (!options.empty()) return options;
  }
  const json* compose = member(value_set, "compose");
  if (compose == nullptr) return options;
  const std::string compose_path = value_set_path + ".compose";
  KEEL_ASSIGN_OR_RETURN(const json* includes, optional_array(*compose, "include", compose_path));
  for (std::size_t include_index = 0; include_index < includes->size(); ++include_index) {
    const json& include = (*includes)[include_index];
    const std::string include_path = fmt::format("{}.include[{}]", compose_path, include_index);
    if (!include.is_object()) return wrong_type(include_path, "an object", include);
    KEEL_ASSIGN_OR_RETURN(std::string system, optional_string(include, "system", include_path));
    KEEL_ASSIGN_OR_RETURN(const json* concepts, optional_array(include, "concept", include_path));
    for (std::size_t index = 0; index < concepts->size(); ++index) {
      const json& entry = (*concepts)[index];
      const std::string entry_path = fmt::format("{}.concept[{}]", include_path, index);
      if (!entry.is_object()) return wrong_type(entry_path, "an object", entry);
      AnswerOption option;
      option.system = system;
      KEEL_ASSIGN_OR_RETURN(option.code, optional_string(entry, "code", entry_path));
      if (option.code.empty()) return Status::invalid(fmt::format("{}: has no code", entry_path));
      KEEL_ASSIGN_OR_RETURN(option.display, optional_string(entry, "display", entry_path));
      KEEL_ASSIGN_OR_RETURN(option.score, score_extension(entry, [&] { return entry_path; }));
      options.push_back(std::move(option));
      concept_paths.push_back(entry_path);
    }
  }
  return options;
}

bool is_choice_type(const std::string& type) { return type == "choice" || type == "open-choice" || type == "coding"; }

Status read_choice_item(Walk& walk, const json& entry, const std::string& path, Item item) {
  const json* answer_option = member(entry, "answerOption");
  const json* answer_value_set = member(entry, "answerValueSet");
  if (answer_option != nullptr && answer_value_set != nullptr) {
    return Status::invalid(fmt::format("{}: has both answerOption and answerValueSet; FHIR allows one", path));
  }
  std::vector<std::string> concept_paths;  // for a ValueSet's options; answerOption paths are made when needed
  auto option_path = [&](std::size_t index) {
    return concept_paths.empty() ? fmt::format("{}.answerOption[{}]", path, index) : concept_paths[index];
  };
  if (answer_option != nullptr) {
    if (!answer_option->is_array()) return wrong_type(path + ".answerOption", "an array", *answer_option);
    KEEL_ASSIGN_OR_RETURN(item.options, options_from_answer_option(*answer_option, path));
  } else if (answer_value_set != nullptr) {
    if (!answer_value_set->is_string()) return wrong_type(path + ".answerValueSet", "a string", *answer_value_set);
    const std::string reference = answer_value_set->get<std::string>();
    if (reference.empty() || reference.front() != '#') {
      return Status::invalid(
          fmt::format("{}.answerValueSet: \"{}\" is not contained in the Questionnaire, so keel cannot see its scores; "
                      "include the ValueSet in \"contained\" and refer to it as \"#id\", or list answerOption",
                      path, reference));
    }
    const auto found = walk.value_sets.find(reference.substr(1));
    if (found == walk.value_sets.end()) {
      return Status::invalid(
          fmt::format("{}.answerValueSet: no contained ValueSet has the id \"{}\"", path, reference.substr(1)));
    }
    std::string value_set_path;
    const json& contained = *member(*walk.root, "contained");
    for (std::size_t index = 0; index < contained.size(); ++index) {
      if (&contained[index] == found->second) value_set_path = fmt::format("contained[{}]", index);
    }
    KEEL_ASSIGN_OR_RETURN(item.options, options_from_value_set(*found->second, value_set_path, concept_paths));
    for (auto& concept_path : concept_paths) concept_path += fmt::format(" (for {})", path);
  } else {
    return Status::invalid(fmt::format("{}: a choice item without answerOption or answerValueSet", path));
  }
  if (item.options.empty()) return Status::invalid(fmt::format("{}: has no answer options", path));
  if (item.options.size() > kMostOptions) {
    return Status::invalid(
        fmt::format("{}: has {} options; keel takes at most {}", path, item.options.size(), kMostOptions));
  }
  std::size_t scored = 0;
  for (std::size_t index = 0; index < item.options.size(); ++index) {
    for (std::size_t earlier = 0; earlier < index; ++earlier) {
      if (item.options[earlier].code == item.options[index].code) {
        return Status::invalid(fmt::format("{}: the code \"{}\" appears twice in this item", option_path(index),
                                           item.options[index].code));
      }
    }
    if (item.options[index].score) ++scored;
  }
  const json* repeats_value = member(entry, "repeats");
  const bool repeats = repeats_value != nullptr && repeats_value->is_boolean() && repeats_value->get<bool>();
  if (scored == item.options.size()) {
    if (repeats) {
      return Status::invalid(fmt::format("{}: repeats is true, but keel scores exactly one answer per item", path));
    }
    item.scored = true;
  } else if (scored > 0) {
    for (std::size_t index = 0; index < item.options.size(); ++index) {
      if (!item.options[index].score) {
        return Status::invalid(fmt::format("{}: no ordinalValue, so keel cannot score it", option_path(index)));
      }
    }
  } else {
    if (walk.first_unscored_path.empty()) walk.first_unscored_path = option_path(0);
    if (repeats) {
      walk.notes.push_back(
          fmt::format("{} (linkId \"{}\") allows several answers; keel leaves it out", path, item.link_id));
      return Status::ok();
    }
  }
  if (member(entry, "enableWhen") != nullptr) {
    walk.notes.push_back(
        fmt::format("{} (linkId \"{}\"): enableWhen is not evaluated; keel always asks the item", path, item.link_id));
  }
  walk.items.push_back(std::move(item));
  return Status::ok();
}

constexpr std::string_view kItemControlUrl = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";

// Whether a display item is an instruction read before the questions: not help, a fly-over or a
// legal note (the SDC itemControl), and not shown only on a condition (enableWhen).
bool is_instruction(const json& entry) {
  if (member(entry, "enableWhen") != nullptr) return false;
  const json* extensions = member(entry, "extension");
  if (extensions == nullptr || !extensions->is_array()) return true;
  for (const json& extension : *extensions) {
    const json* url = member(extension, "url");
    if (url == nullptr || *url != kItemControlUrl) continue;
    const json* codeable = member(extension, "valueCodeableConcept");
    const json* codings = codeable == nullptr ? nullptr : member(*codeable, "coding");
    if (codings == nullptr || !codings->is_array()) continue;
    for (const json& coding : *codings) {
      const json* code = member(coding, "code");
      if (code != nullptr && (*code == "help" || *code == "flyover" || *code == "legal")) return false;
    }
  }
  return true;
}

Status walk_items(Walk& walk, const json& list, const std::string& parent_path, int depth, bool under_question) {
  if (depth > kDeepestGroup) {
    return Status::invalid(fmt::format("{}: groups are nested more than {} deep", parent_path, kDeepestGroup));
  }
  for (std::size_t index = 0; index < list.size(); ++index) {
    const json& entry = list[index];
    const std::string path =
        parent_path.empty() ? fmt::format("item[{}]", index) : fmt::format("{}.item[{}]", parent_path, index);
    if (!entry.is_object()) return wrong_type(path, "an item object", entry);
    KEEL_ASSIGN_OR_RETURN(std::string link_id, optional_string(entry, "linkId", path));
    if (link_id.empty()) return Status::invalid(fmt::format("{}: has no linkId", path));
    const auto [previous, inserted] = walk.paths_by_link_id.emplace(link_id, path);
    if (!inserted) {
      return Status::invalid(
          fmt::format("{}: the linkId \"{}\" is used twice (also at {})", path, link_id, previous->second));
    }
    KEEL_ASSIGN_OR_RETURN(std::string type, optional_string(entry, "type", path));
    if (type.empty()) return Status::invalid(fmt::format("{}: has no type", path));
    KEEL_ASSIGN_OR_RETURN(const json* children, optional_array(entry, "item", path));
    if (!children->empty()) {
      KEEL_RETURN_IF_ERROR(walk_items(walk, *children, path, depth + 1, under_question || type != "group"));
    }
    if (type == "display") {
      // Only what stands before the questions (at the top or in a group), never text of one question.
      KEEL_ASSIGN_OR_RETURN(std::string text, optional_string(entry, "text", path));
      if (!text.empty() && !under_question && is_instruction(entry)) walk.instructions.push_back(std::move(text));
      continue;
    }
    if (type == "group") continue;
    if (has_extension(entry, kCalculatedExpressionUrl)) {
      if (walk.total_item_link_id.empty()) {
        walk.total_item_link_id = link_id;
        KEEL_ASSIGN_OR_RETURN(walk.total_code, first_coding(entry, path));
      } else {
        walk.notes.push_back(
            fmt::format("{} (linkId \"{}\") is another calculated item; keel reports \"{}\" as the "
                        "total",
                        path, link_id, walk.total_item_link_id));
      }
      continue;
    }
    if (!is_choice_type(type)) {
      const json* required = member(entry, "required");
      if (required != nullptr && required->is_boolean() && required->get<bool>()) {
        walk.notes.push_back(
            fmt::format("{} (linkId \"{}\") is a required {} item; keel only takes choice answers and "
                        "leaves it out",
                        path, link_id, type));
      }
      continue;
    }
    if (walk.items.size() >= kMostItems) {
      return Status::invalid(fmt::format("{}: keel takes at most {} choice items", path, kMostItems));
    }
    Item item;
    item.link_id = link_id;
    item.path = path;
    KEEL_ASSIGN_OR_RETURN(item.prefix, optional_string(entry, "prefix", path));
    KEEL_ASSIGN_OR_RETURN(item.text, optional_string(entry, "text", path));
    KEEL_ASSIGN_OR_RETURN(item.required, optional_bool(entry, "required", path));
    KEEL_ASSIGN_OR_RETURN(item.code, first_coding(entry, path));
    KEEL_RETURN_IF_ERROR(read_choice_item(walk, entry, path, std::move(item)));
  }
  return Status::ok();
}

// ---------------------------------------------------------------------------------------------
// keel rules.

struct Rules {
  bool present = false;
  ScoringMethod method = ScoringMethod::sum;
  Direction direction = Direction::unknown;
  MissingDataRule missing_data = MissingDataRule::complete;
  int minimum_answered = 0;
  std::string source;
  std::vector<std::string> total_link_ids;
  std::vector<std::pair<std::string, Band>> bands;  // subscale code ("" for the total), band
  std::vector<std::string> band_paths;
  std::vector<Subscale> subscales;
  std::vector<Reliability> reliabilities;
  std::vector<Norm> norms;
  std::vector<SafetyRule> safety_rules;
  std::optional<TextStatus> text_status;
};

const Item* find_in(const std::vector<Item>& items, std::string_view link_id) {
  for (const auto& item : items) {
    if (item.link_id == link_id) return &item;
  }
  return nullptr;
}

Status check_scored_item(const std::vector<Item>& items, const std::string& link_id, const std::string& path) {
  const Item* item = find_in(items, link_id);
  if (item == nullptr) return Status::invalid(fmt::format("{}: no choice item has the linkId \"{}\"", path, link_id));
  if (!item->scored) {
    return Status::invalid(fmt::format("{}: the item \"{}\" has no option scores, so it cannot count", path, link_id));
  }
  return Status::ok();
}

Status read_scoring(Rules& rules, const json& extension, const std::string& path, const std::vector<Item>& items) {
  KEEL_ASSIGN_OR_RETURN(
      auto parts,
      parts_of(extension, path, {"method", "direction", "missingData", "minimumAnswered", "source", "item"}));
  bool has_method = false;
  bool has_direction = false;
  bool has_minimum = false;
  for (const auto& part : parts) {
    if (part.name == "method") {
      KEEL_ASSIGN_OR_RETURN(rules.method, parse_method(part));
      has_method = true;
    } else if (part.name == "direction") {
      KEEL_ASSIGN_OR_RETURN(rules.direction, parse_direction(part));
      has_direction = true;
    } else if (part.name == "missingData") {
      KEEL_ASSIGN_OR_RETURN(std::string text, part_text(part));
      if (text == "complete") {
        rules.missing_data = MissingDataRule::complete;
      } else if (text == "prorate") {
        rules.missing_data = MissingDataRule::prorate;
      } else {
        return Status::invalid(fmt::format("{}: missingData \"{}\" is not complete or prorate", part.path, text));
      }
    } else if (part.name == "minimumAnswered") {
      if (!part.value->is_number_integer()) {
        return wrong_type(part.path + "." + part.type, "a whole number", *part.value);
      }
      const auto minimum = part.value->get<long long>();
      if (minimum < 1 || minimum > static_cast<long long>(kMostItems)) {
        return Status::invalid(fmt::format("{}: minimumAnswered {} is not a possible item count", part.path, minimum));
      }
      rules.minimum_answered = static_cast<int>(minimum);
      has_minimum = true;
    } else if (part.name == "source") {
      KEEL_ASSIGN_OR_RETURN(rules.source, part_text(part));
    } else if (part.name == "item") {
      KEEL_ASSIGN_OR_RETURN(std::string link_id, part_text(part));
      KEEL_RETURN_IF_ERROR(check_scored_item(items, link_id, part.path));
      if (std::find(rules.total_link_ids.begin(), rules.total_link_ids.end(), link_id) != rules.total_link_ids.end()) {
        return Status::invalid(fmt::format("{}: the item \"{}\" is listed twice", part.path, link_id));
      }
      rules.total_link_ids.push_back(link_id);
    }
  }
  if (!has_method) return missing_part(path, "instrument-scoring", "method");
  if (!has_direction) return missing_part(path, "instrument-scoring", "direction");
  if (rules.missing_data == MissingDataRule::prorate && !has_minimum) {
    return missing_part(path, "instrument-scoring", "minimumAnswered");
  }
  return Status::ok();
}

Status read_band(Rules& rules, const json& extension, const std::string& path) {
  KEEL_ASSIGN_OR_RETURN(auto parts,
                        parts_of(extension, path, {"subscale", "minimum", "label", "description", "status", "source"}));
  std::string subscale;
  Band band;
  bool has_minimum = false;
  for (const auto& part : parts) {
    if (part.name == "subscale") {
      KEEL_ASSIGN_OR_RETURN(subscale, part_text(part));
    } else if (part.name == "minimum") {
      KEEL_ASSIGN_OR_RETURN(band.minimum, part_number(part));
      has_minimum = true;
    } else if (part.name == "label") {
      KEEL_ASSIGN_OR_RETURN(band.label, part_text(part));
    } else if (part.name == "description") {
      KEEL_ASSIGN_OR_RETURN(band.description, part_text(part));
    } else if (part.name == "status") {
      KEEL_ASSIGN_OR_RETURN(std::string status, part_text(part));
      if (status != "provisional" && status != "confirmed") {
        return Status::invalid(fmt::format("{}: status \"{}\" is not provisional or confirmed", part.path, status));
      }
      band.provisional = status == "provisional";
    } else if (part.name == "source") {
      KEEL_ASSIGN_OR_RETURN(band.source, part_text(part));
    }
  }
  if (!has_minimum) return missing_part(path, "instrument-band", "minimum");
  if (band.label.empty()) return missing_part(path, "instrument-band", "label");
  rules.bands.emplace_back(std::move(subscale), std::move(band));
  rules.band_paths.push_back(path);
  return Status::ok();
}

Status read_subscale(Rules& rules, const json& extension, const std::string& path, const std::vector<Item>& items) {
  KEEL_ASSIGN_OR_RETURN(auto parts,
                        parts_of(extension, path, {"code", "name", "item", "method", "reverse", "direction"}));
  Subscale subscale;
  subscale.method = rules.method;
  subscale.direction = rules.direction;
  for (const auto& part : parts) {
    if (part.name == "code") {
      KEEL_ASSIGN_OR_RETURN(subscale.code, part_text(part));
    } else if (part.name == "name") {
      KEEL_ASSIGN_OR_RETURN(subscale.name, part_text(part));
    } else if (part.name == "item") {
      KEEL_ASSIGN_OR_RETURN(std::string link_id, part_text(part));
      KEEL_RETURN_IF_ERROR(check_scored_item(items, link_id, part.path));
      if (std::find(subscale.link_ids.begin(), subscale.link_ids.end(), link_id) != subscale.link_ids.end()) {
        return Status::invalid(fmt::format("{}: the item \"{}\" is listed twice", part.path, link_id));
      }
      subscale.link_ids.push_back(link_id);
    } else if (part.name == "method") {
      KEEL_ASSIGN_OR_RETURN(subscale.method, parse_method(part));
    } else if (part.name == "reverse") {
      KEEL_ASSIGN_OR_RETURN(subscale.reverse, part_bool(part));
    } else if (part.name == "direction") {
      KEEL_ASSIGN_OR_RETURN(subscale.direction, parse_direction(part));
    }
  }
  if (subscale.code.empty()) return missing_part(path, "instrument-subscale", "code");
  if (subscale.link_ids.empty()) return missing_part(path, "instrument-subscale", "item");
  for (const auto& other : rules.subscales) {
    if (other.code == subscale.code) {
      return Status::invalid(fmt::format("{}: the subscale code \"{}\" is used twice", path, subscale.code));
    }
  }
  if (subscale.name.empty()) subscale.name = subscale.code;
  rules.subscales.push_back(std::move(subscale));
  return Status::ok();
}

Status read_reliability(Rules& rules, const json& extension, const std::string& path) {
  KEEL_ASSIGN_OR_RETURN(auto parts, parts_of(extension, path, {"kind", "value", "interval", "note", "source"}));
  Reliability reliability;
  bool has_kind = false;
  bool has_value = false;
  for (const auto& part : parts) {
    if (part.name == "kind") {
      KEEL_ASSIGN_OR_RETURN(std::string kind, part_text(part));
      if (kind == "retest") {
        reliability.kind = ReliabilityKind::retest;
      } else if (kind == "alpha") {
        reliability.kind = ReliabilityKind::alpha;
      } else {
        return Status::invalid(fmt::format("{}: kind \"{}\" is not retest or alpha", part.path, kind));
      }
      has_kind = true;
    } else if (part.name == "value") {
      KEEL_ASSIGN_OR_RETURN(reliability.value, part_number(part));
      if (!(reliability.value > 0 && reliability.value < 1)) {
        return Status::invalid(
            fmt::format("{}: a reliability of {:g} is not between 0 and 1", part.path, reliability.value));
      }
      has_value = true;
    } else if (part.name == "interval") {
      KEEL_ASSIGN_OR_RETURN(reliability.interval, part_text(part));
    } else if (part.name == "note") {
      KEEL_ASSIGN_OR_RETURN(reliability.note, part_text(part));
    } else if (part.name == "source") {
      KEEL_ASSIGN_OR_RETURN(reliability.source, part_text(part));
    }
  }
  if (!has_kind) return missing_part(path, "instrument-reliability", "kind");
  if (!has_value) return missing_part(path, "instrument-reliability", "value");
  if (reliability.source.empty()) return missing_part(path, "instrument-reliability", "source");
  rules.reliabilities.push_back(std::move(reliability));
  return Status::ok();
}

Status read_norm(Rules& rules, const json& extension, const std::string& path) {
  KEEL_ASSIGN_OR_RETURN(
      auto parts, parts_of(extension, path, {"population", "mean", "standardDeviation", "description", "source"}));
  Norm norm;
  bool has_population = false;
  bool has_mean = false;
  bool has_deviation = false;
  for (const auto& part : parts) {
    if (part.name == "population") {
      KEEL_ASSIGN_OR_RETURN(std::string population, part_text(part));
      if (population == "functional") {
        norm.population = Population::functional;
      } else if (population == "dysfunctional") {
        norm.population = Population::dysfunctional;
      } else {
        return Status::invalid(
            fmt::format("{}: population \"{}\" is not functional or dysfunctional", part.path, population));
      }
      has_population = true;
    } else if (part.name == "mean") {
      KEEL_ASSIGN_OR_RETURN(norm.mean, part_number(part));
      has_mean = true;
    } else if (part.name == "standardDeviation") {
      KEEL_ASSIGN_OR_RETURN(norm.standard_deviation, part_number(part));
      if (!(norm.standard_deviation > 0)) {
        return Status::invalid(fmt::format("{}: a standard deviation must be above 0", part.path));
      }
      has_deviation = true;
    } else if (part.name == "description") {
      KEEL_ASSIGN_OR_RETURN(norm.description, part_text(part));
    } else if (part.name == "source") {
      KEEL_ASSIGN_OR_RETURN(norm.source, part_text(part));
    }
  }
  if (!has_population) return missing_part(path, "instrument-norm", "population");
  if (!has_mean) return missing_part(path, "instrument-norm", "mean");
  if (!has_deviation) return missing_part(path, "instrument-norm", "standardDeviation");
  if (norm.source.empty()) return missing_part(path, "instrument-norm", "source");
  for (const auto& other : rules.norms) {
    if (other.population == norm.population) {
      return Status::invalid(
          fmt::format("{}: a second {} norm; keel takes one of each", path, population_name(norm.population)));
    }
  }
  rules.norms.push_back(std::move(norm));
  return Status::ok();
}

Status read_safety(Rules& rules, const json& extension, const std::string& path, const std::vector<Item>& items) {
  KEEL_ASSIGN_OR_RETURN(auto parts, parts_of(extension, path, {"item", "above", "kind", "description"}));
  SafetyRule rule;
  bool has_above = false;
  for (const auto& part : parts) {
    if (part.name == "item") {
      KEEL_ASSIGN_OR_RETURN(rule.link_id, part_text(part));
      KEEL_RETURN_IF_ERROR(check_scored_item(items, rule.link_id, part.path));
    } else if (part.name == "above") {
      KEEL_ASSIGN_OR_RETURN(rule.above, part_number(part));
      has_above = true;
    } else if (part.name == "kind") {
      KEEL_ASSIGN_OR_RETURN(rule.kind, part_text(part));
    } else if (part.name == "description") {
      KEEL_ASSIGN_OR_RETURN(rule.description, part_text(part));
    }
  }
  if (rule.link_id.empty()) return missing_part(path, "instrument-safety", "item");
  if (!has_above) return missing_part(path, "instrument-safety", "above");
  if (rule.kind.empty()) return missing_part(path, "instrument-safety", "kind");
  rules.safety_rules.push_back(std::move(rule));
  return Status::ok();
}

Result<Rules> read_rules(const json& questionnaire, const std::vector<Item>& items) {
  Rules rules;
  KEEL_ASSIGN_OR_RETURN(const json* extensions, optional_array(questionnaire, "extension", "Questionnaire"));
  // The scoring extension first: the others take their defaults from it.
  for (std::size_t index = 0; index < extensions->size(); ++index) {
    const json& extension = (*extensions)[index];
    const std::string path = fmt::format("extension[{}]", index);
    if (!extension.is_object()) return wrong_type(path, "an Extension object", extension);
    if (text_or_empty(extension, "url") != std::string(kExtensionBase) + "instrument-scoring") continue;
    if (rules.present) return Status::invalid(fmt::format("{}: a second instrument-scoring extension", path));
    rules.present = true;
    KEEL_RETURN_IF_ERROR(read_scoring(rules, extension, path, items));
  }
  for (std::size_t index = 0; index < extensions->size(); ++index) {
    const json& extension = (*extensions)[index];
    const std::string url = text_or_empty(extension, "url");
    if (url.compare(0, kExtensionBase.size(), kExtensionBase) != 0) continue;
    const std::string name = url.substr(kExtensionBase.size());
    const std::string path = fmt::format("extension[{}]", index);
    if (name == "instrument-scoring") continue;
    if (!rules.present) {
      return Status::invalid(fmt::format("{}: {} needs the instrument-scoring extension as well", path, name));
    }
    if (name == "instrument-band") {
      KEEL_RETURN_IF_ERROR(read_band(rules, extension, path));
    } else if (name == "instrument-subscale") {
      KEEL_RETURN_IF_ERROR(read_subscale(rules, extension, path, items));
    } else if (name == "instrument-reliability") {
      KEEL_RETURN_IF_ERROR(read_reliability(rules, extension, path));
    } else if (name == "instrument-norm") {
      KEEL_RETURN_IF_ERROR(read_norm(rules, extension, path));
    } else if (name == "instrument-safety") {
      KEEL_RETURN_IF_ERROR(read_safety(rules, extension, path, items));
    } else if (name == "instrument-text") {
      const auto [type, value] = extension_value(extension);
      const std::string status = value != nullptr && value->is_string() ? value->get<std::string>() : "";
      if (status == "included") {
        rules.text_status = TextStatus::included;
      } else if (status == "placeholder") {
        rules.text_status = TextStatus::placeholder;
      } else if (status == "licensed") {
        rules.text_status = TextStatus::licensed;
      } else {
        return Status::invalid(
            fmt::format("{}: instrument-text must be a valueCode of included, placeholder or licensed", path));
      }
    } else {
      return Status::invalid(fmt::format("{}: \"{}\" is not a keel extension (see docs/instruments.md)", path, url));
    }
  }
  return rules;
}

// Bands in order, each subscale's bands attached, and the first band reaching the lowest value.
Status place_bands(Instrument& instrument, const Rules& rules) {
  for (std::size_t index = 0; index < rules.bands.size(); ++index) {
    const std::string& subscale_code = rules.bands[index].first;
    const Band& band = rules.bands[index].second;
    const std::string& path = rules.band_paths[index];
    std::vector<Band>* bands = &instrument.bands;
    if (!subscale_code.empty()) {
      auto found = std::find_if(instrument.subscales.begin(), instrument.subscales.end(),
                                [&](const Subscale& subscale) { return subscale.code == subscale_code; });
      if (found == instrument.subscales.end()) {
        return Status::invalid(fmt::format("{}: no subscale has the code \"{}\"", path, subscale_code));
      }
      bands = &found->bands;
    }
    if (!bands->empty() && !(band.minimum > bands->back().minimum)) {
      return Status::invalid(
          fmt::format("{}: the band \"{}\" starts at {:g}, not above the band before it ({:g}); "
                      "list bands from lowest to highest",
                      path, band.label, band.minimum, bands->back().minimum));
    }
    bands->push_back(band);
  }
  return Status::ok();
}

double option_extreme(const Item& item, bool highest) {
  double extreme = *item.options.front().score;
  for (const auto& option : item.options)
    extreme = highest ? std::max(extreme, *option.score) : std::min(extreme, *option.score);
  return extreme;
}

double range_end(const Instrument& instrument, const std::vector<std::string>& link_ids, ScoringMethod method,
                 bool reverse, bool highest) {
  double total = 0;
  for (const auto& link_id : link_ids) {
    const Item& item = *instrument.find_item(link_id);
    // Reversing swaps the ends: lowest + highest - score.
    total += reverse ? option_extreme(item, true) + option_extreme(item, false) - option_extreme(item, !highest)
                     : option_extreme(item, highest);
  }
  return method == ScoringMethod::mean && !link_ids.empty() ? total / static_cast<double>(link_ids.size()) : total;
}

Status check_first_band(const std::vector<Band>& bands, double lowest, std::string_view what) {
  if (bands.empty() || bands.front().minimum <= lowest) return Status::ok();
  return Status::invalid(
      fmt::format("the first band of {} (\"{}\") starts at {:g}, but the score can be as low as "
                  "{:g}, which would fall in no band",
                  what, bands.front().label, bands.front().minimum, lowest));
}

// A third-party form that asks PHQ-9 item 9 gets its safety rule.
void add_loinc_safety_rules(Instrument& instrument) {
  for (const auto& item : instrument.items) {
    if (!item.scored || !item.code || item.code->system != kLoincSystem || item.code->code != kLoincSelfHarmItem) {
      continue;
    }
    const bool covered = std::any_of(instrument.safety_rules.begin(), instrument.safety_rules.end(),
                                     [&](const SafetyRule& rule) { return rule.link_id == item.link_id; });
    if (covered) continue;
    instrument.safety_rules.push_back(
        {item.link_id, 0, "self-harm", "thoughts of being better off dead or of hurting oneself (LOINC 44260-8)"});
    instrument.notes.push_back(
        fmt::format("the item \"{}\" is LOINC 44260-8 (PHQ-9 item 9): an answer above 0 "
                    "raises a safety flag",
                    item.link_id));
  }
}

std::optional<std::string> same_coding_item(const Instrument& target, const Item& source_item) {
  if (!source_item.code) return std::nullopt;
  for (const auto& item : target.items) {
    if (item.code && item.code->system == source_item.code->system && item.code->code == source_item.code->code) {
      return item.link_id;
    }
  }
  return std::nullopt;
}

std::vector<double> sorted_scores(const Item& item) {
  std::vector<double> scores;
  for (const auto& option : item.options) {
    if (option.score) scores.push_back(*option.score);
  }
  std::sort(scores.begin(), scores.end());
  return scores;
}

// Takes the rules of `source` for a third-party form of the same instrument, or says why not.
Result<bool> adopt_rules(Instrument& instrument, const Instrument& source) {
  std::map<std::string, std::string> link_ids;  // source linkId -> this form's linkId
  std::size_t scored_here = 0;
  for (const auto& item : instrument.items) scored_here += item.scored ? 1 : 0;
  std::size_t scored_there = 0;
  for (const auto& item : source.items) {
    if (!item.scored) continue;
    ++scored_there;
    const auto mapped = same_coding_item(instrument, item);
    if (!mapped) {
      instrument.notes.push_back(
          fmt::format("the rules of {} were not used: its item \"{}\" has no item with the "
                      "same code here",
                      source.id, item.link_id));
      return false;
    }
    const Item& here = *instrument.find_item(*mapped);
    if (!here.scored || sorted_scores(here) != sorted_scores(item)) {
      instrument.notes.push_back(
          fmt::format("the rules of {} were not used: the item \"{}\" scores its options "
                      "differently here",
                      source.id, *mapped));
      return false;
    }
    link_ids[item.link_id] = *mapped;
  }
  if (scored_here != scored_there) {
    instrument.notes.push_back(fmt::format("the rules of {} were not used: it has {} scored items, this form {}",
                                           source.id, scored_there, scored_here));
    return false;
  }
  auto map_all = [&](const std::vector<std::string>& ids) {
    std::vector<std::string> mapped;
    for (const auto& id : ids) mapped.push_back(link_ids.at(id));
    return mapped;
  };
  instrument.total_link_ids = map_all(source.total_link_ids);
  instrument.method = source.method;
  instrument.direction = source.direction;
  instrument.missing_data = source.missing_data;
  instrument.minimum_answered = source.minimum_answered;
  instrument.scoring_source = source.scoring_source;
  instrument.bands = source.bands;
  instrument.subscales = source.subscales;
  for (auto& subscale : instrument.subscales) subscale.link_ids = map_all(subscale.link_ids);
  instrument.reliabilities = source.reliabilities;
  instrument.norms = source.norms;
  instrument.safety_rules = source.safety_rules;
  for (auto& rule : instrument.safety_rules) rule.link_id = link_ids.at(rule.link_id);
  if (!instrument.total_code) instrument.total_code = source.total_code;
  instrument.rules_source =
      fmt::format("adopted from {} (the same code {}; items matched by their codes)", source.id, source.code->code);
  return true;
}

std::string id_from_name(const std::string& name) {
  std::string id;
  for (char c : name) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      id += c;
    } else if (c >= 'A' && c <= 'Z') {
      id += static_cast<char>(c - 'A' + 'a');
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  if (id.size() > 64) id.resize(64);
  return id;
}

bool is_fhir_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

Result<Instrument> load_parsed(json&& questionnaire, std::span<const Instrument> rule_sources);

}  // namespace

// ---------------------------------------------------------------------------------------------

const char* scoring_method_name(ScoringMethod method) { return method == ScoringMethod::mean ? "mean" : "sum"; }

const char* direction_name(Direction direction) {
  switch (direction) {
    case Direction::higher_worse: return "higher-worse";
    case Direction::higher_better: return "higher-better";
    case Direction::unknown: return "unknown";
  }
  return "unknown";
}

const char* missing_data_rule_name(MissingDataRule rule) {
  return rule == MissingDataRule::prorate ? "prorate" : "complete";
}

const char* reliability_kind_name(ReliabilityKind kind) { return kind == ReliabilityKind::alpha ? "alpha" : "retest"; }

const char* population_name(Population population) {
  return population == Population::dysfunctional ? "dysfunctional" : "functional";
}

const char* text_status_name(TextStatus status) {
  switch (status) {
    case TextStatus::included: return "included";
    case TextStatus::placeholder: return "placeholder";
    case TextStatus::licensed: return "licensed";
  }
  return "included";
}

const Item* Instrument::find_item(std::string_view link_id) const { return find_in(items, link_id); }

Status Instrument::prepare() {
  plan = Plan{};
  plan.by_link_id.resize(items.size());
  std::iota(plan.by_link_id.begin(), plan.by_link_id.end(), std::size_t{0});
  std::sort(plan.by_link_id.begin(), plan.by_link_id.end(),
            [&](std::size_t left, std::size_t right) { return items[left].link_id < items[right].link_id; });
  for (const auto& item : items) {
    double lowest = 0;
    double highest = 0;
    if (item.scored) {
      lowest = highest = *item.options.front().score;
      for (const auto& option : item.options) {
        lowest = std::min(lowest, *option.score);
        highest = std::max(highest, *option.score);
      }
    }
    plan.lowest.push_back(lowest);
    plan.highest.push_back(highest);
  }
  auto index_of = [&](const std::string& link_id) -> Result<std::size_t> {
    for (std::size_t index = 0; index < items.size(); ++index) {
      if (items[index].link_id == link_id && items[index].scored) return index;
    }
    return Status::internal(fmt::format("{}: a rule names \"{}\", which is not a scored item", id, link_id));
  };
  for (const auto& link_id : total_link_ids) {
    KEEL_ASSIGN_OR_RETURN(std::size_t index, index_of(link_id));
    plan.total.push_back(index);
    plan.minimum_total += plan.lowest[index];
    plan.maximum_total += plan.highest[index];
    for (const auto& option : items[index].options)
      plan.whole_total = plan.whole_total && *option.score == std::floor(*option.score);
  }
  if (method == ScoringMethod::mean && !plan.total.empty()) {
    plan.minimum_total /= static_cast<double>(plan.total.size());
    plan.maximum_total /= static_cast<double>(plan.total.size());
  }
  for (const auto& subscale : subscales) {
    std::vector<std::size_t> indices;
    for (const auto& link_id : subscale.link_ids) {
      KEEL_ASSIGN_OR_RETURN(std::size_t index, index_of(link_id));
      indices.push_back(index);
    }
    plan.subscales.push_back(std::move(indices));
  }
  for (const auto& rule : safety_rules) {
    KEEL_ASSIGN_OR_RETURN(std::size_t index, index_of(rule.link_id));
    plan.safety.push_back(index);
  }
  return Status::ok();
}

std::vector<const Item*> Instrument::total_items() const {
  std::vector<const Item*> result;
  for (const auto& link_id : total_link_ids) result.push_back(find_item(link_id));
  return result;
}

double Instrument::minimum_total() const { return plan.minimum_total; }
double Instrument::maximum_total() const { return plan.maximum_total; }

const Norm* Instrument::norm(Population population) const {
  for (const auto& norm : norms) {
    if (norm.population == population) return &norm;
  }
  return nullptr;
}

const Reliability* Instrument::preferred_reliability() const {
  for (const auto& reliability : reliabilities) {
    if (reliability.kind == ReliabilityKind::retest) return &reliability;
  }
  return reliabilities.empty() ? nullptr : &reliabilities.front();
}

const Band* Instrument::band_for(double total) const {
  const Band* found = nullptr;
  for (const auto& band : bands) {
    if (band.minimum <= total) found = &band;
  }
  return found;
}

Result<Instrument> load_questionnaire(std::string_view json_text, std::span<const Instrument> rule_sources) {
  if (json_text.size() > kLargestQuestionnaire) {
    return Status::invalid(fmt::format("the Questionnaire is {} bytes; keel reads at most {} MiB", json_text.size(),
                                       kLargestQuestionnaire / (1024 * 1024)));
  }
  json questionnaire;
  try {
    questionnaire = json::parse(json_text);
  } catch (const json::parse_error& error) {
    return Status::invalid(fmt::format("the Questionnaire is not valid JSON (at byte {})", error.byte));
  } catch (const std::exception& error) {
    return Status::invalid(fmt::format("the Questionnaire could not be read ({})", error.what()));
  }
  return load_parsed(std::move(questionnaire), rule_sources);
}

Result<Instrument> load_questionnaire_json(const json& questionnaire, std::span<const Instrument> rule_sources) {
  return load_parsed(json(questionnaire), rule_sources);
}

namespace {

Result<Instrument> load_parsed(json&& questionnaire, std::span<const Instrument> rule_sources) {
  try {
    if (!questionnaire.is_object()) return wrong_type("the Questionnaire", "a JSON object", questionnaire);
    const std::string resource_type = text_or_empty(questionnaire, "resourceType");
    if (resource_type != "Questionnaire") {
      return Status::invalid(fmt::format("resourceType: expected \"Questionnaire\", found \"{}\"", resource_type));
    }
    Instrument instrument;
    KEEL_ASSIGN_OR_RETURN(instrument.id, optional_string(questionnaire, "id", "Questionnaire"));
    KEEL_ASSIGN_OR_RETURN(instrument.name, optional_string(questionnaire, "name", "Questionnaire"));
    KEEL_ASSIGN_OR_RETURN(instrument.title, optional_string(questionnaire, "title", "Questionnaire"));
    KEEL_ASSIGN_OR_RETURN(instrument.url, optional_string(questionnaire, "url", "Questionnaire"));
    KEEL_ASSIGN_OR_RETURN(instrument.version, optional_string(questionnaire, "version", "Questionnaire"));
    KEEL_ASSIGN_OR_RETURN(instrument.description, optional_string(questionnaire, "description", "Questionnaire"));
    KEEL_ASSIGN_OR_RETURN(instrument.copyright, optional_string(questionnaire, "copyright", "Questionnaire"));
    KEEL_ASSIGN_OR_RETURN(instrument.code, first_coding(questionnaire, "Questionnaire"));
    if (instrument.id.empty()) {
      instrument.id = id_from_name(instrument.name);
      if (instrument.id.empty() && instrument.code) instrument.id = id_from_name("loinc-" + instrument.code->code);
      if (instrument.id.empty()) {
        return Status::invalid("id: missing, and there is no name or code to make one from");
      }
      instrument.notes.push_back(fmt::format("the Questionnaire has no id; keel calls it \"{}\"", instrument.id));
    } else if (!is_fhir_id(instrument.id)) {
      return Status::invalid(
          fmt::format("id: \"{}\" is not a FHIR id (letters, digits, '-' and '.', at most 64)", instrument.id));
    }
    if (instrument.title.empty()) instrument.title = instrument.name.empty() ? instrument.id : instrument.name;

    Walk walk;
    walk.root = &questionnaire;
    KEEL_ASSIGN_OR_RETURN(const json* contained, optional_array(questionnaire, "contained", "Questionnaire"));
    for (std::size_t index = 0; index < contained->size(); ++index) {
      const json& resource = (*contained)[index];
      if (text_or_empty(resource, "resourceType") != "ValueSet") continue;
      const std::string id = text_or_empty(resource, "id");
      if (id.empty()) return Status::invalid(fmt::format("contained[{}]: a ValueSet without an id", index));
      if (!walk.value_sets.emplace(id, &resource).second) {
        return Status::invalid(fmt::format("contained[{}]: a second ValueSet with the id \"{}\"", index, id));
      }
    }
    const json* items = member(questionnaire, "item");
    if (items == nullptr) return Status::invalid("item: missing; a Questionnaire without items cannot be scored");
    if (!items->is_array()) return wrong_type("item", "an array", *items);
    KEEL_RETURN_IF_ERROR(walk_items(walk, *items, "", 0, false));
    if (std::none_of(walk.items.begin(), walk.items.end(), [](const Item& item) { return item.scored; })) {
      if (walk.first_unscored_path.empty()) {
        return Status::invalid("item: no choice item with answer options, so keel cannot score this Questionnaire");
      }
      return Status::invalid(
          fmt::format("{}: no ordinalValue, so keel cannot score it (no item of this "
                      "Questionnaire carries option scores)",
                      walk.first_unscored_path));
    }
    instrument.items = std::move(walk.items);
    instrument.total_item_link_id = std::move(walk.total_item_link_id);
    instrument.total_code = std::move(walk.total_code);
    instrument.instructions = std::move(walk.instructions);
    instrument.notes.insert(instrument.notes.end(), walk.notes.begin(), walk.notes.end());

    KEEL_ASSIGN_OR_RETURN(Rules rules, read_rules(questionnaire, instrument.items));
    bool adopted = false;
    if (rules.present) {
      instrument.method = rules.method;
      instrument.direction = rules.direction;
      instrument.missing_data = rules.missing_data;
      instrument.minimum_answered = rules.minimum_answered;
      instrument.scoring_source = rules.source;
      instrument.total_link_ids = rules.total_link_ids;
      instrument.subscales = rules.subscales;
      instrument.reliabilities = rules.reliabilities;
      instrument.norms = rules.norms;
      instrument.safety_rules = rules.safety_rules;
      instrument.text_status = rules.text_status.value_or(TextStatus::included);
      instrument.rules_source = "keel rules in the Questionnaire";
      KEEL_RETURN_IF_ERROR(place_bands(instrument, rules));
    } else if (instrument.code) {
      for (const auto& source : rule_sources) {
        if (!source.code || source.code->code != instrument.code->code ||
            source.code->system != instrument.code->system) {
          continue;
        }
        KEEL_ASSIGN_OR_RETURN(adopted, adopt_rules(instrument, source));
        if (adopted) break;
      }
    }
    if (instrument.total_link_ids.empty()) {
      for (const auto& item : instrument.items) {
        if (item.scored) instrument.total_link_ids.push_back(item.link_id);
      }
    }
    if (!rules.present && !adopted) {
      instrument.rules_source = "defaults for a Questionnaire without keel rules";
      instrument.notes.push_back(
          "no keel rules: the total is the sum of every scored item, every item must be "
          "answered, and there are no bands, norms or direction");
    }
    const int total_count = static_cast<int>(instrument.total_link_ids.size());
    if (instrument.missing_data == MissingDataRule::prorate && instrument.minimum_answered > total_count) {
      return Status::invalid(fmt::format("minimumAnswered is {}, but the total has only {} items",
                                         instrument.minimum_answered, total_count));
    }
    KEEL_RETURN_IF_ERROR(check_first_band(
        instrument.bands, range_end(instrument, instrument.total_link_ids, instrument.method, false, false),
        "the total"));
    for (const auto& subscale : instrument.subscales) {
      const double lowest = range_end(instrument, subscale.link_ids, subscale.method, subscale.reverse, false);
      KEEL_RETURN_IF_ERROR(check_first_band(subscale.bands, lowest, "the subscale " + subscale.code));
    }
    add_loinc_safety_rules(instrument);
    KEEL_RETURN_IF_ERROR(instrument.prepare());
    instrument.questionnaire = std::move(questionnaire);
    return instrument;
  } catch (const std::exception& error) {
    // nlohmann throws only on a bug here (every access is checked first); keep it an error, not a crash.
    return Status::internal(fmt::format("reading the Questionnaire failed unexpectedly ({})", error.what()));
  }
}

}  // namespace

Result<std::vector<Instrument>> load_shipped_instruments() {
  // The order `keel instruments` lists them in: general measures first, then the CSB scales.
  static constexpr std::string_view kOrder[] = {"phq-9",  "gad-7", "phq-4",  "csi-4",   "scs-sf", "ders-16",
                                                "aaq-ii", "bps",   "ppcs-6", "csbd-19", "hbi-19", "scs"};
  auto rank = [](const Instrument& instrument) {
    const auto* found = std::find(std::begin(kOrder), std::end(kOrder), instrument.id);
    return static_cast<std::size_t>(found - std::begin(kOrder));
  };
  std::vector<Instrument> instruments;
  for (const auto& file : embedded_instrument_files()) {
    Result<Instrument> loaded = load_questionnaire(file.contents);
    if (!loaded) {
      return Status::internal(
          fmt::format("the shipped instrument {} does not load: {}", file.name, loaded.status().message()));
    }
    instruments.push_back(std::move(loaded).value());
  }
  std::stable_sort(instruments.begin(), instruments.end(),
                   [&](const Instrument& left, const Instrument& right) { return rank(left) < rank(right); });
  return instruments;
}

Result<Instrument> load_shipped_instrument(std::string_view id) {
  for (const auto& file : embedded_instrument_files()) {
    if (file.name.size() != id.size() + 5 || file.name.substr(0, id.size()) != id || !file.name.ends_with(".json")) {
      continue;
    }
    Result<Instrument> loaded = load_questionnaire(file.contents);
    if (!loaded) {
      return Status::internal(
          fmt::format("the shipped instrument {} does not load: {}", file.name, loaded.status().message()));
    }
    if (loaded->id != id) {
      return Status::internal(fmt::format("the shipped file {} holds the instrument {}", file.name, loaded->id));
    }
    return loaded;
  }
  return Status::not_found(fmt::format("keel has no instrument \"{}\"; `keel instruments` lists them", id));
}

const Instrument* find_instrument(std::span<const Instrument> instruments, std::string_view id) {
  for (const auto& instrument : instruments) {
    if (instrument.id == id) return &instrument;
  }
  return nullptr;
}

}  // namespace keel::measures
