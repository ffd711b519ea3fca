// The FHIR mapping of assessments: a Bundle written from stored assessments reads back as the
// same assessments with the same scores, for every shipped instrument; its resources carry the
// codes, references and extensions docs/instruments.md promises; and what another system (or a
// damaged file) sends is read or refused with an error naming the element.
#include "measures/fhir_bundle.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "core/id.h"
#include "core/random.h"
#include "core/time.h"
#include "measures/assessment_record.h"
#include "measures/scoring.h"
#include "measures_test_support.h"

namespace keel::measures {
namespace {

using json = nlohmann::json;

constexpr const char* kPerson = "01J0000000PERS0N000000000P";
constexpr const char* kBundle = "01J0000000B0NDKE000000000B";

Instant instant(const char* text) {
  auto parsed = parse_rfc3339(text);
  EXPECT_TRUE(parsed.is_ok()) << text;
  return parsed.is_ok() ? *parsed : Instant{};
}

FhirBundleOptions options() { return {instant("2026-06-01T12:00:00Z"), kPerson, kBundle}; }

// An assessment from `--answers` text ("1,2,-,0").
domain::Assessment assessment_of(const Instrument& instrument, const std::string& answers, const std::string& id,
                                 const char* at = "2026-03-29T22:15:00+02:00",
                                 const std::string& zone = "Europe/Berlin") {
  domain::Assessment assessment;
  assessment.key.id = id;
  assessment.at = instant(at);
  assessment.time_zone = zone;
  assessment.instrument = instrument.id;
  auto response = parse_answer_scores(instrument, answers);
  EXPECT_TRUE(response.is_ok()) << response.status().message();
  if (!response) return assessment;
  auto stored = answers_from_response(instrument, *response);
  EXPECT_TRUE(stored.is_ok()) << stored.status().message();
  if (stored) assessment.answers = *stored;
  return assessment;
}

json bundle_of(std::span<const Instrument> instruments, const std::vector<domain::Assessment>& assessments) {
  auto bundle = make_fhir_bundle(instruments, assessments, options());
  EXPECT_TRUE(bundle.is_ok()) << bundle.status().message();
  return bundle.is_ok() ? *bundle : json::object();
}

// The message read_fhir_bundle fails with ("" when it does not fail).
std::string read_error(const json& bundle, std::span<const Instrument> instruments = testing::shipped()) {
  auto read = read_fhir_bundle(bundle.dump(), instruments);
  if (read.is_ok()) return "";
  EXPECT_EQ(read.status().code(), StatusCode::invalid_argument) << read.status().message();
  return read.status().message();
}

std::string read_error_text(std::string_view text) {
  auto read = read_fhir_bundle(text, testing::shipped());
  if (read.is_ok()) return "";
  EXPECT_EQ(read.status().code(), StatusCode::invalid_argument) << read.status().message();
  return read.status().message();
}

// The resources of a Bundle by type, with their entry index.
std::vector<std::pair<std::size_t, const json*>> resources_of(const json& bundle, std::string_view type) {
  std::vector<std::pair<std::size_t, const json*>> found;
  for (std::size_t index = 0; index < bundle["entry"].size(); ++index) {
    const json& resource = bundle["entry"][index]["resource"];
    if (resource["resourceType"] == type) found.emplace_back(index, &resource);
  }
  return found;
}

// Where a value FHIR forbids sits (an empty string, array or object, or a null member), or "".
std::string first_empty_element(const json& value, const std::string& path) {
  if (value.is_string() && value.get_ref<const std::string&>().empty()) return path;
  if ((value.is_array() || value.is_object()) && value.empty()) return path;
  if (value.is_null()) return path;
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (auto found = first_empty_element(it.value(), path + "." + it.key()); !found.empty()) return found;
    }
  }
  if (value.is_array()) {
    for (std::size_t index = 0; index < value.size(); ++index) {
      if (auto found = first_empty_element(value[index], path + "[" + std::to_string(index) + "]"); !found.empty()) {
        return found;
      }
    }
  }
  return "";
}

