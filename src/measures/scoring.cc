#include "measures/scoring.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace keel::measures {

namespace {

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Shortens what a person typed for an error message, keeping it one line.
std::string quote_for_message(std::string_view text) {
  constexpr std::size_t kLongest = 40;
  std::string shown;
  for (char c : text.substr(0, kLongest)) {
    shown += (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) ? '?' : c;
  }
  if (text.size() > kLongest) shown += "...";
  return "\"" + shown + "\"";
}

std::string format_number(double value) { return fmt::format("{:g}", value); }

std::string option_list(const Item& item) {
  std::string list;
  for (const auto& option : item.options) {
    if (!list.empty()) list += ", ";
    list += option.code;
    if (!option.display.empty() && option.display != option.code) list += " (" + option.display + ")";
  }
  return list;
}

const AnswerOption* find_option(const Item& item, std::string_view code) {
  for (const auto& option : item.options) {
    if (option.code == code) return &option;
  }
  return nullptr;
}

std::vector<const Item*> scored_items(const Instrument& instrument) {
  std::vector<const Item*> items;
  for (const auto& item : instrument.items) {
    if (item.scored) items.push_back(&item);
  }
  return items;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<Band> band_in(const std::vector<Band>& bands, double value) {
  const Band* found = nullptr;
  for (const auto& band : bands) {
    if (band.minimum <= value) found = &band;
  }
  return found != nullptr ? std::optional<Band>(*found) : std::nullopt;
}

}  // namespace

std::string item_label(const Item& item) {
  return all_digits(item.link_id) ? "item " + item.link_id : "item \"" + item.link_id + "\"";
}

namespace {

// The chosen option of every item (nullptr where unanswered), after checking the response:
// walks the answers (sorted by linkId) and the plan's items sorted by linkId side by side.
Status resolve(const Instrument& instrument, const Response& response, std::vector<const AnswerOption*>& chosen) {
  if (!response.instrument_id.empty() && response.instrument_id != instrument.id) {
    return Status::invalid(fmt::format("the answers are for {}, not {}", response.instrument_id, instrument.id));
  }
  const auto& by_link_id = instrument.plan.by_link_id;
  if (by_link_id.size() != instrument.items.size()) {
    return Status::internal(fmt::format("{} was changed without prepare()", instrument.id));
  }
  chosen.assign(instrument.items.size(), nullptr);
  auto next = by_link_id.begin();
  for (const auto& [link_id, code] : response.answers) {
    while (next != by_link_id.end() && instrument.items[*next].link_id < link_id) ++next;
    if (next == by_link_id.end() || instrument.items[*next].link_id != link_id) {
      std::string known;
      for (const auto& other : instrument.items) known += (known.empty() ? "" : ", ") + other.link_id;
      return Status::invalid(
          fmt::format("{} has no item {}; its items are {}", instrument.id, quote_for_message(link_id), known));
    }
    const Item& item = instrument.items[*next];
    const AnswerOption* option = find_option(item, code);
    if (option == nullptr) {
      return Status::invalid(fmt::format("{} of {}: {} is not one of its options ({})", item_label(item), instrument.id,
                                         quote_for_message(code), option_list(item)));
    }
    chosen[*next] = option;
  }
  for (std::size_t index = 0; index < instrument.items.size(); ++index) {
    if (instrument.items[index].required && chosen[index] == nullptr) {
      return Status::invalid(
          fmt::format("{} of {} must be answered", item_label(instrument.items[index]), instrument.id));
    }
  }
  return Status::ok();
}

}  // namespace

Status validate_response(const Instrument& instrument, const Response& response) {
  std::vector<const AnswerOption*> chosen;
  return resolve(instrument, response, chosen);
}

Result<Response> parse_answer_scores(const Instrument& instrument, std::string_view text) {
  const std::vector<const Item*> items = scored_items(instrument);
  Response response;
  response.instrument_id = instrument.id;
  if (trim(text).empty()) {
    std::string example;
    for (const Item* item : items)
      example += (example.empty() ? "" : ",") + format_number(*item->options.front().score);
    return Status::invalid(fmt::format("no answers given; {} takes {} scores separated by commas, e.g. {}",
                                       instrument.id, items.size(), example));
  }
  std::size_t count = 1;
  for (char c : text) count += c == ',' ? 1 : 0;
  if (count != items.size()) {
    return Status::invalid(
        fmt::format("{} has {} scored items, but {} values were given; give one score per item in "
                    "order, and - for an item left unanswered",
                    instrument.id, items.size(), count));
  }
  std::size_t index = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string_view value =
        trim(text.substr(start, comma == std::string_view::npos ? text.npos : comma - start));
    const Item& item = *items[index];
    if (!value.empty() && value != "-") {
      double score = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), score);
      if (error != std::errc() || end != value.data() + value.size() || !std::isfinite(score)) {
        return Status::invalid(fmt::format("{} of {}: {} is not a number; give a score or -", item_label(item),
                                           instrument.id, quote_for_message(value)));
      }
      const AnswerOption* chosen = nullptr;
      for (const auto& option : item.options) {
        if (*option.score != score) continue;
        if (chosen != nullptr) {
          return Status::invalid(
              fmt::format("{} of {}: two options score {} ({} and {}), so a score cannot say which "
                          "was chosen; answer it by code",
                          item_label(item), instrument.id, format_number(score), chosen->code, option.code));
        }
        chosen = &option;
      }
      if (chosen == nullptr) {
        std::string scores;
        for (const auto& option : item.options) scores += (scores.empty() ? "" : ", ") + format_number(*option.score);
        return Status::invalid(fmt::format("{} of {}: {} is not a score of its options ({})", item_label(item),
                                           instrument.id, format_number(score), scores));
      }
      response.answers[item.link_id] = chosen->code;
    }
    ++index;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return response;
}

