// How the measures commands show instruments, scores and changes: the words a person reads and
// the JSON a script reads, shared by score, change, assess and assessments.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/instrument_catalog.h"
#include "cli/context.h"
#include "cli/render.h"
#include "measures/change.h"
#include "measures/instrument.h"
#include "measures/safety.h"
#include "measures/scoring.h"

namespace keel::cli {

// The home's instruments when there is a home, else keel's shipped ones. Problems with a
// clinic's stored documents are printed to standard error as notes.
Result<app::InstrumentCatalog> catalog_for(Context& context);

nlohmann::json coding_json(const std::optional<measures::Coding>& coding);
nlohmann::json band_json(const measures::Band& band);

// The clinic's crisis text (--crisis-file, else $KEEL_CRISIS_FILE), else keel's. A file that
// cannot be read never hides the text: the default is used and `problem` says why.
measures::CrisisResources crisis_resources(const std::string& option, std::string& problem);

// The "safety" object of a score: flag, findings, unanswered safety items, the crisis text.
nlohmann::json safety_json(const measures::Instrument& instrument, const measures::Score& score,
                           const measures::CrisisResources* crisis, const std::string& crisis_problem);

// A score as `keel score --json` prints it, and in words (the crisis text first on a flag).
nlohmann::json score_json(const measures::Instrument& instrument, const measures::Score& score,
                          const measures::Response& response, const measures::CrisisResources* crisis,
                          const std::string& crisis_problem);
std::string score_text(const measures::Instrument& instrument, const measures::Score& score,
                       const measures::CrisisResources* crisis);

// A reliable change as `keel change --json` prints it, and in words.
nlohmann::json change_json(const measures::Instrument& instrument, const measures::ReliableChange& change);
std::string change_text(const measures::Instrument& instrument, const measures::ReliableChange& change);

}  // namespace keel::cli
