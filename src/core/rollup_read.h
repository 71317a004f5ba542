// The rollup readers' arithmetic (docs/rollup.md): counter rows summed per
// (rollup, value), and what one summed row says about a kind (its total,
// its counts per status, its worst status). Pure logic; src/pg/rollup_sum.cpp
// reads the counter rows and src/pg/rollup_row.cpp answers for one row.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/rollup_model.h"

namespace ciprov::core::rollup {

// "FAIL" .. "SKIP", then "NULL" (not finished): the status keys of a
// counts object, in cell order.
const char* status_key(Status s);
// "build", "boot", "test".
const char* kind_name(Kind k);
// The column of a cell in ciprov.rollup_counts: "build_fail" .. "test_null".
std::string cell_column(int cell);
// "build" / "boot" / "test" to a Kind; else an error 22023 naming it.
Kind kind_of(std::string_view name);

// The sum of one kind's seven cells, or of all 21.
std::int64_t kind_total(const Cells& cells, Kind k);
std::int64_t total(const Cells& cells);
// The first status in kcidb priority order (FAIL .. SKIP) with a positive
// count of that kind: min(status) of what the cells count. None when the
// kind counts only unfinished objects or nothing.
std::optional<Status> worst(const Cells& cells, Kind k);
// A summed cell as a counter column value (int4); error 22003 beyond it.
std::int32_t to_int4(std::int64_t n);

// Counter rows summed per (rollup, value). Each rollup keeps its groups in
// value order (NULL first, then bytes), so that adding the rows of a packed
// set (already in that order) walks forward from the last group touched:
// summing and ordering need neither hashing nor sorting. Rows in any other
// order are summed too, only more slowly.
class Sums {
 public:
  struct Group {
    char rollup;
    std::optional<std::string> value;
    Cells cells;
  };
  // Adds one counter row `times` times (value: nullopt for NULL).
  void add(char rollup, std::optional<std::string_view> value, const Cells& cells, int times = 1);
  // The groups in `rollup_order` order of their rollup (rollups not in it
  // last, by code), then NULL value first (last with nulls_last, as ORDER BY
  // puts it), then by value bytes (COLLATE "C").
  std::vector<const Group*> sorted(std::string_view rollup_order, bool nulls_last = false) const;
  std::size_t size() const;

 private:
  struct Rollup {
    char code;
    std::vector<Group> groups;  // in value order
    std::size_t next = 0;       // the group after the one last added to
  };
  std::vector<Rollup> rollups_;  // (a few: searched in order)
};
}  // namespace ciprov::core::rollup
