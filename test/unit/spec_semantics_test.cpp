// satisfies / intersects / constrain, including the variant and target
// building blocks.
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/spec.h"
#include "core/spec_arch.h"
#include "core/spec_microarch.h"

using namespace ciprov::core;

namespace {
bool sat(const char* a, const char* b) { return satisfies(parse_spec(a), parse_spec(b)); }
bool inter(const char* a, const char* b) { return intersects(parse_spec(a), parse_spec(b)); }
std::string con(const char* a, const char* b) { return to_string(constrain(parse_spec(a), parse_spec(b))); }
}  // namespace

TEST(SpecSemantics, NamesVersionsVariants) {
  EXPECT_TRUE(sat("libelf@0.8.13", "libelf@0:1"));
  EXPECT_FALSE(sat("libelf@0:1", "libelf@0.8.13"));
  EXPECT_TRUE(sat("libelf@0.8.13", "@0:1"));
  EXPECT_FALSE(sat("+mpi", "hdf5"));
  EXPECT_TRUE(sat("builtin.hdf5", "hdf5"));
  EXPECT_FALSE(sat("hdf5", "builtin.hdf5"));
  EXPECT_FALSE(sat("libelf", "libelf+debug"));
  EXPECT_TRUE(sat("libelf+debug", "libelf debug=*"));
  EXPECT_FALSE(sat("libelf foo=bar", "libelf foo=bar,baz"));
  EXPECT_TRUE(sat("libelf foo=bar,baz", "libelf foo=bar"));
  EXPECT_TRUE(inter("libelf foo=bar", "libelf foo=baz"));  // abstract: at least
  EXPECT_FALSE(inter("libelf foo:=bar", "libelf foo=baz"));  // concrete: exactly
  EXPECT_FALSE(inter("libelf+foo", "libelf foo=bar"));
  EXPECT_TRUE(sat("mpileaks+shared", "mpileaks++shared"));
  EXPECT_FALSE(sat("mpileaks++shared", "mpileaks+shared"));
  EXPECT_FALSE(sat("mpileaks++shared ^zlib~shared", "mpileaks++shared"));
  EXPECT_TRUE(sat("libelf cflags=\"-O3 -g\"", "libelf cflags=-g"));
  EXPECT_TRUE(inter("libelf cflags=-O3", "libelf cflags=-g"));
}

TEST(SpecSemantics, Dependencies) {
  EXPECT_TRUE(sat("mpileaks ^mpich@3", "mpileaks ^mpich@3:"));
  EXPECT_FALSE(sat("mpileaks", "mpileaks ^zlib"));
  EXPECT_TRUE(inter("mpileaks ^zlib@1", "mpileaks ^zlib@2"));  // two nodes may exist
  EXPECT_FALSE(inter("mpileaks %zlib@1", "mpileaks %zlib@2"));  // one direct dep per name
  EXPECT_TRUE(sat("mpileaks %gcc", "mpileaks ^gcc"));
  EXPECT_FALSE(sat("mpileaks ^gcc", "mpileaks %gcc"));
  EXPECT_TRUE(sat("hdf5 %c=gcc", "hdf5 %gcc"));
  EXPECT_FALSE(sat("hdf5 %gcc", "hdf5 %c=gcc"));
  EXPECT_TRUE(sat("hdf5 %c=gcc", "hdf5 %c"));
  EXPECT_TRUE(sat("mpileaks ^mpi=mpich", "mpileaks ^mpi"));
  EXPECT_FALSE(sat("mpileaks ^mpi=mpich", "mpileaks ^mpi@3"));  // needs the repository
  EXPECT_TRUE(sat("mpileaks ^[deptypes=build,link] zlib", "mpileaks ^[deptypes=link] zlib"));
  EXPECT_FALSE(sat("mpileaks ^[deptypes=build] zlib", "mpileaks ^[deptypes=link] zlib"));
  EXPECT_TRUE(sat("mpileaks ^[deptypes=link] callpath ^[deptypes=link] dyninst", "mpileaks ^dyninst"));
}

