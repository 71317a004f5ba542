// ciprov.rollup_compare(checkouts_a text[], checkouts_b text[]), the core of
// ciprov.tree_compare: for each (path, config, architecture, platform)
// tested in both sets of checkouts, the latest status on each side (by
// start time, NULL oldest; ties by test id bytewise) when they differ or
// both fail. Reads the test runs (ciprov.rollup_runs, docs/rollup.md) of
// the checkouts through rollup_runs_checkout: a run holds one build's tests
// on one platform, in path order, so the latest test per key comes from
// merging the sorted runs of one (config, architecture, platform) group,
// and the two sides meet group by group without hashing every test.
#include <algorithm>
#include <deque>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "core/error.h"
#include "core/rollup_runs.h"
#include "core/testpath.h"
#include "pg/datum.h"
#include "pg/rollup_row.h"
#include "pg/table_read.h"
#include "pg/testpath_datum.h"

extern "C" {
#include "access/stratnum.h"
#include "funcapi.h"
#include "utils/fmgroids.h"
#include "utils/tuplestore.h"
}

namespace {

using namespace ciprov;
namespace cr = core::rollup;

// A (config, architecture, platform) group of one side.
using GroupKey = std::tuple<cr::Text, cr::Text, cr::Text>;

// One test of a side, pointing into its run's copied bytes.
struct Entry {
  std::optional<std::string_view> path;
  std::optional<std::int64_t> start;
  std::string_view id;
  cr::Status status;
};

// The later of two tests of one key: start time (NULL oldest), then id.
// Paths in ciprov.testpath order, NULL (a key of its own) first.
int path_compare(const std::optional<std::string_view>& a, const std::optional<std::string_view>& b) {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  return core::testpath::compare(*a, *b);
}

bool later(const Entry& a, const Entry& b) {
  if (a.start != b.start) return !b.start || (a.start && *a.start > *b.start);
  return a.id > b.id;
}

struct Side {
  std::deque<std::string> runs;  // the runs' packed tests (copies; a deque never moves them)
  std::map<GroupKey, std::vector<Entry>> groups;

  // The latest test per path of each group, in path order.
  void settle() {
    for (auto& [key, entries] : groups) {
      std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        int c = path_compare(a.path, b.path);
        return c != 0 ? c < 0 : later(a, b);
      });
      auto out = entries.begin();
      for (auto it = entries.begin(); it != entries.end(); ++it)
        if (out == entries.begin() || (out - 1)->path != it->path) *out++ = *it;
      entries.erase(out, entries.end());
    }
  }
};

cr::Text text_at(TupleTableSlot* slot, int att) {
  if (slot->tts_isnull[att]) return std::nullopt;
  return std::string(pg::text_bytes(slot->tts_values[att]));
}

// The runs of the checkouts (an id given twice is read once).
void read_side(pg::TableRead& r, Datum ids, Side& side) {
  pg::TextElements e = pg::text_elements(ids);
  std::vector<std::string> unique;
  for (int i = 0; i < e.n; ++i)
    if (!e.nulls[i]) unique.emplace_back(pg::text_bytes(e.elems[i]));
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  std::vector<ItemPointerData> tids;
  Oid collation = r.index->rd_indcollation[0];
  for (const std::string& id : unique) {
    ScanKeyData key;
    Datum d = pg::text_datum(id);
    pg::guarded([&key, d, collation] {
      ScanKeyEntryInitialize(&key, 0, 1, BTEqualStrategyNumber, InvalidOid, collation, F_TEXTEQ, d);
    });
    pg::index_tids(r, &key, 1, tids);
  }
  const int att_platform = pg::table_column(r, "platform"), att_arch = pg::table_column(r, "architecture"),
            att_config = pg::table_column(r, "config_name"), att_tests = pg::table_column(r, "tests");
  const int last = std::max({att_platform, att_arch, att_config, att_tests}) + 1;
  pg::fetch_in_heap_order(r, tids, [&](TupleTableSlot* slot) {
    pg::guarded([slot, last] { slot_getsomeattrs(slot, last); });
    side.runs.emplace_back(pg::text_bytes(slot->tts_values[att_tests]));
    std::vector<Entry>& entries =
        side.groups[GroupKey{text_at(slot, att_config), text_at(slot, att_arch), text_at(slot, att_platform)}];
    cr::RunTestReader tests(side.runs.back());
    while (tests.next()) entries.push_back(Entry{tests.path(), tests.start(), tests.id(), tests.status()});
  });
}

bool failing(cr::Status s) { return s == cr::kFail || s == cr::kError; }

}  // namespace

CIPROV_FUNCTION(ciprov_rollup_compare) {
  Side a, b;
  pg::TableRead r = pg::open_table_read("rollup_runs", "rollup_runs_checkout");
  read_side(r, PG_GETARG_DATUM(0), a);
  read_side(r, PG_GETARG_DATUM(1), b);
  pg::close_table_read(r);
  a.settle();
  b.settle();

  pg::guarded([fcinfo] { InitMaterializedSRF(fcinfo, 0); });
  auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
  Tuplestorestate* store = rsinfo->setResult;
  TupleDesc desc = rsinfo->setDesc;
  if (desc->natts != 7) throw core::Error(core::sqlstate::kInternalError, "rollup_compare must return 7 columns");
  pg::rollup::StatusLabels labels(TupleDescAttr(desc, 4)->atttypid);
  const Datum kLabels[] = {pg::text_datum("still failing"), pg::text_datum("regression"), pg::text_datum("fix"),
                           pg::text_datum("changed")};
  auto status_datum = [&labels](cr::Status s, bool* isnull) {
    *isnull = s == cr::kNull;
    return *isnull ? static_cast<Datum>(0) : labels.label(s);
  };
  for (const auto& [key, left] : a.groups) {
    auto other = b.groups.find(key);
    if (other == b.groups.end()) continue;
    const std::vector<Entry>& right = other->second;
    Datum values[7];
    bool nulls[7] = {};
    const auto& [config, arch, platform] = key;
    auto text_or_null = [](const cr::Text& t, bool* isnull) {
      *isnull = !t;
      return t ? pg::text_datum(*t) : static_cast<Datum>(0);
    };
    values[1] = text_or_null(config, &nulls[1]);
    values[2] = text_or_null(arch, &nulls[2]);
    values[3] = text_or_null(platform, &nulls[3]);
    auto i = left.begin();
    auto j = right.begin();
    while (i != left.end() && j != right.end()) {
      int c = path_compare(i->path, j->path);
      if (c < 0) {
        ++i;
      } else if (c > 0) {
        ++j;
      } else {
        const bool fa = failing(i->status), fb = failing(j->status);
        if (i->status != j->status || (fa && fb)) {
          nulls[0] = !i->path;
          values[0] = i->path ? pg::testpath_datum(*i->path) : static_cast<Datum>(0);
          values[4] = status_datum(i->status, &nulls[4]);
          values[5] = status_datum(j->status, &nulls[5]);
          values[6] = kLabels[fa && fb ? 0 : fb ? 1 : fa ? 2 : 3];
          Datum* vp = values;
          bool* np = nulls;
          pg::guarded([store, desc, vp, np] { tuplestore_putvalues(store, desc, vp, np); });
        }
        ++i;
        ++j;
      }
    }
  }
  return static_cast<Datum>(0);
}
