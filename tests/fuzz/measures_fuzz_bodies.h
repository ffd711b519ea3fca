// The checks of the measures fuzz targets on one input, shared by the libFuzzer drivers
// (tests/fuzz/fuzz_questionnaire.cc, fuzz_answers.cc, fuzz_fhir_bundle.cc) and the corpus replay
// test (tests/measures/fuzz_corpus_test.cc). As in fuzz_bodies.h, a body returns Status::ok() when
// every check held and an internal Status naming the broken check otherwise.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/id.h"
#include "core/status.h"
#include "core/time.h"
#include "measures/assessment_record.h"
#include "measures/fhir_bundle.h"
#include "measures/instrument.h"
#include "measures/scoring.h"

namespace keel::fuzz {

// The shipped instruments, loaded once per process.
inline const std::vector<measures::Instrument>& fuzz_shipped_instruments() {
  static const std::vector<measures::Instrument> instruments = [] {
    auto loaded = measures::load_shipped_instruments();
    return loaded.is_ok() ? std::move(loaded).value() : std::vector<measures::Instrument>{};
  }();
  return instruments;
}

// Error sentences reach the CLI and JSON: they must say something and be UTF-8 (nlohmann's
// dump() refuses anything else, which makes it an independent check).
inline Status check_measures_message(std::string_view what, const Status& status) {
  if (status.message().empty()) return Status::internal(fmt::format("{} failed without a message", what));
  try {
    (void)nlohmann::json(status.message()).dump();
  } catch (const nlohmann::json::exception&) {
    return Status::internal(fmt::format("{} failed with a message that is not UTF-8", what));
  }
  return Status::ok();
}

// A response choosing, for every scored item, the option with the lowest (or highest) score.
inline measures::Response extreme_response(const measures::Instrument& instrument, bool highest) {
  measures::Response response{instrument.id, {}};
  for (const auto& item : instrument.items) {
    if (!item.scored) continue;
    const measures::AnswerOption* chosen = &item.options.front();
    for (const auto& option : item.options) {
      if (highest ? *option.score > *chosen->score : *option.score < *chosen->score) chosen = &option;
    }
    response.answers[item.link_id] = chosen->code;
  }
  return response;
}

inline bool has_required_unscored_item(const measures::Instrument& instrument) {
  for (const auto& item : instrument.items) {
    if (item.required && !item.scored) return true;
  }
  return false;
}

// What must hold of any instrument the loader accepted.
inline Status check_loaded_instrument(const measures::Instrument& instrument) {
  if (instrument.id.empty()) return Status::internal("an instrument was loaded without an id");
  if (instrument.total_link_ids.empty()) return Status::internal("an instrument was loaded with an empty total");
  for (const auto& item : instrument.items) {
    if (item.options.empty()) return Status::internal(fmt::format("item {} was loaded without options", item.link_id));
    for (const auto& option : item.options) {
      if (option.score.has_value() != item.scored) {
        return Status::internal(fmt::format("item {} mixes scored and unscored options", item.link_id));
      }
      if (option.score && !std::isfinite(*option.score)) return Status::internal("an option score is not finite");
    }
  }
  for (const auto& link_id : instrument.total_link_ids) {
    const measures::Item* item = instrument.find_item(link_id);
    if (item == nullptr || !item->scored) {
      return Status::internal(fmt::format("the total counts {}, which is not a scored item", link_id));
    }
  }
  const double lowest = instrument.minimum_total();
  const double highest = instrument.maximum_total();
  if (!std::isfinite(lowest) || !std::isfinite(highest) || lowest > highest) {
    return Status::internal(fmt::format("the range of the total is {} to {}", lowest, highest));
  }

  // Loading what was loaded gives the same instrument.
  const Result<measures::Instrument> again = measures::load_questionnaire(instrument.questionnaire.dump());
  if (!again) {
    return Status::internal(
        fmt::format("the Questionnaire loaded, but its own dump does not: {}", again.status().message()));
  }
  if (again->items != instrument.items || again->total_link_ids != instrument.total_link_ids) {
    return Status::internal("loading the dump of a loaded Questionnaire gave other items");
  }

  // The extreme responses score the ends of the range, and their --answers text reads back.
  if (has_required_unscored_item(instrument)) return Status::ok();
  for (const bool high : {false, true}) {
    const measures::Response response = extreme_response(instrument, high);
    const Result<measures::Score> score = measures::score_response(instrument, response);
    if (!score) return Status::internal(fmt::format("a complete response was refused: {}", score.status().message()));
    if (!score->total || *score->total != (high ? highest : lowest)) {
      return Status::internal(fmt::format("the {} response scored {}, not {}", high ? "highest" : "lowest",
                                          score->total ? *score->total : -1.0, high ? highest : lowest));
    }
    if (!instrument.bands.empty() && !score->band) return Status::internal("a total fell in no band");
    const std::string text = measures::format_answer_scores(instrument, response);
    const Result<measures::Response> parsed = measures::parse_answer_scores(instrument, text);
    if (parsed) {
      if (parsed->answers != response.answers) {
        return Status::internal(fmt::format("\"{}\" was read back as other answers", text));
      }
    } else if (parsed.status().message().find("two options score") == std::string::npos) {
      return Status::internal(fmt::format("the --answers text \"{}\" of a complete response was refused: {}", text,
                                          parsed.status().message()));
    }
  }
  return Status::ok();
}

// ---------------------------------------------------------------------------------------------
// fuzz_questionnaire: load_questionnaire (with the shipped instruments as rule sources), and
// merge_licensed_text of the same bytes over the BPS.

inline Status fuzz_questionnaire_one(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto& shipped = fuzz_shipped_instruments();
  if (shipped.empty()) return Status::internal("the shipped instruments do not load");

  const Result<measures::Instrument> loaded = measures::load_questionnaire(text, shipped);
  if (!loaded) {
    if (loaded.status().code() != StatusCode::invalid_argument) {
      return Status::internal(fmt::format("load_questionnaire failed with a {} error: {}",
                                          status_code_name(loaded.status().code()), loaded.status().message()));
    }
    KEEL_RETURN_IF_ERROR(check_measures_message("load_questionnaire", loaded.status()));
  } else {
    KEEL_RETURN_IF_ERROR(check_loaded_instrument(*loaded));
  }

  const measures::Instrument* bps = measures::find_instrument(shipped, "bps");
  if (bps == nullptr) return Status::internal("bps is not shipped");
  const Result<measures::Instrument> merged = measures::merge_licensed_text(*bps, text);
  if (!merged) {
    if (merged.status().code() != StatusCode::invalid_argument) {
      return Status::internal(fmt::format("merge_licensed_text failed with a {} error: {}",
                                          status_code_name(merged.status().code()), merged.status().message()));
    }
    return check_measures_message("merge_licensed_text", merged.status());
  }
  for (const bool high : {false, true}) {
    const auto before = measures::score_response(*bps, extreme_response(*bps, high));
    const auto after = measures::score_response(*merged, extreme_response(*merged, high));
    if (!before || !after || before->total != after->total) {
      return Status::internal("merging licensed text changed a score");
    }
  }
  return Status::ok();
}

// ---------------------------------------------------------------------------------------------
// fuzz_answers: parse_answer_scores and score_response. The first byte chooses the shipped
// instrument (modulo their count); the rest is the --answers text.

inline Status fuzz_answers_one(const std::uint8_t* data, std::size_t size) {
  const auto& shipped = fuzz_shipped_instruments();
  if (shipped.empty()) return Status::internal("the shipped instruments do not load");
  if (size == 0) return Status::ok();
  const measures::Instrument& instrument = shipped[data[0] % shipped.size()];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  const Result<measures::Response> parsed = measures::parse_answer_scores(instrument, text);
  if (!parsed) {
    if (parsed.status().code() != StatusCode::invalid_argument) {
      return Status::internal("parse_answer_scores failed with an error that is not invalid_argument");
    }
    return check_measures_message("parse_answer_scores", parsed.status());
  }
  if (const Status valid = measures::validate_response(instrument, *parsed); !valid.is_ok()) {
    return Status::internal(fmt::format("parse_answer_scores gave answers that do not validate: {}", valid.message()));
  }
  const std::string written = measures::format_answer_scores(instrument, *parsed);
  const Result<measures::Response> reread = measures::parse_answer_scores(instrument, written);
  if (!reread || reread->answers != parsed->answers) {
    return Status::internal(
        fmt::format("\"{}\" was written back as \"{}\", which reads as other answers", text, written));
  }
  const Result<measures::Score> score = measures::score_response(instrument, *parsed);
  if (!score) return Status::internal(fmt::format("valid answers were not scored: {}", score.status().message()));
  if (score->total) {
    if (*score->total < score->minimum || *score->total > score->maximum) {
      return Status::internal(
          fmt::format("{} scored {}, outside {} to {}", instrument.id, *score->total, score->minimum, score->maximum));
    }
    if (!instrument.bands.empty() && !score->band) return Status::internal("a total fell in no band");
    if (score->no_total_reason.size() != 0) return Status::internal("a total came with a reason for having none");
  } else if (score->no_total_reason.empty()) {
    return Status::internal("no total, and no reason why");
  }
  if (score->answered != static_cast<int>(parsed->answers.size())) {
    return Status::internal("the count of answered items is not the count of answers");
  }
  for (const auto& finding : score->safety_findings) {
    const measures::Item* item = instrument.find_item(finding.link_id);
    if (item == nullptr || finding.score <= 0) return Status::internal("a safety finding without a positive answer");
  }
  return Status::ok();
}

// ---------------------------------------------------------------------------------------------
// fuzz_fhir_bundle: read_fhir_bundle with the shipped instruments. What it reads must be
// assessments keel can store and score, must write back with make_fhir_bundle as a Bundle that
// reads as the same assessments, and writing them twice must give the same bytes.

inline Status fuzz_fhir_bundle_one(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto& shipped = fuzz_shipped_instruments();
  if (shipped.empty()) return Status::internal("the shipped instruments do not load");

  const Result<std::vector<domain::Assessment>> read = measures::read_fhir_bundle(text, shipped);
  if (!read) {
    if (read.status().code() != StatusCode::invalid_argument) {
      return Status::internal(fmt::format("read_fhir_bundle failed with a {} error: {}",
                                          status_code_name(read.status().code()), read.status().message()));
    }
    return check_measures_message("read_fhir_bundle", read.status());
  }
  std::set<std::string> ids;
  for (const auto& assessment : *read) {
    if (!is_valid_id(assessment.key.id)) {
      return Status::internal(fmt::format("an assessment was read with the id \"{}\"", assessment.key.id));
    }
    if (!ids.insert(assessment.key.id).second) return Status::internal("two assessments were read with one id");
    if (!assessment.key.tenant_id.empty() || !assessment.key.person_id.empty()) {
      return Status::internal("read_fhir_bundle filled in a tenant or person");
    }
    if (!validate_time_zone(assessment.time_zone).is_ok()) {
      return Status::internal(fmt::format("an assessment was read in the time zone \"{}\"", assessment.time_zone));
    }
    const measures::Instrument* instrument = measures::find_instrument(shipped, assessment.instrument);
    if (instrument == nullptr) return Status::internal("an assessment was read of an instrument keel does not have");
    const Result<measures::Response> response = measures::response_from_assessment(*instrument, assessment);
    if (!response) {
      return Status::internal(fmt::format("read answers do not fit their instrument: {}", response.status().message()));
    }
    if (!measures::score_response(*instrument, *response)) return Status::internal("read answers do not score");
  }

  const measures::FhirBundleOptions options{from_unix_milliseconds(1780000000000LL), "01J0000000PERS0N000000000P",
                                            "01J0000000B0NDKE000000000B"};
  const Result<nlohmann::json> bundle = measures::make_fhir_bundle(shipped, *read, options);
  if (!bundle) {
    return Status::internal(fmt::format("what read_fhir_bundle read cannot be written: {}", bundle.status().message()));
  }
  const std::string written = bundle->dump();
  const Result<std::vector<domain::Assessment>> again = measures::read_fhir_bundle(written, shipped);
  if (!again) {
    return Status::internal(fmt::format("keel's own Bundle does not read: {}", again.status().message()));
  }
  if (*again != *read) return Status::internal("the written Bundle reads as other assessments");
  const Result<nlohmann::json> twice = measures::make_fhir_bundle(shipped, *again, options);
  if (!twice || twice->dump() != written) return Status::internal("writing the same assessments gave other bytes");
  return Status::ok();
}

}  // namespace keel::fuzz
