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
}

namespace {

using namespace ciprov;
namespace cr = core::rollup;

constexpr char kRollups[] = "gafmp";
constexpr const char* kDimensions[] = {"path_group", "architecture", "config", "compiler", "platform"};

void emit_summary(FunctionCallInfo fcinfo, const std::vector<std::string>& checkouts) {
  cr::Sums sums;
  pg::sum_counters(checkouts, kRollups, sums);
  pg::rollup::KindRows out(fcinfo);
  Datum dimensions[5];
  for (int i = 0; i < 5; ++i) dimensions[i] = pg::text_datum(kDimensions[i]);
  for (const cr::Sums::Group* g : sums.sorted(kRollups, true)) {
    const auto dim = std::string_view(kRollups).find(g->rollup);
    const bool counts_builds = g->rollup == 'a' || g->rollup == 'f' || g->rollup == 'm';
    out.put(dimensions[dim], *g, counts_builds ? cr::kBuild : cr::kBoot);
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
