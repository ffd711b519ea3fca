// Inside the API: the groups of routes (each file adds its own to the list) and the answers they
// share. Not for use outside src/api.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "app/client_session.h"
#include "core/status.h"
#include "http/message.h"

namespace keel::api {

using RouteList = std::vector<ApiRoute>;

// Each adds its routes; the handlers keep `services`, which is null when the routes are only
// described (Api::openapi_document) and never called.
void add_health_routes(RouteList& routes, Services* services);
void add_account_routes(RouteList& routes, Services* services);
void add_record_routes(RouteList& routes, Services* services);
void add_measures_routes(RouteList& routes, Services* services);

// The components/schemas of the OpenAPI document (openapi_schemas.cc).
nlohmann::json component_schemas();

// The answer for a failed Status: 400, 401, 403, 404, 409, 429 or 503 with its code and
// message; anything else is a 500 whose message says nothing about the inside.
http::Response error_for(const Status& status);

// A JSON body with that status.
http::Response json_response(int status, const nlohmann::json& body);

// The signed-in person's ClientSession for this call.
app::ClientSession client_session(Services& services, const Call& call);

}  // namespace keel::api
