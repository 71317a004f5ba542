// Parser and printer of ciprov.spec: canonical text, round trips, errors.
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/spec.h"
#include "core/spec_tokenizer.h"

using namespace ciprov::core;

namespace {

std::string canon(const std::string& s) { return to_string(parse_spec(s)); }

std::string error_detail(const std::string& s) {
  try {
    parse_spec(s);
  } catch (const Error& e) {
    EXPECT_EQ(e.sqlstate(), "22P02") << s;
    return e.detail();
  }
  ADD_FAILURE() << "no error for " << s;
  return {};
}

}  // namespace

TEST(SpecParse, CanonicalForms) {
  const std::pair<const char*, const char*> cases[] = {
      {"mvapich", "mvapich"},
      {"builtin.mpich", "builtin.mpich"},
      {"openmpi^hwloc^libunwind", "openmpi ^hwloc ^libunwind"},
      {"x ^y~f+e~d+c~b+a@4,2:3,1%intel@4,3,2,1", "x ^y@1:4+a~b+c~d+e~f %intel@1:4"},
      {"x@: ^y@:", "x ^y"},
      {"languages=go @4.2:", "@4.2: languages=go"},
      {"zlib -shared", "zlib~shared"},
      {"zlib --shared ++pic", "zlib++pic~~shared"},
      {"zlib foo=true bar=FALSE", "zlib~bar+foo"},
      {"zlib foo=b,a,b", "zlib foo=a,b"},
      {"zlib foo:=a,b", "zlib foo:=a,b"},
      {"zlib foo==bar", "zlib foo==bar"},
      {"zlib foo=*", "zlib foo='*'"},
      {"zlib foo='a b' bar=\"it's\"", "zlib bar=\"it's\" foo='a b'"},
      {"zlib cflags=-O2 cflags=-g +shared", "zlib cflags='-O2 -g' +shared"},
      {"zlib ldflags=\"-L /opt -lm\"", "zlib ldflags='-L /opt -lm'"},
      {"zlib arch=linux-ubuntu22.04-x86_64", "zlib platform=linux os=ubuntu22.04 target=x86_64"},
      {"zlib target=x86_64:icelake", "zlib target=:icelake"},
      {"zlib target=*", "zlib target=:"},
      {"x namespace=builtin", "builtin.x"},
      {"x namespace=a-b.c_d", "a-b.c_d.x"},
      {"zlib@1.2 /abc +shared", "zlib@1.2+shared /abc"},
      {"hdf5 ^[deptypes=link,build virtuals=mpi] mpich", "hdf5 ^[deptypes=build,link] mpi=mpich"},
      {"hdf5 %[virtuals=c] gcc@12", "hdf5 %c=gcc@12"},
      {"hdf5 %c,cxx=gcc", "hdf5 %c,cxx=gcc"},
      {"hdf5 %%gcc", "hdf5 %%gcc"},
      {"hdf5 %llvm %gcc", "hdf5 %gcc %clang"},
      {"hdf5 ^zlib ^zlib@1.2", "hdf5 ^zlib@1.2"},
      {"hdf5 %gcc@9 %gcc+x", "hdf5 %gcc@9+x"},
      {"hdf5 ^b %c ^a %d", "hdf5 ^a %d ^b %c"},
      {"hdf5 ^ +foo target=x86_64", "hdf5 ^*+foo target=x86_64"},
      {"hdf5 %[virtuals=c] @4.0", "hdf5 %[virtuals=c] @4.0"},
      // A nameless edge covered only once two edges of one name merge is
      // dropped whatever the order (found by fuzz_spec).
      {"x %@2.1 %y@2.1,1 %y@2:", "x %y@2.1"},
      {"x %y@2.1,1 %y@2: %@2.1", "x %y@2.1"},
      {"x %@2.1 foo==a %y@2.1,1 %y@2:", "x %y@2.1"},
      {"pkg@git.foo=1.2", "pkg@git.foo=1.2"},
      {"pkg@=1.2", "pkg@=1.2"},
      {"pkg@ 1.2 , 1.4", "pkg@1.2,1.4"},
      {"", ""},
  };
  for (const auto& [in, out] : cases) {
    EXPECT_EQ(canon(in), out) << in;
    EXPECT_EQ(canon(out), out) << "not idempotent: " << in;
  }
}

TEST(SpecParse, StructureOfEdges) {
  Spec s = parse_spec("hdf5 %gcc ^mpich %gcc@12 ^zlib");
  ASSERT_EQ(s.deps.size(), 3u);
  int direct = 0;
  for (const auto& e : s.deps) {
    if (e.direct) {
      ++direct;
      EXPECT_EQ(e.spec.name, "gcc");
      EXPECT_TRUE(e.spec.versions.is_any());
    }
    if (e.spec.name == "mpich") {
      ASSERT_EQ(e.spec.deps.size(), 1u);  // %gcc@12 hangs from mpich
      EXPECT_TRUE(e.spec.deps[0].direct);
      EXPECT_EQ(e.spec.deps[0].spec.versions.to_string(), "12");
    }
  }
  EXPECT_EQ(direct, 1);
  Spec v = parse_spec("hdf5 ^[deptypes=build virtuals=mpi,lapack] openblas");
  ASSERT_EQ(v.deps.size(), 1u);
  EXPECT_EQ(v.deps[0].depflag, deptype::kBuild);
  EXPECT_EQ(v.deps[0].virtuals, (std::vector<std::string>{"lapack", "mpi"}));
  EXPECT_EQ(parse_spec("x %clang").deps[0].spec.name, "llvm");
}

