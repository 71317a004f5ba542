// Internal to the version_range sources: the borrowed view of one item of
// a version set, which membership is decided on for parsed and stored sets
// alike (one rule, two sources), and the stored item kinds.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/version.h"
#include "core/version_range.h"

namespace ciprov::core::version_range_detail {

inline constexpr std::uint8_t kFormat = 1;
inline constexpr std::uint8_t kIntervalItem = 1;
inline constexpr std::uint8_t kVersionItem = 2;
inline constexpr std::uint8_t kConstrainedRefItem = 3;

// One item: a range, a concrete version, or a git ref constrained to a range.
struct ItemView {
  bool interval = false;         // a range, or the constraint of a ref
  bool has_version = false;      // a concrete version, or the constrained ref
  std::string_view lo, hi_open;  // interval
  VersionView version;
};

// Spack's v.satisfies(item) for a concrete v.
bool item_contains(const ItemView& item, const VersionView& v);
ItemView view_of(const VersionRange::Item& item);

}  // namespace ciprov::core::version_range_detail
