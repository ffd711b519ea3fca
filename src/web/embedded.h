// The web app's files (web/, built by Vite) embedded in the binary at build time (web/embed.cmake
// writes the definitions), so that `keel serve` is one file and needs no other host.
#pragma once

#include <span>
#include <string_view>

namespace keel::web {

struct WebFile {
  std::string_view path;          // "/index.html", "/assets/index-3f2a.js"
  std::string_view content_type;  // "text/html; charset=utf-8"
  std::string_view bytes;
  std::string_view gzip;  // the same bytes gzip-compressed, or empty when compressing does not pay
  std::string_view etag;  // a strong validator: the first 16 hex digits of the bytes' SHA-256, quoted
};

// Every file of the built app, by path. Empty when keel was built without the web app
// (-DKEEL_WEB=OFF).
std::span<const WebFile> embedded_web_files();

}  // namespace keel::web
