// The hardware a KernelCI test ran on, by the dashboard's rule.
//
// A kcidb test names its hardware in two places: environment.misc.platform
// (one string, set by most origins) and environment.compatible (the device
// tree "compatible" strings, most specific first). The dashboard shows
// misc.platform when present, else compatible[1], and finds the tests of a
// hardware by either. The PostgreSQL glue (src/pg/platform.cpp) reads both
// out of jsonb and text[]; the rules live here.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace ciprov::core::hardware {

struct Environment {
  // environment_misc->>'platform', when present and not JSON null.
  std::optional<std::string_view> misc_platform;
  // environment_compatible in order, NULL elements left out.
  std::vector<std::string_view> compatible;
  // environment_compatible[1] (absent when the array is NULL, empty, not
  // one-dimensional, does not start at 1, or the element is NULL).
  std::optional<std::string_view> compatible_first;
};

// misc.platform when present, else compatible[1].
std::optional<std::string_view> platform(const Environment& env) noexcept;

// hardware is misc.platform or one of the compatible strings.
bool runs_on(const Environment& env, std::string_view hardware) noexcept;

// Every name the test answers to: misc.platform, then the compatible
// strings, each once. runs_on(env, h) == (h is in keys(env)).
std::vector<std::string_view> keys(const Environment& env);

}  // namespace ciprov::core::hardware
