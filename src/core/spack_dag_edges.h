// The edge list of a node's whole DAG, stored with the node (computed once
// at insert: a concrete node never changes), so a dependencies traversal
// reads one row instead of one index range per node.
//
// Layout: a format byte (1), then per edge parent and child ids as 64-bit
// little-endian integers and the deptype mask byte, sorted by (parent, child).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/spack_graph.h"

namespace ciprov::core::spack {

std::string encode_dag_edges(std::vector<GraphEdge> edges);       // sorts and dedupes
std::vector<GraphEdge> decode_dag_edges(std::string_view bytes);  // throws 22P03 if malformed

}  // namespace ciprov::core::spack
