// The web app's routes with a table of files made here (the real build's are checked end to end):
// each file and page path answers, hashed assets are immutable, the page is revalidated by ETag,
// gzip only for a browser that takes it, and a build without the app says how to get it.
#include "web/web_routes.h"

#include <gtest/gtest.h>

#include <array>

namespace keel::web {
namespace {

constexpr std::string_view kPage = "<!doctype html><title>keel</title><script type=module src=/assets/app-1a2b.js>";
constexpr std::string_view kScript = "console.log('hello');";
constexpr std::string_view kScriptGzip = "\x1f\x8b pretend";

const std::array<WebFile, 3> kFiles = {{
    {"/index.html", "text/html; charset=utf-8", kPage, {}, "\"aaaa\""},
    {"/assets/app-1a2b.js", "text/javascript; charset=utf-8", kScript, kScriptGzip, "\"bbbb\""},
    {"/sw.js", "text/javascript; charset=utf-8", kScript, {}, "\"cccc\""},
}};

class WebRoutes : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(add_web_routes(router_, kFiles).is_ok()); }

  http::Response get(const std::string& path, http::Headers headers = {}) {
    auto match = router_.match("GET", path);
    EXPECT_TRUE(match.is_ok());
    http::Request request;
    request.method = "GET";
    request.path = path;
    request.headers = std::move(headers);
    // As the server does: a path with no route goes to the fallback, if there is one.
    if (match.is_ok() && match->outcome == http::Router::Match::Outcome::not_found && router_.fallback()) {
      return router_.fallback()(request);
    }
    if (!match.is_ok() || match->outcome != http::Router::Match::Outcome::found) return http::not_found_response();
    return match->route->handler(request);
  }

  http::Router router_;
};

TEST_F(WebRoutes, EveryPagePathAnswersThePage) {
  for (const auto& path : page_paths()) {
    const auto response = get(path);
    EXPECT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.body, kPage) << path;
    EXPECT_EQ(*response.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(*response.header("Cache-Control"), "no-cache") << "a new build must reach the browser";
  }
  EXPECT_EQ(get("/index.html").body, kPage);
  EXPECT_EQ(get("/nowhere").status, 404);
}

// A browser that opens a wrong address sees the app's own "not found" page, not JSON; a script,
// and every API address, get the JSON 404.
TEST_F(WebRoutes, AWrongAddressInABrowserShowsTheAppsNotFoundPage) {
  const http::Headers browser = {{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}};
  const auto page = get("/no-such-page", browser);
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(page.body, kPage);
  EXPECT_EQ(*page.header("Content-Type"), "text/html; charset=utf-8");
  for (const auto& [path, headers] : std::vector<std::pair<std::string, http::Headers>>{
           {"/no-such-page", {}}, {"/no-such-page", {{"Accept", "application/json"}}}, {"/api/v1/nothing", browser}}) {
    const auto answer = get(path, headers);
    EXPECT_EQ(answer.status, 404) << path;
    EXPECT_EQ(*answer.header("Content-Type"), "application/json") << path;
    EXPECT_NE(answer.body.find("\"not_found\""), std::string::npos) << path;
  }
}

TEST_F(WebRoutes, HashedAssetsAreImmutableAndTheServiceWorkerIsNot) {
  EXPECT_EQ(*get("/assets/app-1a2b.js").header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(*get("/sw.js").header("Cache-Control"), "no-cache");
}

TEST_F(WebRoutes, AnUnchangedFileIsNotSentAgain) {
  const auto fresh = get("/", {{"If-None-Match", "\"aaaa\""}});
  EXPECT_EQ(fresh.status, 304);
  EXPECT_TRUE(fresh.body.empty());
  EXPECT_EQ(get("/", {{"If-None-Match", "\"old\""}}).status, 200);
}

TEST_F(WebRoutes, GzipOnlyForABrowserThatTakesIt) {
  const auto compressed = get("/assets/app-1a2b.js", {{"Accept-Encoding", "br, gzip;q=0.8"}});
  EXPECT_EQ(compressed.body, kScriptGzip);
  EXPECT_EQ(*compressed.header("Content-Encoding"), "gzip");
  EXPECT_EQ(*compressed.header("Vary"), "Accept-Encoding");
  for (const char* refusing : {"", "br", "gzip;q=0", "gzip; q=0.000", "identity"}) {
    const auto plain = get("/assets/app-1a2b.js", {{"Accept-Encoding", refusing}});
    EXPECT_EQ(plain.body, kScript) << refusing;
    EXPECT_EQ(plain.header("Content-Encoding"), nullptr) << refusing;
  }
  EXPECT_EQ(get("/", {{"Accept-Encoding", "gzip"}}).body, kPage) << "no gzip form: the bytes as they are";
}

// Embedded bytes are answered on the I/O thread, so the app opens even while every worker is busy.
TEST_F(WebRoutes, FilesAndPagesAreAnsweredFromMemoryOnTheIoThread) {
  ASSERT_FALSE(router_.routes().empty());
  for (const auto& route : router_.routes()) {
    EXPECT_EQ(route.dispatch, http::Dispatch::io_thread) << route.pattern;
  }
}

TEST(WebRoutesWithoutTheApp, PagesSayHowToBuildIt) {
  http::Router router;
  ASSERT_TRUE(add_web_routes(router, {}).is_ok());
  auto match = router.match("GET", "/");
  ASSERT_TRUE(match.is_ok());
  ASSERT_EQ(match->outcome, http::Router::Match::Outcome::found);
  const auto response = match->route->handler(http::Request{});
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("built without its web app"), std::string::npos);
}

}  // namespace
}  // namespace keel::web
