// A packed counter set: the counter rows of one (checkout, rollup), one
// row per value, stored as one bytea (ciprov.rollup_packed.packed; see
// docs/rollup.md). A flush rewrites one such value per (checkout, rollup)
// it touches instead of one table row per (checkout, rollup, value): the
// per-row cost of the upsert was most of the maintenance time.
//
// Layout (core/bytes.h encodings):
//   u8 format (kPackedFormat), varint row count, then per row, in value
//   order (NULL first, then bytewise):
//     optional text   the value
//     varint          bitmap of the non-zero cells (bit i: cell i)
//     signed varint   each non-zero cell, in cell order
// All-zero rows are never stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.h"
#include "core/rollup_model.h"

namespace ciprov::core::rollup {

inline constexpr std::uint8_t kPackedFormat = 1;

struct CountRow {
  Text value;
  Cells cells;
};

// NULL first, then bytewise: the order of rows in a packed set.
bool value_less(const std::optional<std::string_view>& a, const std::optional<std::string_view>& b);

// Encodes rows given in value order, each value once; all-zero rows are
// left out. Throws an internal error when the order is broken.
std::string pack_counts(const std::vector<CountRow>& rows);

std::vector<CountRow> unpack_counts(std::string_view packed);  // throws 22P03

// a + b, value by value; values whose cells sum to zero are left out.
std::string add_counts(std::string_view a, std::string_view b);

// Reads a packed set row by row without copying values (the readers'
// hot loop). The bytes must outlive the reader.
class CountReader {
 public:
  explicit CountReader(std::string_view packed);  // throws 22P03
  explicit CountReader(std::string&&) = delete;  // (it keeps a view of its bytes)
  std::uint64_t size() const { return n_; }
  bool next();  // false after the last row
  const std::optional<std::string_view>& value() const { return value_; }
  const Cells& cells() const { return cells_; }

 private:
  bytes::Reader in_;
  std::uint64_t n_ = 0, read_ = 0;
  std::optional<std::string_view> value_;
  Cells cells_{};
};

}  // namespace ciprov::core::rollup
