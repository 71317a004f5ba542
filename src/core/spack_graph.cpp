#include "core/spack_graph.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "core/interrupt.h"
#include "core/spack_model.h"

namespace ciprov::core::spack {

namespace {

// Visited nodes -> index in Traversal::visits: a hash map for arbitrary ids,
// an array when the source's ids are dense.
class Seen {
 public:
  explicit Seen(std::size_t dense) : dense_(dense, kNone) {}
  // The index of `node` in visits, inserting `index` when new.
  std::pair<std::size_t, bool> emplace(std::int64_t node, std::size_t index) {
    if (!dense_.empty()) {
      std::size_t& slot = dense_.at(static_cast<std::size_t>(node));
      if (slot != kNone) return {slot, false};
      slot = index;
      return {index, true};
    }
    auto [it, inserted] = sparse_.emplace(node, index);
    return {it->second, inserted};
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> dense_;
  std::unordered_map<std::int64_t, std::size_t> sparse_;
};

}  // namespace

EdgeTable::EdgeTable(std::vector<GraphEdge> edges) {
  if (edges.empty()) return;
  auto [low, high] =
      std::minmax_element(edges.begin(), edges.end(),
                          [](const GraphEdge& a, const GraphEdge& b) { return a.from < b.from; });
  low_ = low->from;
  const auto span = static_cast<std::uint64_t>(high->from) - static_cast<std::uint64_t>(low_);
  if (span > kMaxSpanPerEdge * static_cast<std::uint64_t>(edges.size()) + 1024) {
    edges_ = std::move(edges);
    std::sort(edges_.begin(), edges_.end(),
              [](const GraphEdge& a, const GraphEdge& b) { return a.from < b.from; });
    return;
  }
  first_.assign(static_cast<std::size_t>(span) + 2, 0);
  for (const GraphEdge& e : edges) ++first_[static_cast<std::size_t>(e.from - low_) + 1];
  for (std::size_t i = 1; i < first_.size(); ++i) first_[i] += first_[i - 1];
  // Each group's start is its cursor while placing; once placed, a start
  // has moved to the next group's, and the starts are shifted back by one.
  edges_.resize(edges.size());
  for (const GraphEdge& e : edges) edges_[first_[static_cast<std::size_t>(e.from - low_)]++] = e;
  for (std::size_t i = first_.size() - 1; i > 0; --i) first_[i] = first_[i - 1];
  first_[0] = 0;
}

void EdgeTable::expand(const std::vector<std::int64_t>& frontier, std::vector<GraphEdge>& out) {
  for (std::int64_t node : frontier) {
    if (!first_.empty()) {
      const std::uint64_t offset =
          static_cast<std::uint64_t>(node) - static_cast<std::uint64_t>(low_);
      if (node < low_ || offset + 1 >= first_.size()) continue;
      const auto at = static_cast<std::size_t>(offset);
      out.insert(out.end(), edges_.begin() + static_cast<std::ptrdiff_t>(first_[at]),
                 edges_.begin() + static_cast<std::ptrdiff_t>(first_[at + 1]));
      continue;
    }
    auto it = std::lower_bound(edges_.begin(), edges_.end(), node,
                               [](const GraphEdge& e, std::int64_t from) { return e.from < from; });
    for (; it != edges_.end() && it->from == node; ++it) out.push_back(*it);
  }
}

Traversal traverse(std::int64_t root, std::uint8_t deptype_filter, int max_depth,
                   EdgeSource& source) {
  Traversal out;
  Seen seen(source.dense_size());
  seen.emplace(root, 0);
  out.visits.push_back(Visit{root, 0, 0});
  std::vector<std::int64_t> frontier{root};
  std::vector<GraphEdge> edges;
  InterruptTicker ticker(1024);
  for (int depth = 1; !frontier.empty() && (max_depth < 0 || depth <= max_depth); ++depth) {
    poll_interrupts();
    edges.clear();
    source.expand(frontier, edges);
    std::vector<std::int64_t> next;
    for (const GraphEdge& e : edges) {
      ticker.tick();
      if ((e.deptypes & deptype_filter) == 0) continue;
      auto [index, inserted] = seen.emplace(e.to, out.visits.size());
      if (inserted) {
        out.visits.push_back(Visit{e.to, depth, e.deptypes});
        next.push_back(e.to);
      } else if (out.visits[index].depth == depth) {
        out.visits[index].deptypes |= e.deptypes;  // another edge at the same depth
      }
      out.edges.push_back(e);
    }
    frontier = std::move(next);
  }
  return out;
}

namespace {
std::string dot_color(std::uint8_t mask) {
  std::string out;
  auto add = [&](const char* c) {
    if (!out.empty()) out += ':';
    out += c;
  };
  if (mask & kBuild) add("dodgerblue");
  if (mask & kLink) add("crimson");
  if (mask & kRun) add("goldenrod");
  if (mask & kTest) add("gray");
  return out;
}
}  // namespace

std::string write_dot(std::vector<DotNode> nodes, std::vector<GraphEdge> edges) {
  std::unordered_map<std::int64_t, const DotNode*> by_id;
  std::sort(nodes.begin(), nodes.end(),
            [](const DotNode& a, const DotNode& b) { return a.hash < b.hash; });
  for (const DotNode& n : nodes) by_id.emplace(n.id, &n);
  std::string out =
      "digraph G {\n"
      "  labelloc = \"b\"\n"
      "  rankdir = \"TB\"\n"
      "  ranksep = \"1\"\n"
      "  edge[\n"
      "     penwidth=2\n"
      "  ]\n"
      "  node[\n"
      "     fontname=Monaco,\n"
      "     penwidth=4,\n"
      "     fontsize=24,\n"
      "     margin=.4,\n"
      "     shape=box,\n"
      "     fillcolor=lightblue,\n"
      "     style=\"rounded,filled\"\n"
      "  ]\n\n";
  for (const DotNode& n : nodes)
    out += "  \"" + n.hash + "\" [label=\"" + n.name + "@" + n.version + "/" + n.hash.substr(0, 7) +
           "\"]\n";
  std::vector<std::tuple<std::string, std::string, std::uint8_t>> lines;
  for (const GraphEdge& e : edges) {
    auto f = by_id.find(e.from), t = by_id.find(e.to);
    if (f == by_id.end() || t == by_id.end()) continue;
    lines.emplace_back(f->second->hash, t->second->hash, e.deptypes);
  }
  std::sort(lines.begin(), lines.end());
  lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
  out += "\n";
  for (auto& [p, c, m] : lines)
    out += "  \"" + p + "\" -> \"" + c + "\" [color=\"" + dot_color(m) + "\"]\n";
  out += "}\n";
  return out;
}

}  // namespace ciprov::core::spack
