// The listing pages (docs/rollup.md): ciprov.tree_listing(origin, since)
// and ciprov.hardware_listing(origin, since), over the origin's checkouts
// started at or after since (read down ciprov.checkouts_origin_start_time)
// and their counters (pg/rollup_counters.h). In C from the index to the
// rows: as SQL the planning of the window query and of the joins was most
// of a call. Text columns are ordered bytewise, NULLs last (ORDER BY
// COLLATE "C").
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/rollup_read.h"
#include "pg/datum.h"
#include "pg/rollup_counters.h"
#include "pg/rollup_row.h"
#include "pg/srf.h"
#include "pg/table_read.h"

extern "C" {
#include "access/stratnum.h"
#include "utils/array.h"
#include "utils/fmgroids.h"
#include "utils/timestamp.h"
}

namespace {

using namespace ciprov;
namespace cr = core::rollup;

// NULL last, then bytewise.
bool text_less(const cr::Text& a, const cr::Text& b) {
  if (!a || !b) return a && !b;
  return *a < *b;
}

// Calls f(slot) for each checkout of origin started at or after since,
// deformed up to the columns asked for.
template <typename F>
void window_checkouts(std::string_view origin, TimestampTz since, const std::vector<const char*>& columns,
                      std::vector<int>& atts, F&& f) {
  pg::TableRead r = pg::open_table_read("checkouts", "checkouts_origin_start_time");
  int last = 0;
  for (const char* c : columns) {
    atts.push_back(pg::table_column(r, c));
    last = std::max(last, atts.back() + 1);
  }
  ScanKeyData keys[2];
  Datum o = pg::text_datum(origin);
  Relation index = r.index;
  pg::guarded([&keys, o, since, index] {
    ScanKeyEntryInitialize(&keys[0], 0, 1, BTEqualStrategyNumber, InvalidOid, index->rd_indcollation[0], F_TEXTEQ, o);
    ScanKeyEntryInitialize(&keys[1], 0, 2, BTGreaterEqualStrategyNumber, InvalidOid, InvalidOid, F_TIMESTAMPTZ_GE,
                           TimestampTzGetDatum(since));
  });
  std::vector<ItemPointerData> tids;
  pg::index_tids(r, keys, 2, tids);
  pg::fetch_in_heap_order(r, tids, [&](TupleTableSlot* slot) {
    pg::guarded([slot, last] { slot_getsomeattrs(slot, last); });
    f(slot);
  });
  pg::close_table_read(r);
}

Datum text_or_null(const cr::Text& t, bool* isnull) {
  *isnull = !t;
  return t ? pg::text_datum(*t) : static_cast<Datum>(0);
}

// A tree head: (tree_name, git_repository_url, git_repository_branch) and
// its latest checkout in the window.
struct Head {
  cr::Text tree, url, branch;
  std::string id;
  cr::Text commit, name;
  TimestampTz start;
  cr::Cells counts{};
};

}  // namespace

