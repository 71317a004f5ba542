// ciprov.version_range: Spack's VersionList semantics over sort keys.
//
// An interval is [lo, hi_open) over version keys; a concrete item is one
// Version. Membership, subset and overlap follow Spack 1.x's
// ClosedOpenRange / StandardVersion / GitVersion rules:
//  * a standard version is in an interval when lo <= v < hi_open, and in a
//    concrete item when it equals it;
//  * a git version with an assigned version is in an interval when its
//    assigned version is, and in a git item with the same ref when the
//    assigned versions are equal or that item is the bare ref;
//  * a bare git ref (no assigned version) is only in `:` and in the bare ref;
//  * a git ref constrained to an interval holds the versions assigned to
//    that ref within the interval.
#include "core/version_range.h"

#include <algorithm>

#include "core/error.h"
#include "core/interrupt.h"
#include "core/version_key.h"
#include "core/version_range_item.h"

namespace ciprov::core {
namespace vk = version_key;

namespace {

constexpr char kTypeName[] = "ciprov.version_range";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_everything(std::string_view lo, std::string_view hi_open) {
  return lo == Version::typemin_key() && hi_open == Version::after_typemax_key();
}

std::string_view ref_of(const VersionView& v) {
  if (v.kind == VersionKind::kGitAssigned) return v.key.substr(v.std_len + 1);
  if (v.kind == VersionKind::kGitRef) return v.key.substr(1);
  return {};
}

bool in_interval(std::string_view lo, std::string_view hi_open, const VersionView& v) {
  if (v.kind == VersionKind::kGitRef) return is_everything(lo, hi_open);
  std::string_view k = v.std_key();
  return lo <= k && k < hi_open;
}

}  // namespace

namespace version_range_detail {

// Spack's v.satisfies(item) for a concrete v.
bool item_contains(const ItemView& item, const VersionView& v) {
  if (item.interval && item.has_version) {  // git ref constrained to an interval
    if (v.kind == VersionKind::kStandard || ref_of(v) != ref_of(item.version)) return false;
    return in_interval(item.lo, item.hi_open, v);
  }
  if (item.interval) return in_interval(item.lo, item.hi_open, v);
  const VersionView& w = item.version;
  if (v.kind == VersionKind::kStandard || w.kind == VersionKind::kStandard) return v.key == w.key;
  if (ref_of(v) != ref_of(w)) return false;
  if (w.kind == VersionKind::kGitRef) return true;  // the bare ref covers every assignment
  return v.kind == VersionKind::kGitAssigned && v.std_key() == w.std_key();
}

ItemView view_of(const VersionRange::Item& item) {
  ItemView view;
  if (item.interval) {
    view.interval = true;
    view.lo = item.interval->lo_key;
    view.hi_open = item.interval->hi_open_key;
  }
  if (item.version) {
    view.has_version = true;
    view.version = item.version->view();
  }
  return view;
}

}  // namespace version_range_detail

namespace {
using version_range_detail::ItemView;
using version_range_detail::item_contains;
using version_range_detail::view_of;

using Interval = VersionRange::Interval;
using Item = VersionRange::Item;

Interval everything() {
  Interval iv;
  iv.lo_key = Version::typemin_key();
  iv.hi_key = Version::typemax_key();
  iv.hi_open_key = Version::after_typemax_key();
  return iv;
}

bool intervals_meet(const Interval& x, const Interval& y) {
  return x.lo_key < y.hi_open_key && y.lo_key < x.hi_open_key;
}

bool interval_within(const Interval& inner, const Interval& outer) {
  return outer.lo_key <= inner.lo_key && inner.hi_open_key <= outer.hi_open_key;
}

// An interval with the lower bound of one and the upper bound of another,
// each bound with the text it came with.
Interval interval_from(const Interval& lo_from, const Interval& hi_from) {
  Interval iv;
  iv.lo_key = lo_from.lo_key;
  iv.lo_text = lo_from.lo_text;
  iv.hi_key = hi_from.hi_key;
  iv.hi_open_key = hi_from.hi_open_key;
  iv.hi_text = hi_from.hi_text;
  return iv;
}

// [max lo, min hi_open).
Interval interval_meet(const Interval& x, const Interval& y) {
  return interval_from(x.lo_key >= y.lo_key ? x : y, x.hi_open_key <= y.hi_open_key ? x : y);
}

// The union of two intervals that overlap or touch.
Interval interval_join(const Interval& x, const Interval& y) {
  return interval_from(x.lo_key <= y.lo_key ? x : y, x.hi_open_key >= y.hi_open_key ? x : y);
}

bool touches(const Interval& x, const Interval& y) {
  return x.lo_key <= y.hi_open_key && y.lo_key <= x.hi_open_key;
}

// A ref item: a bare ref, or a ref constrained to an interval. Its
// constraint (`:` for the bare ref) and ref.
bool is_ref_item(const Item& it) { return it.version && it.version->kind() == VersionKind::kGitRef; }

Interval constraint_of(const Item& it) { return it.interval ? *it.interval : everything(); }

// A ref item from a ref and a constraint: the bare ref when unconstrained.
Item ref_item(const Version& ref, Interval constraint) {
  Item it;
  it.version = ref;
  if (!is_everything(constraint.lo_key, constraint.hi_open_key)) it.interval = std::move(constraint);
  return it;
}

// Spack's element order in a VersionList: intervals by (lo, hi); a version
// before an interval when it is <= the interval's lo; bare refs last.
int item_compare(const VersionRange::Item& a, const VersionRange::Item& b) {
  auto sign = [](int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; };
  bool a_ref = is_ref_item(a), b_ref = is_ref_item(b);
  if (a_ref != b_ref) return a_ref ? 1 : -1;
  if (a_ref) {  // refs last, by (ref, constraint)
    int c = a.version->ref().compare(b.version->ref());
    if (c != 0) return sign(c);
    Interval x = constraint_of(a), y = constraint_of(b);
    c = x.lo_key.compare(y.lo_key);
    if (c != 0) return sign(c);
    return sign(x.hi_open_key.compare(y.hi_open_key));
  }
  if (a.interval && b.interval) {
    int c = a.interval->lo_key.compare(b.interval->lo_key);
    if (c != 0) return sign(c);
    return sign(a.interval->hi_open_key.compare(b.interval->hi_open_key));
  }
  if (a.version && b.version) return a.version->compare(*b.version);
  if (a.version) return a.version->std_key() <= std::string_view(b.interval->lo_key) ? -1 : 1;
  return -item_compare(b, a);
}

// A parse failure inside VersionRange::parse_impl: reason and 1-based
// position in the input; parse() turns it into the 22P02 error, try_parse()
// into its out-parameters.
struct RangeSyntaxError {
  std::string reason;
  std::size_t position;
};

[[noreturn]] void fail_at(std::string_view, const std::string& reason, std::size_t position) {
  throw RangeSyntaxError{reason, position};
}

}  // namespace

// ---------------------------------------------------------------- parsing

VersionRange VersionRange::parse(std::string_view input) {
  try {
    return parse_impl(input);
  } catch (const RangeSyntaxError& e) {
    throw invalid_text(kTypeName, std::string(input), e.reason, e.position);
  }
}

bool VersionRange::try_parse(std::string_view input, VersionRange* out, std::string* reason,
                             std::size_t* index) {
  try {
    *out = parse_impl(input);
    return true;
  } catch (const RangeSyntaxError& e) {
    *reason = e.reason;
    *index = e.position - 1;
    return false;
  }
}

VersionRange VersionRange::parse_impl(std::string_view input) {
  // Spack drops blanks anywhere; keep where each kept character came from.
  std::string s;
  std::vector<std::size_t> origin;
  for (std::size_t i = 0; i < input.size(); ++i) {
    if (is_space(input[i])) continue;
    s.push_back(input[i]);
    origin.push_back(i + 1);
  }
  origin.push_back(input.size() + 1);
  VersionRange r;
  if (s.empty()) return r;  // the empty set prints as ""

  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t comma = s.find(',', start);
    std::size_t end = comma == std::string::npos ? s.size() : comma;
    std::string_view item(s.data() + start, end - start);
    if (item.empty()) fail_at(input, "empty item in version list", origin[end]);

    auto version_at = [&](std::string_view text, std::size_t at, bool standard = false) {
      Version v;
      std::string reason;
      std::size_t index = 0;
      bool ok = standard ? Version::try_parse_standard(text, &v, &reason, &index)
                         : Version::try_parse(text, &v, &reason, &index);
      if (!ok) fail_at(input, reason, origin[at + index]);
      return v;
    };
    // lo:hi, lo:, :hi, : or a prefix range lo; at = index of text in s.
    auto interval_at = [&](std::string_view text, std::size_t at) {
      std::size_t colon = text.find(':');
      std::string_view lo = colon == text.npos ? text : text.substr(0, colon);
      std::string_view hi = colon == text.npos ? text : text.substr(colon + 1);
      if (colon != text.npos) {
        if (std::size_t second = hi.find(':'); second != hi.npos)
          fail_at(input, "unexpected character \":\"", origin[at + colon + 1 + second]);
      }
      Interval iv;
      if (!lo.empty()) {
        Version v = version_at(lo, at, true);
        iv.lo_key = v.key();
        iv.lo_text = std::string(lo);
      } else {
        iv.lo_key = Version::typemin_key();
      }
      if (!hi.empty()) {
        Version v = version_at(hi, colon == text.npos ? at : at + colon + 1, true);
        iv.hi_key = v.key();
        iv.hi_open_key = v.next_key();
        iv.hi_text = std::string(hi);
      } else {
        iv.hi_key = Version::typemax_key();
        iv.hi_open_key = Version::after_typemax_key();
      }
      if (iv.hi_open_key <= iv.lo_key)
        fail_at(input, "empty range \"" + std::string(text) + "\"", origin[at]);
      return iv;
    };
    bool git = item.substr(0, 4) == "git." || (item.size() > 1 && item.find('=', 1) != item.npos) ||
               (item.size() == 40 && item.find_first_not_of("0123456789abcdef") == item.npos);
    std::size_t eq = git ? item.find('=', 1) : item.npos;
    Item it;
    if (item[0] == '=') {
      it.version = version_at(item.substr(1), start + 1);
    } else if (git && eq != item.npos && item.find(':', eq) != item.npos) {
      // git.<ref>=lo:hi: the ref constrained to a range
      Version ref;
      std::string reason;
      std::size_t index = 0;
      if (!Version::try_parse_ref(item.substr(0, eq), &ref, &reason, &index))
        fail_at(input, reason, origin[start + index]);
      it = ref_item(ref, interval_at(item.substr(eq + 1), start + eq + 1));
    } else if (git) {
      it.version = version_at(item, start);
    } else {
      it.interval = interval_at(item, start);
    }
    r.items_.push_back(std::move(it));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  r.normalize();
  return r;
}

VersionRange VersionRange::any() {
  VersionRange r;
  Interval iv;
  iv.lo_key = Version::typemin_key();
  iv.hi_key = Version::typemax_key();
  iv.hi_open_key = Version::after_typemax_key();
  Item it;
  it.interval = std::move(iv);
  r.items_.push_back(std::move(it));
  return r;
}

VersionRange VersionRange::exact(const Version& v) {
  VersionRange r;
  Item it;
  it.version = v;
  r.items_.push_back(std::move(it));
  return r;
}

// ---------------------------------------------------------- canonical form

// Spack's VersionList.add, applied to all items at once: merge intervals
// that overlap or touch, drop concrete versions that an interval or the
// bare ref covers, drop duplicates, sort.
void VersionRange::normalize() {
  std::vector<Interval> intervals;
  std::vector<Version> versions;
  std::vector<std::pair<Version, Interval>> constrained;
  for (Item& it : items_) {
    if (it.is_range()) intervals.push_back(std::move(*it.interval));
    else if (it.is_concrete()) versions.push_back(std::move(*it.version));
    else constrained.emplace_back(std::move(*it.version), std::move(*it.interval));
  }
  std::sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) {
    return a.lo_key != b.lo_key ? a.lo_key < b.lo_key : a.hi_open_key < b.hi_open_key;
  });
  std::vector<Interval> merged;
  for (Interval& iv : intervals) {
    if (!merged.empty() && iv.lo_key <= merged.back().hi_open_key) {
      Interval& cur = merged.back();
      if (iv.hi_open_key > cur.hi_open_key) {
        cur.hi_open_key = std::move(iv.hi_open_key);
        cur.hi_key = std::move(iv.hi_key);
        cur.hi_text = std::move(iv.hi_text);
      }
    } else {
      merged.push_back(std::move(iv));
    }
  }
  std::sort(versions.begin(), versions.end());
  versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
  std::vector<std::string> bare_refs;
  for (const Version& v : versions)
    if (v.kind() == VersionKind::kGitRef) bare_refs.emplace_back(v.ref());
  std::sort(bare_refs.begin(), bare_refs.end());
  auto has_bare = [&](std::string_view ref) {
    return std::binary_search(bare_refs.begin(), bare_refs.end(), std::string(ref));
  };

  // Refs constrained to an interval (Spack's _add_ranged_ref): dropped when
  // the bare ref or one plain interval covers them; otherwise widened over
  // the plain intervals they touch (a version there is covered anyway) and
  // merged with the constraints on the same ref that they touch.
  InterruptTicker ticker;
  std::vector<std::pair<Version, Interval>> kept;
  for (auto& entry : constrained) {
    Version& ref = entry.first;
    Interval& c = entry.second;
    ticker.tick();
    if (has_bare(ref.ref())) continue;
    if (std::any_of(merged.begin(), merged.end(), [&](const Interval& iv) { return interval_within(c, iv); }))
      continue;
    for (const Interval& iv : merged)
      if (touches(c, iv)) c = interval_join(c, iv);
    kept.emplace_back(std::move(ref), std::move(c));
  }
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
    return a.first.ref() != b.first.ref() ? a.first.ref() < b.first.ref() : a.second.lo_key < b.second.lo_key;
  });
  std::vector<std::pair<Version, Interval>> refs;
  for (auto& entry : kept) {
    if (!refs.empty() && refs.back().first.ref() == entry.first.ref() && touches(refs.back().second, entry.second))
      refs.back().second = interval_join(refs.back().second, entry.second);
    else
      refs.push_back(std::move(entry));
  }
  // A constraint that grew to everything is the bare ref.
  for (auto& [ref, c] : refs) {
    if (is_everything(c.lo_key, c.hi_open_key)) {
      bare_refs.emplace_back(ref.ref());
      versions.push_back(ref);
    }
  }
  std::sort(bare_refs.begin(), bare_refs.end());

  items_.clear();
  for (Interval& iv : merged) {
    Item it;
    it.interval = std::move(iv);
    items_.push_back(std::move(it));
  }
  std::size_t n_intervals = items_.size();
  for (Version& v : versions) {
    ticker.tick();
    VersionView view = v.view();
    bool covered = false;
    if (v.kind() == VersionKind::kGitRef) {
      covered = std::any_of(items_.begin(), items_.begin() + n_intervals, [&](const Item& it) {
        return in_interval(it.interval->lo_key, it.interval->hi_open_key, view);
      });
    } else {
      // The merged intervals are sorted and disjoint: only the last one
      // starting at or below the version can hold it.
      std::string_view k = view.std_key();
      auto after = std::upper_bound(items_.begin(), items_.begin() + n_intervals, k,
                                    [](std::string_view key, const Item& it) {
                                      return key < std::string_view(it.interval->lo_key);
                                    });
      covered = after != items_.begin() && k < std::string_view(std::prev(after)->interval->hi_open_key);
    }
    if (!covered && v.kind() == VersionKind::kGitAssigned) {
      covered = has_bare(v.ref()) || std::any_of(refs.begin(), refs.end(), [&](const auto& r) {
                  return r.first.ref() == v.ref() && in_interval(r.second.lo_key, r.second.hi_open_key, view);
                });
    }
    if (covered) continue;
    Item it;
    it.version = std::move(v);
    items_.push_back(std::move(it));
  }
  for (auto& [ref, c] : refs) {
    if (is_everything(c.lo_key, c.hi_open_key)) continue;  // added as the bare ref
    items_.push_back(ref_item(ref, std::move(c)));
  }
  std::stable_sort(items_.begin(), items_.end(),
                   [](const Item& a, const Item& b) { return item_compare(a, b) < 0; });
}

