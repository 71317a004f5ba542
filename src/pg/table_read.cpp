// See table_read.h.
#include "pg/table_read.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_map>

#include "core/error.h"
#include "core/interrupt.h"
#include "pg/datum.h"

extern "C" {
#include "access/htup_details.h"
#include "access/itup.h"
#include "access/xact.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
}

namespace ciprov::pg {

namespace {

// ciprov's relations by name, per backend: two catalog lookups were a tenth
// of a short reader call. Forgotten whenever a pg_class entry is
// invalidated (any relation created, dropped or renamed, as DROP and CREATE
// EXTENSION do), so an oid never outlives its relation.
std::unordered_map<std::string, Oid> g_relation_oids;

void forget_relation_oids(Datum, int, uint32) { g_relation_oids.clear(); }

}  // namespace

Oid relation_oid(const char* name) {
  static bool watching = false;
  if (!watching) {
    guarded([] { CacheRegisterSyscacheCallback(RELNAMENSP, forget_relation_oids, static_cast<Datum>(0)); });
    watching = true;
  }
  auto known = g_relation_oids.find(name);
  if (known != g_relation_oids.end()) return known->second;
  Oid oid = guarded([name] { return get_relname_relid(name, get_namespace_oid("ciprov", false)); });
  if (!OidIsValid(oid))
    throw core::Error(core::sqlstate::kInternalError, std::string("relation ciprov.") + name + " does not exist");
  g_relation_oids.emplace(name, oid);
  return oid;
}

TableRead open_table_read(const char* table, const char* index, ReadAs as) {
  if (as == ReadAs::kActiveSnapshot && !ActiveSnapshotSet())
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
  if (as == ReadAs::kLatest) {
    r.snapshot = guarded([] {
      CommandCounterIncrement();  // (this transaction's writes so far become visible)
      return RegisterSnapshot(GetLatestSnapshot());
    });
    r.registered = true;
  } else {
    r.snapshot = GetActiveSnapshot();
  }
  return r;
}

void close_table_read(TableRead& r) {
  TupleTableSlot* slot = r.slot;
  Relation index = r.index, table = r.table;
  Snapshot own = r.registered ? r.snapshot : nullptr;
  guarded([slot, index, table, own] {
    if (own != nullptr) UnregisterSnapshot(own);
    ExecDropSingleTupleTableSlot(slot);
    // (the locks are kept to the end of the transaction, as the executor
    // keeps those of what a query reads; a later call's open then finds
    // them held and skips the invalidation check)
    index_close(index, NoLock);
    table_close(table, NoLock);
  });
  r = TableRead{};
}

void PinnedPages::keep(TupleTableSlot* slot) {
  if (!TTS_IS_BUFFERTUPLE(slot)) return;
  Buffer buffer = reinterpret_cast<BufferHeapTupleTableSlot*>(slot)->buffer;
  if (!BufferIsValid(buffer) || (!buffers_.empty() && buffers_.back() == buffer)) return;  // (rows come in page order)
  buffers_.reserve(buffers_.size() + 1);
  guarded([buffer] { IncrBufferRefCount(buffer); });
  buffers_.push_back(buffer);
}

void PinnedPages::release() {
  std::vector<Buffer> buffers = std::move(buffers_);
  buffers_.clear();
  guarded([&buffers] {
    for (Buffer b : buffers) ReleaseBuffer(b);
  });
}

double table_rows_estimate(const char* table) {
  Oid oid = relation_oid(table);
  return guarded([oid] {
    // (from the catalog, without opening and locking the table: an estimate)
    HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(oid));
    if (!HeapTupleIsValid(tuple)) return -1.0;
    double n = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple))->reltuples;
    ReleaseSysCache(tuple);
    return n;
  });
}

double table_rows_now(const char* table) {
  Oid oid = relation_oid(table);
  return guarded([oid] {
    Relation rel = table_open(oid, AccessShareLock);
    const double tuples = rel->rd_rel->reltuples;
    const double pages = rel->rd_rel->relpages;
    const double now = tuples < 0 || pages <= 0 ? -1.0 : tuples / pages * RelationGetNumberOfBlocks(rel);
    table_close(rel, NoLock);
    return now;
  });
}