const std::regex kUuidUrn("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

// Random whole-score answers to every scored item, about one in five left unanswered, at random
// times in zones with and without daylight saving and with half-hour offsets.
std::vector<domain::Assessment> random_assessments(const Instrument& instrument, SeededRandom& random, int count) {
  static const char* kZones[] = {"Europe/Berlin",    "America/New_York", "UTC",
                                 "Asia/Kolkata",     "America/St_Johns", "Australia/Adelaide",
                                 "Pacific/Auckland", "America/Sao_Paulo"};
  std::vector<domain::Assessment> assessments;
  for (int n = 0; n < count; ++n) {
    Response response{instrument.id, {}};
    for (const auto& item : instrument.items) {
      if (!item.scored || random.next() % 5 == 0) continue;
      response.answers[item.link_id] = item.options[random.next() % item.options.size()].code;
    }
    auto answers = answers_from_response(instrument, response);
    EXPECT_TRUE(answers.is_ok()) << instrument.id << ": " << answers.status().message();
    // 2024-01-01 to about 2027-02, some with milliseconds.
    long long milliseconds = 1704067200000LL + static_cast<long long>(random.next() % 100000000000ULL);
    if (random.next() % 2 == 0) milliseconds -= milliseconds % 1000;
    const Instant at = from_unix_milliseconds(milliseconds);
    domain::Assessment assessment;
    assessment.key.id = new_id(at, random);
    assessment.at = at;
    assessment.time_zone = kZones[random.next() % std::size(kZones)];
    assessment.instrument = instrument.id;
    if (answers) assessment.answers = *answers;
    assessments.push_back(std::move(assessment));
  }
  return assessments;
}

// ---- round trip ----

TEST(FhirBundle, EveryShippedInstrumentRoundTripsWithTheSameScores) {
  SeededRandom random(20260601);
  std::vector<domain::Assessment> all;
  for (const auto& instrument : testing::shipped()) {
    auto some = random_assessments(instrument, random, 25);
    all.insert(all.end(), some.begin(), some.end());
  }
  ASSERT_EQ(all.size(), 25 * testing::shipped().size());
  const json bundle = bundle_of(testing::shipped(), all);
  const auto read = read_fhir_bundle(bundle.dump(2), testing::shipped());
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  ASSERT_EQ(read->size(), all.size());
  for (std::size_t index = 0; index < all.size(); ++index) {
    const domain::Assessment& before = all[index];
    const domain::Assessment& after = (*read)[index];
    EXPECT_EQ(after, before) << "assessment " << index << " of " << before.instrument;
    EXPECT_TRUE(after.key.tenant_id.empty());
    EXPECT_TRUE(after.key.person_id.empty());
    const Instrument& instrument = testing::shipped(before.instrument);
    const auto score_before = score_response(instrument, *response_from_assessment(instrument, before));
    const auto score_after = score_response(instrument, *response_from_assessment(instrument, after));
    ASSERT_TRUE(score_before.is_ok() && score_after.is_ok());
    EXPECT_EQ(score_after->total, score_before->total);
    EXPECT_EQ(score_after->prorated, score_before->prorated);
    ASSERT_EQ(score_after->subscales.size(), score_before->subscales.size());
    for (std::size_t s = 0; s < score_before->subscales.size(); ++s) {
      EXPECT_EQ(score_after->subscales[s].value, score_before->subscales[s].value);
    }
  }
}

TEST(FhirBundle, TheSameRecordsGiveTheSameBytes) {
  SeededRandom random(7);
  std::vector<domain::Assessment> assessments;
  for (const auto& instrument : testing::shipped()) {
    auto some = random_assessments(instrument, random, 3);
    assessments.insert(assessments.end(), some.begin(), some.end());
  }
  const std::string first = bundle_of(testing::shipped(), assessments).dump();
  const std::vector<Instrument> copy = testing::shipped();
  const std::string second = bundle_of(copy, assessments).dump();
  EXPECT_EQ(first, second);
  // Reading and writing again changes nothing either.
  const auto read = read_fhir_bundle(first, testing::shipped());
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  EXPECT_EQ(bundle_of(testing::shipped(), *read).dump(), first);
}

TEST(FhirBundle, NoEmptyElementAnywhere) {
  SeededRandom random(11);
  std::vector<domain::Assessment> assessments;
  for (const auto& instrument : testing::shipped()) {
    auto some = random_assessments(instrument, random, 4);
    assessments.insert(assessments.end(), some.begin(), some.end());
    domain::Assessment unanswered;  // no answer at all: a response without items
    unanswered.key.id = new_id(instant("2026-01-01T00:00:00Z"), random);
    unanswered.at = instant("2026-01-01T00:00:00Z");
    unanswered.time_zone = "UTC";
    unanswered.instrument = instrument.id;
    assessments.push_back(unanswered);
  }
  const json bundle = bundle_of(testing::shipped(), assessments);
  EXPECT_EQ(first_empty_element(bundle, "Bundle"), "");
}

// ---- what the Bundle holds ----

TEST(FhirBundle, HoldsAPatientTheQuestionnairesUsedAndAResponseAndObservationPerAssessment) {
  const Instrument& phq9 = testing::shipped("phq-9");
  const Instrument& gad7 = testing::shipped("gad-7");
  const json bundle =
      bundle_of(testing::shipped(), {assessment_of(gad7, "1,1,1,1,1,1,1", "01J00000000000000000000001"),
                                     assessment_of(phq9, "1,2,0,3,1,1,2,0,1", "01J00000000000000000000002")});
  EXPECT_EQ(bundle["resourceType"], "Bundle");
  EXPECT_EQ(bundle["type"], "collection");
  EXPECT_EQ(bundle["id"], kBundle);
  EXPECT_EQ(bundle["timestamp"], "2026-06-01T12:00:00+00:00");
  std::vector<std::string> types;
  std::set<std::string> full_urls;
  for (const auto& entry : bundle["entry"]) {
    types.push_back(entry["resource"]["resourceType"]);
    const std::string full_url = entry["fullUrl"];
    EXPECT_TRUE(std::regex_match(full_url, kUuidUrn)) << full_url;
    EXPECT_TRUE(full_urls.insert(full_url).second) << "two entries have " << full_url;
  }
  // The Questionnaires in the order of the instruments (PHQ-9 first), then per assessment in its order.
  EXPECT_EQ(types, (std::vector<std::string>{"Patient", "Questionnaire", "Questionnaire", "QuestionnaireResponse",
                                             "Observation", "QuestionnaireResponse", "Observation"}));
  EXPECT_EQ(bundle["entry"][1]["resource"]["id"], "phq-9");
  EXPECT_EQ(bundle["entry"][2]["resource"]["id"], "gad-7");

  // The Patient carries nothing but keel's id.
  const json& patient = bundle["entry"][0]["resource"];
  EXPECT_EQ(patient, json::parse(R"({"resourceType": "Patient", "id": "01J0000000PERS0N000000000P",
      "identifier": [{"system": "https://keel.invalid/fhir/person", "value": "01J0000000PERS0N000000000P"}]})"));
  EXPECT_EQ(bundle["entry"][0]["fullUrl"], "urn:uuid:" + fhir_uuid_from_ulid(kPerson, FhirEntryKind::patient));

  // Every reference points at an entry of the Bundle.
  for (const auto& [index, resource] : resources_of(bundle, "QuestionnaireResponse")) {
    EXPECT_TRUE(full_urls.count((*resource)["subject"]["reference"]));
  }
  for (const auto& [index, resource] : resources_of(bundle, "Observation")) {
    EXPECT_TRUE(full_urls.count((*resource)["subject"]["reference"]));
    EXPECT_EQ((*resource)["derivedFrom"][0]["reference"], bundle["entry"][index - 1]["fullUrl"]);
  }
}

TEST(FhirBundle, QuestionnairesAreCarriedAsLoadedWithTheirKeelExtensions) {
  const Instrument& phq4 = testing::shipped("phq-4");
  const json bundle = bundle_of(testing::shipped(), {assessment_of(phq4, "1,1,1,1", "01J00000000000000000000001")});
  EXPECT_EQ(bundle["entry"][1]["resource"], phq4.questionnaire);
  // and load again as the same instrument.
  auto again = load_questionnaire_json(bundle["entry"][1]["resource"]);
  ASSERT_TRUE(again.is_ok()) << again.status().message();
  EXPECT_EQ(again->items, phq4.items);
}

TEST(FhirBundle, QuestionnaireResponseNamesItsQuestionnaireTimeZoneAndAnswersInOrder) {
  const Instrument& phq9 = testing::shipped("phq-9");
  const json bundle =
      bundle_of(testing::shipped(), {assessment_of(phq9, "1,2,-,3,1,1,2,0,1", "01J00000000000000000000002",
                                                   "2026-03-29T20:15:00.250Z", "Europe/Berlin")});
  const auto responses = resources_of(bundle, "QuestionnaireResponse");
  ASSERT_EQ(responses.size(), 1u);
  const json& response = *responses[0].second;
  EXPECT_EQ(response["id"], "01J00000000000000000000002");
  EXPECT_EQ(response["status"], "completed");
  EXPECT_EQ(response["questionnaire"], "https://keel.invalid/fhir/Questionnaire/phq-9|1");
  EXPECT_EQ(response["authored"], "2026-03-29T22:15:00.250+02:00");
  EXPECT_EQ(response["extension"], json::parse(R"([{"url": "https://keel.invalid/fhir/StructureDefinition/time-zone",
      "valueString": "Europe/Berlin"}])"));
  EXPECT_EQ(response["subject"]["reference"], bundle["entry"][0]["fullUrl"]);
  // Items in Questionnaire order; item 3 unanswered, so absent; the difficulty item is not stored.
  std::vector<std::string> link_ids;
  for (const auto& item : response["item"]) link_ids.push_back(item["linkId"]);
  EXPECT_EQ(link_ids, (std::vector<std::string>{"1", "2", "4", "5", "6", "7", "8", "9"}));
  EXPECT_EQ(response["item"][0], json::parse(R"({"linkId": "1", "text": "Little interest or pleasure in doing things",
      "answer": [{"valueCoding": {"system": "http://loinc.org", "code": "LA6569-3", "display": "Several days"}}]})"));
}