// ciprov.tree_listing(origin text, since timestamptz)
CIPROV_FUNCTION(ciprov_tree_listing) {
  const std::string origin(pg::arg_bytes(fcinfo, 0));
  const TimestampTz since = PG_GETARG_TIMESTAMPTZ(1);
  using HeadKey = std::tuple<cr::Text, cr::Text, cr::Text>;
  std::map<HeadKey, Head> heads;
  std::vector<int> a;
  window_checkouts(origin, since,
                   {"id", "tree_name", "git_repository_url", "git_repository_branch", "git_commit_hash",
                    "git_commit_name", "start_time"},
                   a, [&](TupleTableSlot* slot) {
                     std::string id(pg::text_bytes(slot->tts_values[a[0]]));
                     TimestampTz start = DatumGetTimestampTz(slot->tts_values[a[6]]);
                     auto [it, fresh] = heads.try_emplace(HeadKey{pg::text_at(slot, a[1]), pg::text_at(slot, a[2]), pg::text_at(slot, a[3])});
                     Head& h = it->second;
                     // the latest start time, then the larger id (bytewise)
                     if (!fresh && (start < h.start || (start == h.start && id < h.id))) return;
                     h.tree = std::get<0>(it->first);
                     h.url = std::get<1>(it->first);
                     h.branch = std::get<2>(it->first);
                     h.id = std::move(id);
                     h.commit = pg::text_at(slot, a[4]);
                     h.name = pg::text_at(slot, a[5]);
                     h.start = start;
                   });
  std::vector<Head*> order;
  std::unordered_map<std::string, Head*> by_id;
  std::vector<std::string> ids;
  for (auto& [key, h] : heads) {
    order.push_back(&h);
    by_id[h.id] = &h;
    ids.push_back(h.id);
  }
  pg::read_counters(ids, "L", [&by_id](std::string_view id, char, cr::CountReader& rows) {
    Head* h = by_id.at(std::string(id));
    while (rows.next())
      for (std::size_t i = 0; i < h->counts.size(); ++i) h->counts[i] += rows.cells()[i];
  });
  std::sort(order.begin(), order.end(), [](const Head* x, const Head* y) {
    if (x->tree != y->tree) return text_less(x->tree, y->tree);
    if (x->url != y->url) return text_less(x->url, y->url);
    return text_less(x->branch, y->branch);
  });
  pg::MaterializedResult out(fcinfo, 11);
  Datum values[11];
  bool nulls[11] = {};
  const Datum o = pg::text_datum(origin);
  for (const Head* h : order) {
    pg::MaterializedResult::RowMemory row(out);
    values[0] = o;
    values[1] = text_or_null(h->tree, &nulls[1]);
    values[2] = text_or_null(h->url, &nulls[2]);
    values[3] = text_or_null(h->branch, &nulls[3]);
    values[4] = pg::text_datum(h->id);
    values[5] = text_or_null(h->commit, &nulls[5]);
    values[6] = text_or_null(h->name, &nulls[6]);
    values[7] = TimestampTzGetDatum(h->start);
    for (int k = cr::kBuild; k <= cr::kTest; ++k)
      values[8 + k] = pg::rollup::status_counts_jsonb(h->counts, static_cast<cr::Kind>(k));
    out.put(values, nulls);
  }
  return static_cast<Datum>(0);
}

// ciprov.hardware_listing(origin text, since timestamptz): per platform (p
// rows), its compatible strings (C rows: platform, unit separator,
// compatible) and its build, boot and test counts.
CIPROV_FUNCTION(ciprov_hardware_listing) {
  const std::string origin(pg::arg_bytes(fcinfo, 0));
  const TimestampTz since = PG_GETARG_TIMESTAMPTZ(1);
  std::vector<std::string> ids;
  std::vector<int> a;
  window_checkouts(origin, since, {"id"}, a,
                   [&](TupleTableSlot* slot) { ids.emplace_back(pg::text_bytes(slot->tts_values[a[0]])); });
  cr::Sums sums;
  pg::sum_counters(ids, "pC", sums);
  // The compatible strings of each platform, in byte order (the C groups
  // come sorted by value: platform, separator, compatible).
  std::unordered_map<std::string_view, std::vector<std::string_view>> compatibles;
  std::vector<const cr::Sums::Group*> platforms;
  for (const cr::Sums::Group* g : sums.sorted("pC")) {
    if (!g->value || cr::total(g->cells) == 0) continue;
    if (g->rollup == 'p') {
      platforms.push_back(g);
    } else {
      std::string_view v = *g->value;
      std::size_t us = v.find('\x1f');
      if (us == std::string_view::npos) continue;
      compatibles[v.substr(0, us)].push_back(v.substr(us + 1));
    }
  }
  pg::MaterializedResult out(fcinfo, 5);
  for (const cr::Sums::Group* g : platforms) {
    pg::MaterializedResult::RowMemory row(out);
    Datum values[5];
    bool nulls[5] = {};
    values[0] = pg::text_datum(*g->value);
    auto c = compatibles.find(*g->value);
    nulls[1] = c == compatibles.end();
    if (!nulls[1]) {
      std::vector<std::string_view>& list = c->second;
      std::sort(list.begin(), list.end());  // (sorted per platform already; cheap to make sure)
      std::vector<cr::Text> items(list.begin(), list.end());
      values[1] = pg::text_array_datum(items);
    }
    for (int k = cr::kBuild; k <= cr::kTest; ++k)
      values[2 + k] = pg::rollup::status_counts_jsonb(g->cells, static_cast<cr::Kind>(k));
    out.put(values, nulls);
  }
  return static_cast<Datum>(0);
}
