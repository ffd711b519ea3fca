// A small synchronous HTTP/1.1 client for the tests (Boost.Beast over a blocking socket). Every
// read waits at most kReadLimit for the server, so that a server that never answers fails the
// test instead of hanging it; the tests assert what arrives, never how long it took.
#pragma once

#include <poll.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/beast.h"

namespace keel::http::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace wire = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr std::chrono::milliseconds kReadLimit{15'000};

// A blocking socket whose reads give up (with timed_out) after kReadLimit.
class PatientStream {
 public:
  explicit PatientStream(tcp::socket& socket) : socket_(socket) {}
  using executor_type = tcp::socket::executor_type;
  executor_type get_executor() { return socket_.get_executor(); }

  template <typename Buffers>
  std::size_t read_some(const Buffers& buffers, boost::system::error_code& error) {
    pollfd descriptor{socket_.native_handle(), POLLIN, 0};
    const int ready = ::poll(&descriptor, 1, static_cast<int>(kReadLimit.count()));
    if (ready == 0) {
      error = asio::error::timed_out;
      return 0;
    }
    return socket_.read_some(buffers, error);
  }
  template <typename Buffers>
  std::size_t read_some(const Buffers& buffers) {
    boost::system::error_code error;
    const std::size_t read = read_some(buffers, error);
    if (error) throw boost::system::system_error(error);
    return read;
  }
  template <typename Buffers>
  std::size_t write_some(const Buffers& buffers, boost::system::error_code& error) {
    return socket_.write_some(buffers, error);
  }
  template <typename Buffers>
  std::size_t write_some(const Buffers& buffers) {
    return socket_.write_some(buffers);
  }

 private:
  tcp::socket& socket_;
};

struct Reply {
  int status = 0;
  wire::fields headers;
  std::string body;
  bool keep_alive = false;

  std::string header(wire::field name) const { return std::string(headers[name]); }
  std::string header(const std::string& name) const { return std::string(headers[name]); }
};

class Client {
 public:
  explicit Client(std::uint16_t port) : socket_(io_) {
    boost::system::error_code error;
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), error);
    connected_ = !error;
    connect_error_ = error;
  }

  bool connected() const { return connected_; }
  boost::system::error_code connect_error() const { return connect_error_; }

  // Writes raw bytes as they are.
  void send(const std::string& bytes) {
    boost::system::error_code error;
    asio::write(socket_, asio::buffer(bytes), error);
  }

  // Sends a request; the Host header and the body's length are filled in.
  void send_request(wire::verb method, const std::string& target, const std::string& body = "",
                    std::vector<std::pair<std::string, std::string>> headers = {}, bool keep_alive = true) {
    wire::request<wire::string_body> request{method, target, 11};
    request.set(wire::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.keep_alive(keep_alive);
    request.body() = body;
    request.prepare_payload();
    PatientStream stream(socket_);
    boost::system::error_code error;
    wire::write(stream, request, error);
  }

  // Reads one response (to a HEAD request: without a body); nothing when the connection closed or
  // nothing came in time.
  std::optional<Reply> read_reply(bool head_request = false) {
    PatientStream stream(socket_);
    wire::response_parser<wire::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head_request);
    boost::system::error_code error;
    wire::read(stream, buffer_, parser, error);
    if (error) return std::nullopt;
    Reply reply;
    auto message = parser.release();
    reply.status = static_cast<int>(message.result_int());
    reply.keep_alive = message.keep_alive();
    reply.body = std::move(message.body());
    reply.headers = std::move(message.base());
    return reply;
  }

  // Sends a request and reads its response.
  std::optional<Reply> request(wire::verb method, const std::string& target, const std::string& body = "",
                               std::vector<std::pair<std::string, std::string>> headers = {}, bool keep_alive = true) {
    send_request(method, target, body, std::move(headers), keep_alive);
    return read_reply();
  }

  // True when the server closed the connection: the next read ends (no bytes, no timeout).
  bool closed_by_server() {
    if (buffer_.size() > 0) return false;
    PatientStream stream(socket_);
    char byte = 0;
    boost::system::error_code error;
    const std::size_t read = stream.read_some(asio::buffer(&byte, 1), error);
    return read == 0 && error && error != asio::error::timed_out;
  }

  // What a raw read gets: everything up to the end of the connection (for malformed requests).
  std::string read_to_end() {
    std::string all(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    buffer_.consume(buffer_.size());
    PatientStream stream(socket_);
    char chunk[4096];
    while (true) {
      boost::system::error_code error;
      const std::size_t read = stream.read_some(asio::buffer(chunk), error);
      all.append(chunk, read);
      if (error) break;
    }
    return all;
  }

  void close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
  bool connected_ = false;
  boost::system::error_code connect_error_;
};

}  // namespace keel::http::testing
