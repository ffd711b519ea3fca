#include "web/web_routes.h"

#include <algorithm>
#include <cstdlib>

namespace keel::web {

namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

// What a build without the app shows: how to get it.
constexpr std::string_view kNotBuilt =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>keel</title></head><body>"
    "<h1>keel</h1><p>This keel was built without its web app. Build it with node and npm installed "
    "(scripts/setup installs them) and without -DKEEL_WEB=OFF. The API is at /api/v1/.</p></body></html>";

// Whether Accept-Encoding allows gzip: a "gzip" (or "*") coding whose q is not 0.
bool accepts_gzip(const http::Request& request) {
  const std::string* header = request.header("Accept-Encoding");
  if (header == nullptr) return false;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view coding = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    std::string_view parameters;
    if (const auto semicolon = coding.find(';'); semicolon != std::string_view::npos) {
      parameters = coding.substr(semicolon + 1);
      coding = coding.substr(0, semicolon);
    }
    while (!coding.empty() && coding.front() == ' ') coding.remove_prefix(1);
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (!http::equal_ignoring_case(coding, "gzip") && coding != "*") continue;
    // "q=0" (or 0.0, 0.000) refuses the coding; any other weight accepts it.
    std::string weight(parameters);
    std::erase(weight, ' ');
    if (!weight.starts_with("q=") || std::strtod(weight.c_str() + 2, nullptr) > 0) return true;
  }
  return false;
}

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
  if (!file.gzip.empty() && accepts_gzip(request)) {
    response.set_header("Content-Encoding", "gzip");
    response.body = std::string(file.gzip);
  } else {
    response.body = std::string(file.bytes);
  }
  return response;
}

}  // namespace

const std::vector<std::string>& page_paths() {
  static const std::vector<std::string> paths = {"/",        "/signin",     "/pause",    "/log",
                                                 "/checkin", "/history",    "/progress", "/plan",
                                                 "/values",  "/activities", "/journal",  "/settings"};
  return paths;
}

Status add_web_routes(http::Router& router, std::span<const WebFile> files) {
  const auto index =
      std::find_if(files.begin(), files.end(), [](const WebFile& file) { return file.path == "/index.html"; });
  for (const WebFile& file : files) {
    // Vite names what it builds by content under /assets/: such a file never changes.
    const std::string_view cache = file.path.starts_with("/assets/") ? kImmutable : kRevalidate;
    KEEL_RETURN_IF_ERROR(router.add("GET", std::string(file.path), [&file, cache](const http::Request& request) {
      return serve(file, request, cache);
    }));
  }
  for (const std::string& page : page_paths()) {
    if (index != files.end()) {
      const WebFile& page_file = *index;
      KEEL_RETURN_IF_ERROR(router.add(
          "GET", page, [&page_file](const http::Request& request) { return serve(page_file, request, kRevalidate); }));
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
