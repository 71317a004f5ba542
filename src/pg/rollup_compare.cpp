// ciprov.tree_compare(commit_a, commit_b, origin) and its core over checkout
// ids, ciprov.rollup_compare(checkouts_a, checkouts_b): for each (path,
// config, architecture, platform) tested on both sides, the latest status on
// each (by start time, a test without one oldest; ties by test id, bytewise)
// when they differ or both fail. Reads the test runs (ciprov.rollup_runs,
// docs/rollup.md) of the checkouts down rollup_runs_key (checkout first): a run holds
// one build's tests on one platform in path order, so the latest test per
// key comes from the runs of one (config, architecture, platform) group
// (one run, already in order, in the common case), and the two sides meet
// group by group without hashing every test. Rows come out ordered by path
// (ciprov.testpath order), config, architecture, platform (bytewise; NULLs
// last, as ORDER BY puts them).
#include <algorithm>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/rollup_runs.h"
#include "core/testpath.h"
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
using Path = std::optional<std::string_view>;

// One test of a side, pointing into its run's copied bytes.
struct Entry {
  Path path;
  std::optional<std::int64_t> start;
  std::string_view id;
  cr::Status status;
};

// The runs' path order (a NULL path, a key of its own, first), or with
// NULL last when ordering the result.
int path_compare(const Path& a, const Path& b, bool nulls_last = false) {
  const int c = cr::path_compare(a, b);
  return nulls_last && (!a || !b) ? -c : c;
}

// The later of two tests of one key: start time (NULL oldest), then id.
bool later(const Entry& a, const Entry& b) {
  if (a.start != b.start) return !b.start || (a.start && *a.start > *b.start);
  return a.id > b.id;
}

bool path_then_later(const Entry& a, const Entry& b) {
  int c = path_compare(a.path, b.path);
  return c != 0 ? c < 0 : later(a, b);
}

// A (config, architecture, platform) group of one side.
struct Group {
  cr::Text config, arch, platform;
  std::vector<Entry> entries;
  int runs = 0;
};

struct Side {
  std::deque<std::string> bytes;  // the runs' packed tests (copies; a deque never moves them)
  std::unordered_map<std::string, Group> groups;  // by group_key

  // The latest test per path of each group, in path order.
  void settle() {
    for (auto& [key, g] : groups) {
      std::vector<Entry>& e = g.entries;
      // (one run is in path order already)
      if (g.runs > 1) std::sort(e.begin(), e.end(), path_then_later);
      auto out = e.begin();
      for (auto it = e.begin(); it != e.end(); ++it) {
        if (out != e.begin() && (out - 1)->path == it->path) {
          if (later(*it, *(out - 1))) *(out - 1) = *it;  // (the latest of a path tested again)
          continue;
        }
        *out++ = *it;
      }
      e.erase(out, e.end());
    }
  }
};

// One byte string per (config, architecture, platform), NULLs apart from
// every value: per column a marker byte, then for a value its length (4
// bytes) and bytes. Built into `key`, reused from run to run.
void group_key(TupleTableSlot* slot, const int atts[3], std::string& key) {
  key.clear();
  for (int i = 0; i < 3; ++i) {
    if (slot->tts_isnull[atts[i]]) {
      key += '\0';
      continue;
    }
    std::string_view v = pg::text_bytes(slot->tts_values[atts[i]]);
    const auto n = static_cast<std::uint32_t>(v.size());
    key += '\1';
    key.append(reinterpret_cast<const char*>(&n), sizeof n);
    key.append(v.data(), v.size());
  }
}

cr::Text text_at(TupleTableSlot* slot, int att) {
  if (slot->tts_isnull[att]) return std::nullopt;
  return std::string(pg::text_bytes(slot->tts_values[att]));
}

// The runs of the checkouts.
void read_side(pg::TableRead& r, const std::vector<std::string>& checkouts, Side& side) {
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
  const int atts[3] = {pg::table_column(r, "config_name"), pg::table_column(r, "architecture"),
                       pg::table_column(r, "platform")};
  const int att_tests = pg::table_column(r, "tests");
  const int last = std::max({atts[0], atts[1], atts[2], att_tests}) + 1;
  std::string key;
  pg::fetch_in_heap_order(r, tids, [&](TupleTableSlot* slot) {
    pg::guarded([slot, last] { slot_getsomeattrs(slot, last); });
    group_key(slot, atts, key);
    auto [it, fresh] = side.groups.try_emplace(key);
    Group& g = it->second;
    if (fresh) {
      g.config = text_at(slot, atts[0]);
      g.arch = text_at(slot, atts[1]);
      g.platform = text_at(slot, atts[2]);
    }
    ++g.runs;
    side.bytes.emplace_back(pg::text_bytes(slot->tts_values[att_tests]));
    cr::RunTestReader tests(side.bytes.back(), cr::RunTestReader::kTrustOrder);
    g.entries.reserve(g.entries.size() + static_cast<std::size_t>(tests.size()));
    while (tests.next()) g.entries.push_back(Entry{tests.path(), tests.start(), tests.id(), tests.status()});
  });
}

