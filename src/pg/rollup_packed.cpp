// The SQL face of the rollups' packed values (src/sql/50_rollup_tables.sql):
// counter sets (ciprov.rollup_packed.packed: rollup_unpack, rollup_add,
// the rollup_pack aggregate) and test runs (ciprov.rollup_runs.tests:
// rollup_unpack_tests, the rollup_pack_tests aggregate), and the runs'
// day and series keys. The formats are core/rollup_packed.h and
// core/rollup_runs.h; rollup_check and rollup_rebuild read and make them
// here, the flush and the readers in C++ directly.
#include <map>
#include <vector>

#include "core/rollup_packed.h"
#include "core/rollup_read.h"
#include "core/rollup_runs.h"
#include "pg/agg_state.h"
#include "pg/datum.h"
#include "pg/rollup_row.h"
#include "pg/srf.h"
#include "pg/testpath_datum.h"

extern "C" {
#include "catalog/pg_type_d.h"
#include "utils/timestamp.h"
}

namespace {

using namespace ciprov;
namespace cr = core::rollup;

std::optional<std::vector<cr::Text>> text_list(Datum array) {
  pg::TextElements e = pg::text_elements(array);
  std::vector<cr::Text> out;
  for (int i = 0; i < e.n; ++i)
    out.emplace_back(e.nulls[i] ? cr::Text() : cr::Text(std::string(pg::text_bytes(e.elems[i]))));
  return out;
}

cr::Text text_arg(FunctionCallInfo fcinfo, int n) {
  if (PG_ARGISNULL(n)) return std::nullopt;
  return std::string(pg::arg_bytes(fcinfo, n));
}

// The rows given to ciprov.rollup_pack, summed per value.
using PackState = std::map<cr::Text, cr::Cells>;

// The tests given to ciprov.rollup_pack_tests, and the status labels.
struct PackTestsState {
  std::vector<cr::RunTest> tests;
  std::optional<pg::rollup::StatusLabels> labels;
};

}  // namespace

// ciprov.rollup_unpack(packed bytea) -> (value, 21 cells)
CIPROV_FUNCTION(ciprov_rollup_unpack) {
  std::string_view packed = pg::arg_bytes(fcinfo, 0);
  pg::MaterializedResult r(fcinfo, 1 + cr::kCells);
  Datum values[1 + cr::kCells];
  bool nulls[1 + cr::kCells] = {};
  cr::CountReader rows(packed);
  while (rows.next()) {
    pg::MaterializedResult::RowMemory row(r);
    nulls[0] = !rows.value();
    values[0] = rows.value() ? pg::text_datum(*rows.value()) : static_cast<Datum>(0);
    for (int i = 0; i < cr::kCells; ++i)
      values[1 + i] = Int32GetDatum(cr::to_int4(rows.cells()[static_cast<std::size_t>(i)]));
    r.put(values, nulls);
  }
  return static_cast<Datum>(0);
}

// ciprov.rollup_add(a bytea, b bytea) -> bytea
CIPROV_FUNCTION(ciprov_rollup_add) {
  std::string sum = cr::add_counts(pg::arg_bytes(fcinfo, 0), pg::arg_bytes(fcinfo, 1));
  PG_RETURN_BYTEA_P(pg::make_varlena(sum));
}

// ciprov.rollup_pack(ciprov.rollup_counts): transition and final functions.
CIPROV_FUNCTION(ciprov_rollup_pack_step) {
  PackState* state = pg::agg_state<PackState>(fcinfo);
  if (!PG_ARGISNULL(1)) {
    pg::rollup::CounterRow row = pg::rollup::counter_row_arg(fcinfo, 1);
    auto [it, fresh] = state->try_emplace(std::move(row.value));
    if (fresh) it->second.fill(0);
    for (std::size_t i = 0; i < it->second.size(); ++i) it->second[i] += row.cells[i];
  }
  PG_RETURN_POINTER(state);
}