TEST(SpecSemantics, ConstrainMergesAndNamesConflicts) {
  EXPECT_EQ(con("hdf5@1.10:", "hdf5+mpi ^zlib@1.2"), "hdf5@1.10:+mpi ^zlib@1.2");
  EXPECT_EQ(con("+mpi", "hdf5@1.12 %gcc"), "hdf5@1.12+mpi %gcc");
  EXPECT_EQ(con("hdf5 foo=*", "hdf5 foo=bar"), "hdf5 foo=bar");
  EXPECT_EQ(con("hdf5 foo=*", "hdf5+foo"), "hdf5+foo");
  EXPECT_EQ(con("hdf5 %gcc", "hdf5 %%gcc@12"), "hdf5 %%gcc@12");
  EXPECT_EQ(con("hdf5 target=haswell:", "hdf5 target=:icelake"), "hdf5 target=haswell:icelake");
  try {
    constrain(parse_spec("hdf5@1.2"), parse_spec("hdf5@1.4"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.sqlstate(), "22023");
    EXPECT_EQ(e.detail(), "Conflicting versions of hdf5: @1.2 and @1.4.");
  }
  try {
    constrain(parse_spec("hdf5+mpi"), parse_spec("hdf5~mpi"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.detail(), "Conflicting variant \"mpi\" of hdf5: +mpi and ~mpi.");
  }
}

TEST(SpecSemantics, ConstrainIsTheIntersection) {
  const char* specs[] = {"hdf5", "hdf5@1.12:", "hdf5+mpi", "hdf5 foo=a", "hdf5 foo:=a,b",
                         "hdf5 target=haswell:", "hdf5 ^zlib", "hdf5 %gcc@12", "+mpi cflags=-g",
                         "hdf5 platform=*", "hdf5 ^mpi=mpich"};
  for (const char* a : specs)
    for (const char* b : specs) {
      Spec x = parse_spec(a), y = parse_spec(b);
      if (!intersects(x, y)) continue;
      Spec c = constrain(x, y);
      EXPECT_TRUE(satisfies(c, x)) << a << " & " << b << " = " << to_string(c);
      EXPECT_TRUE(satisfies(c, y)) << a << " & " << b << " = " << to_string(c);
      EXPECT_EQ(to_string(parse_spec(to_string(c))), to_string(c));
    }
}

TEST(Microarch, Lineage) {
  EXPECT_TRUE(microarch::lt("x86_64", "haswell"));
  EXPECT_TRUE(microarch::lt("x86_64_v3", "zen3"));
  EXPECT_FALSE(microarch::lt("haswell", "zen3"));
  EXPECT_TRUE(microarch::lt("cascadelake", "icelake"));
  EXPECT_TRUE(microarch::lt("cannonlake", "icelake"));
  EXPECT_TRUE(microarch::lt("armv8.2a", "neoverse_v1"));
  EXPECT_TRUE(microarch::lt("power8le", "power10le"));
  EXPECT_EQ(microarch::family("neoverse_v2"), "aarch64");
  EXPECT_EQ(microarch::family("power9le"), "ppc64le");
  EXPECT_EQ(microarch::family("mytarget"), "mytarget");
  EXPECT_FALSE(microarch::le("mytarget", "x86_64"));
}

TEST(Arch, TargetRanges) {
  EXPECT_EQ(arch::canonical_target("x86_64:icelake"), ":icelake");
  EXPECT_EQ(arch::canonical_target(":x86_64"), "x86_64");
  EXPECT_EQ(arch::canonical_target("nocona:nehalem,nehalem:haswell"), "nocona:haswell");
  EXPECT_EQ(arch::canonical_target("haswell:,skylake:"), "haswell:");
  EXPECT_EQ(arch::canonical_target("*"), ":");
  EXPECT_TRUE(arch::target_range_contains("haswell:", "skylake"));
  EXPECT_FALSE(arch::target_range_contains("haswell:", "ivybridge"));
  EXPECT_TRUE(arch::target_range_contains(":skylake", "haswell"));
  EXPECT_EQ(arch::target_intersection("haswell:skylake", "broadwell:icelake"),
            std::vector<std::string>{"broadwell:skylake"});
  EXPECT_TRUE(arch::target_intersection("aarch64", "x86_64:").empty());
}
