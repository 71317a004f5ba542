// The SQL face of the latest sets (ciprov.rollup_latest.tests,
// core/rollup_latest.h): rollup_unpack_latest and the rollup_pack_latest
// aggregate, which rollup_check and rollup_rebuild read and make them with.
#include <optional>
#include <vector>

#include "core/rollup_latest.h"
#include "pg/agg_state.h"
#include "pg/datum.h"
#include "pg/rollup_row.h"
#include "pg/srf.h"
#include "pg/testpath_datum.h"

extern "C" {
#include "utils/timestamp.h"
}

namespace {

using namespace ciprov;
namespace cr = core::rollup;

// The tests given to ciprov.rollup_pack_latest, and the status labels.
struct PackLatestState {
  std::vector<cr::LatestTest> tests;
  std::optional<pg::rollup::StatusLabels> labels;
};

}  // namespace

// ciprov.rollup_unpack_latest(tests bytea) -> (platform, path, status,
// start_time, test_id)
CIPROV_FUNCTION(ciprov_rollup_unpack_latest) {
  std::vector<cr::LatestTest> tests = cr::unpack_latest(pg::arg_bytes(fcinfo, 0));
  pg::MaterializedResult r(fcinfo, 5);
  const pg::rollup::StatusLabels& labels = pg::rollup::status_labels(r.column_type(2));
  Datum values[5];
  bool nulls[5] = {};
  for (const cr::LatestTest& t : tests) {
    pg::MaterializedResult::RowMemory row(r);
    nulls[0] = !t.platform;
    values[0] = t.platform ? pg::text_datum(*t.platform) : static_cast<Datum>(0);
    nulls[1] = !t.path;
    values[1] = t.path ? pg::testpath_datum(*t.path) : static_cast<Datum>(0);
    nulls[2] = t.status == cr::kNull;
    values[2] = nulls[2] ? static_cast<Datum>(0) : labels.label(t.status);
    nulls[3] = !t.start;
    values[3] = t.start ? TimestampTzGetDatum(*t.start) : static_cast<Datum>(0);
    values[4] = pg::text_datum(t.id);
    r.put(values, nulls);
  }
  return static_cast<Datum>(0);
}

// ciprov.rollup_pack_latest(platform, path, status, start_time, test_id):
// transition and final functions.
CIPROV_FUNCTION(ciprov_rollup_pack_latest_step) {
  PackLatestState* state = pg::agg_state<PackLatestState>(fcinfo);
  if (PG_ARGISNULL(5)) throw core::Error(core::sqlstate::kInvalidParameterValue, "a test id must not be NULL");
  if (!state->labels) {
    Oid status_type = pg::guarded([fcinfo] { return get_fn_expr_argtype(fcinfo->flinfo, 3); });
    state->labels.emplace(status_type);
  }
  cr::LatestTest t;
  if (!PG_ARGISNULL(1)) t.platform = std::string(pg::arg_bytes(fcinfo, 1));
  if (!PG_ARGISNULL(2)) t.path = std::string(pg::testpath_arg(fcinfo, 2));
  t.status = state->labels->status(PG_GETARG_DATUM(3), PG_ARGISNULL(3));
  if (!PG_ARGISNULL(4)) t.start = PG_GETARG_TIMESTAMPTZ(4);
  t.id = std::string(pg::arg_bytes(fcinfo, 5));
  state->tests.push_back(std::move(t));
  PG_RETURN_POINTER(state);
}

CIPROV_FUNCTION(ciprov_rollup_pack_latest_final) {
  PackLatestState* state = pg::agg_final_state<PackLatestState>(fcinfo);
  // (a copy: a final function leaves the state as it was)
  std::vector<cr::LatestTest> tests;
  if (state != nullptr) tests = state->tests;
  PG_RETURN_BYTEA_P(pg::make_varlena(cr::pack_latest(std::move(tests))));
}
