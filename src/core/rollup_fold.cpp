// The rollup definition on the flush's side; see rollup_fold.h. Keep in
// step with ciprov.rollup_test_keys and ciprov.rollup_items (SQL).
#include "core/rollup_fold.h"

#include <algorithm>

#include "core/testpath.h"

namespace ciprov::core::rollup {

namespace {

constexpr char kSeparator = '\x1f';  // between platform and compatible string in C keys

using View = std::optional<std::string_view>;

// The change to the counters while it is summed: per checkout, per rollup,
// the values met so far in a short vector. A fold meets a checkout or two
// and tens of values: a linear scan of a few views costs a fraction of a
// lookup in a tree of string keys (most of a fold's time before).
class Counts {
 public:
  void add(const Text& checkout_id, char rollup, View value, int cell, int sign) {
    if (!checkout_id) return;  // a build without a checkout is counted nowhere
    Checkout& c = checkout(*checkout_id);
    const std::size_t i = slot(rollup);
    std::vector<Row>& rows = c.rollups[i];
    // (the value of the last count first: tests come run by run, so the
    // platform and its compatible strings repeat)
    std::size_t& last = c.last[i];
    std::size_t at = rows.size();
    if (last < rows.size() && view(rows[last].value) == value) {
      at = last;
    } else {
      for (std::size_t k = 0; k < rows.size(); ++k)
        if (view(rows[k].value) == value) {
          at = k;
          break;
        }
    }
    if (at == rows.size()) rows.push_back(Row{value ? Text(std::string(*value)) : std::nullopt, Cells{}});
    last = at;
    rows[at].cells[static_cast<std::size_t>(cell)] += sign;
  }

  // The rows in key order, all-zero ones left out.
  Delta finish() const {
    Delta out;
    for (const Checkout& c : checkouts_)
      for (std::size_t i = 0; i < kRollups.size(); ++i)
        for (const Row& r : c.rollups[i])
          if (std::any_of(r.cells.begin(), r.cells.end(), [](std::int64_t n) { return n != 0; }))
            out.emplace(Key{c.id, kRollups[i], r.value}, r.cells);
    return out;
  }

 private:
  static constexpr std::string_view kRollups = "LpCgafm";
  struct Row {
    Text value;
    Cells cells;
  };
  struct Checkout {
    std::string id;
    std::array<std::vector<Row>, 7> rollups;
    std::array<std::size_t, 7> last{};  // the row of the last count, per rollup
  };

  static std::size_t slot(char rollup) { return kRollups.find(rollup); }

  Checkout& checkout(const std::string& id) {
    if (last_ < checkouts_.size() && checkouts_[last_].id == id) return checkouts_[last_];
    for (last_ = 0; last_ < checkouts_.size(); ++last_)
      if (checkouts_[last_].id == id) return checkouts_[last_];
    checkouts_.push_back(Checkout{id, {}, {}});
    return checkouts_.back();
  }

