// ciprov.testpath: a dotted KernelCI test path ("boot", "ltp.sem01",
// "rt-tests.svsematest.svsematest"). The empty path is the root.
//
// Segments match [A-Za-z0-9_-]+ (kcidb v5's rule) and are separated by
// single dots. The text form is canonical, so equality is byte equality and
// the stored payload is the text itself.
//
// Order: segment by segment, bytewise within a segment, a shorter segment
// (a prefix) first, and a parent right before its children. Equivalently,
// a bytewise comparison in which '.' ranks below every segment character.
// So every subtree [p, subtree_end(p)) is one contiguous range, which lets a
// btree index answer `path <@ p` as a range scan.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ciprov::core::testpath {

inline constexpr char kTypeName[] = "ciprov.testpath";

// True for the characters a segment may hold.
constexpr bool is_segment_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// Throws core::invalid_text (22P02) naming the reason and the 1-based
// character position of the first problem.
void validate(std::string_view text);

// Non-throwing check for callers that report errors their own way (the
// kcidb validator): the empty string is the root and valid.
bool is_valid(std::string_view text) noexcept;

// <0, 0, >0 in the subtree-contiguous order described above.
int compare(std::string_view a, std::string_view b) noexcept;

// ancestor @> p: ancestor is p or one of its ancestors; the root contains all.
bool contains(std::string_view ancestor, std::string_view p) noexcept;

// Number of segments; 0 for the root.
std::size_t nlevel(std::string_view p) noexcept;

// The smallest value that sorts after every member of p's subtree: p with
// '-' (the smallest segment character) appended to its last segment. The
// root's subtree is everything, so its bound is kAfterAll, a sentinel that
// is not a valid path but sorts after every path.
std::string subtree_end(std::string_view p);
inline constexpr char kAfterAll[] = "\x7f";

// a || b; the root is the identity on both sides.
std::string concat(std::string_view a, std::string_view b);

// ltree's subpath semantics: a negative offset counts from the end; a
// negative len leaves off that many segments at the end; len 0 (when
// given) yields the root; without len, everything from offset. Throws
// 22023 "invalid positions" when offset is out of range or the range is
// empty by going backwards.
std::string subpath(std::string_view p, long offset, std::optional<long> len);

// All segments but the last; nullopt for the root (it has no parent).
std::optional<std::string_view> parent(std::string_view p) noexcept;

// The first segment ("boot" for "boot.kernel"); nullopt for the root.
std::optional<std::string_view> group(std::string_view p) noexcept;

}  // namespace ciprov::core::testpath
