#include "core/spack_dag.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/spack_model.h"

using namespace ciprov::core::spack;

namespace {

// app(10) -> zlib(20) link, app -> cmake(30) build, cmake -> zlib build+link,
// with duplicates as merging children's DAGs produces them.
StoredDag sample() {
  StoredDag d;
  d.root = 10;
  d.nodes = {{30, "hc", "cmake", "v30"}, {20, "hz", "zlib", "v20"}, {10, "ha", "app", "v10"},
             {20, "hz", "zlib", "v20"}};
  d.edges = {{30, 20, kBuild | kLink}, {10, 20, kLink}, {10, 30, kBuild}, {30, 20, kBuild | kLink}};
  return d;
}

}  // namespace

TEST(SpackDag, ViewSortsNodesByNameAndHash) {
  std::string bytes = encode_dag(sample());
  DagView v(bytes);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v.name(0), "app");
  EXPECT_EQ(v.name(1), "cmake");
  EXPECT_EQ(v.name(2), "zlib");
  EXPECT_EQ(v.root(), 0u);
  EXPECT_EQ(v.id(2), 20);
  EXPECT_EQ(v.hash(1), "hc");
  EXPECT_EQ(v.version(2), "v20");
  EXPECT_TRUE(v.has_children(0));
  EXPECT_FALSE(v.has_children(2));
}

TEST(SpackDag, RoundTripDedupes) {
  StoredDag d = decode_dag(encode_dag(sample()));
  EXPECT_EQ(d.root, 10);
  ASSERT_EQ(d.nodes.size(), 3u);
  ASSERT_EQ(d.edges.size(), 3u);
  EXPECT_EQ(d.edges[0].from, 10);
  EXPECT_EQ(d.edges[0].to, 30);  // children in local (name) order: cmake before zlib
  EXPECT_EQ(d.edges[1].to, 20);
  EXPECT_EQ(d.edges[2].from, 30);
  EXPECT_EQ(d.edges[2].deptypes, kBuild | kLink);
  EXPECT_EQ(encode_dag(d), encode_dag(sample()));
}

TEST(SpackDag, TraversalOverLocalIndexes) {
  std::string bytes = encode_dag(sample());
  DagView v(bytes);
  Traversal t = traverse(v.root(), kAllDepTypes, -1, v);
  sort_by_depth_and_index(t.visits);
  ASSERT_EQ(t.visits.size(), 3u);
  EXPECT_EQ(v.name(static_cast<std::uint32_t>(t.visits[1].node)), "cmake");
  EXPECT_EQ(t.visits[1].depth, 1);
  EXPECT_EQ(t.visits[2].depth, 1);
  EXPECT_EQ(t.visits[2].deptypes, kLink);  // only the depth-1 edge counts
  Traversal lr = traverse(v.root(), kLinkRun, -1, v);
  ASSERT_EQ(lr.visits.size(), 2u);
  EXPECT_EQ(v.name(static_cast<std::uint32_t>(lr.visits[1].node)), "zlib");
  // a non-root node's own DAG is encoded from its own row
  StoredDag cmake;
  cmake.root = 30;
  cmake.nodes = {{30, "hc", "cmake", "v30"}, {20, "hz", "zlib", "v20"}};
  cmake.edges = {{30, 20, kBuild | kLink}};
  std::string cb = encode_dag(cmake);
  DagView cv(cb);
  EXPECT_EQ(traverse(cv.root(), kAllDepTypes, 0, cv).visits.size(), 1u);
  EXPECT_EQ(traverse(cv.root(), kAllDepTypes, -1, cv).visits.size(), 2u);
}

TEST(SpackDag, Rejects) {
  StoredDag d = sample();
  d.edges.push_back({10, 99, kRun});
  EXPECT_THROW(encode_dag(d), ciprov::core::Error);  // edge to a node not in the DAG
  d = sample();
  d.root = 99;
  EXPECT_THROW(encode_dag(d), ciprov::core::Error);
  std::string good = encode_dag(sample());
  EXPECT_THROW(DagView(""), ciprov::core::Error);
  EXPECT_THROW(DagView(std::string("\x01", 1)), ciprov::core::Error);
  for (std::size_t cut = 0; cut < good.size(); ++cut)
    EXPECT_THROW(DagView(good.substr(0, cut)), ciprov::core::Error) << cut;
  std::string bad_child = good;
  bad_child[13 + 4 * 3 + 4 * 4] = 7;  // first child index out of range
  EXPECT_THROW(DagView{bad_child}, ciprov::core::Error);
  std::string bad_root = good;
  bad_root[9] = 3;
  EXPECT_THROW(DagView{bad_root}, ciprov::core::Error);
}
