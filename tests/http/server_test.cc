// The HTTP server in-process on a port the system picks, with a test router, and a synchronous
// client: limits, keep-alive, graceful stop and the access log. Timeouts are configured small;
// the tests assert what happens, never how long it took.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "http/http_client.h"
#include "http/server.h"

namespace keel::http {
namespace {

using testing::Client;
using testing::Reply;
using Verb = boost::beast::http::verb;
using Field = boost::beast::http::field;

// Waits, without sleeping, until `done` holds; false when it does not within 15 s.
template <typename Predicate>
bool eventually(Predicate done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

// What the access log received.
class LogRecorder {
 public:
  void add(const AccessLogEntry& entry) {
    std::lock_guard lock(mutex_);
    entries_.push_back(entry);
    changed_.notify_all();
  }
  // Every entry once there are at least `count` (or what there is after 15 s).
  std::vector<AccessLogEntry> wait_for(std::size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(15), [&] { return entries_.size() >= count; });
    return entries_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<AccessLogEntry> entries_;
};

// A handler that answers only when the test lets it, and says when it started.
struct Gate {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
};

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() {
    options_.port = 0;
    options_.header_timeout = std::chrono::seconds(10);
    options_.body_timeout = std::chrono::seconds(10);
    options_.idle_timeout = std::chrono::seconds(10);
  }

  Router test_router() {
    Router router;
    EXPECT_TRUE(
        router.add("GET", "/healthz", [](const Request&) { return Response::json(200, R"({"status":"ok"})"); }));
    EXPECT_TRUE(router.add("GET", "/api/v1/urges", [](const Request&) { return Response::json(200, "[]"); }));
    EXPECT_TRUE(router.add("POST", "/api/v1/urges", [](const Request& request) {
      return Response::json(201, R"({"bytes":)" + std::to_string(request.body.size()) + "}");
    }));
    EXPECT_TRUE(router.add("GET", "/api/v1/urges/{id}", [](const Request& request) {
      std::string echo = "id=" + *request.path_parameter("id") + ";route=" + request.route;
      for (const auto& [name, value] : request.query) echo += ";" + name + "=" + value;
      Response response;
      response.body = echo;
      response.headers.emplace_back("Content-Type", "text/plain");
      return response;
    }));
    EXPECT_TRUE(router.add("PUT", "/api/v1/urges/{id}", [](const Request& request) {
      return Response::json(200, R"({"bytes":)" + std::to_string(request.body.size()) + "}");
    }));
    EXPECT_TRUE(router.add("GET", "/throws", [](const Request&) -> Response { throw std::runtime_error("a bug"); }));
    EXPECT_TRUE(router.add(
        "GET", "/from-memory", [](const Request&) { return Response::json(200, R"({"memory":true})"); },
        Dispatch::io_thread));
    EXPECT_TRUE(router.add(
        "GET", "/throws-in-memory", [](const Request&) -> Response { throw std::runtime_error("a bug"); },
        Dispatch::io_thread));
    EXPECT_TRUE(router.add("GET", "/slow", [this](const Request&) {
      gate_.entered.set_value();
      gate_.released.wait();
      return Response::json(200, R"({"slow":true})");
    }));
    return router;
  }

  void start() {
    auto started = Server::start(options_, test_router(), [this](const AccessLogEntry& entry) { log_.add(entry); });
    ASSERT_TRUE(started.is_ok()) << started.status().message();
    server_ = std::move(started).value();
  }

  std::uint16_t port() const { return server_->port(); }

  ServerOptions options_;
  LogRecorder log_;
  Gate gate_;
  std::unique_ptr<Server> server_;  // last: stopped before what its handlers and log use
};

void expect_security_headers(const Reply& reply) {
  EXPECT_EQ(reply.header("Cache-Control"), "no-store");
  EXPECT_EQ(reply.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(reply.header("Referrer-Policy"), "no-referrer");
  EXPECT_NE(reply.header("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
}

TEST_F(ServerTest, HealthzAnswersOkWithTheSecurityHeaders) {
  start();
  EXPECT_EQ(server_->address(), "127.0.0.1");
  EXPECT_NE(port(), 0);
  Client client(port());
  const auto reply = client.request(Verb::get, "/healthz");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, R"({"status":"ok"})");
  EXPECT_EQ(reply->header(Field::content_type), "application/json");
  expect_security_headers(*reply);
}

TEST_F(ServerTest, AnUnknownRouteIs404AsJson) {
  start();
  Client client(port());
  const auto reply = client.request(Verb::get, "/api/v1/nothing-here");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 404);
  EXPECT_EQ(reply->header(Field::content_type), "application/json");
  EXPECT_NE(reply->body.find(R"({"error":{"code":"not_found","message":")"), std::string::npos) << reply->body;
  expect_security_headers(*reply);
  EXPECT_TRUE(reply->keep_alive);
}

TEST_F(ServerTest, AWrongMethodIs405WithAllow) {
  start();
  Client client(port());
  auto reply = client.request(Verb::delete_, "/api/v1/urges");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 405);
  EXPECT_EQ(reply->header(Field::allow), "GET, HEAD, POST");
  EXPECT_NE(reply->body.find(R"("code":"method_not_allowed")"), std::string::npos) << reply->body;
  reply = client.request(Verb::post, "/api/v1/urges/01ABC");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 405);
  EXPECT_EQ(reply->header(Field::allow), "GET, HEAD, PUT");
}

TEST_F(ServerTest, PathParametersAndTheQueryReachTheHandlerDecoded) {
  start();
  Client client(port());
  const auto reply = client.request(Verb::get, "/api/v1/urges/01%20AB%C3%A9?since=2026-01-01&note=a+b%21&empty");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "id=01 AB\xC3\xA9;route=/api/v1/urges/{id};since=2026-01-01;note=a b!;empty=");
  EXPECT_EQ(reply->header(Field::content_type), "text/plain");
  expect_security_headers(*reply);
}

TEST_F(ServerTest, AFallbackAnswersGetAndHeadToAPathWithoutARoute) {
  Router router = test_router();
  router.set_fallback([](const Request& request) {
    Response response = Response::json(404, R"({"fallback":")" + request.path + R"("})");
    return response;
  });
  auto started = Server::start(options_, std::move(router), [this](const AccessLogEntry& entry) { log_.add(entry); });
  ASSERT_TRUE(started.is_ok()) << started.status().message();
  server_ = std::move(started).value();
  Client client(port());
  const auto got = client.request(Verb::get, "/somewhere/else");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 404);
  EXPECT_EQ(got->body, R"({"fallback":"/somewhere/else"})");
  expect_security_headers(*got);
  client.send_request(Verb::head, "/somewhere/else");
  const auto head = client.read_reply(/*head_request=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 404);
  EXPECT_TRUE(head->body.empty());
  // Other methods, and paths that do have routes, are not the fallback's.
  const auto posted = client.request(Verb::post, "/somewhere/else", "{}");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 404);
  EXPECT_NE(posted->body.find(R"("not_found")"), std::string::npos) << posted->body;
  EXPECT_EQ(client.request(Verb::get, "/healthz")->status, 200);
}

TEST_F(ServerTest, HeadIsAnsweredByTheGetRouteWithoutABody) {
  start();
  Client client(port());
  client.send_request(Verb::head, "/healthz");
  const auto head = client.read_reply(/*head_request=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header(Field::content_length), "15");
  expect_security_headers(*head);
  // No body bytes were sent: the next answer on the connection starts cleanly.
  const auto next = client.request(Verb::get, "/healthz");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, R"({"status":"ok"})");
}

TEST_F(ServerTest, ABadTargetIs400) {
  start();
  Client client(port());
  for (const char* target : {"/api/v1/urges/%zz", "/api/v1/../healthz", "/healthz?x=%FF", "/api/v1/urges/%00"}) {
    const auto reply = client.request(Verb::get, target);
    ASSERT_TRUE(reply) << target;
    EXPECT_EQ(reply->status, 400) << target;
    EXPECT_NE(reply->body.find(R"("code":"bad_request")"), std::string::npos) << reply->body;
  }
}

TEST_F(ServerTest, AMalformedRequestIs400AndTheConnectionCloses) {
  start();
  Client client(port());
  client.send("THIS IS NOT HTTP\r\n\r\n");
  const auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  EXPECT_FALSE(reply->keep_alive);
  expect_security_headers(*reply);
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, AHeaderOverTheLimitIs431AndTheConnectionCloses) {
  start();
  Client client(port());
  const auto reply = client.request(Verb::get, "/healthz", "", {{"X-Padding", std::string(9 * 1024, 'a')}});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 431);
  EXPECT_NE(reply->body.find(R"("code":"header_too_large")"), std::string::npos) << reply->body;
  EXPECT_FALSE(reply->keep_alive);
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, AHeaderJustUnderTheLimitIsServed) {
  start();
  Client client(port());
  const auto reply = client.request(Verb::get, "/healthz", "", {{"X-Padding", std::string(7 * 1024, 'a')}});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
}

TEST_F(ServerTest, ABodyOverTheLimitIs413AndTheConnectionCloses) {
  options_.body_limit = 1000;
  start();
  {
    // The length says too much: refused before the body is read.
    Client client(port());
    client.send("POST /api/v1/urges HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n" + std::string(1001, 'x'));
    const auto reply = client.read_reply();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 413);
    EXPECT_NE(reply->body.find(R"("code":"payload_too_large")"), std::string::npos) << reply->body;
    EXPECT_FALSE(reply->keep_alive);
    EXPECT_TRUE(client.closed_by_server());
  }
  {
    // Chunks that add up to too much: refused while reading.
    Client client(port());
    client.send(
        "POST /api/v1/urges HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        "258\r\n" +
        std::string(600, 'x') + "\r\n258\r\n" + std::string(600, 'y') + "\r\n0\r\n\r\n");
    const auto reply = client.read_reply();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 413);
    EXPECT_TRUE(client.closed_by_server());
  }
  {
    // At the limit: served.
    Client client(port());
    const auto reply = client.request(Verb::post, "/api/v1/urges", std::string(1000, 'z'));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 201);
    EXPECT_EQ(reply->body, R"({"bytes":1000})");
  }
}

TEST_F(ServerTest, ARequestWhoseHeaderStallsIs408AndTheConnectionCloses) {
  options_.header_timeout = std::chrono::milliseconds(200);
  start();
  Client client(port());
  client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // and never the blank line
  const auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 408);
  EXPECT_NE(reply->body.find(R"("code":"request_timeout")"), std::string::npos) << reply->body;
  EXPECT_FALSE(reply->keep_alive);
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, ARequestWhoseBodyStallsIs408AndTheConnectionCloses) {
  options_.body_timeout = std::chrono::milliseconds(200);
  start();
  Client client(port());
  client.send("POST /api/v1/urges HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
  const auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 408);
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, AConnectionThatSendsNothingIsClosedWithoutAnAnswer) {
  options_.header_timeout = std::chrono::milliseconds(200);
  start();
  Client client(port());
  EXPECT_EQ(client.read_to_end(), "");
}

TEST_F(ServerTest, AnIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  options_.idle_timeout = std::chrono::milliseconds(200);
  start();
  Client client(port());
  const auto reply = client.request(Verb::get, "/healthz");
  ASSERT_TRUE(reply);
  EXPECT_TRUE(reply->keep_alive);
  EXPECT_EQ(client.read_to_end(), "");  // closed, and no 408 for a connection between requests
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  Client client(port());
  for (int i = 0; i < 5; ++i) {
    const auto reply = client.request(i % 2 == 0 ? Verb::get : Verb::post, i % 2 == 0 ? "/healthz" : "/api/v1/urges",
                                      i % 2 == 0 ? "" : "body");
    ASSERT_TRUE(reply) << i;
    EXPECT_EQ(reply->status, i % 2 == 0 ? 200 : 201) << i;
    EXPECT_TRUE(reply->keep_alive) << i;
  }
  EXPECT_EQ(server_->connections(), 1u);
  // Pipelined: two requests in one write, two answers in order.
  client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/urges HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto first = client.read_reply();
  const auto second = client.read_reply();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, R"({"status":"ok"})");
  EXPECT_EQ(second->body, "[]");
  // Connection: close is honoured.
  const auto last = client.request(Verb::get, "/healthz", "", {}, false);
  ASSERT_TRUE(last);
  EXPECT_FALSE(last->keep_alive);
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, ExpectContinueGetsA100BeforeTheBody) {
  start();
  Client client(port());
  client.send("PUT /api/v1/urges/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  const auto proceed = client.read_reply();
  ASSERT_TRUE(proceed);
  EXPECT_EQ(proceed->status, 100);
  client.send("hello");
  const auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, R"({"bytes":5})");
}

TEST_F(ServerTest, TooManyConnectionsFromOneAddressGet503) {
  options_.max_connections_per_address = 2;
  start();
  Client first(port());
  Client second(port());
  ASSERT_TRUE(first.request(Verb::get, "/healthz"));
  ASSERT_TRUE(second.request(Verb::get, "/healthz"));
  Client third(port());
  third.send_request(Verb::get, "/healthz");
  const auto refused = third.read_reply();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_NE(refused->body.find(R"("code":"unavailable")"), std::string::npos) << refused->body;
  expect_security_headers(*refused);
  EXPECT_FALSE(refused->keep_alive);
  EXPECT_TRUE(third.closed_by_server());
  third.close();
  // The first two still work, and once one closes there is room again.
  ASSERT_TRUE(first.request(Verb::get, "/healthz"));
  second.close();
  ASSERT_TRUE(eventually([&] { return server_->connections() == 1; }));
  Client fourth(port());
  const auto reply = fourth.request(Verb::get, "/healthz");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
}

TEST_F(ServerTest, TooManyConnectionsInTotalGet503) {
  options_.max_connections = 1;
  start();
  Client first(port());
  ASSERT_TRUE(first.request(Verb::get, "/healthz"));
  Client second(port());
  const auto refused = second.request(Verb::get, "/healthz");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_TRUE(second.closed_by_server());
}

TEST_F(ServerTest, ASlowHandlerDoesNotHoldUpOtherConnections) {
  start();
  Client slow(port());
  slow.send_request(Verb::get, "/slow");
  gate_.entered.get_future().wait();
  // The handler blocks a worker; the I/O thread and the other worker still answer.
  Client quick(port());
  const auto reply = quick.request(Verb::get, "/healthz");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  gate_.release.set_value();
  const auto slow_reply = slow.read_reply();
  ASSERT_TRUE(slow_reply);
  EXPECT_EQ(slow_reply->status, 200);
}

TEST_F(ServerTest, AnIoThreadRouteAnswersWhileEveryWorkerIsBusy) {
  options_.worker_threads = 1;
  start();
  Client slow(port());
  slow.send_request(Verb::get, "/slow");
  gate_.entered.get_future().wait();
  // The only worker is blocked; a route answered on the I/O thread does not need it.
  Client quick(port());
  for (int i = 0; i < 3; ++i) {
    const auto reply = quick.request(Verb::get, "/from-memory");
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200);
    EXPECT_EQ(reply->body, R"({"memory":true})");
    expect_security_headers(*reply);
  }
  // A bug there is a 500 too, and the I/O thread goes on.
  const auto thrown = quick.request(Verb::get, "/throws-in-memory");
  ASSERT_TRUE(thrown);
  EXPECT_EQ(thrown->status, 500);
  EXPECT_EQ(quick.request(Verb::get, "/from-memory")->status, 200);
  gate_.release.set_value();
  const auto slow_reply = slow.read_reply();
  ASSERT_TRUE(slow_reply);
  EXPECT_EQ(slow_reply->status, 200);
}

TEST_F(ServerTest, AHandlerThatThrowsGives500AndTheServerGoesOn) {
  start();
  Client client(port());
  const auto reply = client.request(Verb::get, "/throws");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 500);
  EXPECT_NE(reply->body.find(R"("code":"internal")"), std::string::npos);
  const auto next = client.request(Verb::get, "/healthz");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, StopLetsARequestInFlightFinishThenRefusesNewConnections) {
  start();
  Client idle(port());
  ASSERT_TRUE(idle.request(Verb::get, "/healthz"));
  Client slow(port());
  slow.send_request(Verb::get, "/slow");
  gate_.entered.get_future().wait();

  std::thread stopper([this] { server_->stop(); });
  ASSERT_TRUE(eventually([this] { return !server_->accepting(); }));
  Client late(port());
  EXPECT_FALSE(late.connected()) << late.connect_error().message();
  EXPECT_TRUE(idle.closed_by_server());  // idle keep-alive connections are closed at once

  gate_.release.set_value();
  const auto reply = slow.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, R"({"slow":true})");
  EXPECT_FALSE(reply->keep_alive);  // Connection: close while stopping
  EXPECT_TRUE(slow.closed_by_server());
  slow.close();
  stopper.join();
  EXPECT_EQ(server_->connections(), 0u);
  server_->stop();  // a second stop does nothing
}

TEST_F(ServerTest, StopCutsOffWhatIsStillRunningAfterTheShutdownTime) {
  options_.shutdown_timeout = std::chrono::milliseconds(100);
  start();
  Client slow(port());
  slow.send_request(Verb::get, "/slow");
  gate_.entered.get_future().wait();
  std::thread stopper([this] { server_->stop(); });
  // The connection is closed without an answer; stop() then waits for the handler's thread.
  EXPECT_EQ(slow.read_to_end(), "");
  gate_.release.set_value();
  stopper.join();
  EXPECT_FALSE(server_->accepting());
}

TEST_F(ServerTest, TheAccessLogNamesTheRoutePatternAndNoPathQueryOrBody) {
  start();
  Client client(port());
  ASSERT_TRUE(client.request(Verb::get, "/api/v1/urges/01SECRETID?note=private-words"));
  ASSERT_TRUE(client.request(Verb::post, "/api/v1/urges?token=hidden", R"({"note":"very private body"})"));
  ASSERT_TRUE(client.request(Verb::get, "/no/such/01OTHERSECRET"));
  ASSERT_TRUE(client.request(Verb::delete_, "/api/v1/urges/01THIRDSECRET"));
  const auto entries = log_.wait_for(4);
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].method, "GET");
  EXPECT_EQ(entries[0].route, "/api/v1/urges/{id}");
  EXPECT_EQ(entries[0].status, 200);
  EXPECT_GE(entries[0].milliseconds, 0);
  EXPECT_EQ(entries[1].method, "POST");
  EXPECT_EQ(entries[1].route, "/api/v1/urges");
  EXPECT_EQ(entries[1].status, 201);
  EXPECT_EQ(entries[2].route, "-");
  EXPECT_EQ(entries[2].status, 404);
  EXPECT_EQ(entries[3].route, "/api/v1/urges/{id}");
  EXPECT_EQ(entries[3].status, 405);
  for (const auto& entry : entries) {
    for (const char* secret : {"SECRET", "private", "hidden", "note", "token", "body"}) {
      EXPECT_EQ(entry.method.find(secret), std::string::npos) << secret;
      EXPECT_EQ(entry.route.find(secret), std::string::npos) << secret;
    }
  }
}

TEST_F(ServerTest, TheAccessLogNamesAMadeUpMethodOnlyAsOther) {
  start();
  Client client(port());
  client.send("PRIVATEWORD /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 405);
  const auto entries = log_.wait_for(1);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].method, "OTHER");
}

TEST_F(ServerTest, RefusedRequestsAreLoggedWithoutARoute) {
  options_.body_limit = 10;
  start();
  Client client(port());
  client.send("POST /api/v1/urges?secret=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n");
  const auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 413);
  const auto entries = log_.wait_for(1);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].method, "POST");
  EXPECT_EQ(entries[0].route, "-");
  EXPECT_EQ(entries[0].status, 413);
}

TEST_F(ServerTest, ABusyPortIsAnIoError) {
  start();
  ServerOptions same = options_;
  same.port = port();
  auto second = Server::start(same, Router{}, {});
  ASSERT_FALSE(second.is_ok());
  EXPECT_EQ(second.status().code(), StatusCode::io_error);
  EXPECT_NE(second.status().message().find(std::to_string(port())), std::string::npos);
}

TEST_F(ServerTest, OptionsThatMakeNoSenseAreRefused) {
  ServerOptions no_workers = options_;
  no_workers.worker_threads = 0;
  EXPECT_EQ(Server::start(no_workers, Router{}, {}).status().code(), StatusCode::invalid_argument);
  ServerOptions bad_address = options_;
  bad_address.address = "not-an-address";
  EXPECT_EQ(Server::start(bad_address, Router{}, {}).status().code(), StatusCode::invalid_argument);
}

TEST_F(ServerTest, SeveralIoThreadsServeManyConnectionsAtOnce) {
  options_.io_threads = 2;
  options_.worker_threads = 3;
  start();
  std::vector<std::thread> clients;
  std::atomic<int> answered{0};
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&] {
      Client client(port());
      for (int k = 0; k < 10; ++k) {
        const auto reply = client.request(Verb::get, "/healthz");
        if (reply && reply->status == 200) ++answered;
      }
    });
  }
  for (auto& thread : clients) thread.join();
  EXPECT_EQ(answered, 80);
}

TEST(OpenFileLimit, IsRaisedToTheHardLimit) {
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  const std::size_t soft = raise_open_file_limit();
  if (limit.rlim_max != RLIM_INFINITY) {
    EXPECT_EQ(soft, static_cast<std::size_t>(limit.rlim_max));
  }
  EXPECT_GE(soft, static_cast<std::size_t>(limit.rlim_cur));
}

}  // namespace
}  // namespace keel::http
