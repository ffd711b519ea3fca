#include "app/assessments.h"

#include <map>
#include <ostream>
#include <set>

#include <fmt/format.h>

#include "core/id.h"
#include "measures/assessment_record.h"
#include "measures/fhir_bundle.h"
#include "measures/measures_json.h"

namespace keel::app {

Result<RecordedAssessment> record_assessment(ClientSession& session, const measures::Instrument& instrument,
                                             const measures::Response& response, Instant at, const std::string& id) {
  RecordedAssessment recorded;
  KEEL_ASSIGN_OR_RETURN(recorded.score, measures::score_response(instrument, response));
  domain::Assessment& assessment = recorded.assessment;
  assessment.at = at;
  assessment.time_zone = session.person().time_zone;
  assessment.instrument = instrument.id;
  KEEL_ASSIGN_OR_RETURN(assessment.answers, measures::answers_from_response(instrument, response));

  if (!id.empty()) {
    if (!is_valid_id(id)) return Status::invalid(fmt::format("\"{}\" is not a record id (a ULID)", id));
    auto stored = session.get(domain::RecordKind::assessment, id);
    if (stored.is_ok()) {
      const auto& before = std::get<domain::Assessment>(*stored);
      if (before.instrument != assessment.instrument || before.answers != assessment.answers) {
        return Status::conflict(fmt::format("there is already an assessment with id {} and other answers", id));
      }
      recorded.assessment = before;
      recorded.added = false;
      return recorded;
    }
    if (stored.status().code() != StatusCode::not_found) return stored.status();
  }
  // The id first, so that the safety events can name the assessment they came from.
  assessment.key.id = id.empty() ? session.new_record_id(at) : id;
  std::vector<domain::Record> records{assessment};
  for (const auto& finding : recorded.score.safety_findings) {
    domain::SafetyEvent event;
    event.at = at;
    event.time_zone = assessment.time_zone;
    event.source = domain::SafetySource::instrument_item;
    event.assessment_id = assessment.key.id;
    event.item = finding.link_id;
    event.score = static_cast<int>(finding.score);
    records.push_back(event);
  }
  KEEL_ASSIGN_OR_RETURN(records, session.add_together(std::move(records)));
  assessment = std::get<domain::Assessment>(records.front());
  for (std::size_t index = 1; index < records.size(); ++index) {
    recorded.safety_events.push_back(std::get<domain::SafetyEvent>(records[index]));
  }
  return recorded;
}

Result<std::vector<AssessmentHistoryEntry>> assessment_history(ClientSession& session, const InstrumentCatalog& catalog,
                                                               const std::string& instrument_id) {
  KEEL_ASSIGN_OR_RETURN(auto records, session.list(domain::RecordKind::assessment));
  std::vector<AssessmentHistoryEntry> history;
  // The first and the latest total so far, per instrument.
  std::map<std::string, std::pair<double, double>> totals;
  for (auto& record : records) {
    auto& assessment = std::get<domain::Assessment>(record);
    if (!instrument_id.empty() && assessment.instrument != instrument_id) continue;
    AssessmentHistoryEntry entry;
    entry.assessment = std::move(assessment);
    auto found = catalog.find(entry.assessment.instrument);
    if (!found) {
      entry.problem = fmt::format("keel no longer has the instrument \"{}\"", entry.assessment.instrument);
      history.push_back(std::move(entry));
      continue;
    }
    entry.instrument = *found;
    auto response = measures::response_from_assessment(*entry.instrument, entry.assessment);
    auto score =
        response ? measures::score_response(*entry.instrument, *response) : Result<measures::Score>(response.status());
    if (!score) {
      entry.problem = score.status().message();
      history.push_back(std::move(entry));
      continue;
    }
    entry.score = std::move(score).value();
    entry.response = std::move(response).value();
    if (entry.score->total) {
      const double total = *entry.score->total;
      auto earlier = totals.find(entry.assessment.instrument);
      if (earlier != totals.end()) {
        auto since_previous = measures::reliable_change(*entry.instrument, earlier->second.second, total);
        auto since_first = measures::reliable_change(*entry.instrument, earlier->second.first, total);
        if (since_previous && since_first) {
          entry.since_previous = std::move(since_previous).value();
          entry.since_first = std::move(since_first).value();
        } else {
          entry.change_problem = (since_previous ? since_first.status() : since_previous.status()).message();
        }
        earlier->second.second = total;
      } else {
        totals.emplace(entry.assessment.instrument, std::make_pair(total, total));
      }
    }
    history.push_back(std::move(entry));
  }
  return history;
}

Status export_assessments_fhir(ClientSession& session, const InstrumentCatalog& catalog, std::ostream& output) {
  KEEL_ASSIGN_OR_RETURN(auto records, session.list(domain::RecordKind::assessment));
  std::vector<domain::Assessment> assessments;
  std::set<std::string> used;
  for (auto& record : records) {
    auto& assessment = std::get<domain::Assessment>(record);
    auto found = catalog.find(assessment.instrument);
    if (!found) {
      return Status::not_found(
          fmt::format("the assessment {} is of \"{}\", which this home no longer has; load it "
                      "again with `keel instruments load` to export it",
                      assessment.key.id, assessment.instrument));
    }
    used.insert(assessment.instrument);
    assessments.push_back(std::move(assessment));
  }
  std::vector<measures::Instrument> instruments;
  for (const auto& instrument : catalog.instruments()) {
    if (used.contains(instrument.id)) instruments.push_back(instrument);
  }
  const Instant now = session.clock().now();
  measures::FhirBundleOptions options{now, session.person().person_id, session.new_record_id(now)};
  KEEL_ASSIGN_OR_RETURN(auto bundle, measures::make_fhir_bundle(instruments, assessments, options));
  output << bundle.dump(1) << '\n';
  output.flush();
  if (!output) return Status::io_error("the FHIR export could not be written completely");
  return Status::ok();
}

Result<ImportSummary> import_assessments_fhir(ClientSession& session, const InstrumentCatalog& catalog,
                                              std::string_view bundle_text) {
  KEEL_ASSIGN_OR_RETURN(auto assessments, measures::read_fhir_bundle(bundle_text, catalog.instruments()));
  std::vector<domain::Record> records;
  std::vector<std::string> ids;
  for (auto& assessment : assessments) {
    ids.push_back(assessment.key.id);
    records.emplace_back(std::move(assessment));
  }
  return session.import_records(std::move(records), [&ids](std::size_t i) {
    return fmt::format("QuestionnaireResponse {} ({}): ", i + 1, ids[i]);
  });
}

nlohmann::json history_entry_json(const AssessmentHistoryEntry& entry) {
  using nlohmann::json;
  const auto& assessment = entry.assessment;
  json object = {{"id", assessment.key.id},
                 {"at", format_rfc3339(assessment.at, assessment.time_zone)},
                 {"instrument", assessment.instrument}};
  if (!entry.score) {
    object["problem"] = entry.problem;
    return object;
  }
  const measures::Score& score = *entry.score;
  object["total"] = score.total ? json(*score.total) : json();
  object["band"] = score.band ? json(score.band->label) : json();
  object["prorated"] = score.prorated;
  object["answers"] = measures::format_answer_scores(*entry.instrument, *entry.response);
  object["safety_flag"] = score.safety_flag();
  object["since_previous"] = measures::change_summary_json(entry.since_previous);
  object["since_first"] = measures::change_summary_json(entry.since_first);
  if (!entry.change_problem.empty()) object["change_problem"] = entry.change_problem;
  return object;
}

}  // namespace keel::app
