// What one counter row (ciprov.rollup_counts, e.g. a sum from
// ciprov.rollup_sum) says about a kind: ciprov.rollup_status_counts,
// ciprov.rollup_worst, ciprov.rollup_total. The arithmetic is in
// core/rollup_read.cpp.
#include "pg/rollup_row.h"

#include <cstring>
#include <string>
#include <unordered_map>

#include "core/error.h"
#include "pg/datum.h"

extern "C" {
#include "access/htup_details.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/memutils.h"
#include "utils/typcache.h"
}

namespace ciprov::pg::rollup {

namespace cr = core::rollup;

CounterColumns counter_columns(TupleDesc desc) {
  CounterColumns c;
  auto find = [desc](const std::string& name) {
    for (int i = 0; i < desc->natts; ++i) {
      Form_pg_attribute a = TupleDescAttr(desc, i);
      if (!a->attisdropped && name == NameStr(a->attname)) return i;
    }
    throw core::Error(core::sqlstate::kInternalError,
                      "row type of ciprov.rollup_counts lacks column " + core::quoted(name));
  };
  c.checkout_id = find("checkout_id");
  c.rollup = find("rollup");
  c.value = find("value");
  for (int i = 0; i < cr::kCells; ++i) c.cells[i] = find(cr::cell_column(i));
  return c;
}

namespace {

// Numerics of the small counts, made once per backend (most cells of a
// counts object are 0 or small): int64_to_numeric was a quarter of
// building an object.
constexpr std::int64_t kCachedNumerics = 256;
Numeric g_small_numerics[kCachedNumerics];

Numeric count_numeric(std::int64_t n) {
  if (n < 0 || n >= kCachedNumerics) return guarded([n] { return int64_to_numeric(n); });
  Numeric& cached = g_small_numerics[n];
  if (cached == nullptr) {
    cached = guarded([n] {
      MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
      Numeric made = int64_to_numeric(n);
      MemoryContextSwitchTo(old);
      return made;
    });
  }
  return cached;
}

// The status keys in jsonb's key order (shorter first, then bytewise).
constexpr cr::Status kKeyOrder[] = {cr::kDone, cr::kFail, cr::kMiss, cr::kNull, cr::kPass, cr::kSkip, cr::kError};

// The keys' bytes as the object stores them, one after the other, and the
// length of each (computed once).
struct ObjectKeys {
  std::string bytes;
  uint32 length[7];
  ObjectKeys() {
    for (int i = 0; i < 7; ++i) {
      const char* key = cr::status_key(kKeyOrder[i]);
      length[i] = static_cast<uint32>(strlen(key));
      bytes += key;
    }
  }
};

}  // namespace

// The object is written in jsonb's binary layout directly (utils/jsonb.h;
// an on-disk format, so it does not change): building it through
// JsonbValueToJsonb was a fifth of a summary call. The layout: varlena
// header; container header (pair count | JB_FOBJECT); 14 JEntries, the keys'
// then the values', each the length of its datum, except that every
// JB_OFFSET_STRIDE-th (here only the first) holds its end offset with
// JENTRY_HAS_OFF; then the key bytes; then each numeric value padded to a
// 4-byte boundary of the whole datum, the padding counted in its length.
// sql/rollup_read.sql compares these objects with jsonb built by
// PostgreSQL (equality, size, operators).
Datum status_counts_jsonb(const cr::Cells& cells, cr::Kind kind) {
  static const ObjectKeys keys;
  constexpr int kPairs = 7;
  Numeric values[kPairs];
  uint32 value_length[kPairs];
  const std::size_t data_start = VARHDRSZ + sizeof(uint32) + 2 * kPairs * sizeof(JEntry);
  std::size_t size = data_start + keys.bytes.size();
  for (int i = 0; i < kPairs; ++i) {
    values[i] = count_numeric(cells[static_cast<std::size_t>(kind * 7 + kKeyOrder[i])]);
    const std::size_t padded = INTALIGN(size);
    value_length[i] = static_cast<uint32>(padded - size + VARSIZE_ANY(values[i]));
    size = padded + VARSIZE_ANY(values[i]);
  }
  char* out = static_cast<char*>(guarded([size] { return palloc0(size); }));
  SET_VARSIZE(out, size);
  auto* header = reinterpret_cast<uint32*>(out + VARHDRSZ);
  *header = kPairs | JB_FOBJECT;
  JEntry* entries = reinterpret_cast<JEntry*>(header + 1);
  for (int i = 0; i < kPairs; ++i) {
    entries[i] = JENTRY_ISSTRING | keys.length[i];
    entries[kPairs + i] = JENTRY_ISNUMERIC | value_length[i];
  }
  static_assert(2 * kPairs <= JB_OFFSET_STRIDE, "only the first entry holds an offset");
  entries[0] = JENTRY_ISSTRING | JENTRY_HAS_OFF | keys.length[0];  // (its end offset is its length)
  std::size_t at = data_start;
  memcpy(out + at, keys.bytes.data(), keys.bytes.size());
  at += keys.bytes.size();
  for (int i = 0; i < kPairs; ++i) {
    at = INTALIGN(at);  // (palloc0: the padding is zeros)
    memcpy(out + at, values[i], VARSIZE_ANY(values[i]));
    at += VARSIZE_ANY(values[i]);
  }
  return PointerGetDatum(out);
}

Datum status_label(Oid status_type, cr::Status s) {
  const char* label = cr::status_key(s);
  return guarded([label, status_type] {
    return DirectFunctionCall2(enum_in, CStringGetDatum(label), ObjectIdGetDatum(status_type));
  });
}

StatusLabels::StatusLabels(Oid status_type) {
  for (int s = cr::kFail; s < cr::kNull; ++s) labels_[s] = status_label(status_type, static_cast<cr::Status>(s));
}

cr::Status StatusLabels::status(Datum d, bool isnull) const {
  if (isnull) return cr::kNull;
  for (int s = cr::kFail; s < cr::kNull; ++s)
    if (DatumGetObjectId(labels_[s]) == DatumGetObjectId(d)) return static_cast<cr::Status>(s);
  throw core::Error(core::sqlstate::kInternalError, "a status is not a ciprov.status label");
}

KindRows::KindRows(FunctionCallInfo fcinfo) : out_(fcinfo, 5), labels_(status_labels(out_.column_type(4))) {
  for (int k = cr::kBuild; k <= cr::kTest; ++k) kinds_[k] = text_datum(cr::kind_name(static_cast<cr::Kind>(k)));
}

void KindRows::put(Datum key, const cr::Sums::Group& g, cr::Kind first_kind) {
  Datum values[5];
  bool nulls[5] = {};
  values[0] = key;
  nulls[1] = !g.value;
  // (the value's text serves every kind's row: built outside their row memory)
  values[1] = g.value ? text_datum(*g.value) : static_cast<Datum>(0);
  for (int k = first_kind; k <= cr::kTest; ++k) {
    auto kind = static_cast<cr::Kind>(k);
    if (cr::kind_total(g.cells, kind) == 0) continue;
    MaterializedResult::RowMemory row(out_);
    values[2] = kinds_[k];
    values[3] = status_counts_jsonb(g.cells, kind);
    std::optional<cr::Status> worst = cr::worst(g.cells, kind);
    nulls[4] = !worst;
    values[4] = worst ? labels_.label(*worst) : static_cast<Datum>(0);
    out_.put(values, nulls);
  }
}

const StatusLabels& status_labels(Oid status_type) {
  static std::unordered_map<Oid, StatusLabels> cache;
  auto it = cache.find(status_type);
  if (it == cache.end()) it = cache.emplace(status_type, StatusLabels(status_type)).first;
  return it->second;
}

namespace {

// Per call site (fn_extra): the row type last read and where its cells are,
// and the ciprov.status labels once looked up.
struct RowCache {
  Oid type;
  int32 typmod;
  TupleDesc desc;  // a copy in fn_mcxt
  CounterColumns columns;
  Datum* values;
  bool* nulls;
  Datum status[cr::kNull];  // ciprov.status 'FAIL' .. 'SKIP'
  bool have_status;
};

RowCache* cache_of(FunctionCallInfo fcinfo) {
  auto* cache = static_cast<RowCache*>(fcinfo->flinfo->fn_extra);
  if (cache == nullptr) {
    MemoryContext mcxt = fcinfo->flinfo->fn_mcxt;
    cache = static_cast<RowCache*>(
        guarded([mcxt] { return MemoryContextAllocZero(mcxt, sizeof(RowCache)); }));
    fcinfo->flinfo->fn_extra = cache;
  }
  return cache;
}

}  // namespace

// The value and cells of composite argument n (all zero when it is NULL,
// as the missing side of an outer join).
CounterRow counter_row_arg(FunctionCallInfo fcinfo, int n) {
  CounterRow row;
  cr::Cells& cells = row.cells;
  cells.fill(0);
  if (PG_ARGISNULL(n)) return row;
  Datum arg = PG_GETARG_DATUM(n);
  HeapTupleHeader th = guarded([arg] { return DatumGetHeapTupleHeader(arg); });
  RowCache* cache = cache_of(fcinfo);
  Oid type = HeapTupleHeaderGetTypeId(th);
  int32 typmod = HeapTupleHeaderGetTypMod(th);
  if (cache->desc == nullptr || cache->type != type || cache->typmod != typmod) {
    MemoryContext mcxt = fcinfo->flinfo->fn_mcxt;
    TupleDesc desc = guarded([type, typmod, mcxt] {
      TupleDesc found = lookup_rowtype_tupdesc(type, typmod);
      MemoryContext old = MemoryContextSwitchTo(mcxt);
      TupleDesc copy = CreateTupleDescCopy(found);
      MemoryContextSwitchTo(old);
      ReleaseTupleDesc(found);
      return copy;
    });
    cache->columns = counter_columns(desc);
    int natts = desc->natts;
    cache->values = static_cast<Datum*>(
        guarded([mcxt, natts] { return MemoryContextAlloc(mcxt, sizeof(Datum) * natts); }));
    cache->nulls = static_cast<bool*>(
        guarded([mcxt, natts] { return MemoryContextAlloc(mcxt, sizeof(bool) * natts); }));
    cache->desc = desc;
    cache->type = type;
    cache->typmod = typmod;
  }
  HeapTupleData tuple;
  tuple.t_len = HeapTupleHeaderGetDatumLength(th);
  ItemPointerSetInvalid(&tuple.t_self);
  tuple.t_tableOid = InvalidOid;
  tuple.t_data = th;
  heap_deform_tuple(&tuple, cache->desc, cache->values, cache->nulls);  // (raises no error)
  for (int i = 0; i < cr::kCells; ++i) {
    int a = cache->columns.cells[i];
    cells[static_cast<std::size_t>(i)] = cache->nulls[a] ? 0 : DatumGetInt32(cache->values[a]);
  }
  int v = cache->columns.value;
  if (!cache->nulls[v]) row.value = std::string(text_bytes(cache->values[v]));
  return row;
}

namespace {

cr::Kind kind_arg(FunctionCallInfo fcinfo, int n) { return cr::kind_of(arg_bytes(fcinfo, n)); }

}  // namespace

}  // namespace ciprov::pg::rollup

