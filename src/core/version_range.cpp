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
//  * a bare git ref (no assigned version) is only in `:` and in the bare ref.
#include "core/version_range.h"

#include <algorithm>

#include "core/error.h"
#include "core/version_key.h"

namespace ciprov::core {
namespace vk = version_key;

namespace {

constexpr char kTypeName[] = "ciprov.version_range";
constexpr std::uint8_t kFormat = 1;
constexpr std::uint8_t kIntervalItem = 1;
constexpr std::uint8_t kVersionItem = 2;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// A borrowed item: what membership is decided on, for parsed and stored
// ranges alike (one rule, two sources).
struct ItemView {
  bool interval = false;
  std::string_view lo, hi_open;  // interval
  VersionView version;           // concrete item
};

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

// Spack's v.satisfies(item) for a concrete v.
bool item_contains(const ItemView& item, const VersionView& v) {
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
  } else {
    view.version = item.version->view();
  }
  return view;
}

// Spack's element order in a VersionList: intervals by (lo, hi); a version
// before an interval when it is <= the interval's lo; bare refs last.
int item_compare(const VersionRange::Item& a, const VersionRange::Item& b) {
  auto sign = [](int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; };
  if (a.interval && b.interval) {
    int c = a.interval->lo_key.compare(b.interval->lo_key);
    if (c != 0) return sign(c);
    return sign(a.interval->hi_open_key.compare(b.interval->hi_open_key));
  }
  if (a.version && b.version) return a.version->compare(*b.version);
  if (a.version) {
    if (a.version->kind() == VersionKind::kGitRef) return 1;
    return a.version->std_key() <= std::string_view(b.interval->lo_key) ? -1 : 1;
  }
  return -item_compare(b, a);
}

[[noreturn]] void fail_at(std::string_view input, const std::string& reason, std::size_t position) {
  throw invalid_text(kTypeName, std::string(input), reason, position);
}

}  // namespace

// ---------------------------------------------------------------- parsing

