// ciprov.rollup_sum(checkout_ids text[], rollups "char"[]): the counter rows
// of the given checkouts and rollups summed per (rollup, value), one row of
// ciprov.rollup_counts each (checkout_id NULL); ciprov.rollup_sum_kinds: the
// same sums unpivoted per kind. The readers' one way to sum counters
// (hardware_listing): pg/rollup_counters.h reads the packed rows and
// core::rollup::Sums adds them, a fraction of the cost of SQL sum()
// aggregates over ciprov.rollup_counts or of a prepared SPI statement
// (docs/bench-rollup.md).
#include <algorithm>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/interrupt.h"
#include "core/rollup_packed.h"
#include "core/rollup_read.h"
#include "pg/datum.h"
#include "pg/rollup_counters.h"
#include "pg/rollup_row.h"
#include "pg/srf.h"

extern "C" {
#include "access/genam.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/tuptable.h"
#include "funcapi.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/tuplestore.h"
}

namespace {

using namespace ciprov;
namespace cr = core::rollup;

// The rollup codes of a "char"[] (NULL elements left out), in order.
std::string rollup_codes(Datum array) {
  Datum* elems = nullptr;
  bool* nulls = nullptr;
  int n = 0;
  pg::guarded([array, &elems, &nulls, &n] {
    deconstruct_array(DatumGetArrayTypeP(array), CHAROID, 1, true, TYPALIGN_CHAR, &elems, &nulls, &n);
  });
  std::string codes;
  for (int i = 0; i < n; ++i)
    if (!nulls[i]) codes += DatumGetChar(elems[i]);
  return codes;
}

// The elements of a text[] that are not NULL.
std::vector<std::string> id_elements(Datum array) {
  pg::TextElements e = pg::text_elements(array);
  std::vector<std::string> out;
  for (int i = 0; i < e.n; ++i)
    if (!e.nulls[i]) out.emplace_back(pg::text_bytes(e.elems[i]));
  return out;
}

}  // namespace

// ciprov.rollup_sum(checkout_ids text[], rollups "char"[])
CIPROV_FUNCTION(ciprov_rollup_sum) {
  const std::string order = rollup_codes(PG_GETARG_DATUM(1));
  cr::Sums sums;
  pg::sum_counters(id_elements(PG_GETARG_DATUM(0)), order, sums);
  pg::MaterializedResult out(fcinfo, 3 + cr::kCells);
  pg::rollup::CounterColumns cols = pg::rollup::counter_columns(out.desc());
  Datum values[3 + cr::kCells];
  bool nulls[3 + cr::kCells];
  for (const cr::Sums::Group* g : sums.sorted(order)) {
    pg::MaterializedResult::RowMemory row(out);
    for (bool& n : nulls) n = true;
    values[cols.rollup] = CharGetDatum(g->rollup);
    nulls[cols.rollup] = false;
    if (g->value) {
      values[cols.value] = pg::text_datum(*g->value);
      nulls[cols.value] = false;
    }
    for (int i = 0; i < cr::kCells; ++i) {
      values[cols.cells[i]] = Int32GetDatum(cr::to_int4(g->cells[static_cast<std::size_t>(i)]));
      nulls[cols.cells[i]] = false;
    }
    out.put(values, nulls);
  }
  return static_cast<Datum>(0);
}

// ciprov.rollup_sum_kinds(checkout_ids text[], rollups "char"[]): the same
// sums, one row per (rollup, value, kind) that counts something: (rollup,
// value, kind, counts jsonb, worst ciprov.status), kinds in build, boot,
// test order.
CIPROV_FUNCTION(ciprov_rollup_sum_kinds) {
  const std::string order = rollup_codes(PG_GETARG_DATUM(1));
  cr::Sums sums;
  pg::sum_counters(id_elements(PG_GETARG_DATUM(0)), order, sums);
  pg::rollup::KindRows out(fcinfo);
  for (const cr::Sums::Group* g : sums.sorted(order)) out.put(CharGetDatum(g->rollup), *g, cr::kBuild);
  return static_cast<Datum>(0);
}