// ------------------------------------------------------------- set algebra

bool VersionRange::is_any() const {
  return items_.size() == 1 && items_[0].is_range() &&
         is_everything(items_[0].interval->lo_key, items_[0].interval->hi_open_key);
}

bool VersionRange::contains(const VersionView& v) const {
  for (const Item& it : items_)
    if (item_contains(view_of(it), v)) return true;
  return false;
}

bool VersionRange::satisfies(const VersionRange& o) const {
  InterruptTicker ticker;
  for (const Item& a : items_) {
    ticker.tick();
    bool ok = false;
    if (a.is_concrete()) {
      ok = o.contains(a.version->view());
    } else {
      // The other side is merged, so one item of it must hold all of a: a
      // range, or (for a constrained ref) a wider constraint on the ref.
      Interval c = *a.interval;
      ok = std::any_of(o.items_.begin(), o.items_.end(), [&](const Item& b) {
        if (b.is_range()) return interval_within(c, *b.interval);
        return a.is_constrained_ref() && is_ref_item(b) && b.version->ref() == a.version->ref() &&
               interval_within(c, constraint_of(b));
      });
    }
    if (!ok) return false;
  }
  return true;
}

namespace {
// Spack's intersects() of two items.
bool items_intersect(const Item& a, const Item& b) {
  bool a_ref = is_ref_item(a), b_ref = is_ref_item(b);
  if (a_ref && b_ref)
    return a.version->ref() == b.version->ref() && intervals_meet(constraint_of(a), constraint_of(b));
  if (a_ref || b_ref) {
    const Item& r = a_ref ? a : b;
    const Item& o = a_ref ? b : a;
    Interval c = constraint_of(r);
    if (o.is_range()) return intervals_meet(c, *o.interval);
    const Version& v = *o.version;  // standard or git with a version
    return v.kind() == VersionKind::kGitAssigned && v.ref() == r.version->ref() &&
           in_interval(c.lo_key, c.hi_open_key, v.view());
  }
  if (a.is_range() && b.is_range()) return intervals_meet(*a.interval, *b.interval);
  if (a.is_range()) return item_contains(view_of(a), b.version->view());
  if (b.is_range()) return item_contains(view_of(b), a.version->view());
  return *a.version == *b.version;
}

// Spack's intersection() of two items that intersect.
Item item_meet(const Item& a, const Item& b) {
  bool a_ref = is_ref_item(a), b_ref = is_ref_item(b);
  Item out;
  if (a_ref && b_ref) return ref_item(*a.version, interval_meet(constraint_of(a), constraint_of(b)));
  if (a_ref || b_ref) {
    const Item& r = a_ref ? a : b;
    const Item& o = a_ref ? b : a;
    if (o.is_range()) return ref_item(*r.version, interval_meet(constraint_of(r), *o.interval));
    out.version = *o.version;  // an assignment of the ref within its constraint
    return out;
  }
  if (a.is_range() && b.is_range()) {
    out.interval = interval_meet(*a.interval, *b.interval);
    return out;
  }
  out.version = a.is_range() ? *b.version : *a.version;
  return out;
}
}  // namespace

