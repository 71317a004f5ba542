#include "core/spack_find.h"

#include <gtest/gtest.h>

#include <set>

#include "core/error.h"

using namespace ciprov::core;
using namespace ciprov::core::spack;

namespace {

SpecNode node(const std::string& name, const std::string& version,
              const std::string& variants = "{}", const std::string& flags = "{}") {
  StoredNode s;
  s.name = name;
  s.version = version;
  s.platform = "linux";
  s.os = "debian12";
  s.target = "x86_64_v3";
  s.variants_json = variants;
  s.flags_json = flags;
  return concrete_node(s);
}

TEST(SpackFind, ConcreteNodeSatisfiesItsConstraints) {
  SpecNode z = node("zlib", "1.2.13", R"({"pic":true,"libs":["shared","static"],"v":"x"})",
                    R"({"cflags":["-O2","-g"]})");
  EXPECT_EQ(node_to_string(z),
            "zlib@=1.2.13 cflags='-O2 -g' +pic libs:=shared,static v:=x platform=linux os=debian12 "
            "target=x86_64_v3");
  EXPECT_TRUE(node_satisfies(z, parse_spec("zlib@1.2 +pic libs=static cflags=-g")));
  EXPECT_TRUE(node_satisfies(z, parse_spec("zlib target=x86_64: os=debian12")));
  EXPECT_FALSE(node_satisfies(z, parse_spec("zlib~pic")));
  EXPECT_FALSE(node_satisfies(z, parse_spec("zlib@1.3")));
  EXPECT_FALSE(node_satisfies(z, parse_spec("zlib libs=debug")));
  EXPECT_FALSE(node_satisfies(z, parse_spec("zlib cflags=-O3")));
  // dependencies on either side are ignored at node level
  EXPECT_TRUE(node_satisfies(z, parse_spec("zlib ^nothing")));
}

TEST(SpackFind, BadStoredFields) {
  StoredNode s;
  s.name = "x";
  s.version = "1";
  s.variants_json = "[]";
  EXPECT_THROW(concrete_node(s), Error);
  s.variants_json = R"({"a":{"b":1}})";
  EXPECT_THROW(concrete_node(s), Error);
  s.variants_json = "{}";
  s.flags_json = R"({"cflags":"-O2"})";
  EXPECT_THROW(concrete_node(s), Error);
}

TEST(SpackFind, ConcreteSpecShapeReadsBack) {
  // 1 app -> 2 lib [build,link] -> 4 zlib [link]; 1 -> 3 cmake [build] -> 4 [build,link]
  std::map<std::int64_t, SpecNode> nodes{
      {1, node("app", "1")}, {2, node("lib", "2")}, {3, node("cmake", "3")}, {4, node("zlib", "1.3")}};
  std::map<std::int64_t, std::vector<StoredEdge>> edges{
      {1, {{2, deptype::kBuild | deptype::kLink, {}}, {3, deptype::kBuild, {}}}},
      {2, {{4, deptype::kLink, {"z"}}}},
      {3, {{4, deptype::kBuild | deptype::kLink, {}}}}};
  Spec s = concrete_spec(1, nodes, edges);
  std::string text = to_string(s);
  EXPECT_EQ(to_string(parse_spec(text)), text);
  EXPECT_TRUE(satisfies(s, parse_spec("app %[deptypes=build] cmake ^zlib@1.3")));
  EXPECT_TRUE(satisfies(s, parse_spec("app ^lib %z=zlib")));
  EXPECT_FALSE(satisfies(s, parse_spec("app %zlib")));
}

TEST(SpackFind, PlanSplitsConstraints) {
  FindPlan p = plan_find(parse_spec("hdf5@1.12: +mpi %zlib ^openmpi@4.1"));
  EXPECT_EQ(p.root.name, "hdf5");
  EXPECT_TRUE(p.root.deps.empty());
  ASSERT_EQ(p.constraints.size(), 2u);
  std::set<std::string> names{p.constraints[0].node.name, p.constraints[1].node.name};
  EXPECT_EQ(names, (std::set<std::string>{"openmpi", "zlib"}));
  for (const auto& c : p.constraints) EXPECT_EQ(c.direct, c.node.name == "zlib");
  EXPECT_THROW(plan_find(parse_spec("hdf5 ^+mpi")), Error);
  FindPlan nested = plan_find(parse_spec("hdf5 ^openmpi %hwloc@2"));
  ASSERT_EQ(nested.constraints.size(), 1u);
  EXPECT_TRUE(nested.constraints[0].edge.spec.deps.empty());
  ASSERT_EQ(nested.constraints[0].nested.size(), 1u);
  SpecNode o = node("openmpi", "4.1");
  EXPECT_FALSE(nested_satisfied(o, nested.constraints[0]));
  SpecEdge leaf;
  leaf.spec = node("hwloc", "2.9");
  leaf.direct = true;
  leaf.depflag = deptype::kLink;
  o.deps.push_back(leaf);
  EXPECT_TRUE(nested_satisfied(o, nested.constraints[0]));
}

TEST(SpackFind, EdgeAttributes) {
  FindPlan p = plan_find(parse_spec("app %[deptypes=build virtuals=mpi] openmpi"));
  SpecNode o = node("openmpi", "4.1");
  EXPECT_TRUE(edge_satisfies(o, deptype::kBuild | deptype::kLink, {"mpi"}, true, p.constraints[0]));
  EXPECT_FALSE(edge_satisfies(o, deptype::kLink, {"mpi"}, true, p.constraints[0]));
  EXPECT_FALSE(edge_satisfies(o, deptype::kBuild, {}, true, p.constraints[0]));
  EXPECT_FALSE(edge_satisfies(o, deptype::kBuild, {"mpi"}, false, p.constraints[0]));
}

}  // namespace
