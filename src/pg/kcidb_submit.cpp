// ciprov.kcidb_submit(doc jsonb): validate, upgrade to 5.3, merge into the
// kcidb tables. The checks and the upgrade are the core's
// (core/kcidb_submit.h); this file only runs the five prepared statements.
//
// Each table is written by one multi-row statement that reads its rows
// straight out of the jsonb document (jsonb_to_recordset), sorted by key,
// and merges them with ON CONFLICT ... DO UPDATE SET c = COALESCE(stored,
// new): a non-null value beats null, a stored non-null value stays, and
// _timestamp keeps the latest. The statements are generated from the one
// column table in core/kcidb_columns. Tables are always written in the same order
// (checkouts, builds, tests, issues, incidents) and rows in key order, so
// two submitters of overlapping objects take their row locks in one global
// order and cannot deadlock.
#include <array>
#include <string>

#include "core/kcidb_columns.h"
#include "core/kcidb_submit.h"
#include "pg/datum.h"
#include "pg/guard.h"
#include "pg/kcidb_jsonb.h"
#include "pg/rollup_flush.h"

extern "C" {
#include "executor/spi.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
}

namespace kcidb = ciprov::core::kcidb;

namespace {

// Prepared once per backend and kept (SPI_keepplan); the plan cache
// re-plans them by itself when the tables change.
std::array<SPIPlanPtr, 5> g_plans{};

SPIPlanPtr plan_for(std::size_t kind) {
  if (g_plans[kind] != nullptr) return g_plans[kind];
  const std::string sql = kcidb::upsert_sql(kcidb::table(kcidb::kKinds[kind]));
  const char* text = sql.c_str();
  SPIPlanPtr plan = ciprov::pg::guarded([text] {
    Oid types[1] = {JSONBOID};
    SPIPlanPtr p = SPI_prepare(text, 1, types);
    if (p == nullptr)
      elog(ERROR, "ciprov: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
    if (SPI_keepplan(p) != 0) elog(ERROR, "ciprov: SPI_keepplan failed");
    return p;
  });
  g_plans[kind] = plan;
  return plan;
}

bool has_objects(const nlohmann::json& doc, const char* kind) {
  auto it = doc.find(kind);
  return it != doc.end() && it->is_array() && !it->empty();
}

}  // namespace

CIPROV_FUNCTION(ciprov_kcidb_submit) {
  auto* input = reinterpret_cast<Jsonb*>(ciprov::pg::arg_varlena(fcinfo, 0));
  // Validate a light copy; only a document that must be rewritten (an
  // upgrade, merged repeats) is converted again in full.
  kcidb::Prepared prepared = kcidb::prepare(ciprov::pg::jsonb_to_json(input, true));
  if (prepared.rewritten) prepared = kcidb::prepare(ciprov::pg::jsonb_to_json(input));

  // An untouched v5 document goes to the statements as it came in.
  Datum doc = prepared.rewritten ? ciprov::pg::json_to_jsonb(prepared.doc) : PointerGetDatum(input);

  std::array<std::uint64_t, 5> counts{};
  ciprov::pg::SubmitScope submitting;  // rollup triggers: we flush ourselves
  ciprov::pg::guarded([] {
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "ciprov: SPI_connect failed");
  });
  for (std::size_t k = 0; k < kcidb::kKinds.size(); ++k) {
    if (!has_objects(prepared.doc, kcidb::kKinds[k])) continue;
    SPIPlanPtr plan = plan_for(k);
    counts[k] = ciprov::pg::guarded([plan, doc] {
      Datum values[1] = {doc};
      int rc = SPI_execute_plan(plan, values, nullptr, false, 0);
      if (rc != SPI_OK_INSERT)
        elog(ERROR, "ciprov: kcidb upsert failed: %s", SPI_result_code_string(rc));
      return static_cast<std::uint64_t>(SPI_processed);
    });
  }
  // Rollups (docs/rollup.md): only when a trigger noted something, so
  // with rollups off or on an unchanged resubmission this costs nothing.
  if (ciprov::pg::rollup_pending()) ciprov::pg::rollup_flush();
  ciprov::pg::guarded([] { SPI_finish(); });

  nlohmann::json result = nlohmann::json::object();
  for (std::size_t k = 0; k < kcidb::kKinds.size(); ++k) result[kcidb::kKinds[k]] = counts[k];
  return ciprov::pg::json_to_jsonb(result);
}

// ciprov.kcidb_upgrade(doc): the checks and the upgrade of kcidb_submit
// without the write; returns the v5.3 document kcidb_submit would store.
CIPROV_FUNCTION(ciprov_kcidb_upgrade) {
  auto* input = reinterpret_cast<Jsonb*>(ciprov::pg::arg_varlena(fcinfo, 0));
  kcidb::Prepared prepared = kcidb::prepare(ciprov::pg::jsonb_to_json(input));
  return ciprov::pg::json_to_jsonb(prepared.doc);
}
