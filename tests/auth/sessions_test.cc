// Sessions: signing in unwraps the person's keys, which live exactly as long as their sessions;
// wrong and unknown names look alike; throttling; timeouts; CSRF.
#include "auth/sessions.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "support/test_support.h"

namespace keel::auth {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPassword = "correct horse battery";

class Sessions : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("KEEL_KDF", "test", 1);
    app::Home::CreateOptions options;
    options.directory = directory_.path() + "/home";
    options.person_name = "alex";
    options.passphrase = kPassword;
    options.time_zone = "Europe/Berlin";
    options.strength = crypto::KdfStrength::test_only;
    auto made = app::Home::create(options, clock_);
    ASSERT_TRUE(made.is_ok()) << made.status().message();
    made->reset();  // a server opens the home with nobody's keys
    auto opened = app::Home::open(options.directory, clock_);
    ASSERT_TRUE(opened.is_ok()) << opened.status().message();
    home_ = std::move(opened).value();
    alex_ = home_->find_person("alex").value();
    auto sam =
        home_->add_person({"sam", "client", "another long password", "Europe/Berlin", crypto::KdfStrength::test_only});
    ASSERT_TRUE(sam.is_ok()) << sam.status().message();
    sam_ = *sam;
    SessionOptions session_options;
    session_options.failures_per_account = 3;
    session_options.failures_per_address = 5;
    manager_ = std::make_unique<SessionManager>(*home_, clock_, session_options);
  }

  bool has_keys(const store::Person& person) { return home_->keys_for(person).is_ok(); }

  testing::TempDir directory_;
  ManualClock clock_{from_unix_milliseconds(1'780'000'000'000)};
  std::unique_ptr<app::Home> home_;
  store::Person alex_, sam_;
  std::unique_ptr<SessionManager> manager_;
};

TEST_F(Sessions, KeysLiveExactlyAsLongAsThePersonsSessions) {
  EXPECT_FALSE(has_keys(alex_));
  auto first = manager_->sign_in("alex", kPassword, "192.0.2.1");
  ASSERT_TRUE(first.is_ok()) << first.status().message();
  EXPECT_EQ(first->session.person.person_id, alex_.person_id);
  EXPECT_EQ(first->token.size(), 43u);
  EXPECT_NE(first->token, first->csrf_token);
  EXPECT_TRUE(has_keys(alex_));
  EXPECT_FALSE(has_keys(sam_));

  auto second = manager_->sign_in("alex", kPassword, "192.0.2.2");
  ASSERT_TRUE(second.is_ok());
  manager_->sign_out(first->token);
  EXPECT_TRUE(has_keys(alex_)) << "another session of alex still lives";
  EXPECT_FALSE(manager_->authenticate(first->token).is_ok());
  EXPECT_TRUE(manager_->authenticate(second->token).is_ok());
  manager_->sign_out(second->token);
  EXPECT_FALSE(has_keys(alex_));
  EXPECT_EQ(manager_->live_sessions(), 0u);
}

TEST_F(Sessions, AWrongPasswordAndAnUnknownNameLookAlike) {
  auto wrong = manager_->sign_in("alex", "not the password", "192.0.2.1");
  auto unknown = manager_->sign_in("nobody", "not the password", "192.0.2.1");
  ASSERT_FALSE(wrong.is_ok());
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::unauthenticated);
  EXPECT_EQ(unknown.status().code(), StatusCode::unauthenticated);
  EXPECT_EQ(wrong.status().message(), unknown.status().message());
  EXPECT_FALSE(has_keys(alex_));
}

TEST_F(Sessions, ThrottlesANameAndAnAddress) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    EXPECT_EQ(manager_->sign_in("alex", "wrong password", "192.0.2.1").status().code(), StatusCode::unauthenticated);
  }
  // Now even the right password is refused for a while, from any address.
  auto refused = manager_->sign_in("alex", kPassword, "198.51.100.7");
  EXPECT_EQ(refused.status().code(), StatusCode::throttled);
  EXPECT_NE(refused.status().message().find("try again in"), std::string::npos);
  // Another person is not affected by alex's counter.
  EXPECT_TRUE(manager_->sign_in("sam", "another long password", "198.51.100.7").is_ok());
  clock_.advance(16min);
  EXPECT_TRUE(manager_->sign_in("alex", kPassword, "198.51.100.7").is_ok());

  // One address trying many names is throttled as a whole.
  for (int attempt = 0; attempt < 5; ++attempt) {
    EXPECT_FALSE(manager_->sign_in("name" + std::to_string(attempt), "wrong password", "203.0.113.9").is_ok());
  }
  EXPECT_EQ(manager_->sign_in("sam", "another long password", "203.0.113.9").status().code(), StatusCode::throttled);
  EXPECT_TRUE(manager_->throttled_until("sam", "203.0.113.9").has_value());
}

TEST_F(Sessions, EndAfterIdleAndAbsoluteTimeouts) {
  auto signed_in = manager_->sign_in("alex", kPassword, "192.0.2.1");
  ASSERT_TRUE(signed_in.is_ok());
  // Activity keeps a session alive while it is used ...
  for (int step = 1; step <= 24; ++step) {  // 24 × 29 minutes: 11 h 36 min
    clock_.advance(29min);
    ASSERT_TRUE(manager_->authenticate(signed_in->token).is_ok()) << "after step " << step;
  }
  // ... but never past the absolute timeout of 12 hours.
  clock_.advance(29min);
  EXPECT_EQ(manager_->authenticate(signed_in->token).status().code(), StatusCode::unauthenticated);
  EXPECT_FALSE(has_keys(alex_));

  auto idle = manager_->sign_in("alex", kPassword, "192.0.2.1");
  ASSERT_TRUE(idle.is_ok());
  clock_.advance(30min);
  EXPECT_EQ(manager_->expire(), 1u);
  EXPECT_FALSE(manager_->authenticate(idle->token).is_ok());
  EXPECT_FALSE(has_keys(alex_));
}

TEST_F(Sessions, ChecksTheCsrfTokenOfTheSession) {
  auto alex = manager_->sign_in("alex", kPassword, "192.0.2.1");
  auto sam = manager_->sign_in("sam", "another long password", "192.0.2.1");
  ASSERT_TRUE(alex.is_ok() && sam.is_ok());
  EXPECT_TRUE(manager_->check_csrf(alex->token, alex->csrf_token));
  EXPECT_FALSE(manager_->check_csrf(alex->token, sam->csrf_token));
  EXPECT_FALSE(manager_->check_csrf(alex->token, ""));
  EXPECT_FALSE(manager_->check_csrf("not a token", alex->csrf_token));
  manager_->sign_out_everywhere(alex_);
  EXPECT_FALSE(manager_->check_csrf(alex->token, alex->csrf_token));
  EXPECT_TRUE(manager_->authenticate(sam->token).is_ok());
}

TEST_F(Sessions, NamesAreUniqueAndRolesKnown) {
  EXPECT_EQ(home_->add_person({"alex", "client", "a long password", "Europe/Berlin", crypto::KdfStrength::test_only})
                .status()
                .code(),
            StatusCode::conflict);
  EXPECT_EQ(home_->add_person({"kim", "boss", "a long password", "Europe/Berlin", crypto::KdfStrength::test_only})
                .status()
                .code(),
            StatusCode::invalid_argument);
  EXPECT_EQ(
      home_->add_person({"kim", "clinician", "short", "Europe/Berlin", crypto::KdfStrength::test_only}).status().code(),
      StatusCode::invalid_argument);
}

}  // namespace
}  // namespace keel::auth
