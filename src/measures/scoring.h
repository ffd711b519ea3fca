// Scoring: a person's answers to an instrument, checked and turned into exact totals,
// subscales, bands and safety findings. Pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "measures/instrument.h"

namespace keel::measures {

// One administration of an instrument: the code of the chosen option for each answered item.
// An unanswered item is simply absent. This is what storage keeps (with who and when).
struct Response {
  std::string instrument_id;
  std::map<std::string, std::string> answers;  // linkId -> answerOption valueCoding.code
  bool operator==(const Response&) const = default;
};

// "item 3" for a numeric linkId, else "item \"sleep\"": how messages name an item.
std::string item_label(const Item& item);

// Checks `response` against `instrument`: it must be for this instrument (or name none), every
// answered item must be a choice item of it, every answer one of that item's option codes, and
// every required item answered. The first problem is returned as one sentence.
Status validate_response(const Instrument& instrument, const Response& response);

// Reads the `--answers` text: one value per scored item, in Questionnaire order, separated by
// commas ("1,2,0,3"). A value is the option's score (its ordinalValue), not its position, so a
// reverse-keyed item is given its scored value (SCS-SF item 1 answered "almost never" is 5).
// "-" or nothing between commas leaves an item unanswered. Each score is mapped back to the one
// option that carries it.
Result<Response> parse_answer_scores(const Instrument& instrument, std::string_view text);

// The `--answers` text of a response (scored items only; "-" where unanswered).
std::string format_answer_scores(const Instrument& instrument, const Response& response);

struct ItemScore {
  std::string link_id;
  std::string code;  // empty when unanswered
  std::string display;
  std::optional<double> score;  // absent when unanswered or for an unscored item
};

struct SubscaleScore {
  std::string code;  // "gad-2"
  std::string name;
  std::optional<double> value;  // absent unless every item of the subscale is answered
  std::optional<Band> band;
  int answered = 0;
  int item_count = 0;
  Direction direction = Direction::unknown;
};

// An answer that a safety rule flags: what the clinician's alert will need besides who and when.
struct SafetyFinding {
  std::string instrument_id;
  std::string link_id;
  std::optional<Coding> item_code;  // LOINC 44260-8 for PHQ-9 item 9
  std::string item_text;
  std::string answer_code;
  std::string answer_display;
  double score = 0;
  std::string kind;  // "self-harm"
  std::string description;
};

struct Score {
  std::string instrument_id;
  std::optional<double> total;  // absent when the missing-data rule allows none
  std::string no_total_reason;  // why, when absent
  bool prorated = false;
  int answered = 0;    // answered items of the total
  int item_count = 0;  // items of the total
  std::optional<Band> band;
  double minimum = 0;  // the lowest and highest total possible
  double maximum = 0;
  ScoringMethod method = ScoringMethod::sum;
  Direction direction = Direction::unknown;
  std::vector<SubscaleScore> subscales;
  std::vector<ItemScore> items;  // every choice item, in order
  std::vector<SafetyFinding> safety_findings;
  std::vector<std::string> safety_items_unanswered;  // linkIds a safety rule watches that were left blank

  bool safety_flag() const { return !safety_findings.empty(); }
};

// Validates and scores. Sums or means as the instrument says; reverse-keyed items already carry
// reversed scores. Missing data: "complete" gives no total unless every item of it is answered;
// "prorate" gives one from `minimum_answered` items on: the mean of the answered item scores
// times the item count, rounded to the nearest whole number (halves up) when every option score
// is whole. A subscale needs all of its items.
Result<Score> score_response(const Instrument& instrument, const Response& response);

// A number as keel shows it: whole numbers without decimals, others with up to two ("3.42").
std::string format_score(double value);

// The range band `index` of `bands` covers, for people: "10-14" for whole-number sums, "2.5 to
// under 3.5" else; `highest` is the highest score possible.
std::string describe_band_range(const Instrument& instrument, const std::vector<Band>& bands, std::size_t index,
                                double highest);

// One plain sentence about a score, e.g. "11 of a possible 0-27 on the PHQ-9: the moderate band
// (10-14); higher is worse."
std::string describe_score(const Instrument& instrument, const Score& score);

}  // namespace keel::measures
