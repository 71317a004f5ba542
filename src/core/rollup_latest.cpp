// See rollup_latest.h.
#include "core/rollup_latest.h"

#include <algorithm>
#include <set>


namespace ciprov::core::rollup {

namespace {

constexpr const char kWhat[] = "rollup latest set";

// NULL first, then bytewise.
int text_compare(const std::optional<std::string_view>& a, const std::optional<std::string_view>& b) {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  int c = a->compare(*b);
  return (c > 0) - (c < 0);
}

bool failing(Status s) { return s == kFail || s == kError; }

bool changed(Status a, Status b) { return a != b || (failing(a) && failing(b)); }

std::size_t common_prefix(std::string_view a, std::string_view b) {
  std::size_t n = std::min(a.size(), b.size()), i = 0;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

}  // namespace

bool LatestTest::operator==(const LatestTest& o) const {
  return platform == o.platform && path == o.path && status == o.status && start == o.start && id == o.id;
}

int latest_key_compare(const std::optional<std::string_view>& platform_a, const std::optional<std::string_view>& path_a,
                       const std::optional<std::string_view>& platform_b, const std::optional<std::string_view>& path_b) {
  if (int c = text_compare(platform_a, platform_b)) return c;
  return text_compare(path_a, path_b);
}

namespace {

// A test of a set as the encoder reads it: views into a LatestTest, a
// packed set or a path buffer.
struct LatestView {
  std::optional<std::string_view> platform, path;
  Status status = kNull;
  std::optional<std::int64_t> start;
  std::string_view id;
};

LatestView view_of(const LatestTest& t) { return LatestView{view(t.platform), view(t.path), t.status, t.start, t.id}; }

// Tests in key order, one per key: packed.
std::string encode_latest(const std::vector<LatestView>& tests) {
  bytes::Writer keys, tail;
  std::string statuses;
  std::string_view prev_path;  // the last path under the current platform (when has_prev)
  bool has_prev = false;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    const LatestView& t = tests[i];
    if (i == 0 || t.platform != tests[i - 1].platform) {
      // A run of the platform's tests: its header.
      std::size_t end = i + 1;
      while (end < tests.size() && tests[end].platform == t.platform) ++end;
      keys.optional_text(t.platform);
      keys.varint(end - i);
      keys.byte(t.path ? 0 : 1);
      has_prev = false;
    }
    if (t.path) {
      const std::size_t shared = has_prev ? common_prefix(prev_path, *t.path) : 0;
      keys.varint(shared);
      keys.text(t.path->substr(shared));
      prev_path = *t.path;
      has_prev = true;
    }
    statuses.push_back(static_cast<char>(t.status));
    tail.byte(t.start ? 1 : 0);
    if (t.start) tail.signed_varint(*t.start);
    tail.text(t.id);
  }
  bytes::Writer out;
  out.byte(kLatestFormat);
  out.varint(tests.size());
  out.varint(keys.str().size());
  out.raw(keys.str());
  out.raw(statuses);
  out.raw(tail.str());
  return out.take();
}

// Key order, the latest of a key first.
bool key_then_latest(const LatestTest* a, const LatestTest* b) {
  if (int c = latest_key_compare(view(a->platform), view(a->path), view(b->platform), view(b->path))) return c < 0;
  return later_test(a->start, a->id, b->start, b->id);
}

bool same_key(const LatestTest& a, const std::optional<std::string_view>& platform,
              const std::optional<std::string_view>& path) {
  return latest_key_compare(view(a.platform), view(a.path), platform, path) == 0;
}

}  // namespace

std::string pack_latest(std::vector<LatestTest> in) {
  // (pointers sorted: moving the tests themselves was most of the sort)
  std::vector<const LatestTest*> tests;
  tests.reserve(in.size());
  for (const LatestTest& t : in) tests.push_back(&t);
  std::sort(tests.begin(), tests.end(), key_then_latest);
  std::vector<LatestView> views;
  views.reserve(tests.size());
  for (std::size_t i = 0; i < tests.size(); ++i)
    if (i == 0 || !same_key(*tests[i], view(tests[i - 1]->platform), view(tests[i - 1]->path)))
      views.push_back(view_of(*tests[i]));
  return encode_latest(views);
}

namespace {

// The tests of a reader read with its tail, appended.
void read_tests(LatestReader& in, std::vector<LatestTest>& out) {
  while (in.next()) {
    LatestTest t;
    if (in.platform()) t.platform = std::string(*in.platform());
    if (in.path()) t.path = std::string(*in.path());
    t.status = in.status();
    t.start = in.start();
    t.id = std::string(in.id());
    out.push_back(std::move(t));
  }
}

}  // namespace

std::vector<LatestTest> unpack_latest(std::string_view packed) {
  LatestReader in(packed, LatestReader::kCheckOrder, LatestReader::kWithTail);
  std::vector<LatestTest> out;
  out.reserve(static_cast<std::size_t>(in.size()));
  read_tests(in, out);
  return out;
}

std::string merge_latest(const std::vector<std::string_view>& sets) {
  std::vector<LatestTest> all;
  for (std::string_view set : sets) {
    LatestReader in(set, LatestReader::kTrustOrder, LatestReader::kWithTail);
    read_tests(in, all);
  }
  return pack_latest(std::move(all));
}

std::map<LatestGroup, LatestDelta> latest_deltas(const Fold& f, const FoldInput& in) {
  auto group_of = [](const std::optional<BuildAttrs>& b) -> std::optional<LatestGroup> {
    if (!b || !b->checkout_id) return std::nullopt;
    return LatestGroup{*b->checkout_id, b->architecture, b->config_name};
  };
  auto latest = [](const Text& platform, const RunTest& t) {
    return LatestTest{platform, t.path, t.status, t.start, t.id};
  };
  std::map<LatestGroup, LatestDelta> out;
  std::set<std::string> builds;
  for (const RunKey& k : f.drop) builds.insert(k.build_id);
  for (const RunRow& w : f.write) builds.insert(w.key.build_id);
  // A build that left a group: that group recomputed (its tests there may
  // have been the latest of their keys). The group it joined needs no
  // recompute: a build whose group changed has every row rewritten by the
  // fold (run_meta_changed), so all its tests arrive below as added.
  for (const std::string& id : builds) {
    auto b = in.builds.find(id);
    if (b == in.builds.end()) continue;
    std::optional<LatestGroup> before = group_of(b->second.before), now = group_of(b->second.now);
    if (before && !(before == now)) out[*before].recompute = true;
  }
  auto removed = [&](const RunKey& k) {
    auto stored = in.runs.find(k);
    auto b = in.builds.find(k.build_id);
    if (stored == in.runs.end() || b == in.builds.end()) return;
    std::optional<LatestGroup> g = group_of(b->second.before);
    if (!g) return;
    LatestDelta& d = out[*g];
    if (d.recompute) return;
    for (const RunTest& t : stored->second) d.removed.push_back(latest(k.platform, t));
  };
  for (const RunKey& k : f.drop) removed(k);
  for (const RunRow& w : f.write) {
    removed(w.key);
    if (!w.checkout_id) continue;
    LatestDelta& d = out[LatestGroup{*w.checkout_id, w.architecture, w.config_name}];
    if (d.recompute) continue;
    for (const RunTest& t : unpack_tests(w.tests)) d.added.push_back(latest(w.key.platform, t));
  }
  return out;
}

std::optional<std::string> apply_latest(std::string_view packed, const LatestDelta& d) {
  std::vector<const LatestTest*> added, removed;
  for (const LatestTest& t : d.added) added.push_back(&t);
  for (const LatestTest& t : d.removed) removed.push_back(&t);
  std::sort(added.begin(), added.end(), key_then_latest);
  std::sort(removed.begin(), removed.end(), key_then_latest);
  LatestReader in(packed, LatestReader::kCheckOrder, LatestReader::kWithTail);
  std::vector<LatestView> out;
  out.reserve(in.size() + added.size());
  // The stored paths live in the reader's buffer until its next(): copied
  // to one pool, their views made once it stops growing.
  bytes::Pool paths;
  std::vector<std::pair<std::size_t, bytes::Pool::Slice>> path_at;  // (test, its path)
  std::size_t ai = 0, ri = 0;
  bool stored = in.next();
  while (stored || ai < added.size()) {
    const int c = !stored               ? 1
                  : ai == added.size() ? -1
                                       : latest_key_compare(in.platform(), in.path(), view(added[ai]->platform),
                                                            view(added[ai]->path));
    // The added tests of this key (the latest first), none when c < 0.
    std::size_t end = ai;
    if (c >= 0) {
      const LatestTest& first = *added[ai];
      while (end < added.size() && same_key(*added[end], view(first.platform), view(first.path))) ++end;
    }
    if (c > 0) {  // a key the set did not have
      out.push_back(view_of(*added[ai]));
      ai = end;
      continue;
    }
    // A removed test that was the latest of its key must come back with
    // its key, at least as late; else that key's next latest is unknown.
    while (ri < removed.size() && latest_key_compare(view(removed[ri]->platform), view(removed[ri]->path),
                                                     in.platform(), in.path()) < 0)
      ++ri;
    const LatestTest* back = nullptr;  // the stored test, added again
    for (std::size_t j = ai; j < end; ++j)
      if (added[j]->id == in.id()) back = added[j];
    for (; ri < removed.size() && same_key(*removed[ri], in.platform(), in.path()); ++ri) {
      const LatestTest& r = *removed[ri];
      if (r.id != in.id()) continue;  // (not the latest of its key)
      if (back == nullptr || later_test(r.start, r.id, back->start, r.id)) return std::nullopt;
    }
    const LatestTest* best = end > ai ? added[ai] : nullptr;
    if (best != nullptr && (back != nullptr || later_test(best->start, best->id, in.start(), in.id()))) {
      out.push_back(view_of(*best));
    } else {
      out.push_back(LatestView{in.platform(), std::nullopt, in.status(), in.start(), in.id()});
      if (in.path()) {
        path_at.push_back({out.size() - 1, paths.put(*in.path())});
      }
    }
    ai = end;
    stored = in.next();
  }
  for (const auto& [i, at] : path_at) out[i].path = paths.get(at);
  return encode_latest(out);
}

LatestReader::LatestReader(std::string_view packed, Order order, Tail tail)
    : in_(packed, kWhat), tail_(std::string_view(), kWhat), check_order_(order == kCheckOrder),
      with_tail_(tail == kWithTail) {
  if (in_.byte() != kLatestFormat) in_.fail("unknown format version");
  n_ = in_.varint();
  const std::uint64_t key_bytes = in_.varint();
  std::string_view rest = in_.rest();
  // (a test takes at least 2 key bytes, a status and 2 tail bytes)
  if (key_bytes > rest.size() || n_ > (rest.size() - key_bytes) / 3) in_.fail("count beyond the end");
  keys_ = rest.substr(0, static_cast<std::size_t>(key_bytes));
  statuses_ = rest.substr(keys_.size(), static_cast<std::size_t>(n_));
  for (char s : statuses_)
    if (static_cast<std::uint8_t>(s) > kNull) in_.fail("bad status");
  tail_ = bytes::Reader(rest.substr(keys_.size() + statuses_.size()), kWhat);
  in_ = bytes::Reader(keys_, kWhat);
  path_.reset(new char[keys_.size() + 1]);
}

bool LatestReader::end() {
  if (!in_.done()) in_.fail("bytes after the last key");
  if (with_tail_ && !tail_.done()) tail_.fail("bytes after the last test");
  return false;
}

bool LatestReader::begin_run() {
  std::optional<std::string_view> platform = in_.optional_text();
  if (check_order_ && read_ > 0 && text_compare(platform_, platform) >= 0) in_.fail("keys out of order");
  platform_ = platform;
  left_in_run_ = in_.varint();
  if (left_in_run_ == 0 || left_in_run_ > n_ - read_) in_.fail("bad run length");
  const std::uint8_t null_first = in_.byte();
  if (null_first > 1) in_.fail("bad run header");
  return null_first == 1;
}

void LatestReader::check_path(std::uint64_t shared, std::string_view suffix, std::size_t base) {
  // (shared is the longest common prefix, so the path is after the one
  // before exactly when its next byte is larger, or it is longer)
  const bool more = shared < base;
  const auto at = static_cast<std::size_t>(shared);
  if (more && !suffix.empty() && suffix[0] == path_[at]) in_.fail("shared prefix not the longest");
  if (suffix.empty() ||
      (more && static_cast<unsigned char>(suffix[0]) < static_cast<unsigned char>(path_[at])))
    in_.fail("keys out of order");
}

void LatestReader::read_tail() {
  const std::uint8_t has_start = tail_.byte();
  if (has_start > 1) tail_.fail("bad start flag");
  start_ = std::nullopt;
  if (has_start == 1) start_ = tail_.signed_varint();
  id_ = tail_.text();
}

void compare_latest(std::string_view a, std::string_view b, std::vector<LatestChange>& out) {
  compare_latest(a, b, [&out](const LatestReader& r, Status sa, Status sb) {
    LatestChange c;
    if (r.platform()) c.platform = std::string(*r.platform());
    if (r.path()) c.path = std::string(*r.path());
    c.a = sa;
    c.b = sb;
    out.push_back(std::move(c));
  });
}

void compare_latest(std::string_view a, std::string_view b, const LatestChangeSink& emit) {
  LatestReader ra(a, LatestReader::kTrustOrder), rb(b, LatestReader::kTrustOrder);
  if (ra.size() == rb.size() && ra.keys() == rb.keys()) {
    // The same keys in the same order: statuses compared by position, a
    // key decoded only when its position changed.
    std::string_view sa = ra.statuses(), sb = rb.statuses();
    std::size_t first = 0;
    while (first < sa.size() && !changed(static_cast<Status>(sa[first]), static_cast<Status>(sb[first]))) ++first;
    if (first == sa.size()) return;
    for (std::size_t i = 0; ra.next(); ++i)
      if (i >= first && changed(static_cast<Status>(sa[i]), static_cast<Status>(sb[i])))
        emit(ra, static_cast<Status>(sa[i]), static_cast<Status>(sb[i]));
    return;
  }
  // Merged by key. The paths under one platform are compared by their
  // longest common prefix m: when one side moves on to a path sharing s
  // bytes with the one before it, s < m means it is now after the other
  // side's path (sharing s), s > m that it is still before it (sharing m),
  // and only s = m needs its bytes read from m on; when both move on from
  // one path, the one sharing less with it is after. So most keys are
  // placed without reading their bytes.
  bool ha = ra.next(), hb = rb.next();
  int c = 0;
  std::size_t m = 0;
  bool prefix_known = false;  // (m and c hold for two paths under one platform)
  auto compare_from = [&ra, &rb, &m, &c](std::size_t from) {
    std::string_view pa = *ra.path(), pb = *rb.path();
    std::size_t i = from, n = std::min(pa.size(), pb.size());
    while (i < n && pa[i] == pb[i]) ++i;
    m = i;
    c = i < n ? (static_cast<unsigned char>(pa[i]) < static_cast<unsigned char>(pb[i]) ? -1 : 1)
              : (pa.size() < pb.size() ? -1 : pa.size() > pb.size() ? 1 : 0);
  };
  auto compare_keys = [&] {
    c = text_compare(ra.platform(), rb.platform());
    prefix_known = c == 0 && ra.path() && rb.path();
    if (prefix_known)
      compare_from(0);
    else if (c == 0)
      c = text_compare(ra.path(), rb.path());
  };
  if (ha && hb) compare_keys();
  while (ha && hb) {
    if (c == 0) {
      if (changed(ra.status(), rb.status())) emit(ra, ra.status(), rb.status());
      ha = ra.next();
      hb = rb.next();
      if (!ha || !hb) break;
      if (prefix_known && ra.continues() && rb.continues()) {
        const std::size_t sa = ra.shared(), sb = rb.shared();
        if (sa != sb) {
          c = sa < sb ? 1 : -1;
          m = std::min(sa, sb);
        } else {
          compare_from(sa);
        }
      } else {
        compare_keys();
      }
    } else {
      LatestReader& moved = c < 0 ? ra : rb;
      const int towards = c < 0 ? 1 : -1;  // (c once the moved side is after the other)
      if (!moved.next()) break;
      if (prefix_known && moved.continues()) {
        const std::size_t s = moved.shared();
        if (s < m) {
          c = towards;
          m = s;
        } else if (s == m) {
          compare_from(m);
        }  // (s > m: still before, sharing m)
      } else {
        compare_keys();
      }
    }
  }
}

}  // namespace ciprov::core::rollup