std::string format_answer_scores(const Instrument& instrument, const Response& response) {
  std::string text;
  bool first = true;
  for (const Item* item : scored_items(instrument)) {
    if (!first) text += ',';
    first = false;
    const auto found = response.answers.find(item->link_id);
    const AnswerOption* option = found == response.answers.end() ? nullptr : find_option(*item, found->second);
    text += option != nullptr ? format_number(*option->score) : "-";
  }
  return text;
}

Result<Score> score_response(const Instrument& instrument, const Response& response) {
  std::vector<const AnswerOption*> chosen;
  KEEL_RETURN_IF_ERROR(resolve(instrument, response, chosen));
  const Instrument::Plan& plan = instrument.plan;
  Score score;
  score.instrument_id = instrument.id;
  score.method = instrument.method;
  score.direction = instrument.direction;
  score.minimum = plan.minimum_total;
  score.maximum = plan.maximum_total;

  score.items.resize(instrument.items.size());
  for (std::size_t index = 0; index < instrument.items.size(); ++index) {
    ItemScore& entry = score.items[index];
    entry.link_id = instrument.items[index].link_id;
    if (const AnswerOption* option = chosen[index]) {
      entry.code = option->code;
      entry.display = option->display;
      entry.score = option->score;
    }
  }

  // The total.
  double sum = 0;
  for (std::size_t index : plan.total) {
    if (chosen[index] == nullptr) continue;
    sum += *chosen[index]->score;
    ++score.answered;
  }
  score.item_count = static_cast<int>(plan.total.size());
  const double count = score.item_count;
  if (score.answered == score.item_count) {
    score.total = instrument.method == ScoringMethod::mean ? sum / count : sum;
  } else if (instrument.missing_data == MissingDataRule::prorate && score.answered >= instrument.minimum_answered) {
    const double mean = sum / score.answered;
    if (instrument.method == ScoringMethod::mean) {
      score.total = mean;
    } else {
      const double prorated = mean * count;
      score.total = plan.whole_total ? std::floor(prorated + 0.5) : prorated;
    }
    score.prorated = true;
  } else if (instrument.missing_data == MissingDataRule::prorate) {
    score.no_total_reason = fmt::format("{} of {} items are answered; {} gives a total only when at least {} are",
                                        score.answered, score.item_count, instrument.id, instrument.minimum_answered);
  } else {
    score.no_total_reason = fmt::format("{} of {} items are answered; {} gives a total only when all are",
                                        score.answered, score.item_count, instrument.id);
  }
  if (score.total) score.band = band_in(instrument.bands, *score.total);

  // Subscales.
  score.subscales.reserve(instrument.subscales.size());
  for (std::size_t number = 0; number < instrument.subscales.size(); ++number) {
    const Subscale& subscale = instrument.subscales[number];
    SubscaleScore entry;
    entry.code = subscale.code;
    entry.name = subscale.name;
    entry.direction = subscale.direction;
    entry.item_count = static_cast<int>(subscale.link_ids.size());
    double subscale_sum = 0;
    for (std::size_t index : plan.subscales[number]) {
      if (chosen[index] == nullptr) continue;
      ++entry.answered;
      const double value = *chosen[index]->score;
      subscale_sum += subscale.reverse ? plan.lowest[index] + plan.highest[index] - value : value;
    }
    if (entry.answered == entry.item_count) {
      entry.value = subscale.method == ScoringMethod::mean ? subscale_sum / entry.item_count : subscale_sum;
      entry.band = band_in(subscale.bands, *entry.value);
    }
    score.subscales.push_back(std::move(entry));
  }

  // Safety.
  for (std::size_t number = 0; number < instrument.safety_rules.size(); ++number) {
    const SafetyRule& rule = instrument.safety_rules[number];
    const std::size_t index = plan.safety[number];
    const AnswerOption* option = chosen[index];
    if (option == nullptr) {
      score.safety_items_unanswered.push_back(rule.link_id);
      continue;
    }
    if (!(*option->score > rule.above)) continue;
    const Item& item = instrument.items[index];
    score.safety_findings.push_back({instrument.id, item.link_id, item.code, item.text, option->code, option->display,
                                     *option->score, rule.kind, rule.description});
  }
  return score;
}

