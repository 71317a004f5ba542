// Writing ciprov's rollup tables without a statement (the flush): rows
// found by an index key, inserted, updated or deleted by row id through
// the executor's per-row routines (those logical replication applies rows
// with: constraints checked, index entries made, partial indexes honoured,
// WAL written), but without planning or starting a statement for each
// write, which cost 70 to 100 microseconds whatever it wrote
// (docs/bench-rollup.md).
//
// Only for tables that no one else writes meanwhile: the flush holds the
// anchors of every row it writes, so an update or delete never meets a
// concurrent one (an internal error if it did). The anchors themselves are
// the exception: insert_or_lock creates or locks them as INSERT ... ON
// CONFLICT DO UPDATE would, whoever else writes them. Tables with triggers or row
// security are refused. The caller's INSERT, UPDATE or DELETE privilege is
// checked once per kind of write, as the statement would. Every PostgreSQL
// call goes through the guard; on an error the aborting transaction
// releases what is open.
#pragma once

#include <string_view>

#include "pg/guard.h"

extern "C" {
#include "access/skey.h"
#include "executor/tuptable.h"
#include "nodes/execnodes.h"
#include "utils/rel.h"
#include "utils/snapshot.h"
}

namespace ciprov::pg {

class TableWriter {
 public:
  // Opens ciprov.<table> (RowExclusiveLock) and its indexes, and takes a
  // snapshot that sees every committed row and this transaction's writes
  // so far: the rows as they are now that the caller holds their anchors.
  // (anchors: ready for insert_or_lock, its unique indexes set up for
  // speculative insertion)
  explicit TableWriter(const char* table, bool anchors = false);
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;
  // Closes it all and makes the writes visible to what follows; call once,
  // on success.
  void close();

  // The 0-based attribute of column `name`; an internal error when missing.
  int column(const char* name) const;
  Relation relation() const { return info_->ri_RelationDesc; }
  // The slot to fill for insert and update: cleared, one value per column.
  TupleTableSlot* row();
  // The first row matching keys (sk_attno counting the columns of index
  // ciprov.<index>, one of the table's; each key compared under its index
  // column's collation), with its row id in tts_tid, valid until the next
  // find, update or remove; nullptr when there is none. Needs the caller's
  // SELECT privilege, as a WHERE clause would.
  TupleTableSlot* find(const char* index, ScanKey keys, int nkeys);

  void insert();                 // row()
  void update(ItemPointer tid);  // row() replaces the row at tid
  void remove(ItemPointer tid);

  // The row whose key in unique index ciprov.<index> is row()'s, locked
  // FOR NO KEY UPDATE (waiting for whoever holds it), or row() inserted
  // when there is none, as INSERT ... ON CONFLICT DO UPDATE does it: a
  // concurrent insert of the key is waited for and the row it made is then
  // locked; a row updated or deleted meanwhile is looked up again; under
  // REPEATABLE READ or SERIALIZABLE, a row changed since the transaction's
  // snapshot is a serialization failure. Returns the row as it then is,
  // with its row id in tts_tid, valid until the next call; *inserted tells
  // which. Needs INSERT, UPDATE and SELECT, as that statement; a writer
  // opened for anchors.
  TupleTableSlot* insert_or_lock(const char* index, bool* inserted);

 private:
  void check_privilege(AclMode mode);
  Relation index_named(const char* index) const;

  EState* estate_ = nullptr;
  ResultRelInfo* info_ = nullptr;
  TupleTableSlot* row_ = nullptr;
  TupleTableSlot* found_ = nullptr;
  Snapshot snapshot_ = nullptr;
  AclMode checked_ = 0;
  bool anchors_ = false;
};

}  // namespace ciprov::pg
