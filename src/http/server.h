// Server: HTTP/1.1 on Boost.Beast and Asio with C++20 coroutines. One io_context runs every
// connection on `io_threads` threads; handlers run on a pool of `worker_threads`, never on an I/O
// thread. It enforces the limits in ServerOptions, answering what breaks one with the matching
// status (400, 408, 413, 431, 503) and closing the connection cleanly, and stops gracefully.
// Boost stays inside server.cc: this header includes none of it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "http/router.h"

namespace keel::http {

struct ServerOptions {
  std::string address = "127.0.0.1";  // an IPv4 or IPv6 address to listen on
  std::uint16_t port = 8080;          // 0: let the system pick one (Server::port() tells which)

  std::size_t header_limit = 8 * 1024;                 // bytes of request line and header fields; over it: 431
  std::size_t body_limit = 1024 * 1024;                // bytes of body; over it: 413
  std::chrono::milliseconds header_timeout{10'000};    // from a request's first byte to its last header; 408
  std::chrono::milliseconds body_timeout{30'000};      // for the whole body; 408
  std::chrono::milliseconds idle_timeout{75'000};      // a keep-alive connection waiting for its next request
  std::chrono::milliseconds write_timeout{30'000};     // for writing one response
  std::chrono::milliseconds shutdown_timeout{10'000};  // how long stop() lets requests in flight finish

  std::size_t max_connections = 10'000;             // open at once, in total; over it: 503
  std::size_t max_connections_per_address = 1'000;  // open at once from one IP address; over it: 503

  std::size_t worker_threads = 2;  // threads running handlers
  std::size_t io_threads = 1;      // threads running the io_context

  bool raise_open_file_limit = true;  // raise RLIMIT_NOFILE's soft limit to the hard limit at start
};

// One line of the access log. It names the route pattern, never the path as sent, a query value
// or anything from a body.
struct AccessLogEntry {
  std::string method;  // as sent, or "-" when the request line could not be read
  std::string route;   // the route pattern, or "-" when no route matched or the request was refused
  int status = 0;
  double milliseconds = 0;  // from the request's first byte to the end of writing the response
};

// Receives every access log entry, on an I/O thread (on several at once when io_threads > 1).
using AccessLog = std::function<void(const AccessLogEntry&)>;

// The default access log: "keel http: GET /healthz 200 0.4 ms" on standard error.
void log_to_standard_error(const AccessLogEntry& entry);

// "127.0.0.1:8080", "[::1]:8080" or "localhost:8080" into an address and a port.
// invalid_argument with one sentence when it is none of these.
Result<std::pair<std::string, std::uint16_t>> parse_listen_address(std::string_view text);

// Raises the soft limit on open files to the hard limit; returns the soft limit now in force.
std::size_t raise_open_file_limit();

class Server {
 public:
  // Binds the address, starts the I/O and worker threads and begins accepting.
  // invalid_argument for options that make no sense (no threads, zero limits); io_error when the
  // address cannot be bound. The router is fixed from here on.
  static Result<std::unique_ptr<Server>> start(ServerOptions options, Router router,
                                               AccessLog access_log = log_to_standard_error);

  // Stops gracefully if stop() was not called.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The address and port actually bound (the port the system picked when asked for 0).
  const std::string& address() const;
  std::uint16_t port() const;

  // Stops accepting (new connections are refused), closes idle keep-alive connections, lets
  // requests in flight finish for up to shutdown_timeout (their responses say Connection: close),
  // then closes whatever is left and joins every thread. A handler still running then is waited
  // for: a thread cannot be interrupted. Safe to call more than once, from any thread but the
  // server's own.
  void stop();

  // True from the moment stop() begins.
  bool stopping() const;
  // False once the listening socket is closed (by stop()).
  bool accepting() const;
  // Connections open now (those being refused with 503 included).
  std::size_t connections() const;

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace keel::http
