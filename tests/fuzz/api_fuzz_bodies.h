// The checks of the fuzz_api_bodies target on one input, shared by the libFuzzer driver
// (tests/fuzz/fuzz_api_bodies.cc) and the corpus replay test
// (tests/fuzz_replay/api_bodies_corpus_test.cc). As in fuzz_bodies.h, a body returns Status::ok()
// when every check held and an internal Status naming the broken check otherwise.
//
// Input: the first byte picks the decoder of src/api/bodies.h (taken modulo
// kApiBodySelectorCount, so every byte picks one), the rest is the HTTP body:
//
//   0..10   decode_record(kind, body, fuzz_owner()), kind = domain::kAllRecordKinds[selector]
//             (urge, lapse_review, checkin, pause, value, goal, activity, plan, journal,
//              assessment, safety_event)
//   11..21  decode_record_patch(stored, body), stored = the fixed record of
//             kAllRecordKinds[selector - 11] in fuzz_stored_record()
//   22      decode_object          23  decode_sign_in      24  decode_sign_up
//   25      decode_password_change 26  decode_password_confirmation
//   27      decode_assessment
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/bodies.h"
#include "core/id.h"
#include "core/status.h"
#include "domain/records.h"
#include "domain/rules.h"
#include "exchange/jsonl.h"
#include "fuzz_bodies.h"

