#include "measures/assessment_record.h"

#include <cmath>

#include <fmt/format.h>

namespace keel::measures {

Result<std::vector<domain::AssessmentAnswer>> answers_from_response(const Instrument& instrument,
                                                                    const Response& response) {
  KEEL_RETURN_IF_ERROR(validate_response(instrument, response));
  std::vector<domain::AssessmentAnswer> answers;
  for (const auto& item : instrument.items) {
    if (!item.scored) continue;
    const auto answer = response.answers.find(item.link_id);
    if (answer == response.answers.end()) continue;
    for (const auto& option : item.options) {
      if (option.code != answer->second) continue;
      const double score = *option.score;
      if (score != std::floor(score) || std::fabs(score) > 1000) {
        return Status::invalid(fmt::format("{} of {}: the option \"{}\" scores {:g}, and keel stores whole scores only",
                                           item_label(item), instrument.id, option.code, score));
      }
      answers.push_back({item.link_id, static_cast<int>(score)});
      break;
    }
  }
  return answers;
}

Result<Response> response_from_assessment(const Instrument& instrument, const domain::Assessment& assessment) {
  if (assessment.instrument != instrument.id) {
    return Status::invalid(fmt::format("the assessment is of {}, not of {}", assessment.instrument, instrument.id));
  }
  Response response;
  response.instrument_id = instrument.id;
  for (const auto& answer : assessment.answers) {
    const Item* item = instrument.find_item(answer.item);
    if (item == nullptr || !item->scored) {
      return Status::invalid(
          fmt::format("the assessment answers item \"{}\", which {} does not score", answer.item, instrument.id));
    }
    const AnswerOption* chosen = nullptr;
    for (const auto& option : item->options) {
      if (*option.score != answer.score) continue;
      if (chosen != nullptr) {
        return Status::invalid(fmt::format("{} of {}: two options score {}, so the stored score cannot say which",
                                           item_label(*item), instrument.id, answer.score));
      }
      chosen = &option;
    }
    if (chosen == nullptr) {
      return Status::invalid(
          fmt::format("{} of {}: no option scores {}", item_label(*item), instrument.id, answer.score));
    }
    response.answers[item->link_id] = chosen->code;
  }
  return response;
}

}  // namespace keel::measures
