// libFuzzer target for the spec parser: any text either fails with a
// core::Error or parses to a spec whose canonical text parses back to the
// same canonical text, and constrain() results print canonically too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "core/spec.h"

using namespace ciprov::core;

static bool propagates(const SpecNode& n) {
  for (const auto& [name, v] : n.variants)
    if (v.propagate) return true;
  for (const auto& e : n.deps)
    if (propagates(e.spec)) return true;
  return false;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 2048) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  Spec spec;
  try {
    spec = parse_spec(text);
  } catch (const Error&) {
    return 0;
  }
  std::string once = to_string(spec);
  Spec again;
  try {
    again = parse_spec(once);
  } catch (const Error& e) {
    std::abort();  // canonical text must always parse
  }
  std::string twice = to_string(again);
  if (once != twice) std::abort();
  // A spec that propagates ~~v over a dependency with +v contradicts
  // itself (Spack agrees), so reflexivity is checked without propagation.
  if (!propagates(spec) && !satisfies(spec, spec)) std::abort();
  // Constraining with itself gives a spec whose text round-trips. (It may
  // differ from the original: a target range between unrelated names, such
  // as `a:b`, denotes no target and is dropped, as Spack drops it.)
  if (intersects(spec, again)) {
    std::string c;
    try {
      c = to_string(constrain(spec, again));
    } catch (const Error&) {
      return 0;  // e.g. a git ref meeting a version range (VersionRange)
    }
    if (to_string(parse_spec(c)) != c) std::abort();
  }
  return 0;
}
