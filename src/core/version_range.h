// A Spack version constraint (ciprov.version_range): a set of versions.
//
// Canonical form, as Spack's VersionList keeps it: a sorted list of disjoint
// items, each either
//   * an interval [lo, hi_open): `1.2:1.4` is [1.2, next(1.4)) = [1.2, 1.5),
//     so it holds every 1.4.*; `1.2` alone is `1.2:1.2` = every 1.2.*;
//     `1.2:`, `:1.4` and `:` are open at one or both ends; or
//   * one concrete version: `=1.2` (exactly 1.2), or a git version
//     (`git.foo=1.2`, `git.foo`); or
//   * a git ref constrained to an interval (`git.foo=1.2:1.4`): the
//     versions assigned to that ref within the interval.
// Overlapping and adjacent intervals are merged (`1:2,3:4` is `1:4`) and a
// concrete version inside an interval is dropped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/version.h"

namespace ciprov::core {

class VersionRange {
 public:
  struct Interval {
    std::string lo_key;       // inclusive; Version::typemin_key() when open
    std::string hi_key;       // the upper bound as written (inclusive prefix)
    std::string hi_open_key;  // exclusive end: next(hi)
    std::string lo_text;      // empty when open below
    std::string hi_text;      // empty when open above
    bool lo_open() const { return lo_text.empty(); }
    bool hi_open() const { return hi_text.empty(); }
  };
  // interval only: a range; version only: a concrete version; both: a git
  // ref (version is the bare ref) constrained to the interval, Spack's
  // `git.<ref>=1.2:1.4`, as an intersection of a bare ref and a range makes.
  struct Item {
    std::optional<Interval> interval;
    std::optional<Version> version;
    bool is_range() const { return interval && !version; }
    bool is_concrete() const { return version && !interval; }
    bool is_constrained_ref() const { return interval && version; }
  };

  // Parses a comma-separated constraint; throws core::Error 22P02 (bad
  // syntax, or an empty range such as `2:1.0`).
  static VersionRange parse(std::string_view text);
  // The same without throwing for bad syntax: false with the reason and the
  // 0-based index of the offending character in `text` (for callers that
  // parse a range inside a larger text, such as a spec's @ versions).
  static bool try_parse(std::string_view text, VersionRange* out, std::string* reason,
                        std::size_t* index);
  static VersionRange any();                   // `:`
  static VersionRange exact(const Version& v);  // `=v` (a git version as is)
  static VersionRange empty_set() { return VersionRange(); }

  // Binary form (format version byte, items with their keys).
  std::string serialize() const;
  static VersionRange deserialize(std::string_view bytes);  // throws 22P03
  // Membership straight on serialized bytes, without allocating (the hot
  // path of `version <@ version_range`). Throws 22P03 on malformed bytes.
  static bool contains_serialized(std::string_view range_bytes, const VersionView& v);

  bool empty() const { return items_.empty(); }
  bool is_any() const;
  bool contains(const Version& v) const { return contains(v.view()); }
  bool contains(const VersionView& v) const;
  bool satisfies(const VersionRange& o) const;   // this is a subset of o
  bool intersects(const VersionRange& o) const;  // they share a version
  VersionRange intersection(const VersionRange& o) const;  // may be empty()
  VersionRange union_with(const VersionRange& o) const;
  bool operator==(const VersionRange& o) const;
  bool operator!=(const VersionRange& o) const { return !(*this == o); }
  // Total order over canonical forms (for btree); consistent with ==.
  int compare(const VersionRange& o) const;
  std::uint64_t hash(std::uint64_t seed) const;

  // Canonical text (Spack's VersionList string); "" for the empty set.
  std::string to_string() const;

  // A single concrete version (`=1.2`, `git.foo=1.2`).
  bool is_concrete() const { return concrete().has_value(); }
  std::optional<Version> concrete() const;

  // Bounds for index scans: every contained version v satisfies
  // v >= lower_bound() and v < upper_bound() (v <= when inclusive);
  // nullopt means unbounded on that side. Lossy: recheck with contains().
  struct IndexBound {
    Version version;
    bool inclusive = false;
  };
  std::optional<IndexBound> lower_bound() const;
  std::optional<IndexBound> upper_bound() const;

  const std::vector<Item>& items() const { return items_; }
  // The one-item set of items()[i] (for per-item estimates).
  VersionRange item_range(std::size_t i) const {
    VersionRange r;
    r.items_.push_back(items_.at(i));
    return r;
  }

 private:
  static VersionRange parse_impl(std::string_view text);
  void normalize();
  std::vector<Item> items_;
};

}  // namespace ciprov::core
