// A client's own records: for each kind a collection (GET with since/until and paging, POST with
// an optional client-made id) and an item (GET, PATCH as a JSON Merge Patch, DELETE). Another
// person's record, or an id that is no record at all, answers 404 alike.
#include <fmt/format.h>

#include "api/bodies.h"
#include "api/routes.h"
#include "core/id.h"
#include "core/time.h"

namespace keel::api {

namespace {

using domain::RecordKind;
using nlohmann::json;

constexpr std::size_t kDefaultPage = 100;
constexpr std::size_t kLargestPage = 1000;
constexpr const char* kIdPattern = "^[0-7][0-9A-HJKMNP-TV-Z]{25}$";  // a ULID (core/id.h is_valid_id)
const nlohmann::json kTimeParameter = {{"type", "string"}, {"format", "date-time"}};

struct Collection {
  RecordKind kind;
  const char* path;    // "urges"
  const char* schema;  // the OpenAPI schema name: "Urge"
  const char* plural;  // for summaries: "urges"
};

constexpr Collection kCollections[] = {
    {RecordKind::urge, "urges", "Urge", "urges"},
    {RecordKind::lapse_review, "lapse-reviews", "LapseReview", "lapse reviews"},
    {RecordKind::checkin, "checkins", "CheckIn", "daily check-ins (one per local date)"},
    {RecordKind::pause, "pauses", "Pause", "Pauses"},
    {RecordKind::activity, "activities", "Activity", "activities"},
    {RecordKind::value, "values", "Value", "values"},
    {RecordKind::goal, "goals", "Goal", "goals"},
    {RecordKind::plan, "plan", "PlanVersion", "relapse-prevention plan versions"},
    {RecordKind::journal, "journal", "JournalEntry", "journal entries"},
};

// The id from the path, or the 404 every unknown record gets.
Result<std::string> path_id(const Call& call, RecordKind kind) {
  const std::string* id = call.request.path_parameter("id");
  if (id == nullptr || !is_valid_id(*id)) {
    return Status::not_found(fmt::format("there is no {} with that id", domain::kind_name(kind)));
  }
  return *id;
}

Result<store::ListQuery> list_query(const http::Request& request) {
  store::ListQuery query;
  query.limit = kDefaultPage;
  for (const auto& [name, value] : request.query) {
    if (name == "since" || name == "until") {
      auto at = parse_rfc3339(value);
      if (!at) return Status::invalid(fmt::format("\"{}\" must be an RFC 3339 time like 2026-11-24T08:00:00Z", name));
      (name == "since" ? query.since : query.until) = *at;
    } else if (name == "limit") {
      std::size_t limit = 0;
      const bool digits =
          !value.empty() && value.size() <= 4 && value.find_first_not_of("0123456789") == std::string::npos;
      if (digits) limit = std::stoul(value);
      if (!digits || limit < 1 || limit > kLargestPage) {
        return Status::invalid(fmt::format("\"limit\" must be a whole number from 1 to {}", kLargestPage));
      }
      query.limit = limit;
    } else if (name == "after") {
      if (!is_valid_id(value))
        return Status::invalid("\"after\" must be the id of the last record of the previous page");
      query.after_id = value;
    } else {
      return Status::invalid(
          fmt::format("\"{}\" is not a query parameter here; use since, until, limit or after", name));
    }
  }
  return query;
}

void add_collection(RouteList& routes, Services* s, const Collection& collection) {
  const RecordKind kind = collection.kind;
  const std::string base = std::string("/api/v1/") + collection.path;
  const std::string page_schema = std::string(collection.schema) + "Page";

  routes.push_back(
      {{.method = "GET",
        .pattern = base,
        .access = Access::client,
        .tag = "records",
        .summary = fmt::format("The client's {}, oldest first, a page at a time", collection.plural),
        .response_schema = page_schema,
        .query = {{"since", kTimeParameter, "only records at or after this RFC 3339 time"},
                  {"until", kTimeParameter, "only records before this RFC 3339 time"},
                  {"limit",
                   {{"type", "integer"}, {"minimum", 1}, {"maximum", kLargestPage}, {"default", kDefaultPage}},
                   "records per page"},
                  {"after", {{"type", "string"}, {"pattern", kIdPattern}}, "the next_after of the previous page"}}},
       [s, kind](const Call& call) {
         auto query = list_query(call.request);
         if (!query) return error_for(query.status());
         const std::size_t limit = query->limit;
         ++query->limit;  // one more tells whether another page follows
         app::ClientSession session = client_session(*s, call);
         auto records = session.list(kind, *query);
         if (!records) return error_for(records.status());
         json items = json::array();
         json next_after = nullptr;
         for (std::size_t index = 0; index < records->size() && index < limit; ++index) {
           items.push_back(exchange::record_to_json((*records)[index]));
         }
         if (records->size() > limit) next_after = domain::key_of((*records)[limit - 1]).id;
         return json_response(200, {{"items", std::move(items)}, {"next_after", std::move(next_after)}});
       }});

  routes.push_back(
      {{.method = "POST",
        .pattern = base,
        .access = Access::client,
        .tag = "records",
        .summary = fmt::format("Adds one of the client's {}. An \"id\" of the client's own (a ULID) makes a retry "
                               "safe: the same content again answers 200 with the stored record, other content 409",
                               collection.plural),
        .request_schema = std::string(collection.schema) + "Input",
        .success_status = 201,
        .response_schema = collection.schema,
        .error_statuses = {404, 409},
        .retry_status = 200},
       [s, kind](const Call& call) {
         app::ClientSession session = client_session(*s, call);
         auto record = decode_record(kind, call.request.body,
                                     exchange::Owner{session.owner().tenant_id, session.owner().person_id});
         if (!record) return error_for(record.status());
         auto added = session.add_once(std::move(record).value());
         if (!added) return error_for(added.status());
         http::Response response = json_response(added->created ? 201 : 200, exchange::record_to_json(added->record));
         response.set_header("Location", call.request.path + "/" + domain::key_of(added->record).id);
         return response;
       }});

  routes.push_back({{.method = "GET",
                     .pattern = base + "/{id}",
                     .access = Access::client,
                     .tag = "records",
                     .summary = "One record",
                     .response_schema = collection.schema,
                     .error_statuses = {404}},
                    [s, kind](const Call& call) {
                      auto id = path_id(call, kind);
                      if (!id) return error_for(id.status());
                      app::ClientSession session = client_session(*s, call);
                      auto record = session.get(kind, *id);
                      if (!record) return error_for(record.status());
                      return json_response(200, exchange::record_to_json(*record));
                    }});

  routes.push_back(
      {{.method = "PATCH",
        .pattern = base + "/{id}",
        .access = Access::client,
        .tag = "records",
        .summary = kind == RecordKind::plan
                       ? "Plan versions are kept as written: this answers 409; POST a new version instead"
                       : "Changes a record: a JSON Merge Patch of its fields (null removes an optional one)",
        .request_schema = "RecordPatch",
        .response_schema = collection.schema,
        .error_statuses = {404, 409}},
       [s, kind](const Call& call) {
         auto id = path_id(call, kind);
         if (!id) return error_for(id.status());
         app::ClientSession session = client_session(*s, call);
         auto stored = session.get(kind, *id);
         if (!stored) return error_for(stored.status());
         if (kind == RecordKind::plan) {
           return http::Response::error(
               409, "conflict", "a plan version is kept as it was written; POST /api/v1/plan adds a new version");
         }
         auto patched = decode_record_patch(*stored, call.request.body);
         if (!patched) return error_for(patched.status());
         auto updated = session.update(std::move(patched).value());
         if (!updated) return error_for(updated.status());
         return json_response(200, exchange::record_to_json(*updated));
       }});

  routes.push_back({{.method = "DELETE",
                     .pattern = base + "/{id}",
                     .access = Access::client,
                     .tag = "records",
                     .summary = kind == RecordKind::urge ? "Deletes an urge (and its lapse review, if it has one)"
                                                         : "Deletes a record for good",
                     .success_status = 204,
                     .error_statuses = {404}},
                    [s, kind](const Call& call) {
                      auto id = path_id(call, kind);
                      if (!id) return error_for(id.status());
                      app::ClientSession session = client_session(*s, call);
                      const Status removed = session.remove(kind, *id);
                      if (!removed.is_ok()) return error_for(removed);
                      http::Response response;
                      response.status = 204;
                      return response;
                    }});
}

}  // namespace

void add_record_routes(RouteList& routes, Services* services) {
  for (const auto& collection : kCollections) add_collection(routes, services, collection);
}

}  // namespace keel::api
