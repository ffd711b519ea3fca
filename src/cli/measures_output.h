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
#include "measures/measures_json.h"
#include "measures/safety.h"
#include "measures/scoring.h"

namespace keel::cli {

using measures::band_json;
using measures::change_json;
using measures::change_summary_json;
using measures::coding_json;
using measures::score_json;

// The home's instruments when there is a home, else keel's shipped ones. Problems with a
// clinic's stored documents are printed to standard error as notes.
Result<app::InstrumentCatalog> catalog_for(Context& context);

// The clinic's crisis text (--crisis-file, else $KEEL_CRISIS_FILE), else keel's. A file that
// cannot be read never hides the text: the default is used and `problem` says why.
measures::CrisisResources crisis_resources(const std::string& option, std::string& problem);

// A score in words (the crisis text first on a flag); measures_json.h has its JSON.
std::string score_text(const measures::Instrument& instrument, const measures::Score& score,
                       const measures::CrisisResources* crisis);

// A reliable change in words.
std::string change_text(const measures::Instrument& instrument, const measures::ReliableChange& change);

}  // namespace keel::cli
