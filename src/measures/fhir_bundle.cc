#include "measures/fhir_bundle.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "measures/json_reading.h"

#include "core/id.h"
#include "core/time.h"
#include "measures/assessment_record.h"
#include "measures/scoring.h"

namespace keel::measures {

namespace {

using namespace json_reading;

using json = nlohmann::json;
__extension__ using Unsigned128 = unsigned __int128;

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::string_view kObservationCategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";
constexpr std::string_view kUcumSystem = "http://unitsofmeasure.org";
constexpr std::string_view kScoreUnit = "{score}";
// Groups in a Questionnaire nest at most 16 deep (the loader's limit); JSON of a loaded
// Questionnaire is pruned at most this deep.
constexpr int kDeepestPrune = 256;
// An Observation's value and keel's total differ when they are further apart than this (two
// decimals, so a system that rounds a mean score to hundredths still agrees).
constexpr double kScoreTolerance = 0.005 + 1e-9;

// ---------------------------------------------------------------------------------------------
// Messages.

// A value from the input, quoted for a message: JSON-escaped, at most 60 bytes of it.
std::string quote_value(std::string_view text) {
  constexpr std::size_t kLongest = 60;
  std::string shown(text.substr(0, kLongest));
  if (text.size() > kLongest) {
    // Do not end inside a UTF-8 sequence.
    while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80) shown.pop_back();
    if (!shown.empty() && static_cast<unsigned char>(shown.back()) >= 0xC0) shown.pop_back();
    shown += "...";
  }
  return json(shown).dump(-1, ' ', false, json::error_handler_t::replace);
}

// ---------------------------------------------------------------------------------------------
// ULIDs and UUIDs.

int crockford_digit(char c) {
  for (int index = 0; index < 32; ++index) {
    if (kCrockford[index] == c) return index;
  }
  return -1;
}

Unsigned128 ulid_bits(std::string_view ulid) {
  Unsigned128 value = 0;
  for (char c : ulid) value = (value << 5) | static_cast<unsigned>(std::max(crockford_digit(c), 0));
  return value;
}

std::string ulid_text(Unsigned128 value) {
  std::string text(26, '0');
  for (int i = 25; i >= 0; --i) {
    text[static_cast<std::size_t>(i)] = kCrockford[static_cast<unsigned>(value & 31U)];
    value >>= 5;
  }
  return text;
}

// FNV-1a, 128 bits: a stable, well-spread hash for ids that are not ULIDs (not a secret).
Unsigned128 fnv1a_128(std::string_view text) {
  const Unsigned128 prime = (Unsigned128{1} << 88) + 0x13B;
  Unsigned128 hash = (Unsigned128{0x6c62272e07bb0142ULL} << 64) | 0x62b821756295c58dULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= prime;
  }
  return hash;
}

std::string uuid_text(Unsigned128 bits, FhirEntryKind kind) {
  std::uint8_t bytes[16];
  for (int i = 0; i < 16; ++i) bytes[i] = static_cast<std::uint8_t>(bits >> (8 * (15 - i)));
  bytes[6] = static_cast<std::uint8_t>(0x80 | (bytes[6] & 0x0F));                                       // version 8
  bytes[8] = static_cast<std::uint8_t>(0x80 | (static_cast<unsigned>(kind) << 4) | (bytes[8] & 0x0F));  // variant, kind
  std::string text;
  text.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += fmt::format("{:02x}", bytes[i]);
  }
  return text;
}

std::string urn(const std::string& uuid) { return "urn:uuid:" + uuid; }

// A ULID for a response whose id is not one: the milliseconds of its authored time, then 80 bits
// of a hash of its id, so that the same response always gets the same id.
std::string derived_ulid(Instant authored, std::string_view seed) {
  const long long milliseconds = std::clamp<long long>(to_unix_milliseconds(authored), 0, (1LL << 48) - 1);
  const Unsigned128 low80 = fnv1a_128(seed) & ((Unsigned128{1} << 80) - 1);
  return ulid_text((Unsigned128{static_cast<unsigned long long>(milliseconds)} << 80) | low80);
}

// ---------------------------------------------------------------------------------------------
// Writing.

// Drops what FHIR forbids in JSON: empty strings, arrays and objects, and null members. Nulls
// inside arrays stay (they align a primitive array with its "_name" array), but an array of
// nothing else is empty. Returns whether anything is left of `value`.
Result<bool> prune(json& value, int depth) {
  if (depth > kDeepestPrune) {
    return Status::invalid(fmt::format("the Questionnaire is nested more than {} levels deep", kDeepestPrune));
  }
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end();) {
      bool keep = !it->is_null();
      if (keep) {
        KEEL_ASSIGN_OR_RETURN(keep, prune(*it, depth + 1));
      }
      it = keep ? std::next(it) : value.erase(it);
    }
    return !value.empty();
  }
  if (value.is_array()) {
    for (auto it = value.begin(); it != value.end();) {
      bool keep = true;
      if (!it->is_null()) {
        KEEL_ASSIGN_OR_RETURN(keep, prune(*it, depth + 1));
      }
      it = keep ? std::next(it) : value.erase(it);
    }
    return std::any_of(value.begin(), value.end(), [](const json& element) { return !element.is_null(); });
  }
  if (value.is_string()) return !value.get_ref<const std::string&>().empty();
  return true;
}