TEST(FhirBundle, ObservationValuesAreTheScoresKeelComputes) {
  SeededRandom random(3);
  std::vector<domain::Assessment> assessments;
  for (const auto& instrument : testing::shipped()) {
    auto some = random_assessments(instrument, random, 6);
    assessments.insert(assessments.end(), some.begin(), some.end());
  }
  const json bundle = bundle_of(testing::shipped(), assessments);
  std::map<std::string, const json*> observation_of;  // by the QuestionnaireResponse's fullUrl
  for (const auto& [index, resource] : resources_of(bundle, "Observation")) {
    observation_of[(*resource)["derivedFrom"][0]["reference"]] = resource;
  }
  std::size_t with_total = 0;
  for (const auto& assessment : assessments) {
    const Instrument& instrument = testing::shipped(assessment.instrument);
    const auto score = score_response(instrument, *response_from_assessment(instrument, assessment));
    ASSERT_TRUE(score.is_ok());
    const auto found = observation_of.find(
        "urn:uuid:" + fhir_uuid_from_ulid(assessment.key.id, FhirEntryKind::questionnaire_response));
    if (!score->total) {
      EXPECT_EQ(found, observation_of.end()) << "an Observation without a total";
      continue;
    }
    ++with_total;
    ASSERT_NE(found, observation_of.end()) << assessment.instrument;
    const json& observation = *found->second;
    EXPECT_EQ(observation["status"], "final");
    EXPECT_EQ(observation["category"][0]["coding"][0]["system"],
              "http://terminology.hl7.org/CodeSystem/observation-category");
    EXPECT_EQ(observation["category"][0]["coding"][0]["code"], "survey");
    EXPECT_EQ(observation["valueQuantity"]["value"].get<double>(), *score->total) << assessment.instrument;
    EXPECT_EQ(observation["valueQuantity"]["unit"], "{score}");
    EXPECT_EQ(observation["valueQuantity"]["system"], "http://unitsofmeasure.org");
    EXPECT_EQ(observation["valueQuantity"]["code"], "{score}");
    EXPECT_EQ(observation["effectiveDateTime"], format_rfc3339(assessment.at, assessment.time_zone));
    if (score->band) {
      EXPECT_EQ(observation["interpretation"][0]["text"], score->band->label);
    } else {
      EXPECT_FALSE(observation.contains("interpretation"));
    }
    std::size_t components = 0;
    for (const auto& subscale : score->subscales) {
      if (!subscale.value) continue;
      ASSERT_TRUE(observation.contains("component") && observation["component"].size() > components);
      const json& component = observation["component"][components++];
      EXPECT_EQ(component["code"]["coding"][0]["code"], instrument.id + "/" + subscale.code);
      EXPECT_EQ(component["code"]["coding"][0]["system"], "https://keel.invalid/fhir/CodeSystem/instrument-subscale");
      EXPECT_EQ(component["valueQuantity"]["value"].get<double>(), *subscale.value);
    }
    EXPECT_EQ(observation.contains("component") ? observation["component"].size() : 0u, components);
  }
  EXPECT_EQ(observation_of.size(), with_total);
  EXPECT_GT(with_total, 0u);
}

