// Accounts on a running `keel serve`: signing in and out (and what the cookie looks like), who am
// I, changing the password, deleting the account, throttled sign-in, open sign-up, and the homes
// keel serve starts on (an empty directory; a home made by `keel init`).
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "serve/api_client.h"
#include "serve/records.h"
#include "serve/served_home.h"
#include "support/test_support.h"

namespace keel::serve_testing {
namespace {

// One home for the tests that each use people of their own: alex (sign-in), pat (password),
// dana (deletion), sam (the bystander), robin (a clinician), lee (a wrong password). They change
// those people for good, so each runs once per server (ctest gives each test a server of its own).
ServedHome& accounts_home() {
  static const std::unique_ptr<ServedHome> served =
      start_shared({{"alex"}, {"pat"}, {"dana"}, {"sam"}, {"robin", "clinician"}, {"lee"}});
  return *served;
}

class Accounts : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(home().made()) << home().problem(); }
  ServedHome& home() { return accounts_home(); }
  ApiClient client() { return ApiClient(home().port()); }
  ApiClient signed_in_as(const std::string& name, const std::string& password = kPassword) {
    ApiClient api = client();
    const Answer answer = api.sign_in(name, password);
    EXPECT_EQ(answer.status, 200) << name << " " << describe(answer);
    return api;
  }
};

