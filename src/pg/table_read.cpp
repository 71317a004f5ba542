// See table_read.h.
#include "pg/table_read.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/error.h"
#include "core/interrupt.h"
#include "pg/datum.h"

extern "C" {
#include "access/table.h"
#include "catalog/namespace.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
}

namespace ciprov::pg {

Oid relation_oid(const char* name) {
  Oid oid = guarded([name] { return get_relname_relid(name, get_namespace_oid("ciprov", false)); });
  if (!OidIsValid(oid))
    throw core::Error(core::sqlstate::kInternalError, std::string("relation ciprov.") + name + " does not exist");
  return oid;
}

TableRead open_table_read(const char* table, const char* index) {
  if (!ActiveSnapshotSet())
    throw core::Error(core::sqlstate::kInternalError, std::string("reading ciprov.") + table + " needs an active snapshot");
  Oid table_oid = relation_oid(table);
  Oid index_oid = relation_oid(index);
  guarded([table_oid, table] {
    AclResult acl = pg_class_aclcheck(table_oid, GetUserId(), ACL_SELECT);
    if (acl != ACLCHECK_OK) aclcheck_error(acl, OBJECT_TABLE, table);
  });
  TableRead r;
  r.table = guarded([table_oid] { return table_open(table_oid, AccessShareLock); });
  r.index = guarded([index_oid] { return index_open(index_oid, AccessShareLock); });
  Relation rel = r.table;
  r.slot = guarded([rel] { return table_slot_create(rel, nullptr); });
  r.snapshot = GetActiveSnapshot();
  return r;
}

void close_table_read(TableRead& r) {
  TupleTableSlot* slot = r.slot;
  Relation index = r.index, table = r.table;
  guarded([slot, index, table] {
    ExecDropSingleTupleTableSlot(slot);
    index_close(index, AccessShareLock);
    table_close(table, AccessShareLock);
  });
  r = TableRead{};
}

double table_rows_estimate(const char* table) {
  Oid oid = relation_oid(table);
  return guarded([oid] {
    Relation r = table_open(oid, AccessShareLock);
    double n = r->rd_rel->reltuples;
    table_close(r, AccessShareLock);
    return n;
  });
}

int table_column(const TableRead& r, const char* name) { return relation_column(r.table, name); }

int relation_column(Relation rel, const char* name) {
  TupleDesc desc = RelationGetDescr(rel);
  for (int i = 0; i < desc->natts; ++i) {
    Form_pg_attribute a = TupleDescAttr(desc, i);
    if (!a->attisdropped && std::strcmp(NameStr(a->attname), name) == 0) return i;
  }
  throw core::Error(core::sqlstate::kInternalError,
                    std::string("ciprov.") + RelationGetRelationName(rel) + " lacks column " + name);
}

void index_tids(const TableRead& r, ScanKey keys, int nkeys, std::vector<ItemPointerData>& tids) {
  Relation table = r.table, index = r.index;
  Snapshot snapshot = r.snapshot;
  IndexScanDesc scan = guarded([table, index, snapshot, keys, nkeys] {
    IndexScanDesc s = index_beginscan(table, index, snapshot, nkeys, 0);
    index_rescan(s, keys, nkeys, nullptr, 0);
    return s;
  });
  core::InterruptTicker ticker;
  for (;;) {
    ItemPointer tid = guarded([scan] { return index_getnext_tid(scan, ForwardScanDirection); });
    if (tid == nullptr) break;
    tids.push_back(*tid);
    ticker.tick();
  }
  guarded([scan] { index_endscan(scan); });
}

bool text_equals(Datum text, std::string_view bytes) { return text_bytes(text) == bytes; }

namespace detail {

void sort_tids(std::vector<ItemPointerData>& tids) {
  std::sort(tids.begin(), tids.end(), [](const ItemPointerData& a, const ItemPointerData& b) {
    return ItemPointerCompare(const_cast<ItemPointer>(&a), const_cast<ItemPointer>(&b)) < 0;
  });
}

IndexFetchTableData* fetch_begin(const TableRead& r) {
  Relation table = r.table;
  return guarded([table] { return table_index_fetch_begin(table); });
}

bool fetch_tid(const TableRead& r, IndexFetchTableData* fetch, ItemPointerData* tid) {
  core::poll_interrupts();
  Snapshot snapshot = r.snapshot;
  TupleTableSlot* slot = r.slot;
  return guarded([fetch, tid, snapshot, slot] {
    bool call_again = false, all_dead = false;
    return table_index_fetch_tuple(fetch, tid, snapshot, slot, &call_again, &all_dead);
  });
}

void fetch_end(IndexFetchTableData* fetch) {
  guarded([fetch] { table_index_fetch_end(fetch); });
}

}  // namespace detail

}  // namespace ciprov::pg
