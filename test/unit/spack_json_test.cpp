#include "core/spack_json.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.h"

using namespace ciprov::core;
using namespace ciprov::core::spack;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
std::string example(const std::string& name) {
  return read_file(std::string(CIPROV_SOURCE_DIR) + "/examples/spack/" + name);
}
std::string shared(const std::string& name) {
  return read_file(std::string(CIPROV_SOURCE_DIR) + "/../shared/data/spack/" + name);
}

const Node* find(const Dag& d, const std::string& name) {
  for (const Node& n : d.nodes)
    if (n.name == name) return &n;
  return nullptr;
}

// The message of the 22023 error raised for `doc`.
std::string error_of(const std::string& doc) {
  try {
    read_spec(doc);
  } catch (const Error& e) {
    EXPECT_EQ(e.sqlstate(), "22023");
    return e.what();
  }
  return "no error";
}

void expect_children_first(const Dag& d) {
  for (std::size_t i = 0; i < d.nodes.size(); ++i)
    for (const Edge& e : d.nodes[i].edges) {
      auto pos = std::find_if(d.nodes.begin(), d.nodes.end(),
                              [&](const Node& n) { return n.hash == e.child_hash; });
      ASSERT_NE(pos, d.nodes.end());
      EXPECT_LT(pos - d.nodes.begin(), static_cast<long>(i)) << d.nodes[i].name;
    }
}

}  // namespace

TEST(SpackJson, ReadsV5Example) {
  Dag d = read_spec(example("mpileaks.v5.json"));
  EXPECT_EQ(d.format_version, 5);
  EXPECT_EQ(d.root_hash, "etbgrgagqqplxyliebbglxyzzmayywvc");
  EXPECT_EQ(d.nodes.size(), 12u);
  EXPECT_EQ(d.nodes.back().name, "mpileaks");
  expect_children_first(d);
  const Node* m = find(d, "mpileaks");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->edges.size(), 6u);
  EXPECT_EQ(m->platform, "linux");
  EXPECT_EQ(m->target, "x86_64_v3");
  EXPECT_EQ(m->variants_json, R"({"opt":true,"shared":true})");
  const Node* gcc = find(d, "gcc");
  ASSERT_NE(gcc, nullptr);
  EXPECT_TRUE(gcc->external_json.has_value());
  auto mpich = std::find_if(m->edges.begin(), m->edges.end(),
                            [](const Edge& e) { return e.child_name == "mpich"; });
  ASSERT_NE(mpich, m->edges.end());
  EXPECT_EQ(mpich->deptypes, kBuild | kLink);
  EXPECT_EQ(mpich->virtuals, std::vector<std::string>{"mpi"});
}

TEST(SpackJson, OldFormatsResolveReferencesAndAddCompilerNode) {
  const char* roots[] = {"g6ikkmlytdop7xjjk5vpd56fpxbq7smy", "j75753pww6lgzhlufx3x5ctoh34eeorh",
                         "ynkgzxiin744gyygqqypcl6vsfynrtrf", "ykqlilfpy3cidih72hc4y6swoetn2abz"};
  std::string compiler = synthesized_compiler_hash("gcc", "9.4.0", "linux", "debian12");
  for (int v = 1; v <= 4; ++v) {
    SCOPED_TRACE(v);
    Dag d = read_spec(example("libdwarf.v" + std::to_string(v) + ".json"));
    EXPECT_EQ(d.format_version, v);
    EXPECT_EQ(d.root_hash, roots[v - 1]);
    ASSERT_EQ(d.nodes.size(), 4u);  // libdwarf, libelf, zlib + the compiler
    expect_children_first(d);
    const Node* gcc = find(d, "gcc");
    ASSERT_NE(gcc, nullptr);
    EXPECT_TRUE(gcc->synthesized_compiler);
    EXPECT_EQ(gcc->hash, compiler);
    EXPECT_EQ(gcc->version, "9.4.0");
    const Node* dw = find(d, "libdwarf");
    ASSERT_NE(dw, nullptr);
    ASSERT_EQ(dw->edges.size(), 3u);
    const Node* elf = find(d, "libelf");
    bool has_elf = false, has_gcc = false;
    for (const Edge& e : dw->edges) {
      if (e.child_hash == elf->hash) {
        has_elf = true;
        EXPECT_EQ(e.deptypes, kBuild | kLink);
      }
      if (e.child_hash == compiler) {
        has_gcc = true;
        EXPECT_EQ(e.deptypes, kBuild);
        EXPECT_EQ(e.virtuals, (std::vector<std::string>{"c", "cxx", "fortran"}));
      }
    }
    EXPECT_TRUE(has_elf);
    EXPECT_TRUE(has_gcc);
  }
}