TEST(SpecParse, VariantsAndFlags) {
  Spec s = parse_spec("x +a ~~b c=1,2 d:=3 e==4 f=* cflags==-O2 cflags=-g");
  EXPECT_EQ(s.variants.at("a").type, VariantType::kBool);
  EXPECT_TRUE(s.variants.at("a").bool_value);
  EXPECT_TRUE(s.variants.at("b").propagate);
  EXPECT_FALSE(s.variants.at("c").concrete);
  EXPECT_EQ(s.variants.at("c").values, (std::vector<std::string>{"1", "2"}));
  EXPECT_TRUE(s.variants.at("d").concrete);
  EXPECT_TRUE(s.variants.at("e").propagate);
  EXPECT_TRUE(s.variants.at("f").values.empty());
  ASSERT_EQ(s.flags.at("cflags").size(), 2u);
  EXPECT_TRUE(s.flags.at("cflags")[0].propagate);
  EXPECT_FALSE(s.flags.at("cflags")[1].propagate);
}

TEST(SpecParse, ErrorsNameThePosition) {
  EXPECT_EQ(error_detail("x@@1.2"), "unexpected character \"@\" at position 2.");
  EXPECT_EQ(error_detail("x@1.2@1.3"), "a spec cannot have multiple versions at position 6.");
  EXPECT_EQ(error_detail("x+debug~debug"), "cannot specify variant \"debug\" twice at position 8.");
  EXPECT_EQ(error_detail("x os=a os=b"), "cannot specify \"os\" twice at position 8.");
  EXPECT_EQ(error_detail("x ^"),
            "the dependency sigil and any edge attributes must be followed by a package name or "
            "a node attribute at position 4.");
  EXPECT_EQ(error_detail("x ^[deptypes=all] y"), "invalid dependency type \"all\" at position 5.");
  EXPECT_EQ(error_detail("x cflags=\"-O2 -\\\\\""), "a value cannot end a word with a backslash at position 3.");
  EXPECT_EQ(error_detail("x foo=b\\\\,a"), "a value cannot end a word with a backslash at position 3.");
  EXPECT_EQ(error_detail("x foo='a\\\\ '"), "a value cannot end a word with a backslash at position 3.");
  // (nor a field of an arch triple, split at '-')
  EXPECT_EQ(error_detail("zlib arch=\"-T2O \\\\-x86_64\""),
            "a value cannot end a word with a backslash at position 6.");
  EXPECT_EQ(error_detail("x ^[virtuals=a=b] y"), "invalid virtual name \"a=b\" at position 5.");
  EXPECT_EQ(error_detail("x ^[virtuals=mpi,] y"), "invalid virtual name \"\" at position 5.");
  EXPECT_EQ(error_detail("x y"), "expected a single spec, but got more at position 3.");
  EXPECT_EQ(error_detail("b namespace=="), "invalid namespace \"=\" (identifiers joined by dots) at position 3.");
  EXPECT_EQ(error_detail("b namespace=.x"), "invalid namespace \".x\" (identifiers joined by dots) at position 3.");
  EXPECT_EQ(error_detail("namespace='a b'"), "invalid namespace \"a b\" (identifiers joined by dots) at position 1.");
  EXPECT_EQ(error_detail("x %gcc@9 %gcc@10"), "conflicting versions of gcc: @9 and @10 at position 10.");
  EXPECT_EQ(error_detail("x target==a"),
            "propagation with \"==\" is not supported for \"target\" at position 3.");
  EXPECT_EQ(error_detail("\xC3\xA9"), "unexpected character \"\xC3\xA9\" at position 1.");
  EXPECT_EQ(error_detail("x \xC3\xA9 $"), "unexpected character \"\xC3\xA9\" at position 3.");
}

TEST(SpecTokenizer, FollowsSpacksTokenOrder) {
  auto kinds = [](const std::string& s) {
    std::string out;
    for (const auto& t : tokenize_spec(s)) out += std::to_string(static_cast<int>(t.kind)) + " ";
    return out;
  };
  // ^mpi=openmpi is one dependency token carrying a virtual assignment
  auto toks = tokenize_spec("^mpi=openmpi");
  ASSERT_EQ(toks.size(), 1u);
  EXPECT_EQ(toks[0].virtuals, "mpi");
  EXPECT_EQ(toks[0].substitute, "openmpi");
  // @1.2: followed by a key=value: the range's upper bound is not `foo`
  toks = tokenize_spec("x@1.2:foo=bar");
  ASSERT_EQ(toks.size(), 3u);
  EXPECT_EQ(toks[1].text, "@1.2:");
  EXPECT_EQ(toks[2].text, "foo=bar");
  // a version ends on a word boundary
  toks = tokenize_spec("x@1.2-rc");
  EXPECT_EQ(toks[1].text, "@1.2-rc");
  EXPECT_EQ(kinds("a.b"), std::to_string(static_cast<int>(SpecTokenKind::kQualifiedName)) + " ");
  toks = tokenize_spec("x foo='a\\'b'");
  EXPECT_EQ(toks[1].text, "foo='a\\'b'");
}
