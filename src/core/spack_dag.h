// A node's whole DAG, stored in the node's row (column spack_nodes.dag),
// computed once at insert: a concrete node never changes, and every stored
// node is the root of its own DAG. It holds what a dependencies answer
// needs (each node's id, hash, name and stored ciprov.version bytes) and
// the edges as adjacency lists over local indexes, so spack_dependencies
// reads one row and looks up nothing else.
//
// Layout (integers little-endian; format byte 2):
//   u8 format, u32 node count N, u32 edge count E, u32 root (local index)
//   u32 entry_offset[N]        byte offset of each node entry
//   u32 first_edge[N + 1]      node i's edges are first_edge[i] .. first_edge[i+1]
//   u32 child[E], u8 deptypes[E]
//   entries: i64 id, u16 hash length, hash, u16 name length, name,
//            u32 version length, version (ciprov.version stored bytes)
// Nodes are sorted by (name, hash), so ascending local index within one
// depth is the output order of spack_dependencies.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/spack_graph.h"

namespace ciprov::core::spack {

struct DagNode {
  std::int64_t id;
  std::string hash, name;
  std::string version;  // serialized ciprov.version (core::Version::serialize)
};

// The decoded form, for building a new node's DAG from its children's.
struct StoredDag {
  std::int64_t root = 0;         // id
  std::vector<DagNode> nodes;    // any order; duplicates (same id) allowed
  std::vector<GraphEdge> edges;  // parent id -> child id; duplicates allowed
};

// Sorts, dedupes (nodes by id, edges by (parent, child)) and encodes.
// Throws 22023 when the root or an edge end is not among the nodes.
std::string encode_dag(StoredDag dag);
StoredDag decode_dag(std::string_view bytes);  // throws 22P03 if malformed

// A zero-copy reader over encoded bytes (which must outlive it). As an
// EdgeSource, node ids are local indexes: traverse(view.root(), ...) visits
// local indexes.
class DagView : public EdgeSource {
 public:
  explicit DagView(std::string_view bytes);  // validates; throws 22P03

  std::uint32_t size() const { return n_; }
  std::uint32_t root() const { return root_; }
  std::int64_t id(std::uint32_t i) const;
  std::string_view hash(std::uint32_t i) const;
  std::string_view name(std::uint32_t i) const;
  std::string_view version(std::uint32_t i) const;
  bool has_children(std::uint32_t i) const { return first_edge(i) != first_edge(i + 1); }

  void expand(const std::vector<std::int64_t>& frontier, std::vector<GraphEdge>& out) override;
  std::size_t dense_size() const override { return n_; }

 private:
  std::uint32_t first_edge(std::uint32_t i) const;
  const unsigned char* entry(std::uint32_t i) const;

  const unsigned char* p_;
  std::uint32_t n_ = 0, e_ = 0, root_ = 0;
  std::size_t offsets_ = 0, first_edges_ = 0, children_ = 0, masks_ = 0;
};

// The visits of a traversal over a DagView, in output order: by depth, then
// by local index (= name, hash).
void sort_by_depth_and_index(std::vector<Visit>& visits);

}  // namespace ciprov::core::spack
