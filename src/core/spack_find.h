// Concrete specs of stored Spack nodes, and the pieces of spack_find that
// need no database: a stored node's attributes as a core::SpecNode, the
// concrete spec tree of a DAG, and the split of a find query into the
// constraints the indexes can answer.
//
// Matching itself is core::satisfies (spec_semantics.cpp); this file only
// builds its left-hand side from stored rows.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/spec.h"

namespace ciprov::core::spack {

// The stored columns of one ciprov.spack_nodes row.
struct StoredNode {
  std::string name, version, namespace_;
  std::string platform, os, target;
  std::string variants_json = "{}";  // "parameters" without flags
  std::string flags_json = "{}";     // cflags ... ldlibs: arrays of strings
};

// The node as a concrete spec node without dependencies: name@=version,
// concrete variants (`key:=a,b`, booleans), flags, arch. Throws core::Error
// 22023 when a stored field cannot be read as spec syntax allows.
SpecNode concrete_node(const StoredNode& n);

struct StoredEdge {
  std::int64_t child;
  std::uint8_t deptypes;
  std::vector<std::string> virtuals;
};

// The concrete spec of `root` (nodes: every node of its DAG): the root with
// its direct dependencies as `%[deptypes=... virtuals=...] child` leaves,
// then every other node once as `^node` followed by its own direct
// dependencies as `%` leaves (a direct child of the root without
// dependencies of its own only as `%`). Spec syntax hangs a `%` from the
// last `^` node, so the text reads back to the same shape.
Spec concrete_spec(std::int64_t root, const std::map<std::int64_t, SpecNode>& nodes,
                   const std::map<std::int64_t, std::vector<StoredEdge>>& edges);

// A find query split for the indexes: the root node without dependencies,
// and one entry per dependency constraint of the root.
struct FindConstraint {
  SpecEdge edge;  // the query edge, as parsed (attributes, child node)
  bool direct;    // `%`: a direct dependency only; `^`: also the link/run closure
  SpecNode node;  // the child node without its own dependencies
  std::vector<SpecEdge> nested;  // its own `%` dependencies (leaves), if any
};
struct FindPlan {
  SpecNode root;  // without dependencies
  std::vector<FindConstraint> constraints;
};

// Throws core::Error 0A000 for what the indexes cannot serve: a dependency
// constraint without a package name, or with dependencies of its own other
// than direct (`%`) leaves.
FindPlan plan_find(const Spec& query);

// A dependency candidate, given with its direct dependencies as `%` leaves,
// satisfies the constraint's nested `%` dependencies (core::satisfies).
bool nested_satisfied(const SpecNode& candidate, const FindConstraint& c);

// The node alone (dependencies dropped) satisfies the query node alone.
bool node_satisfies(const SpecNode& concrete, const SpecNode& query);

// An edge of a concrete parent (attributes and child) satisfies a
// constraint's edge attributes and child node, by core::satisfies on a
// one-edge tree.
bool edge_satisfies(const SpecNode& child, std::uint8_t deptypes,
                    const std::vector<std::string>& virtuals, bool direct,
                    const FindConstraint& c);

}  // namespace ciprov::core::spack
