// Instruments: validated questionnaires as data. An Instrument is what keel reads out of a FHIR R4
// Questionnaire (its own files in instruments/, or a third-party LOINC / LHC-Forms one): the items
// a person answers, the score of every option (the ordinalValue extension), and the keel rules
// that FHIR has no field for (sum or mean, subscales, missing data, bands, direction, reliability,
// norms, safety). docs/instruments.md describes the extensions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace keel::measures {

// The base of every keel extension URL; ".invalid" never resolves, so the names stay ours.
inline constexpr std::string_view kExtensionBase = "https://keel.invalid/fhir/StructureDefinition/";
inline constexpr std::string_view kOrdinalValueUrl = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
inline constexpr std::string_view kItemWeightUrl = "http://hl7.org/fhir/StructureDefinition/itemWeight";  // R5 name
inline constexpr std::string_view kCalculatedExpressionUrl =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
inline constexpr std::string_view kLoincSystem = "http://loinc.org";
// PHQ-9 item 9 (thoughts of being better off dead or of self-harm): a Questionnaire that asks it
// gets the safety rule even when it carries no keel rules.
inline constexpr std::string_view kLoincSelfHarmItem = "44260-8";

enum class ScoringMethod { sum, mean };
enum class Direction { higher_worse, higher_better, unknown };
enum class MissingDataRule {
  complete,  // a total only when every item of it is answered
  prorate,   // with at least `minimum_answered` answered: the mean of the answered items times the item count
};
enum class ReliabilityKind { retest, alpha };
enum class Population { functional, dysfunctional };
enum class TextStatus {
  included,     // keel ships the item text
  placeholder,  // scoring rules only; the items read "Item 3 (licensed text not loaded)"
  licensed,     // a clinic merged its licensed text into the shipped rules
};

const char* scoring_method_name(ScoringMethod method);  // "sum", "mean"
const char* direction_name(Direction direction);        // "higher-worse", "higher-better", "unknown"
const char* missing_data_rule_name(MissingDataRule rule);
const char* reliability_kind_name(ReliabilityKind kind);  // "retest", "alpha"
const char* population_name(Population population);       // "functional", "dysfunctional"
const char* text_status_name(TextStatus status);          // "included", "placeholder", "licensed"

struct Coding {
  std::string system;
  std::string code;
  std::string display;
  bool operator==(const Coding&) const = default;
};

struct AnswerOption {
  std::string code;    // valueCoding.code: what a response stores
  std::string system;  // valueCoding.system
  std::string display;
  std::optional<double> score;  // the ordinalValue; absent only on the options of an unscored item
  bool operator==(const AnswerOption&) const = default;
};

// A question a person answers by choosing one option.
struct Item {
  std::string link_id;
  std::string prefix;  // "1."
  std::string text;
  std::optional<Coding> code;  // the LOINC (or other) code of the question, when it has one
  std::vector<AnswerOption> options;
  bool required = false;
  bool scored = false;  // every option carries a score (an unscored item has none, like PHQ-9's difficulty item)
  std::string path;     // where it sits in the Questionnaire, for messages: "item[3]" or "item[1].item[0]"
  bool operator==(const Item&) const = default;
};

// A band of the total or of a subscale: applies from `minimum` up to the next band's minimum.
struct Band {
  double minimum = 0;
  std::string label;         // "moderate"
  std::string description;   // optional: a longer reading
  bool provisional = false;  // the cut-off is to be confirmed against its source
  std::string source;
  bool operator==(const Band&) const = default;
};

struct Subscale {
  std::string code;  // "gad-2"
  std::string name;  // "GAD-2 (anxiety)"
  std::vector<std::string> link_ids;
  ScoringMethod method = ScoringMethod::sum;
  // Report the published raw direction of reverse-keyed items (lowest + highest option score
  // minus the item's score), e.g. SCS-SF self-judgment, whose items the total reverses.
  bool reverse = false;
  Direction direction = Direction::unknown;
  std::vector<Band> bands;
  bool operator==(const Subscale&) const = default;
};

struct Reliability {
  ReliabilityKind kind = ReliabilityKind::retest;
  double value = 0;
  std::string interval;  // for retest: "48 hours"
  std::string note;
  std::string source;
  bool operator==(const Reliability&) const = default;
};

struct Norm {
  Population population = Population::functional;
  double mean = 0;
  double standard_deviation = 0;
  std::string description;  // "German general population"
  std::string source;
  bool operator==(const Norm&) const = default;
};

// An answer to `link_id` scoring above `above` is a safety event (PHQ-9 item 9 above 0).
struct SafetyRule {
  std::string link_id;
  double above = 0;
  std::string kind;  // "self-harm"
  std::string description;
  bool operator==(const SafetyRule&) const = default;
};

// A loaded, checked instrument: everything scoring needs, and the Questionnaire it came from.
struct Instrument {
  std::string id;  // "phq-9": Questionnaire.id
  std::string name;
  std::string title;
  std::string url;
  std::string version;
  std::string description;
  std::string copyright;       // the licence note
  std::optional<Coding> code;  // the panel code (LOINC 44249-1)

