// The tree details pages (docs/rollup.md): ciprov.rollup_summary(ids),
// ciprov.tree_summary(checkout_id) and ciprov.revision_summary(commit,
// patchset): the g, a, f, m, p counter rows of the checkouts summed, one
// row per (dimension, value, kind) that counts something, with its status
// counts and worst status; builds only by architecture, config and
// compiler. Ordered by dimension (path_group, architecture, config,
// compiler, platform), value (bytewise, NULL last), kind (build, boot,
// test). In C from the counters straight to the rows: as SQL around
// rollup_sum_kinds the planning and the sort were half of a call.
#include <string>
#include <vector>

#include "core/error.h"
#include "core/rollup_read.h"
#include "pg/datum.h"
#include "pg/rollup_counters.h"
#include "pg/rollup_revision.h"
#include "pg/rollup_row.h"

extern "C" {
#include "funcapi.h"
#include "utils/tuplestore.h"
}

namespace {

using namespace ciprov;
namespace cr = core::rollup;

constexpr char kRollups[] = "gafmp";
constexpr const char* kDimensions[] = {"path_group", "architecture", "config", "compiler", "platform"};

void emit_summary(FunctionCallInfo fcinfo, const std::vector<std::string>& checkouts) {
  cr::Sums sums;
  pg::sum_counters(checkouts, kRollups, sums);
  pg::guarded([fcinfo] { InitMaterializedSRF(fcinfo, 0); });
  auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
  Tuplestorestate* store = rsinfo->setResult;
  TupleDesc desc = rsinfo->setDesc;
  if (desc->natts != 5) throw core::Error(core::sqlstate::kInternalError, "a summary must return 5 columns");
  const pg::rollup::StatusLabels& labels = pg::rollup::status_labels(TupleDescAttr(desc, 4)->atttypid);
  Datum dimensions[5], kinds[3];
  for (int i = 0; i < 5; ++i) dimensions[i] = pg::text_datum(kDimensions[i]);
  for (int k = cr::kBuild; k <= cr::kTest; ++k) kinds[k] = pg::text_datum(cr::kind_name(static_cast<cr::Kind>(k)));
  for (const cr::Sums::Group* g : sums.sorted(kRollups, true)) {
    const int dim = static_cast<int>(std::string_view(kRollups).find(g->rollup));
    const bool counts_builds = g->rollup == 'a' || g->rollup == 'f' || g->rollup == 'm';
    Datum values[5];
    bool nulls[5] = {};
    values[0] = dimensions[dim];
    nulls[1] = !g->value;
    values[1] = g->value ? pg::text_datum(*g->value) : static_cast<Datum>(0);
    for (int k = counts_builds ? cr::kBuild : cr::kBoot; k <= cr::kTest; ++k) {
      auto kind = static_cast<cr::Kind>(k);
      if (cr::kind_total(g->cells, kind) == 0) continue;
      values[2] = kinds[k];
      values[3] = pg::rollup::status_counts_jsonb(g->cells, kind);
      std::optional<cr::Status> worst = cr::worst(g->cells, kind);
      nulls[4] = !worst;
      values[4] = worst ? labels.label(*worst) : static_cast<Datum>(0);
      Datum* vp = values;
      bool* np = nulls;
      pg::guarded([store, desc, vp, np] { tuplestore_putvalues(store, desc, vp, np); });
    }
  }
}

}  // namespace

// ciprov.rollup_summary(checkout_ids text[]) (an id given twice counts twice)
CIPROV_FUNCTION(ciprov_rollup_summary) {
  pg::TextElements e = pg::text_elements(PG_GETARG_DATUM(0));
  std::vector<std::string> ids;
  for (int i = 0; i < e.n; ++i)
    if (!e.nulls[i]) ids.emplace_back(pg::text_bytes(e.elems[i]));
  emit_summary(fcinfo, ids);
  return static_cast<Datum>(0);
}

// ciprov.tree_summary(checkout_id text)
CIPROV_FUNCTION(ciprov_tree_summary) {
  emit_summary(fcinfo, {std::string(pg::arg_bytes(fcinfo, 0))});
  return static_cast<Datum>(0);
}

// ciprov.revision_summary(git_commit_hash text, patchset_hash text): every
// checkout of the revision, any origin; '' matches a NULL patchset hash.
CIPROV_FUNCTION(ciprov_revision_summary) {
  emit_summary(fcinfo, pg::revision_checkouts(pg::arg_bytes(fcinfo, 0), pg::arg_bytes(fcinfo, 1), std::nullopt));
  return static_cast<Datum>(0);
}
