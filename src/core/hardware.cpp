#include "core/hardware.h"

#include <algorithm>

namespace ciprov::core::hardware {

std::optional<std::string_view> platform(const Environment& env) noexcept {
  return env.misc_platform ? env.misc_platform : env.compatible_first;
}

bool runs_on(const Environment& env, std::string_view hardware) noexcept {
  if (env.misc_platform == hardware) return true;
  return std::find(env.compatible.begin(), env.compatible.end(), hardware) != env.compatible.end();
}

std::vector<std::string_view> keys(const Environment& env) {
  std::vector<std::string_view> out;
  out.reserve(env.compatible.size() + 1);
  if (env.misc_platform) out.push_back(*env.misc_platform);
  for (std::string_view c : env.compatible)
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  return out;
}

}  // namespace ciprov::core::hardware
