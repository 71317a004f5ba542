// The one breadth-first traversal behind spack_dependencies,
// spack_dependents, spack_dot and spack_json, and the Graphviz writer.
//
// The traversal does not know where edges live: an EdgeSource returns the
// edges leaving a whole frontier at once (one indexed query per level in
// PostgreSQL, a map in the unit tests).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ciprov::core::spack {

struct GraphEdge {
  std::int64_t from;  // the frontier node
  std::int64_t to;    // its neighbour (child for dependencies, parent for dependents)
  std::uint8_t deptypes;
};

class EdgeSource {
 public:
  virtual ~EdgeSource() = default;
  // Appends to `out` every edge leaving a node of `frontier`.
  virtual void expand(const std::vector<std::int64_t>& frontier, std::vector<GraphEdge>& out) = 0;
  // N > 0 when every node id is in [0, N) (a stored DAG's local indexes):
  // the traversal then marks visited nodes in an array instead of a hash map.
  virtual std::size_t dense_size() const { return 0; }
};

// Every edge of a graph held in memory, grouped by `from`. A traversal of
// PostgreSQL's store switches to it once it has reached enough of the store
// that one read of the whole edge table costs less than one more indexed
// query per level (the dependents of a node most of the store depends on).
class EdgeTable : public EdgeSource {
 public:
  explicit EdgeTable(std::vector<GraphEdge> edges);
  void expand(const std::vector<std::int64_t>& frontier, std::vector<GraphEdge>& out) override;
  std::size_t size() const { return edges_.size(); }

  // At most this many bytes per edge while building, whichever layout:
  // the edges as given, their grouped copy, and the group starts (one per
  // id in the span, at most kMaxSpanPerEdge per edge, plus 1,024).
  static constexpr std::size_t kMaxSpanPerEdge = 2;
  static constexpr std::size_t kBuildBytesPerEdge =
      2 * sizeof(GraphEdge) + kMaxSpanPerEdge * sizeof(std::size_t);

 private:
  // Grouped by `from`. Stored ids are an identity sequence, so the groups
  // are placed by counting (first_[from - low_] .. first_[from - low_ + 1])
  // when the ids span at most kMaxSpanPerEdge times the edges: sorting them was the
  // largest part of a traversal. Otherwise sorted, and found by search.
  std::vector<GraphEdge> edges_;
  std::vector<std::size_t> first_;  // empty: sorted instead
  std::int64_t low_ = 0;
};

struct Visit {
  std::int64_t node;
  int depth;
  std::uint8_t deptypes;  // union over the edges reaching the node at `depth`
};

struct Traversal {
  std::vector<Visit> visits;     // root first, then by depth, each node once
  std::vector<GraphEdge> edges;  // edges followed (filter passed), both ends visited
};

// Breadth-first from `root`, following edges whose types intersect
// `deptype_filter`, to at most `max_depth` (negative: unlimited). Each node
// appears once, at its smallest depth. Polls interrupts.
Traversal traverse(std::int64_t root, std::uint8_t deptype_filter, int max_depth,
                   EdgeSource& source);

struct DotNode {
  std::int64_t id;
  std::string hash, name, version;
};

// Graphviz text in the style of `spack graph --dot`: one box per node
// labelled name@version/hash7, edges coloured by dependency type (build
// dodgerblue, link crimson, run goldenrod, test gray). Edges are parent ->
// child. Output is sorted, so it is stable.
std::string write_dot(std::vector<DotNode> nodes, std::vector<GraphEdge> edges);

}  // namespace ciprov::core::spack