json coding_json(std::string_view system, std::string_view code, std::string_view display) {
  json coding = json::object();
  if (!system.empty()) coding["system"] = system;
  if (!code.empty()) coding["code"] = code;
  if (!display.empty()) coding["display"] = display;
  return coding;
}

// A score as a FHIR decimal: a JSON integer when whole, else the shortest exact double.
json score_number(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) return static_cast<long long>(value);
  return value;
}

json score_quantity(double value) {
  return {{"value", score_number(value)}, {"unit", kScoreUnit}, {"system", kUcumSystem}, {"code", kScoreUnit}};
}

// The canonical a QuestionnaireResponse names: the url, else keel's url for the id; "|version".
std::string questionnaire_url(const Instrument& instrument) {
  return instrument.url.empty() ? std::string(kFhirQuestionnaireBase) + instrument.id : instrument.url;
}

std::string questionnaire_canonical(const Instrument& instrument) {
  std::string canonical = questionnaire_url(instrument);
  if (!instrument.version.empty()) canonical += "|" + instrument.version;
  return canonical;
}

// The Questionnaire as the Bundle carries it.
Result<json> questionnaire_resource(const Instrument& instrument) {
  json questionnaire = instrument.questionnaire.is_object() ? instrument.questionnaire : json::object();
  questionnaire["resourceType"] = "Questionnaire";
  if (text_or_empty(questionnaire, "id").empty()) questionnaire["id"] = instrument.id;
  if (text_or_empty(questionnaire, "url").empty()) questionnaire["url"] = questionnaire_url(instrument);
  if (text_or_empty(questionnaire, "status").empty()) questionnaire["status"] = "unknown";
  KEEL_ASSIGN_OR_RETURN(const bool kept, prune(questionnaire, 0));
  (void)kept;
  return questionnaire;
}

const AnswerOption* find_option(const Item& item, std::string_view code) {
  for (const auto& option : item.options) {
    if (option.code == code) return &option;
  }
  return nullptr;
}

// The QuestionnaireResponse items for the Questionnaire items `list`, in their order, mirroring
// groups: a group with an answered item inside is written with its answered items inside;
// unanswered items are left out (FHIR has no empty answer). Counts the answers written.
json response_items(const Instrument& instrument, const Response& response, const json& list, int depth,
                    std::size_t& written) {
  json out = json::array();
  if (!list.is_array() || depth > kDeepestPrune) return out;
  for (const json& entry : list) {
    const std::string link_id = text_or_empty(entry, "linkId");
    if (link_id.empty()) continue;
    json children = json::array();
    if (const json* items = member(entry, "item"); items != nullptr) {
      children = response_items(instrument, response, *items, depth + 1, written);
    }
    json answer;
    if (const auto found = response.answers.find(link_id); found != response.answers.end()) {
      const Item* item = instrument.find_item(link_id);
      const AnswerOption* option = item != nullptr ? find_option(*item, found->second) : nullptr;
      if (option != nullptr) {
        answer = {{"valueCoding", coding_json(option->system, option->code, option->display)}};
        ++written;
      }
    }
    if (answer.is_null() && children.empty()) continue;
    json out_item = {{"linkId", link_id}};
    if (const std::string text = text_or_empty(entry, "text"); !text.empty()) out_item["text"] = text;
    if (answer.is_null()) {
      out_item["item"] = std::move(children);
    } else {
      if (!children.empty()) answer["item"] = std::move(children);  // items under a question nest in its answer
      out_item["answer"] = json::array({std::move(answer)});
    }
    out.push_back(std::move(out_item));
  }
  return out;
}