std::string format_score(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{:.0f}", value);
  std::string text = fmt::format("{:.2f}", value);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string describe_band_range(const Instrument& instrument, const std::vector<Band>& bands, std::size_t index,
                                double highest) {
  const bool whole = instrument.method == ScoringMethod::sum && instrument.plan.whole_total;
  const Band& band = bands[index];
  const bool last = index + 1 == bands.size();
  if (whole) {
    const double low = std::ceil(band.minimum);
    const double high = last ? std::floor(highest) : std::ceil(bands[index + 1].minimum) - 1;
    return low == high ? format_score(low) : format_score(low) + "-" + format_score(high);
  }
  if (last) return fmt::format("{} to {}", format_score(band.minimum), format_score(highest));
  return fmt::format("{} to under {}", format_score(band.minimum), format_score(bands[index + 1].minimum));
}

std::string describe_score(const Instrument& instrument, const Score& score) {
  if (!score.total) return fmt::format("No total for {}: {}.", instrument.id, score.no_total_reason);
  std::string sentence = fmt::format("{} of a possible {}-{} on the {}", format_score(*score.total),
                                     format_score(score.minimum), format_score(score.maximum), instrument.title);
  if (score.prorated) sentence += fmt::format(" (prorated from {} of {} items)", score.answered, score.item_count);
  if (score.band) {
    for (std::size_t index = 0; index < instrument.bands.size(); ++index) {
      if (instrument.bands[index].label != score.band->label) continue;
      sentence += fmt::format(": the {} band ({})", score.band->label,
                              describe_band_range(instrument, instrument.bands, index, score.maximum));
      if (score.band->provisional) sentence += ", a cut-off still to be confirmed";
    }
  }
  if (score.direction == Direction::higher_worse) sentence += "; higher is worse";
  if (score.direction == Direction::higher_better) sentence += "; higher is better";
  return sentence + ".";
}

}  // namespace keel::measures
