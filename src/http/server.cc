#include "http/server.h"

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "http/beast.h"
#include "http/target.h"

namespace keel::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace wire = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using ErrorCode = boost::system::error_code;

namespace {

// How many connections over a cap may be answered 503 at once; beyond that they are just closed.
constexpr std::size_t kMostRefusing = 64;
// How long, and for how many bytes, a closing connection reads what the client still sends, so
// that closing does not reset the connection before the client has read the answer.
constexpr std::chrono::milliseconds kLingerTime{2'000};
constexpr std::size_t kLingerBytes = 256 * 1024;
// What a forced close waits, after shutdown_timeout, for the connections to notice.
constexpr std::chrono::milliseconds kForcedCloseWait{2'000};

// Beast 1.74 speaks boost::string_view.
std::string_view view(beast::string_view text) { return {text.data(), text.size()}; }

double milliseconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

bool is_http_error(const ErrorCode& error) {
  return &error.category() == &wire::make_error_code(wire::error::bad_method).category();
}

bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    const bool letter_or_digit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!letter_or_digit && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool is_field_value(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// The server sets these itself; a handler's values for them are dropped.
bool is_framing_field(std::string_view name) {
  return equal_ignoring_case(name, "Connection") || equal_ignoring_case(name, "Content-Length") ||
         equal_ignoring_case(name, "Transfer-Encoding") || equal_ignoring_case(name, "Keep-Alive");
}

// The method for the access log: one of HTTP's own, or "OTHER" (a made-up method is client text).
std::string method_for_log(std::string_view method) {
  return wire::string_to_verb(beast::string_view(method.data(), method.size())) == wire::verb::unknown
             ? "OTHER"
             : std::string(method);
}

using WireResponse = wire::response<wire::string_body>;

// The wire form of a handler's response, with the security headers and the framing fields.
// A response no client should see (a status out of range, a header that could split the response)
// is a bug in keel: it becomes a 500.
// A response to HEAD keeps its Content-Length but sends no body.
WireResponse to_wire(Response response, unsigned version, bool keep_alive, bool head) {
  bool valid = response.status >= 200 && response.status <= 599;
  for (const auto& [name, value] : response.headers) valid = valid && is_token(name) && is_field_value(value);
  if (!valid) {
    std::fputs("keel http: a handler returned a response that cannot be sent; answering 500\n", stderr);
    response = Response::error(500, "internal", "Something went wrong on the server.");
  }
  if (response.status == 204 || response.status == 304) response.body.clear();
  WireResponse wire_response;
  wire_response.version(version);
  wire_response.result(static_cast<unsigned>(response.status));
  for (const auto& [name, value] : response.headers) {
    if (!is_framing_field(name)) wire_response.insert(beast::string_view(name.data(), name.size()), value);
  }
  for (const auto& [name, value] : security_headers()) {
    if (response.header(name) == nullptr) wire_response.set(beast::string_view(name.data(), name.size()), value);
  }
  wire_response.keep_alive(keep_alive);
  wire_response.body() = std::move(response.body);
  wire_response.prepare_payload();
  if (head) wire_response.body().clear();
  return wire_response;
}

// Runs a handler, turning an escaped exception (a bug) into a 500.
Response call_handler(const Handler& handler, const Request& request) {
  try {
    return handler(request);
  } catch (const std::exception&) {
    std::fputs("keel http: a handler threw an exception; answering 500\n", stderr);
  } catch (...) {
    std::fputs("keel http: a handler threw; answering 500\n", stderr);
  }
  return Response::error(500, "internal", "Something went wrong on the server.");
}

// Runs `handler` on the worker pool and completes, with its Response, on the executor of the
// operation that waits for it (the connection's strand).
template <typename Token>
auto run_on_worker(asio::thread_pool& pool, const Handler& handler, const Request& request, Token&& token) {
  return asio::async_initiate<Token, void(Response)>(
      [&pool, &handler, &request](auto completion) {
        asio::post(pool, [&handler, &request, completion = std::move(completion)]() mutable {
          Response response = call_handler(handler, request);
          auto executor = asio::get_associated_executor(completion);
          asio::post(executor, [completion = std::move(completion), response = std::move(response)]() mutable {
            std::move(completion)(std::move(response));
          });
        });
      },
      token);
}

void log_exception(std::exception_ptr error) {
  if (!error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& exception) {
    std::fprintf(stderr, "keel http: a connection ended on an exception: %s\n", exception.what());
  } catch (...) {
    std::fputs("keel http: a connection ended on an exception\n", stderr);
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------

struct Connection;

struct Server::Impl {
  Impl(ServerOptions options_in, Router router_in, AccessLog access_log_in)
      : options(std::move(options_in)), router(std::move(router_in)), access_log(std::move(access_log_in)) {}
  ~Impl() { tear_down(); }

  enum class Admission { serve, refuse, drop };

  Admission admit(const std::string& address);
  void release(const std::string& address, bool refusal);
  void enroll(const std::shared_ptr<Connection>& connection);
  void forget(Connection* connection);
  // Posts `action` to every open connection's strand.
  void for_each_connection(void (*action)(Connection&));

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> serve(std::shared_ptr<Connection> connection);
  asio::awaitable<bool> exchange(std::shared_ptr<Connection> connection, beast::flat_buffer& buffer);
  asio::awaitable<bool> write(Connection& connection, Response response, unsigned version, bool keep_alive,
                              bool head = false);
  asio::awaitable<void> refuse(std::shared_ptr<Connection> connection);
  asio::awaitable<void> close_gracefully(std::shared_ptr<Connection> connection);
  // Answers a request that could not be read (408, 413, 431, 400) and closes; or only closes when
  // the client went away or the failure is the network's.
  asio::awaitable<void> fail_reading(std::shared_ptr<Connection> connection, const ErrorCode& error,
                                     const std::string& method, SteadyClock::time_point started);
  void log(std::string method, std::string route, int status, SteadyClock::time_point started) const;

  void stop();
  void tear_down();

  const ServerOptions options;
  const Router router;
  const AccessLog access_log;
  std::string bound_address;
  std::uint16_t bound_port = 0;

  mutable std::mutex mutex;  // guards what follows up to `stop_mutex`
  std::condition_variable all_closed;
  std::size_t open = 0;
  std::size_t refusing = 0;
  std::unordered_map<std::string, std::size_t> per_address;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> live;

  std::mutex stop_mutex;
  bool stopped = false;
  std::atomic<bool> is_stopping{false};
  std::atomic<bool> is_accepting{false};

  // Torn down in this order by tear_down(): threads, acceptor, io_context, pool. The io_context
  // goes before the counters above, since destroying it destroys suspended connections.
  std::vector<std::thread> io_threads;
  std::unique_ptr<asio::thread_pool> workers;
  std::unique_ptr<asio::io_context> io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::optional<asio::any_io_executor> acceptor_strand;
  std::optional<tcp::acceptor> acceptor;
};

// Holds one admitted connection's place in the counts until it is gone.
class Ticket {
 public:
  Ticket(Server::Impl& server, std::string address, bool refusal)
      : server_(&server), address_(std::move(address)), refusal_(refusal) {}
  ~Ticket() {
    if (server_ != nullptr) server_->release(address_, refusal_);
  }
  Ticket(Ticket&& other) noexcept
      : server_(std::exchange(other.server_, nullptr)), address_(std::move(other.address_)), refusal_(other.refusal_) {}
  Ticket(const Ticket&) = delete;
  Ticket& operator=(const Ticket&) = delete;
  Ticket& operator=(Ticket&&) = delete;

  const std::string& address() const { return address_; }

 private:
  Server::Impl* server_;
  std::string address_;
  bool refusal_;
};

// One accepted connection. Everything in it is touched only on its strand.
struct Connection : std::enable_shared_from_this<Connection> {
  Connection(Server::Impl& server_in, tcp::socket socket_in, Ticket ticket_in)
      : server(server_in), socket(std::move(socket_in)), timer(socket.get_executor()), ticket(std::move(ticket_in)) {}
  ~Connection() { server.forget(this); }

  // Cancels what the connection waits for when `timeout` passes first; sets timed_out then.
  void arm(std::chrono::milliseconds timeout) {
    const std::uint64_t armed = ++generation;
    timer.expires_after(timeout);
    timer.async_wait([weak = weak_from_this(), armed](const ErrorCode& error) {
      const auto self = weak.lock();
      if (!self || error || self->generation != armed) return;
      self->timed_out = true;
      ErrorCode ignored;
      self->socket.cancel(ignored);
    });
  }
  void disarm() {
    ++generation;
    timer.cancel();
  }

  Server::Impl& server;
  tcp::socket socket;
  asio::steady_timer timer;
  Ticket ticket;
  std::uint64_t generation = 0;
  bool timed_out = false;
  bool idle = false;  // waiting for a request's first byte: stop() closes it then
};

Server::Impl::Admission Server::Impl::admit(const std::string& address) {
  std::lock_guard lock(mutex);
  auto& from_address = per_address[address];
  if (open < options.max_connections && from_address < options.max_connections_per_address) {
    ++open;
    ++from_address;
    return Admission::serve;
  }
  if (from_address == 0) per_address.erase(address);
  if (refusing < kMostRefusing) {
    ++refusing;
    return Admission::refuse;
  }
  return Admission::drop;
}

void Server::Impl::release(const std::string& address, bool refusal) {
  std::lock_guard lock(mutex);
  if (refusal) {
    --refusing;
  } else {
    --open;
    if (auto found = per_address.find(address); found != per_address.end() && --found->second == 0) {
      per_address.erase(found);
    }
  }
  if (open == 0 && refusing == 0) all_closed.notify_all();
}

void Server::Impl::enroll(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mutex);
  live.emplace(connection.get(), connection);
}

void Server::Impl::forget(Connection* connection) {
  std::lock_guard lock(mutex);
  live.erase(connection);
}

void Server::Impl::for_each_connection(void (*action)(Connection&)) {
  std::vector<std::weak_ptr<Connection>> connections;
  {
    std::lock_guard lock(mutex);
    for (const auto& [pointer, weak] : live) connections.push_back(weak);
  }
  for (auto& weak : connections) {
    // Only the strand may touch the connection; the strand's executor outlives every connection.
    const auto connection = weak.lock();
    if (!connection) continue;
    asio::post(connection->socket.get_executor(), [weak = std::move(weak), action] {
      if (const auto alive = weak.lock()) action(*alive);
    });
  }
}

void Server::Impl::log(std::string method, std::string route, int status, SteadyClock::time_point started) const {
  if (!access_log) return;
  AccessLogEntry entry{std::move(method), std::move(route), status, milliseconds_since(started)};
  try {
    access_log(entry);
  } catch (...) {
    std::fputs("keel http: the access log threw an exception\n", stderr);
  }
}

asio::awaitable<void> Server::Impl::accept_loop() {
  while (true) {
    ErrorCode error;
    asio::any_io_executor strand = asio::make_strand(*io);
    tcp::socket socket = co_await acceptor->async_accept(strand, asio::redirect_error(asio::use_awaitable, error));
    if (is_stopping || !acceptor->is_open() || error == asio::error::operation_aborted) break;
    if (error) {
      // Out of file descriptors, most likely: wait a moment instead of spinning.
      std::fprintf(stderr, "keel http: cannot accept a connection: %s\n", error.message().c_str());
      asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, error));
      continue;
    }
    const auto remote = socket.remote_endpoint(error);
    if (error) continue;  // the client is gone already
    socket.set_option(tcp::no_delay(true), error);
    std::string address = remote.address().to_string();
    const Admission admission = admit(address);
    if (admission == Admission::drop) continue;  // the socket closes here
    const bool refusal = admission == Admission::refuse;
    auto connection =
        std::make_shared<Connection>(*this, std::move(socket), Ticket(*this, std::move(address), refusal));
    enroll(connection);
    auto executor = connection->socket.get_executor();
    if (refusal) {
      asio::co_spawn(executor, refuse(std::move(connection)), log_exception);
    } else {
      asio::co_spawn(executor, serve(std::move(connection)), log_exception);
    }
  }
}

asio::awaitable<void> Server::Impl::serve(std::shared_ptr<Connection> connection) {
  beast::flat_buffer buffer;
  for (bool first = true;; first = false) {
    if (buffer.size() == 0) {
      // Waiting costs no buffer: an idle keep-alive connection holds only its socket and timer.
      buffer.shrink_to_fit();
      if (is_stopping) break;
      ErrorCode error;
      connection->idle = true;
      connection->arm(first ? options.header_timeout : options.idle_timeout);
      co_await connection->socket.async_wait(tcp::socket::wait_read, asio::redirect_error(asio::use_awaitable, error));
      connection->disarm();
      connection->idle = false;
      if (error) break;  // idle too long, stopping, or gone: close without a word
    }
    if (!co_await exchange(connection, buffer)) co_return;
  }
  ErrorCode ignored;
  connection->socket.shutdown(tcp::socket::shutdown_both, ignored);
  connection->socket.close(ignored);
}

asio::awaitable<bool> Server::Impl::exchange(std::shared_ptr<Connection> connection, beast::flat_buffer& buffer) {
  const auto started = SteadyClock::now();
  wire::request_parser<wire::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(options.header_limit, UINT32_MAX)));
  parser.body_limit(options.body_limit);
  ErrorCode error;

  connection->arm(options.header_timeout);
  co_await wire::async_read_header(connection->socket, buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, error));
  connection->disarm();
  if (error) {
    // A length over the body limit fails here, after the request line was read.
    const auto sent_method = view(parser.get().method_string());
    const std::string method = sent_method.empty() ? "-" : method_for_log(sent_method);
    co_await fail_reading(connection, error, method, started);
    co_return false;
  }
  const std::string method = method_for_log(view(parser.get().method_string()));
  const unsigned version = parser.get().version();