VersionRange VersionRange::parse(std::string_view input) {
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
    bool git = item.substr(0, 4) == "git." || (item.size() > 1 && item.find('=', 1) != item.npos) ||
               (item.size() == 40 && item.find_first_not_of("0123456789abcdef") == item.npos);
    if (item[0] == '=') {
      Item it;
      it.version = version_at(item.substr(1), start + 1);
      r.items_.push_back(std::move(it));
    } else if (git) {
      Item it;
      it.version = version_at(item, start);
      r.items_.push_back(std::move(it));
    } else {
      std::size_t colon = item.find(':');
      std::string_view lo = colon == item.npos ? item : item.substr(0, colon);
      std::string_view hi = colon == item.npos ? item : item.substr(colon + 1);
      if (colon != item.npos) {
        if (std::size_t second = hi.find(':'); second != hi.npos)
          fail_at(input, "unexpected character \":\"", origin[start + colon + 1 + second]);
      }
      Interval iv;
      if (!lo.empty()) {
        Version v = version_at(lo, start, true);
        iv.lo_key = v.key();
        iv.lo_text = std::string(lo);
      } else {
        iv.lo_key = Version::typemin_key();
      }
      if (!hi.empty()) {
        Version v = version_at(hi, colon == item.npos ? start : start + colon + 1, true);
        iv.hi_key = v.key();
        iv.hi_open_key = v.next_key();
        iv.hi_text = std::string(hi);
      } else {
        iv.hi_key = Version::typemax_key();
        iv.hi_open_key = Version::after_typemax_key();
      }
      if (iv.hi_open_key <= iv.lo_key)
        fail_at(input, "empty range \"" + std::string(item) + "\"", origin[start]);
      Item it;
      it.interval = std::move(iv);
      r.items_.push_back(std::move(it));
    }
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
  for (Item& it : items_) {
    if (it.interval) intervals.push_back(std::move(*it.interval));
    else versions.push_back(std::move(*it.version));
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

  items_.clear();
  for (Interval& iv : merged) {
    Item it;
    it.interval = std::move(iv);
    items_.push_back(std::move(it));
  }
  std::size_t n_intervals = items_.size();
  for (Version& v : versions) {
    VersionView view = v.view();
    bool covered = false;
    for (std::size_t i = 0; i < n_intervals && !covered; ++i)
      covered = in_interval(items_[i].interval->lo_key, items_[i].interval->hi_open_key, view);
    if (!covered && v.kind() == VersionKind::kGitAssigned) {
      for (const Version& w : versions)
        if (w.kind() == VersionKind::kGitRef && w.ref() == v.ref()) covered = true;
    }
    if (covered) continue;
    Item it;
    it.version = std::move(v);
    items_.push_back(std::move(it));
  }
  std::stable_sort(items_.begin(), items_.end(),
                   [](const Item& a, const Item& b) { return item_compare(a, b) < 0; });
}

// ------------------------------------------------------------- set algebra

bool VersionRange::is_any() const {
  return items_.size() == 1 && items_[0].interval &&
         is_everything(items_[0].interval->lo_key, items_[0].interval->hi_open_key);
}

bool VersionRange::contains(const VersionView& v) const {
  for (const Item& it : items_)
    if (item_contains(view_of(it), v)) return true;
  return false;
}

bool VersionRange::satisfies(const VersionRange& o) const {
  for (const Item& a : items_) {
    bool ok = false;
    if (a.interval) {
      // The other side is merged, so one interval of it must hold all of a.
      for (const Item& b : o.items_) {
        if (b.interval && b.interval->lo_key <= a.interval->lo_key &&
            a.interval->hi_open_key <= b.interval->hi_open_key) {
          ok = true;
          break;
        }
      }
    } else {
      ok = o.contains(a.version->view());
    }
    if (!ok) return false;
  }
  return true;
}

namespace {
bool items_intersect(const VersionRange::Item& a, const VersionRange::Item& b) {
  if (a.interval && b.interval)
    return a.interval->lo_key < b.interval->hi_open_key && b.interval->lo_key < a.interval->hi_open_key;
  if (a.interval || b.interval) {
    // A bare ref may stand for any version, so it meets every interval.
    const Version& v = a.interval ? *b.version : *a.version;
    return v.kind() == VersionKind::kGitRef || item_contains(view_of(a.interval ? a : b), v.view());
  }
  const Version& v = *a.version;
  const Version& w = *b.version;
  if (!v.is_git() || !w.is_git()) return v == w;
  if (v.ref() != w.ref()) return false;
  if (v.kind() == VersionKind::kGitRef || w.kind() == VersionKind::kGitRef) return true;
  return v.std_key() == w.std_key();
}
}  // namespace

bool VersionRange::intersects(const VersionRange& o) const {
  for (const Item& a : items_)
    for (const Item& b : o.items_)
      if (items_intersect(a, b)) return true;
  return false;
}

VersionRange VersionRange::intersection(const VersionRange& o) const {
  VersionRange r;
  for (const Item& a : items_) {
    for (const Item& b : o.items_) {
      if (!items_intersect(a, b)) continue;
      Item out;
      if (a.interval && b.interval) {
        const Interval& x = *a.interval;
        const Interval& y = *b.interval;
        Interval iv;
        const Interval& lo_from = x.lo_key >= y.lo_key ? x : y;
        const Interval& hi_from = x.hi_open_key <= y.hi_open_key ? x : y;
        iv.lo_key = lo_from.lo_key;
        iv.lo_text = lo_from.lo_text;
        iv.hi_key = hi_from.hi_key;
        iv.hi_open_key = hi_from.hi_open_key;
        iv.hi_text = hi_from.hi_text;
        out.interval = std::move(iv);
      } else {
        const Item& concrete = a.version ? a : b;
        const Item& other = a.version ? b : a;
        const Version& v = *concrete.version;
        if (v.kind() == VersionKind::kGitRef) {
          if (other.interval && !is_everything(other.interval->lo_key, other.interval->hi_open_key)) {
            VersionRange shown;
            shown.items_.push_back(other);
            throw Error(sqlstate::kFeatureNotSupported,
                        "the intersection of git ref \"" + v.text() + "\" and range \"" +
                            shown.to_string() + "\" is not supported",
                        "A git ref constrained to a version range cannot be represented.");
          }
          // bare ref with `:` -> the ref; with an assignment of it -> that one
          out.version = other.version ? *other.version : v;
        } else {
          out.version = v;
        }
      }
      r.items_.push_back(std::move(out));
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
    } else {
      h = vk::hash_combine(h, it.version->hash(seed) ^ 0x5bd1e995ULL);
    }
  }
  return h;
}

// ------------------------------------------------------------------- text

std::string VersionRange::to_string() const {
  std::string out;
  for (const Item& it : items_) {
    if (!out.empty()) out += ',';
    if (it.version) {
      if (!it.version->is_git()) out += '=';
      out += it.version->text();
      continue;
    }
    const Interval& iv = *it.interval;
    if (iv.lo_open() && iv.hi_open()) out += ':';
    else if (iv.lo_open()) out += ':' + iv.hi_text;
    else if (iv.hi_open()) out += iv.lo_text + ':';
    else if (iv.lo_key == iv.hi_key) out += iv.lo_text;
    else out += iv.lo_text + ':' + iv.hi_text;
  }
  return out;
}

std::optional<Version> VersionRange::concrete() const {
  if (items_.size() == 1 && items_[0].version) return items_[0].version;
  return std::nullopt;
}

// ---------------------------------------------------------- index bounds

std::optional<VersionRange::IndexBound> VersionRange::lower_bound() const {
  if (items_.empty()) return std::nullopt;
  // A bare ref item holds every assignment of its ref, at any version.
  for (const Item& it : items_)
    if (it.version && it.version->kind() == VersionKind::kGitRef) return std::nullopt;
  const Item& first = items_.front();
  if (first.version) return IndexBound{*first.version, true};
  if (first.interval->lo_open()) return std::nullopt;
  return IndexBound{Version::from_standard_key(first.interval->lo_key), true};
}

std::optional<VersionRange::IndexBound> VersionRange::upper_bound() const {
  if (items_.empty()) return std::nullopt;
  for (const Item& it : items_) {
    // Bare refs sort above every other version: no upper bound then.
    if (it.version && it.version->kind() == VersionKind::kGitRef) return std::nullopt;
    if (it.interval && is_everything(it.interval->lo_key, it.interval->hi_open_key)) return std::nullopt;
  }
  const Item& last = items_.back();
  if (last.version) return IndexBound{*last.version, true};
  if (last.interval->hi_open()) return std::nullopt;
  return IndexBound{Version::from_standard_key(last.interval->hi_open_key), false};
}

// ----------------------------------------------------------------- binary

std::string VersionRange::serialize() const {
  std::string out;
  out.push_back(static_cast<char>(kFormat));
  vk::put_varint(&out, items_.size());
  for (const Item& it : items_) {
    if (it.interval) {
      const Interval& iv = *it.interval;
      out.push_back(static_cast<char>(kIntervalItem));
      vk::put_bytes(&out, iv.lo_key);
      vk::put_bytes(&out, iv.hi_key);
      vk::put_bytes(&out, iv.hi_open_key);
      vk::put_bytes(&out, iv.lo_text);
      vk::put_bytes(&out, iv.hi_text);
    } else {
      out.push_back(static_cast<char>(kVersionItem));
      vk::put_bytes(&out, it.version->serialize());
    }
  }
  return out;
}

namespace {
[[noreturn]] void bad_binary() {
  throw Error(sqlstate::kInvalidBinaryRepresentation, "invalid binary data for type ciprov.version_range");
}

// Walks serialized items; fn(ItemView, raw fields) returns true to stop.
template <typename Fn>
void for_each_serialized(std::string_view bytes, Fn&& fn) {
  if (bytes.empty() || static_cast<std::uint8_t>(bytes[0]) != kFormat) bad_binary();
  std::size_t pos = 1;
  std::uint64_t n = 0;
  if (!vk::get_varint(bytes, &pos, &n)) bad_binary();
  for (std::uint64_t i = 0; i < n; ++i) {
    if (pos >= bytes.size()) bad_binary();
    auto kind = static_cast<std::uint8_t>(bytes[pos++]);
    ItemView view;
    std::string_view f[5];
    if (kind == kIntervalItem) {
      for (auto& field : f)
        if (!vk::get_bytes(bytes, &pos, &field)) bad_binary();
      view.interval = true;
      view.lo = f[0];
      view.hi_open = f[2];
    } else if (kind == kVersionItem) {
      if (!vk::get_bytes(bytes, &pos, &f[0]) || !Version::decode(f[0], &view.version)) bad_binary();
    } else {
      bad_binary();
    }
    if (fn(view, f)) return;
  }
  if (pos != bytes.size()) bad_binary();
}
}  // namespace

bool VersionRange::contains_serialized(std::string_view bytes, const VersionView& v) {
  bool found = false;
  for_each_serialized(bytes, [&](const ItemView& item, const std::string_view*) {
    found = item_contains(item, v);
    return found;
  });
  return found;
}

VersionRange VersionRange::deserialize(std::string_view bytes) {
  VersionRange r;
  for_each_serialized(bytes, [&](const ItemView& view, const std::string_view* f) {
    Item it;
    if (view.interval) {
      Interval iv;
      iv.lo_key = std::string(f[0]);
      iv.hi_key = std::string(f[1]);
      iv.hi_open_key = std::string(f[2]);
      iv.lo_text = std::string(f[3]);
      iv.hi_text = std::string(f[4]);
      it.interval = std::move(iv);
    } else {
      it.version = Version::deserialize(f[0]);
    }
    r.items_.push_back(std::move(it));
    return false;
  });
  return r;
}

}  // namespace ciprov::core