json observation_resource(const Instrument& instrument, const Score& score, const domain::Assessment& assessment,
                          const std::string& patient_url, const std::string& response_url,
                          const std::string& authored) {
  const std::string total_name = fmt::format("{} total score", instrument.title);
  json code = json::object();
  if (instrument.total_code) {
    code["coding"] = json::array(
        {coding_json(instrument.total_code->system, instrument.total_code->code, instrument.total_code->display)});
  } else {
    code["coding"] = json::array({coding_json(kFhirInstrumentTotalSystem, instrument.id, total_name)});
  }
  code["text"] = total_name;

  json observation = {
      {"resourceType", "Observation"},
      {"id", assessment.key.id},
      {"status", "final"},
      {"category",
       json::array({{{"coding", json::array({coding_json(kObservationCategorySystem, "survey", "Survey")})}}})},
      {"code", std::move(code)},
      {"subject", {{"reference", patient_url}}},
      {"effectiveDateTime", authored},
      {"valueQuantity", score_quantity(*score.total)},
      {"derivedFrom", json::array({{{"reference", response_url}}})},
  };
  json notes = json::array();
  if (score.band) {
    observation["interpretation"] = json::array({{{"text", score.band->label}}});
    if (score.band->provisional) {
      notes.push_back({{"text", fmt::format("The band \"{}\" rests on a provisional cut-off, still to be confirmed "
                                            "against its source.",
                                            score.band->label)}});
    }
  }
  if (score.prorated) {
    notes.push_back({{"text", fmt::format("Prorated: {} of {} items were answered; the total is the mean of the "
                                          "answered items times {}{}.",
                                          score.answered, score.item_count, score.item_count,
                                          instrument.plan.whole_total ? ", rounded to a whole number" : "")}});
  }
  if (!notes.empty()) observation["note"] = std::move(notes);

  json components = json::array();
  for (const auto& subscale : score.subscales) {
    if (!subscale.value) continue;
    const std::string name = subscale.name.empty() ? subscale.code : subscale.name;
    json component = {
        {"code",
         {{"coding", json::array({coding_json(kFhirInstrumentSubscaleSystem,
                                              fmt::format("{}/{}", instrument.id, subscale.code), name)})},
          {"text", name}}},
        {"valueQuantity", score_quantity(*subscale.value)},
    };
    if (subscale.band) component["interpretation"] = json::array({{{"text", subscale.band->label}}});
    components.push_back(std::move(component));
  }
  if (!components.empty()) observation["component"] = std::move(components);
  return observation;
}

json bundle_entry(const std::string& full_url, json resource) {
  return {{"fullUrl", full_url}, {"resource", std::move(resource)}};
}

// ---------------------------------------------------------------------------------------------
// Reading.

// Refuses JSON nested deeper than kDeepestFhirBundle before parsing it, so that nothing after
// (parsing, walking, dumping) recurses without bound.
Status check_depth(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kDeepestFhirBundle) {
        return Status::invalid(
            fmt::format("the Bundle is nested more than {} levels deep (at byte {})", kDeepestFhirBundle, i));
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return Status::ok();
}

// The offset of an RFC 3339 time that parse_rfc3339 accepted, in minutes.
int offset_minutes_of(std::string_view text) {
  if (text.empty() || text.back() == 'Z' || text.back() == 'z' || text.size() < 6) return 0;
  const std::string_view tail = text.substr(text.size() - 6);
  const int sign = tail[0] == '-' ? -1 : 1;
  const int hours = (tail[1] - '0') * 10 + (tail[2] - '0');
  const int minutes = (tail[4] - '0') * 10 + (tail[5] - '0');
  return sign * (hours * 60 + minutes);
}

std::string format_offset(int minutes) {
  return fmt::format("{}{:02}:{:02}", minutes < 0 ? '-' : '+', std::abs(minutes) / 60, std::abs(minutes) % 60);
}

// A time zone for a response without keel's extension: UTC, a fixed "Etc/GMT" zone for a whole
// hour, else a zone that has that offset at that moment.
Result<std::string> zone_for_offset(Instant at, int offset_minutes, const std::string& path) {
  if (offset_minutes == 0) return std::string("UTC");
  if (offset_minutes % 60 == 0 && offset_minutes >= -12 * 60 && offset_minutes <= 14 * 60) {
    const int hours = offset_minutes / 60;  // Etc/GMT names count the other way: UTC+2 is Etc/GMT-2
    std::string zone = fmt::format("Etc/GMT{}{}", hours > 0 ? '-' : '+', std::abs(hours));
    if (validate_time_zone(zone).is_ok()) return zone;
  }
  static constexpr std::string_view kCandidates[] = {
      "Asia/Kolkata",      "Asia/Kathmandu",     "Asia/Tehran",     "Asia/Kabul",          "Asia/Yangon",
      "Australia/Darwin",  "Australia/Adelaide", "Australia/Eucla", "Australia/Lord_Howe", "America/St_Johns",
      "Pacific/Marquesas", "Pacific/Chatham",    "Asia/Pyongyang",
  };
  for (std::string_view zone : kCandidates) {
    if (!validate_time_zone(zone).is_ok()) continue;
    if (local_parts(at, zone).offset_minutes == offset_minutes) return std::string(zone);
  }
  return Status::invalid(
      fmt::format("{}: keel cannot tell a time zone from the offset {}; add keel's time-zone extension ({})", path,
                  format_offset(offset_minutes), kFhirTimeZoneExtensionUrl));
}

// Every linkId of a Questionnaire (of any item type), for telling "not keel's to read" from
// "not in the Questionnaire at all".
void collect_link_ids(const json& list, std::set<std::string>& link_ids, int depth) {
  if (!list.is_array() || depth > kDeepestPrune) return;
  for (const json& entry : list) {
    const std::string link_id = text_or_empty(entry, "linkId");
    if (!link_id.empty()) link_ids.insert(link_id);
    if (const json* items = member(entry, "item"); items != nullptr) collect_link_ids(*items, link_ids, depth + 1);
  }
}