  if (!parser.is_done()) {
    if (equal_ignoring_case(view(parser.get()[wire::field::expect]), "100-continue")) {
      wire::response<wire::empty_body> proceed{wire::status::continue_, version};
      connection->arm(options.write_timeout);
      co_await wire::async_write(connection->socket, proceed, asio::redirect_error(asio::use_awaitable, error));
      connection->disarm();
      if (error) co_return false;
    }
    connection->arm(options.body_timeout);
    co_await wire::async_read(connection->socket, buffer, parser, asio::redirect_error(asio::use_awaitable, error));
    connection->disarm();
    if (error) {
      co_await fail_reading(connection, error, method, started);
      co_return false;
    }
  }

  auto& message = parser.get();
  Request request;
  request.method = std::string(view(message.method_string()));
  request.remote_address = connection->ticket.address();
  std::string route = "-";
  Response response;
  auto target = parse_target(view(message.target()));
  auto match = target.is_ok() ? router.match(request.method, target->path) : Result<Router::Match>(target.status());
  // HEAD is answered by the GET route when there is no HEAD route of its own.
  const bool head = request.method == "HEAD";
  const auto allows = [](const Router::Match& found, std::string_view method) {
    return std::find(found.allowed_methods.begin(), found.allowed_methods.end(), method) != found.allowed_methods.end();
  };
  if (head && match.is_ok() && match->outcome == Router::Match::Outcome::method_not_allowed && allows(*match, "GET")) {
    match = router.match("GET", target->path);
  }
  const auto take_message = [&] {
    request.path = std::move(target->path);
    request.query = std::move(target->query);
    for (const auto& field : message) {
      request.headers.emplace_back(std::string(view(field.name_string())), std::string(view(field.value())));
    }
    request.body = std::move(message.body());
  };
  if (!match.is_ok()) {
    response = Response::error(400, "bad_request", match.status().message());
  } else if (match->outcome == Router::Match::Outcome::not_found) {
    if (router.fallback() && (request.method == "GET" || head)) {
      take_message();
      response = call_handler(router.fallback(), request);
    } else {
      response = not_found_response();
    }
  } else if (match->outcome == Router::Match::Outcome::method_not_allowed) {
    route = match->route->pattern;
    auto allowed = match->allowed_methods;
    if (allows(*match, "GET") && !allows(*match, "HEAD")) {
      allowed.insert(std::lower_bound(allowed.begin(), allowed.end(), std::string("HEAD")), "HEAD");
    }
    response = method_not_allowed_response(allowed);
  } else {
    route = match->route->pattern;
    take_message();
    request.path_parameters = std::move(match->parameters);
    request.route = route;
    if (match->route->dispatch == Dispatch::io_thread) {
      response = call_handler(match->route->handler, request);
    } else {
      response = co_await run_on_worker(*workers, match->route->handler, request, asio::use_awaitable);
    }
  }

