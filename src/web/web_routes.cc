#include "web/web_routes.h"

#include <algorithm>

#include "http/compression.h"

namespace keel::web {

namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

// What a build without the app shows: how to get it.
constexpr std::string_view kNotBuilt =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>keel</title></head><body>"
    "<h1>keel</h1><p>This keel was built without its web app. Build it with node and npm installed "
    "(scripts/setup installs them) and without -DKEEL_WEB=OFF. The API is at /api/v1/.</p></body></html>";

http::Response serve(const WebFile& file, const http::Request& request, std::string_view cache_control) {
  http::Response response;
  response.set_header("ETag", std::string(file.etag));
  response.set_header("Cache-Control", std::string(cache_control));
  response.set_header("Vary", "Accept-Encoding");
  if (const std::string* match = request.header("If-None-Match"); match != nullptr && *match == file.etag) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.set_header("Content-Type", std::string(file.content_type));
  if (!file.gzip.empty() && http::accepts_gzip(request)) {
    response.set_header("Content-Encoding", "gzip");
    response.body = std::string(file.gzip);
  } else {
    response.body = std::string(file.bytes);
  }
  return response;
}

}  // namespace

const std::vector<std::string>& page_paths() {
  static const std::vector<std::string> paths = {"/",        "/signin",     "/pause",          "/log",     "/checkin",
                                                 "/history", "/progress",   "/questionnaires", "/plan",    "/values",
                                                 "/goals",   "/activities", "/journal",        "/settings"};
  return paths;
}

Status add_web_routes(http::Router& router, std::span<const WebFile> files) {
  const auto index =
      std::find_if(files.begin(), files.end(), [](const WebFile& file) { return file.path == "/index.html"; });
  for (const WebFile& file : files) {
    // Vite names what it builds by content under /assets/: such a file never changes.
    const std::string_view cache = file.path.starts_with("/assets/") ? kImmutable : kRevalidate;
    // Embedded bytes, answered from memory: on the I/O thread.
    KEEL_RETURN_IF_ERROR(router.add(
        "GET", std::string(file.path),
        [&file, cache](const http::Request& request) { return serve(file, request, cache); },
        http::Dispatch::io_thread));
  }
  // Any other address a browser opens shows the app's own "not found" page, with status 404; the
  // API's addresses and anything that is not a browser asking for a page get the JSON 404.
  if (index != files.end()) {
    const WebFile& page_file = *index;
    router.set_fallback([&page_file](const http::Request& request) {
      const std::string* accept = request.header("Accept");
      if (request.path.starts_with("/api/") || accept == nullptr || accept->find("text/html") == std::string::npos) {
        return http::not_found_response();
      }
      http::Response response = serve(page_file, request, kRevalidate);
      if (response.status == 200) response.status = 404;
      return response;
    });
  }
  for (const std::string& page : page_paths()) {
    if (index != files.end()) {
      const WebFile& page_file = *index;
      KEEL_RETURN_IF_ERROR(router.add(
          "GET", page, [&page_file](const http::Request& request) { return serve(page_file, request, kRevalidate); },
          http::Dispatch::io_thread));
    } else {
      KEEL_RETURN_IF_ERROR(router.add("GET", page, [](const http::Request&) {
        http::Response response;
        response.set_header("Content-Type", "text/html; charset=utf-8");
        response.body = std::string(kNotBuilt);
        return response;
      }));
    }
  }
  return Status::ok();
}

}  // namespace keel::web
