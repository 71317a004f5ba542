// ciprov.tree_compare(commit_a, commit_b, origin) and its core over checkout
// ids, ciprov.rollup_compare(checkouts_a, checkouts_b): for each (path,
// config, architecture, platform) tested on both sides, the latest status on
// each (by start time, a test without one oldest; ties by test id, bytewise)
// when they differ or both fail. Reads the latest sets (ciprov.rollup_latest,
// core/rollup_latest.h) of the checkouts down rollup_latest_key (checkout
// first): one per (architecture, config) group of a checkout, so that the
// two sides meet group by group (the sets of a group in several checkouts
// of one side merged first), and two sets of the same tests compare by
// their status bytes alone (core::rollup::compare_latest). Rows come out
// ordered by path (ciprov.testpath order), config, architecture, platform
// (bytewise; NULLs last, as ORDER BY puts them).
#include <algorithm>
#include <array>
#include <climits>
#include <deque>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/bytes.h"
#include "core/error.h"
#include "core/rollup_latest.h"
#include "core/rollup_runs.h"
#include "pg/datum.h"
#include "pg/rollup_revision.h"
#include "pg/rollup_row.h"
#include "pg/srf.h"
#include "pg/table_read.h"
#include "pg/testpath_datum.h"

extern "C" {
#include "access/stratnum.h"
#include "utils/fmgroids.h"
}

namespace {

using namespace ciprov;
namespace cr = core::rollup;

// An (architecture, config) group, NULLs apart from every value.
struct Group {
  cr::Text config, arch;
  bool operator<(const Group& o) const { return std::tie(config, arch) < std::tie(o.config, o.arch); }
};

// The latest sets of one side's groups, one per checkout that has the
// group: views of the stored values (their pages kept pinned), and the
// sets merged from several.
struct Side {
  std::map<Group, std::vector<std::string_view>> groups;
  std::deque<std::string> merged;
};

// The latest sets of the checkouts.
void read_side(pg::TableRead& r, const std::vector<std::string>& checkouts, Side& side, pg::PinnedPages& pins) {
  std::vector<ItemPointerData> tids;
  Oid collation = r.index->rd_indcollation[0];
  for (const std::string& id : checkouts) {
    ScanKeyData key;
    Datum d = pg::text_datum(id);
    pg::guarded([&key, d, collation] {
      ScanKeyEntryInitialize(&key, 0, 1, BTEqualStrategyNumber, InvalidOid, collation, F_TEXTEQ, d);
    });
    pg::index_tids(r, &key, 1, tids);
  }
  static pg::TableColumns<3> columns({"architecture", "config_name", "tests"});
  const std::array<int, 3>& at = columns.find(r);
  const int att_arch = at[0], att_config = at[1], att_tests = at[2];
  const int last = std::max({att_arch, att_config, att_tests}) + 1;
  pg::fetch_in_heap_order(r, tids, [&](TupleTableSlot* slot) {
    pg::guarded([slot, last] { slot_getsomeattrs(slot, last); });
    pins.keep(slot);
    side.groups[Group{pg::text_at(slot, att_config), pg::text_at(slot, att_arch)}].push_back(
        pg::text_bytes(slot->tts_values[att_tests]));
  });
}

bool failing(cr::Status s) { return s == cr::kFail || s == cr::kError; }

// NULL last, then bytewise (ORDER BY x COLLATE "C").
int text_compare(const cr::Text& a, const cr::Text& b) {
  if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1);
  return a->compare(*b);
}

// A key whose statuses change: its group by number (into Changes::groups),
// its platform pointing into its side's set, its path into Changes::paths
// (one pool for all, not one allocation each).
struct Change {
  int group;
  std::optional<std::string_view> platform;
  std::optional<core::bytes::Pool::Slice> path;
  cr::Status a, b;
};

struct Changes {
  std::vector<Change> rows;
  std::vector<const Group*> groups;  // (the groups with a change, in the order met)
  core::bytes::Pool paths;
  std::optional<std::string_view> path(const Change& c) const { return paths.get_optional(c.path); }
};