struct ReadContext {
  std::span<const Instrument> instruments;
  std::map<const Instrument*, std::set<std::string>> link_ids;  // made when first needed

  const std::set<std::string>& link_ids_of(const Instrument& instrument) {
    auto [found, inserted] = link_ids.try_emplace(&instrument);
    if (inserted) {
      if (const json* items = member(instrument.questionnaire, "item"); items != nullptr) {
        collect_link_ids(*items, found->second, 0);
      }
    }
    return found->second;
  }
};

// The instrument a QuestionnaireResponse's `questionnaire` canonical names.
Result<const Instrument*> match_instrument(std::span<const Instrument> instruments, std::string_view canonical,
                                           const std::string& path) {
  const std::size_t bar = canonical.find('|');
  const std::string_view url = canonical.substr(0, bar);
  const std::string_view version = bar == std::string_view::npos ? std::string_view() : canonical.substr(bar + 1);
  const Instrument* other_version = nullptr;
  for (const auto& instrument : instruments) {
    if (instrument.url.empty() || instrument.url != url) continue;
    if (version.empty() || instrument.version.empty() || instrument.version == version) return &instrument;
    other_version = &instrument;
  }
  if (other_version != nullptr) {
    return Status::invalid(fmt::format("{}: version {} of {} is named, but keel has version {} of it", path,
                                       quote_value(version), quote_value(url), quote_value(other_version->version)));
  }
  std::string_view id = url;
  if (const std::size_t slash = id.rfind('/'); slash != std::string_view::npos) id = id.substr(slash + 1);
  if (const Instrument* found = find_instrument(instruments, id); found != nullptr && !id.empty()) return found;
  return Status::invalid(
      fmt::format("{}: {} is not an instrument keel has; load its Questionnaire first (keel instruments load FILE)",
                  path, quote_value(canonical)));
}

struct ReadResponse {
  domain::Assessment assessment;
  const Instrument* instrument = nullptr;
  Response response;
  std::string raw_id;    // the resource's id as written
  std::string full_url;  // the entry's fullUrl
  std::size_t entry = 0;
};

Status read_answer(const Instrument& instrument, const Item& item, const json& answers, const std::string& path,
                   std::map<std::string, std::string>& chosen) {
  if (answers.empty()) return Status::ok();
  if (answers.size() > 1) {
    return Status::invalid(fmt::format("{}.answer: {} answers, but {} {} takes one", path, answers.size(),
                                       instrument.id, item_label(item)));
  }
  const std::string answer_path = path + ".answer[0]";
  const json& answer = answers[0];
  if (!answer.is_object()) return wrong_type(answer_path, "an answer object", answer);
  const json* coding = member(answer, "valueCoding");
  if (coding == nullptr) {
    std::string found = "no value";
    for (auto it = answer.begin(); it != answer.end(); ++it) {
      if (it.key().size() > 5 && it.key().compare(0, 5, "value") == 0) found = it.key();
    }
    return Status::invalid(fmt::format("{}: keel reads the answer to {} {} as a valueCoding, found {}", answer_path,
                                       instrument.id, item_label(item), found));
  }
  if (!coding->is_object()) return wrong_type(answer_path + ".valueCoding", "a Coding object", *coding);
  KEEL_ASSIGN_OR_RETURN(const std::string code, optional_string(*coding, "code", answer_path + ".valueCoding"));
  KEEL_ASSIGN_OR_RETURN(const std::string system, optional_string(*coding, "system", answer_path + ".valueCoding"));
  if (code.empty()) return Status::invalid(fmt::format("{}.valueCoding: has no code", answer_path));
  const AnswerOption* option = find_option(item, code);
  if (option == nullptr) {
    return Status::invalid(fmt::format("{}: code {} is not an option of {} {}", answer_path, quote_value(code),
                                       instrument.id, item_label(item)));
  }
  if (!system.empty() && !option->system.empty() && system != option->system) {
    return Status::invalid(fmt::format("{}: code {} of the system {} is not an option of {} {} (its options are of {})",
                                       answer_path, quote_value(code), quote_value(system), instrument.id,
                                       item_label(item), quote_value(option->system)));
  }
  if (!chosen.emplace(item.link_id, code).second) {
    return Status::invalid(fmt::format("{}: {} {} is answered twice", path, instrument.id, item_label(item)));
  }
  return Status::ok();
}