TEST(SpackJson, SharedDataRootHashes) {
  struct Case {
    const char* file;
    const char* root;
    std::size_t nodes;  // file nodes; old formats add one compiler node
  } cases[] = {
      {"hdf5.v013.json", "vglgw4reavn65vx5d4dlqn6rjywnq76d", 20},
      {"hdf5.v016.json", "stp45yvzte43xdauknaj3auxlxb4xvzs", 21},
      {"hdf5.v017.json", "xqh5iyjjtrp2jw632cchacn3l7vqzf3m", 28},
      {"hdf5.v019.json", "iulacrbz7o5v5sbj7njbkyank3juh6d3", 36},
      {"singularity-3.6.4.json", "xq2iz5sqeuzjxeduzhe7auszdbqwlgur", 52},
      {"singularity-3.8.0.json", "horgiy7swsitni32acyaplwfpbvpv4if", 55},
      {"test-debian6-m1-gcc-10.2.1-libdwarf-20130729-u5uz3dcch5if4eve4sef67o2rf2lbfgh.spec.json",
       "u5uz3dcch5if4eve4sef67o2rf2lbfgh", 5},
  };
  for (const Case& c : cases) {
    std::string text = shared(c.file);
    if (text.empty()) GTEST_SKIP() << "../shared/data/spack is absent";
    SCOPED_TRACE(c.file);
    Dag d = read_spec(text);
    EXPECT_EQ(d.root_hash, c.root);
    std::size_t extra = d.format_version < 5 ? 1 : 0;
    EXPECT_EQ(d.nodes.size(), c.nodes + extra);
    expect_children_first(d);
  }
}

TEST(SpackJson, WriterRoundTripsHashes) {
  for (const char* f : {"libdwarf.v1.json", "libdwarf.v2.json", "mpileaks.v5.json"}) {
    SCOPED_TRACE(f);
    Dag d = read_spec(example(f));
    std::vector<Node> root_first(d.nodes.rbegin(), d.nodes.rend());
    Dag back = read_spec(write_spec_v5(root_first));
    EXPECT_EQ(back.format_version, 5);
    EXPECT_EQ(back.root_hash, d.root_hash);
    ASSERT_EQ(back.nodes.size(), d.nodes.size());
    for (const Node& n : d.nodes) {
      const Node* m = nullptr;
      for (const Node& x : back.nodes)
        if (x.hash == n.hash) m = &x;
      ASSERT_NE(m, nullptr) << n.name;
      EXPECT_EQ(m->name, n.name);
      EXPECT_EQ(m->version, n.version);
      EXPECT_EQ(m->edges.size(), n.edges.size());
      EXPECT_EQ(m->variants_json, n.variants_json);
    }
  }
}

TEST(SpackJson, DatabaseRecords) {
  Database db = read_database(example("database.v7.json"));
  EXPECT_EQ(db.version, "7");
  ASSERT_EQ(db.records.size(), 3u);
  EXPECT_EQ(db.dag.nodes.size(), 4u);  // three installs and their compiler
  const InstallRecord* tools = nullptr;
  for (auto& r : db.records)
    if (r.hash == "u6rym3fuvkn3vnpkuvesasscqxd6kxo6") tools = &r;
  ASSERT_NE(tools, nullptr);
  EXPECT_EQ(tools->explicit_, true);
  EXPECT_EQ(tools->installed, false);
  EXPECT_FALSE(tools->path.has_value());
  EXPECT_EQ(tools->ref_count, 0);
  EXPECT_EQ(tools->deprecated_for, "t4up3lrgbo4nkkrfxeybauih3fjxaunc");
  std::string index = shared("buildcache-index.json");
  if (!index.empty()) {
    Database bc = read_database(index);
    EXPECT_EQ(bc.records.size(), 2u);
  }
}

