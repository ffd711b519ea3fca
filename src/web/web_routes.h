// Serving the web app: its files at their paths, index.html for every page the app routes itself
// (/, /pause, /log, ...), with caching that fits each (hashed assets are immutable; the page and
// the service worker are revalidated by ETag), gzip when the browser takes it, and the strict
// Content-Security-Policy every response carries (default-src 'self', no inline script).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "http/router.h"
#include "web/embedded.h"

namespace keel::web {

// The paths the app's own router shows a page for; each answers index.html.
const std::vector<std::string>& page_paths();

// Adds a GET route for every file and every page path. A build without the app answers its
// pages with a short HTML note that says how to build it. invalid_argument on a clash with a
// route already in the router.
Status add_web_routes(http::Router& router, std::span<const WebFile> files = embedded_web_files());

}  // namespace keel::web