TEST(FhirBundle, TotalsAreLoincCodedWhereLoincHasACode) {
  const json bundle = bundle_of(
      testing::shipped(), {assessment_of(testing::shipped("phq-9"), "1,1,1,1,1,1,1,1,1", "01J00000000000000000000001"),
                           assessment_of(testing::shipped("gad-7"), "1,1,1,1,1,1,1", "01J00000000000000000000002"),
                           assessment_of(testing::shipped("bps"), "1,1,1,1,1", "01J00000000000000000000003")});
  const auto observations = resources_of(bundle, "Observation");
  ASSERT_EQ(observations.size(), 3u);
  const json& phq9 = (*observations[0].second)["code"]["coding"][0];
  EXPECT_EQ(phq9["system"], "http://loinc.org");
  EXPECT_EQ(phq9["code"], "44261-6");
  const json& gad7 = (*observations[1].second)["code"]["coding"][0];
  EXPECT_EQ(gad7["system"], "http://loinc.org");
  EXPECT_EQ(gad7["code"], "70274-6");
  // No LOINC code for the BPS total: keel's own.
  const json& bps = (*observations[2].second)["code"]["coding"][0];
  EXPECT_EQ(bps["system"], "https://keel.invalid/fhir/CodeSystem/instrument-total");
  EXPECT_EQ(bps["code"], "bps");
  EXPECT_EQ(bps["display"], testing::shipped("bps").title + " total score");
}

