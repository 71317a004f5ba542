// The flush's upkeep of ciprov.rollup_latest (docs/rollup.md): after it
// wrote the test runs, the latest set of every (checkout, architecture,
// config) group whose runs it rewrote is brought up to date from what the
// fold changed (core::rollup::latest_deltas, apply_latest): the tests of
// the rewritten rows merged in, the latest of each key kept. When that
// cannot be known from the change (a test that was the latest of its key
// was deleted, moved or restarted earlier, or a build joined or left the
// group), the group's set is recomputed from all of its runs as they now
// are. The flush holds the group's checkout anchor, so no one else writes
// the group meanwhile.
#pragma once

#include <map>

#include "core/rollup_latest.h"

namespace ciprov::pg {

void write_latest(const std::map<core::rollup::LatestGroup, core::rollup::LatestDelta>& groups);

}  // namespace ciprov::pg