  // The text of its display items, in order: what a person reads before the questions, such as the
  // time frame they are about ("Over the last 2 weeks, how often …"), part of the validated form.
  std::vector<std::string> instructions;
  std::vector<Item> items;                  // every choice item in Questionnaire order, scored or not
  std::vector<std::string> total_link_ids;  // the items the total is made of, in order
  std::string total_item_link_id;           // the item with the SDC calculatedExpression, if any
  std::optional<Coding> total_code;         // its code (LOINC 44261-6): what an Observation of the total carries

  ScoringMethod method = ScoringMethod::sum;
  Direction direction = Direction::unknown;
  MissingDataRule missing_data = MissingDataRule::complete;
  int minimum_answered = 0;  // for prorate
  std::string scoring_source;
  std::vector<Band> bands;  // of the total, ascending
  std::vector<Subscale> subscales;
  std::vector<Reliability> reliabilities;
  std::vector<Norm> norms;
  std::vector<SafetyRule> safety_rules;
  TextStatus text_status = TextStatus::included;

  // Where the rules came from: "keel rules in the Questionnaire", "adopted from phq-9 …", or the
  // defaults of a third-party form ("sum of every scored item; no bands").
  std::string rules_source;
  std::vector<std::string> notes;  // what a person loading the file should know (defaults used, things ignored)

  nlohmann::json questionnaire;  // the Questionnaire as loaded (for FHIR export)

  // What the loader works out once so that scoring compares no linkIds: item positions and
  // option score ranges. load_questionnaire fills it; after changing `items`, the total or the
  // rules of a loaded instrument, call prepare() again (scoring refuses a stale plan).
  struct Plan {
    std::vector<std::size_t> by_link_id;  // positions in `items`, sorted by linkId
    std::vector<std::size_t> total;       // the position of each item of the total
    std::vector<std::vector<std::size_t>> subscales;
    std::vector<std::size_t> safety;  // the item of each safety rule
    std::vector<double> lowest;       // per item: its lowest and highest option score (0 when unscored)
    std::vector<double> highest;
    double minimum_total = 0;
    double maximum_total = 0;
    bool whole_total = true;  // every option score of the total's items is a whole number
  };
  Plan plan;
  // Works out `plan`; fails when a rule names an item that is not a scored item.
  Status prepare();

  // The item with this linkId, or nullptr.
  const Item* find_item(std::string_view link_id) const;
  // The scored items the total is made of, in order.
  std::vector<const Item*> total_items() const;
  // The lowest and highest total the options allow (from the plan).
  double minimum_total() const;
  double maximum_total() const;
  const Norm* norm(Population population) const;
  // The retest reliability if there is one, else Cronbach's alpha, else nullptr.
  const Reliability* preferred_reliability() const;
  // The band a value of the total falls in, or nullptr when the instrument has none.
  const Band* band_for(double total) const;
};

// Reads a FHIR R4 Questionnaire and checks that keel can score it. Accepts keel's own files and
// third-party forms in the LOINC / LHC-Forms style: option scores in the ordinalValue (or R5
// itemWeight) extension on answerOption.valueCoding or on answerOption, or on the concepts of a
// contained ValueSet referenced by answerValueSet "#id". Groups are walked; display items and
// items of other types are skipped. A Questionnaire without keel rules gets `rule_sources`'
// rules when its code (a LOINC panel) matches one and every item those rules name can be matched
// by its code; otherwise the defaults (sum of every scored item, complete answers, no bands,
// direction unknown). Every failure names the element and why, e.g.
// "item[3].answerOption[2]: no ordinalValue, so keel cannot score it".
Result<Instrument> load_questionnaire(std::string_view json_text, std::span<const Instrument> rule_sources = {});
// The same for a Questionnaire already parsed.
Result<Instrument> load_questionnaire_json(const nlohmann::json& questionnaire,
                                           std::span<const Instrument> rule_sources = {});

// The instruments keel ships (instruments/*.json, embedded in the binary), loaded and checked.
// A failure here is a bug in a shipped file.
Result<std::vector<Instrument>> load_shipped_instruments();

// One shipped instrument (the file instruments/<id>.json), without loading the others: what a
// command that scores one instrument needs at start-up. not_found when keel ships no such id.
Result<Instrument> load_shipped_instrument(std::string_view id);

// The instrument with this id, or nullptr.
const Instrument* find_instrument(std::span<const Instrument> instruments, std::string_view id);

// Merges a clinic's licensed item text into a shipped scoring-only instrument. `text_json` is a
// FHIR Questionnaire (or a fragment of one: "item" with linkId, text and answerOption valueCoding
// code and display; optionally "copyright"). Only texts change: the result scores exactly as
// `scoring_only` does. Fails, naming the element, when the text names an item or an option code
// the instrument does not have, or gives an option a score different from keel's (a sign that
// it is another version of the instrument). `still_placeholder`, if given, receives the linkIds
// whose text was not supplied.
Result<Instrument> merge_licensed_text(const Instrument& scoring_only, std::string_view text_json,
                                       std::vector<std::string>* still_placeholder = nullptr);

}  // namespace keel::measures
