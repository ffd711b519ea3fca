#include "core/status.h"

namespace keel {

const char* status_code_name(StatusCode code) {
  switch (code) {
    case StatusCode::ok: return "ok";
    case StatusCode::invalid_argument: return "invalid_argument";
    case StatusCode::not_found: return "not_found";
    case StatusCode::conflict: return "conflict";
    case StatusCode::forbidden: return "forbidden";
    case StatusCode::throttled: return "throttled";
    case StatusCode::locked: return "locked";
    case StatusCode::unauthenticated: return "unauthenticated";
    case StatusCode::corrupt: return "corrupt";
    case StatusCode::io_error: return "io_error";
    case StatusCode::internal: return "internal";
  }
  return "internal";
}

}  // namespace keel
