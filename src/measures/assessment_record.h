// Between what storage keeps of an administration (domain::Assessment: each answered item's
// linkId and the chosen option's score) and a Response (each answered item's option code).
// Only scored items are kept: an unscored item (PHQ-9's difficulty question) has no score to
// store, so its answer is left out.
#pragma once

#include <vector>

#include "core/status.h"
#include "domain/records.h"
#include "measures/instrument.h"
#include "measures/scoring.h"

namespace keel::measures {

// The stored answers of a checked response, in item order. Fails when the response does not
// validate, or an answer's score is not a whole number (storage keeps whole scores).
Result<std::vector<domain::AssessmentAnswer>> answers_from_response(const Instrument& instrument,
                                                                    const Response& response);

// The response a stored assessment records. Fails, naming the item, when the assessment is of
// another instrument, names an item the instrument does not score, or gives a score no option
// (or more than one option) of that item carries: a sign that the stored answers and the
// instrument have drifted apart.
Result<Response> response_from_assessment(const Instrument& instrument, const domain::Assessment& assessment);

}  // namespace keel::measures
