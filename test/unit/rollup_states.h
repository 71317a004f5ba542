// Test states and build attributes as the rollup unit tests build them
// (core::rollup::fold's inputs), shared by the fold and latest-set tests.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

#include "core/rollup_fold.h"

namespace ciprov::test {

namespace rollup = core::rollup;

inline rollup::TestState test_state(const char* build, const char* path, rollup::Text platform,
                                    rollup::Status status,
                                    std::optional<std::int64_t> start = 10 * rollup::kMicrosPerDay + 5) {
  rollup::TestState t;
  t.build_id = build;
  t.path = path;
  t.platform = std::move(platform);
  t.status = status;
  t.start = start;
  return t;
}

// A build of checkout on x86_64 defconfig, gcc-12.
inline rollup::BuildAttrs build_attrs(const char* checkout, rollup::Status status) {
  rollup::BuildAttrs b;
  b.checkout_id = checkout;
  b.architecture = "x86_64";
  b.config_name = "defconfig";
  b.compiler = "gcc-12";
  b.status = status;
  return b;
}

}  // namespace ciprov::test
