// The helpers of store_test_support.h. (Named *_test.cc so that the test folder's glob builds it.)
#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace keel::store::testing {

using namespace std::chrono_literals;

StoreFixtureBase::StoreFixtureBase() { EXPECT_TRUE(crypto::initialize().is_ok()); }

Result<std::unique_ptr<Store>> StoreFixtureBase::open(bool create_if_missing) {
  OpenOptions options;
  options.path = path();
  options.create_if_missing = create_if_missing;
  options.keys = &keys;
  options.clock = &clock;
  options.busy_timeout = 20s;
  return open_sqlite_store(options);
}

std::unique_ptr<Store> StoreFixtureBase::open_or_die() {
  auto opened = open();
  if (!opened.is_ok()) {
    ADD_FAILURE() << opened.status().message();
    return nullptr;
  }
  return std::move(opened).value();
}

domain::RecordKey StoreFixtureBase::key_for(const std::string& tenant_id, const std::string& person_id,
                                            std::string id) const {
  return {tenant_id, person_id, std::move(id)};
}

void StoreFixtureBase::unlock(const std::string& tenant_id, const std::string& person_id) {
  auto created = crypto::create_person_keys("a passphrase", person_id, crypto::KdfStrength::test_only);
  ASSERT_TRUE(created.is_ok()) << created.status().message();
  keys.add(tenant_id, person_id, std::move(created->first));
}

Person StoreFixtureBase::make_person(const std::string& tenant_id, const std::string& person_id,
                                     const std::string& name) {
  auto created = crypto::create_person_keys("a passphrase", person_id, crypto::KdfStrength::test_only);
  EXPECT_TRUE(created.is_ok()) << created.status().message();
  Person person;
  person.tenant_id = tenant_id;
  person.person_id = person_id;
  person.name = name;
  person.role = "client";
  person.time_zone = "Europe/Berlin";
  person.created_at = clock.now();
  person.keys = created->second;
  keys.add(tenant_id, person_id, std::move(created->first));
  return person;
}

std::vector<std::string> secret_words() {
  return {"zebracrossing-note", "quietlantern-tag",     "marmalade-strategy", "thunderpeak-chain",
          "velvetmoss-checkin", "amberkite-value",      "copperfern-goal",    "saffronbell-activity",
          "glacierwren-plan",   "obsidianloom-journal", "nightjar-contact"};
}

domain::Urge make_urge(const std::string& tenant_id, const std::string& person_id, const std::string& id, Instant at) {
  domain::Urge urge;
  urge.key = {tenant_id, person_id, id};
  urge.at = at;
  urge.time_zone = "Europe/Berlin";
  urge.intensity = 6;
  urge.outcome = domain::UrgeOutcome::surfed;
  return urge;
}

