// api_bench: keel serve's HTTP API on loopback, each part against a baseline measured in the same
// run. The server, the API and a home are wired in this process as `keel serve` wires them (its
// ServerOptions: 1 I/O thread, 2 worker threads; no access log, like nginx's below), and driven by a
// small load generator of its own: Asio coroutines on one thread, each connection sending its next
// request as soon as the previous one is answered (a closed loop): a ramp, then a measured window
// (see LoadGenerator). Every answer is checked (status; a wrong one stops the benchmark).
//
//   writes: POST /api/v1/urges as a signed-in client (session cookie, X-CSRF-Token, a JSON urge of
//     about 380 bytes) on 1, 8 and 32 connections, in writes/s, against raw SQLite: the urges table's
//     own DDL and the row keel stored for that urge, inserted again and again with a new id through
//     the sqlite3 C API, one autocommit transaction per row, on one connection with the store's
//     settings (WAL, synchronous=FULL, foreign_keys, secure_delete, defensive). No goal. Each side
//     twice: as is, and with every processor kept busy by a SCHED_IDLE spinning thread, because on a
//     virtual machine waking an idle processor after fdatasync can cost more than the flush (see
//     ProcessorsAwake). Also the processor time per write of keel's server and of a raw insert.
//   stats: GET /api/v1/stats (as the web app asks: the display detail, Accept-Encoding: gzip) for a client
//     with two years of synthetic records (synth::generate_client
//     as JSON Lines, imported with ClientSession::import_from as `keel import` does a `keel synth`
//     file): p50 and p99 latency at 100 connections (goal: p99 < 20 ms) and at 1 connection (no
//     queueing), against ClientSession::list_all + analytics::compute_stats in this process (p50).
//   healthz: GET /healthz requests/s at 32 connections against nginx serving the same 15 bytes from a
//     static file (started by this program: a free loopback port, a minimal configuration in a
//     temporary folder, the current user, no daemon), same generator, connections and time. Goal:
//     keel >= 0.5 of nginx. Skipped, with how to install nginx, when it is not installed.
//   memory: VmRSS of a fresh process (this program with --memory-child: a server on an empty home,
//     caps raised to fit) before and with 5,000 idle keep-alive connections, each after one
//     GET /healthz; the difference is the server's share (the client sockets, plain file
//     descriptors in the same process, cost only kernel memory). Goal: under 100 MB with them.
//
// KEEL_KDF=test: people's keys and the sign-in stand-in use libsodium's minimum Argon2id limits,
// because signing in is not what is measured (it happens once per part).
// Medians of --repetitions (default 5) repetitions, whose sides alternate in a rotating order.
// Arguments: [--repetitions N] [writes] [stats] [healthz] [memory] (default: all four).

#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analytics/stats.h"
#include "analytics/stats_json.h"
#include "api/api.h"
#include "app/client_session.h"
#include "app/home.h"
#include "auth/sessions.h"
#include "bench_support.h"
#include "core/id.h"
#include "core/random.h"
#include "core/time.h"
#include "crypto/keys.h"
#include "http/beast.h"
#include "http/server.h"

extern char** environ;

namespace keel::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace wire = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using nlohmann::json;