  const bool keep_alive = message.keep_alive() && !is_stopping;
  const int status = response.status;
  const bool written = co_await write(*connection, std::move(response), version, keep_alive, head);
  log(method, std::move(route), status, started);
  if (!written) co_return false;
  if (!keep_alive) {
    co_await close_gracefully(connection);
    co_return false;
  }
  co_return true;
}

asio::awaitable<bool> Server::Impl::write(Connection& connection, Response response, unsigned version, bool keep_alive,
                                          bool head) {
  WireResponse wire_response = to_wire(std::move(response), version, keep_alive, head);
  ErrorCode error;
  connection.arm(options.write_timeout);
  co_await wire::async_write(connection.socket, wire_response, asio::redirect_error(asio::use_awaitable, error));
  connection.disarm();
  co_return !error;
}

asio::awaitable<void> Server::Impl::fail_reading(std::shared_ptr<Connection> connection, const ErrorCode& error,
                                                 const std::string& method, SteadyClock::time_point started) {
  Response response;
  if (connection->timed_out) {
    response = Response::error(408, "request_timeout", "The request did not arrive in time; send it again.");
  } else if (error == wire::error::header_limit) {
    response = Response::error(431, "header_too_large",
                               fmt::format("The request's header is larger than {} bytes.", options.header_limit));
  } else if (error == wire::error::body_limit) {
    response = Response::error(413, "payload_too_large",
                               fmt::format("The request's body is larger than {} bytes.", options.body_limit));
  } else if (is_http_error(error) && error != wire::error::end_of_stream && error != wire::error::partial_message) {
    response = Response::error(400, "bad_request", "The request is not well-formed HTTP/1.1.");
  } else {
    // The client closed the connection, or the network failed: there is no one to answer.
    ErrorCode ignored;
    connection->socket.close(ignored);
    co_return;
  }
  const int status = response.status;
  const bool written = co_await write(*connection, std::move(response), 11, false);
  log(method, "-", status, started);
  if (written) co_await close_gracefully(connection);
  ErrorCode ignored;
  connection->socket.close(ignored);
}

