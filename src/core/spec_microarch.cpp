#include "core/spec_microarch.h"

#include <bitset>
#include <unordered_map>

namespace ciprov::core::microarch {

namespace {

// name and direct parents, as in archspec's microarchitectures.json
// (entries of the four families only; the order is the table's).
struct Entry {
  const char* name;
  const char* parents[2];
};

constexpr Entry kTable[] = {
    {"x86_64", {}},
    {"x86_64_v2", {"x86_64"}},
    {"x86_64_v3", {"x86_64_v2"}},
    {"x86_64_v4", {"x86_64_v3"}},
    {"nocona", {"x86_64"}},
    {"core2", {"nocona"}},
    {"nehalem", {"core2", "x86_64_v2"}},
    {"westmere", {"nehalem"}},
    {"sandybridge", {"westmere"}},
    {"ivybridge", {"sandybridge"}},
    {"haswell", {"ivybridge", "x86_64_v3"}},
    {"broadwell", {"haswell"}},
    {"skylake", {"broadwell"}},
    {"mic_knl", {"broadwell"}},
    {"skylake_avx512", {"skylake", "x86_64_v4"}},
    {"cannonlake", {"skylake"}},
    {"cascadelake", {"skylake_avx512"}},
    {"icelake", {"cascadelake", "cannonlake"}},
    {"sapphirerapids", {"icelake"}},
    {"k10", {"x86_64"}},
    {"bulldozer", {"x86_64_v2"}},
    {"piledriver", {"bulldozer"}},
    {"steamroller", {"piledriver"}},
    {"excavator", {"steamroller", "x86_64_v3"}},
    {"zen", {"x86_64_v3"}},
    {"zen2", {"zen"}},
    {"zen3", {"zen2"}},
    {"zen4", {"zen3", "x86_64_v4"}},
    {"zen5", {"zen4"}},
    {"ppc64", {}},
    {"power7", {"ppc64"}},
    {"power8", {"power7"}},
    {"power9", {"power8"}},
    {"power10", {"power9"}},
    {"ppc64le", {}},
    {"power8le", {"ppc64le"}},
    {"power9le", {"power8le"}},
    {"power10le", {"power9le"}},
    {"aarch64", {}},
    {"armv8.1a", {"aarch64"}},
    {"armv8.2a", {"armv8.1a"}},
    {"armv8.3a", {"armv8.2a"}},
    {"armv8.4a", {"armv8.3a"}},
    {"armv8.5a", {"armv8.4a"}},
    {"armv9.0a", {"armv8.5a"}},
    {"thunderx2", {"armv8.1a"}},
    {"a64fx", {"armv8.2a"}},
    {"cortex_a72", {"aarch64"}},
    {"neoverse_n1", {"cortex_a72", "armv8.2a"}},
    {"neoverse_v1", {"neoverse_n1", "armv8.4a"}},
    {"neoverse_v2", {"neoverse_n1", "armv9.0a"}},
    {"neoverse_n2", {"neoverse_n1", "armv9.0a"}},
    {"m1", {"armv8.4a"}},
    {"m2", {"m1", "armv8.5a"}},
};
constexpr std::size_t kCount = sizeof(kTable) / sizeof(kTable[0]);
using Set = std::bitset<64>;
static_assert(kCount <= 64, "the ancestor sets are 64-bit");

// Indexes and transitive ancestor sets, built once (the table lists
// parents before children).
struct Lineage {
  std::unordered_map<std::string_view, std::size_t> index;
  std::vector<Set> ancestors;
  std::vector<std::size_t> root;
  std::vector<std::string> names;

  Lineage() : ancestors(kCount), root(kCount) {
    for (std::size_t i = 0; i < kCount; ++i) {
      index.emplace(kTable[i].name, i);
      names.emplace_back(kTable[i].name);
      root[i] = i;
      for (const char* p : kTable[i].parents) {
        if (p == nullptr) continue;
        std::size_t j = index.at(p);
        ancestors[i].set(j);
        ancestors[i] |= ancestors[j];
        root[i] = root[j];
      }
    }
  }
  static const Lineage& get() {
    static const Lineage lineage;
    return lineage;
  }
  int find(std::string_view name) const {
    auto it = index.find(name);
    return it == index.end() ? -1 : static_cast<int>(it->second);
  }
};

}  // namespace

bool known(std::string_view name) { return Lineage::get().find(name) >= 0; }

std::string family(std::string_view name) {
  const Lineage& l = Lineage::get();
  int i = l.find(name);
  return i < 0 ? std::string(name) : l.names[l.root[static_cast<std::size_t>(i)]];
}

bool lt(std::string_view a, std::string_view b) {
  const Lineage& l = Lineage::get();
  int ia = l.find(a), ib = l.find(b);
  if (ia < 0 || ib < 0) return false;
  return l.ancestors[static_cast<std::size_t>(ib)].test(static_cast<std::size_t>(ia));
}

const std::vector<std::string>& all() { return Lineage::get().names; }

std::vector<std::string> ancestors(std::string_view name) {
  const Lineage& l = Lineage::get();
  std::vector<std::string> out;
  int i = l.find(name);
  if (i < 0) return out;
  for (std::size_t j = 0; j < kCount; ++j)
    if (l.ancestors[static_cast<std::size_t>(i)].test(j)) out.push_back(l.names[j]);
  return out;
}

}  // namespace ciprov::core::microarch