Status read_items(ReadContext& context, const Instrument& instrument, const json& list, const std::string& parent,
                  std::map<std::string, std::string>& chosen) {
  for (std::size_t index = 0; index < list.size(); ++index) {
    const std::string path = fmt::format("{}.item[{}]", parent, index);
    const json& entry = list[index];
    if (!entry.is_object()) return wrong_type(path, "an item object", entry);
    KEEL_ASSIGN_OR_RETURN(const std::string link_id, optional_string(entry, "linkId", path));
    if (link_id.empty()) return Status::invalid(fmt::format("{}: has no linkId", path));
    const Item* item = instrument.find_item(link_id);
    if (item == nullptr && context.link_ids_of(instrument).count(link_id) == 0) {
      return Status::invalid(
          fmt::format("{}: the linkId {} is not an item of {}", path, quote_value(link_id), instrument.id));
    }
    KEEL_ASSIGN_OR_RETURN(const json* answers, optional_array(entry, "answer", path));
    // Answers to items keel does not score (a text item, the calculated total, PHQ-9's difficulty
    // item) are not kept: storage keeps scored answers only.
    if (item != nullptr && item->scored) KEEL_RETURN_IF_ERROR(read_answer(instrument, *item, *answers, path, chosen));
    KEEL_ASSIGN_OR_RETURN(const json* children, optional_array(entry, "item", path));
    KEEL_RETURN_IF_ERROR(read_items(context, instrument, *children, path, chosen));
    for (std::size_t answer = 0; answer < answers->size(); ++answer) {
      const std::string answer_path = fmt::format("{}.answer[{}]", path, answer);
      KEEL_ASSIGN_OR_RETURN(const json* nested, optional_array((*answers)[answer], "item", answer_path));
      KEEL_RETURN_IF_ERROR(read_items(context, instrument, *nested, answer_path, chosen));
    }
  }
  return Status::ok();
}

Result<ReadResponse> read_response(ReadContext& context, const json& entry, const json& resource,
                                   const std::string& path) {
  ReadResponse read;
  KEEL_ASSIGN_OR_RETURN(read.full_url, optional_string(entry, "fullUrl", path.substr(0, path.rfind('.'))));
  KEEL_ASSIGN_OR_RETURN(read.raw_id, optional_string(resource, "id", path));

  KEEL_ASSIGN_OR_RETURN(const std::string status, optional_string(resource, "status", path));
  if (status != "completed" && status != "amended") {
    return Status::invalid(fmt::format("{}.status: {}; keel imports only completed or amended responses", path,
                                       status.empty() ? std::string("missing") : quote_value(status)));
  }

  KEEL_ASSIGN_OR_RETURN(const std::string canonical, optional_string(resource, "questionnaire", path));
  if (canonical.empty()) {
    return Status::invalid(fmt::format("{}.questionnaire: missing; keel needs it to know the instrument", path));
  }
  KEEL_ASSIGN_OR_RETURN(read.instrument, match_instrument(context.instruments, canonical, path + ".questionnaire"));
  const Instrument& instrument = *read.instrument;

  KEEL_ASSIGN_OR_RETURN(const std::string authored, optional_string(resource, "authored", path));
  if (authored.empty()) return Status::invalid(fmt::format("{}.authored: missing; keel needs the time", path));
  Result<Instant> at = parse_rfc3339(authored);
  if (!at) {
    return Status::invalid(
        fmt::format("{}.authored: {} is not a date and time with an offset, such as 2026-03-29T22:15:00+02:00", path,
                    quote_value(authored)));
  }
  const int offset = offset_minutes_of(authored);

  std::string zone;
  KEEL_ASSIGN_OR_RETURN(const json* extensions, optional_array(resource, "extension", path));
  for (std::size_t index = 0; index < extensions->size(); ++index) {
    const std::string extension_path = fmt::format("{}.extension[{}]", path, index);
    const json& extension = (*extensions)[index];
    if (!extension.is_object()) return wrong_type(extension_path, "an Extension object", extension);
    if (text_or_empty(extension, "url") != kFhirTimeZoneExtensionUrl) continue;
    KEEL_ASSIGN_OR_RETURN(zone, optional_string(extension, "valueString", extension_path));
    if (const Status valid = validate_time_zone(zone); !valid.is_ok()) {
      return Status::invalid(
          fmt::format("{}.valueString: {} is not a time zone keel knows", extension_path, quote_value(zone)));
    }
    const int zone_offset = local_parts(*at, zone).offset_minutes;
    if (zone_offset != offset) {
      return Status::invalid(fmt::format("{}.valueString: {} is {} at {}, but authored says {}", extension_path,
                                         quote_value(zone), format_offset(zone_offset), quote_value(authored),
                                         format_offset(offset)));
    }
  }
  if (zone.empty()) {
    KEEL_ASSIGN_OR_RETURN(zone, zone_for_offset(*at, offset, path + ".authored"));
  }

  std::map<std::string, std::string> chosen;
  KEEL_ASSIGN_OR_RETURN(const json* items, optional_array(resource, "item", path));
  KEEL_RETURN_IF_ERROR(read_items(context, instrument, *items, path, chosen));
  read.response = Response{instrument.id, std::move(chosen)};
  Result<std::vector<domain::AssessmentAnswer>> answers = answers_from_response(instrument, read.response);
  if (!answers) return answers.status().with_prefix(path + ": ");

  read.assessment.key.id = is_valid_id(read.raw_id)
                               ? read.raw_id
                               : derived_ulid(*at, !read.raw_id.empty()     ? "id:" + read.raw_id
                                                   : !read.full_url.empty() ? "fullUrl:" + read.full_url
                                                                            : "resource:" + resource.dump());
  read.assessment.at = *at;
  read.assessment.time_zone = std::move(zone);
  read.assessment.instrument = instrument.id;
  read.assessment.answers = std::move(answers).value();
  return read;
}