std::vector<domain::Record> sample_records(const std::string& tenant_id, const std::string& person_id) {
  const auto words = secret_words();
  std::vector<domain::Record> records;

  domain::Urge urge = make_urge(tenant_id, person_id, "01JURGE0000000000000000001", kStart + 1h + 7ms);
  urge.intensity = 8;
  urge.duration_minutes = 25;
  urge.contexts = {"bedroom", words[1], "phone"};
  urge.emotions = {"lonely", "bored"};
  urge.warning_signs = {"impulsive scrolling"};
  urge.outcome = domain::UrgeOutcome::acted;
  urge.strategy = "tried " + words[2];
  urge.note = "a long day, " + words[0] + " — then the phone in bed. Ünïcödé ✓";
  records.emplace_back(urge);

  domain::LapseReview review;
  review.key = {tenant_id, person_id, "01JREVIEW00000000000000001"};
  review.urge_id = urge.key.id;
  review.at = kStart + 3h;
  review.time_zone = "Europe/Berlin";
  review.vulnerability = "slept four hours";
  review.trigger = "an ad";
  review.links = {"opened the app", words[3], "stayed up"};
  review.what_helped = "calling a friend";
  review.what_to_change = "phone out of the bedroom";
  review.self_compassion = "one slip is not the whole story";
  records.emplace_back(review);

  domain::CheckIn checkin;
  checkin.key = {tenant_id, person_id, "01JCHECKIN0000000000000001"};
  checkin.date = LocalDate{std::chrono::year{2026}, std::chrono::January, std::chrono::day{1}};
  checkin.at = kStart + 20h;
  checkin.time_zone = "Europe/Berlin";
  checkin.mood = 6;
  checkin.stress = 7;
  checkin.loneliness = 8;
  checkin.boredom = 2;
  checkin.tiredness = 9;
  checkin.hunger = 1;
  checkin.sleep_hours = 6.75;
  checkin.urges_today = 3;
  checkin.acted_today = true;
  checkin.note = "reflection " + words[4];
  records.emplace_back(checkin);

  domain::PauseSession pause;
  pause.key = {tenant_id, person_id, "01JPAUSE000000000000000001"};
  pause.at = kStart + 1h + 5min;
  pause.time_zone = "Europe/Berlin";
  pause.technique = domain::PauseTechnique::breathe;
  pause.planned_minutes = 10;
  pause.elapsed_seconds = 612;
  pause.start_intensity = 8;
  pause.end_intensity = 3;
  pause.samples = {{0, 8}, {60, 7}, {120, 5}, {600, 3}};
  pause.urge_id = urge.key.id;
  records.emplace_back(pause);

  domain::Value value;
  value.key = {tenant_id, person_id, "01JVALUE000000000000000001"};
  value.created_at = kStart - 24h;
  value.name = "honesty " + words[5];
  value.description = "being someone my partner can trust";
  value.rank = 1;
  records.emplace_back(value);

  domain::Goal goal;
  goal.key = {tenant_id, person_id, "01JGOAL0000000000000000001"};
  goal.created_at = kStart - 23h;
  goal.title = "evenings offline " + words[6];
  goal.levels = {"never", "one evening", "three evenings", "five evenings", "every evening"};
  goal.weight = 2.5;
  goal.value_id = value.key.id;
  goal.archived = true;
  records.emplace_back(goal);

  domain::Activity activity;
  activity.key = {tenant_id, person_id, "01JACTIVITY000000000000001"};
  activity.created_at = kStart - 2h;
  activity.time_zone = "Europe/Berlin";
  activity.title = "climbing with Sam " + words[7];
  activity.category = domain::ActivityCategory::connection;
  activity.value_ids = {value.key.id, "01JVALUE000000000000000002"};
  activity.scheduled_at = kStart + 48h;
  activity.done = true;
  activity.done_at = kStart + 50h + 1ms;
  activity.mood_before = 4;
  activity.mood_after = 8;
  activity.note = "felt alive";
  records.emplace_back(activity);

  domain::PlanVersion plan;
  plan.key = {tenant_id, person_id, "01JPLAN0000000000000000001"};
  plan.version = 1;
  plan.created_at = kStart - 22h;
  plan.time_zone = "Europe/Berlin";
  plan.warning_signs = {"secrecy", "staying up late"};
  plan.high_risk_situations = {"alone on a Sunday night " + words[8]};
  plan.coping_steps = {"walk", "cold water", "call"};
  plan.people = {{"Alex", "+49 170 " + words[10]}, {"Dr. Rivera", "clinic line"}};
  plan.environment_changes = {"charger in the kitchen"};
  plan.reasons = {"my kids", "self-respect"};
  plan.review_date = LocalDate{std::chrono::year{2026}, std::chrono::March, std::chrono::day{31}};
  plan.change_note = "first version";
  records.emplace_back(plan);

  domain::JournalEntry entry;
  entry.key = {tenant_id, person_id, "01JJOURNAL0000000000000001"};
  entry.at = kStart + 5h;
  entry.time_zone = "Europe/Berlin";
  entry.kind = domain::JournalKind::thought_record;
  entry.title = "after the call";
  entry.body = "thinking it through " + words[9];
  entry.fields = {{"situation", "alone at home"}, {"automatic_thought", "nobody cares"}, {"re_rating", ""}};
  entry.is_private = false;
  records.emplace_back(entry);
  domain::Assessment assessment;
  assessment.key = {tenant_id, person_id, "01JASSESS00000000000000001"};
  assessment.at = kStart + 6h;
  assessment.time_zone = "Europe/Berlin";
  assessment.instrument = "phq-9";
  assessment.answers = {{"1", 2}, {"2", 1}, {"9", 1}};
  records.emplace_back(assessment);
  domain::SafetyEvent event;
  event.key = {tenant_id, person_id, "01JSAFETY00000000000000001"};
  event.at = kStart + 6h;
  event.time_zone = "Europe/Berlin";
  event.source = domain::SafetySource::instrument_item;
  event.assessment_id = assessment.key.id;
  event.item = "9";
  event.score = 1;
  records.emplace_back(event);
  return records;
}

std::vector<domain::Record> empty_records(const std::string& tenant_id, const std::string& person_id) {
  std::vector<domain::Record> records;
  domain::Urge urge = make_urge(tenant_id, person_id, "01JURGE0000000000000000E01", kStart);
  records.emplace_back(urge);
  domain::LapseReview review;
  review.key = {tenant_id, person_id, "01JREVIEW0000000000000E001"};
  review.urge_id = urge.key.id;
  review.at = kStart;
  records.emplace_back(review);
  domain::CheckIn checkin;
  checkin.key = {tenant_id, person_id, "01JCHECKIN000000000000E001"};
  checkin.date = LocalDate{std::chrono::year{2025}, std::chrono::December, std::chrono::day{31}};
  checkin.at = kStart;
  records.emplace_back(checkin);
  domain::PauseSession pause;
  pause.key = {tenant_id, person_id, "01JPAUSE00000000000000E001"};
  pause.at = kStart;
  records.emplace_back(pause);
  domain::Value value;
  value.key = {tenant_id, person_id, "01JVALUE00000000000000E001"};
  records.emplace_back(value);
  domain::Goal goal;
  goal.key = {tenant_id, person_id, "01JGOAL000000000000000E001"};
  records.emplace_back(goal);
  domain::Activity activity;
  activity.key = {tenant_id, person_id, "01JACTIVITY00000000000E001"};
  records.emplace_back(activity);
  domain::PlanVersion plan;
  plan.key = {tenant_id, person_id, "01JPLAN000000000000000E001"};
  records.emplace_back(plan);
  domain::JournalEntry entry;
  entry.key = {tenant_id, person_id, "01JJOURNAL000000000000E001"};
  records.emplace_back(entry);
  domain::Assessment assessment;
  assessment.key = {tenant_id, person_id, "01JASSESS0000000000000E001"};
  records.emplace_back(assessment);
  domain::SafetyEvent event;
  event.key = {tenant_id, person_id, "01JSAFETY0000000000000E001"};
  event.source = domain::SafetySource::client_signal;
  records.emplace_back(event);
  return records;
}

namespace {

TEST(StoreTestSupport, SamplesCoverEveryKindInOrder) {
  const auto records = sample_records("T", "P");
  ASSERT_EQ(records.size(), domain::kAllRecordKinds.size());
  for (std::size_t i = 0; i < records.size(); ++i) EXPECT_EQ(domain::kind_of(records[i]), domain::kAllRecordKinds[i]);
  const auto empties = empty_records("T", "P");
  ASSERT_EQ(empties.size(), domain::kAllRecordKinds.size());
}

}  // namespace
}  // namespace keel::store::testing
