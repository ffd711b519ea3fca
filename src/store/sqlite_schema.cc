#include "store/sqlite_schema.h"

#include <array>

namespace keel::store {

namespace {

// Columns named in a comment "sealed" hold nonce || ciphertext || tag made by crypto::seal with
// associated data crypto::field_associated_data(table, tenant_id, person_id, id, column).
constexpr const char* kInitialSchema = R"sql(
CREATE TABLE home (
  singleton INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
  default_tenant_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE people (
  tenant_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  kdf_salt BLOB NOT NULL,
  kdf_opslimit INTEGER NOT NULL,
  kdf_memlimit INTEGER NOT NULL,
  wrapped_data_key BLOB NOT NULL,
  wrapped_secret_key BLOB NOT NULL,
  public_key BLOB NOT NULL,
  PRIMARY KEY (tenant_id, person_id),
  UNIQUE (tenant_id, name)
) STRICT;

CREATE TABLE urges (
  tenant_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  id TEXT NOT NULL,
  at INTEGER NOT NULL,
  time_zone TEXT NOT NULL,
  intensity INTEGER NOT NULL,
  duration_minutes INTEGER,
  contexts BLOB NOT NULL,       -- sealed JSON list
  emotions BLOB NOT NULL,       -- sealed JSON list
  warning_signs BLOB NOT NULL,  -- sealed JSON list
  outcome TEXT NOT NULL,
  strategy BLOB NOT NULL,       -- sealed
  note BLOB NOT NULL,           -- sealed
  PRIMARY KEY (tenant_id, person_id, id)
) STRICT;
CREATE INDEX urges_by_time ON urges (tenant_id, person_id, at, id);

CREATE TABLE lapse_reviews (
  tenant_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  id TEXT NOT NULL,
  urge_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  time_zone TEXT NOT NULL,
  vulnerability BLOB NOT NULL,    -- sealed
  trigger_text BLOB NOT NULL,     -- sealed
  links BLOB NOT NULL,            -- sealed JSON list
  what_helped BLOB NOT NULL,      -- sealed
  what_to_change BLOB NOT NULL,   -- sealed
  self_compassion BLOB NOT NULL,  -- sealed
  PRIMARY KEY (tenant_id, person_id, id),
  FOREIGN KEY (tenant_id, person_id, urge_id) REFERENCES urges (tenant_id, person_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX lapse_reviews_by_time ON lapse_reviews (tenant_id, person_id, at, id);
CREATE INDEX lapse_reviews_by_urge ON lapse_reviews (tenant_id, person_id, urge_id);

CREATE TABLE checkins (
  tenant_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  id TEXT NOT NULL,
  local_date TEXT NOT NULL,
  at INTEGER NOT NULL,
  time_zone TEXT NOT NULL,
  mood INTEGER NOT NULL,
  stress INTEGER NOT NULL,
  loneliness INTEGER NOT NULL,
  boredom INTEGER NOT NULL,
  tiredness INTEGER NOT NULL,
  hunger INTEGER NOT NULL,
  sleep_hours REAL NOT NULL,
  urges_today INTEGER NOT NULL,
  acted_today INTEGER NOT NULL,
  note BLOB NOT NULL,  -- sealed
  PRIMARY KEY (tenant_id, person_id, id),
  UNIQUE (tenant_id, person_id, local_date)
) STRICT;
CREATE INDEX checkins_by_time ON checkins (tenant_id, person_id, at, id);

CREATE TABLE pauses (
  tenant_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  id TEXT NOT NULL,
  at INTEGER NOT NULL,
  time_zone TEXT NOT NULL,
  technique TEXT NOT NULL,
  planned_minutes INTEGER NOT NULL,
  elapsed_seconds INTEGER NOT NULL,
  start_intensity INTEGER NOT NULL,
  end_intensity INTEGER,
  samples TEXT NOT NULL,  -- JSON [[offset_seconds, intensity], ...]: numbers only
  urge_id TEXT,
  PRIMARY KEY (tenant_id, person_id, id)
) STRICT;
CREATE INDEX pauses_by_time ON pauses (tenant_id, person_id, at, id);

CREATE TABLE personal_values (
  tenant_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  name BLOB NOT NULL,         -- sealed
  description BLOB NOT NULL,  -- sealed
  rank INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, person_id, id)
) STRICT;
CREATE INDEX personal_values_by_time ON personal_values (tenant_id, person_id, created_at, id);

CREATE TABLE goals (
  tenant_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  title BLOB NOT NULL,   -- sealed
  levels BLOB NOT NULL,  -- sealed JSON list of five
  weight REAL NOT NULL,
  value_id TEXT,
  archived INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, person_id, id)
) STRICT;
CREATE INDEX goals_by_time ON goals (tenant_id, person_id, created_at, id);

CREATE TABLE activities (
  tenant_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  time_zone TEXT NOT NULL,
  title BLOB NOT NULL,  -- sealed
  category TEXT NOT NULL,
  value_ids TEXT NOT NULL,  -- JSON list of ids
  scheduled_at INTEGER,
  done INTEGER NOT NULL,
  done_at INTEGER,
  mood_before INTEGER,
  mood_after INTEGER,
  note BLOB NOT NULL,  -- sealed
  PRIMARY KEY (tenant_id, person_id, id)
) STRICT;
CREATE INDEX activities_by_time ON activities (tenant_id, person_id, created_at, id);

CREATE TABLE plan_versions (
  tenant_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  time_zone TEXT NOT NULL,
  warning_signs BLOB NOT NULL,         -- sealed JSON list
  high_risk_situations BLOB NOT NULL,  -- sealed JSON list
  coping_steps BLOB NOT NULL,          -- sealed JSON list
  people BLOB NOT NULL,                -- sealed JSON [[name, contact], ...]
  environment_changes BLOB NOT NULL,   -- sealed JSON list
  reasons BLOB NOT NULL,               -- sealed JSON list
  review_date TEXT,
  change_note BLOB NOT NULL,           -- sealed
  PRIMARY KEY (tenant_id, person_id, id),
  UNIQUE (tenant_id, person_id, version)
) STRICT;
CREATE INDEX plan_versions_by_time ON plan_versions (tenant_id, person_id, created_at, id);

CREATE TABLE journal_entries (
  tenant_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  id TEXT NOT NULL,
  at INTEGER NOT NULL,
  time_zone TEXT NOT NULL,
  kind TEXT NOT NULL,
  title BLOB NOT NULL,   -- sealed
  body BLOB NOT NULL,    -- sealed
  fields BLOB NOT NULL,  -- sealed JSON [[name, value], ...]
  is_private INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, person_id, id)
) STRICT;
CREATE INDEX journal_entries_by_time ON journal_entries (tenant_id, person_id, at, id);
)sql";

constexpr const char* kAssessmentsSchema = R"sql(
CREATE TABLE assessments (
  tenant_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  id TEXT NOT NULL,
  at INTEGER NOT NULL,
  time_zone TEXT NOT NULL,
  instrument TEXT NOT NULL,
  answers TEXT NOT NULL,  -- JSON [[link_id, score], ...]: numbers, as check-ins are
  PRIMARY KEY (tenant_id, person_id, id)
) STRICT;
CREATE INDEX assessments_by_time ON assessments (tenant_id, person_id, at, id);
CREATE INDEX assessments_by_instrument ON assessments (tenant_id, person_id, instrument, at);

CREATE TABLE safety_events (
  tenant_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  id TEXT NOT NULL,
  at INTEGER NOT NULL,
  time_zone TEXT NOT NULL,
  source TEXT NOT NULL,
  assessment_id TEXT,
  item TEXT NOT NULL,
  score INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, person_id, id)
) STRICT;
CREATE INDEX safety_events_by_time ON safety_events (tenant_id, person_id, at, id);
)sql";

// A clinic's own instruments and the licensed item text of keel's scoring-only ones. They are
// documents, not anyone's records: plain text, shared by every person of the tenant.
constexpr const char* kClinicInstrumentsSchema = R"sql(
CREATE TABLE clinic_instruments (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,         -- the instrument id
  kind TEXT NOT NULL CHECK (kind IN ('questionnaire', 'licensed-text')),
  document TEXT NOT NULL,   -- the FHIR JSON as it was loaded
  loaded_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id, kind)
) STRICT;
)sql";

constexpr std::array<Migration, 3> kMigrations = {{
    {1, "people, home and one table per record kind", kInitialSchema},
    {2, "assessments (completed instruments) and safety events", kAssessmentsSchema},
    {3, "a clinic's instruments and licensed item text", kClinicInstrumentsSchema},
}};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

}  // namespace keel::store
