// The rollup definition on the flush's side; see rollup_fold.h. Keep in
// step with ciprov.rollup_test_keys and ciprov.rollup_items (SQL).
#include "core/rollup_fold.h"

#include <algorithm>

namespace ciprov::core::rollup {

namespace {

constexpr char kSeparator = '\x1f';  // between platform and compatible string in C keys

void add(Delta& delta, const Text& checkout_id, char rollup, const Text& value, int cell, int sign) {
  if (!checkout_id) return;  // a build without a checkout is counted nowhere
  auto [it, inserted] = delta.try_emplace(Key{*checkout_id, rollup, value});
  if (inserted) it->second.fill(0);
  it->second[static_cast<std::size_t>(cell)] += sign;
}

void add_test(Delta& delta, const TestState& t, const BuildAttrs& b, int sign) {
  const Text group = path_group(t.path);
  const int kind = group && *group == "boot" ? kBoot : kTest;
  const int cell = kind * 7 + t.status;
  add(delta, b.checkout_id, 'L', std::nullopt, cell, sign);
  add(delta, b.checkout_id, 'p', t.platform, cell, sign);
  add(delta, b.checkout_id, 'g', group, cell, sign);
  add(delta, b.checkout_id, 'a', b.architecture, cell, sign);
  add(delta, b.checkout_id, 'f', b.config_name, cell, sign);
  add(delta, b.checkout_id, 'm', b.compiler, cell, sign);
  if (t.platform && t.compatible) {
    for (const Text& c : *t.compatible) {
      Text value;
      if (c) value = *t.platform + kSeparator + *c;
      add(delta, b.checkout_id, 'C', value, cell, sign);
    }
  }
}

void add_build_cell(Delta& delta, const BuildAttrs& b, char rollup, const Text& value, int sign) {
  add(delta, b.checkout_id, rollup, value, kBuild * 7 + b.status, sign);
}

void add_build(Delta& delta, const BuildAttrs& b, const std::set<std::string>& platforms, int sign) {
  add_build_cell(delta, b, 'L', std::nullopt, sign);
  add_build_cell(delta, b, 'a', b.architecture, sign);
  add_build_cell(delta, b, 'f', b.config_name, sign);
  add_build_cell(delta, b, 'm', b.compiler, sign);
  for (const std::string& p : platforms) add_build_cell(delta, b, 'p', p, sign);
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
void count_whole(Delta& delta, const BuildAttrs& attrs, const Runs& runs, const std::string& build, int sign) {
  auto [first, last] = rows_of(runs, build);
  for (auto it = first; it != last; ++it)
    for (const RunTest& t : it->second) add_test(delta, test_state(it->first, t), attrs, sign);
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

RunRow run_row(const RunKey& key, std::vector<RunTest> tests, const Build& b,
               const std::map<std::string, std::optional<CheckoutAttrs>>& checkouts) {
  RunRow row;
  row.key = key;
  row.tests = std::move(tests);
  for (const RunTest& t : row.tests)
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
  auto counted_as = [&in](const Text& build, bool now) -> const BuildAttrs* {
    const Build* b = find(in.builds, build);
    if (b == nullptr || b->before != b->now) return nullptr;  // (whole builds: below)
    const std::optional<BuildAttrs>& attrs = now ? b->now : b->before;
    return attrs ? &*attrs : nullptr;
  };
  for (const Note& n : in.notes) {
    if (n.before) {
      if (const BuildAttrs* b = counted_as(n.before->build_id, false)) add_test(out.counters, *n.before, *b, -1);
    }
    if (n.now) {
      if (const BuildAttrs* b = counted_as(n.now->build_id, true)) add_test(out.counters, *n.now, *b, 1);
    }
  }
  for (const auto& [id, b] : in.builds) {
    if (b.before != b.now) {
      if (b.before) count_whole(out.counters, *b.before, in.runs, id, -1);
      if (b.now) count_whole(out.counters, *b.now, after, id, 1);
    } else if (b.now) {
      std::set<std::string> was = platforms_of(in.runs, id), is = platforms_of(after, id);
      for (const std::string& p : was)
        if (is.count(p) == 0) add_build_cell(out.counters, *b.now, 'p', p, -1);
      for (const std::string& p : is)
        if (was.count(p) == 0) add_build_cell(out.counters, *b.now, 'p', p, 1);
    }
  }
  for (auto it = out.counters.begin(); it != out.counters.end();) {
    bool zero = std::all_of(it->second.begin(), it->second.end(), [](std::int64_t c) { return c == 0; });
    it = zero ? out.counters.erase(it) : std::next(it);
  }

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