asio::awaitable<void> Server::Impl::refuse(std::shared_ptr<Connection> connection) {
  const auto started = SteadyClock::now();
  const bool written = co_await write(
      *connection,
      Response::error(503, "unavailable", "The server has too many connections open; try again in a moment."), 11,
      false);
  log("-", "-", 503, started);
  if (written) co_await close_gracefully(connection);
  ErrorCode ignored;
  connection->socket.close(ignored);
}

asio::awaitable<void> Server::Impl::close_gracefully(std::shared_ptr<Connection> connection) {
  // Say we are done, then read (and drop) what the client still sends for a short while, so that
  // unread bytes do not make the kernel reset the connection before the client reads the answer.
  ErrorCode error;
  connection->socket.shutdown(tcp::socket::shutdown_send, error);
  if (!error) {
    std::array<char, 2048> sink;
    std::size_t drained = 0;
    connection->arm(std::min(kLingerTime, options.header_timeout));
    while (drained < kLingerBytes) {
      drained += co_await connection->socket.async_read_some(asio::buffer(sink),
                                                             asio::redirect_error(asio::use_awaitable, error));
      if (error) break;
    }
    connection->disarm();
  }
  connection->socket.close(error);
}

void Server::Impl::stop() {
  std::lock_guard stop_lock(stop_mutex);
  if (stopped) return;
  is_stopping = true;

  // 1. Stop accepting: new connections are refused by the system from here on.
  std::promise<void> closed;
  asio::post(*acceptor_strand, [this, &closed] {
    ErrorCode ignored;
    acceptor->close(ignored);
    is_accepting = false;
    closed.set_value();
  });
  closed.get_future().wait();

  // 2. Close the connections that wait for a request; the others see is_stopping after answering.
  for_each_connection([](Connection& connection) {
    ErrorCode ignored;
    if (connection.idle) connection.socket.cancel(ignored);
  });

  // 3. Let requests in flight finish, for a while; then close what is left.
  const auto everything_closed = [this] { return open == 0 && refusing == 0; };
  std::unique_lock lock(mutex);
  if (!all_closed.wait_for(lock, options.shutdown_timeout, everything_closed)) {
    lock.unlock();
    std::fputs("keel http: requests still in flight at the end of the shutdown time are cut off\n", stderr);
    for_each_connection([](Connection& connection) {
      ErrorCode ignored;
      connection.socket.close(ignored);
    });
    lock.lock();
    (void)all_closed.wait_for(lock, kForcedCloseWait, everything_closed);
  }
  lock.unlock();

  // 4. Stop the threads. A handler still running is waited for by the pool's join.
  work.reset();
  io->stop();
  for (auto& thread : io_threads) thread.join();
  io_threads.clear();
  workers->join();
  stopped = true;
}

