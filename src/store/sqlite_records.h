// Private to store/: how each record kind maps to its table's columns, with every free-text
// field sealed with the owner's data key and bound to its table, tenant, person, record and
// column (crypto::field_associated_data).
#pragma once

#include <sqlite3.h>

#include <string>
#include <vector>

#include "core/status.h"
#include "crypto/keys.h"
#include "domain/records.h"
#include "store/sqlite_connection.h"

namespace keel::store {

struct TableSpec {
  domain::RecordKind kind;
  const char* table;
  const char* time_column;           // what list() orders and filters by: time_of(record)
  std::vector<const char*> columns;  // after tenant_id, person_id, id, in binding order
  std::string select_columns;        // "tenant_id, person_id, id, <columns>"
  std::string upsert_sql;            // INSERT ... ON CONFLICT (tenant_id, person_id, id) DO UPDATE ...
};

const TableSpec& table_spec(domain::RecordKind kind);

// Parameters for table_spec(kind).upsert_sql, in order. Fails (invalid_argument) only for text
// that is not valid UTF-8, which validation refuses earlier.
Result<std::vector<SqlValue>> encode_record(const domain::Record& record, const crypto::PersonKeys& keys);

// The record in the current row of a statement that selected table_spec(kind).select_columns.
// Damaged values and ciphertexts that fail to open answer StatusCode::corrupt.
Result<domain::Record> decode_record(domain::RecordKind kind, sqlite3_stmt* row, const crypto::PersonKeys& keys);

}  // namespace keel::store