TEST(FhirBundle, NotesSayWhenATotalIsProratedOrABandProvisional) {
  const json bundle =
      bundle_of(testing::shipped(),
                {assessment_of(testing::shipped("phq-9"), "3,3,3,3,3,3,3,3,-", "01J00000000000000000000001"),
                 assessment_of(testing::shipped("csbd-19"), "4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4",
                               "01J00000000000000000000002"),
                 assessment_of(testing::shipped("phq-9"), "1,1,1,1,1,1,-,-,-", "01J00000000000000000000003")});
  const auto observations = resources_of(bundle, "Observation");
  ASSERT_EQ(observations.size(), 2u) << "six of nine PHQ-9 items give no total, so no Observation";
  const json& prorated = *observations[0].second;
  EXPECT_EQ(prorated["valueQuantity"]["value"], 27);
  ASSERT_EQ(prorated["note"].size(), 1u);
  EXPECT_NE(prorated["note"][0]["text"].get<std::string>().find("Prorated: 8 of 9 items"), std::string::npos);
  const json& provisional = *observations[1].second;
  ASSERT_TRUE(provisional.contains("note"));
  EXPECT_NE(provisional["note"][0]["text"].get<std::string>().find("provisional"), std::string::npos);
  // The response without a total is still in the Bundle.
  EXPECT_EQ(resources_of(bundle, "QuestionnaireResponse").size(), 3u);
}

TEST(FhirBundle, UuidsComeFromTheUlidsBits) {
  // Worked independently: 01ARZ3NDEKTSV4RRFFQ69G5FAV is 0x01563e3ab5d3d6764c61efb99302bd5b.
  EXPECT_EQ(fhir_uuid_from_ulid("01ARZ3NDEKTSV4RRFFQ69G5FAV", FhirEntryKind::patient),
            "01563e3a-b5d3-8676-8c61-efb99302bd5b");
  EXPECT_EQ(fhir_uuid_from_ulid("01ARZ3NDEKTSV4RRFFQ69G5FAV", FhirEntryKind::questionnaire_response),
            "01563e3a-b5d3-8676-9c61-efb99302bd5b");
  EXPECT_EQ(fhir_uuid_from_ulid("01ARZ3NDEKTSV4RRFFQ69G5FAV", FhirEntryKind::observation),
            "01563e3a-b5d3-8676-ac61-efb99302bd5b");
}

TEST(FhirBundle, IdsThatWouldShareAUuidStillGetDistinctFullUrls) {
  // These two differ only in bits the UUID's version takes over, so they map to the same UUID.
  const Instrument& gad7 = testing::shipped("gad-7");
  const std::vector<domain::Assessment> assessments = {
      assessment_of(gad7, "1,1,1,1,1,1,1", "01J00000000000000000000001"),
      assessment_of(gad7, "2,2,2,2,2,2,2", "01J00000002000000000000001")};
  EXPECT_EQ(fhir_uuid_from_ulid(assessments[0].key.id, FhirEntryKind::questionnaire_response),
            fhir_uuid_from_ulid(assessments[1].key.id, FhirEntryKind::questionnaire_response));
  const json bundle = bundle_of(testing::shipped(), assessments);
  std::set<std::string> full_urls;
  for (const auto& entry : bundle["entry"]) {
    EXPECT_TRUE(std::regex_match(entry["fullUrl"].get<std::string>(), kUuidUrn)) << entry["fullUrl"];
    EXPECT_TRUE(full_urls.insert(entry["fullUrl"]).second) << "two entries have " << entry["fullUrl"];
  }
  const auto read = read_fhir_bundle(bundle.dump(), testing::shipped());
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  EXPECT_EQ(*read, assessments);
}

TEST(FhirBundle, InstrumentsThatShareACanonicalUrlAreRefused) {
  std::vector<Instrument> instruments = {testing::shipped("gad-7"), testing::shipped("gad-7")};
  instruments[1].id = "gad-7-copy";
  const std::vector<domain::Assessment> assessments = {
      assessment_of(instruments[0], "1,1,1,1,1,1,1", "01J00000000000000000000001"),
      assessment_of(instruments[1], "1,1,1,1,1,1,1", "01J00000000000000000000002")};
  const auto bundle = make_fhir_bundle(instruments, assessments, options());
  ASSERT_FALSE(bundle.is_ok());
  EXPECT_EQ(
      bundle.status().message(),
      "gad-7 and gad-7-copy have the same canonical url \"https://keel.invalid/fhir/Questionnaire/gad-7|1\", so a "
      "reader could not tell their responses apart");
}

TEST(FhirBundle, AnEmptyListGivesABundleWithThePatientOnly) {
  const json bundle = bundle_of(testing::shipped(), {});
  ASSERT_EQ(bundle["entry"].size(), 1u);
  const auto read = read_fhir_bundle(bundle.dump(), testing::shipped());
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  EXPECT_TRUE(read->empty());
}

