// The router, request targets, query strings, JSON error bodies and listen addresses: pure
// functions, no sockets.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/router.h"
#include "http/server.h"
#include "http/target.h"

namespace keel::http {
namespace {

Handler answer(std::string text) {
  return [text](const Request&) { return Response::json(200, text); };
}

Router sample_router() {
  Router router;
  EXPECT_TRUE(router.add("GET", "/api/v1/urges", answer("list")));
  EXPECT_TRUE(router.add("POST", "/api/v1/urges", answer("create")));
  EXPECT_TRUE(router.add("GET", "/api/v1/urges/{id}", answer("one")));
  EXPECT_TRUE(router.add("DELETE", "/api/v1/urges/{id}", answer("delete")));
  EXPECT_TRUE(router.add("GET", "/api/v1/urges/export", answer("export")));
  EXPECT_TRUE(router.add("GET", "/api/v1/{kind}/{id}/history", answer("history")));
  EXPECT_TRUE(router.add("GET", "/", answer("root")));
  return router;
}

std::string body_of(const Router& router, const Router::Match& match) {
  (void)router;
  return match.route->handler(Request{}).body;
}

TEST(Router, MatchesLiteralsAndParameters) {
  const Router router = sample_router();
  auto match = router.match("GET", "/api/v1/urges");
  ASSERT_TRUE(match.is_ok());
  EXPECT_EQ(match->outcome, Router::Match::Outcome::found);
  EXPECT_EQ(body_of(router, *match), "list");
  EXPECT_EQ(match->route->pattern, "/api/v1/urges");

  match = router.match("GET", "/api/v1/urges/01HZX");
  ASSERT_TRUE(match.is_ok());
  EXPECT_EQ(match->route->pattern, "/api/v1/urges/{id}");
  ASSERT_EQ(match->parameters.size(), 1u);
  EXPECT_EQ(match->parameters[0], (std::pair<std::string, std::string>{"id", "01HZX"}));

  match = router.match("GET", "/api/v1/goals/7/history");
  ASSERT_TRUE(match.is_ok());
  EXPECT_EQ(body_of(router, *match), "history");
  EXPECT_EQ(match->parameters, (Parameters{{"kind", "goals"}, {"id", "7"}}));

  match = router.match("GET", "/");
  ASSERT_TRUE(match.is_ok());
  EXPECT_EQ(body_of(router, *match), "root");
}

TEST(Router, PrefersALiteralSegmentToAParameter) {
  const Router router = sample_router();
  const auto match = router.match("GET", "/api/v1/urges/export");
  ASSERT_TRUE(match.is_ok());
  EXPECT_EQ(body_of(router, *match), "export");
  EXPECT_TRUE(match->parameters.empty());
  // Segments compare decoded: an escaped letter is the letter.
  const auto escaped = router.match("GET", "/api/v1/urges/%65xport");
  ASSERT_TRUE(escaped.is_ok());
  EXPECT_EQ(body_of(router, *escaped), "export");
  // The literal route has no DELETE, the parameter route has.
  const auto removal = router.match("DELETE", "/api/v1/urges/export");
  ASSERT_TRUE(removal.is_ok());
  EXPECT_EQ(body_of(router, *removal), "delete");
}

TEST(Router, TellsNotFoundFromMethodNotAllowed) {
  const Router router = sample_router();
  auto match = router.match("GET", "/api/v1/nothing");
  ASSERT_TRUE(match.is_ok());
  EXPECT_EQ(match->outcome, Router::Match::Outcome::not_found);
  EXPECT_EQ(match->route, nullptr);

  for (const char* path : {"/api/v1/urges/", "/api/v1/urges//", "/api/v1", "/api/v1/urges/1/2", "", "api/v1/urges"}) {
    match = router.match("GET", path);
    ASSERT_TRUE(match.is_ok()) << path;
    EXPECT_EQ(match->outcome, Router::Match::Outcome::not_found) << path;
  }

  match = router.match("PATCH", "/api/v1/urges");
  ASSERT_TRUE(match.is_ok());
  EXPECT_EQ(match->outcome, Router::Match::Outcome::method_not_allowed);
  EXPECT_EQ(match->allowed_methods, (std::vector<std::string>{"GET", "POST"}));
  EXPECT_EQ(match->route->pattern, "/api/v1/urges");

  match = router.match("get", "/api/v1/urges");  // methods are case-sensitive
  ASSERT_TRUE(match.is_ok());
  EXPECT_EQ(match->outcome, Router::Match::Outcome::method_not_allowed);
}

TEST(Router, DecodesParametersAndRefusesBrokenOnes) {
  const Router router = sample_router();
  auto match = router.match("GET", "/api/v1/urges/a%2Fb%20c%C3%A9");
  ASSERT_TRUE(match.is_ok());
  EXPECT_EQ(match->parameters[0].second, "a/b c\xC3\xA9");
  match = router.match("GET", "/api/v1/urges/a+b");
  ASSERT_TRUE(match.is_ok());
  EXPECT_EQ(match->parameters[0].second, "a+b");  // '+' is a space only in a query
  for (const char* path : {"/api/v1/urges/%", "/api/v1/urges/%4", "/api/v1/urges/%zz", "/api/v1/urges/%00",
                           "/api/v1/urges/%C3", "/api/v1/urges/%ED%A0%80"}) {
    EXPECT_EQ(router.match("GET", path).status().code(), StatusCode::invalid_argument) << path;
  }
}

TEST(Router, RefusesMalformedAndDuplicateRoutes) {
  Router router;
  EXPECT_TRUE(router.add("GET", "/a/{id}", answer("")));
  EXPECT_FALSE(router.add("GET", "/a/{other}", answer("")));  // the same shape
  EXPECT_TRUE(router.add("PUT", "/a/{id}", answer("")));
  for (const char* pattern : {"", "a", "/a//b", "/a/", "/{}", "/{id", "/x{id}", "/{a}/{a}", "/{a-b}", "/a b", "/%41"}) {
    EXPECT_FALSE(router.add("GET", pattern, answer(""))) << pattern;
  }
  EXPECT_FALSE(router.add("", "/b", answer("")));
  EXPECT_FALSE(router.add("G T", "/b", answer("")));
  EXPECT_FALSE(router.add("GET", "/b", Handler{}));
  EXPECT_EQ(router.routes().size(), 2u);
}

TEST(Target, SplitsThePathAndDecodesTheQuery) {
  auto target = parse_target("/api/v1/urges?since=2026-01-01T00%3A00%3A00Z&limit=5&tag=a+b&tag=c&flag&&=x");
  ASSERT_TRUE(target.is_ok()) << target.status().message();
  EXPECT_EQ(target->path, "/api/v1/urges");
  EXPECT_EQ(
      target->query,
      (Parameters{
          {"since", "2026-01-01T00:00:00Z"}, {"limit", "5"}, {"tag", "a b"}, {"tag", "c"}, {"flag", ""}, {"", "x"}}));
  target = parse_target("/");
  ASSERT_TRUE(target.is_ok());
  EXPECT_EQ(target->path, "/");
  EXPECT_TRUE(target->query.empty());
  target = parse_target("/a/b.c/..d?x=/?y");
  ASSERT_TRUE(target.is_ok());
  EXPECT_EQ(target->query, (Parameters{{"x", "/?y"}}));
}

TEST(Target, RefusesWhatIsNotAnOriginFormPath) {
  for (const char* bad :
       {"", "*", "http://example.com/", "a/b", "/a#b", "/a b", "/a\"b", "/a%zz", "/a%4", "/./a", "/a/../b", "/a/..",
        "/a/.", "/a?b=%", "/a?b=%FF", "/a?b=%00", "/a?b=c d", "/a\x01", "/\xC3\xA9"}) {
    const auto target = parse_target(bad);
    EXPECT_FALSE(target.is_ok()) << bad;
    if (!target.is_ok()) {
      EXPECT_EQ(target.status().code(), StatusCode::invalid_argument);
      EXPECT_FALSE(target.status().message().empty());
    }
  }
}

TEST(Target, PercentEncodingRoundTrips) {
  for (const std::string text : {"", "plain", "a b+c&d=e/f?g#h%i", "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", "~-._"}) {
    const auto decoded = percent_decode(percent_encode(text), true);
    ASSERT_TRUE(decoded.is_ok()) << text;
    EXPECT_EQ(*decoded, text);
  }
  EXPECT_EQ(percent_encode("a b/\xC3\xA9"), "a%20b%2F%C3%A9");
}

TEST(Target, KnowsWellFormedUtf8) {
  using namespace std::string_view_literals;
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF"));
  for (const auto bad : {"\x80"sv, "\xC0\xAF"sv, "\xC1\xBF"sv, "\xE0\x9F\xBF"sv, "\xED\xA0\x80"sv, "\xF0\x8F\xBF\xBF"sv,
                         "\xF4\x90\x80\x80"sv, "\xF5\x80\x80\x80"sv, "\xE2\x82"sv, "\xE2\x28\xA1"sv, "\xFF"sv}) {
    EXPECT_FALSE(is_valid_utf8(bad));
  }
}

TEST(Messages, ErrorBodiesAreJsonWhateverTheMessage) {
  const std::string message =
      std::string("quote \" backslash \\ newline \n tab \t nul ") + '\0' + " bad \xFF end \xC3\xA9";
  const Response response = Response::error(400, "bad_request", message);
  EXPECT_EQ(response.status, 400);
  ASSERT_NE(response.header("content-type"), nullptr);
  EXPECT_EQ(*response.header("Content-Type"), "application/json");
  const auto json = nlohmann::json::parse(response.body);
  EXPECT_EQ(json["error"]["code"], "bad_request");
  EXPECT_EQ(json["error"]["message"],
            std::string("quote \" backslash \\ newline \n tab \t nul ") + '\0' + " bad \xEF\xBF\xBD end \xC3\xA9");
}

TEST(Messages, HeadersAreFoundWithoutRegardToCase) {
  Request request;
  request.headers = {{"X-Csrf-Token", "abc"}, {"x-csrf-token", "second"}};
  ASSERT_NE(request.header("X-CSRF-TOKEN"), nullptr);
  EXPECT_EQ(*request.header("x-csrf-token"), "abc");
  EXPECT_EQ(request.header("Cookie"), nullptr);
  Response response;
  response.set_header("Cache-Control", "max-age=60");
  response.set_header("cache-control", "no-cache");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].second, "no-cache");
}

TEST(ListenAddress, ReadsHostAndPort) {
  auto parsed = parse_listen_address("127.0.0.1:8080");
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_EQ(parsed->first, "127.0.0.1");
  EXPECT_EQ(parsed->second, 8080);
  parsed = parse_listen_address("[::1]:0");
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_EQ(parsed->first, "::1");
  EXPECT_EQ(parsed->second, 0);
  parsed = parse_listen_address("localhost:65535");
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_EQ(parsed->first, "127.0.0.1");
  for (const char* bad : {"", "8080", ":8080", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1",
                          "127.0.0.1:80a", "::1:8080", "[::1]8080", "[::1]:", "example.com:80", "1.2.3.4:999999"}) {
    const auto result = parse_listen_address(bad);
    EXPECT_FALSE(result.is_ok()) << bad;
    if (!result.is_ok()) {
      EXPECT_EQ(result.status().code(), StatusCode::invalid_argument);
    }
  }
}

}  // namespace
}  // namespace keel::http
