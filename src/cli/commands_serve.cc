// keel serve: the HTTP API (src/api) on the HTTP server (src/http), on a home made by `keel init`
// or, in an empty directory, a new home with no people yet (`keel user add` makes them). Expired
// sessions are swept every minute. SIGTERM or SIGINT stops it gracefully (exit 0); a second
// signal while it stops exits at once.
#include <pthread.h>
#include <signal.h>

#include <ctime>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "api/api.h"
#include "auth/sessions.h"
#include "cli/cli.h"
#include "cli/measures_output.h"
#include "cli/serve.h"
#include "core/random.h"
#include "http/server.h"
#include "web/web_routes.h"

namespace keel::cli {

namespace {

// The home, or a new one with no people when the directory has none.
Result<app::Home*> serve_home(Context& context) {
  auto home = context.home();
  if (home || home.status().code() != StatusCode::not_found) return home;
  app::Home::CreateOptions options;
  options.directory = context.home_directory();
  // Only a new or empty directory becomes a home: a mistyped --home must not fill another folder.
  std::error_code error;
  if (std::filesystem::exists(options.directory, error) && !std::filesystem::is_empty(options.directory, error)) {
    return home.status();
  }
  KEEL_ASSIGN_OR_RETURN(auto made, app::Home::create(options, context.clock()));
  made.reset();
  std::fprintf(stderr, "keel: made a new home in %s with no people yet; add them with `keel user add`\n",
               options.directory.c_str());
  return context.home();
}

// The termination signals, blocked in every thread so that only sigwait sees them.
sigset_t termination_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

}  // namespace

Status serve(Context& context, const ServeArguments& arguments) {
  KEEL_ASSIGN_OR_RETURN(auto address, http::parse_listen_address(arguments.listen));
  if (arguments.body_limit_kib < 1 || arguments.body_limit_kib > 64 * 1024) {
    return Status::invalid("--body-limit must be from 1 to 65536 KiB");
  }
  api::ApiOptions api_options;
  api_options.secure_cookie = arguments.secure_cookie;
  api_options.trusted_proxies = arguments.trusted_proxies;
  api_options.open_sign_up = arguments.open_sign_up;
  std::string crisis_problem;
  api_options.crisis = crisis_resources(arguments.crisis_file, crisis_problem);
  if (!crisis_problem.empty()) std::fprintf(stderr, "keel: note: %s\n", crisis_problem.c_str());
  if (arguments.idle_minutes < 1 || arguments.idle_minutes > 12 * 60) {
    return Status::invalid("--session-idle-minutes must be from 1 to 720");
  }
  if (arguments.print_openapi) {
    std::puts(api::Api::openapi_document(api_options).dump(2).c_str());
    return Status::ok();
  }
  KEEL_ASSIGN_OR_RETURN(app::Home * home, serve_home(context));
  auth::SessionOptions session_options;
  session_options.idle_timeout = std::chrono::minutes(arguments.idle_minutes);
  auth::SessionManager sessions(*home, context.clock(), session_options);
  SystemRandom random;
  const api::Api api(api::Services{*home, sessions, context.clock(), random, api_options});
  KEEL_ASSIGN_OR_RETURN(auto router, api.router());
  KEEL_RETURN_IF_ERROR(web::add_web_routes(router));

  // Block the signals before any thread starts, so that every thread inherits the mask.
  const sigset_t signals = termination_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  http::ServerOptions options;
  options.address = address.first;
  options.port = address.second;
  options.body_limit = arguments.body_limit_kib * 1024;
  KEEL_ASSIGN_OR_RETURN(auto server, http::Server::start(options, std::move(router)));
  const std::string host =
      server->address().find(':') != std::string::npos ? "[" + server->address() + "]" : server->address();
  std::fprintf(stderr, "keel: listening on http://%s:%u\n", host.c_str(), static_cast<unsigned>(server->port()));
  std::fflush(stderr);

  // Sweep expired sessions (and the keys only they needed) once a minute until a signal comes.
  while (true) {
    const timespec a_minute{60, 0};
    if (sigtimedwait(&signals, nullptr, &a_minute) > 0) break;
    sessions.expire();
    api.sweep();
  }
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

void add_serve_commands(CLI::App& app, Action& chosen) {
  auto arguments = std::make_shared<ServeArguments>();
  auto* command = app.add_subcommand(
      "serve",
      "Serve the HTTP API (/api/v1, described at /api/v1/openapi.json) on this home; an empty directory "
      "gets a new home with no people");
  command->add_option("--listen", arguments->listen, "address and port to listen on (port 0: any free port)")
      ->capture_default_str();
  command->add_flag("--secure-cookie", arguments->secure_cookie,
                    "mark the session cookie Secure: use it when a reverse proxy serves keel over HTTPS");
  command->add_option("--trusted-proxy", arguments->trusted_proxies,
                      "the address of a reverse proxy whose X-Forwarded-For and X-Forwarded-Proto to believe "
                      "(repeatable)");
  command->add_flag("--open-sign-up", arguments->open_sign_up,
                    "let anyone make a client account with POST /api/v1/users (off by default)");
  command->add_option("--crisis-file", arguments->crisis_file,
                      "the crisis text to show with a safety finding (default: $KEEL_CRISIS_FILE, else keel's)");
  command->add_option("--body-limit", arguments->body_limit_kib, "largest request body in KiB")->capture_default_str();
  command
      ->add_option("--session-idle-minutes", arguments->idle_minutes,
                   "sign a session out after this many minutes without a request")
      ->capture_default_str();
  command->add_flag("--print-openapi", arguments->print_openapi,
                    "print the OpenAPI document of the API and exit (needs no home)");
  command->callback([&chosen, arguments] { chosen = [arguments](Context& c) { return serve(c, *arguments); }; });
}

}  // namespace keel::cli