// One set per group of a side: its checkouts' sets merged when there are several.
std::string_view one_set(Side& side, std::vector<std::string_view>& sets) {
  if (sets.size() > 1) {
    side.merged.push_back(cr::merge_latest(sets));
    sets.assign(1, side.merged.back());
  }
  return sets.front();
}

Changes compare(const std::vector<std::string>& checkouts_a, const std::vector<std::string>& checkouts_b, Side& a,
                Side& b, pg::PinnedPages& pins) {
  pg::TableRead r = pg::open_table_read("rollup_latest", "rollup_latest_key");
  read_side(r, checkouts_a, a, pins);
  read_side(r, checkouts_b, b, pins);
  pg::close_table_read(r);
  Changes out;
  for (auto& [group, sets] : a.groups) {
    auto other = b.groups.find(group);
    if (other == b.groups.end()) continue;
    const Group* g = &group;
    int number = -1;  // (listed at its first change)
    cr::compare_latest(one_set(a, sets), one_set(b, other->second),
                       [&out, g, &number](const cr::LatestReader& at, cr::Status sa, cr::Status sb) {
                         if (number < 0) {
                           number = static_cast<int>(out.groups.size());
                           out.groups.push_back(g);
                         }
                         out.rows.push_back(Change{number, at.platform(), out.paths.put_optional(at.path()), sa, sb});
                       });
  }
  return out;
}

// The answer's order: path (ciprov.testpath order), config, architecture,
// platform (bytewise), NULLs last. The distinct paths (a few dozen in a
// few hundred rows) and the groups are ranked first, so that sorting the
// rows compares numbers, then platforms.
struct Ranked {
  int path, group;
  const Change* change;
};

// group_rank[g] is the rank of group number g.
std::vector<Ranked> in_order(const Changes& changes, std::vector<int>& group_rank) {
  std::vector<int> groups(changes.groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i) groups[i] = static_cast<int>(i);
  std::sort(groups.begin(), groups.end(), [&changes](int i, int j) {
    const Group &x = *changes.groups[static_cast<std::size_t>(i)], &y = *changes.groups[static_cast<std::size_t>(j)];
    if (int c = text_compare(x.config, y.config)) return c < 0;
    return text_compare(x.arch, y.arch) < 0;
  });
  group_rank.assign(groups.size(), 0);
  for (std::size_t i = 0; i < groups.size(); ++i) group_rank[static_cast<std::size_t>(groups[i])] = static_cast<int>(i);
  std::vector<Ranked> order;
  order.reserve(changes.rows.size());
  std::unordered_map<std::string_view, int> path_id;  // (ids in first-seen order, then ranks)
  std::vector<std::string_view> paths;
  for (const Change& c : changes.rows) {
    int id = INT_MAX;  // (a NULL path: last)
    if (std::optional<std::string_view> p = changes.path(c)) {
      auto [it, fresh] = path_id.emplace(*p, static_cast<int>(paths.size()));
      if (fresh) paths.push_back(*p);
      id = it->second;
    }
    order.push_back(Ranked{id, group_rank[static_cast<std::size_t>(c.group)], &c});
  }
  std::vector<int> by_path(paths.size());
  for (std::size_t i = 0; i < by_path.size(); ++i) by_path[i] = static_cast<int>(i);
  std::sort(by_path.begin(), by_path.end(),
            [&paths](int x, int y) { return cr::path_compare(paths[static_cast<std::size_t>(x)], paths[static_cast<std::size_t>(y)]) < 0; });
  std::vector<int> rank(paths.size());
  for (std::size_t i = 0; i < by_path.size(); ++i) rank[static_cast<std::size_t>(by_path[i])] = static_cast<int>(i);
  for (Ranked& r : order)
    if (r.path != INT_MAX) r.path = rank[static_cast<std::size_t>(r.path)];
  std::sort(order.begin(), order.end(), [](const Ranked& x, const Ranked& y) {
    if (x.path != y.path) return x.path < y.path;
    if (x.group != y.group) return x.group < y.group;
    const std::optional<std::string_view>&px = x.change->platform, &py = y.change->platform;
    if (!px || !py) return static_cast<bool>(px) && !py;  // (NULL last)
    return *px < *py;
  });
  return order;
}

