// `keel serve` end to end: the real binary on a port the system picks, read from its standard
// error; GET /healthz; SIGTERM stops it with exit 0.
#include <gtest/gtest.h>
#include <signal.h>

#include <string>

#include "http/http_client.h"
#include "support/serve_process.h"
#include "support/test_support.h"

namespace keel::http {
namespace {

using Verb = boost::beast::http::verb;
using keel::testing::ServeProcess;
using keel::testing::TempDir;

constexpr const char* kPassphrase = "correct horse battery";

class Serve : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto made = keel::testing::run_keel({"--home", home_.path(), "init", "--name", "alex", "--time-zone", "UTC"},
                                              {std::string("KEEL_PASSPHRASE=") + kPassphrase});
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }
  TempDir home_;
};

TEST_F(Serve, AnswersHealthzAndStopsOnSigtermWithExitZero) {
  ServeProcess serve({"--home", home_.path(), "serve", "--listen", "127.0.0.1:0"});
  const std::uint16_t port = serve.wait_for_port();
  ASSERT_NE(port, 0) << serve.error_output();

  testing::Client client(port);
  const auto reply = client.request(Verb::get, "/healthz");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, R"({"status":"ok"})");
  EXPECT_EQ(reply->header("X-Content-Type-Options"), "nosniff");
  const auto missing = client.request(Verb::get, "/no/such/place?secret=1");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);

  serve.signal(SIGTERM);
  EXPECT_TRUE(client.closed_by_server());  // the idle keep-alive connection is closed
  EXPECT_EQ(serve.wait_for_exit(), 0);
  const std::string errors = serve.all_error_output();
  EXPECT_NE(errors.find("keel http: GET /healthz 200"), std::string::npos) << errors;
  EXPECT_NE(errors.find("keel http: GET - 404"), std::string::npos) << errors;
  EXPECT_EQ(errors.find("/no/such/place"), std::string::npos) << "the log names routes, not paths: " << errors;
  EXPECT_EQ(errors.find("secret"), std::string::npos) << errors;
}

TEST_F(Serve, SigintStopsItToo) {
  ServeProcess serve({"--home", home_.path(), "serve", "--listen", "127.0.0.1:0"});
  ASSERT_NE(serve.wait_for_port(), 0) << serve.error_output();
  serve.signal(SIGINT);
  EXPECT_EQ(serve.wait_for_exit(), 0);
}

// Since keel serve makes a home with no people where there is none (tests/serve covers that), a
// --home that does not exist yet becomes one too.
TEST(ServeWithoutAHome, MakesOneAndSaysSo) {
  TempDir empty;
  ServeProcess serve({"--home", empty.file("nothing"), "serve", "--listen", "127.0.0.1:0"});
  ASSERT_NE(serve.wait_for_port(), 0) << serve.error_output();
  EXPECT_NE(serve.error_output().find("made a new home in " + empty.file("nothing") + " with no people yet"),
            std::string::npos)
      << serve.error_output();
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait_for_exit(), 0);
}

TEST_F(Serve, ABadListenAddressIsExplained) {
  const auto result = keel::testing::run_keel({"--home", home_.path(), "serve", "--listen", "somewhere"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("is not an address to listen on"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace keel::http
