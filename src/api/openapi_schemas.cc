// The components/schemas of the OpenAPI document: every body the API reads or writes.
#include "api/routes.h"

namespace keel::api {

nlohmann::json component_schemas() {
  using nlohmann::json;
  json schemas = json::object();
  for (const char* name : {"Health", "Credentials", "SignedIn", "Me", "PasswordChange", "PasswordConfirmation",
                           "ExportLines", "SignUp", "RecordPatch", "InstrumentList", "InstrumentForm", "AssessmentList",
                           "AssessmentAnswers", "RecordedAssessment", "Stats", "OpenApiDocument"}) {
    schemas[name] = {{"type", "object"}};
  }
  for (const char* name :
       {"Urge", "LapseReview", "CheckIn", "Pause", "Activity", "Value", "Goal", "PlanVersion", "JournalEntry"}) {
    schemas[name] = {{"type", "object"}};
    schemas[std::string(name) + "Page"] = {
        {"type", "object"},
        {"required", {"items", "next_after"}},
        {"properties",
         {{"items", {{"type", "array"}, {"items", {{"$ref", std::string("#/components/schemas/") + name}}}}},
          {"next_after", {{"type", "string"}, {"nullable", true}}}}}};
  }
  schemas["Error"] = {{"type", "object"},
                      {"required", {"error"}},
                      {"properties",
                       {{"error",
                         {{"type", "object"},
                          {"required", {"code", "message"}},
                          {"properties", {{"code", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}};
  return schemas;
}

}  // namespace keel::api
