// Private to store/: the numbered, forward-only migrations of the home database.
//
// The SQL keeps to a subset PostgreSQL runs too: ids are TEXT made by keel, the tenant id leads
// every key, no triggers, enums or AUTOINCREMENT, upserts with ON CONFLICT ... DO UPDATE.
// Only `STRICT` is SQLite's own; a PostgreSQL schema maps INTEGER to BIGINT, REAL to
// DOUBLE PRECISION and BLOB to BYTEA and drops STRICT.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace keel::store {

// Written into the database header (PRAGMA application_id) so that keel knows its own files.
inline constexpr std::int64_t kApplicationId = 0x6B65656C;  // "keel"

struct Migration {
  int version;               // 1, 2, 3, ... never reused, never edited once released
  std::string_view summary;  // one line, for the schema_migrations table
  const char* sql;           // statements separated by semicolons
};

// In order, oldest first.
std::span<const Migration> migrations();

}  // namespace keel::store