  std::vector<Checkout> checkouts_;
  std::size_t last_ = 0;
};

// What a test counts under: its path, platform, compatible strings and
// status (the build: the caller's).
void add_test(Counts& delta, const Text& path, const Text& platform, const std::optional<std::vector<Text>>& compatible,
              Status status, const BuildAttrs& b, int sign) {
  View group;
  if (path) group = testpath::group(*path);
  const int kind = group && *group == "boot" ? kBoot : kTest;
  const int cell = kind * 7 + status;
  delta.add(b.checkout_id, 'L', std::nullopt, cell, sign);
  delta.add(b.checkout_id, 'p', view(platform), cell, sign);
  delta.add(b.checkout_id, 'g', group, cell, sign);
  delta.add(b.checkout_id, 'a', view(b.architecture), cell, sign);
  delta.add(b.checkout_id, 'f', view(b.config_name), cell, sign);
  delta.add(b.checkout_id, 'm', view(b.compiler), cell, sign);
  if (platform && compatible) {
    std::string value;
    for (const Text& c : *compatible) {
      if (!c) {
        delta.add(b.checkout_id, 'C', std::nullopt, cell, sign);
        continue;
      }
      value.assign(*platform);
      value += kSeparator;
      value += *c;
      delta.add(b.checkout_id, 'C', View(value), cell, sign);
    }
  }
}

void add_build_cell(Counts& delta, const BuildAttrs& b, char rollup, View value, int sign) {
  delta.add(b.checkout_id, rollup, value, kBuild * 7 + b.status, sign);
}

void add_build(Counts& delta, const BuildAttrs& b, const std::set<std::string>& platforms, int sign) {
  add_build_cell(delta, b, 'L', std::nullopt, sign);
  add_build_cell(delta, b, 'a', view(b.architecture), sign);
  add_build_cell(delta, b, 'f', view(b.config_name), sign);
  add_build_cell(delta, b, 'm', view(b.compiler), sign);
  for (const std::string& p : platforms) add_build_cell(delta, b, 'p', View(p), sign);
}

// The rows of one build: [first, last) of a Runs map (rows are ordered by
// build first, and a NULL platform and day sort first).
std::pair<Runs::const_iterator, Runs::const_iterator> rows_of(const Runs& runs, const std::string& build) {
  auto first = runs.lower_bound(RunKey{build, std::nullopt, std::nullopt});
  auto last = first;
  while (last != runs.end() && last->first.build_id == build) ++last;
  return {first, last};
}

// The platforms a build's tests ran on (rows without tests hold none).
std::set<std::string> platforms_of(const Runs& runs, const std::string& build) {
  std::set<std::string> out;
  auto [first, last] = rows_of(runs, build);
  for (auto it = first; it != last; ++it)
    if (it->first.platform && !it->second.empty()) out.insert(*it->first.platform);
  return out;
}

// Every test and the build itself, counted under attrs.
void count_whole(Counts& delta, const BuildAttrs& attrs, const Runs& runs, const std::string& build, int sign) {
  auto [first, last] = rows_of(runs, build);
  for (auto it = first; it != last; ++it)
    for (const RunTest& t : it->second) add_test(delta, t.path, it->first.platform, t.compatible, t.status, attrs, sign);
  add_build(delta, attrs, platforms_of(runs, build), sign);
}

const Build* find(const std::map<std::string, Build>& builds, const Text& id) {
  if (!id) return nullptr;
  auto it = builds.find(*id);
  return it == builds.end() ? nullptr : &it->second;
}

// The attributes of the build the runs rows carry changed (the checkout's
// are rewritten in SQL before the fold).
bool run_meta_changed(const Build& b) {
  if (b.before.has_value() != b.now.has_value()) return true;
  if (!b.now) return false;
  return b.before->checkout_id != b.now->checkout_id || b.before->architecture != b.now->architecture ||
         b.before->config_name != b.now->config_name;
}

RunRow run_row(const RunKey& key, const std::vector<RunTest>& tests, const Build& b,
               const std::map<std::string, std::optional<CheckoutAttrs>>& checkouts) {
  RunRow row;
  row.key = key;
  row.tests = pack_sorted_tests(tests);
  for (const RunTest& t : tests)
    if (t.start && (!row.max_start || *t.start > *row.max_start)) row.max_start = t.start;
  if (!b.now) return row;
  row.checkout_id = b.now->checkout_id;
  row.architecture = b.now->architecture;
  row.config_name = b.now->config_name;
  if (row.checkout_id) {
    auto c = checkouts.find(*row.checkout_id);
    if (c != checkouts.end() && c->second) {
      row.tree_name = c->second->tree_name;
      row.branch = c->second->branch;
      row.commit = c->second->commit;
    }
  }
  row.series = series_key(row.tree_name, row.branch, row.config_name, key.platform);
  return row;
}

}  // namespace

std::set<std::string> touched_builds(const std::vector<Note>& notes, const std::set<std::string>& noted_builds) {
  std::set<std::string> touched = noted_builds;
  for (const Note& n : notes) {
    if (n.before && n.before->build_id) touched.insert(*n.before->build_id);
    if (n.now && n.now->build_id) touched.insert(*n.now->build_id);
  }
  return touched;
}

Fold fold(const FoldInput& in) {
  Fold out;
  // The runs after the notes: each noted test leaves the row of its state
  // as counted and joins the row of its state now.
  Runs after = in.runs;
  std::set<RunKey> changed;
  for (const Note& n : in.notes) {
    if (n.before && n.before->build_id) {
      RunKey key = run_key(*n.before);
      auto row = after.find(key);
      if (row != after.end()) {
        auto& tests = row->second;
        tests.erase(std::remove_if(tests.begin(), tests.end(), [&n](const RunTest& t) { return t.id == n.id; }),
                    tests.end());
        changed.insert(key);
      }
    }
    if (n.now && n.now->build_id) {
      RunKey key = run_key(*n.now);
      std::vector<RunTest>& tests = after[key];
      RunTest t = run_test(n.id, *n.now);
      auto at = std::lower_bound(tests.begin(), tests.end(), t, run_test_less);
      if (at != tests.end() && at->id == t.id && at->path == t.path)
        *at = std::move(t);
      else
        tests.insert(at, std::move(t));
      changed.insert(key);
    }
  }

  // Counters: a build whose attributes changed is recounted whole; for the
  // others the noted tests move, and the build's platform counts follow.
  Counts counts;
  auto counted_as = [&in](const Text& build, bool now) -> const BuildAttrs* {
    const Build* b = find(in.builds, build);
    if (b == nullptr || b->before != b->now) return nullptr;  // (whole builds: below)
    const std::optional<BuildAttrs>& attrs = now ? b->now : b->before;
    return attrs ? &*attrs : nullptr;
  };
  for (const Note& n : in.notes) {
    if (n.before) {
      const TestState& t = *n.before;
      if (const BuildAttrs* b = counted_as(t.build_id, false))
        add_test(counts, t.path, t.platform, t.compatible, t.status, *b, -1);
    }
    if (n.now) {
      const TestState& t = *n.now;
      if (const BuildAttrs* b = counted_as(t.build_id, true))
        add_test(counts, t.path, t.platform, t.compatible, t.status, *b, 1);
    }
  }
  for (const auto& [id, b] : in.builds) {
    if (b.before != b.now) {
      if (b.before) count_whole(counts, *b.before, in.runs, id, -1);
      if (b.now) count_whole(counts, *b.now, after, id, 1);
    } else if (b.now) {
      std::set<std::string> was = platforms_of(in.runs, id), is = platforms_of(after, id);
      for (const std::string& p : was)
        if (is.count(p) == 0) add_build_cell(counts, *b.now, 'p', View(p), -1);
      for (const std::string& p : is)
        if (was.count(p) == 0) add_build_cell(counts, *b.now, 'p', View(p), 1);
    }
  }
  out.counters = counts.finish();

  // Runs rows: the changed ones, and all of a build whose attributes the
  // rows carry changed; rows left without tests go.
  for (const auto& [id, b] : in.builds) {
    const bool rewrite_all = run_meta_changed(b);
    auto [first, last] = rows_of(after, id);
    for (auto it = first; it != last; ++it) {
      const bool stored = in.runs.count(it->first) != 0;
      if (it->second.empty()) {
        if (stored) out.drop.push_back(it->first);
      } else if (rewrite_all || changed.count(it->first) != 0 || !stored) {
        out.write.push_back(run_row(it->first, it->second, b, in.checkouts));
      }
    }
  }
  return out;
}

}  // namespace ciprov::core::rollup