void Server::Impl::tear_down() {
  // Only after stop(), or when start() failed before any thread ran.
  for (auto& thread : io_threads) thread.join();
  io_threads.clear();
  if (workers) workers->join();
  acceptor.reset();
  acceptor_strand.reset();
  work.reset();
  io.reset();  // destroys suspended connections, which still reach the counters
  workers.reset();
}

// ---------------------------------------------------------------------------------------------

void log_to_standard_error(const AccessLogEntry& entry) {
  const std::string line =
      fmt::format("keel http: {} {} {} {:.1f} ms\n", entry.method, entry.route, entry.status, entry.milliseconds);
  std::fputs(line.c_str(), stderr);
}

Result<std::pair<std::string, std::uint16_t>> parse_listen_address(std::string_view text) {
  const auto invalid = [&] {
    return Status::invalid(
        fmt::format("\"{}\" is not an address to listen on; give one like 127.0.0.1:8080 or [::1]:8080", text));
  };
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') return invalid();
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) return invalid();
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) {
    return invalid();
  }
  const unsigned long number = std::stoul(std::string(port));
  if (number > 65535) return invalid();
  std::string address = host == "localhost" ? "127.0.0.1" : std::string(host);
  ErrorCode error;
  (void)asio::ip::make_address(address, error);
  if (error) return invalid();
  return std::pair<std::string, std::uint16_t>{std::move(address), static_cast<std::uint16_t>(number)};
}