bool VersionRange::intersects(const VersionRange& o) const {
  InterruptTicker ticker;
  for (const Item& a : items_) {
    for (const Item& b : o.items_) {
      ticker.tick();
      if (items_intersect(a, b)) return true;
    }
  }
  return false;
}

VersionRange VersionRange::intersection(const VersionRange& o) const {
  VersionRange r;
  InterruptTicker ticker;
  for (const Item& a : items_) {
    for (const Item& b : o.items_) {
      ticker.tick();
      if (items_intersect(a, b)) r.items_.push_back(item_meet(a, b));
    }
  }
  r.normalize();
  return r;
}

VersionRange VersionRange::union_with(const VersionRange& o) const {
  VersionRange r = *this;
  r.items_.insert(r.items_.end(), o.items_.begin(), o.items_.end());
  r.normalize();
  return r;
}

bool VersionRange::operator==(const VersionRange& o) const { return compare(o) == 0; }

int VersionRange::compare(const VersionRange& o) const {
  std::size_t n = std::min(items_.size(), o.items_.size());
  for (std::size_t i = 0; i < n; ++i) {
    const Item& a = items_[i];
    const Item& b = o.items_[i];
    int c = item_compare(a, b);
    if (c != 0) return c;
  }
  return items_.size() < o.items_.size() ? -1 : items_.size() > o.items_.size() ? 1 : 0;
}

