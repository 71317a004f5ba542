// The flush's first step (pg/rollup_flush.cpp, docs/rollup.md): the
// anchors of the touched builds, then of their checkouts, created or
// locked in key order (bytewise; one global lock order, every build before
// any checkout), without a statement (pg/table_write.h insert_or_lock).
// What the rollups count a build or checkout as is what its anchor says
// once locked (every committed change was flushed under it), unless this
// transaction changed it (noted it): then its first note's state before,
// and the anchor is brought up to the row as it is now (our own row: we
// wrote it and hold its lock).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/rollup_fold.h"

namespace ciprov::pg {

struct LockedAnchors {
  std::set<std::string> created;  // builds whose anchor this flush made (no runs yet)
  std::set<std::string> changed;  // noted checkouts whose attributes changed
};

// Fills in.builds (each touched build as counted and now) and in.checkouts
// (each checkout as the runs will carry it; none: not known). noted_* are
// the first notes of the builds and checkouts this transaction changed;
// the checkouts locked are those the build anchors name, the noted ones,
// and those noted builds were counted under.
LockedAnchors lock_anchors(
    const std::set<std::string>& touched,
    const std::map<std::string, std::optional<core::rollup::BuildAttrs>>& noted_builds,
    const std::map<std::string, std::optional<core::rollup::CheckoutAttrs>>& noted_checkouts,
    core::rollup::FoldInput& in);

}  // namespace ciprov::pg