namespace pr = ciprov::pg::rollup;
namespace cr = ciprov::core::rollup;

// ciprov.rollup_status_counts(c ciprov.rollup_counts, kind text) -> jsonb
// (not strict: a NULL row counts nothing)
CIPROV_FUNCTION(ciprov_rollup_status_counts) {
  if (PG_ARGISNULL(1)) PG_RETURN_NULL();
  cr::Kind kind = pr::kind_arg(fcinfo, 1);
  return pr::status_counts_jsonb(pr::counter_row_arg(fcinfo, 0).cells, kind);
}

// ciprov.rollup_worst(c ciprov.rollup_counts, kind text) -> ciprov.status
CIPROV_FUNCTION(ciprov_rollup_worst) {
  if (PG_ARGISNULL(1)) PG_RETURN_NULL();
  cr::Kind kind = pr::kind_arg(fcinfo, 1);
  std::optional<cr::Status> worst = cr::worst(pr::counter_row_arg(fcinfo, 0).cells, kind);
  if (!worst) PG_RETURN_NULL();
  pr::RowCache* cache = pr::cache_of(fcinfo);
  if (!cache->have_status) {
    Oid type = ciprov::pg::guarded([fcinfo] { return get_fn_expr_rettype(fcinfo->flinfo); });
    for (int s = cr::kFail; s < cr::kNull; ++s) cache->status[s] = pr::status_label(type, static_cast<cr::Status>(s));
    cache->have_status = true;
  }
  return cache->status[*worst];
}

// ciprov.rollup_total(c ciprov.rollup_counts [, kind text]) -> int8: the
// sum of the kind's cells, or of all 21 (a NULL row counts 0)
CIPROV_FUNCTION(ciprov_rollup_total) {
  if (PG_NARGS() > 1) {
    if (PG_ARGISNULL(1)) PG_RETURN_NULL();
    cr::Kind kind = pr::kind_arg(fcinfo, 1);
    PG_RETURN_INT64(cr::kind_total(pr::counter_row_arg(fcinfo, 0).cells, kind));
  }
  PG_RETURN_INT64(cr::total(pr::counter_row_arg(fcinfo, 0).cells));
}
