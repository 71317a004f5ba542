#include "core/spack_splice.h"

#include <gtest/gtest.h>

#include <map>

#include "core/error.h"

using namespace ciprov::core;
using namespace ciprov::core::spack;

namespace {

Node node(const std::string& hash, const std::string& name,
          std::vector<std::pair<std::string, std::uint8_t>> deps = {}) {
  Node n;
  n.hash = hash;
  n.name = name;
  n.version = "1";
  n.original_json = R"({"name":")" + name + R"(","version":"1"})";
  for (auto& [child, types] : deps) n.edges.push_back(Edge{child, child.substr(0, child.find('-')), types, {}});
  return n;
}

// app -> lib [build,link] -> zlib-a [link]; lib -> tool [build]; app -> tool [build]
Dag target() {
  Dag d;
  d.root_hash = "app";
  d.nodes = {node("zlib-a", "zlib"), node("tool", "tool"),
             node("lib", "lib", {{"zlib-a", kLink}, {"tool", kBuild}}),
             node("app", "app", {{"lib", kBuild | kLink}, {"tool", kBuild}})};
  return d;
}

std::map<std::string, const Node*> by_name(const std::vector<Node>& nodes) {
  std::map<std::string, const Node*> out;
  for (const Node& n : nodes) out.emplace(n.name + (n.build_spec_hash ? "'" : ""), &n);
  return out;
}

TEST(SpackSplice, TransitiveReplacesAndRecordsBuildSpecs) {
  Dag r;
  r.root_hash = "zlib-b";
  r.nodes = {node("zlib-b", "zlib")};
  std::vector<Node> out = splice(target(), r, true);
  ASSERT_FALSE(out.empty());
  const Node& root = out.front();
  EXPECT_EQ(root.name, "app");
  EXPECT_EQ(root.build_spec_hash.value_or(""), "app");
  EXPECT_EQ(root.hash.size(), 32u);
  // ends like the hash of what was built (up to 7 characters of it)
  EXPECT_EQ(root.hash.substr(29), "app");
  ASSERT_EQ(root.edges.size(), 1u);  // the build-only tool edge is dropped
  EXPECT_EQ(root.edges[0].deptypes, kLink);
  auto m = by_name(out);
  ASSERT_TRUE(m.count("lib'"));
  const Node& lib = *m.at("lib'");
  EXPECT_EQ(lib.build_spec_hash.value_or(""), "lib");
  EXPECT_EQ(lib.hash.substr(29), "lib");
  ASSERT_EQ(lib.edges.size(), 1u);
  EXPECT_EQ(lib.edges[0].child_hash, "zlib-b");
  EXPECT_EQ(root.edges[0].child_hash, lib.hash);
  // deterministic
  EXPECT_EQ(splice(target(), r, true).front().hash, root.hash);
}

TEST(SpackSplice, IntransitiveRepointsTheReplacement) {
  Dag r;
  r.root_hash = "lib-2";
  r.nodes = {node("zlib-b", "zlib"), node("lib-2", "lib", {{"zlib-b", kLink}})};
  std::vector<Node> t = splice(target(), r, true), i = splice(target(), r, false);
  auto transitive = by_name(t);
  EXPECT_EQ(transitive.at("app'")->edges[0].child_hash, "lib-2");
  auto intransitive = by_name(i);
  const Node& lib = *intransitive.at("lib'");
  EXPECT_EQ(lib.build_spec_hash.value_or(""), "lib-2");
  EXPECT_EQ(lib.hash.substr(27), "lib-2");  // 5 characters: all of them
  EXPECT_EQ(lib.edges[0].child_hash, "zlib-a");
  EXPECT_EQ(intransitive.at("app'")->edges[0].child_hash, lib.hash);
}

TEST(SpackSplice, Errors) {
  Dag r;
  r.root_hash = "x";
  r.nodes = {node("x", "other")};
  EXPECT_THROW(splice(target(), r, true), Error);
  r.root_hash = "app2";
  r.nodes = {node("app2", "app")};
  EXPECT_THROW(splice(target(), r, true), Error);
}

}  // namespace
