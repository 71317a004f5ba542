// A Spack spec (ciprov.spec), abstract, as Spack 1.x parses it from text.
//
// A spec is a tree of nodes: the root and, through edges, its dependencies.
// `^dep` edges hang from the root (transitive), `%dep` / `%%dep` edges hang
// from the node written just before them (direct). Every node carries the
// same attributes: name and namespace, a version constraint, variants,
// compiler flags, architecture and an abstract hash prefix.
//
// The model is plain data; the behaviour lives in separate files:
//   spec_tokenizer.* (text -> tokens), spec_parser.cpp (tokens -> Spec),
//   spec_printer.cpp (Spec -> canonical text), spec_variant.* and
//   spec_arch.* (per-attribute semantics), spec_semantics.cpp (satisfies,
//   intersects, constrain over whole trees).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/spec_variant.h"
#include "core/version_range.h"

namespace ciprov::core {

// The type name used in input error messages.
inline constexpr const char kSpecTypeName[] = "ciprov.spec";

// Dependency types, as Spack's deptypes flags (printed build,link,run,test).
namespace deptype {
inline constexpr std::uint8_t kBuild = 1;
inline constexpr std::uint8_t kLink = 2;
inline constexpr std::uint8_t kRun = 4;
inline constexpr std::uint8_t kTest = 8;
}  // namespace deptype

// One compiler flag (`-O2`, or `-I /x` kept together) and whether it was
// given with `==` (propagated to dependencies).
struct CompilerFlag {
  std::string value;
  bool propagate = false;
  bool operator==(const CompilerFlag& o) const {
    return value == o.value && propagate == o.propagate;
  }
};

// platform, os and target; an empty string means "not given". The target is
// stored canonically (see spec_arch.h): a name, a range or a list of them.
struct ArchSpec {
  std::string platform;
  std::string os;
  std::string target;
  bool present() const { return !platform.empty() || !os.empty() || !target.empty(); }
  bool operator==(const ArchSpec& o) const {
    return platform == o.platform && os == o.os && target == o.target;
  }
};

struct SpecEdge;

// `:` (any version), copied from one instance: cheaper than building it.
inline const VersionRange& any_version_range() {
  static const VersionRange any = VersionRange::any();
  return any;
}

struct SpecNode {
  std::string name;        // empty: anonymous
  std::string namespace_;  // empty: none
  VersionRange versions = any_version_range();
  std::map<std::string, VariantValue> variants;
  // flag kind (cflags, cxxflags, fflags, ldflags, ldlibs, cppflags) -> flags
  // in the order given.
  std::map<std::string, std::vector<CompilerFlag>> flags;
  ArchSpec arch;
  std::string abstract_hash;  // `/prefix`; empty: none
  std::vector<SpecEdge> deps;

  std::string fullname() const {
    return namespace_.empty() ? name : namespace_ + "." + name;
  }
  // True when nothing at all is constrained (the anonymous spec `*`).
  bool is_empty() const;
};

struct SpecEdge {
  SpecNode spec;
  std::uint8_t depflag = 0;           // deptype bits; 0 = unspecified
  std::vector<std::string> virtuals;  // sorted, unique
  bool direct = false;                // `%` (true) or `^` (false)
  bool propagate = false;             // `%%` (a preference propagated down)
};

using Spec = SpecNode;

// Parses Spack 1.x spec syntax; throws core::Error 22P02 with the 1-based
// position of the offending token.
Spec parse_spec(std::string_view text);

// Canonical text: Spack's order (name, versions, flags, boolean variants,
// key=value variants, arch, hash; then direct dependencies by name, then
// transitive ones by name, each followed by its own dependencies).
std::string to_string(const Spec& spec);
// One node without its dependencies (Spack's default node format).
std::string node_to_string(const SpecNode& node);

// Spack's semantics for abstract specs, without a package repository (so a
// virtual is only matched through the `virtuals` of an edge).
bool satisfies(const Spec& lhs, const Spec& rhs);
bool intersects(const Spec& lhs, const Spec& rhs);
// The intersection of the two; throws core::Error 22023 naming the
// conflicting field when they do not intersect.
Spec constrain(const Spec& lhs, const Spec& rhs);

// Structured form as JSON text (for spec_to_jsonb), and the variants alone.
std::string to_json(const Spec& spec);
std::string variants_to_json(const SpecNode& node);

// Deptype flag <-> names.
std::string deptypes_to_string(std::uint8_t flags);  // "build,link"

// Spack's quote_if_needed: bare when the value only has [A-Za-z0-9,/_.-],
// single quotes otherwise, double quotes when the value holds a `'`.
std::string quote_if_needed(std::string_view value);

}  // namespace ciprov::core
