// The measures and analytics a client sees: the instruments the home offers (with their questions),
// their own assessments with the change since the previous and the first, saving a completed one
// (with the crisis text at once when a safety item is answered), and the stats of docs/analytics.md.
#include <fmt/format.h>

#include "analytics/stats.h"
#include "analytics/stats_json.h"
#include "api/bodies.h"
#include "api/routes.h"
#include "app/assessments.h"
#include "app/instrument_catalog.h"
#include "core/time.h"
#include "http/compression.h"
#include "measures/measures_json.h"

namespace keel::api {

namespace {

using nlohmann::json;

Result<app::InstrumentCatalog> catalog_of(Services& services) {
  return app::InstrumentCatalog::of_home(services.home.store(), services.home.store().default_tenant_id());
}

// Only the named query parameters; anything else is a mistake worth saying.
Status only_parameters(const http::Request& request, std::initializer_list<std::string_view> allowed) {
  for (const auto& [name, value] : request.query) {
    bool known = false;
    for (const auto allowed_name : allowed) known = known || name == allowed_name;
    if (!known) return Status::invalid(fmt::format("\"{}\" is not a query parameter here", name));
  }
  return Status::ok();
}

http::Response list_instruments(Services& services) {
  auto catalog = catalog_of(services);
  if (!catalog) return error_for(catalog.status());
  json items = json::array();
  for (const auto& instrument : catalog->instruments()) {
    json object = measures::instrument_json(instrument);
    object["from"] = app::instrument_origin_name(catalog->origin(instrument.id));
    items.push_back(std::move(object));
  }
  return json_response(200, {{"items", std::move(items)}});
}

http::Response show_instrument(Services& services, const Call& call) {
  auto catalog = catalog_of(services);
  if (!catalog) return error_for(catalog.status());
  const std::string* id = call.request.path_parameter("id");
  auto instrument = catalog->find(id == nullptr ? "" : *id);
  if (!instrument) return http::Response::error(404, "not_found", "there is no instrument with that id");
  json object = measures::instrument_json(**instrument);
  object["from"] = app::instrument_origin_name(catalog->origin((*instrument)->id));
  object["instructions"] = (*instrument)->instructions;
  object["questions"] = measures::instrument_items_json(**instrument);
  return json_response(200, object);
}

http::Response list_assessments(Services& services, const Call& call) {
  if (Status checked = only_parameters(call.request, {"instrument"}); !checked.is_ok()) return error_for(checked);
  auto catalog = catalog_of(services);
  if (!catalog) return error_for(catalog.status());
  const std::string* instrument = call.request.query_value("instrument");
  if (instrument != nullptr && !catalog->find(*instrument).is_ok()) {
    return http::Response::error(400, "invalid_argument", "there is no instrument with that id");
  }
  app::ClientSession session = client_session(services, call);
  auto history = app::assessment_history(session, *catalog, instrument == nullptr ? "" : *instrument);
  if (!history) return error_for(history.status());
  json items = json::array();
  for (const auto& entry : *history) items.push_back(app::history_entry_json(entry));
  return json_response(200, {{"items", std::move(items)}});
}

http::Response add_assessment(Services& services, const Call& call) {
  auto body = decode_assessment(call.request.body);
  if (!body) return error_for(body.status());
  auto catalog = catalog_of(services);
  if (!catalog) return error_for(catalog.status());
  auto instrument = catalog->find(body->instrument);
  if (!instrument) {
    return http::Response::error(
        400, "invalid_argument",
        fmt::format("there is no instrument \"{}\"; GET /api/v1/instruments lists them", body->instrument));
  }
  Instant at = services.clock.now();
  if (body->at) {
    auto parsed = parse_rfc3339(*body->at);
    if (!parsed) return http::Response::error(400, "invalid_argument", "field \"at\" must be an RFC 3339 time");
    at = *parsed;
  }
  const measures::Response response{(*instrument)->id, body->answers};
  app::ClientSession session = client_session(services, call);
  auto recorded = app::record_assessment(session, **instrument, response, at, body->id);
  if (!recorded) return error_for(recorded.status());
  const bool flagged = recorded->score.safety_flag();
  json answer = {{"id", recorded->assessment.key.id},
                 {"at", format_rfc3339(recorded->assessment.at, recorded->assessment.time_zone)},
                 {"score", measures::score_json(**instrument, recorded->score, response,
                                                flagged ? &services.options.crisis : nullptr, "")}};
  return json_response(recorded->added ? 201 : 200, answer);
}

http::Response show_stats(Services& services, const Call& call) {
  if (Status checked = only_parameters(call.request, {"as_of", "since", "detail"}); !checked.is_ok())
    return error_for(checked);
  const store::Person& person = call.session->person;
  analytics::StatsOptions options;
  options.time_zone = person.time_zone;
  // "Now" to the end of this minute (so that what was just recorded counts), so that the stats of
  // this minute can be answered again from the cache.
  options.as_of = std::chrono::ceil<std::chrono::minutes>(services.clock.now());
  if (const std::string* as_of = call.request.query_value("as_of")) {
    auto parsed = parse_rfc3339(*as_of);
    if (!parsed) return http::Response::error(400, "invalid_argument", "\"as_of\" must be an RFC 3339 time");
    options.as_of = *parsed;
  }
  if (const std::string* since = call.request.query_value("since")) {
    auto parsed = parse_date(*since);
    if (!parsed)
      return http::Response::error(400, "invalid_argument", "\"since\" must be a local date like 2026-01-31");
    options.since = *parsed;
  }
  // What a phone draws by default: the interval curves (a point per distinct gap: two years of
  // urges make ~1,500 points and most of the answer) to one percentage point, numbers to six
  // significant digits. `detail=full` is what `keel stats --json` prints.
  analytics::StatsJsonOptions json_options{.curve_step = 0.01, .significant_digits = 6};
  if (const std::string* detail = call.request.query_value("detail")) {
    if (*detail != "full" && *detail != "display")
      return http::Response::error(400, "invalid_argument", "\"detail\" must be \"display\" or \"full\"");
    if (*detail == "full") json_options = {};
  }
  auto change_count = services.home.store().change_count();
  if (!change_count) return error_for(change_count.status());
  const std::string key = fmt::format("{}|{}|{}|{}|{}", to_unix_milliseconds(options.as_of),
                                      options.since ? format_date(*options.since) : "", person.time_zone,
                                      json_options.curve_step, json_options.significant_digits);
  auto body = services.stats_cache->get(
      person.person_id, key, *change_count, services.clock.now(), [&]() -> Result<std::string> {
        app::ClientSession session = client_session(services, call);
        KEEL_ASSIGN_OR_RETURN(auto records, session.list_all());
        return analytics::stats_to_json(analytics::compute_stats(records, options), json_options)
            .dump(-1, ' ', false, json::error_handler_t::replace);
      });
  if (!body) return error_for(body.status());
  http::Response response;
  response.set_header("Content-Type", "application/json");
  response.set_header("Vary", "Accept-Encoding");
  if (http::accepts_gzip(call.request)) {
    response.set_header("Content-Encoding", "gzip");
    response.body = (*body)->gzip;
  } else {
    response.body = (*body)->json;
  }
  return response;
}

}  // namespace

void add_measures_routes(RouteList& routes, Services* services) {
  Services* s = services;
  routes.push_back(
      {{.method = "GET",
        .pattern = "/api/v1/crisis-resources",
        .access = Access::anyone,
        .tag = "measures",
        .summary = "The crisis text this server shows (the clinic's, else keel's): who to call now",
        .response_schema = "CrisisResources"},
       [s](const Call&) {
         return json_response(200, {{"text", s->options.crisis.text}, {"source", s->options.crisis.source}});
       }});
  routes.push_back({{.method = "GET",
                     .pattern = "/api/v1/instruments",
                     .access = Access::client,
                     .tag = "measures",
                     .summary = "The instruments this server offers (keel's and the clinic's)",
                     .response_schema = "InstrumentList"},
                    [s](const Call&) { return list_instruments(*s); }});
  routes.push_back({{.method = "GET",
                     .pattern = "/api/v1/instruments/{id}",
                     .access = Access::client,
                     .tag = "measures",
                     .summary = "One instrument with its questions and answer options",
                     .response_schema = "InstrumentForm",
                     .error_statuses = {404}},
                    [s](const Call& call) { return show_instrument(*s, call); }});
  routes.push_back(
      {{.method = "GET",
        .pattern = "/api/v1/assessments",
        .access = Access::client,
        .tag = "measures",
        .summary = "The client's assessments, oldest first, scored again from the answers, with the change since "
                   "the previous and the first (Reliable Change Index)",
        .response_schema = "AssessmentList",
        .query = {{"instrument", {{"type", "string"}}, "only this instrument's"}}},
       [s](const Call& call) { return list_assessments(*s, call); }});
  routes.push_back(
      {{.method = "POST",
        .pattern = "/api/v1/assessments",
        .access = Access::client,
        .tag = "measures",
        .summary = "Saves a completed instrument and answers its score; a safety item answered above zero saves a "
                   "safety event with it and the answer carries the crisis text. With the client's own id, the same "
                   "answers sent again save nothing new (200)",
        .request_schema = "AssessmentAnswers",
        .success_status = 201,
        .response_schema = "RecordedAssessment",
        .error_statuses = {409},
        .retry_status = 200},
       [s](const Call& call) { return add_assessment(*s, call); }});
  routes.push_back(
      {{.method = "GET",
        .pattern = "/api/v1/stats",
        .access = Access::client,
        .tag = "measures",
        .summary = "The client's patterns: trigger map, intervals, trends, what helps, small wins, risk forecast "
                   "(docs/analytics.md), each with a sentence",
        .response_schema = "Stats",
        .query =
            {{"as_of", {{"type", "string"}, {"format", "date-time"}}, "compute as at this RFC 3339 time (default now)"},
             {"since", {{"type", "string"}, {"format", "date"}}, "count from this local date"},
             {"detail",
              {{"type", "string"}, {"enum", {"display", "full"}}, {"default", "display"}},
              "display: the interval curves only where they fell by a percentage point and numbers to six "
              "significant digits, enough to draw; full: every curve point and every digit"}}},
       [s](const Call& call) { return show_stats(*s, call); }});
}

}  // namespace keel::api
