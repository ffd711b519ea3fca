// The JSON form of instruments, scores and changes, shared by the CLI's --json output and the
// HTTP API so that both say the same thing with the same keys (docs/instruments.md).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "measures/change.h"
#include "measures/instrument.h"
#include "measures/safety.h"
#include "measures/scoring.h"

namespace keel::measures {

nlohmann::json coding_json(const std::optional<Coding>& coding);
nlohmann::json band_json(const Band& band);

// An instrument's summary: id, title, scoring, range, bands, subscales, reliability, codes.
nlohmann::json instrument_json(const Instrument& instrument);

// The questions to ask, in order: linkId, prefix, text, code, required, scored, and each
// option's code, display and score (what a form shows and what an answer sends back).
nlohmann::json instrument_items_json(const Instrument& instrument);

// The "safety" object of a score: flag, findings, unanswered safety items, the crisis text
// (when `crisis` is given; `crisis_problem` says why a clinic's file could not be used).
nlohmann::json safety_json(const Instrument& instrument, const Score& score, const CrisisResources* crisis,
                           const std::string& crisis_problem);

// A score with its items, subscales, band, safety object and a sentence reading it.
nlohmann::json score_json(const Instrument& instrument, const Score& score, const Response& response,
                          const CrisisResources* crisis, const std::string& crisis_problem);

// A reliable change in full, and in brief (as in a history row; null when absent).
nlohmann::json change_json(const Instrument& instrument, const ReliableChange& change);
nlohmann::json change_summary_json(const std::optional<ReliableChange>& change);

}  // namespace keel::measures
