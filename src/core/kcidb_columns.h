// The kcidb tables' columns and where each comes from in a v5.3 I/O object:
// the one description from which the merge statements of kcidb_submit are
// generated, so that no column list is written out by hand twice.
#pragma once

#include <string>
#include <string_view>

namespace ciprov::core::kcidb {

struct Column {
  std::string_view name;    // table column
  std::string_view type;    // SQL type, schema-qualified
  std::string_view object;  // enclosing I/O object ("environment"), or empty
  std::string_view field;   // the field's name inside that object (or at the top)
};

struct Table {
  std::string_view kind;  // I/O array name and table name: "tests"
  std::string_view key;   // primary key, "id" or "id, version"
  const Column* columns;
  std::size_t column_count;
};

// The table of a kind (one of kKinds); throws std::out_of_range otherwise.
const Table& table(std::string_view kind);

// INSERT ... SELECT FROM jsonb_to_recordset($1->kind) ORDER BY key ON
// CONFLICT DO UPDATE: the merge statement for one kind. $1 is the whole v5.3
// document. Rows are inserted in key order (the deadlock-free lock order);
// on conflict a stored non-null value stays, a null takes the new value, and
// _timestamp keeps the later of the two. A missing _timestamp is now().
std::string upsert_sql(const Table& table);

}  // namespace ciprov::core::kcidb
