// Completed instruments in a person's records: saving one (with the safety events its answers
// raise, together), and the history of each instrument with scores recomputed from the answers
// and the change since the previous and since the first administration.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include "app/client_session.h"
#include "app/instrument_catalog.h"

#include "measures/change.h"
#include "measures/scoring.h"

namespace keel::app {

struct RecordedAssessment {
  domain::Assessment assessment;
  measures::Score score;
  std::vector<domain::SafetyEvent> safety_events;  // one per safety finding (none when already saved)
  bool added = true;                               // false: the same id and answers were saved before
};

// Checks and scores `response`, then saves the assessment and a safety event for every safety
// finding in one transaction. Nothing is saved when the response does not validate. `id`, when
// given, is the client's own ULID, so that a retry saves nothing new: the same id with the same
// instrument and answers answers the assessment saved before (`added` false), other answers a
// conflict.
Result<RecordedAssessment> record_assessment(ClientSession& session, const measures::Instrument& instrument,
                                             const measures::Response& response, Instant at,
                                             const std::string& id = "");

struct AssessmentHistoryEntry {
  domain::Assessment assessment;
  const measures::Instrument* instrument = nullptr;  // nullptr when the catalog no longer has it
  std::optional<measures::Response> response;        // the answers as option codes
  std::optional<measures::Score> score;              // absent when it cannot be scored (problem says why)
  std::string problem;
  // Against the previous and the first administration of the same instrument that had a total;
  // absent for the first, without a total, or where the instrument has no reliability and norms.
  std::optional<measures::ReliableChange> since_previous;
  std::optional<measures::ReliableChange> since_first;
  std::string change_problem;  // why there is no change, when an earlier total exists
};

// Every saved assessment (of one instrument when `instrument_id` is not empty), oldest first.
Result<std::vector<AssessmentHistoryEntry>> assessment_history(ClientSession& session, const InstrumentCatalog& catalog,
                                                               const std::string& instrument_id = {});

// One history entry as `keel assessments --json` and GET /api/v1/assessments show it: id, at,
// instrument, total, band, answers, safety flag and the changes in brief (or the problem).
nlohmann::json history_entry_json(const AssessmentHistoryEntry& entry);

// Every assessment, as a FHIR R4 Bundle: the Questionnaires used, a QuestionnaireResponse each and
// an Observation per total (docs/instruments.md, "FHIR export"). Fails, naming it, when a saved
// assessment's instrument is no longer in the catalog.
Status export_assessments_fhir(ClientSession& session, const InstrumentCatalog& catalog, std::ostream& output);

// Reads the QuestionnaireResponses of a FHIR Bundle as assessments and adds them as `import`
// does: every one checked first, then all in one transaction or nothing; the same Bundle twice
// adds nothing. Safety events are not made from them: they record crisis text that was shown.
Result<ImportSummary> import_assessments_fhir(ClientSession& session, const InstrumentCatalog& catalog,
                                              std::string_view bundle_text);

}  // namespace keel::app
