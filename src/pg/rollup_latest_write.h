// The flush's upkeep of ciprov.rollup_latest (docs/rollup.md): after it
// wrote the test runs, the latest set of every (checkout, architecture,
// config) group whose runs it wrote is recomputed from the group's runs as
// they now are (core::rollup::pack_latest, the one definition of a set)
// and written when it changed. A whole group is recomputed, not patched:
// a test that stops being the latest of its key (moved, restarted earlier,
// deleted) leaves no trace to patch from. The flush holds the group's
// checkout anchor, so no one else writes the group meanwhile.
#pragma once

#include <set>
#include <string>
#include <tuple>

#include "core/rollup_model.h"

namespace ciprov::pg {

struct LatestGroup {
  std::string checkout_id;
  core::rollup::Text architecture, config_name;
  bool operator<(const LatestGroup& o) const {
    return std::tie(checkout_id, architecture, config_name) < std::tie(o.checkout_id, o.architecture, o.config_name);
  }
};

void write_latest(const std::set<LatestGroup>& groups);

}  // namespace ciprov::pg