std::uint64_t VersionRange::hash(std::uint64_t seed) const {
  std::uint64_t h = vk::hash_bytes({}, seed ^ items_.size());
  for (const Item& it : items_) {
    if (it.interval) {
      h = vk::hash_combine(h, vk::hash_bytes(it.interval->lo_key, seed));
      h = vk::hash_combine(h, vk::hash_bytes(it.interval->hi_open_key, seed));
    }
    if (it.version) h = vk::hash_combine(h, it.version->hash(seed) ^ 0x5bd1e995ULL);
  }
  return h;
}

// ------------------------------------------------------------------- text

namespace {
std::string interval_text(const Interval& iv) {
  if (iv.lo_open() && iv.hi_open()) return ":";
  if (iv.lo_open()) return ':' + iv.hi_text;
  if (iv.hi_open()) return iv.lo_text + ':';
  if (iv.lo_key == iv.hi_key) return iv.lo_text;
  return iv.lo_text + ':' + iv.hi_text;
}
}  // namespace

std::string VersionRange::to_string() const {
  std::string out;
  for (const Item& it : items_) {
    if (!out.empty()) out += ',';
    if (it.is_range()) {
      out += interval_text(*it.interval);
    } else if (it.is_concrete()) {
      if (!it.version->is_git()) out += '=';
      out += it.version->text();
    } else {
      // Never lo:lo as lo, which would read as an assigned version.
      std::string c = interval_text(*it.interval);
      out += it.version->text() + '=' + (c.find(':') == std::string::npos ? c + ':' + c : c);
    }
  }
  return out;
}