int table_column(const TableRead& r, const char* name) { return relation_column(r.table, name); }

bool column_is(Relation rel, int att, const char* name) {
  TupleDesc desc = RelationGetDescr(rel);
  if (att < 0 || att >= desc->natts) return false;
  Form_pg_attribute a = TupleDescAttr(desc, att);
  return !a->attisdropped && std::strcmp(NameStr(a->attname), name) == 0;
}

int find_column(Relation rel, const char* name) {
  const int natts = RelationGetDescr(rel)->natts;
  for (int i = 0; i < natts; ++i)
    if (column_is(rel, i, name)) return i;
  return -1;
}

int relation_column(Relation rel, const char* name) {
  const int att = find_column(rel, name);
  if (att >= 0) return att;
  throw core::Error(core::sqlstate::kInternalError,
                    std::string("ciprov.") + RelationGetRelationName(rel) + " lacks column " + name);
}

namespace {

// index_tids and index_tids_where: with a filter, the index tuples are
// returned too (xs_want_itup) and column `column` is read from them.
void collect_tids(const TableRead& r, ScanKey keys, int nkeys, int column, const IndexFilter* keep,
                  std::vector<ItemPointerData>& tids) {
  Relation table = r.table, index = r.index;
  Snapshot snapshot = r.snapshot;
  const bool want_itup = keep != nullptr;
  IndexScanDesc scan = guarded([table, index, snapshot, keys, nkeys, want_itup] {
    IndexScanDesc s = index_beginscan(table, index, snapshot, nkeys, 0);
    s->xs_want_itup = want_itup;
    index_rescan(s, keys, nkeys, nullptr, 0);
    return s;
  });
  core::InterruptTicker ticker;
  for (;;) {
    ItemPointer tid = guarded([scan] { return index_getnext_tid(scan, ForwardScanDirection); });
    if (tid == nullptr) break;
    ticker.tick();
    if (keep != nullptr) {
      bool isnull = false;
      Datum value = index_getattr(scan->xs_itup, column, scan->xs_itupdesc, &isnull);  // (raises no error)
      if (!(*keep)(value, isnull)) continue;
    }
    tids.push_back(*tid);
  }
  guarded([scan] { index_endscan(scan); });
}

}  // namespace

void index_tids(const TableRead& r, ScanKey keys, int nkeys, std::vector<ItemPointerData>& tids) {
  collect_tids(r, keys, nkeys, 0, nullptr, tids);
}

void index_tids_where(const TableRead& r, ScanKey keys, int nkeys, int column, const IndexFilter& keep,
                      std::vector<ItemPointerData>& tids) {
  if (column < 1 || column > IndexRelationGetNumberOfAttributes(r.index))
    throw core::Error(core::sqlstate::kInternalError, "an index filter names a column the index lacks");
  collect_tids(r, keys, nkeys, column, &keep, tids);
}

std::optional<std::string_view> text_view(TupleTableSlot* slot, int att) {
  if (slot->tts_isnull[att]) return std::nullopt;
  return text_bytes(slot->tts_values[att]);
}

std::optional<std::string> text_at(TupleTableSlot* slot, int att) {
  std::optional<std::string_view> v = text_view(slot, att);
  if (!v) return std::nullopt;
  return std::string(*v);
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

TableScanDesc scan_begin(const TableRead& r) {
  Relation table = r.table;
  Snapshot snapshot = r.snapshot;
  return guarded([table, snapshot] { return table_beginscan(table, snapshot, 0, nullptr); });
}

bool scan_next(TableScanDesc scan, TupleTableSlot* slot) {
  core::poll_interrupts();
  return guarded([scan, slot] { return table_scan_getnextslot(scan, ForwardScanDirection, slot); });
}

void scan_end(TableScanDesc scan) {
  guarded([scan] { table_endscan(scan); });
}

}  // namespace detail

}  // namespace ciprov::pg
