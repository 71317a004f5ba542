// Architecture semantics (Spack's ArchSpec): platform and os compare by
// equality (`*` = "set to anything"); targets are names, ranges
// (`haswell:`, `:zen3`, `nehalem:skylake`) or comma lists of them, compared
// through the microarchitecture lineage (spec_microarch.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/spec.h"

namespace ciprov::core::arch {

// The canonical target string: `*` is `:`, `x86_64:icelake` is `:icelake`,
// `:x86_64` is `x86_64`, and a list becomes a sorted decomposition of the
// set of targets it denotes (so equal sets print equally).
std::string canonical_target(std::string_view target);

bool satisfies(const ArchSpec& lhs, const ArchSpec& rhs);
bool intersects(const ArchSpec& lhs, const ArchSpec& rhs);
// Adds rhs's constraints to lhs; returns the name of the conflicting field
// ("platform", "os", "target") or an empty string on success.
std::string constrain(ArchSpec& lhs, const ArchSpec& rhs);

// Exposed for tests: every target of `rhs` lies in `lhs` (single elements).
bool target_range_contains(std::string_view lhs, std::string_view rhs);
// The elements of the target list that both sides contain.
std::vector<std::string> target_intersection(std::string_view lhs, std::string_view rhs);

}  // namespace ciprov::core::arch