constexpr int kDefaultRepetitions = 5;
constexpr std::array kWriteConnections = {1, 8, 32};
constexpr std::chrono::milliseconds kWriteTime{2'000};
constexpr int kStatsConnections = 100;
constexpr int kStatsDays = 730;
constexpr std::uint64_t kStatsSeed = 11;
constexpr std::chrono::milliseconds kStatsTime{5'000};
constexpr int kInProcessRunsPerRepetition = 7;
constexpr double kStatsGoalMilliseconds = 20;
constexpr int kHealthConnections = 32;
constexpr std::chrono::milliseconds kHealthTime{2'000};
constexpr double kHealthGoalRatio = 0.5;
constexpr int kIdleConnections = 5'000;
constexpr int kMemoryRepetitions = 3;
constexpr double kMemoryGoalBytes = 100e6;
constexpr std::chrono::milliseconds kWarmUpTime{500};
constexpr std::chrono::milliseconds kNoRamp{0};
constexpr std::chrono::milliseconds kRamp{300};         // before each measured window
constexpr std::chrono::milliseconds kStatsRamp{3'000};  // a full turn of 100 queued requests
constexpr const char* kPersonName = "bench";
constexpr const char* kPassphrase = "benchmark passphrase";
constexpr const char* kZone = "Europe/Berlin";
constexpr const char* kHealthBody = R"({"status":"ok"})";

const Clock& wall_clock() {
  static const SystemClock clock;
  return clock;
}

double seconds_of(std::chrono::nanoseconds duration) { return std::chrono::duration<double>(duration).count(); }

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

double process_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// --- requests -----------------------------------------------------------------------------------

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The bytes of one HTTP/1.1 request; a body goes as application/json.
std::string request_text(const std::string& method, const std::string& target, const HeaderList& headers,
                         const std::string& body = "") {
  std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) text += name + ": " + value + "\r\n";
  if (!body.empty() || method == "POST") {
    text += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return text + "\r\n" + body;
}

// One request on a connection of its own, for the checks around the measurements.
HttpReply request_once(std::uint16_t port, const std::string& request) {
  const int socket_fd = connect_loopback(port);
  HttpReply reply = http_exchange(socket_fd, request);
  ::close(socket_fd);
  return reply;
}

// --- the load generator -------------------------------------------------------------------------

// Processor time per thread of this process (utime + stime from /proc/self/task/*/stat), in seconds.
std::map<int, double> thread_processor_times() {
  std::map<int, double> times;
  const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream file(entry.path() / "stat");
    std::string text;
    std::getline(file, text);
    // After the command name in parentheses: state is field 3, utime and stime fields 14 and 15.
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string field;
    unsigned long long user = 0, system = 0;
    for (int index = 3; index <= 15 && fields >> field; ++index) {
      if (index == 14) user = std::stoull(field);
      if (index == 15) system = std::stoull(field);
    }
    times[std::stoi(entry.path().filename().string())] = static_cast<double>(user + system) / tick;
  }
  return times;
}

// Processor seconds used so far by a process and its live children (nginx's master and workers).
double process_tree_processor_seconds(pid_t root) {
  const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  double seconds = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream file(entry.path() / "stat");
    std::string text;
    if (!std::getline(file, text) || text.rfind(')') == std::string::npos) continue;  // gone meanwhile
    // After the command name: state (field 3), ppid (4), ..., utime (14), stime (15).
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string field;
    long long parent = 0;
    unsigned long long user = 0, system = 0;
    for (int index = 3; index <= 15 && fields >> field; ++index) {
      if (index == 4) parent = std::stoll(field);
      if (index == 14) user = std::stoull(field);
      if (index == 15) system = std::stoull(field);
    }
    if (std::stoll(name) == root || parent == root) seconds += static_cast<double>(user + system) / tick;
  }
  return seconds;
}

struct Load {
  std::uint16_t port = 0;
  std::string request;  // sent as is, again and again
  int connections = 1;
  std::chrono::milliseconds ramp{0};  // load before the measured window, to reach a steady state
  std::chrono::milliseconds duration{1'000};
  int expected_status = 200;
  std::function<double()> server_processor;  // for a server in another process: its processor seconds so far
};

struct LoadResult {
  std::size_t answered = 0;          // answers that arrived within the window
  double seconds = 0;                // the window
  std::vector<double> milliseconds;  // the latency of each request sent within the window
  std::size_t reconnects = 0;        // after a server's Connection: close
  double generator_busy = 0;         // the generator thread's processor time / the window
  double others_processor = 0;       // seconds of processor time of this process's other threads
  std::vector<double> busiest;       // the other threads' processor time / the window, busiest first
  double external_processor = 0;     // seconds of Load::server_processor within the window
  double per_second() const { return seconds > 0 ? static_cast<double>(answered) / seconds : 0; }
  // For a server in this process: its processor time per answer, in microseconds.
  double server_microseconds_per_answer() const {
    return answered > 0 ? others_processor * 1e6 / static_cast<double>(answered) : 0;
  }
  // For a server in another process (Load::server_processor).
  double external_microseconds_per_answer() const {
    return answered > 0 ? external_processor * 1e6 / static_cast<double>(answered) : 0;
  }
};

// Opens every connection first, then loads the server for `ramp` and the measured window. The
// throughput counts answers that arrive within the window; the latencies are those of requests
// sent within it, all of which are waited for while every connection keeps the load on (so that
// the window's last requests see the same load as the rest, and no long latency is cut off).
class LoadGenerator {
 public:
  explicit LoadGenerator(Load load) : load_(std::move(load)), endpoint_(asio::ip::address_v4::loopback(), load_.port) {}

  LoadResult run() {
    std::vector<tcp::socket> sockets;
    sockets.reserve(static_cast<std::size_t>(load_.connections));
    for (int index = 0; index < load_.connections; ++index) {
      sockets.emplace_back(io_);
      boost::system::error_code error;
      sockets.back().connect(endpoint_, error);
      if (error) fail(fmt::format("connecting to 127.0.0.1:{}: {}", load_.port, error.message()));
      sockets.back().set_option(tcp::no_delay(true));
    }
    window_start_ = SteadyClock::now() + load_.ramp;
    window_end_ = window_start_ + load_.duration;
    // Processor times at the window's edges (timers run on this thread, between requests).
    double generator_start = 0, generator_end = 0, process_start = 0, process_end = 0;
    double external_start = 0, external_end = 0;
    std::map<int, double> threads_start, threads_end;
    asio::steady_timer opening(io_, window_start_), closing(io_, window_end_);
    opening.async_wait([&](const boost::system::error_code&) {
      generator_start = thread_cpu_seconds();
      process_start = process_cpu_seconds();
      threads_start = thread_processor_times();
      if (load_.server_processor) external_start = load_.server_processor();
    });
    closing.async_wait([&](const boost::system::error_code&) {
      generator_end = thread_cpu_seconds();
      process_end = process_cpu_seconds();
      threads_end = thread_processor_times();
      if (load_.server_processor) external_end = load_.server_processor();
    });
    for (auto& socket : sockets) {
      asio::co_spawn(io_, client(socket), [this](std::exception_ptr error) {
        if (error && failure_.empty()) failure_ = "a client coroutine ended on an exception";
      });
    }
    io_.run();
    if (!failure_.empty()) fail(failure_);
    result_.seconds = seconds_of(load_.duration);
    const double generator = generator_end - generator_start;
    result_.generator_busy = generator / result_.seconds;
    result_.others_processor = (process_end - process_start) - generator;
    result_.external_processor = external_end - external_start;
    const int generator_thread = static_cast<int>(::gettid());
    for (const auto& [thread, end] : threads_end) {
      const auto start = threads_start.find(thread);
      if (thread == generator_thread || start == threads_start.end()) continue;
      result_.busiest.push_back((end - start->second) / result_.seconds);
    }
    std::sort(result_.busiest.rbegin(), result_.busiest.rend());
    return std::move(result_);
  }

 private:
  asio::awaitable<void> client(tcp::socket& socket) {
    beast::flat_buffer buffer;
    boost::system::error_code error;
    const auto token = [&error] { return asio::redirect_error(asio::use_awaitable, error); };
    while (failure_.empty()) {
      const auto sent = SteadyClock::now();
      if (sent >= window_end_ && outstanding_ == 0) break;
      const bool measured = sent >= window_start_ && sent < window_end_;
      if (measured) ++outstanding_;
      co_await asio::async_write(socket, asio::buffer(load_.request), token());
      if (error) {
        failure_ = "sending a request: " + error.message();
        break;
      }
      wire::response_parser<wire::string_body> parser;
      parser.body_limit(64 * 1024 * 1024);
      co_await wire::async_read(socket, buffer, parser, token());
      if (error) {
        failure_ = "reading an answer: " + error.message();
        break;
      }
      const auto answered = SteadyClock::now();
      const auto& response = parser.get();
      if (response.result_int() != static_cast<unsigned>(load_.expected_status)) {
        failure_ = fmt::format("expected {}, got {}: {}", load_.expected_status, response.result_int(),
                               response.body().substr(0, 200));
        break;
      }
      if (measured) {
        --outstanding_;
        result_.milliseconds.push_back(std::chrono::duration<double, std::milli>(answered - sent).count());
      }
      if (answered >= window_start_ && answered < window_end_) ++result_.answered;
      if (!response.keep_alive()) {
        socket.close(error);
        co_await socket.async_connect(endpoint_, token());
        if (error) {
          failure_ = "connecting again: " + error.message();
          break;
        }
        socket.set_option(tcp::no_delay(true));
        buffer.clear();
        ++result_.reconnects;
      }
    }
    socket.shutdown(tcp::socket::shutdown_both, error);
    socket.close(error);
  }

  Load load_;
  tcp::endpoint endpoint_;
  asio::io_context io_{1};
  SteadyClock::time_point window_start_, window_end_;
  std::size_t outstanding_ = 0;  // requests sent within the window and not yet answered
  LoadResult result_;
  std::string failure_;
};

// The busiest three threads' shares, each the median over repetitions: "97%, 41%, 40%".
std::string busiest_threads(const std::vector<std::vector<double>>& repetitions) {
  std::string text;
  for (std::size_t rank = 0; rank < 3; ++rank) {
    std::vector<double> shares;
    for (const auto& busiest : repetitions) {
      if (rank < busiest.size()) shares.push_back(busiest[rank]);
    }
    if (shares.empty()) break;
    text += fmt::format("{}{:.0f}%", text.empty() ? "" : ", ", median(shares) * 100);
  }
  return text;
}

LoadResult run_load(std::uint16_t port, const std::string& request, int connections, std::chrono::milliseconds ramp,
                    std::chrono::milliseconds duration, int expected_status,
                    std::function<double()> server_processor = {}) {
  return LoadGenerator({port, request, connections, ramp, duration, expected_status, std::move(server_processor)})
      .run();
}

// --- keel's server, as `keel serve` wires it ----------------------------------------------------

// The ServerOptions of `keel serve --listen 127.0.0.1:0` (src/cli/commands_serve.cc).
http::ServerOptions serve_options() {
  http::ServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.body_limit = 1024 * 1024;
  return options;
}

// A new home with one client (keys at KdfStrength::test_only), its SessionManager, the Api and the
// HTTP server on it. Torn down in reverse: the server stops first.
class ApiServer {
 public:
  ApiServer(const std::string& directory, const http::ServerOptions& options) {
    app::Home::CreateOptions create;
    create.directory = directory;
    create.person_name = kPersonName;
    create.passphrase = kPassphrase;
    create.time_zone = kZone;
    create.strength = crypto::KdfStrength::test_only;
    auto home = app::Home::create(create, wall_clock());
    if (!home.is_ok()) fail("creating a home: " + home.status().message());
    home_ = std::move(home).value();
    auto person = home_->find_person("");
    if (!person.is_ok()) fail("finding the home's person: " + person.status().message());
    person_ = std::move(person).value();
    sessions_ = std::make_unique<auth::SessionManager>(*home_, wall_clock());
    api_ = std::make_unique<api::Api>(api::Services{*home_, *sessions_, wall_clock(), random_, api::ApiOptions{}});
    auto router = api_->router();
    if (!router.is_ok()) fail("the API's router: " + router.status().message());
    auto server = http::Server::start(options, std::move(router).value(), {});
    if (!server.is_ok()) fail("starting the server: " + server.status().message());
    server_ = std::move(server).value();
  }

  app::Home& home() { return *home_; }
  const store::Person& person() const { return person_; }
  http::Server& server() { return *server_; }
  std::uint16_t port() const { return server_->port(); }

 private:
  std::unique_ptr<app::Home> home_;
  store::Person person_;
  std::unique_ptr<auth::SessionManager> sessions_;
  SystemRandom random_;
  std::unique_ptr<api::Api> api_;
  std::unique_ptr<http::Server> server_;
};

struct SignedIn {
  std::string cookie;  // "keel_session=…"
  std::string csrf;
};

SignedIn sign_in(std::uint16_t port) {
  const std::string body = json{{"username", kPersonName}, {"password", kPassphrase}}.dump();
  const HttpReply reply = request_once(port, request_text("POST", "/api/v1/session", {}, body));
  if (reply.status != 200) fail("signing in answered " + std::to_string(reply.status) + ": " + reply.body);
  const std::string set_cookie = reply.header("Set-Cookie");
  const json answer = json::parse(reply.body, nullptr, false);
  if (set_cookie.empty() || !answer.is_object() || !answer.contains("csrf_token")) fail("signing in set no session");
  return {set_cookie.substr(0, set_cookie.find(';')), answer["csrf_token"].get<std::string>()};
}

// --- writes -------------------------------------------------------------------------------------

// Keeps every processor busy while it lives, with threads that run only when nothing else wants
// to (SCHED_IDLE), so that no processor goes idle while a thread waits for fsync. On a virtual
// machine an idle processor may be descheduled by the host, and waking it again when the disk
// answers can cost far more than the flush itself; this shows how much.
class ProcessorsAwake {
 public:
  ProcessorsAwake() {
    const unsigned count = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned index = 0; index < count; ++index) {
      threads_.emplace_back([this] {
        sched_param none{};
        pthread_setschedparam(pthread_self(), SCHED_IDLE, &none);
        // No pause instruction: a virtual machine's host may take a pausing processor away.
        while (!stop_.load(std::memory_order_relaxed)) {
        }
      });
    }
  }
  ~ProcessorsAwake() {
    stop_ = true;
    for (auto& thread : threads_) thread.join();
  }
  ProcessorsAwake(const ProcessorsAwake&) = delete;
  ProcessorsAwake& operator=(const ProcessorsAwake&) = delete;

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

// The writes of one condition: processors free to go idle (as a server runs), or kept awake.
struct WritesCondition {
  double raw_per_second = 0;
  std::map<int, double> keel_per_second;    // by connections
  std::map<int, double> keel_p50;           // milliseconds
  std::map<int, double> keel_microseconds;  // the server's processor time per write (as is only)
};

struct WritesResult {
  WritesCondition as_is;
  WritesCondition awake;
  double raw_microseconds = 0;  // the raw insert's processor time, processors free to idle
  std::size_t request_bytes = 0;
  std::size_t row_bytes = 0;
};

// The urge every POST sends: the same content each time, no id, so each one makes a new record.
std::string urge_body() {
  const Instant at = std::chrono::floor<std::chrono::milliseconds>(wall_clock().now()) - std::chrono::hours{1};
  return json{{"at", format_rfc3339(at, kZone)},
              {"time_zone", kZone},
              {"intensity", 7},
              {"duration_minutes", 12},
              {"contexts", {"phone in bed", "alone"}},
              {"emotions", {"lonely", "bored"}},
              {"warning_signs", {"impulsive scrolling"}},
              {"outcome", "surfed"},
              {"strategy", "got up, drank a glass of water and read a chapter"},
              {"note", "It peaked after five minutes and was gone after twelve."}}
      .dump();
}

std::size_t row_size(const Row& row) {
  std::size_t bytes = 0;
  for (const auto& value : row) {
    if (const auto* text = std::get_if<std::string>(&value)) bytes += text->size();
    if (const auto* blob = std::get_if<std::vector<std::uint8_t>>(&value)) bytes += blob->size();
    if (std::holds_alternative<std::int64_t>(value) || std::holds_alternative<double>(value)) bytes += 8;
  }
  return bytes;
}

WritesResult measure_writes(int repetitions) {
  TemporaryDirectory directory("api-writes");
  const std::string home_directory = directory.path() + "/home";
  ApiServer server(home_directory, serve_options());
  const SignedIn who = sign_in(server.port());
  const std::string body = urge_body();
  const std::string request =
      request_text("POST", "/api/v1/urges", {{"Cookie", who.cookie}, {api::kCsrfHeader, who.csrf}}, body);
  // One write first, checked; the row it made is what the raw baseline inserts.
  const HttpReply first = request_once(server.port(), request);
  if (first.status != 201) fail("POST /api/v1/urges answered " + std::to_string(first.status) + ": " + first.body);
  const TableSample sample = sample_table(app::Home::database_path(home_directory), "urges");
  RawRowInserter raw(directory.path() + "/raw.db", sample);
  SeededRandom random(7);
  const auto at_column = std::find(sample.columns.begin(), sample.columns.end(), "at");
  if (at_column == sample.columns.end()) fail("the urges table has no at column");
  const Instant at = from_unix_milliseconds(
      std::get<std::int64_t>(sample.row.at(static_cast<std::size_t>(at_column - sample.columns.begin()))));

  std::vector<double> raw_processor;  // microseconds per insert, processors free to idle
  const auto raw_rate = [&](std::chrono::milliseconds duration, bool record_processor) {
    std::size_t inserted = 0;
    const double processor_start = thread_cpu_seconds();
    const auto start = SteadyClock::now();
    const auto deadline = start + duration;
    while (SteadyClock::now() < deadline) {
      raw.insert(new_id(at, random));
      ++inserted;
    }
    const double rate = static_cast<double>(inserted) / seconds_of(SteadyClock::now() - start);
    if (record_processor) {
      raw_processor.push_back((thread_cpu_seconds() - processor_start) * 1e6 / static_cast<double>(inserted));
    }
    return rate;
  };

  WritesResult result;
  result.request_bytes = request.size();
  result.row_bytes = row_size(sample.row);
  (void)raw_rate(kWarmUpTime, false);
  for (const int connections : kWriteConnections) {
    (void)run_load(server.port(), request, connections, kNoRamp, kWarmUpTime, 201);
  }
  // Sides: raw, then keel at each connection count; the first four as is, the next four with the
  // processors kept awake.
  constexpr int kPerCondition = 1 + static_cast<int>(kWriteConnections.size());
  constexpr int kSides = 2 * kPerCondition;
  std::vector<double> raw_rates[2];
  std::map<int, std::vector<double>> keel_rates[2], keel_medians[2], keel_processor[2];
  for (int repetition = 0; repetition < repetitions; ++repetition) {
    std::string line = fmt::format("  writes repetition {}:", repetition + 1);
    for (int step = 0; step < kSides; ++step) {
      const int side = (repetition * 3 + step) % kSides;  // a rotating order
      const int condition = side / kPerCondition;
      std::optional<ProcessorsAwake> awake;
      if (condition == 1) awake.emplace();
      const std::string label = condition == 1 ? "awake " : "";
      if (side % kPerCondition == 0) {
        raw_rates[condition].push_back(raw_rate(kWriteTime, condition == 0));
        line += fmt::format(" {}raw {:.0f}/s", label, raw_rates[condition].back());
      } else {
        const int connections = kWriteConnections[static_cast<std::size_t>(side % kPerCondition - 1)];
        const LoadResult load = run_load(server.port(), request, connections, kRamp, kWriteTime, 201);
        keel_rates[condition][connections].push_back(load.per_second());
        keel_medians[condition][connections].push_back(median(load.milliseconds));
        keel_processor[condition][connections].push_back(load.server_microseconds_per_answer());
        line += fmt::format(" {}keel×{} {:.0f}/s", label, connections, load.per_second());
      }
    }
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  }
  for (int condition = 0; condition < 2; ++condition) {
    WritesCondition& summary = condition == 0 ? result.as_is : result.awake;
    summary.raw_per_second = median(raw_rates[condition]);
    for (const auto& [connections, rates] : keel_rates[condition]) {
      summary.keel_per_second[connections] = median(rates);
      summary.keel_p50[connections] = median(keel_medians[condition][connections]);
      summary.keel_microseconds[connections] = median(keel_processor[condition][connections]);
    }
  }
  result.raw_microseconds = median(raw_processor);
  return result;
}

// --- stats --------------------------------------------------------------------------------------

struct StatsResult {
  std::size_t records = 0;
  std::size_t answer_bytes = 0;                                 // gzip, as sent to a browser
  std::size_t plain_bytes = 0;                                  // the same answer without gzip
  std::size_t full_bytes = 0;                                   // ?detail=full, without gzip
  double p50 = 0, p99 = 0, per_second = 0, generator_busy = 0;  // at kStatsConnections
  double server_milliseconds = 0;                 // the server's processor time per answer at kStatsConnections
  std::string busiest;                            // its busiest threads' shares of the time
  double single_p50 = 0, single_p99 = 0;          // at 1 connection
  double list_all = 0, compute = 0, to_json = 0;  // in process, p50 each
  double in_process = 0;                          // p50 of list_all + compute_stats
};

StatsResult measure_stats(int repetitions) {
  TemporaryDirectory directory("api-stats");
  ApiServer server(directory.path() + "/home", serve_options());
  StatsResult result;
  SystemRandom random;
  app::ClientSession session(server.home().store(), server.person(), wall_clock(), random);
  {
    const SynthFile synth = synth_file(kStatsDays, kStatsSeed);
    std::istringstream input(synth.text);
    auto imported = session.import_from(input);
    if (!imported.is_ok()) fail("importing the synthetic client: " + imported.status().message());
    if (imported->added != synth.records) fail("the import did not add every synthetic record");
    result.records = synth.records;
  }
  const SignedIn who = sign_in(server.port());
  // As the web app asks: the default (display) detail, and gzip, which every browser accepts.
  const std::string request =
      request_text("GET", "/api/v1/stats", {{"Cookie", who.cookie}, {"Accept-Encoding", "gzip"}});
  const HttpReply first = request_once(server.port(), request);
  if (first.status != 200) fail("GET /api/v1/stats answered " + std::to_string(first.status) + ": " + first.body);
  result.answer_bytes = first.body.size();
  const HttpReply plain = request_once(server.port(), request_text("GET", "/api/v1/stats", {{"Cookie", who.cookie}}));
  const HttpReply full =
      request_once(server.port(), request_text("GET", "/api/v1/stats?detail=full", {{"Cookie", who.cookie}}));
  result.plain_bytes = plain.body.size();
  result.full_bytes = full.body.size();

  // The baseline: what the handler computes, in this process, with the handler's options.
  std::vector<double> list_times, compute_times, json_times, totals;
  volatile std::size_t sink = 0;
  const auto in_process = [&](bool keep) {
    analytics::StatsOptions options;
    options.time_zone = server.person().time_zone;
    options.as_of = wall_clock().now();
    const auto start = SteadyClock::now();
    auto records = session.list_all();
    if (!records.is_ok()) fail("list_all: " + records.status().message());
    const auto listed = SteadyClock::now();
    const analytics::Stats stats = analytics::compute_stats(*records, options);
    const auto computed = SteadyClock::now();
    const std::string text = analytics::stats_to_json(stats).dump();
    const auto dumped = SteadyClock::now();
    sink = sink + text.size();
    if (!keep) return;
    const auto milliseconds = [](auto duration) { return std::chrono::duration<double, std::milli>(duration).count(); };
    list_times.push_back(milliseconds(listed - start));
    compute_times.push_back(milliseconds(computed - listed));
    json_times.push_back(milliseconds(dumped - computed));
    totals.push_back(milliseconds(computed - start));
  };

  for (int run = 0; run < 3; ++run) in_process(false);
  (void)run_load(server.port(), request, kStatsConnections, kNoRamp, kWarmUpTime, 200);
  std::vector<double> p50s, p90s, p99s, slowest, rates, busy, processor, single_p50s, single_p99s;
  std::vector<std::vector<double>> busiest;
  for (int repetition = 0; repetition < repetitions; ++repetition) {
    for (int step = 0; step < 3; ++step) {
      const int side = (repetition + step) % 3;
      if (side == 0) {
        for (int run = 0; run < kInProcessRunsPerRepetition; ++run) in_process(true);
      } else if (side == 1) {
        const LoadResult load = run_load(server.port(), request, kStatsConnections, kStatsRamp, kStatsTime, 200);
        p50s.push_back(percentile(load.milliseconds, 0.50));
        p99s.push_back(percentile(load.milliseconds, 0.99));
        p90s.push_back(percentile(load.milliseconds, 0.90));
        slowest.push_back(*std::max_element(load.milliseconds.begin(), load.milliseconds.end()));
        rates.push_back(load.per_second());
        busy.push_back(load.generator_busy);
        processor.push_back(load.server_microseconds_per_answer() / 1e3);
        busiest.push_back(load.busiest);
      } else {
        const LoadResult load = run_load(server.port(), request, 1, kRamp, kStatsTime, 200);
        single_p50s.push_back(percentile(load.milliseconds, 0.50));
        single_p99s.push_back(percentile(load.milliseconds, 0.99));
      }
    }
    std::printf(
        "  stats repetition %d: %d connections p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, slowest %.1f ms, %.1f "
        "answers/s; 1 connection p50 %.1f ms, p99 %.1f ms; in process p50 %.1f ms\n",
        repetition + 1, kStatsConnections, p50s.back(), p90s.back(), p99s.back(), slowest.back(), rates.back(),
        single_p50s.back(), single_p99s.back(),
        median(std::vector<double>(totals.end() - kInProcessRunsPerRepetition, totals.end())));
    std::fflush(stdout);
  }
  result.p50 = median(p50s);
  result.p99 = median(p99s);
  result.per_second = median(rates);
  result.generator_busy = median(busy);
  result.server_milliseconds = median(processor);
  result.busiest = busiest_threads(busiest);
  result.single_p50 = median(single_p50s);
  result.single_p99 = median(single_p99s);
  result.list_all = median(list_times);
  result.compute = median(compute_times);
  result.to_json = median(json_times);
  result.in_process = median(totals);
  return result;
}

// --- healthz against nginx ----------------------------------------------------------------------

// An executable called `name` on $PATH or in the sbin folders (often not on a user's $PATH).
std::optional<std::string> find_program(const std::string& name) {
  std::vector<std::string> folders;
  if (const char* path = std::getenv("PATH"); path != nullptr) {
    std::stringstream list(path);
    for (std::string folder; std::getline(list, folder, ':');) {
      if (!folder.empty()) folders.push_back(folder);
    }
  }
  for (const char* folder : {"/usr/sbin", "/usr/local/sbin", "/sbin"}) folders.emplace_back(folder);
  for (const auto& folder : folders) {
    const std::string candidate = folder + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

// nginx in the foreground (daemon off), with everything it writes in `directory`: a minimal
// configuration serving `kHealthBody` as application/json at /healthz from a static file.
class Nginx {
 public:
  // Null, with the reason in `why`, when nginx is not installed or does not answer.
  static std::unique_ptr<Nginx> start(const std::string& directory, std::string& why) {
    const auto binary = find_program("nginx");
    if (!binary) {
      why = "nginx is not installed; install it with `apt-get install nginx-light` (or `nginx`) to compare";
      return nullptr;
    }
    std::filesystem::create_directories(directory + "/www");
    write_file(directory + "/www/healthz", kHealthBody);
    const std::uint16_t port = free_loopback_port();
    std::string user;
    if (::geteuid() == 0) {
      // Its workers would otherwise run as nobody, who cannot read this folder.
      const passwd* account = ::getpwuid(::geteuid());
      const group* primary = ::getgrgid(::getegid());
      if (account != nullptr && primary != nullptr)
        user = fmt::format("user {} {};\n", account->pw_name, primary->gr_name);
    }
    write_file(directory + "/nginx.conf", fmt::format("# written by api_bench\n"
                                                      "{0}"
                                                      "daemon off;\n"
                                                      "worker_processes auto;\n"
                                                      "pid {1}/nginx.pid;\n"
                                                      "error_log {1}/error.log warn;\n"
                                                      "events {{ worker_connections 1024; }}\n"
                                                      "http {{\n"
                                                      "  access_log off;\n"
                                                      "  client_body_temp_path {1}/client_body;\n"
                                                      "  proxy_temp_path {1}/proxy;\n"
                                                      "  fastcgi_temp_path {1}/fastcgi;\n"
                                                      "  uwsgi_temp_path {1}/uwsgi;\n"
                                                      "  scgi_temp_path {1}/scgi;\n"
                                                      "  keepalive_requests 1000000;\n"
                                                      "  types {{ }}\n"
                                                      "  default_type application/json;\n"
                                                      "  server {{\n"
                                                      "    listen 127.0.0.1:{2};\n"
                                                      "    root {1}/www;\n"
                                                      "  }}\n"
                                                      "}}\n",
                                                      user, directory, port));
    const std::string output = directory + "/nginx.out";
    std::vector<std::string> arguments = {
        *binary, "-p", directory + "/", "-e", directory + "/error.log", "-c", directory + "/nginx.conf"};
    std::vector<char*> argv;
    for (auto& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, binary->c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
      why = "cannot start " + *binary + ": " + std::strerror(spawned);
      return nullptr;
    }
    auto nginx = std::unique_ptr<Nginx>(new Nginx(pid, port, *binary));
    // Wait (up to 10 s) until it answers GET /healthz.
    const auto deadline = SteadyClock::now() + std::chrono::seconds(10);
    while (SteadyClock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        nginx->pid_ = 0;
        why = "nginx exited at start; it said: " + read_text(output) + read_text(directory + "/error.log");
        return nullptr;
      }
      if (nginx->answers()) return nginx;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    why = "nginx did not answer within 10 s; it said: " + read_text(directory + "/error.log");
    return nullptr;
  }

  ~Nginx() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGQUIT);  // a graceful stop, master and workers
    const auto deadline = SteadyClock::now() + std::chrono::seconds(5);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (SteadyClock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& binary() const { return binary_; }

 private:
  Nginx(pid_t pid, std::uint16_t port, std::string binary) : pid_(pid), port_(port), binary_(std::move(binary)) {}

  static std::string read_text(const std::string& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }

  // Whether GET /healthz answers 200 with the body (a refused connection is not a failure yet).
  bool answers() const {
    const int socket_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port_);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool connected = ::connect(socket_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    bool ok = false;
    if (connected) {
      const HttpReply reply = http_exchange(socket_fd, request_text("GET", "/healthz", {}));
      if (reply.status != 200 || reply.body != kHealthBody) fail("nginx answered " + reply.head + "\n" + reply.body);
      ok = true;
    }
    ::close(socket_fd);
    return ok;
  }

  pid_t pid_ = 0;
  std::uint16_t port_ = 0;
  std::string binary_;
};

struct HealthResult {
  double keel_per_second = 0;
  double keel_generator_busy = 0;
  double keel_microseconds = 0;            // the server's processor time per answer
  std::string keel_busiest;                // its busiest threads' shares of the time
  std::optional<double> nginx_per_second;  // none when nginx could not run
  double nginx_generator_busy = 0;
  double nginx_microseconds = 0;  // nginx's processor time per answer (master and workers)
  std::size_t reconnects = 0;     // connections either server closed (neither should)
  std::string nginx_note;
};

HealthResult measure_healthz(int repetitions) {
  TemporaryDirectory directory("api-healthz");
  ApiServer server(directory.path() + "/home", serve_options());
  const std::string request = request_text("GET", "/healthz", {});
  HealthResult result;
  auto nginx = Nginx::start(directory.path() + "/nginx", result.nginx_note);
  if (!nginx) {
    std::printf("  healthz: %s\n", result.nginx_note.c_str());
  } else {
    std::printf("  healthz: nginx %s on 127.0.0.1:%u (worker_processes auto on %u processors)\n",
                nginx->binary().c_str(), nginx->port(), std::thread::hardware_concurrency());
  }
  std::fflush(stdout);
  (void)run_load(server.port(), request, kHealthConnections, kNoRamp, kWarmUpTime, 200);
  if (nginx) (void)run_load(nginx->port(), request, kHealthConnections, kNoRamp, kWarmUpTime, 200);
  std::vector<double> keel_rates, keel_busy, keel_processor, nginx_rates, nginx_busy, nginx_processor;
  std::vector<std::vector<double>> keel_busiest;
  for (int repetition = 0; repetition < repetitions; ++repetition) {
    const auto measure_keel = [&] {
      const LoadResult load = run_load(server.port(), request, kHealthConnections, kRamp, kHealthTime, 200);
      keel_rates.push_back(load.per_second());
      keel_busy.push_back(load.generator_busy);
      keel_processor.push_back(load.server_microseconds_per_answer());
      keel_busiest.push_back(load.busiest);
      result.reconnects += load.reconnects;
    };
    const auto measure_nginx = [&] {
      if (!nginx) return;
      const pid_t nginx_pid = nginx->pid();
      const LoadResult load = run_load(nginx->port(), request, kHealthConnections, kRamp, kHealthTime, 200,
                                       [nginx_pid] { return process_tree_processor_seconds(nginx_pid); });
      nginx_rates.push_back(load.per_second());
      nginx_busy.push_back(load.generator_busy);
      nginx_processor.push_back(load.external_microseconds_per_answer());
      result.reconnects += load.reconnects;
    };
    if (repetition % 2 == 0) {
      measure_keel();
      measure_nginx();
    } else {
      measure_nginx();
      measure_keel();
    }
    const std::string nginx_rate = nginx ? fmt::format(", nginx {:.0f}/s", nginx_rates.back()) : "";
    std::printf("  healthz repetition %d: keel %.0f/s%s\n", repetition + 1, keel_rates.back(), nginx_rate.c_str());
    std::fflush(stdout);
  }
  result.keel_per_second = median(keel_rates);
  result.keel_generator_busy = median(keel_busy);
  result.keel_microseconds = median(keel_processor);
  result.keel_busiest = busiest_threads(keel_busiest);
  if (nginx) {
    result.nginx_per_second = median(nginx_rates);
    result.nginx_generator_busy = median(nginx_busy);
    result.nginx_microseconds = median(nginx_processor);
  }
  return result;
}

// --- memory with idle connections ---------------------------------------------------------------

// In a fresh process: a server on an empty home, then kIdleConnections connections that each make
// one GET /healthz and stay open. Prints "before_bytes with_bytes open_connections seconds".
int memory_child() {
  TemporaryDirectory directory("api-memory");
  http::ServerOptions options = serve_options();
  // Caps raised to fit: `keel serve` allows 1,000 connections per address, and all of these come
  // from 127.0.0.1; the idle timeout is raised so that none ends while the rest are being opened.
  options.max_connections = std::max<std::size_t>(options.max_connections, kIdleConnections + 100);
  options.max_connections_per_address = kIdleConnections + 100;
  options.idle_timeout = std::chrono::minutes(10);
  ApiServer server(directory.path() + "/home", options);
  const std::size_t open_files = http::raise_open_file_limit();
  if (open_files < 2 * kIdleConnections + 100) {
    fail(fmt::format("the open-file limit ({}) cannot hold 2 × {} sockets; raise the hard limit (ulimit -Hn)",
                     open_files, kIdleConnections));
  }
  const std::string request = request_text("GET", "/healthz", {});
  // A few requests first, so that what every request allocates once is there before "before".
  for (int warm = 0; warm < 10; ++warm) {
    if (request_once(server.port(), request).status != 200) fail("GET /healthz failed");
  }
  const double before = resident_bytes();
  std::vector<int> idle;
  idle.reserve(kIdleConnections);
  const auto start = SteadyClock::now();
  for (int index = 0; index < kIdleConnections; ++index) {
    idle.push_back(connect_loopback(server.port()));
    const HttpReply reply = http_exchange(idle.back(), request);
    if (reply.status != 200) fail("GET /healthz on an idle connection answered " + std::to_string(reply.status));
  }
  const double opening = seconds_of(SteadyClock::now() - start);
  const double with = resident_bytes();
  const std::size_t open = server.server().connections();
  std::printf("%.0f %.0f %zu %.3f\n", before, with, open, opening);
  for (const int socket_fd : idle) ::close(socket_fd);
  return 0;
}

struct MemoryResult {
  double before = 0;  // bytes, medians
  double with = 0;
  double opening_seconds = 0;
};

MemoryResult measure_memory() {
  std::error_code error;
  const std::string self = std::filesystem::read_symlink("/proc/self/exe", error).string();
  if (error) fail("cannot find this program's own path");
  std::vector<double> befores, withs, openings;
  for (int repetition = 0; repetition < kMemoryRepetitions; ++repetition) {
    std::FILE* child = ::popen(("'" + self + "' --memory-child").c_str(), "r");
    if (child == nullptr) fail("cannot start " + self + " --memory-child");
    double before = 0, with = 0, opening = 0;
    std::size_t open = 0;
    const int read = std::fscanf(child, "%lf %lf %zu %lf", &before, &with, &open, &opening);
    const int status = ::pclose(child);
    if (read != 4 || status != 0) fail("the memory child failed");
    if (open < static_cast<std::size_t>(kIdleConnections)) {
      fail(fmt::format("the server counted {} open connections, not {}", open, kIdleConnections));
    }
    std::printf("  memory repetition %d: %.1f MB before, %.1f MB with %d idle connections (opened in %.1f s)\n",
                repetition + 1, before / 1e6, with / 1e6, kIdleConnections, opening);
    std::fflush(stdout);
    befores.push_back(before);
    withs.push_back(with);
    openings.push_back(opening);
  }
  return {median(befores), median(withs), median(openings)};
}

// --- the table ----------------------------------------------------------------------------------

std::string per_second(double rate) { return fmt::format("{:.0f}/s", rate); }
std::string milliseconds(double value) { return fmt::format("{:.1f} ms", value); }
std::string goal_text(const std::string& goal, bool met) { return goal + (met ? ": met" : ": NOT met"); }

struct TableRow {
  std::string what, keel, baseline, ratio, goal;
};

// Characters as a terminal shows them (UTF-8 continuation bytes take no column: "µs" is two).
std::size_t columns(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char byte) { return (static_cast<unsigned char>(byte) & 0xC0) != 0x80; }));
}

// `text` padded with spaces to `width` columns, on the left (`right`) or on the right.
std::string padded(const std::string& text, std::size_t width, bool right) {
  const std::string spaces(width > columns(text) ? width - columns(text) : 0, ' ');
  return right ? spaces + text : text + spaces;
}

void print_table(const std::vector<TableRow>& rows, int repetitions, double load_before) {
  std::printf("\nRESULT api_bench: medians of %d repetitions; load average (1 min) %.2f before, %.2f after\n",
              repetitions, load_before, load_average());
  const TableRow header{"what", "keel", "baseline (same run)", "ratio", "goal"};
  std::size_t widths[4] = {columns(header.what), columns(header.keel), columns(header.baseline), columns(header.ratio)};
  for (const auto& row : rows) {
    widths[0] = std::max(widths[0], columns(row.what));
    widths[1] = std::max(widths[1], columns(row.keel));
    widths[2] = std::max(widths[2], columns(row.baseline));
    widths[3] = std::max(widths[3], columns(row.ratio));
  }
  const auto print = [&](const TableRow& row) {
    // Seven spaces: scripts/bench's summary keeps lines that begin so.
    const std::string line = "       " + padded(row.what, widths[0], false) + "  " + padded(row.keel, widths[1], true) +
                             "  " + padded(row.baseline, widths[2], false) + "  " + padded(row.ratio, widths[3], true) +
                             "  " + row.goal;
    std::printf("%s\n", line.substr(0, line.find_last_not_of(' ') + 1).c_str());
  };
  print(header);
  for (const auto& row : rows) print(row);
}

std::string ratio(double value) { return fmt::format("{:.2f}", value); }

int run(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "--memory-child") {
    setenv("KEEL_KDF", "test", 1);
    return memory_child();
  }
  int repetitions = kDefaultRepetitions;
  std::set<std::string> parts;
  for (int index = 1; index < argc; ++index) {
    const std::string argument = argv[index];
    if (argument == "--repetitions" && index + 1 < argc) {
      repetitions = std::max(1, std::atoi(argv[++index]));
    } else if (argument == "writes" || argument == "stats" || argument == "healthz" || argument == "memory") {
      parts.insert(argument);
    } else {
      std::fprintf(stderr, "usage: api_bench [--repetitions N] [writes] [stats] [healthz] [memory]\n");
      return 2;
    }
  }
  if (parts.empty()) parts = {"writes", "stats", "healthz", "memory"};
  const auto chosen = [&](const char* part) { return parts.count(part) > 0; };
  // Signing in derives a key: at libsodium's minimum limits here, as it is not what is measured.
  setenv("KEEL_KDF", "test", 1);
  ::signal(SIGPIPE, SIG_IGN);
  const double load_before = load_average();
  std::printf(
      "api_bench: keel's API in process (1 I/O thread, 2 worker threads, no access log) against same-run "
      "baselines; KEEL_KDF=test for sign-in; files in %s; %u processors; load average (1 min) %.2f\n",
      bench_root().c_str(), std::thread::hardware_concurrency(), load_before);
  std::fflush(stdout);

  std::vector<TableRow> rows;
  if (chosen("writes")) {
    const WritesResult writes = measure_writes(repetitions);
    std::printf(
        "  writes: a request of %zu bytes; the stored row (and the raw one) %zu bytes of values; processor time "
        "per write, processors free to idle: keel's server %.0f µs at 1 connection, %.0f at 8, %.0f at 32; a raw "
        "insert %.0f µs\n",
        writes.request_bytes, writes.row_bytes, writes.as_is.keel_microseconds.at(1),
        writes.as_is.keel_microseconds.at(8), writes.as_is.keel_microseconds.at(32), writes.raw_microseconds);
    for (int condition = 0; condition < 2; ++condition) {
      const WritesCondition& summary = condition == 0 ? writes.as_is : writes.awake;
      for (const int connections : kWriteConnections) {
        const double keel = summary.keel_per_second.at(connections);
        rows.push_back(
            {fmt::format("POST /api/v1/urges, {}{} connection{} (p50 {:.1f} ms)",
                         condition == 1 ? "processors awake, " : "", connections, connections == 1 ? "" : "s",
                         summary.keel_p50.at(connections)),
             per_second(keel),
             (condition == 1 ? "raw SQLite, awake, " : "raw SQLite insert ") + per_second(summary.raw_per_second),
             ratio(keel / summary.raw_per_second), "none"});
      }
    }
  }
  if (chosen("stats")) {
    const StatsResult stats = measure_stats(repetitions);
    std::printf(
        "  stats: %zu records (two years), an answer of %zu bytes gzip (%zu plain; %zu with ?detail=full); in "
        "process p50: list_all %.2f ms, compute_stats %.2f ms, stats_to_json + dump %.2f ms; at %d connections %.1f "
        "answers/s, the server's processor time %.3f ms per answer, its busiest threads %s busy (generator "
        "%.0f%%)\n",
        stats.records, stats.answer_bytes, stats.plain_bytes, stats.full_bytes, stats.list_all, stats.compute,
        stats.to_json, kStatsConnections, stats.per_second, stats.server_milliseconds, stats.busiest.c_str(),
        stats.generator_busy * 100);
    const std::string baseline = "in process " + milliseconds(stats.in_process);
    rows.push_back({fmt::format("GET /api/v1/stats, {} connections, p50", kStatsConnections), milliseconds(stats.p50),
                    baseline, ratio(stats.p50 / stats.in_process), ""});
    rows.push_back(
        {fmt::format("GET /api/v1/stats, {} connections, p99", kStatsConnections), milliseconds(stats.p99), baseline,
         ratio(stats.p99 / stats.in_process),
         goal_text(fmt::format("p99 < {:.0f} ms", kStatsGoalMilliseconds), stats.p99 < kStatsGoalMilliseconds)});
    rows.push_back({"GET /api/v1/stats, 1 connection, p50", milliseconds(stats.single_p50), baseline,
                    ratio(stats.single_p50 / stats.in_process), ""});
  }
  if (chosen("healthz")) {
    const HealthResult health = measure_healthz(repetitions);
    const std::string what = fmt::format("GET /healthz, {} connections", kHealthConnections);
    if (health.nginx_per_second) {
      std::printf(
          "  healthz: keel's processor time %.1f µs per answer, its busiest threads %s busy; the generator's "
          "thread was busy %.0f%% of the time against keel, %.0f%% against nginx; %zu connections closed by a "
          "server and opened again\n",
          health.keel_microseconds, health.keel_busiest.c_str(), health.keel_generator_busy * 100,
          health.nginx_generator_busy * 100, health.reconnects);
      const double share = health.keel_per_second / *health.nginx_per_second;
      rows.push_back({what, per_second(health.keel_per_second), "nginx " + per_second(*health.nginx_per_second),
                      ratio(share),
                      goal_text(fmt::format(">= {:.1f} of nginx", kHealthGoalRatio), share >= kHealthGoalRatio)});
      // Processor time per answer depends less on what else the machine runs than the rate does.
      rows.push_back({"GET /healthz, processor time per answer", fmt::format("{:.1f} µs", health.keel_microseconds),
                      fmt::format("nginx {:.1f} µs", health.nginx_microseconds),
                      ratio(health.keel_microseconds / health.nginx_microseconds), ""});
    } else {
      rows.push_back({what, per_second(health.keel_per_second), "nginx: skipped", "-", "not measured (no nginx)"});
    }
  }
  if (chosen("memory")) {
    const MemoryResult memory = measure_memory();
    std::printf("  memory: the server's share %.1f MB, %.1f KB per idle connection\n",
                (memory.with - memory.before) / 1e6, (memory.with - memory.before) / 1e3 / kIdleConnections);
    rows.push_back({fmt::format("resident memory (VmRSS), {} idle keep-alive connections", kIdleConnections),
                    fmt::format("{:.1f} MB", memory.with / 1e6),
                    fmt::format("{:.1f} MB before them", memory.before / 1e6), ratio(memory.with / memory.before),
                    goal_text(fmt::format("< {:.0f} MB", kMemoryGoalBytes / 1e6), memory.with < kMemoryGoalBytes)});
  }
  print_table(rows, repetitions, load_before);
  return 0;
}

}  // namespace
}  // namespace keel::bench

int main(int argc, char** argv) {
  try {
    return keel::bench::run(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "benchmark failed: %s\n", error.what());
    return 1;
  }
}