std::size_t raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    // An unlimited hard limit cannot be the soft one (the kernel caps it at fs.nr_open).
    raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? std::max<rlim_t>(limit.rlim_cur, 1 << 20) : limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? SIZE_MAX : static_cast<std::size_t>(limit.rlim_cur);
}

Result<std::unique_ptr<Server>> Server::start(ServerOptions options, Router router, AccessLog access_log) {
  if (options.worker_threads == 0 || options.io_threads == 0) {
    return Status::invalid("a server needs at least one worker thread and one I/O thread");
  }
  if (options.header_limit == 0 || options.max_connections == 0 || options.max_connections_per_address == 0) {
    return Status::invalid("a server's header limit and connection caps must be above zero");
  }
  using std::chrono::milliseconds;
  for (const milliseconds timeout : {options.header_timeout, options.body_timeout, options.idle_timeout,
                                     options.write_timeout, options.shutdown_timeout}) {
    if (timeout <= milliseconds::zero()) return Status::invalid("a server's timeouts must be above zero");
  }
  ErrorCode error;
  const auto address = asio::ip::make_address(options.address, error);
  if (error) return Status::invalid(fmt::format("\"{}\" is not an IP address to listen on", options.address));
  if (options.raise_open_file_limit) (void)raise_open_file_limit();

  auto impl = std::make_unique<Impl>(options, std::move(router), std::move(access_log));
  impl->io = std::make_unique<asio::io_context>(static_cast<int>(options.io_threads));
  impl->work.emplace(impl->io->get_executor());
  impl->workers = std::make_unique<asio::thread_pool>(options.worker_threads);
  impl->acceptor_strand.emplace(asio::make_strand(*impl->io));
  impl->acceptor.emplace(*impl->acceptor_strand);
  auto& acceptor = *impl->acceptor;
  const tcp::endpoint endpoint(address, options.port);
  const auto failed = [&](const char* what) {
    return Status::io_error(
        fmt::format("cannot listen on {}:{} ({}: {})", options.address, options.port, what, error.message()));
  };
  if (acceptor.open(endpoint.protocol(), error)) return failed("open");
  if (acceptor.set_option(asio::socket_base::reuse_address(true), error)) return failed("reuse_address");
  if (acceptor.bind(endpoint, error)) return failed("bind");
  if (acceptor.listen(asio::socket_base::max_listen_connections, error)) return failed("listen");
  const auto bound = acceptor.local_endpoint(error);
  if (error) return failed("local_endpoint");
  impl->bound_address = bound.address().to_string();
  impl->bound_port = bound.port();
  impl->is_accepting = true;

  Impl& server = *impl;
  asio::co_spawn(*impl->acceptor_strand, server.accept_loop(), log_exception);
  for (std::size_t i = 0; i < options.io_threads; ++i) {
    impl->io_threads.emplace_back([&server] {
      while (true) {
        try {
          server.io->run();
          return;
        } catch (const std::exception& exception) {
          std::fprintf(stderr, "keel http: an I/O handler threw: %s\n", exception.what());
        }
      }
    });
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  impl_->stop();
  impl_.reset();
}

const std::string& Server::address() const { return impl_->bound_address; }
std::uint16_t Server::port() const { return impl_->bound_port; }
void Server::stop() { impl_->stop(); }
bool Server::stopping() const { return impl_->is_stopping; }
bool Server::accepting() const { return impl_->is_accepting; }

std::size_t Server::connections() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->open + impl_->refusing;
}

}  // namespace keel::http
