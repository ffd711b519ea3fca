// keel serve: the HTTP server (src/http) on a home. For now it answers GET /healthz and the
// sign-in routes (api/session_routes.h); the record routes follow. SIGTERM or SIGINT stops it gracefully (exit 0); a
// second signal while it stops exits at once.
#include <pthread.h>
#include <signal.h>

#include <ctime>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "api/session_routes.h"
#include "auth/sessions.h"
#include "cli/cli.h"
#include "http/server.h"

namespace keel::cli {

namespace {

struct ServeArguments {
  std::string listen = "127.0.0.1:8080";
};

Result<http::Router> make_router(auth::SessionManager& sessions) {
  http::Router router;
  KEEL_RETURN_IF_ERROR(router.add(
      "GET", "/healthz", [](const http::Request&) { return http::Response::json(200, R"({"status":"ok"})"); }));
  KEEL_RETURN_IF_ERROR(api::add_session_routes(router, sessions));
  return router;
}

// The termination signals, blocked in every thread so that only sigwait sees them.
sigset_t termination_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

int wait_for_signal(const sigset_t& signals) {
  int received = 0;
  while (sigwait(&signals, &received) != 0) {
  }
  return received;
}

Status run_serve(Context& context, const ServeArguments& arguments) {
  KEEL_ASSIGN_OR_RETURN(auto address, http::parse_listen_address(arguments.listen));
  KEEL_ASSIGN_OR_RETURN(app::Home * home, context.home());
  auth::SessionManager sessions(*home, context.clock());
  KEEL_ASSIGN_OR_RETURN(auto router, make_router(sessions));

  // Block the signals before any thread starts, so that every thread inherits the mask.
  const sigset_t signals = termination_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  http::ServerOptions options;
  options.address = address.first;
  options.port = address.second;
  KEEL_ASSIGN_OR_RETURN(auto server, http::Server::start(options, std::move(router)));
  const std::string host =
      server->address().find(':') != std::string::npos ? "[" + server->address() + "]" : server->address();
  std::fprintf(stderr, "keel: listening on http://%s:%u\n", host.c_str(), static_cast<unsigned>(server->port()));
  std::fflush(stderr);

  wait_for_signal(signals);
  std::fputs("keel: stopping; a second Ctrl-C or SIGTERM stops at once\n", stderr);
  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    server->stop();
    stopped = true;
  });
  while (!stopped) {
    const timespec a_moment{0, 100'000'000};
    const int second = sigtimedwait(&signals, nullptr, &a_moment);
    if (second > 0) {
      std::fputs("keel: stopped at once by a second signal\n", stderr);
      std::_Exit(128 + second);
    }
  }
  stopper.join();
  server.reset();
  std::fputs("keel: stopped\n", stderr);
  return Status::ok();
}

}  // namespace

void add_serve_commands(CLI::App& app, Action& chosen) {
  auto arguments = std::make_shared<ServeArguments>();
  auto* command = app.add_subcommand("serve", "Serve the HTTP API on this home (for now: GET /healthz)");
  command->add_option("--listen", arguments->listen, "address and port to listen on (port 0: any free port)")
      ->capture_default_str();
  command->callback([&chosen, arguments] { chosen = [arguments](Context& c) { return run_serve(c, *arguments); }; });
}

}  // namespace keel::cli
