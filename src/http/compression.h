// gzip for responses: whether a request accepts it, and compressing a body once so that it can be
// sent many times (cached stats, the embedded web app).
#pragma once

#include <string>
#include <string_view>

#include "http/message.h"

namespace keel::http {

// Whether Accept-Encoding allows gzip: a "gzip" (or "*") coding whose weight is not q=0.
bool accepts_gzip(const Request& request);

// `bytes` as a gzip stream (RFC 1952), at zlib's default level.
std::string gzip_compress(std::string_view bytes);

}  // namespace keel::http