TEST(FhirBundle, RefusesToWriteWhatItCannotMapFaithfully) {
  const Instrument& phq9 = testing::shipped("phq-9");
  const auto good = assessment_of(phq9, "1,1,1,1,1,1,1,1,1", "01J00000000000000000000001");
  auto write_error = [](const std::vector<domain::Assessment>& assessments, FhirBundleOptions with = options()) {
    auto bundle = make_fhir_bundle(testing::shipped(), assessments, with);
    return bundle.is_ok() ? std::string() : bundle.status().message();
  };
  FhirBundleOptions named = options();
  named.person_id = "alex";
  EXPECT_EQ(write_error({good}, named), "the person id \"alex\" is not a ULID");
  EXPECT_EQ(write_error({good, good}), "the assessment \"01J00000000000000000000001\": two assessments have this id");
  auto other = good;
  other.instrument = "phq-99";
  EXPECT_EQ(write_error({other}),
            "the assessment \"01J00000000000000000000001\": it is of \"phq-99\", an instrument keel does not have");
  auto zoned = good;
  zoned.time_zone = "Mars/Olympus";
  EXPECT_NE(write_error({zoned}).find("unknown time zone"), std::string::npos);
  auto drifted = good;
  drifted.answers[0].score = 9;
  EXPECT_EQ(write_error({drifted}),
            "the assessment \"01J00000000000000000000001\": item 1 of phq-9: no option scores 9");
}

// ---- reading what others send, and refusing what is wrong ----

// A keel Bundle of one PHQ-9 assessment: entry[0] Patient, [1] Questionnaire,
// [2] QuestionnaireResponse, [3] Observation.
json one_phq9_bundle() {
  return bundle_of(testing::shipped(),
                   {assessment_of(testing::shipped("phq-9"), "1,2,0,3,1,1,2,0,1", "01J00000000000000000000002")});
}

TEST(FhirBundleRead, ABadCodeIsNamedByEntryAndElement) {
  json bundle = one_phq9_bundle();
  bundle["entry"][2]["resource"]["item"][2]["answer"][0]["valueCoding"]["code"] = "7";
  EXPECT_EQ(read_error(bundle), "entry[2].resource.item[2].answer[0]: code \"7\" is not an option of phq-9 item 3");
}

TEST(FhirBundleRead, AnUnknownQuestionnaireIsNamed) {
  json bundle = one_phq9_bundle();
  bundle["entry"][2]["resource"]["questionnaire"] = "http://example.org/Questionnaire/mood-diary";
  EXPECT_EQ(read_error(bundle),
            "entry[2].resource.questionnaire: \"http://example.org/Questionnaire/mood-diary\" is not an instrument "
            "keel has; load its Questionnaire first (keel instruments load FILE)");
  bundle["entry"][2]["resource"]["questionnaire"] = "https://keel.invalid/fhir/Questionnaire/phq-9|2";
  EXPECT_EQ(read_error(bundle),
            "entry[2].resource.questionnaire: version \"2\" of \"https://keel.invalid/fhir/Questionnaire/phq-9\" is "
            "named, but keel has version \"1\" of it");
}

TEST(FhirBundleRead, OnlyCompletedOrAmendedResponsesAreRead) {
  json bundle = one_phq9_bundle();
  bundle["entry"][2]["resource"]["status"] = "in-progress";
  EXPECT_EQ(read_error(bundle),
            "entry[2].resource.status: \"in-progress\"; keel imports only completed or amended responses");
  bundle["entry"][2]["resource"].erase("status");
  EXPECT_EQ(read_error(bundle), "entry[2].resource.status: missing; keel imports only completed or amended responses");
  bundle["entry"][2]["resource"]["status"] = "amended";
  EXPECT_EQ(read_error(bundle), "");
}

TEST(FhirBundleRead, TextThatIsNotABundleIsRefusedInOneSentence) {
  EXPECT_EQ(read_error_text("{\"resourceType\": \"Bundle\", \"entry\": [}"),
            "the Bundle is not valid JSON (at byte 38)");
  EXPECT_EQ(read_error_text(""), "the Bundle is not valid JSON (at byte 1)");
  EXPECT_EQ(read_error_text("[]"), "the Bundle: expected a JSON object, found an array");
  EXPECT_EQ(read_error_text(R"({"resourceType": "Patient"})"), "resourceType: expected \"Bundle\", found \"Patient\"");
  EXPECT_EQ(read_error_text(R"({"resourceType": "Bundle", "entry": {}})"),
            "Bundle.entry: expected an array, found an object");
  EXPECT_EQ(read_error_text(R"({"resourceType": "Bundle", "entry": [{"resource": {"status": "final"}}]})"),
            "entry[0].resource.resourceType: missing");
  EXPECT_EQ(read_error_text(std::string(100, '[') + std::string(100, ']')),
            "the Bundle is nested more than 64 levels deep (at byte 64)");
  std::string huge(kLargestFhirBundle + 1, ' ');
  EXPECT_EQ(read_error_text(huge), "the Bundle is 67108865 bytes; keel reads at most 64 MiB");
}