// Whether a CodeableConcept names the total of `instrument`.
bool codes_total(const json& codeable, const Instrument& instrument) {
  const json* codings = member(codeable, "coding");
  if (codings == nullptr || !codings->is_array()) return false;
  for (const json& coding : *codings) {
    const std::string system = text_or_empty(coding, "system");
    const std::string code = text_or_empty(coding, "code");
    if (instrument.total_code && system == instrument.total_code->system && code == instrument.total_code->code) {
      return true;
    }
    if (system == kFhirInstrumentTotalSystem && code == instrument.id) return true;
  }
  return false;
}

// An Observation derived from one of the responses and coded as its instrument's total must agree
// with the total keel computes from that response's answers.
Status check_observation(const json& observation, const std::string& path, const std::vector<ReadResponse>& read) {
  const std::string status = text_or_empty(observation, "status");
  if (status == "entered-in-error" || status == "cancelled") return Status::ok();
  const json* value = member(observation, "valueQuantity");
  const json* number = value != nullptr ? member(*value, "value") : nullptr;
  if (number == nullptr || !number->is_number()) return Status::ok();
  const json* derived = member(observation, "derivedFrom");
  const json* code = member(observation, "code");
  if (derived == nullptr || !derived->is_array() || code == nullptr) return Status::ok();
  for (const json& reference : *derived) {
    const std::string target = text_or_empty(reference, "reference");
    if (target.empty()) continue;
    for (const auto& response : read) {
      const bool same = (!response.full_url.empty() && target == response.full_url) ||
                        (!response.raw_id.empty() && target == "QuestionnaireResponse/" + response.raw_id);
      if (!same || !codes_total(*code, *response.instrument)) continue;
      const Result<Score> score = score_response(*response.instrument, response.response);
      if (!score) return score.status().with_prefix(fmt::format("entry[{}].resource: ", response.entry));
      const double observed = number->get<double>();
      if (!score->total) {
        return Status::invalid(
            fmt::format("{}.valueQuantity.value: says {:g}, but keel's rules for {} give the answers of entry[{}] "
                        "no total ({}); keel does not import scores it cannot reproduce",
                        path, observed, response.instrument->id, response.entry, score->no_total_reason));
      }
      if (!std::isfinite(observed) || std::fabs(observed - *score->total) > kScoreTolerance) {
        return Status::invalid(
            fmt::format("{}.valueQuantity.value: says {:g}, but the answers of entry[{}] score {} on {}; the two "
                        "systems score it differently, so keel does not import the Bundle",
                        path, observed, response.entry, format_score(*score->total), response.instrument->id));
      }
    }
  }
  return Status::ok();
}