TEST(SpackJson, BadInputsNameThePointer) {
  EXPECT_EQ(error_of("{"), "invalid Spack document: not valid JSON");
  EXPECT_EQ(error_of(R"({"spec": 1e99999})"),  // (valid JSON, and valid jsonb)
            "invalid Spack document: a number is out of range of a double");
  EXPECT_EQ(error_of("[]"), "invalid Spack document at \"/\": expected an object, found an array");
  EXPECT_EQ(error_of(R"({"spec": []})"), "invalid Spack document at \"/spec\": no nodes");
  EXPECT_EQ(error_of(R"({"spec": {"_meta": {"version": 5}, "nodes": []}})"),
            "invalid Spack document at \"/spec/nodes\": no nodes");
  EXPECT_EQ(error_of(R"({"spec": {"_meta": {"version": 9}, "nodes": []}})"),
            "invalid Spack document at \"/spec/_meta/version\": unsupported spec format version 9 "
            "(supported: the v1 list format and versions 2 to 5)");
  // (2^32 + 2 once passed as version 2, cast to int)
  EXPECT_EQ(error_of(R"({"spec": {"_meta": {"version": 4294967298}, "nodes": []}})"),
            "invalid Spack document at \"/spec/_meta/version\": unsupported spec format version "
            "4294967298 (supported: the v1 list format and versions 2 to 5)");
  EXPECT_EQ(error_of(R"({"spec": {"_meta": {"version": 18446744073709551614}, "nodes": []}})"),
            "invalid Spack document at \"/spec/_meta/version\": unsupported spec format version "
            "18446744073709551614 (supported: the v1 list format and versions 2 to 5)");
  EXPECT_EQ(
      error_of(R"({"spec": {"_meta": {"version": 5}, "nodes": [{"name": "a", "version": 1,
            "hash": "aaaa"}]}})"),
      "invalid Spack document at \"/spec/nodes/0/version\": expected a string, found a number");
  EXPECT_EQ(error_of(R"({"spec": {"_meta": {"version": 5}, "nodes": [{"name": "a", "version": "1",
            "hash": "aaaa", "dependencies": [{"name": "b", "hash": "bbbb",
            "parameters": {"deptypes": ["link"], "virtuals": []}}]}]}})"),
            "invalid Spack document at \"/spec/nodes/0/dependencies/0/hash\": no node has hash "
            "\"bbbb\"");
  EXPECT_EQ(error_of(R"({"spec": {"_meta": {"version": 5}, "nodes": [
            {"name": "a", "version": "1", "hash": "aaaa", "dependencies": [{"name": "b",
             "hash": "bbbb", "parameters": {"deptypes": ["link"]}}]},
            {"name": "b", "version": "1", "hash": "bbbb", "dependencies": [{"name": "a",
             "hash": "aaaa", "parameters": {"deptypes": ["run"]}}]}]}})"),
            "invalid Spack document at \"/spec/nodes/1/dependencies/0/hash\": dependency cycle "
            "through \"a\"");
  EXPECT_EQ(error_of(R"({"spec": {"_meta": {"version": 5}, "nodes": [{"name": "a", "version": "1",
            "hash": "aaaa", "dependencies": [{"name": "a", "hash": "aaaa",
            "parameters": {"deptypes": ["lnk"]}}]}]}})"),
            "invalid Spack document at \"/spec/nodes/0/dependencies/0/parameters/deptypes/0\": "
            "unknown dependency type \"lnk\" (expected build, link, run or test)");
  EXPECT_EQ(error_of(R"({"spec": {"_meta": {"version": 5}, "nodes": [{"name": "a", "version": "1",
            "hash": "aaaa", "dependencies": [{"name": "b", "hash": "bbbb",
            "parameters": {"deptypes": ["link"], "virtuals": ["mpi", "c=x"]}}]}]}})"),
            "invalid Spack document at \"/spec/nodes/0/dependencies/0/parameters/virtuals/1\": "
            "invalid virtual name \"c=x\"");
  EXPECT_EQ(error_of(R"({"spec": [{"a": {"version": "1", "hash": "AB!"}}]})"),
            "invalid Spack document at \"/spec/0/a/hash\": not a dag hash: \"AB!\"");
  EXPECT_EQ(error_of(R"({"spec": [{"a": {"version": "1", "hash": "aaaa",
            "compiler": {"name": "gcc", "version": "9.4@.0"}}}]})"),
            "invalid Spack document at \"/spec/0/a/compiler/version\": invalid version \"9.4@.0\": "
            "unexpected character \"@\" at position 4");
  EXPECT_EQ(error_of(R"({"spec": [{"a/b": {"version": "1"}}]})"),
            "invalid Spack document at \"/spec/0/a~1b\": invalid package name \"a/b\"");
  // A name, namespace or compiler the spec text could not spell back.
  EXPECT_EQ(error_of(R"({"spec": {"_meta": {"version": 5}, "nodes": [{"name": "a b", "version": "1",
            "hash": "aaaa"}]}})"),
            "invalid Spack document at \"/spec/nodes/0/name\": invalid package name \"a b\"");
  EXPECT_EQ(error_of(R"({"spec": {"_meta": {"version": 5}, "nodes": [{"name": "a", "version": "1",
            "hash": "aaaa", "namespace": "my repo"}]}})"),
            "invalid Spack document at \"/spec/nodes/0/namespace\": invalid namespace \"my repo\" "
            "(identifiers joined by dots)");
  EXPECT_EQ(error_of(R"({"spec": [{"a": {"version": "1", "hash": "aaaa",
            "compiler": {"name": "g cc", "version": "9.4.0"}}}]})"),
            "invalid Spack document at \"/spec/0/a/compiler/name\": invalid compiler name \"g cc\"");
}
