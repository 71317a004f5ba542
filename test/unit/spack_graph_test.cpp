#include "core/spack_graph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/spack_model.h"

using namespace ciprov::core::spack;

namespace {

// a -> b (build,link), a -> c (build), b -> d (link), c -> d (build), d -> e (run)
class MapSource : public EdgeSource {
 public:
  std::multimap<std::int64_t, std::pair<std::int64_t, std::uint8_t>> edges{{1, {2, kBuild | kLink}},
                                                                           {1, {3, kBuild}},
                                                                           {2, {4, kLink}},
                                                                           {3, {4, kBuild}},
                                                                           {4, {5, kRun}}};
  int calls = 0;
  void expand(const std::vector<std::int64_t>& frontier, std::vector<GraphEdge>& out) override {
    ++calls;
    for (auto f : frontier)
      for (auto [it, end] = edges.equal_range(f); it != end; ++it)
        out.push_back(GraphEdge{f, it->second.first, it->second.second});
  }
};

std::map<std::int64_t, std::pair<int, int>> as_map(const Traversal& t) {
  std::map<std::int64_t, std::pair<int, int>> m;
  for (auto& v : t.visits) m[v.node] = {v.depth, v.deptypes};
  return m;
}

}  // namespace

TEST(SpackGraph, AllTypesEachNodeOnceAtSmallestDepth) {
  MapSource s;
  Traversal t = traverse(1, kAllDepTypes, -1, s);
  auto m = as_map(t);
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[1], std::make_pair(0, 0));
  EXPECT_EQ(m[2], std::make_pair(1, int(kBuild | kLink)));
  EXPECT_EQ(m[3], std::make_pair(1, int(kBuild)));
  EXPECT_EQ(m[4], std::make_pair(2, int(kLink | kBuild)));  // reached from b and c at depth 2
  EXPECT_EQ(m[5], std::make_pair(3, int(kRun)));
  EXPECT_EQ(s.calls, 4);  // one expansion per level, plus the empty last one
}

TEST(SpackGraph, FilterAndDepth) {
  MapSource s;
  auto link_run = as_map(traverse(1, kLinkRun, -1, s));
  EXPECT_EQ(link_run.size(), 4u);  // a, b, d, e: c is build-only
  EXPECT_EQ(link_run.count(3), 0u);
  auto build = as_map(traverse(1, kBuild, -1, s));
  EXPECT_EQ(build.size(), 4u);  // a, b, c, d
  auto shallow = as_map(traverse(1, kAllDepTypes, 1, s));
  EXPECT_EQ(shallow.size(), 3u);
  auto zero = as_map(traverse(1, kAllDepTypes, 0, s));
  EXPECT_EQ(zero.size(), 1u);
}

// The in-memory table answers as the per-level source does, in any input
// order, whether its ids are dense (placed by counting) or far apart
// (sorted), and a node without edges, or unknown, expands to nothing.
TEST(SpackGraph, EdgeTableTraversesAsThePerLevelSource) {
  for (std::int64_t far : {std::int64_t{0}, std::int64_t{1} << 40}) {
    MapSource per_level;
    std::multimap<std::int64_t, std::pair<std::int64_t, std::uint8_t>> moved;
    for (auto& [from, to] : per_level.edges)
      moved.emplace(from == 4 ? from + far : from,
                    std::make_pair(to.first == 4 ? 4 + far : to.first, to.second));
    per_level.edges = moved;
    std::vector<GraphEdge> all;
    for (auto& [from, to] : per_level.edges) all.push_back(GraphEdge{from, to.first, to.second});
    std::reverse(all.begin(), all.end());
    EdgeTable table(all);
    EXPECT_EQ(table.size(), 5u);
    for (std::uint8_t filter : {kAllDepTypes, kLinkRun, std::uint8_t(kBuild)})
      for (int depth : {-1, 0, 1, 2})
        EXPECT_EQ(as_map(traverse(1, filter, depth, table)),
                  as_map(traverse(1, filter, depth, per_level)))
            << int(filter) << " " << depth << " " << far;
    std::vector<GraphEdge> out;
    table.expand({5, 99, -3, 4 + far, 1}, out);
    ASSERT_EQ(out.size(), 3u) << far;  // 4 -> 5, then 1's two edges, in frontier order
    EXPECT_EQ(out[0].from, 4 + far);
    EXPECT_EQ(out[0].to, 5);
    std::set<std::pair<std::int64_t, int>> ones{{out[1].to, out[1].deptypes},
                                                {out[2].to, out[2].deptypes}};
    EXPECT_EQ(ones, (std::set<std::pair<std::int64_t, int>>{{2, kBuild | kLink}, {3, kBuild}}));
  }
  std::vector<GraphEdge> none;
  EdgeTable empty(none);
  std::vector<GraphEdge> out;
  empty.expand({1}, out);
  EXPECT_TRUE(out.empty());
}

TEST(SpackGraph, DotIsSortedAndColoured) {
  MapSource s;
  Traversal t = traverse(1, kAllDepTypes, 1, s);
  std::vector<DotNode> nodes{
      {1, "aaaaaaaaa", "a", "1.0"}, {2, "bbbbbbbbb", "b", "2"}, {3, "ccccccccc", "c", "3"}};
  std::string dot = write_dot(nodes, t.edges);
  EXPECT_NE(dot.find("  \"aaaaaaaaa\" [label=\"a@1.0/aaaaaaa\"]\n"), std::string::npos);
  EXPECT_NE(dot.find("  \"aaaaaaaaa\" -> \"bbbbbbbbb\" [color=\"dodgerblue:crimson\"]\n"),
            std::string::npos);
  EXPECT_NE(dot.find("  \"aaaaaaaaa\" -> \"ccccccccc\" [color=\"dodgerblue\"]\n"),
            std::string::npos);
  EXPECT_EQ(dot.rfind("}\n"), dot.size() - 2);
}