Result<std::vector<domain::Assessment>> read_parsed(const json& bundle, std::span<const Instrument> instruments) {
  if (!bundle.is_object()) return wrong_type("the Bundle", "a JSON object", bundle);
  const json* resource_type = member(bundle, "resourceType");
  if (resource_type == nullptr || !resource_type->is_string() || *resource_type != "Bundle") {
    return Status::invalid(fmt::format("resourceType: expected \"Bundle\", found {}",
                                       resource_type != nullptr && resource_type->is_string()
                                           ? quote_value(resource_type->get_ref<const std::string&>())
                                           : std::string("none")));
  }
  KEEL_ASSIGN_OR_RETURN(const json* entries, optional_array(bundle, "entry", "Bundle"));

  ReadContext context{instruments, {}};
  std::vector<ReadResponse> read;
  std::vector<std::size_t> observations;
  std::map<std::string, std::size_t> by_raw_id;  // a response's id as written -> its place in `read`
  std::map<std::string, std::size_t> by_key_id;
  std::string subject;  // the first response's subject, as JSON
  std::size_t subject_entry = 0;
  for (std::size_t index = 0; index < entries->size(); ++index) {
    const std::string entry_path = fmt::format("entry[{}]", index);
    const json& entry = (*entries)[index];
    if (!entry.is_object()) return wrong_type(entry_path, "an entry object", entry);
    const json* resource = member(entry, "resource");
    if (resource == nullptr) continue;  // e.g. a deleted entry of a history Bundle
    const std::string path = entry_path + ".resource";
    if (!resource->is_object()) return wrong_type(path, "a resource object", *resource);
    KEEL_ASSIGN_OR_RETURN(const std::string type, optional_string(*resource, "resourceType", path));
    if (type.empty()) return Status::invalid(fmt::format("{}.resourceType: missing", path));
    if (type == "Observation") observations.push_back(index);
    if (type != "QuestionnaireResponse") continue;

    KEEL_ASSIGN_OR_RETURN(ReadResponse response, read_response(context, entry, *resource, path));
    response.entry = index;

    if (const json* about = member(*resource, "subject"); about != nullptr) {
      const std::string text = about->dump(-1, ' ', false, json::error_handler_t::replace);
      if (subject.empty()) {
        subject = text;
        subject_entry = index;
      } else if (text != subject) {
        return Status::invalid(
            fmt::format("{}.subject: is not the subject of entry[{}]; keel imports one person's responses at a time",
                        path, subject_entry));
      }
    }

    const std::string& duplicate_key = response.raw_id.empty() ? response.assessment.key.id : response.raw_id;
    if (const auto found = by_raw_id.find(duplicate_key); found != by_raw_id.end()) {
      const ReadResponse& earlier = read[found->second];
      if (earlier.assessment == response.assessment) continue;  // the same response twice
      return Status::invalid(
          fmt::format("{}: a QuestionnaireResponse with the id {} is also entry[{}], with other "
                      "content",
                      path, quote_value(duplicate_key), earlier.entry));
    }
    if (const auto found = by_key_id.find(response.assessment.key.id); found != by_key_id.end()) {
      return Status::invalid(fmt::format("{}: its id gives keel the same id as entry[{}] ({})", path,
                                         read[found->second].entry, response.assessment.key.id));
    }
    by_raw_id.emplace(duplicate_key, read.size());
    by_key_id.emplace(response.assessment.key.id, read.size());
    read.push_back(std::move(response));
  }

  for (const std::size_t index : observations) {
    KEEL_RETURN_IF_ERROR(
        check_observation(*member((*entries)[index], "resource"), fmt::format("entry[{}].resource", index), read));
  }

  std::vector<domain::Assessment> assessments;
  assessments.reserve(read.size());
  for (auto& response : read) assessments.push_back(std::move(response.assessment));
  return assessments;
}

}  // namespace

std::string fhir_uuid_from_ulid(std::string_view ulid, FhirEntryKind kind) { return uuid_text(ulid_bits(ulid), kind); }

