// Reading ciprov's own tables without the executor (the rollup readers:
// rollup_sum, test_history, tree_compare), under the active snapshot:
// opening a table and its index with the caller's SELECT privilege checked
// (as a query would), finding columns by name, and fetching the rows of a
// set of index entries in heap order (each page pinned once). Every
// PostgreSQL call goes through the guard; relations are closed by the
// caller on success (an error aborts the transaction, which releases them).
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "pg/guard.h"

extern "C" {
#include "access/genam.h"
#include "access/relscan.h"
#include "access/skey.h"
#include "access/tableam.h"
#include "storage/bufmgr.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "utils/rel.h"
#include "utils/snapshot.h"
}

namespace ciprov::pg {

// The oid of relation ciprov.<name>; an internal error when missing.
Oid relation_oid(const char* name);
// The 0-based attribute of column `name` of rel; -1 when it has none.
int find_column(Relation rel, const char* name);
// The 0-based attribute of column `name` of rel; an internal error naming
// the table when it is missing.
int relation_column(Relation rel, const char* name);

// ciprov.<table> and ciprov.<index>, opened AccessShare after a SELECT
// privilege check on the table; the slot holds the table's rows. Read under
// the active snapshot (a reader), or under a new one that sees every
// committed row and this transaction's writes so far (kLatest: the flush,
// which holds the anchors of what it reads, as pg/table_write.h).
struct TableRead {
  Relation table = nullptr;
  Relation index = nullptr;
  TupleTableSlot* slot = nullptr;
  Snapshot snapshot = nullptr;
  bool registered = false;  // (a snapshot of its own, released on close)
};
enum class ReadAs { kActiveSnapshot, kLatest };
TableRead open_table_read(const char* table, const char* index, ReadAs as = ReadAs::kActiveSnapshot);
// Closes both relations, keeping their locks to the end of the transaction.
void close_table_read(TableRead& r);

// The planner's row count of table ciprov.<table> (pg_class.reltuples;
// -1 before it was ever vacuumed or analyzed).
double table_rows_estimate(const char* table);

// The planner's row count of table ciprov.<table> scaled to the table's
// size now, as the planner scales it (pg_class.reltuples per page times the
// pages the table has): a count made while the table was small does not
// stay small. -1 when never vacuumed or analyzed. Opens the table
// AccessShare (kept to the end of the transaction, as a read keeps it).
double table_rows_now(const char* table);

// The 0-based attribute of column `name` of the table; an internal error
// naming the table when it is missing.
int table_column(const TableRead& r, const char* name);

// Whether attribute att (0-based; -1: none) of rel is column `name`.
bool column_is(Relation rel, int att, const char* name);

// A reader's columns of one table, by name: found once per backend, then
// checked by name at the remembered attribute on each use (a table altered
// since is searched again). Searching every name on every call was a
// fiftieth of a short reader call. The readers with a fixed set of columns
// (a function-local static each) use it; table_column is for the rest.
template <std::size_t N>
class TableColumns {
 public:
  explicit TableColumns(const std::array<const char*, N>& names) : names_(names) { at_.fill(-1); }
  // The 0-based attributes of the names, in their order.
  const std::array<int, N>& find(const TableRead& r) {
    for (std::size_t i = 0; i < N; ++i)
      if (!column_is(r.table, at_[i], names_[i])) at_[i] = relation_column(r.table, names_[i]);
    return at_;
  }

