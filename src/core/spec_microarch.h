// The built-in microarchitecture lineage (after archspec's table) for the
// x86_64, aarch64, ppc64le and ppc64 families: which target descends from
// which, so that `target=haswell:` or `target=:zen3` compare as Spack does.
//
// A name outside the table is a "generic" target: its own family, with no
// ancestors, equal only to itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ciprov::core::microarch {

bool known(std::string_view name);
// The root of the lineage (x86_64, aarch64, ...); the name itself when unknown.
std::string family(std::string_view name);
// a < b: a is a (strict) ancestor of b. a <= b: equal or ancestor.
bool lt(std::string_view a, std::string_view b);
inline bool le(std::string_view a, std::string_view b) { return a == b || lt(a, b); }
// Every target of the table, in table order.
const std::vector<std::string>& all();
// The strict ancestors of a target (empty when unknown).
std::vector<std::string> ancestors(std::string_view name);

}  // namespace ciprov::core::microarch
