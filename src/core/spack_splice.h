// Spack's splice over stored DAGs, as plain graph rewriting (no database).
//
// splice(target, replacement, transitive) returns a new DAG in which the
// target's dependencies named like the replacement are the replacement:
//   * transitive: the replacement and every node of its link/run closure
//     replace the target's nodes of the same names;
//   * intransitive: only the replacement root replaces; its own link/run
//     dependencies whose names the target has are re-pointed to the
//     target's nodes, so the replacement root itself becomes a new node.
// Each node whose dependencies changed becomes a new node: build-only (and
// test-only) edges are dropped, since a spliced node is never built, and its
// build_spec names what was really built (the original's build_spec when it
// already had one). Spack recomputes the dag hash of such a node from its
// content, build_spec included; ciprov cannot reproduce Spack's byte-exact
// hash, so the new hash is content_hash() over the build spec's hash and
// the new edges (deterministic: splicing again gives the same hashes) with
// its last 7 characters those of the build spec's hash, as the issue asks.
#pragma once

#include <vector>

#include "core/spack_model.h"

namespace ciprov::core::spack {

// Nodes of the result, root first: the new nodes, then every node of the
// target and replacement DAGs (the build specs). Throws core::Error 22023
// when the target has no dependency of the replacement's name, or is itself
// of that name.
std::vector<Node> splice(const Dag& target, const Dag& replacement, bool transitive);

}  // namespace ciprov::core::spack