std::optional<Version> VersionRange::concrete() const {
  if (items_.size() == 1 && items_[0].is_concrete()) return items_[0].version;
  return std::nullopt;
}

// ---------------------------------------------------------- index bounds

// Every version the set holds has a key within [lowest item start, highest
// item end]: a concrete item is its own key; a range or a constrained ref
// spans [lo, hi_open) (an assigned git key extends its version's key, so it
// stays inside). A bare ref holds versions of any key: no bound then.
std::optional<VersionRange::IndexBound> VersionRange::lower_bound() const {
  if (items_.empty()) return std::nullopt;
  const Item* best = nullptr;
  std::string_view best_key;
  for (const Item& it : items_) {
    if (it.is_concrete() && it.version->kind() == VersionKind::kGitRef) return std::nullopt;
    if (it.interval && it.interval->lo_open()) return std::nullopt;
    std::string_view key = it.interval ? std::string_view(it.interval->lo_key) : std::string_view(it.version->key());
    if (best == nullptr || key < best_key) {
      best = &it;
      best_key = key;
    }
  }
  if (best->interval) return IndexBound{Version::from_standard_key(best->interval->lo_key), true};
  return IndexBound{*best->version, true};
}

std::optional<VersionRange::IndexBound> VersionRange::upper_bound() const {
  if (items_.empty()) return std::nullopt;
  const Item* best = nullptr;
  std::string_view best_key;
  for (const Item& it : items_) {
    if (it.is_concrete() && it.version->kind() == VersionKind::kGitRef) return std::nullopt;
    if (it.interval && it.interval->hi_open()) return std::nullopt;
    std::string_view key =
        it.interval ? std::string_view(it.interval->hi_open_key) : std::string_view(it.version->key());
    // On a tie the concrete version wins: its bound is inclusive.
    if (best == nullptr || key > best_key || (key == best_key && best->interval && !it.interval)) {
      best = &it;
      best_key = key;
    }
  }
  if (best->interval) return IndexBound{Version::from_standard_key(best->interval->hi_open_key), false};
  return IndexBound{*best->version, true};
}

}  // namespace ciprov::core