bool failing(cr::Status s) { return s == cr::kFail || s == cr::kError; }

// NULL last, then bytewise (ORDER BY x COLLATE "C").
int text_compare(const cr::Text& a, const cr::Text& b) {
  if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1);
  return a->compare(*b);
}

struct Change {
  const Group* group;
  Path path;
  cr::Status a, b;
};

std::vector<Change> compare(const std::vector<std::string>& checkouts_a, const std::vector<std::string>& checkouts_b,
                            Side& a, Side& b) {
  pg::TableRead r = pg::open_table_read("rollup_runs", "rollup_runs_key");
  read_side(r, checkouts_a, a);
  read_side(r, checkouts_b, b);
  pg::close_table_read(r);
  a.settle();
  b.settle();
  std::vector<Change> out;
  for (const auto& [key, left] : a.groups) {
    auto other = b.groups.find(key);
    if (other == b.groups.end()) continue;
    const std::vector<Entry>& right = other->second.entries;
    auto i = left.entries.begin();
    auto j = right.begin();
    while (i != left.entries.end() && j != right.end()) {
      int c = path_compare(i->path, j->path);
      if (c < 0) {
        ++i;
      } else if (c > 0) {
        ++j;
      } else {
        if (i->status != j->status || (failing(i->status) && failing(j->status)))
          out.push_back(Change{&left, i->path, i->status, j->status});
        ++i;
        ++j;
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Change& x, const Change& y) {
    if (int c = path_compare(x.path, y.path, true)) return c < 0;
    if (int c = text_compare(x.group->config, y.group->config)) return c < 0;
    if (int c = text_compare(x.group->arch, y.group->arch)) return c < 0;
    return text_compare(x.group->platform, y.group->platform) < 0;
  });
  return out;
}

void emit(FunctionCallInfo fcinfo, const std::vector<Change>& changes) {
  pg::MaterializedResult out(fcinfo, 7);
  const pg::rollup::StatusLabels& labels = pg::rollup::status_labels(out.column_type(4));
  const Datum kLabels[] = {pg::text_datum("still failing"), pg::text_datum("regression"), pg::text_datum("fix"),
                           pg::text_datum("changed")};
  auto text_or_null = [](const cr::Text& t, bool* isnull) {
    *isnull = !t;
    return t ? pg::text_datum(*t) : static_cast<Datum>(0);
  };
  auto status_or_null = [&labels](cr::Status s, bool* isnull) {
    *isnull = s == cr::kNull;
    return *isnull ? static_cast<Datum>(0) : labels.label(s);
  };
  for (const Change& c : changes) {
    Datum values[7];
    bool nulls[7] = {};
    nulls[0] = !c.path;
    values[0] = c.path ? pg::testpath_datum(*c.path) : static_cast<Datum>(0);
    values[1] = text_or_null(c.group->config, &nulls[1]);
    values[2] = text_or_null(c.group->arch, &nulls[2]);
    values[3] = text_or_null(c.group->platform, &nulls[3]);
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

}  // namespace

// ciprov.tree_compare(commit_a text, commit_b text, origin text)
CIPROV_FUNCTION(ciprov_tree_compare) {
  std::string_view origin = pg::arg_bytes(fcinfo, 2);
  std::vector<std::string> a_ids = pg::revision_checkouts(pg::arg_bytes(fcinfo, 0), std::nullopt, origin);
  std::vector<std::string> b_ids = pg::revision_checkouts(pg::arg_bytes(fcinfo, 1), std::nullopt, origin);
  Side a, b;
  emit(fcinfo, compare(a_ids, b_ids, a, b));
  return static_cast<Datum>(0);
}

// ciprov.rollup_compare(checkouts_a text[], checkouts_b text[])
CIPROV_FUNCTION(ciprov_rollup_compare) {
  Side a, b;
  emit(fcinfo, compare(id_list(PG_GETARG_DATUM(0)), id_list(PG_GETARG_DATUM(1)), a, b));
  return static_cast<Datum>(0);
}
