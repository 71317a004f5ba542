// Fuzzes the testpath parser and the order: validation never crashes,
// accepts exactly the strings made of segments [A-Za-z0-9_-]+ joined by
// single dots, and every valid path lies in the btree range of each of its
// ancestors' subtrees and outside the range of unrelated paths.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "core/testpath.h"

namespace tp = ciprov::core::testpath;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  // Split the input in two candidate paths at the first '|'.
  std::size_t bar = input.find('|');
  std::string a = input.substr(0, bar);
  std::string b = bar == std::string::npos ? std::string() : input.substr(bar + 1);

  bool valid = tp::is_valid(a);
  try {
    tp::validate(a);
    if (!valid) std::abort();
  } catch (const ciprov::core::Error& e) {
    if (valid || e.sqlstate() != "22P02") std::abort();
  }
  if (!valid || !tp::is_valid(b)) return 0;

  // Order and ancestry agree.
  int ab = tp::compare(a, b);
  if (ab != -tp::compare(b, a)) std::abort();
  if ((ab == 0) != (a == b)) std::abort();
  std::string end = tp::subtree_end(a);
  bool in_range = tp::compare(b, a) >= 0 && tp::compare(b, end) < 0;
  if (in_range != tp::contains(a, b)) std::abort();

  // Every prefix path of b (its ancestors) contains it; parent chains end at the root.
  std::string cur = b;
  std::size_t levels = tp::nlevel(b);
  for (std::size_t i = 0; i <= levels; ++i) {
    if (!tp::contains(cur, b)) std::abort();
    auto parent = tp::parent(cur);
    if (!parent) {
      if (!cur.empty()) std::abort();
      break;
    }
    cur = std::string(*parent);
  }
  std::string joined = tp::concat(a, b);
  if (!tp::is_valid(joined) || !tp::contains(a, joined)) std::abort();
  if (tp::nlevel(joined) != tp::nlevel(a) + tp::nlevel(b)) std::abort();
  if (levels > 0 && tp::subpath(b, 0, std::nullopt) != b) std::abort();
  return 0;
}
