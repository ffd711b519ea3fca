// Holding idle keep-alive connections: two in-process http::Servers with the options `keel serve`
// uses (caps raised to fit, no access log) answer GET /healthz. One holds 5,000 idle keep-alive
// connections (each made one request first), the other none: the baseline. Samples alternate
// between the two, so that whatever else the machine does weighs on both alike. Each sample opens a
// fresh connection, sends one request, reads the answer and closes: the wall time from connect()
// to the last byte. Also the process's resident memory before and with the idle connections (the
// client sockets are in the same process but cost only kernel memory). A small harness with plain
// POSIX sockets, so that the client adds as little as it can to what is measured.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "bench_support.h"
#include "http/server.h"

namespace keel::bench {
namespace {

constexpr int kIdleConnections = 5'000;
constexpr int kSamples = 2'000;
constexpr int kWarmUp = 200;

using SteadyClock = std::chrono::steady_clock;

const std::string kRequest = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

int connect_to(std::uint16_t port) {
  const int socket_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (socket_fd < 0) fail(std::string("socket: ") + std::strerror(errno));
  const int one = 1;
  setsockopt(socket_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(socket_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    fail(std::string("connect: ") + std::strerror(errno));
  }
  return socket_fd;
}

// Sends GET /healthz and reads one whole response; fails the benchmark on anything but a 200.
void exchange(int socket_fd) {
  if (::send(socket_fd, kRequest.data(), kRequest.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(kRequest.size())) {
    fail("send failed");
  }
  std::string response;
  char buffer[4096];
  std::size_t header_end = std::string::npos;
  std::size_t length = 0;
  while (true) {
    pollfd descriptor{socket_fd, POLLIN, 0};
    if (::poll(&descriptor, 1, 10'000) <= 0) fail("no answer within 10 s");
    const ssize_t read = ::recv(socket_fd, buffer, sizeof buffer, 0);
    if (read <= 0) fail("the server closed the connection before answering");
    response.append(buffer, static_cast<std::size_t>(read));
    if (header_end == std::string::npos && (header_end = response.find("\r\n\r\n")) != std::string::npos) {
      if (response.compare(0, 12, "HTTP/1.1 200") != 0) fail("not a 200: " + response.substr(0, 40));
      const std::size_t field = response.find("Content-Length: ");
      if (field == std::string::npos || field > header_end) fail("no Content-Length");
      length = std::stoul(response.substr(field + 16));
    }
    if (header_end != std::string::npos && response.size() >= header_end + 4 + length) return;
  }
}

double sample_fresh_connection(std::uint16_t port) {
  const auto start = SteadyClock::now();
  const int socket_fd = connect_to(port);
  exchange(socket_fd);
  const double milliseconds = std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
  ::close(socket_fd);
  return milliseconds;
}

struct Latency {
  double median = 0;
  double p99 = 0;
};

Latency summarise(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return {median(samples), samples[static_cast<std::size_t>(0.99 * static_cast<double>(samples.size() - 1))]};
}

// Samples on the two servers in turn (which goes first alternates too).
std::pair<Latency, Latency> measure_alternating(std::uint16_t loaded_port, std::uint16_t baseline_port) {
  for (int i = 0; i < kWarmUp; ++i) {
    (void)sample_fresh_connection(loaded_port);
    (void)sample_fresh_connection(baseline_port);
  }
  std::vector<double> loaded;
  std::vector<double> baseline;
  loaded.reserve(kSamples);
  baseline.reserve(kSamples);
  for (int i = 0; i < kSamples; ++i) {
    if (i % 2 == 0) {
      loaded.push_back(sample_fresh_connection(loaded_port));
      baseline.push_back(sample_fresh_connection(baseline_port));
    } else {
      baseline.push_back(sample_fresh_connection(baseline_port));
      loaded.push_back(sample_fresh_connection(loaded_port));
    }
  }
  return {summarise(std::move(loaded)), summarise(std::move(baseline))};
}

// The resident set of this process in MiB (VmRSS).
double resident_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

}  // namespace
}  // namespace keel::bench

keel::http::Router healthz_router() {
  keel::http::Router router;
  if (!router.add("GET", "/healthz",
                  [](const keel::http::Request&) { return keel::http::Response::json(200, R"({"status":"ok"})"); })) {
    keel::bench::fail("cannot add the route");
  }
  return router;
}

int main() {
  using namespace keel::bench;
  keel::http::ServerOptions options;
  options.port = 0;
  options.max_connections = kIdleConnections + 1'000;
  options.max_connections_per_address = kIdleConnections + 1'000;
  options.idle_timeout = std::chrono::minutes(10);
  auto loaded_server = keel::http::Server::start(options, healthz_router(), {});
  if (!loaded_server.is_ok()) fail(loaded_server.status().message());
  auto baseline_server = keel::http::Server::start(options, healthz_router(), {});
  if (!baseline_server.is_ok()) fail(baseline_server.status().message());
  auto& loaded = *loaded_server.value();
  auto& baseline = *baseline_server.value();
  const std::size_t open_files = keel::http::raise_open_file_limit();
  if (open_files < 2 * kIdleConnections + 100) {
    fail("the open-file limit (" + std::to_string(open_files) + ") cannot hold 2 x " +
         std::to_string(kIdleConnections) + " sockets; raise the hard limit (ulimit -Hn)");
  }
  std::printf(
      "http_bench: GET /healthz on a fresh connection, %d samples per server after %d warm-up, alternating "
      "between a server with %d idle keep-alive connections and one with none; io_threads %zu, worker_threads %zu "
      "each; load average (1 min) %.2f\n",
      kSamples, kWarmUp, kIdleConnections, options.io_threads, options.worker_threads, load_average());
  std::fflush(stdout);

  const double memory_before = resident_mib();
  std::vector<int> idle;
  idle.reserve(kIdleConnections);
  const auto opening = SteadyClock::now();
  for (int i = 0; i < kIdleConnections; ++i) {
    idle.push_back(connect_to(loaded.port()));
    exchange(idle.back());
  }
  const double opening_seconds = std::chrono::duration<double>(SteadyClock::now() - opening).count();
  const double memory_idle = resident_mib();
  std::printf("opened %d idle keep-alive connections in %.1f s; the server counts %zu open\n", kIdleConnections,
              opening_seconds, loaded.connections());
  std::fflush(stdout);

  const auto [with_idle, without] = measure_alternating(loaded.port(), baseline.port());
  const std::size_t still_open = loaded.connections();
  if (still_open < static_cast<std::size_t>(kIdleConnections)) fail("idle connections were closed during the run");
  for (const int socket_fd : idle) ::close(socket_fd);
  loaded.stop();
  baseline.stop();

  std::printf("load average (1 min) after: %.2f\n", load_average());
  std::printf(
      "RESULT http /healthz on a fresh connection beside %d idle keep-alive connections: median %.3f ms, p99 %.3f "
      "ms; baseline (a server with none, same run): median %.3f ms, p99 %.3f ms; ratio of medians %.2f, of p99 "
      "%.2f\n",
      kIdleConnections, with_idle.median, with_idle.p99, without.median, without.p99,
      without.median > 0 ? with_idle.median / without.median : 0, without.p99 > 0 ? with_idle.p99 / without.p99 : 0);
  std::printf("RESULT http resident memory: %.1f MiB before, %.1f MiB with %d idle connections (%.1f KiB each)\n",
              memory_before, memory_idle, kIdleConnections, (memory_idle - memory_before) * 1024.0 / kIdleConnections);
  return 0;
}