TEST(FhirBundleRead, AResponseMustBeWellFormed) {
  json bundle = one_phq9_bundle();
  json& response = bundle["entry"][2]["resource"];
  const json original = response;
  response["item"][0]["linkId"] = "10b";
  EXPECT_EQ(read_error(bundle), "entry[2].resource.item[0]: the linkId \"10b\" is not an item of phq-9");
  response = original;
  const json answer = response["item"][1]["answer"][0];
  response["item"][1]["answer"].push_back(answer);
  EXPECT_EQ(read_error(bundle), "entry[2].resource.item[1].answer: 2 answers, but phq-9 item 2 takes one");
  response = original;
  response["item"][1]["answer"][0] = {{"valueInteger", 2}};
  EXPECT_EQ(read_error(bundle),
            "entry[2].resource.item[1].answer[0]: keel reads the answer to phq-9 item 2 as a valueCoding, found "
            "valueInteger");
  response = original;
  response["item"][1]["answer"][0]["valueCoding"]["system"] = "http://snomed.info/sct";
  EXPECT_EQ(read_error(bundle),
            "entry[2].resource.item[1].answer[0]: code \"LA6570-1\" of the system \"http://snomed.info/sct\" is not "
            "an option of phq-9 item 2 (its options are of \"http://loinc.org\")");
  response = original;
  const json first = response["item"][0];
  response["item"].push_back(first);
  EXPECT_EQ(read_error(bundle), "entry[2].resource.item[9]: phq-9 item 1 is answered twice");
  response = original;
  response["authored"] = "2026-03-29";
  EXPECT_EQ(read_error(bundle),
            "entry[2].resource.authored: \"2026-03-29\" is not a date and time with an offset, such as "
            "2026-03-29T22:15:00+02:00");
  response = original;
  response["extension"][0]["valueString"] = "America/New_York";
  EXPECT_EQ(read_error(bundle),
            "entry[2].resource.extension[0].valueString: \"America/New_York\" is -04:00 at "
            "\"2026-03-29T22:15:00+02:00\", but authored says +02:00");
  response = original;
  response["item"] = "none";
  EXPECT_EQ(read_error(bundle), "entry[2].resource.item: expected an array, found a string");
}

TEST(FhirBundleRead, AnObservationThatDisagreesWithTheAnswersIsRefused) {
  json bundle = one_phq9_bundle();
  ASSERT_EQ(bundle["entry"][3]["resource"]["valueQuantity"]["value"], 11);
  bundle["entry"][3]["resource"]["valueQuantity"]["value"] = 12;
  EXPECT_EQ(read_error(bundle),
            "entry[3].resource.valueQuantity.value: says 12, but the answers of entry[2] score 11 on phq-9; the two "
            "systems score it differently, so keel does not import the Bundle");
  // An Observation of something else (not coded as the total) is only informative.
  bundle["entry"][3]["resource"]["code"]["coding"][0]["code"] = "44250-9";
  EXPECT_EQ(read_error(bundle), "");
}

TEST(FhirBundleRead, DuplicatesAndSeveralSubjectsAreRefused) {
  json bundle = one_phq9_bundle();
  const json again = bundle["entry"][2];
  bundle["entry"].push_back(again);  // the very same response again: read once
  auto read = read_fhir_bundle(bundle.dump(), testing::shipped());
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  EXPECT_EQ(read->size(), 1u);
  bundle["entry"][4]["resource"]["item"][0]["answer"][0]["valueCoding"]["code"] = "LA6571-9";
  EXPECT_EQ(read_error(bundle),
            "entry[4].resource: a QuestionnaireResponse with the id \"01J00000000000000000000002\" is also entry[2], "
            "with other content");
  bundle["entry"][4]["resource"]["id"] = "01J00000000000000000000003";
  bundle["entry"][4]["resource"]["subject"]["reference"] = "Patient/someone-else";
  EXPECT_EQ(read_error(bundle),
            "entry[4].resource.subject: is not the subject of entry[2]; keel imports one person's responses at a "
            "time");
}