void emit(FunctionCallInfo fcinfo, const Changes& changes) {
  pg::MaterializedResult out(fcinfo, 7);
  const pg::rollup::StatusLabels& labels = pg::rollup::status_labels(out.column_type(4));
  const Datum kLabels[] = {pg::text_datum("still failing"), pg::text_datum("regression"), pg::text_datum("fix"),
                           pg::text_datum("changed")};
  std::vector<int> group_rank;
  std::vector<Ranked> order = in_order(changes, group_rank);
  // (a group's config and architecture made once for all its rows)
  std::vector<std::array<Datum, 2>> group_datums(group_rank.size());
  for (std::size_t g = 0; g < group_rank.size(); ++g) {
    const Group& group = *changes.groups[g];
    group_datums[static_cast<std::size_t>(group_rank[g])] = {group.config ? pg::text_datum(*group.config) : 0,
                                                             group.arch ? pg::text_datum(*group.arch) : 0};
  }
  auto status_or_null = [&labels](cr::Status s, bool* isnull) {
    *isnull = s == cr::kNull;
    return *isnull ? static_cast<Datum>(0) : labels.label(s);
  };
  for (const Ranked& r : order) {
    const Change& c = *r.change;
    pg::MaterializedResult::RowMemory row(out);
    const std::optional<std::string_view> path = changes.path(c);
    Datum values[7];
    bool nulls[7] = {};
    nulls[0] = !path;
    values[0] = path ? pg::testpath_datum(*path) : static_cast<Datum>(0);
    const Group& group = *changes.groups[static_cast<std::size_t>(c.group)];
    nulls[1] = !group.config;
    values[1] = group_datums[static_cast<std::size_t>(r.group)][0];
    nulls[2] = !group.arch;
    values[2] = group_datums[static_cast<std::size_t>(r.group)][1];
    nulls[3] = !c.platform;
    values[3] = c.platform ? pg::text_datum(*c.platform) : static_cast<Datum>(0);
    values[4] = status_or_null(c.a, &nulls[4]);
    values[5] = status_or_null(c.b, &nulls[5]);
    const bool fa = failing(c.a), fb = failing(c.b);
    values[6] = kLabels[fa && fb ? 0 : fb ? 1 : fa ? 2 : 3];
    out.put(values, nulls);
  }
}

// The non-NULL elements of a text[], sorted, each once.
std::vector<std::string> id_list(Datum array) {
  pg::TextElements e = pg::text_elements(array);
  std::vector<std::string> ids;
  for (int i = 0; i < e.n; ++i)
    if (!e.nulls[i]) ids.emplace_back(pg::text_bytes(e.elems[i]));
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// The comparison of two sets of checkouts, as the result rows (the sets'
// pages pinned until the rows are made).
void answer(FunctionCallInfo fcinfo, const std::vector<std::string>& checkouts_a,
            const std::vector<std::string>& checkouts_b) {
  Side a, b;
  pg::PinnedPages pins;
  emit(fcinfo, compare(checkouts_a, checkouts_b, a, b, pins));
  pins.release();
}

}  // namespace

// ciprov.tree_compare(commit_a text, commit_b text, origin text)
CIPROV_FUNCTION(ciprov_tree_compare) {
  std::string_view origin = pg::arg_bytes(fcinfo, 2);
  answer(fcinfo, pg::revision_checkouts(pg::arg_bytes(fcinfo, 0), std::nullopt, origin),
         pg::revision_checkouts(pg::arg_bytes(fcinfo, 1), std::nullopt, origin));
  return static_cast<Datum>(0);
}

// ciprov.rollup_compare(checkouts_a text[], checkouts_b text[])
CIPROV_FUNCTION(ciprov_rollup_compare) {
  answer(fcinfo, id_list(PG_GETARG_DATUM(0)), id_list(PG_GETARG_DATUM(1)));
  return static_cast<Datum>(0);
}