namespace keel::fuzz {

enum class ApiDecoder {
  record,
  record_patch,
  object,
  sign_in,
  sign_up,
  password_change,
  password_confirmation,
  assessment
};

struct ApiBodySelector {
  ApiDecoder decoder = ApiDecoder::object;
  domain::RecordKind kind = domain::RecordKind::urge;  // for record and record_patch only
};

inline constexpr std::size_t kApiRecordKindCount = domain::kAllRecordKinds.size();
inline constexpr std::size_t kApiBodySelectorCount = 2 * kApiRecordKindCount + 6;

inline ApiBodySelector api_body_selector(std::uint8_t byte) {
  const std::size_t index = byte % kApiBodySelectorCount;
  if (index < kApiRecordKindCount) return {ApiDecoder::record, domain::kAllRecordKinds[index]};
  if (index < 2 * kApiRecordKindCount) {
    return {ApiDecoder::record_patch, domain::kAllRecordKinds[index - kApiRecordKindCount]};
  }
  constexpr std::array<ApiDecoder, 6> kOthers = {ApiDecoder::object,
                                                 ApiDecoder::sign_in,
                                                 ApiDecoder::sign_up,
                                                 ApiDecoder::password_change,
                                                 ApiDecoder::password_confirmation,
                                                 ApiDecoder::assessment};
  return {kOthers[index - 2 * kApiRecordKindCount], domain::RecordKind::urge};
}

inline std::string api_decoder_name(const ApiBodySelector& selector) {
  switch (selector.decoder) {
    case ApiDecoder::record: return fmt::format("decode_record({})", domain::kind_name(selector.kind));
    case ApiDecoder::record_patch: return fmt::format("decode_record_patch({})", domain::kind_name(selector.kind));
    case ApiDecoder::object: return "decode_object";
    case ApiDecoder::sign_in: return "decode_sign_in";
    case ApiDecoder::sign_up: return "decode_sign_up";
    case ApiDecoder::password_change: return "decode_password_change";
    case ApiDecoder::password_confirmation: return "decode_password_confirmation";
    case ApiDecoder::assessment: return "decode_assessment";
  }
  return "an unknown decoder";
}

// ---------------------------------------------------------------------------------------------
// The stored records that patches apply to: one of each kind, lines of a `keel synth --days 60
// --seed 1 --end 2026-06-01T00:00:00Z` export (a Pause's samples shortened), owned by fuzz_owner().

inline constexpr std::array<std::string_view, kApiRecordKindCount> kStoredRecordLines = {
    // urge
    R"({"type":"urge","id":"01KSDVMK3WX1G12GTZMVFJHGWV","at":"2026-05-24T22:43:16.476+02:00","time_zone":"Europe/Berlin","intensity":6,"duration_minutes":21,"contexts":["phone in bed","alone"],"emotions":["lonely"],"warning_signs":["impulsive scrolling","skipping sleep","rumination"],"outcome":"surfed","strategy":"urge surfing","note":"noticed it early"})",
    // lapse_review
    R"({"type":"lapse_review","id":"01KSE1S0VVTY06QVBD5P8F1MRV","urge_id":"01KSDVA3RVS72VYPAXB8GSSRKW","at":"2026-05-25T00:30:33.083+02:00","time_zone":"Europe/Berlin","vulnerability":"tired and still up late","trigger":"scrolling on my phone in bed","links":["could not sleep","started scrolling","one thing led to another"],"what_helped":"noticing it afterwards without judging","what_to_change":"plan something for empty evenings","self_compassion":"Many people struggle with this; I am not alone."})",
    // checkin
    R"({"type":"checkin","id":"01KP6T27T0J28H8HPA8ZQ807JK","date":"2026-04-14","at":"2026-04-14T22:14:00+02:00","time_zone":"Europe/Berlin","mood":6,"stress":4,"loneliness":4,"boredom":5,"tiredness":4,"hunger":2,"sleep_hours":6.25,"urges_today":3,"acted_today":false,"note":"felt calmer than last week"})",
    // pause
    R"({"type":"pause","id":"01KPXS804FTZ2XGE08YVPKCFMQ","at":"2026-04-23T20:22:12.111+02:00","time_zone":"Europe/Berlin","technique":"delay","planned_minutes":10,"elapsed_seconds":600,"start_intensity":6,"end_intensity":5,"samples":[{"offset_seconds":0,"intensity":6},{"offset_seconds":300,"intensity":6},{"offset_seconds":600,"intensity":5}],"urge_id":"01KPXS3HHZYS45J5E8PSPP066B"})",
    // value
    R"({"type":"value","id":"01KN92DZ50S1X1AZ7QTD8V9W6Y","created_at":"2026-04-03T07:03:00Z","name":"growth","description":"Learning and getting better at things","rank":3})",
    // goal
    R"({"type":"goal","id":"01KN92WKX0EVBD8C2T6QMC1D5Z","created_at":"2026-04-03T07:11:00Z","title":"Phone out of the bedroom","levels":["every night in bed","most nights","half the nights","most nights out","every night out"],"weight":1.0,"value_id":"01KN92A9Z0ZMTRQWQQD0C2ZQQB","archived":false})",
    // activity
    R"({"type":"activity","id":"01KPWRSDN0A8BH60QZJ6GVMZSM","created_at":"2026-04-23T10:55:00+02:00","time_zone":"Europe/Berlin","title":"listen to a record","category":"pleasant","value_ids":["01KN928FC0JY1PE6GKPF8Q55DG","01KN92A9Z0ZMTRQWQQD0C2ZQQB"],"scheduled_at":"2026-04-23T17:20:00+02:00","done":true,"done_at":"2026-04-23T17:59:00+02:00","mood_before":7,"mood_after":9,"note":"glad I did it"})",
    // plan
    R"({"type":"plan","id":"01KNA80Z80WC4FGJT1D3F6C8HJ","version":1,"created_at":"2026-04-03T20:00:00+02:00","time_zone":"Europe/Berlin","warning_signs":["impulsive scrolling","skipping sleep","secrecy"],"high_risk_situations":["alone at home in the evening","phone in bed after 22:00","after a stressful day"],"coping_steps":["use Pause and surf the urge","leave the room","call someone from the list"],"people":[{"name":"Sam","contact":"+49 30 1234567"},{"name":"my therapist","contact":"Tuesdays 18:00"}],"environment_changes":["phone charges in the kitchen"],"reasons":["to be honest with my partner","to sleep better"],"review_date":"2026-07-02","change_note":"first plan, made with my therapist"})",
    // journal
    R"({"type":"journal","id":"01KPPB2S4019DPHHK93DDCS7QG","at":"2026-04-20T23:00:00+02:00","time_zone":"Europe/Berlin","kind":"self_compassion","title":"self-compassion break","body":"","fields":[{"name":"mindfulness","value":"This is a moment of struggle"},{"name":"common_humanity","value":"Other people feel this too"},{"name":"kindness","value":"May I be patient with myself"}],"is_private":true})",
    // assessment
    R"({"type":"assessment","id":"01KN9A6ZX0K21TMBCBBTZFTGQN","at":"2026-04-03T11:19:00+02:00","time_zone":"Europe/Berlin","instrument":"phq-9","answers":[{"item":"1","score":1},{"item":"2","score":1},{"item":"3","score":2},{"item":"4","score":2},{"item":"5","score":1},{"item":"6","score":1},{"item":"7","score":1},{"item":"8","score":1},{"item":"9","score":1}]})",
    // safety_event
    R"({"type":"safety_event","id":"01KN9A6ZX0K2X9H1XA9D96GT8A","at":"2026-04-03T11:19:00+02:00","time_zone":"Europe/Berlin","source":"instrument_item","assessment_id":"01KN9A6ZX0K21TMBCBBTZFTGQN","item":"9","score":1})",
};

// The stored record of `kind`, read once per process; nullopt if its line no longer reads (the
// body then fails, so that the fixtures cannot rot unnoticed).
inline const std::optional<domain::Record>& fuzz_stored_record(domain::RecordKind kind) {
  static const std::array<std::optional<domain::Record>, kApiRecordKindCount> stored = [] {
    std::array<std::optional<domain::Record>, kApiRecordKindCount> read;
    for (std::size_t index = 0; index < kApiRecordKindCount; ++index) {
      try {
        auto record = exchange::record_from_json(nlohmann::json::parse(kStoredRecordLines[index]), fuzz_owner());
        if (record.is_ok() && domain::kind_of(*record) == domain::kAllRecordKinds[index]) read[index] = *record;
      } catch (const nlohmann::json::exception&) {
      }
    }
    return read;
  }();
  return stored[static_cast<std::size_t>(kind)];
}

// ---------------------------------------------------------------------------------------------
// The checks.

// Every refusal is invalid_argument with a sentence that is UTF-8 (it becomes the API's
// {"error":{"message":…}}).
inline Status check_refusal(std::string_view what, const Status& status) {
  if (status.code() != StatusCode::invalid_argument) {
    return Status::internal(
        fmt::format("{} refused with a status other than invalid_argument: {}", what, status.message()));
  }
  return check_message(what, status);
}

// `body` re-read with nlohmann. Only called on bodies a decoder accepted, which are therefore
// JSON objects of typed fields and nowhere deeply nested.
inline nlohmann::json reparse(std::string_view body) { return nlohmann::json::parse(body); }

// A record decode_record gave: of the kind asked for, given to the owner, with the id the body
// named (or none), passing domain::validate or refused by it with a sentence, and the same
// record again when record_to_json of it is sent as a new body.
inline Status check_new_record(domain::RecordKind kind, std::string_view body, const domain::Record& record) {
  const std::string what = fmt::format("decode_record({})", domain::kind_name(kind));
  if (domain::kind_of(record) != kind) {
    return Status::internal(
        fmt::format("{} gave a record of kind {}", what, domain::kind_name(domain::kind_of(record))));
  }
  const domain::RecordKey& key = domain::key_of(record);
  if (key.tenant_id != fuzz_owner().tenant_id || key.person_id != fuzz_owner().person_id) {
    return Status::internal(what + " gave a record that is not the given owner's");
  }
  const nlohmann::json sent = reparse(body);
  const auto sent_id = sent.find("id");
  if (sent_id == sent.end() || sent_id->is_null()) {
    if (!key.id.empty()) return Status::internal(fmt::format("{} made up the id \"{}\"", what, key.id));
  } else if (!sent_id->is_string() || sent_id->get<std::string>() != key.id || !is_valid_id(key.id)) {
    return Status::internal(fmt::format("{} gave the id \"{}\" for the id {}", what, key.id, sent_id->dump()));
  }
  if (kind == domain::RecordKind::plan && !sent.contains("version") &&
      std::get<domain::PlanVersion>(record).version != 1) {
    return Status::internal(what + " gave a plan without a version a number other than 1");
  }

  // The app gives an id to a record sent without one before it validates it.
  domain::Record with_id = record;
  if (key.id.empty()) domain::key_of(with_id).id = "01KSVTXEC0JY1PE6GKPF8Q55R0";
  const Status valid = domain::validate(with_id, domain::ValidationContext{fuzz_now()});
  if (!valid.is_ok()) KEEL_RETURN_IF_ERROR(check_message("validate", valid));

  nlohmann::json written = exchange::record_to_json(record);
  if (key.id.empty()) written.erase("id");
  const std::string again_body = written.dump();
  const Result<domain::Record> again = api::decode_record(kind, again_body, fuzz_owner());
  if (!again.is_ok()) {
    return Status::internal(fmt::format("{} read a record, but not record_to_json of it: {}\n  {}", what,
                                        again.status().message(), again_body));
  }
  if (!(*again == record)) {
    return Status::internal(
        fmt::format("{} changed a record on the way through record_to_json:\n  before {}\n  after  {}", what,
                    exchange::record_to_line(record), exchange::record_to_line(*again)));
  }
  return Status::ok();
}

// A record decode_record_patch gave: the stored record's kind, owner and id, the same record when
// the same patch is applied again (a merge patch is idempotent), and unchanged by an empty patch
// (record_to_json and back).
inline Status check_patched_record(const domain::Record& stored, std::string_view body, const domain::Record& patched) {
  const std::string what = fmt::format("decode_record_patch({})", domain::kind_name(domain::kind_of(stored)));
  if (domain::kind_of(patched) != domain::kind_of(stored)) {
    return Status::internal(
        fmt::format("{} changed the record's kind to {}", what, domain::kind_name(domain::kind_of(patched))));
  }
  if (!(domain::key_of(patched) == domain::key_of(stored))) {
    return Status::internal(fmt::format("{} changed the record's key (id \"{}\")", what, domain::key_of(patched).id));
  }
  const Result<domain::Record> twice = api::decode_record_patch(patched, body);
  if (!twice.is_ok()) {
    return Status::internal(
        fmt::format("{} applied a patch once, but not a second time: {}", what, twice.status().message()));
  }
  if (!(*twice == patched)) {
    return Status::internal(
        fmt::format("{} gave another record when the patch was applied again:\n  once  {}\n  twice {}", what,
                    exchange::record_to_line(patched), exchange::record_to_line(*twice)));
  }
  const Result<domain::Record> unchanged = api::decode_record_patch(patched, "{}");
  if (!unchanged.is_ok() || !(*unchanged == patched)) {
    return Status::internal(fmt::format("{} gave a record that an empty patch changes or refuses:\n  {}", what,
                                        exchange::record_to_line(patched)));
  }
  const Status valid = domain::validate(patched, domain::ValidationContext{fuzz_now()});
  if (!valid.is_ok()) KEEL_RETURN_IF_ERROR(check_message("validate", valid));
  return Status::ok();
}

// For the small decoders: what was decoded, written back as JSON by the test (`rewritten`), must
// be the body's own members as nlohmann reads them (less those that are null, which count as
// absent), and must decode to the same values again (`same_again`, worked out by the caller).
inline Status check_rewritten(std::string_view what, const nlohmann::json& sent, const nlohmann::json& rewritten,
                              bool same_again) {
  if (!same_again) {
    return Status::internal(fmt::format("{} does not read its own values written again: {}", what, rewritten.dump()));
  }
  nlohmann::json members = sent;
  for (auto member = members.begin(); member != members.end();) {
    member = member->is_null() ? members.erase(member) : std::next(member);
  }
  if (members != rewritten) {
    return Status::internal(fmt::format("{} read {} from the body {}", what, rewritten.dump(), members.dump()));
  }
  return Status::ok();
}

// Runs the selected decoder on `body` and checks what it gave; `refusal` receives its status
// (ok when it accepted the body).
inline Status fuzz_api_bodies_decode(const ApiBodySelector& selector, std::string_view body, Status& refusal) {
  using nlohmann::json;
  const std::string what = api_decoder_name(selector);
  switch (selector.decoder) {
    case ApiDecoder::record: {
      const Result<domain::Record> record = api::decode_record(selector.kind, body, fuzz_owner());
      if (!record.is_ok()) return check_refusal(what, refusal = record.status());
      return check_new_record(selector.kind, body, *record);
    }
    case ApiDecoder::record_patch: {
      const std::optional<domain::Record>& stored = fuzz_stored_record(selector.kind);
      if (!stored) return Status::internal(fmt::format("the stored {} of the fuzz target does not read", what));
      const Result<domain::Record> patched = api::decode_record_patch(*stored, body);
      if (!patched.is_ok()) return check_refusal(what, refusal = patched.status());
      return check_patched_record(*stored, body, *patched);
    }
    case ApiDecoder::object: {
      const Result<json> object = api::decode_object(body);
      if (!object.is_ok()) return check_refusal(what, refusal = object.status());
      if (!object->is_object()) return Status::internal("decode_object gave something other than an object");
      return Status::ok();
    }
    case ApiDecoder::sign_in: {
      const Result<api::Credentials> credentials = api::decode_sign_in(body);
      if (!credentials.is_ok()) return check_refusal(what, refusal = credentials.status());
      const json rewritten = {{"username", credentials->username}, {"password", credentials->password}};
      const Result<api::Credentials> again = api::decode_sign_in(rewritten.dump());
      const bool same =
          again.is_ok() && again->username == credentials->username && again->password == credentials->password;
      return check_rewritten(what, reparse(body), rewritten, same);
    }
    case ApiDecoder::sign_up: {
      const Result<api::SignUp> sign_up = api::decode_sign_up(body);
      if (!sign_up.is_ok()) return check_refusal(what, refusal = sign_up.status());
      const json rewritten = {
          {"username", sign_up->username}, {"password", sign_up->password}, {"time_zone", sign_up->time_zone}};
      const Result<api::SignUp> again = api::decode_sign_up(rewritten.dump());
      const bool same = again.is_ok() && again->username == sign_up->username && again->password == sign_up->password &&
                        again->time_zone == sign_up->time_zone;
      return check_rewritten(what, reparse(body), rewritten, same);
    }
    case ApiDecoder::password_change: {
      const Result<api::PasswordChange> change = api::decode_password_change(body);
      if (!change.is_ok()) return check_refusal(what, refusal = change.status());
      const json rewritten = {{"current_password", change->current_password}, {"new_password", change->new_password}};
      const Result<api::PasswordChange> again = api::decode_password_change(rewritten.dump());
      const bool same = again.is_ok() && again->current_password == change->current_password &&
                        again->new_password == change->new_password;
      return check_rewritten(what, reparse(body), rewritten, same);
    }
    case ApiDecoder::password_confirmation: {
      const Result<std::string> password = api::decode_password_confirmation(body);
      if (!password.is_ok()) return check_refusal(what, refusal = password.status());
      const json rewritten = {{"password", *password}};
      const Result<std::string> again = api::decode_password_confirmation(rewritten.dump());
      return check_rewritten(what, reparse(body), rewritten, again.is_ok() && *again == *password);
    }
    case ApiDecoder::assessment: {
      const Result<api::AssessmentAnswers> answers = api::decode_assessment(body);
      if (!answers.is_ok()) return check_refusal(what, refusal = answers.status());
      json rewritten = {{"instrument", answers->instrument}, {"answers", answers->answers}};
      if (answers->at) rewritten["at"] = *answers->at;
      const Result<api::AssessmentAnswers> again = api::decode_assessment(rewritten.dump());
      const bool same = again.is_ok() && again->instrument == answers->instrument &&
                        again->answers == answers->answers && again->at == answers->at;
      // Unanswered items (null) are left out of the answers.
      json sent = reparse(body);
      json& sent_answers = sent["answers"];
      for (auto answer = sent_answers.begin(); answer != sent_answers.end();) {
        answer = answer->is_null() ? sent_answers.erase(answer) : std::next(answer);
      }
      return check_rewritten(what, sent, rewritten, same);
    }
  }
  return Status::internal("an unknown decoder");
}

inline Status fuzz_api_bodies_one(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return Status::ok();
  const ApiBodySelector selector = api_body_selector(data[0]);
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string what = api_decoder_name(selector);
  try {
    const Result<nlohmann::json> object = api::decode_object(body);
    if (!object.is_ok()) KEEL_RETURN_IF_ERROR(check_refusal("decode_object", object.status()));
    Status refusal = Status::ok();
    KEEL_RETURN_IF_ERROR(fuzz_api_bodies_decode(selector, body, refusal));
    // What decode_object refuses (not UTF-8, not JSON, not an object), every decoder refuses with
    // the same sentence.
    if (!object.is_ok() && (refusal.is_ok() || refusal.message() != object.status().message())) {
      return Status::internal(fmt::format("decode_object refused the body ({}), but {} {}", object.status().message(),
                                          what, refusal.is_ok() ? "accepted it" : "said: " + refusal.message()));
    }
    return Status::ok();
  } catch (const std::exception& error) {
    // The decoders catch what the libraries throw; the checks only re-read bodies a decoder accepted.
    return Status::internal(fmt::format("{} let an exception through: {}", what, error.what()));
  }
}

}  // namespace keel::fuzz
