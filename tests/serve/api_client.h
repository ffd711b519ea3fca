// A browser's view of keel's API for the end-to-end tests: a session cookie and a CSRF token kept
// from sign-in and sent back, JSON bodies, and answers read whole. Each call opens a connection of
// its own (keep-alive is exercised where it matters, by the shutdown test), so that a refusal that
// closes the connection (413) never spoils the next call.
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/http_client.h"

namespace keel::serve_testing {

using nlohmann::json;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// One answer as it arrived; status 0 when none did.
struct Answer {
  int status = 0;
  boost::beast::http::fields headers;
  std::string body;
  bool keep_alive = false;

  std::string header(const std::string& name) const { return std::string(headers[name]); }
  bool has_header(const std::string& name) const { return headers.find(name) != headers.end(); }
  // The body as JSON (a discarded value when it is not JSON).
  json as_json() const { return json::parse(body, nullptr, false); }
  // True when the body is {"error":{"code":"…","message":"…"}} with two non-empty strings.
  bool is_error() const {
    const json parsed = as_json();
    if (!parsed.is_object() || parsed.size() != 1 || !parsed.contains("error")) return false;
    const json& error = parsed["error"];
    return error.is_object() && error.contains("code") && error["code"].is_string() &&
           !error["code"].get<std::string>().empty() && error.contains("message") && error["message"].is_string() &&
           !error["message"].get<std::string>().empty();
  }
  std::string error_code() const { return is_error() ? as_json()["error"]["code"].get<std::string>() : ""; }
  std::string error_message() const { return is_error() ? as_json()["error"]["message"].get<std::string>() : ""; }
};

// For the failure messages of the tests: the status and the body.
inline std::string describe(const Answer& answer) {
  return "status " + std::to_string(answer.status) + ": " + answer.body.substr(0, 2000);
}

// What a call sends as X-CSRF-Token.
enum class Csrf { session, none, wrong };

class ApiClient {
 public:
  explicit ApiClient(std::uint16_t port) : port_(port) {}

  // POST /api/v1/session; on 200 the client keeps the cookie and the CSRF token.
  Answer sign_in(const std::string& name, const std::string& password) {
    Answer answer = call("POST", "/api/v1/session", json{{"username", name}, {"password", password}}.dump());
    if (answer.status == 200) {
      const std::string set_cookie = answer.header("Set-Cookie");
      cookie_ = set_cookie.substr(0, set_cookie.find(';'));
      const json body = answer.as_json();
      csrf_ = body.is_object() && body.contains("csrf_token") && body["csrf_token"].is_string()
                  ? body["csrf_token"].get<std::string>()
                  : "";
      person_id_ = body.is_object() && body.contains("user") ? body["user"].value("person_id", "") : "";
    }
    return answer;
  }

  // A request as a browser of this client would send it: the session cookie, the CSRF token on
  // every method but GET and HEAD (as `csrf` says), and Content-Type: application/json with a
  // body unless `headers` name a Content-Type.
  Answer call(const std::string& method, const std::string& target, const std::string& body = "",
              HeaderList headers = {}, Csrf csrf = Csrf::session) const {
    namespace wire = boost::beast::http;
    const wire::verb verb = wire::string_to_verb(method);
    if (!cookie_.empty()) headers.emplace_back("Cookie", cookie_);
    const bool safe = method == "GET" || method == "HEAD";
    if (!safe && csrf == Csrf::session && !csrf_.empty()) headers.emplace_back("X-CSRF-Token", csrf_);
    if (!safe && csrf == Csrf::wrong) headers.emplace_back("X-CSRF-Token", std::string(43, 'A'));
    bool has_type = false;
    for (const auto& [name, value] : headers) has_type = has_type || boost::beast::iequals(name, "Content-Type");
    if (!body.empty() && !has_type) headers.emplace_back("Content-Type", "application/json");
    http::testing::Client connection(port_);
    Answer answer;
    if (!connection.connected()) return answer;
    std::optional<http::testing::Reply> reply;
    if (verb == wire::verb::unknown) {
      // A method Beast has no name for: write the request by hand.
      std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
      for (const auto& [name, value] : headers) raw += name + ": " + value + "\r\n";
      raw += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
      connection.send(raw);
      reply = connection.read_reply();
    } else {
      reply = connection.request(verb, target, body, headers, /*keep_alive=*/false);
    }
    if (!reply) return answer;
    answer.status = reply->status;
    answer.headers = std::move(reply->headers);
    answer.body = std::move(reply->body);
    answer.keep_alive = reply->keep_alive;
    return answer;
  }

  Answer get(const std::string& target) const { return call("GET", target); }
  Answer post(const std::string& target, const json& body) const { return call("POST", target, body.dump()); }
  Answer patch(const std::string& target, const json& body) const { return call("PATCH", target, body.dump()); }
  Answer put(const std::string& target, const json& body) const { return call("PUT", target, body.dump()); }
  Answer del(const std::string& target, const std::optional<json>& body = std::nullopt) const {
    return call("DELETE", target, body ? body->dump() : "");
  }

  // Every item of a record list, following next_after page by page (`limit` per page). Adds a
  // failure and stops when a page is not a 200 with items.
  std::vector<json> list_all(const std::string& collection, int limit = 1000) const {
    std::vector<json> items;
    std::string after;
    for (int page = 0; page < 10'000; ++page) {
      const std::string target =
          collection + "?limit=" + std::to_string(limit) + (after.empty() ? "" : "&after=" + after);
      const Answer answer = get(target);
      const json body = answer.as_json();
      if (answer.status != 200 || !body.is_object() || !body.contains("items")) {
        ADD_FAILURE() << target << " " << describe(answer);
        break;
      }
      for (const auto& item : body["items"]) items.push_back(item);
      if (body["next_after"].is_null()) break;
      after = body["next_after"].get<std::string>();
    }
    return items;
  }

  // The JSON Lines of GET /api/v1/export without its header line (which carries the time of the
  // export): what is stored, as the person sees it.
  std::string export_records() const {
    const Answer answer = get("/api/v1/export");
    EXPECT_EQ(answer.status, 200) << describe(answer);
    std::string lines = answer.body;
    if (lines.find("\"keel-export\"") != std::string::npos && lines.find('\n') != std::string::npos) {
      lines.erase(0, lines.find('\n') + 1);
    }
    return lines;
  }

  const std::string& cookie() const { return cookie_; }  // "keel_session=…"
  const std::string& csrf() const { return csrf_; }
  const std::string& person_id() const { return person_id_; }
  void use_session(std::string cookie, std::string csrf) {
    cookie_ = std::move(cookie);
    csrf_ = std::move(csrf);
  }
  std::uint16_t port() const { return port_; }

 private:
  std::uint16_t port_;
  std::string cookie_;
  std::string csrf_;
  std::string person_id_;
};

}  // namespace keel::serve_testing