TEST_F(Accounts, SignInWhoAmIAndSignOut) {
  ApiClient alex = client();
  const Answer signed_in = alex.sign_in("alex", kPassword);
  ASSERT_EQ(signed_in.status, 200) << describe(signed_in);
  const std::string cookie = signed_in.header("Set-Cookie");
  EXPECT_EQ(cookie.rfind("keel_session=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "no --secure-cookie: plain HTTP on loopback";
  const json body = signed_in.as_json();
  EXPECT_GE(body["csrf_token"].get<std::string>().size(), 32u);
  EXPECT_EQ(body["user"]["username"], "alex");
  EXPECT_EQ(body["user"]["role"], "client");
  EXPECT_EQ(body["user"]["time_zone"], "Europe/Berlin");
  EXPECT_EQ(body.dump().find(cookie.substr(13, cookie.find(';') - 13)), std::string::npos)
      << "the session token is only in the HttpOnly cookie";

  const Answer me = alex.get("/api/v1/me");
  ASSERT_EQ(me.status, 200) << describe(me);
  EXPECT_EQ(me.as_json()["user"]["username"], "alex");
  EXPECT_EQ(me.as_json()["user"]["person_id"], body["user"]["person_id"]);

  // A second session of the same person lives on when the first signs out.
  ApiClient other_tab = signed_in_as("alex");
  const Answer signed_out = alex.del("/api/v1/session");
  EXPECT_EQ(signed_out.status, 204) << describe(signed_out);
  const std::string cleared = signed_out.header("Set-Cookie");
  EXPECT_EQ(cleared.rfind("keel_session=;", 0), 0u) << cleared;
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;

  const Answer after = alex.get("/api/v1/me");
  EXPECT_EQ(after.status, 401) << "the old cookie no longer works";
  EXPECT_EQ(after.error_code(), "unauthenticated") << describe(after);
  EXPECT_EQ(alex.del("/api/v1/session").status, 401);
  EXPECT_EQ(other_tab.get("/api/v1/me").status, 200) << "signing out ends only that session";

  const Answer anonymous = client().get("/api/v1/me");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_TRUE(anonymous.is_error()) << describe(anonymous);
}

TEST_F(Accounts, AWrongPasswordAndAnUnknownNameReadTheSame) {
  const Answer wrong = client().sign_in("lee", "not the password");
  const Answer unknown = client().sign_in("nobody-here", kPassword);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_TRUE(wrong.is_error()) << describe(wrong);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_FALSE(wrong.has_header("Set-Cookie"));
  EXPECT_EQ(client().sign_in("lee", kPassword).status, 200) << "one mistake does not lock anyone out";
}

TEST_F(Accounts, ChangingThePasswordEndsTheOtherSessionsOnly) {
  ApiClient here = signed_in_as("pat");
  ApiClient elsewhere = signed_in_as("pat");
  json urge = urge_record(3, "surfed", "pat's note before the change");
  const Answer added = here.post("/api/v1/urges", urge);
  ASSERT_EQ(added.status, 201) << describe(added);

  const Answer wrong =
      here.put("/api/v1/me/password", {{"current_password", "not it"}, {"new_password", "a new long password"}});
  EXPECT_EQ(wrong.status, 400) << describe(wrong);
  EXPECT_TRUE(wrong.is_error());
  const Answer short_one =
      here.put("/api/v1/me/password", {{"current_password", kPassword}, {"new_password", "short"}});
  EXPECT_EQ(short_one.status, 400) << describe(short_one);
  EXPECT_EQ(elsewhere.get("/api/v1/me").status, 200) << "a refused change ends nothing";

  const Answer changed =
      here.put("/api/v1/me/password", {{"current_password", kPassword}, {"new_password", "a new long password"}});
  ASSERT_EQ(changed.status, 204) << describe(changed);
  EXPECT_EQ(here.get("/api/v1/me").status, 200) << "this session stays";
  EXPECT_EQ(elsewhere.get("/api/v1/me").status, 401) << "the other session ended";

  EXPECT_EQ(client().sign_in("pat", kPassword).status, 401) << "the old password stops working";
  ApiClient again = client();
  ASSERT_EQ(again.sign_in("pat", "a new long password").status, 200) << "the new one works";
  const Answer read = again.get("/api/v1/urges/" + added.as_json()["id"].get<std::string>());
  ASSERT_EQ(read.status, 200) << describe(read);
  EXPECT_EQ(read.as_json()["note"], "pat's note before the change") << "the records open with the new password";
}

TEST_F(Accounts, DeletingTheAccountNeedsThePasswordAndTakesEveryRecord) {
  ApiClient dana = signed_in_as("dana");
  ApiClient danas_phone = signed_in_as("dana");
  ApiClient sam = signed_in_as("sam");
  for (const auto& kind : record_kinds()) {
    if (kind.path == "lapse-reviews") continue;
    const Answer added = dana.post("/api/v1/" + kind.path, valid_record(kind.path, 4));
    ASSERT_EQ(added.status, 201) << kind.path << " " << describe(added);
  }
  const Answer sams = sam.post("/api/v1/urges", urge_record(4, "surfed", "sam's own note"));
  ASSERT_EQ(sams.status, 201);
  const std::string dana_id = dana.person_id();
  const std::string before = dana.export_records();

  const Answer wrong = dana.del("/api/v1/me", json{{"password", "not it"}});
  EXPECT_EQ(wrong.status, 400) << describe(wrong);
  EXPECT_TRUE(wrong.is_error());
  const Answer missing = dana.del("/api/v1/me");
  EXPECT_EQ(missing.status, 400) << "the password is needed: " << describe(missing);
  EXPECT_TRUE(missing.is_error());
  EXPECT_EQ(dana.get("/api/v1/me").status, 200) << "nothing was deleted";
  EXPECT_EQ(dana.export_records(), before) << "nothing was deleted";

  const Answer deleted = dana.del("/api/v1/me", json{{"password", kPassword}});
  ASSERT_EQ(deleted.status, 204) << describe(deleted);
  EXPECT_NE(deleted.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(dana.get("/api/v1/me").status, 401);
  EXPECT_EQ(dana.get("/api/v1/urges").status, 401);
  EXPECT_EQ(danas_phone.get("/api/v1/me").status, 401) << "every session of the deleted person ends";
  EXPECT_EQ(client().sign_in("dana", kPassword).status, 401) << "the account is gone";

  // The bystander is untouched.
  const auto sam_urges = sam.list_all("/api/v1/urges");
  ASSERT_EQ(sam_urges.size(), 1u);
  EXPECT_EQ(sam_urges[0]["note"], "sam's own note");

  // Nothing of dana's is left in the database: no row of any table names her (sqlite3 reads it
  // while the server runs).
  const auto rows = keel::testing::run_shell(
      "sqlite3 -readonly '" + home().file("keel.db") +
      "' \"SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = "
      "'person_id'\"");
  if (rows.exit_code != 0) GTEST_SKIP() << "no sqlite3 to look inside the database: " << rows.output;
  std::string count_all = "SELECT 0";
  for (std::size_t start = 0; start < rows.output.size();) {
    const std::size_t end = rows.output.find('\n', start);
    const std::string table = rows.output.substr(start, end - start);
    if (!table.empty()) count_all += " + (SELECT count(*) FROM \"" + table + "\" WHERE person_id = '" + dana_id + "')";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  const auto left =
      keel::testing::run_shell("sqlite3 -readonly '" + home().file("keel.db") + "' \"" + count_all + "\"");
  EXPECT_EQ(left.exit_code, 0) << left.output;
  EXPECT_EQ(left.output, "0\n") << "rows of the deleted person: " << count_all;
}

TEST_F(Accounts, OpenSignUpIsOffByDefault) {
  const Answer refused = client().post(
      "/api/v1/users", {{"username", "newcomer"}, {"password", "a long password"}, {"time_zone", "Europe/Berlin"}});
  EXPECT_EQ(refused.status, 403) << describe(refused);
  EXPECT_EQ(refused.error_code(), "forbidden");
  EXPECT_EQ(client().sign_in("newcomer", "a long password").status, 401);
}

TEST_F(Accounts, AClinicianSignsInButHasNoClientRecords) {
  ApiClient robin = signed_in_as("robin");
  const Answer me = robin.get("/api/v1/me");
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.as_json()["user"]["role"], "clinician");
  for (const char* target : {"/api/v1/urges", "/api/v1/export", "/api/v1/stats", "/api/v1/instruments"}) {
    const Answer answer = robin.get(target);
    EXPECT_EQ(answer.status, 403) << target << " " << describe(answer);
    EXPECT_EQ(answer.error_code(), "forbidden") << target;
  }
  const Answer post = robin.post("/api/v1/urges", urge_record(1));
  EXPECT_EQ(post.status, 403) << describe(post);
}

TEST(ServeThrottling, RepeatedWrongPasswordsAre429EvenForTheRightOne) {
  ServedHome served({{"alex"}, {"sam"}});
  ASSERT_TRUE(served.serve()) << served.problem();
  ApiClient api(served.port());
  int refused = 0;
  Answer answer;
  for (int attempt = 0; attempt < 10; ++attempt) {
    answer = api.sign_in("alex", "guess " + std::to_string(attempt));
    if (answer.status == 429) break;
    EXPECT_EQ(answer.status, 401) << describe(answer);
    ++refused;
  }
  ASSERT_EQ(answer.status, 429) << "still not throttled after " << refused << " wrong passwords";
  EXPECT_GE(refused, 3) << "a few mistakes are allowed";
  EXPECT_EQ(answer.error_code(), "throttled") << describe(answer);
  const std::string retry_after = answer.header("Retry-After");
  ASSERT_FALSE(retry_after.empty());
  EXPECT_GT(std::stoi(retry_after), 0);

  const Answer right = api.sign_in("alex", kPassword);
  EXPECT_EQ(right.status, 429) << "the right password is refused while throttled: " << describe(right);
  EXPECT_FALSE(right.has_header("Set-Cookie"));
  EXPECT_FALSE(right.header("Retry-After").empty());

  EXPECT_EQ(api.sign_in("sam", kPassword).status, 200) << "another person is not locked out";
  EXPECT_EQ(served.stop(), 0);
}

TEST(ServeOpenSignUp, MakesAClientWhoCanSignIn) {
  ServedHome served({{"alex"}});
  ASSERT_TRUE(served.serve({"--open-sign-up"})) << served.problem();
  ApiClient api(served.port());
  const json request = {{"username", "newcomer"}, {"password", "a long password"}, {"time_zone", "America/Chicago"}};
  const Answer made = api.post("/api/v1/users", request);
  ASSERT_EQ(made.status, 201) << describe(made);
  EXPECT_EQ(made.as_json()["user"]["username"], "newcomer");
  EXPECT_EQ(made.as_json()["user"]["role"], "client");
  EXPECT_EQ(made.as_json()["user"]["time_zone"], "America/Chicago");
  EXPECT_FALSE(made.has_header("Set-Cookie")) << "signing up is not signing in";

  const Answer taken = api.post("/api/v1/users", request);
  EXPECT_EQ(taken.status, 409) << describe(taken);
  EXPECT_TRUE(taken.is_error());
  const Answer odd = api.post(
      "/api/v1/users",
      {{"username", "other"}, {"password", "a long password"}, {"time_zone", "Europe/Berlin"}, {"role", "admin"}});
  EXPECT_EQ(odd.status, 400) << "nobody signs up as anything but a client: " << describe(odd);
  EXPECT_EQ(ApiClient(served.port()).sign_in("other", "a long password").status, 401);
  const Answer short_password =
      api.post("/api/v1/users", {{"username", "shorty"}, {"password", "short"}, {"time_zone", "Europe/Berlin"}});
  EXPECT_EQ(short_password.status, 400) << describe(short_password);
  const Answer bad_name =
      api.post("/api/v1/users", {{"username", "../root"}, {"password", "a long password"}, {"time_zone", "UTC"}});
  EXPECT_EQ(bad_name.status, 400) << describe(bad_name);
  const Answer bad_zone =
      api.post("/api/v1/users", {{"username", "zoned"}, {"password", "a long password"}, {"time_zone", "Nowhere/X"}});
  EXPECT_EQ(bad_zone.status, 400) << describe(bad_zone);

  ApiClient newcomer(served.port());
  const Answer signed_in = newcomer.sign_in("newcomer", "a long password");
  ASSERT_EQ(signed_in.status, 200) << describe(signed_in);
  EXPECT_EQ(signed_in.as_json()["user"]["role"], "client");
  const Answer urge = newcomer.post("/api/v1/urges", urge_record(2));
  EXPECT_EQ(urge.status, 201) << describe(urge);
  EXPECT_EQ(newcomer.list_all("/api/v1/urges").size(), 1u);
  EXPECT_EQ(served.stop(), 0);
}

TEST(ServeHomes, AnEmptyDirectoryBecomesAHomeWithNoPeople) {
  keel::testing::TempDir directory;
  keel::testing::ServeProcess serve({"--home", directory.path(), "serve", "--listen", "127.0.0.1:0"});
  const std::uint16_t port = serve.wait_for_port();
  ASSERT_NE(port, 0) << serve.error_output();
  EXPECT_NE(serve.error_output().find("made a new home in " + directory.path() + " with no people yet"),
            std::string::npos)
      << serve.error_output();
  EXPECT_EQ(ApiClient(port).sign_in("alex", kPassword).status, 401) << "nobody is there yet";
  EXPECT_EQ(ApiClient(port).get("/healthz").status, 200);

  // `keel user add` on the home while it is served: the new person signs in at once.
  keel::testing::write_file(directory.file("password"), std::string(kPassword) + "\n");
  const auto added = keel::testing::run_keel({"--home", directory.path(), "user", "add", "alex", "--password-file",
                                              directory.file("password"), "--time-zone", "Europe/Berlin"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  ApiClient alex(port);
  ASSERT_EQ(alex.sign_in("alex", kPassword).status, 200);
  EXPECT_EQ(alex.post("/api/v1/urges", urge_record(1)).status, 201);
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait_for_exit(), 0);

  // The second start finds the home and says nothing about making one.
  keel::testing::ServeProcess again({"--home", directory.path(), "serve", "--listen", "127.0.0.1:0"});
  const std::uint16_t second_port = again.wait_for_port();
  ASSERT_NE(second_port, 0) << again.error_output();
  EXPECT_EQ(again.error_output().find("made a new home"), std::string::npos) << again.error_output();
  ApiClient back(second_port);
  ASSERT_EQ(back.sign_in("alex", kPassword).status, 200);
  EXPECT_EQ(back.list_all("/api/v1/urges").size(), 1u);
  again.signal(SIGTERM);
  EXPECT_EQ(again.wait_for_exit(), 0);
}

// Only a new or empty directory becomes a home: a mistyped --home (a home directory, a documents
// folder) is not quietly filled with keel.db; it exits 3 with "there is no keel home".
TEST(ServeHomes, ADirectoryWithOtherFilesIsNotMadeAHome) {
  keel::testing::TempDir directory;
  keel::testing::write_file(directory.file("letter.txt"), "not a keel home\n");
  keel::testing::ServeProcess serve({"--home", directory.path(), "serve", "--listen", "127.0.0.1:0"});
  const std::uint16_t port = serve.wait_for_port();  // 0 when it exits without listening
  if (port != 0) serve.signal(SIGTERM);
  const int exit_code = serve.wait_for_exit();
  EXPECT_EQ(port, 0) << "it served a directory that is not empty: " << serve.error_output();
  EXPECT_EQ(exit_code, 3) << serve.error_output();
  EXPECT_NE(serve.all_error_output().find("there is no keel home"), std::string::npos) << serve.error_output();
  EXPECT_FALSE(std::filesystem::exists(directory.file("keel.db"))) << "keel.db was written into it";
}

TEST(ServeHomes, AHomeMadeByKeelInitServesAsIs) {
  keel::testing::TempDir directory;
  const std::string home = directory.file("home");
  const auto made = keel::testing::run_keel({"--home", home, "init", "--name", "alex", "--time-zone", "Europe/Berlin"},
                                            {std::string("KEEL_PASSPHRASE=") + kPassword});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const auto logged =
      keel::testing::run_keel({"--home", home, "urge", "--intensity", "5", "--note", "logged at the terminal"},
                              {std::string("KEEL_PASSPHRASE=") + kPassword});
  ASSERT_EQ(logged.exit_code, 0) << logged.err;

  keel::testing::ServeProcess serve({"--home", home, "serve", "--listen", "127.0.0.1:0"});
  const std::uint16_t port = serve.wait_for_port();
  ASSERT_NE(port, 0) << serve.error_output();
  EXPECT_EQ(serve.error_output().find("made a new home"), std::string::npos) << serve.error_output();
  ApiClient alex(port);
  const Answer signed_in = alex.sign_in("alex", kPassword);
  ASSERT_EQ(signed_in.status, 200) << describe(signed_in);
  EXPECT_EQ(signed_in.as_json()["user"]["time_zone"], "Europe/Berlin");
  const Answer added = alex.post("/api/v1/urges", urge_record(2, "surfed", "sent through the API"));
  ASSERT_EQ(added.status, 201) << describe(added);
  const auto urges = alex.list_all("/api/v1/urges");
  std::set<std::string> notes;
  for (const auto& urge : urges) notes.insert(urge["note"].get<std::string>());
  EXPECT_TRUE(notes.count("sent through the API"));
  EXPECT_TRUE(notes.count("logged at the terminal")) << "what the terminal wrote is there too";
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait_for_exit(), 0);
}

// Session expiry is not tested here: --session-idle-minutes counts in whole minutes of wall time,
// and these tests do not wait. The idle and absolute timeouts are tested with an injected clock in
// tests/auth/sessions_test.cc; here only that the flag is checked and taken.
TEST(ServeFlags, SessionIdleMinutesAndBodyLimitAreChecked) {
  keel::testing::TempDir directory;
  const std::vector<std::vector<std::string>> refused = {
      {"--session-idle-minutes", "0"}, {"--session-idle-minutes", "721"}, {"--body-limit", "0"}};
  for (const auto& flags : refused) {
    std::vector<std::string> arguments = {"--home", directory.path(), "serve", "--listen", "127.0.0.1:0"};
    arguments.insert(arguments.end(), flags.begin(), flags.end());
    keel::testing::ServeProcess serve(arguments);
    const std::uint16_t port = serve.wait_for_port();  // 0: it exited without listening
    if (port != 0) serve.signal(SIGTERM);
    EXPECT_EQ(port, 0) << flags[0] << " " << flags[1] << " was taken";
    EXPECT_EQ(serve.wait_for_exit(), 2) << serve.all_error_output();
    EXPECT_NE(serve.all_error_output().find(flags[0] + " must be from"), std::string::npos) << serve.all_error_output();
  }
  keel::testing::ServeProcess taken(
      {"--home", directory.path(), "serve", "--listen", "127.0.0.1:0", "--session-idle-minutes", "1"});
  ASSERT_NE(taken.wait_for_port(), 0) << taken.error_output();
  taken.signal(SIGTERM);
  EXPECT_EQ(taken.wait_for_exit(), 0);
}

}  // namespace
}  // namespace keel::serve_testing
