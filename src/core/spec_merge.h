// Internal to the spec code: merging constraints into a spec tree, shared
// by the parser (repeated dependencies merge as Spack merges them) and by
// constrain().
#pragma once

#include <stdexcept>
#include <string>

#include "core/spec.h"

namespace ciprov::core::detail {

// Two constraints that no spec satisfies together. `field` names what
// conflicts ("versions", "variant debug", "target", ...); what() describes
// both sides.
class SpecConflict : public std::runtime_error {
 public:
  SpecConflict(std::string field, const std::string& what)
      : std::runtime_error(what), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

// Adds `other`'s constraints to `self` (Spack's Spec._constrain without a
// repository). Throws SpecConflict; `self` may be partly changed then.
void constrain_into(SpecNode& self, const SpecNode& other);

// Adds an edge to `parent`: a direct dependency already present under the
// same name is constrained instead, an edge that adds nothing is dropped and
// edges the new one makes redundant are removed. Throws SpecConflict.
void add_or_merge_edge(SpecNode& parent, SpecEdge candidate);

// Regroups the flags of each kind the way their printed text reads back:
// consecutive flags with the same propagation print as one value, and a
// word that does not start with '-' belongs to the flag before it.
void normalize_flags(SpecNode& node);

// Whether `@<versions>` reads back as the same constraint. Some merges of
// git versions with ranges (`git.x=1:1`) have no spec syntax.
bool versions_printable(const VersionRange& versions);

}  // namespace ciprov::core::detail