Result<nlohmann::json> make_fhir_bundle(std::span<const Instrument> instruments,
                                        std::span<const domain::Assessment> assessments,
                                        const FhirBundleOptions& options) {
  try {
    if (!is_valid_id(options.person_id)) {
      return Status::invalid(fmt::format("the person id {} is not a ULID", quote_value(options.person_id)));
    }
    if (!is_valid_id(options.bundle_id)) {
      return Status::invalid(fmt::format("the Bundle id {} is not a ULID", quote_value(options.bundle_id)));
    }

    struct Prepared {
      const domain::Assessment* assessment = nullptr;
      const Instrument* instrument = nullptr;
      Response response;
      Score score;
    };
    std::vector<Prepared> prepared;
    prepared.reserve(assessments.size());
    std::vector<bool> used(instruments.size(), false);
    std::set<std::string> ids;
    for (const auto& assessment : assessments) {
      const std::string name = fmt::format("the assessment {}", quote_value(assessment.key.id));
      if (!is_valid_id(assessment.key.id)) return Status::invalid(name + ": its id is not a ULID");
      if (!ids.insert(assessment.key.id).second) return Status::invalid(name + ": two assessments have this id");
      if (const Status zone = validate_time_zone(assessment.time_zone); !zone.is_ok()) {
        return zone.with_prefix(name + ": ");
      }
      std::size_t position = instruments.size();
      for (std::size_t index = 0; index < instruments.size(); ++index) {
        if (instruments[index].id == assessment.instrument) {
          position = index;
          break;
        }
      }
      if (position == instruments.size()) {
        return Status::invalid(
            fmt::format("{}: it is of {}, an instrument keel does not have", name, quote_value(assessment.instrument)));
      }
      used[position] = true;
      Prepared item{&assessment, &instruments[position], {}, {}};
      Result<Response> response = response_from_assessment(instruments[position], assessment);
      if (!response) return response.status().with_prefix(name + ": ");
      item.response = std::move(response).value();
      Result<Score> score = score_response(instruments[position], item.response);
      if (!score) return score.status().with_prefix(name + ": ");
      item.score = std::move(score).value();
      prepared.push_back(std::move(item));
    }

    // Two ids that differ only in the bits a UUID replaces would share a fullUrl: the second then
    // gets one hashed from its id (only a made-up id can do that; keel's ids are random).
    std::set<std::string> full_urls;
    auto claim = [&](std::string url, FhirEntryKind kind, std::string_view seed) {
      for (int attempt = 1; !full_urls.insert(url).second; ++attempt) {
        url = urn(uuid_text(fnv1a_128(fmt::format("{}|{}", seed, attempt)), kind));
      }
      return url;
    };

    json entries = json::array();
    const std::string patient_url =
        claim(urn(fhir_uuid_from_ulid(options.person_id, FhirEntryKind::patient)), FhirEntryKind::patient, "");
    entries.push_back(bundle_entry(
        patient_url, {{"resourceType", "Patient"},
                      {"id", options.person_id},
                      {"identifier", json::array({{{"system", kFhirPersonSystem}, {"value", options.person_id}}})}}));

    std::map<std::string, std::string> used_canonicals;  // canonical -> instrument id
    for (std::size_t index = 0; index < instruments.size(); ++index) {
      if (!used[index]) continue;
      const Instrument& instrument = instruments[index];
      const auto [other, inserted] = used_canonicals.emplace(questionnaire_canonical(instrument), instrument.id);
      if (!inserted) {
        return Status::invalid(
            fmt::format("{} and {} have the same canonical url {}, so a reader could not tell "
                        "their responses apart",
                        other->second, instrument.id, quote_value(other->first)));
      }
      Result<json> questionnaire = questionnaire_resource(instrument);
      if (!questionnaire) return questionnaire.status().with_prefix(instrument.id + ": ");
      const std::string seed = "Questionnaire|" + questionnaire_canonical(instrument);
      const std::string url =
          claim(urn(uuid_text(fnv1a_128(seed), FhirEntryKind::questionnaire)), FhirEntryKind::questionnaire, seed);
      entries.push_back(bundle_entry(url, std::move(questionnaire).value()));
    }

    for (const auto& item : prepared) {
      const domain::Assessment& assessment = *item.assessment;
      const Instrument& instrument = *item.instrument;
      const std::string name = fmt::format("the assessment {}", quote_value(assessment.key.id));
      const std::string authored = format_rfc3339(assessment.at, assessment.time_zone);
      const std::string response_url =
          claim(urn(fhir_uuid_from_ulid(assessment.key.id, FhirEntryKind::questionnaire_response)),
                FhirEntryKind::questionnaire_response, assessment.key.id);

      json response = {
          {"resourceType", "QuestionnaireResponse"},
          {"id", assessment.key.id},
          {"extension", json::array({{{"url", kFhirTimeZoneExtensionUrl}, {"valueString", assessment.time_zone}}})},
          {"questionnaire", questionnaire_canonical(instrument)},
          {"status", "completed"},
          {"subject", {{"reference", patient_url}}},
          {"authored", authored},
      };
      std::size_t written = 0;
      const json* questionnaire_items = member(instrument.questionnaire, "item");
      json items = questionnaire_items != nullptr
                       ? response_items(instrument, item.response, *questionnaire_items, 0, written)
                       : json::array();
      if (written != item.response.answers.size()) {
        return Status::internal(fmt::format("{}: {} of its {} answers have no place in the Questionnaire of {}", name,
                                            item.response.answers.size() - written, item.response.answers.size(),
                                            instrument.id));
      }
      if (!items.empty()) response["item"] = std::move(items);
      entries.push_back(bundle_entry(response_url, std::move(response)));

      if (item.score.total) {
        const std::string observation_url =
            claim(urn(fhir_uuid_from_ulid(assessment.key.id, FhirEntryKind::observation)), FhirEntryKind::observation,
                  assessment.key.id);
        entries.push_back(bundle_entry(observation_url, observation_resource(instrument, item.score, assessment,
                                                                             patient_url, response_url, authored)));
      }
    }

    return json{{"resourceType", "Bundle"},
                {"id", options.bundle_id},
                {"type", "collection"},
                {"timestamp", format_rfc3339(options.generated_at, "UTC")},
                {"entry", std::move(entries)}};
  } catch (const std::exception& error) {
    return Status::internal(fmt::format("writing the FHIR Bundle failed unexpectedly ({})", error.what()));
  }
}

Result<std::vector<domain::Assessment>> read_fhir_bundle(std::string_view json_text,
                                                         std::span<const Instrument> instruments) {
  if (json_text.size() > kLargestFhirBundle) {
    return Status::invalid(fmt::format("the Bundle is {} bytes; keel reads at most {} MiB", json_text.size(),
                                       kLargestFhirBundle / (1024 * 1024)));
  }
  KEEL_RETURN_IF_ERROR(check_depth(json_text));
  json bundle;
  try {
    bundle = json::parse(json_text);
  } catch (const json::parse_error& error) {
    return Status::invalid(fmt::format("the Bundle is not valid JSON (at byte {})", error.byte));
  } catch (const std::exception& error) {
    return Status::invalid(fmt::format("the Bundle could not be read ({})", error.what()));
  }
  try {
    return read_parsed(bundle, instruments);
  } catch (const std::exception& error) {
    // Every access is checked first; an exception here is a bug in keel, kept an error, not a crash.
    return Status::internal(fmt::format("reading the FHIR Bundle failed unexpectedly ({})", error.what()));
  }
}

}  // namespace keel::measures
