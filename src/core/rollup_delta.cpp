// The rollup definition on the flush's side; see rollup_delta.h. Keep in
// step with ciprov.rollup_test_keys and ciprov.rollup_items (SQL).
#include "core/rollup_delta.h"

namespace ciprov::core::rollup {

namespace {

constexpr char kSeparator = '\x1f';  // between platform and compatible string in C keys

void add(Delta& delta, const Text& checkout_id, char rollup, const Text& value, int cell, int sign) {
  if (!checkout_id) return;  // a build without a checkout is counted nowhere
  auto [it, inserted] = delta.try_emplace(Key{*checkout_id, rollup, value});
  if (inserted) it->second.fill(0);
  it->second[static_cast<std::size_t>(cell)] += sign;
}

// A test counts under its build's checkout: once in L, p (platform), g
// (path group), a, f, m (the build's attributes), and in C once per
// compatible string when it has a platform.
void add_test(Delta& delta, const TestState& t, const BuildAttrs& b, int sign) {
  const int kind = t.path_group && *t.path_group == "boot" ? kBoot : kTest;
  const int cell = kind * 7 + t.status;
  add(delta, b.checkout_id, 'L', std::nullopt, cell, sign);
  add(delta, b.checkout_id, 'p', t.platform, cell, sign);
  add(delta, b.checkout_id, 'g', t.path_group, cell, sign);
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

// A build counts itself in L, a, f, m, and in p once per platform its
// tests ran on.
void add_build(Delta& delta, const BuildAttrs& b, const std::set<std::string>& platforms, int sign) {
  const int cell = kBuild * 7 + b.status;
  add(delta, b.checkout_id, 'L', std::nullopt, cell, sign);
  add(delta, b.checkout_id, 'a', b.architecture, cell, sign);
  add(delta, b.checkout_id, 'f', b.config_name, cell, sign);
  add(delta, b.checkout_id, 'm', b.compiler, cell, sign);
  for (const std::string& p : platforms) add(delta, b.checkout_id, 'p', p, cell, sign);
}

const Build* find(const std::map<std::string, Build>& builds, const Text& id) {
  if (!id) return nullptr;
  auto it = builds.find(*id);
  return it == builds.end() ? nullptr : &it->second;
}

}  // namespace

Status status_of(const Text& text) {
  static const char* const kNames[] = {"FAIL", "ERROR", "MISS", "PASS", "DONE", "SKIP"};
  if (text) {
    for (int i = 0; i < 6; ++i)
      if (*text == kNames[i]) return static_cast<Status>(i);
  }
  return kNull;
}

bool TestState::operator==(const TestState& o) const {
  return build_id == o.build_id && path_group == o.path_group && platform == o.platform &&
         compatible == o.compatible && status == o.status;
}

bool BuildAttrs::operator==(const BuildAttrs& o) const {
  return checkout_id == o.checkout_id && architecture == o.architecture && config_name == o.config_name &&
         compiler == o.compiler && status == o.status;
}

std::set<std::string> touched_builds(const std::vector<Note>& notes, const std::set<std::string>& noted_builds) {
  std::set<std::string> touched = noted_builds;
  for (const Note& n : notes) {
    if (n.before && n.before->build_id) touched.insert(*n.before->build_id);
    if (n.now && n.now->build_id) touched.insert(*n.now->build_id);
  }
  return touched;
}

std::set<std::string> whole_builds(const std::vector<Note>& notes, const std::map<std::string, Build>& builds) {
  std::set<std::string> whole;
  for (const auto& [id, b] : builds)
    if (b.before != b.now) whole.insert(id);
  for (const Note& n : notes) {
    const bool moved = !n.before || !n.now || n.before->build_id != n.now->build_id ||
                       n.before->platform != n.now->platform;
    if (!moved) continue;
    if (n.before && n.before->build_id) whole.insert(*n.before->build_id);
    if (n.now && n.now->build_id) whole.insert(*n.now->build_id);
  }
  return whole;
}

Delta delta(const std::vector<Note>& notes, const std::map<std::string, Build>& builds,
            const std::set<std::string>& whole, const std::vector<TestState>& others) {
  Delta d;
  // Per whole build and side (0 before, 1 now): the platforms its tests ran on.
  std::map<std::string, std::array<std::set<std::string>, 2>> platforms;
  auto count = [&](const TestState& t, bool now) {
    const Build* b = find(builds, t.build_id);
    if (b == nullptr) return;
    const std::optional<BuildAttrs>& attrs = now ? b->now : b->before;
    if (!attrs) return;  // the build is not (or was not) known: not counted
    add_test(d, t, *attrs, now ? 1 : -1);
    if (t.platform && whole.count(*t.build_id) != 0) platforms[*t.build_id][now ? 1 : 0].insert(*t.platform);
  };
  for (const Note& n : notes) {
    if (n.before) count(*n.before, false);
    if (n.now) count(*n.now, true);
  }
  for (const TestState& t : others) {
    count(t, false);
    count(t, true);
  }
  for (const std::string& id : whole) {
    const Build* b = find(builds, id);
    if (b == nullptr) continue;
    auto& sides = platforms[id];
    if (b->before) add_build(d, *b->before, sides[0], -1);
    if (b->now) add_build(d, *b->now, sides[1], 1);
  }
  for (auto it = d.begin(); it != d.end();) {
    bool zero = true;
    for (std::int64_t c : it->second) zero = zero && c == 0;
    it = zero ? d.erase(it) : std::next(it);
  }
  return d;
}

}  // namespace ciprov::core::rollup
