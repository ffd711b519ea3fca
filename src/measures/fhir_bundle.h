// The FHIR R4 mapping of assessments: a Bundle of the Questionnaires used, one
// QuestionnaireResponse per assessment and an Observation per total score, written and read
// back. Pure functions: no clock, no randomness, no I/O, so the same records always give the same
// bytes. docs/instruments.md ("FHIR export") describes the Bundle.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/status.h"
#include "domain/records.h"
#include "measures/instrument.h"

namespace keel::measures {

// The URLs keel's FHIR mapping uses (see docs/instruments.md).
inline constexpr std::string_view kFhirPersonSystem = "https://keel.invalid/fhir/person";
inline constexpr std::string_view kFhirTimeZoneExtensionUrl = "https://keel.invalid/fhir/StructureDefinition/time-zone";
inline constexpr std::string_view kFhirInstrumentTotalSystem = "https://keel.invalid/fhir/CodeSystem/instrument-total";
inline constexpr std::string_view kFhirInstrumentSubscaleSystem =
    "https://keel.invalid/fhir/CodeSystem/instrument-subscale";
inline constexpr std::string_view kFhirQuestionnaireBase = "https://keel.invalid/fhir/Questionnaire/";

// What read_fhir_bundle refuses before parsing: more text than this, or JSON nested deeper.
inline constexpr std::size_t kLargestFhirBundle = 64 * 1024 * 1024;  // bytes
inline constexpr int kDeepestFhirBundle = 64;                        // levels of [ and {

struct FhirBundleOptions {
  Instant generated_at;   // Bundle.timestamp
  std::string person_id;  // the Patient's id and identifier (a keel ULID; never a name)
  std::string bundle_id;  // Bundle.id (a ULID)
};

// A FHIR R4 Bundle of type "collection", in this order: a Patient carrying only an identifier
// (system kFhirPersonSystem, value = person id); each Questionnaire used, in the order of
// `instruments` (the instrument's `questionnaire` JSON as loaded, with its keel extensions; empty
// elements dropped, and an id, a url and a status added where the loaded form had none); then,
// per assessment in the given order, its QuestionnaireResponse and, when the instrument's rules
// give a total, an Observation of that total (LOINC-coded where the instrument has a total code;
// subscales as components; band as interpretation; a prorated total said in a note).
// Every entry's fullUrl is "urn:uuid:…", derived from the record's ULID (the Questionnaire's from
// its canonical url), so the same records give a byte-identical Bundle. Fails when an option or
// a record's id is not a ULID, a time zone is unknown, an assessment is of an instrument not in
// `instruments`, two assessments share an id, or stored answers do not fit their instrument.
Result<nlohmann::json> make_fhir_bundle(std::span<const Instrument> instruments,
                                        std::span<const domain::Assessment> assessments,
                                        const FhirBundleOptions& options);

// Reads such a Bundle back: keel's own, or another system's whose QuestionnaireResponses name
// their Questionnaire by a canonical that matches an instrument's url (optionally with "|version",
// which must then match the instrument's) or whose last path segment is an instrument's id. Each
// QuestionnaireResponse (status completed or amended) becomes an assessment, in Bundle order:
// key.id from its id (a ULID; another system's id is turned into a stable ULID made from its
// authored time and id), at from `authored`, time_zone from keel's time-zone extension (checked
// against authored's offset) or else from the offset ("UTC", or "Etc/GMT-2" for +02:00), answers
// from the valueCoding codes of scored items (groups and answer-nested items are walked; other
// items of the Questionnaire are ignored). tenant_id and person_id are left empty for the caller.
// Other resources are not imported: scores are computed again from the answers, but an
// Observation derived from one of the responses and coded as its instrument's total must agree
// with that computed total, else the Bundle is refused (two systems that score the same answers
// differently must not be silently reconciled). Responses about more than one subject, and two
// responses with the same id but different answers, are refused too. Errors name the entry and
// the element: `entry[4].resource.item[2].answer[0]: code "7" is not an option of phq-9 item 3`.
// Never crashes: any text gives a value or an invalid_argument Status.
Result<std::vector<domain::Assessment>> read_fhir_bundle(std::string_view json_text,
                                                         std::span<const Instrument> instruments);

// "urn:uuid:…" of a ULID and a kind of resource: the ULID's 128 bits as an RFC 9562 version-8
// UUID (the version nibble and the variant's top bits replace 4 + 2 bits, two more bits tell the
// resource kind apart), lowercase 8-4-4-4-12 hex. `ulid` must be valid (core/id.h).
enum class FhirEntryKind { patient = 0, questionnaire_response = 1, observation = 2, questionnaire = 3 };
std::string fhir_uuid_from_ulid(std::string_view ulid, FhirEntryKind kind);

}  // namespace keel::measures
