// The components/schemas of the OpenAPI 3.0.3 document: every body the API reads or writes.
//
// A record's schema is written by walking domain::visit_fields, the very calls with which
// exchange::record_to_json writes the record, so a field's name, its JSON type and whether it may
// be left out cannot drift from what the server sends and reads; the ranges and lengths of
// domain/rules.cc are added by field path from field_rules(). The other bodies are spelled out
// with the small builders of `shape`, each beside the code that writes it (named in comments).
// tests/openapi checks the document with an independent OpenAPI validator and real bodies
// against these schemas.
#include <algorithm>
#include <cassert>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>

#include "api/routes.h"
#include "app/instrument_catalog.h"
#include "domain/fields.h"
#include "domain/rules.h"
#include "exchange/jsonl.h"
#include "measures/change.h"
#include "measures/instrument.h"

namespace keel::api {

namespace {

using domain::FieldName;
using domain::RecordKind;
using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Builders of OpenAPI 3.0 schema objects (not JSON Schema: no "const", no type lists; a value
// that may be null says "nullable").

namespace shape {

constexpr const char* kRecordId = "^[0-7][0-9A-HJKMNP-TV-Z]{25}$";            // core/id.h is_valid_id
constexpr const char* kRecordIdOrEmpty = "^([0-7][0-9A-HJKMNP-TV-Z]{25})?$";  // a link that may be absent
constexpr const char* kNotBlank = "[^ \\t\\n\\v\\f\\r]";                      // some text besides white space
constexpr const char* kPlainName = "^[A-Za-z0-9._/-]{1,64}$";                 // an instrument id or linkId
constexpr const char* kPersonName = "^[A-Za-z0-9._-]{1,64}$";                 // app/home.cc check_person_name
constexpr const char* kSessionToken = "^[A-Za-z0-9_-]{43}$";                  // 32 random bytes, base64url

json ref(std::string_view name) { return {{"$ref", "#/components/schemas/" + std::string(name)}}; }

json described(json schema, std::string_view description) {
  schema["description"] = description;
  return schema;
}

json nullable(json schema) {
  schema["nullable"] = true;
  return schema;
}

json text() { return {{"type", "string"}}; }
json text_matching(const char* pattern) { return {{"type", "string"}, {"pattern", pattern}}; }
json flag() { return {{"type", "boolean"}}; }
json number() { return {{"type", "number"}}; }
json whole_number() { return {{"type", "integer"}, {"format", "int32"}}; }
json whole_number(int minimum, int maximum) {
  json schema = whole_number();
  schema["minimum"] = minimum;
  schema["maximum"] = maximum;
  return schema;
}
json record_id() { return text_matching(kRecordId); }
json time() { return {{"type", "string"}, {"format", "date-time"}}; }
json calendar_date() { return {{"type", "string"}, {"format", "date"}}; }
json zone() {
  return described({{"type", "string"}, {"minLength", 1}}, "an IANA time zone name, such as Europe/Berlin");
}

json one_of_names(const json& names) { return {{"type", "string"}, {"enum", names}}; }

// The names an enum is written with, from the function that writes them.
template <typename Enum>
json names_of(std::initializer_list<Enum> values, const char* (*name_of)(Enum)) {
  json names = json::array();
  for (const Enum value : values) names.push_back(name_of(value));
  return one_of_names(names);
}

json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
json array_of(json items, std::size_t size) {
  json schema = array_of(std::move(items));
  schema["minItems"] = size;
  schema["maxItems"] = size;
  return schema;
}

// An object with exactly these properties, each required unless named in `optional`.
json object_of(json properties, std::initializer_list<std::string_view> optional = {}) {
  json required = json::array();
  for (auto property = properties.begin(); property != properties.end(); ++property) {
    bool is_optional = false;
    for (const auto name : optional) is_optional = is_optional || property.key() == name;
    if (!is_optional) required.push_back(property.key());
  }
  json schema = {{"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = std::move(required);
  return schema;
}

// A JSON object whose members all have the schema `members` (a map keyed by the member names).
json map_of(json members) { return {{"type", "object"}, {"additionalProperties", std::move(members)}}; }

// A copy of `object` (made by object_of) with more properties, all required.
json extended(json object, const json& more) {
  for (auto property = more.begin(); property != more.end(); ++property) {
    object["properties"][property.key()] = property.value();
    object["required"].push_back(property.key());
  }
  return object;
}

}  // namespace shape

// ---------------------------------------------------------------------------------------------
// Records

// The extra keywords of a field, from the rule that checks it in domain/rules.cc. Those lengths
// are in bytes of UTF-8; maxLength counts characters, which are never more, so a schema accepts
// all that the rules accept (and exactly that for ASCII text).
json at_most(std::size_t bytes) { return {{"maxLength", bytes}}; }
json some_text(std::size_t bytes) { return {{"maxLength", bytes}, {"pattern", shape::kNotBlank}}; }
json range(int minimum, int maximum) { return {{"minimum", minimum}, {"maximum", maximum}}; }
json items_at_most(std::size_t count) { return {{"maxItems", count}}; }
json list_of(std::size_t count, json item) { return {{"maxItems", count}, {"items", std::move(item)}}; }
json tags() {
  return list_of(
      domain::kMaxTags,
      shape::described({{"type", "string"}, {"maxLength", domain::kMaxTagLength}, {"pattern", shape::kNotBlank}},
                       "a tag: trimmed, lower case and without duplicates once saved"));
}
json lines() {
  json line = shape::text();
  line.update(some_text(domain::kMaxTextLength));
  return list_of(domain::kMaxListItems, std::move(line));
}

// By "<type>.<field>", and "<type>.<list>.<field>" for a field of a list's items.
json field_rules() {
  constexpr int kDaySeconds = 24 * 3600;
  return {
      {"urge.intensity", range(0, 10)},
      {"urge.duration_minutes", range(0, 24 * 60)},
      {"urge.contexts", tags()},
      {"urge.emotions", tags()},
      {"urge.warning_signs", tags()},
      {"urge.strategy", at_most(1000)},
      {"lapse_review.links", lines()},
      {"checkin.mood", range(0, 10)},
      {"checkin.stress", range(0, 10)},
      {"checkin.loneliness", range(0, 10)},
      {"checkin.boredom", range(0, 10)},
      {"checkin.tiredness", range(0, 10)},
      {"checkin.hunger", range(0, 10)},
      {"checkin.sleep_hours", range(0, 24)},
      {"checkin.urges_today", range(0, 500)},
      {"checkin.note", at_most(2000)},
      {"pause.planned_minutes", range(0, domain::kMaxPauseMinutes)},
      {"pause.elapsed_seconds", range(0, kDaySeconds)},
      {"pause.start_intensity", range(0, 10)},
      {"pause.end_intensity", range(0, 10)},
      {"pause.samples", items_at_most(domain::kMaxSamples)},
      {"pause.samples.offset_seconds", range(0, kDaySeconds)},
      {"pause.samples.intensity", range(0, 10)},
      {"value.name", some_text(200)},
      {"value.rank", range(0, 1000)},
      {"goal.title", some_text(500)},
      {"goal.levels", {{"items", {{"type", "string"}, {"maxLength", 2000}}}}},
      {"goal.weight", {{"minimum", 0}, {"exclusiveMinimum", true}, {"maximum", 100}}},
      {"activity.title", some_text(500)},
      {"activity.value_ids", items_at_most(domain::kMaxTags)},
      {"activity.mood_before", range(0, 10)},
      {"activity.mood_after", range(0, 10)},
      {"plan.version", range(1, 1000000)},
      {"plan.warning_signs", lines()},
      {"plan.high_risk_situations", lines()},
      {"plan.coping_steps", lines()},
      {"plan.environment_changes", lines()},
      {"plan.reasons", lines()},
      {"plan.people", items_at_most(domain::kMaxListItems)},
      {"plan.people.name", some_text(200)},
      {"plan.people.contact", at_most(500)},
      {"journal.title", at_most(500)},
      {"journal.body", at_most(200000)},
      {"journal.fields", items_at_most(domain::kMaxListItems)},
      {"journal.fields.name", some_text(100)},
      {"assessment.instrument", {{"pattern", shape::kPlainName}}},
      {"assessment.answers", items_at_most(domain::kMaxAnswers)},
      {"assessment.answers.item", {{"pattern", shape::kPlainName}}},
      {"assessment.answers.score", range(-1000, 1000)},
      {"safety_event.item", {{"pattern", "^[A-Za-z0-9._/-]{0,64}$"}}},
      {"safety_event.score", range(-1000, 1000)},
  };
}

// The rules, and which of them a schema has used (each must be: a rule for no field is a typo).
class FieldRules {
 public:
  FieldRules() : rules_(field_rules()) {}

  // `schema` with the rule of `path`, if there is one.
  json apply(const std::string& path, json schema) {
    const auto rule = rules_.find(path);
    if (rule == rules_.end()) return schema;
    used_.insert(path);
    schema.update(*rule);
    return schema;
  }

  bool all_used() const { return used_.size() == rules_.size(); }

 private:
  json rules_;
  std::set<std::string> used_;
};

// The schema of one record kind, or of the items of one of its lists, as the visitor of
// domain::visit_fields: each call adds one property, required unless the field is optional.
class SchemaWriter {
 public:
  SchemaWriter(std::string path, FieldRules& rules) : path_(std::move(path)), rules_(rules) {}

  void plain_text(FieldName name, const std::string&) {
    add(name, std::string_view(name.name) == "time_zone" ? shape::zone() : shape::text());
  }
  void reference(FieldName name, const std::string&) { add(name, shape::record_id()); }
  void optional_reference(FieldName name, const std::string&) {
    add(name, shape::described(shape::text_matching(shape::kRecordIdOrEmpty), "a record id, or \"\" for none"));
  }
  void reference_list(FieldName name, const std::vector<std::string>&) {
    add(name, shape::array_of(shape::record_id()));
  }
  void integer(FieldName name, int) { add(name, shape::whole_number()); }
  void optional_integer(FieldName name, const std::optional<int>&) { add(name, shape::whole_number(), false); }
  void number(FieldName name, double) { add(name, shape::number()); }
  void boolean(FieldName name, bool) { add(name, shape::flag()); }
  void instant(FieldName name, Instant, const std::string&) { add(name, zoned_time()); }
  void optional_instant(FieldName name, const std::optional<Instant>&, const std::string&) {
    add(name, zoned_time(), false);
  }
  void utc_instant(FieldName name, Instant) {
    json time = shape::time();
    time["pattern"] = "Z$";
    add(name, shape::described(std::move(time), "a time in UTC"));
  }
  void date(FieldName name, LocalDate) { add(name, shape::calendar_date()); }
  void optional_date(FieldName name, const std::optional<LocalDate>&) { add(name, shape::calendar_date(), false); }
  template <typename Enum, std::size_t Count>
  void enumeration(FieldName name, Enum, const domain::EnumerationNames<Enum, Count>& names) {
    json values = json::array();
    for (const Enum value : names.all) values.push_back(names.name_of(value));
    add(name, shape::one_of_names(values));
  }
  template <typename Item>
  void plain_items(FieldName name, const std::vector<Item>&, domain::ListWording) {
    add(name, shape::array_of(items_schema<Item>(name)));
  }
  void free_text(FieldName name, const std::string&) { add(name, text_schema()); }
  void free_text_list(FieldName name, const std::vector<std::string>&) { add(name, shape::array_of(text_schema())); }
  void free_text_levels(FieldName name, const std::array<std::string, 5>& levels) {
    add(name, shape::described(shape::array_of(text_schema(), levels.size()),
                               "the descriptions of the levels -2, -1, 0, +1 and +2, in that order"));
  }
  template <typename Item>
  void free_text_items(FieldName name, const std::vector<Item>&, domain::ListWording) {
    add(name, shape::array_of(items_schema<Item>(name)));
  }

  // The object with every property added.
  json object() const {
    json schema = {{"type", "object"}, {"properties", properties_}, {"additionalProperties", false}};
    if (!required_.empty()) schema["required"] = required_;
    return schema;
  }

 private:
  static json zoned_time() { return shape::described(shape::time(), "with the offset of the record's time zone"); }
  static json text_schema() { return {{"type", "string"}, {"maxLength", domain::kMaxTextLength}}; }

  template <typename Item>
  json items_schema(FieldName name) {
    SchemaWriter items(path_ + "." + name.name, rules_);
    const Item item{};
    domain::visit_fields(item, items);
    return items.object();
  }

  void add(FieldName name, json schema, bool required = true) {
    properties_[name.name] = rules_.apply(path_ + "." + name.name, std::move(schema));
    if (required) required_.push_back(name.name);
  }

  std::string path_;
  FieldRules& rules_;
  json properties_ = json::object();
  json required_ = json::array();
};

struct RecordSchema {
  RecordKind kind;
  const char* name;
  bool has_routes;  // /api/v1/<kind> exists: it also gets <name>Input and <name>Page
  const char* description;
};

constexpr RecordSchema kRecordSchemas[] = {
    {RecordKind::urge, "Urge", true, "An urge and what became of it (F6)"},
    {RecordKind::lapse_review, "LapseReview", true,
     "A short chain analysis of an urge whose outcome is \"acted\" (F4); urge_id must name such an urge of the same "
     "person"},
    {RecordKind::checkin, "CheckIn", true, "The daily check-in (F5): one per local date"},
    {RecordKind::pause, "Pause", true, "A Pause (F8/F9): intensity samples are in time order"},
    {RecordKind::activity, "Activity", true,
     "A behavioural activation activity (F13); done_at only when done, scheduled_at within two years"},
    {RecordKind::value, "Value", true, "Something the client cares about (F1)"},
    {RecordKind::goal, "Goal", true, "A goal on a five-level Goal Attainment Scale (F1)"},
    {RecordKind::plan, "PlanVersion", true, "One saved version of the relapse-prevention plan (F18)"},
    {RecordKind::journal, "JournalEntry", true,
     "A journal entry (F11, F12, F21). It needs some text (a title, a body or a field); the structured kinds "
     "allow only their own field names (docs/data-format.md)"},
    {RecordKind::assessment, "Assessment", false,
     "A completed instrument, in the export only (the API answers assessments scored: AssessmentList)"},
    {RecordKind::safety_event, "SafetyEvent", false,
     "A moment when crisis resources were shown, in the export only; \"instrument_item\" names its assessment and "
     "item"},
};

// A record as exchange::record_to_json writes it: "type", "id", then its fields.
json record_schema(const RecordSchema& record, FieldRules& rules) {
  const char* type = domain::kind_name(record.kind);
  SchemaWriter writer(type, rules);
  writer.plain_text("type", {});
  writer.reference("id", {});
  std::visit([&](const auto& typed) { domain::visit_fields(typed, writer); }, domain::empty_record(record.kind));
  json schema = writer.object();
  schema["properties"]["type"]["enum"] = json::array({type});
  schema["description"] = std::string(record.description) +
                          ". Times lie from 2000 on and at most a day ahead of the server's clock; text lengths are "
                          "in bytes of UTF-8 (docs/data-format.md)";
  return schema;
}

// What POST /api/v1/<kind> accepts (api/bodies.cc decode_record): the record, but "type" and "id"
// may be left out ("id" may be null: the server makes one) and so may a plan's "version" (the
// next number); an optional field may be null.
json record_input_schema(json record, RecordKind kind) {
  std::set<std::string> server_given = {"id", "type"};
  if (kind == RecordKind::plan) server_given.insert("version");
  json required = json::array();
  for (const auto& name : record["required"]) {
    if (server_given.count(name.get<std::string>()) == 0) required.push_back(name);
  }
  json& properties = record["properties"];
  for (auto property = properties.begin(); property != properties.end(); ++property) {
    const bool was_required =
        std::find(record["required"].begin(), record["required"].end(), property.key()) != record["required"].end();
    if (!was_required) property.value()["nullable"] = true;
  }
  properties["id"]["nullable"] = true;
  properties["id"]["description"] =
      "the client's own id, so that a retry makes no second record; left out or null: "
      "the server makes one";
  record["required"] = std::move(required);
  record["description"] = record["description"].get<std::string>() + ". As sent to POST: \"type\" and \"id\"" +
                          (kind == RecordKind::plan ? ", and \"version\"," : "") + " may be left out";
  return record;
}

json page_schema(std::string_view record) {
  return shape::object_of({{"items", shape::array_of(shape::ref(record))},
                           {"next_after", shape::described(shape::nullable(shape::record_id()),
                                                           "the \"after\" of the next page; null on the last page")}});
}

json export_header_schema() {
  return shape::described(
      shape::object_of({{"type", shape::one_of_names(json::array({std::string(exchange::kHeaderType)}))},
                        {"format_version", shape::whole_number(1, exchange::kFormatVersion)},
                        {"exported_at", shape::time()},
                        {"time_zone", shape::zone()},
                        {"generator", shape::text()}},
                       {"exported_at", "time_zone", "generator"}),
      "The first line of an export");
}

void add_record_schemas(json& schemas) {
  FieldRules rules;
  const std::string header_type(exchange::kHeaderType);
  json lines = json::array({shape::ref("ExportHeader")});
  json mapping = {{header_type, "#/components/schemas/ExportHeader"}};
  for (const auto& record : kRecordSchemas) {
    json schema = record_schema(record, rules);
    if (record.has_routes) {
      schemas[std::string(record.name) + "Input"] = record_input_schema(schema, record.kind);
      schemas[std::string(record.name) + "Page"] = page_schema(record.name);
    }
    schemas[record.name] = std::move(schema);
    lines.push_back(shape::ref(record.name));
    mapping[domain::kind_name(record.kind)] = "#/components/schemas/" + std::string(record.name);
  }
  assert(rules.all_used() && "a rule of field_rules() names no field");
  schemas["ExportHeader"] = export_header_schema();
  schemas["ExportLine"] = {{"description", "One line of an export: the header, or a record of the kind its type names"},
                           {"oneOf", std::move(lines)},
                           {"discriminator", {{"propertyName", "type"}, {"mapping", std::move(mapping)}}}};
  schemas["ExportLines"] = shape::described(
      shape::text(), "JSON Lines (docs/data-format.md): an ExportHeader, then one ExportLine per record");
  schemas["RecordPatch"] = shape::described(
      {{"type", "object"}},
      "A JSON Merge Patch (RFC 7386) of a record: its fields replace the record's, null removes an optional one. "
      "\"id\" and \"type\" may be sent only unchanged; the patched record must be valid as the kind's schema says");
}

// ---------------------------------------------------------------------------------------------
// Accounts (api/account_routes.cc, api/bodies.cc)

json password() { return shape::described(shape::text(), "at least 8 bytes to set one"); }

void add_account_schemas(json& schemas) {
  using shape::text;
  schemas["Health"] = shape::object_of({{"status", shape::one_of_names(json::array({"ok"}))}});
  schemas["Person"] = shape::object_of({{"person_id", shape::record_id()},
                                        {"username", shape::text_matching(shape::kPersonName)},
                                        {"role", shape::one_of_names({"client", "clinician", "ally", "admin"})},
                                        {"time_zone", shape::zone()}});
  schemas["Credentials"] = shape::object_of({{"username", text()}, {"password", text()}});
  schemas["SignedIn"] =
      shape::object_of({{"csrf_token", shape::described(shape::text_matching(shape::kSessionToken),
                                                        "send it back in the X-CSRF-Token header of unsafe requests")},
                        {"user", shape::ref("Person")}});
  schemas["Me"] = shape::object_of({{"user", shape::ref("Person")}});
  schemas["PasswordChange"] = shape::object_of({{"current_password", text()}, {"new_password", password()}});
  schemas["PasswordConfirmation"] = shape::object_of({{"password", text()}});
  schemas["SignUp"] = shape::object_of(
      {{"username", shape::text_matching(shape::kPersonName)}, {"password", password()}, {"time_zone", shape::zone()}});
  schemas["Error"] = shape::object_of(
      {{"error",
        shape::object_of({{"code", shape::described(shape::text_matching("^[a-z_]+$"),
                                                    "invalid_argument, unauthenticated, forbidden, not_found, "
                                                    "conflict, throttled, locked, unsupported_media_type, ...")},
                          {"message", shape::described(text(), "one sentence: what was wrong and what to do")}})}});
  schemas["OpenApiDocument"] = shape::object_of({{"openapi", shape::one_of_names(json::array({"3.0.3"}))},
                                                 {"info", {{"type", "object"}}},
                                                 {"paths", {{"type", "object"}}},
                                                 {"components", {{"type", "object"}}}});
}

// ---------------------------------------------------------------------------------------------
// Measures (measures/measures_json.cc, app/assessments.cc history_entry_json, api/measures_routes.cc)

json coding() {
  using shape::text;
  return shape::nullable(shape::object_of({{"system", text()}, {"code", text()}, {"display", text()}}));
}

json direction() {
  using measures::Direction;
  return shape::names_of({Direction::higher_worse, Direction::higher_better, Direction::unknown},
                         measures::direction_name);
}

json scoring() {
  return shape::names_of({measures::ScoringMethod::sum, measures::ScoringMethod::mean}, measures::scoring_method_name);
}

// measures::instrument_json, with "from".
json instrument_schema() {
  using shape::array_of;
  using shape::number;
  using shape::text;
  using shape::whole_number;
  const json band = shape::object_of(
      {{"minimum", number()}, {"label", text()}, {"description", text()}, {"provisional", shape::flag()}},
      {"description", "provisional"});
  const json subscale = shape::object_of({{"code", text()}, {"name", text()}, {"items", array_of(text())}});
  const json reliability =
      shape::object_of({{"kind", shape::names_of({measures::ReliabilityKind::retest, measures::ReliabilityKind::alpha},
                                                 measures::reliability_kind_name)},
                        {"value", number()},
                        {"source", text()}});
  using measures::MissingDataRule;
  using measures::TextStatus;
  return shape::object_of(
      {{"id", text()},
       {"title", text()},
       {"items", shape::described(whole_number(), "the number of items of the total")},
       {"scoring", scoring()},
       {"minimum", number()},
       {"maximum", number()},
       {"direction", direction()},
       {"missing_data",
        shape::names_of({MissingDataRule::complete, MissingDataRule::prorate}, measures::missing_data_rule_name)},
       {"text", shape::names_of({TextStatus::included, TextStatus::placeholder, TextStatus::licensed},
                                measures::text_status_name)},
       {"code", coding()},
       {"total_code", coding()},
       {"bands", array_of(band)},
       {"subscales", array_of(subscale)},
       {"reliability", array_of(reliability)},
       {"reliable_change", shape::described(shape::flag(), "whether the Reliable Change Index can be computed")},
       {"copyright", text()},
       {"from", shape::names_of({app::InstrumentOrigin::shipped, app::InstrumentOrigin::clinic},
                                app::instrument_origin_name)}});
}

// measures::instrument_items_json.
json questions_schema() {
  using shape::flag;
  using shape::text;
  const json option = shape::object_of(
      {{"code", text()}, {"system", text()}, {"display", text()}, {"score", shape::nullable(shape::number())}});
  return shape::array_of(shape::object_of({{"link_id", text()},
                                           {"prefix", text()},
                                           {"text", text()},
                                           {"code", coding()},
                                           {"required", flag()},
                                           {"scored", flag()},
                                           {"options", shape::array_of(option)}}));
}

// measures::safety_json.
json safety_schema() {
  using shape::text;
  const json finding = shape::object_of({{"item", text()},
                                         {"item_code", coding()},
                                         {"item_text", text()},
                                         {"answer_code", text()},
                                         {"answer", text()},
                                         {"score", shape::number()},
                                         {"kind", text()},
                                         {"description", text()}});
  return shape::object_of({{"flag", shape::flag()},
                           {"checked", shape::described(shape::flag(), "whether the instrument has a safety rule")},
                           {"findings", shape::array_of(finding)},
                           {"unanswered", shape::array_of(text())},
                           {"crisis_resources", shape::ref("CrisisResources")},
                           {"crisis_file_problem", text()}},
                          {"crisis_resources", "crisis_file_problem"});
}

// measures::score_json.
json score_schema() {
  using shape::flag;
  using shape::nullable;
  using shape::number;
  using shape::text;
  using shape::whole_number;
  const json subscale = shape::object_of({{"name", text()},
                                          {"score", nullable(number())},
                                          {"band", nullable(text())},
                                          {"answered", whole_number()},
                                          {"items", whole_number()},
                                          {"direction", direction()}});
  const json item = shape::object_of(
      {{"item", text()}, {"code", nullable(text())}, {"answer", nullable(text())}, {"score", nullable(number())}});
  return shape::object_of({{"instrument", text()},
                           {"title", text()},
                           {"total", nullable(number())},
                           {"band", nullable(text())},
                           {"band_provisional", flag()},
                           {"minimum", number()},
                           {"maximum", number()},
                           {"scoring", scoring()},
                           {"direction", direction()},
                           {"prorated", flag()},
                           {"answered", whole_number()},
                           {"items_in_total", whole_number()},
                           {"no_total_reason", nullable(text())},
                           {"total_code", coding()},
                           {"subscales", shape::map_of(subscale)},
                           {"items", shape::array_of(item)},
                           {"answers", shape::described(text(), "the scores as keel assess --answers takes them")},
                           {"safety", safety_schema()},
                           {"reading", text()}});
}

// measures::change_summary_json.
json change_summary() {
  using measures::ChangeClass;
  return shape::nullable(
      shape::object_of({{"before", shape::number()},
                        {"difference", shape::number()},
                        {"rci", shape::number()},
                        {"reliable", shape::flag()},
                        {"minimum_reliable_change", shape::number()},
                        {"classification", shape::names_of({ChangeClass::recovered, ChangeClass::improved,
                                                            ChangeClass::unchanged, ChangeClass::deteriorated},
                                                           measures::change_class_name)}}));
}

// app::history_entry_json: scored, or with the problem that kept it from being scored.
json assessment_history_entry() {
  using shape::nullable;
  const json entry =
      shape::object_of({{"id", shape::record_id()}, {"at", shape::time()}, {"instrument", shape::text()}});
  json scored = shape::extended(entry, {{"total", nullable(shape::number())},
                                        {"band", nullable(shape::text())},
                                        {"prorated", shape::flag()},
                                        {"answers", shape::text()},
                                        {"safety_flag", shape::flag()},
                                        {"since_previous", change_summary()},
                                        {"since_first", change_summary()}});
  scored["properties"]["change_problem"] = shape::text();
  return {{"oneOf", json::array({std::move(scored), shape::extended(entry, {{"problem", shape::text()}})})}};
}

void add_measures_schemas(json& schemas) {
  schemas["Instrument"] = instrument_schema();
  schemas["InstrumentList"] = shape::object_of({{"items", shape::array_of(shape::ref("Instrument"))}});
  schemas["InstrumentForm"] = shape::extended(
      instrument_schema(),
      {{"instructions", shape::described(shape::array_of(shape::text()),
                                         "what the person reads before the questions (the time frame they ask about)")},
       {"questions", questions_schema()}});
  schemas["AssessmentAnswers"] = shape::object_of(
      {{"instrument", shape::described(shape::text(), "an id from GET /api/v1/instruments")},
       {"answers", shape::described(shape::map_of(shape::nullable(shape::text())),
                                    "item linkId to the chosen option's code; null or absent: not answered")},
       {"at", shape::described(shape::nullable(shape::time()), "when it was completed; default now")},
       {"id", shape::described(shape::nullable(shape::record_id()),
                               "the client's own ULID, so that a retry saves nothing new; default: keel makes one")}},
      {"at", "id"});
  schemas["Score"] = score_schema();
  schemas["RecordedAssessment"] =
      shape::object_of({{"id", shape::record_id()}, {"at", shape::time()}, {"score", shape::ref("Score")}});
  schemas["AssessmentList"] = shape::object_of({{"items", shape::array_of(assessment_history_entry())}});
  schemas["CrisisResources"] = shape::object_of({{"text", shape::text()}, {"source", shape::text()}});
}

// ---------------------------------------------------------------------------------------------
// Stats (analytics/stats_json.cc, docs/analytics.md)

namespace stats {

using shape::array_of;
using shape::flag;
using shape::object_of;
using shape::text;
using shape::whole_number;

json maybe_number() { return shape::nullable(shape::number()); }
json interval() { return shape::described(array_of(maybe_number(), 2), "a 95 % interval: [lower, upper]"); }
json share() {
  return object_of(
      {{"count", whole_number()}, {"total", whole_number()}, {"share", maybe_number()}, {"ci95", interval()}});
}
json mean() {
  return object_of({{"count", whole_number()},
                    {"mean", maybe_number()},
                    {"standard_deviation", maybe_number()},
                    {"ci95", interval()}});
}

// A section: its own properties, and whether there was enough data, what is missing, a sentence.
json section(json properties) {
  properties["enough_data"] = flag();
  properties["missing"] = shape::nullable(text());
  properties["sentence"] = text();
  return object_of(std::move(properties));
}

json trigger_map() {
  const json tag_row = object_of({{"tag", text()},
                                  {"urges", whole_number()},
                                  {"lapses", whole_number()},
                                  {"decided", whole_number()},
                                  {"acting_share", maybe_number()},
                                  {"ci95", interval()},
                                  {"lift", maybe_number()},
                                  {"peak_hour", whole_number(0, 23)},
                                  {"by_hour", array_of(whole_number(), 24)}});
  const json grid = array_of(array_of(whole_number(), 24), 7);
  return section({{"urges", whole_number()},
                  {"lapses", whole_number()},
                  {"acting_share", share()},
                  {"grid", object_of({{"weekdays", array_of(text(), 7)}, {"urges", grid}, {"lapses", grid}})},
                  {"peak", shape::nullable(object_of(
                               {{"weekday", text()}, {"hour", whole_number(0, 23)}, {"urges", whole_number()}}))},
                  {"busiest_hour", shape::nullable(whole_number(0, 23))},
                  {"busiest_weekday", shape::nullable(text())},
                  {"contexts", array_of(tag_row)},
                  {"emotions", array_of(tag_row)},
                  {"warning_signs", array_of(tag_row)}});
}

json intervals() {
  const json survival_at = object_of({{"days", shape::number()}, {"survival", maybe_number()}, {"ci95", interval()}});
  const json point = object_of({{"time", shape::number()},
                                {"survival", shape::number()},
                                {"at_risk", whole_number()},
                                {"events", whole_number()},
                                {"censored", whole_number()},
                                {"std_err", maybe_number()},
                                {"ci95", interval()}});
  const json between = section({{"events", whole_number()},
                                {"closed_intervals", whole_number()},
                                {"median_days", maybe_number()},
                                {"ci95", interval()},
                                {"survival_at", array_of(survival_at)},
                                {"longest_days", maybe_number()},
                                {"current_days", maybe_number()},
                                {"earlier_typical_days", maybe_number()},
                                {"recent_typical_days", maybe_number()},
                                {"curve", array_of(point)}});
  return object_of({{"between_urges", between}, {"between_lapses", between}});
}

json trends() {
  const json week = object_of({{"monday", shape::calendar_date()},
                               {"urges", whole_number()},
                               {"lapses", whole_number()},
                               {"surfed", whole_number()},
                               {"passed", whole_number()},
                               {"urges_per_lapse", maybe_number()}});
  const json rate = section({{"first_weeks", array_of(whole_number(), 4)},
                             {"last_weeks", array_of(whole_number(), 4)},
                             {"ratio", maybe_number()},
                             {"ci95", interval()},
                             {"ci95_poisson", interval()},
                             {"dispersion", maybe_number()},
                             {"overdispersed", flag()}});
  return section(
      {{"weeks", array_of(week)},
       {"rate_ratio", object_of({{"urges", rate}, {"lapses", rate}})},
       {"acting_share", object_of({{"first_weeks", share()}, {"last_weeks", share()}, {"sentence", text()}})}});
}

json what_helps() {
  const json effect = object_of({{"technique", text()}, {"drop", mean()}, {"ended_lower", share()}});
  const json lift_rows = array_of(object_of({{"name", text()}, {"lift", mean()}}));
  const json passed_rows = array_of(object_of({{"name", text()}, {"passed", share()}}));
  return section(
      {{"surf_effect", shape::extended(effect, {{"by_technique", array_of(effect)}, {"sentence", text()}})},
       {"activities", object_of({{"by_category", lift_rows}, {"by_title", lift_rows}, {"sentence", text()}})},
       {"techniques", object_of({{"by_pause", passed_rows}, {"by_strategy", passed_rows}, {"sentence", text()}})}});
}

json checkin_links() {
  const json effect = object_of(
      {{"rate_ratio", maybe_number()}, {"ci95", interval()}, {"dispersion", maybe_number()}, {"z", maybe_number()}});
  const json link = object_of({{"state", text()},
                               {"outcome", shape::one_of_names({"urges", "lapses"})},
                               {"day", shape::one_of_names({"same_day", "next_day"})},
                               {"high", text()},
                               {"days", whole_number()},
                               {"high_days", whole_number()},
                               {"state_mean", maybe_number()},
                               {"mean_count_high", maybe_number()},
                               {"mean_count_other", maybe_number()},
                               {"high_day", effect},
                               {"per_point", effect}});
  return section({{"checkin_days", whole_number()}, {"strongest", array_of(link)}, {"links", array_of(link)}});
}

json small_wins() {
  json properties = json::object();
  for (const char* count : {"urges_logged", "urges_passed", "urges_surfed", "pauses", "pauses_completed",
                            "checkin_days", "activities_done", "lapse_reviews"}) {
    properties[count] = whole_number();
  }
  properties["personal_bests"] = object_of({{"longest_days_between_lapses", maybe_number()},
                                            {"longest_days_between_urges", maybe_number()},
                                            {"most_urges_passed_in_a_week", whole_number()},
                                            {"best_week_monday", shape::nullable(shape::calendar_date())}});
  properties["milestones"] =
      array_of(object_of({{"what", text()}, {"threshold", whole_number()}, {"reached", shape::calendar_date()}}));
  return section(std::move(properties));
}

json forecast() {
  json properties = {{"target", shape::one_of_names({"urge", "lapse"})},
                     {"window_hours", shape::described(whole_number(), "the length of a forecast window")}};
  for (const char* count : {"windows", "train_windows", "test_windows", "train_positive", "test_positive"}) {
    properties[count] = whole_number();
  }
  for (const char* estimate : {"auc", "brier", "baseline_auc", "baseline_brier", "next_window_probability"}) {
    properties[estimate] = maybe_number();
  }
  properties["factors"] = array_of(object_of(
      {{"name", text()}, {"strength", maybe_number()}, {"direction", whole_number(-1, 1)}, {"words", text()}}));
  properties["coefficients"] =
      shape::described(shape::map_of(maybe_number()), "the intercept and one per standardised feature");
  const json model = section(std::move(properties));
  return object_of({{"urge", model}, {"lapse", model}});
}

json schema() {
  return shape::described(object_of({{"as_of", shape::time()},
                                     {"since", shape::nullable(shape::calendar_date())},
                                     {"time_zone", shape::zone()},
                                     {"start", shape::time()},
                                     {"observed_days", maybe_number()},
                                     {"trigger_map", trigger_map()},
                                     {"intervals", intervals()},
                                     {"trends", trends()},
                                     {"what_helps", what_helps()},
                                     {"checkin_links", checkin_links()},
                                     {"small_wins", small_wins()},
                                     {"forecast", forecast()},
                                     {"sentences", array_of(text())}}),
                          "The client's patterns (docs/analytics.md); a number that cannot be estimated is null");
}

}  // namespace stats

}  // namespace

nlohmann::json component_schemas() {
  json schemas = json::object();
  add_record_schemas(schemas);
  add_account_schemas(schemas);
  add_measures_schemas(schemas);
  schemas["Stats"] = stats::schema();
  return schemas;
}

}  // namespace keel::api
