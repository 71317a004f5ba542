// Reading the rollup counters (ciprov.rollup_packed, docs/rollup.md) straight
// from the table or its key index, without the executor: the one reader
// behind rollup_sum, the summaries, tree_listing and hardware_listing.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/rollup_packed.h"
#include "core/rollup_read.h"

namespace ciprov::pg {

// Calls f(checkout_id, rollup, rows) for each packed row of the given
// checkouts and rollups (an id given twice: its rows twice; a rollup given
// twice: once). When the checkouts are more than 40% of ciprov.checkouts (by
// the planner's row count), one pass over the table, page at a time;
// otherwise one descent of the key index per checkout, the wanted rollups
// picked from the index entries and their rows then fetched in heap order.
// The caller's SELECT privilege on ciprov.rollup_packed is checked.
using CounterVisitor = std::function<void(std::string_view checkout_id, char rollup, core::rollup::CountReader& rows)>;
void read_counters(const std::vector<std::string>& checkout_ids, std::string_view rollups, const CounterVisitor& f);

// The rows read_counters visits, summed per (rollup, value).
void sum_counters(const std::vector<std::string>& checkout_ids, std::string_view rollups, core::rollup::Sums& sums);

}  // namespace ciprov::pg