CIPROV_FUNCTION(ciprov_rollup_pack_final) {
  PackState* state = pg::agg_final_state<PackState>(fcinfo);
  std::vector<cr::CountRow> rows;
  if (state != nullptr)
    for (const auto& [value, cells] : *state) rows.push_back(cr::CountRow{value, cells});
  PG_RETURN_BYTEA_P(pg::make_varlena(cr::pack_counts(rows)));
}

// ciprov.rollup_unpack_tests(tests bytea) -> (test_id, path, status,
// start_time, compatible)
CIPROV_FUNCTION(ciprov_rollup_unpack_tests) {
  std::string_view packed = pg::arg_bytes(fcinfo, 0);
  pg::MaterializedResult r(fcinfo, 5);
  const pg::rollup::StatusLabels& labels = pg::rollup::status_labels(r.column_type(2));
  Datum values[5];
  bool nulls[5] = {};
  cr::RunTestReader tests(packed);
  while (tests.next()) {
    pg::MaterializedResult::RowMemory row(r);
    values[0] = pg::text_datum(tests.id());
    nulls[1] = !tests.path();
    values[1] = tests.path() ? pg::testpath_datum(*tests.path()) : static_cast<Datum>(0);
    nulls[2] = tests.status() == cr::kNull;
    values[2] = nulls[2] ? static_cast<Datum>(0) : labels.label(tests.status());
    nulls[3] = !tests.start();
    values[3] = tests.start() ? TimestampTzGetDatum(*tests.start()) : static_cast<Datum>(0);
    std::optional<std::vector<cr::Text>> compatible = tests.compatible();
    nulls[4] = !compatible;
    values[4] = compatible ? pg::text_array_datum(*compatible) : static_cast<Datum>(0);
    r.put(values, nulls);
  }
  return static_cast<Datum>(0);
}

// ciprov.rollup_pack_tests(test_id, path, status, start_time, compatible):
// transition and final functions.
CIPROV_FUNCTION(ciprov_rollup_pack_tests_step) {
  PackTestsState* state = pg::agg_state<PackTestsState>(fcinfo);
  if (PG_ARGISNULL(1)) throw core::Error(core::sqlstate::kInvalidParameterValue, "a test id must not be NULL");
  if (!state->labels) {
    Oid status_type = pg::guarded([fcinfo] { return get_fn_expr_argtype(fcinfo->flinfo, 3); });
    state->labels.emplace(status_type);
  }
  cr::RunTest t;
  t.id = std::string(pg::arg_bytes(fcinfo, 1));
  if (!PG_ARGISNULL(2)) t.path = std::string(pg::testpath_arg(fcinfo, 2));
  t.status = state->labels->status(PG_GETARG_DATUM(3), PG_ARGISNULL(3));
  if (!PG_ARGISNULL(4)) t.start = PG_GETARG_TIMESTAMPTZ(4);
  if (!PG_ARGISNULL(5)) t.compatible = text_list(PG_GETARG_DATUM(5));
  state->tests.push_back(std::move(t));
  PG_RETURN_POINTER(state);
}

CIPROV_FUNCTION(ciprov_rollup_pack_tests_final) {
  PackTestsState* state = pg::agg_final_state<PackTestsState>(fcinfo);
  // (a copy: a final function leaves the state as it was)
  std::vector<cr::RunTest> tests;
  if (state != nullptr) tests = state->tests;
  PG_RETURN_BYTEA_P(pg::make_varlena(cr::pack_tests(std::move(tests))));
}

// ciprov.rollup_day(timestamptz) -> int4
CIPROV_FUNCTION(ciprov_rollup_day) { PG_RETURN_INT32(*cr::day_of(PG_GETARG_TIMESTAMPTZ(0))); }

// ciprov.rollup_series(tree, branch, config, platform) -> int8
CIPROV_FUNCTION(ciprov_rollup_series) {
  std::optional<std::int64_t> key =
      cr::series_key(text_arg(fcinfo, 0), text_arg(fcinfo, 1), text_arg(fcinfo, 2), text_arg(fcinfo, 3));
  PG_RETURN_INT64(*key);  // (strict: every argument is there)
}