 private:
  std::array<const char*, N> names_;
  std::array<int, N> at_;
};

// The row ids of the index entries matching `keys` (one descent; the keys'
// sk_attno count index columns from 1), appended to tids.
void index_tids(const TableRead& r, ScanKey keys, int nkeys, std::vector<ItemPointerData>& tids);

// The same, keeping only the entries whose index column `column` (from 1;
// read from the index tuple, so a by-value or not-toasted column) passes
// keep(value, isnull): the rows of the others are never fetched. One
// descent for several values of a later column, where ScanKey arrays would
// descend once per value.
using IndexFilter = std::function<bool(Datum value, bool isnull)>;
void index_tids_where(const TableRead& r, ScanKey keys, int nkeys, int column, const IndexFilter& keep,
                      std::vector<ItemPointerData>& tids);

// The rows of tids visible to the snapshot, in heap order (duplicates kept:
// a row listed twice is visited twice); f(slot) for each.
template <typename F>
void fetch_in_heap_order(const TableRead& r, std::vector<ItemPointerData>& tids, F&& f);

// Every row of the table visible to the snapshot, in heap order; f(slot)
// for each (interrupts polled). For a reader that needs much of a table,
// where one index lookup per row costs more than reading every page once.
template <typename F>
void scan_table(const TableRead& r, F&& f);

// scan_table for readers of many small rows: read(slot) turns a row into a
// T appended to out. A batch of rows runs under one guard (a guard per row
// was most of the cost of reading a table of three integers), so read must
// not throw or allocate (it must be noexcept, and T trivially copyable):
// only PostgreSQL calls (slot_getsomeattrs) and plain copies.
template <typename T, typename Read>
void scan_table_into(const TableRead& r, std::vector<T>& out, Read&& read);

// Keeps the pages of fetched rows pinned, so that views of their values
// (pointers into the page: not toasted, not compressed) stay valid after
// the slot moves on, without copying them: a pinned page's tuples stay
// where they are. release() on success; on an error the aborting
// (sub)transaction's resource owner releases the pins.
class PinnedPages {
 public:
  void keep(TupleTableSlot* slot);  // the page of the slot's row (a buffer heap tuple slot)
  void release();

 private:
  std::vector<Buffer> buffers_;
};

// A text Datum equal to bytes (a key of a text index column).
bool text_equals(Datum text, std::string_view bytes);

// The text at 0-based attribute att of a deformed slot, viewed (valid
// while the slot holds the row) or copied; none when NULL.
std::optional<std::string_view> text_view(TupleTableSlot* slot, int att);
std::optional<std::string> text_at(TupleTableSlot* slot, int att);

namespace detail {
void sort_tids(std::vector<ItemPointerData>& tids);
IndexFetchTableData* fetch_begin(const TableRead& r);
bool fetch_tid(const TableRead& r, IndexFetchTableData* fetch, ItemPointerData* tid);
void fetch_end(IndexFetchTableData* fetch);
TableScanDesc scan_begin(const TableRead& r);
bool scan_next(TableScanDesc scan, TupleTableSlot* slot);
void scan_end(TableScanDesc scan);
}  // namespace detail

template <typename F>
void fetch_in_heap_order(const TableRead& r, std::vector<ItemPointerData>& tids, F&& f) {
  detail::sort_tids(tids);
  IndexFetchTableData* fetch = detail::fetch_begin(r);
  for (ItemPointerData& tid : tids)
    if (detail::fetch_tid(r, fetch, &tid)) f(r.slot);
  detail::fetch_end(fetch);
}

template <typename F>
void scan_table(const TableRead& r, F&& f) {
  TableScanDesc scan = detail::scan_begin(r);
  while (detail::scan_next(scan, r.slot)) f(r.slot);
  detail::scan_end(scan);
}

template <typename T, typename Read>
void scan_table_into(const TableRead& r, std::vector<T>& out, Read&& read) {
  static_assert(std::is_trivially_copyable_v<T>, "a batch row holds no owned memory");
  static_assert(noexcept(read(std::declval<TupleTableSlot*>())), "read runs under the guard: mark it noexcept");
  TableScanDesc scan = detail::scan_begin(r);
  TupleTableSlot* slot = r.slot;
  bool more = true;
  while (more) {
    if (out.size() == out.capacity()) out.reserve(out.size() * 2 + 1024);
    const std::size_t start = out.size();
    const std::size_t room = out.capacity() - start;
    out.resize(out.capacity());
    T* batch = out.data() + start;
    std::size_t got = 0;
    more = guarded([scan, slot, batch, room, &got, &read] {
      while (got < room) {
        CHECK_FOR_INTERRUPTS();
        if (!table_scan_getnextslot(scan, ForwardScanDirection, slot)) return false;
        batch[got++] = read(slot);
      }
      return true;
    });
    out.resize(start + got);
  }
  detail::scan_end(scan);
}

}  // namespace ciprov::pg
