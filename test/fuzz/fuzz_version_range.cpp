// libFuzzer: ciprov.version_range text -> value -> text -> value must
// round-trip (canonical text is a fixed point), the binary form must decode
// to an equal value, set algebra must be self-consistent, nothing may crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/version_range.h"

using ciprov::core::Error;
using ciprov::core::VersionRange;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  VersionRange r;
  try {
    r = VersionRange::parse(input);
  } catch (const Error& e) {
    if (e.sqlstate() != "22P02") std::abort();
    return 0;
  }
  std::string text = r.to_string();
  VersionRange again = VersionRange::parse(text);
  if (again != r || again.to_string() != text || again.hash(3) != r.hash(3)) std::abort();
  if (VersionRange::deserialize(r.serialize()) != r) std::abort();
  if (!r.satisfies(r) || !r.satisfies(VersionRange::any())) std::abort();
  if (!r.empty() && !r.intersects(r)) std::abort();
  try {
    if (r.intersection(r) != r) std::abort();
    if (r.intersection(VersionRange::any()) != r) std::abort();
  } catch (const Error& e) {
    if (e.sqlstate() != "0A000") std::abort();
  }
  if (r.union_with(r) != r) std::abort();
  for (const auto& item : r.items()) {
    if (item.is_concrete() && !r.contains(*item.version)) std::abort();
  }
  // Arbitrary bytes must never crash the binary reader.
  try {
    (void)VersionRange::deserialize(input);
  } catch (const Error&) {
  }
  return 0;
}