TEST(FhirBundleRead, AThirdPartyResponseWithBareCodesReads) {
  // Another system's Bundle: a searchset, a QuestionnaireResponse with an id that is no ULID, the
  // Questionnaire named by a relative canonical, answers by code only, the unscored difficulty
  // item and a calculated total answered too, no time-zone extension.
  const json bundle = json::parse(R"({
    "resourceType": "Bundle", "type": "searchset",
    "entry": [
      {"fullUrl": "https://ehr.example.org/fhir/QuestionnaireResponse/qr-1",
       "resource": {"resourceType": "QuestionnaireResponse", "id": "qr-1", "status": "completed",
         "questionnaire": "Questionnaire/phq-9", "subject": {"reference": "Patient/p-9"},
         "authored": "2026-03-29T22:15:00+02:00",
         "item": [
           {"linkId": "1", "answer": [{"valueCoding": {"code": "LA6569-3"}}]},
           {"linkId": "2", "answer": [{"valueCoding": {"code": "LA6570-1"}}]},
           {"linkId": "3", "answer": [{"valueCoding": {"code": "LA6568-5"}}]},
           {"linkId": "4", "answer": [{"valueCoding": {"code": "LA6571-9"}}]},
           {"linkId": "5", "answer": [{"valueCoding": {"code": "LA6569-3"}}]},
           {"linkId": "6", "answer": [{"valueCoding": {"code": "LA6569-3"}}]},
           {"linkId": "7", "answer": [{"valueCoding": {"code": "LA6570-1"}}]},
           {"linkId": "8", "answer": [{"valueCoding": {"code": "LA6568-5"}}]},
           {"linkId": "9", "answer": [{"valueCoding": {"code": "LA6569-3"}}]},
           {"linkId": "10", "answer": [{"valueString": "Somewhat difficult"}]},
           {"linkId": "total", "answer": [{"valueInteger": 11}]}
         ]}},
      {"fullUrl": "https://ehr.example.org/fhir/Observation/o-1",
       "resource": {"resourceType": "Observation", "id": "o-1", "status": "final",
         "code": {"coding": [{"system": "http://loinc.org", "code": "44261-6"}]},
         "valueQuantity": {"value": 11}, "derivedFrom": [{"reference": "QuestionnaireResponse/qr-1"}]}}
    ]})");
  const auto read = read_fhir_bundle(bundle.dump(), testing::shipped());
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  ASSERT_EQ(read->size(), 1u);
  const domain::Assessment& assessment = (*read)[0];
  EXPECT_EQ(assessment.instrument, "phq-9");
  EXPECT_EQ(assessment.at, instant("2026-03-29T20:15:00Z"));
  EXPECT_EQ(assessment.time_zone, "Etc/GMT-2");
  EXPECT_TRUE(is_valid_id(assessment.key.id)) << assessment.key.id;
  EXPECT_EQ(assessment, assessment_of(testing::shipped("phq-9"), "1,2,0,3,1,1,2,0,1", assessment.key.id,
                                      "2026-03-29T22:15:00+02:00", "Etc/GMT-2"));
  // The id made for it is the same every time, and keeps the authored time's order.
  const auto again = read_fhir_bundle(bundle.dump(), testing::shipped());
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ((*again)[0].key.id, assessment.key.id);
  SeededRandom random(1);
  EXPECT_EQ(assessment.key.id.substr(0, 10), new_id(assessment.at, random).substr(0, 10));
}

TEST(FhirBundleRead, ATimeZoneIsFoundForOffsetsThatAreNotWholeHours) {
  json bundle = one_phq9_bundle();
  json& response = bundle["entry"][2]["resource"];
  response.erase("extension");
  response["authored"] = "2026-03-29T22:15:00+05:30";
  auto read = read_fhir_bundle(bundle.dump(), testing::shipped());
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  EXPECT_EQ((*read)[0].time_zone, "Asia/Kolkata");
  response["authored"] = "2026-03-29T22:15:00Z";
  read = read_fhir_bundle(bundle.dump(), testing::shipped());
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  EXPECT_EQ((*read)[0].time_zone, "UTC");
  response["authored"] = "2026-03-29T22:15:00+01:15";
  EXPECT_EQ(read_error(bundle),
            "entry[2].resource.authored: keel cannot tell a time zone from the offset +01:15; add keel's time-zone "
            "extension (https://keel.invalid/fhir/StructureDefinition/time-zone)");
}

TEST(FhirBundleRead, ALoincFormWithGroupsIsMirroredAndReadBack) {
  // The LOINC PHQ-9 nests its questions in a group: the response must follow that structure.
  auto loinc = load_questionnaire(testing::fixture("loinc_phq9_contained_valueset.json"), testing::shipped());
  ASSERT_TRUE(loinc.is_ok()) << loinc.status().message();
  const std::vector<Instrument> instruments = {*loinc};
  const auto assessment = assessment_of(*loinc, "1,2,0,3,-,1,2,0,1", "01J00000000000000000000004");
  const json bundle = bundle_of(instruments, {assessment});
  const json& response = *resources_of(bundle, "QuestionnaireResponse").at(0).second;
  EXPECT_EQ(response["questionnaire"], "http://loinc.org/q/44249-1");
  ASSERT_EQ(response["item"].size(), 1u);
  EXPECT_EQ(response["item"][0]["linkId"], "/44249-1");
  EXPECT_FALSE(response["item"][0].contains("answer"));
  EXPECT_EQ(response["item"][0]["item"].size(), 8u);
  EXPECT_EQ(response["item"][0]["item"][0]["linkId"], loinc->items[0].link_id);
  EXPECT_EQ(first_empty_element(bundle, "Bundle"), "");
  const auto read = read_fhir_bundle(bundle.dump(), instruments);
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ((*read)[0], assessment);
  // The Observation is LOINC-coded too: the form's total item carries 44261-6, or the rules say so.
  const auto observations = resources_of(bundle, "Observation");
  ASSERT_EQ(observations.size(), 1u);
  EXPECT_EQ((*observations[0].second)["valueQuantity"]["value"], 11);
}

}  // namespace
}  // namespace keel::measures
