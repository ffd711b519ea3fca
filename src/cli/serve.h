// Serving a home over HTTP until SIGTERM or SIGINT: `keel serve`, and `keel demo` after it has
// made its demo home (commands_serve.cc).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cli/context.h"
#include "core/status.h"

namespace keel::cli {

struct ServeArguments {
  std::string listen = "127.0.0.1:8080";
  bool secure_cookie = false;
  std::vector<std::string> trusted_proxies;
  bool open_sign_up = false;
  std::string crisis_file;
  std::size_t body_limit_kib = 1024;
  int idle_minutes = 30;
  bool print_openapi = false;
};

// Serves the context's home (a new one with no people in an empty directory) and returns when a
// signal has stopped the server gracefully.
Status serve(Context& context, const ServeArguments& arguments);

}  // namespace keel::cli
