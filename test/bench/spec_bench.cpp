// Google Benchmark: ciprov.spec parse, print and satisfies.
//
// Baselines side by side in one run: tokenizing only (the floor under
// parsing), and comparing canonical texts (what `=`, btree and hash do on
// stored specs) against satisfies on parsed specs and on texts (what
// `a <@ b` does in SQL: parse both, then compare).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "core/spec.h"
#include "core/spec_tokenizer.h"

using namespace ciprov::core;

namespace {

const std::vector<std::string>& texts() {
  static const std::vector<std::string> t = {
      "zlib",
      "zlib@1.3+pic",
      "hdf5@1.14.3+mpi~cxx api=v112 %gcc@12.3 ^openmpi@4.1.6",
      "mpileaks@2.3 ^callpath@1.0+debug %c,cxx=gcc@12 ^mpi=mpich@3.4 ^[deptypes=build] cmake@3.27:",
      "py-numpy@1.26 cflags='-O2 -g' target=zen3 os=rhel8 platform=linux ^openblas threads=openmp "
      "^python@3.11 ^py-setuptools@68:",
  };
  return t;
}

const std::vector<std::pair<std::string, std::string>>& pairs() {
  static const std::vector<std::pair<std::string, std::string>> p = {
      {"hdf5@1.14.3+mpi %gcc@12 ^openmpi@4.1", "hdf5@1.12:+mpi"},
      {"hdf5@1.14.3+mpi %gcc@12 ^openmpi@4.1", "hdf5 ^openmpi@4:"},
      {"py-numpy@1.26 target=zen3 ^openblas threads=openmp", "py-numpy target=x86_64_v3:"},
      {"mpileaks ^mpi=mpich@3.4 %c,cxx=gcc@12", "mpileaks %c=gcc ^mpi"},
  };
  return p;
}

void BM_Tokenize(benchmark::State& state) {
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const auto& s = texts()[i++ % texts().size()];
    benchmark::DoNotOptimize(tokenize_spec(s));
    bytes += s.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Tokenize);

void BM_Parse(benchmark::State& state) {
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const auto& s = texts()[i++ % texts().size()];
    benchmark::DoNotOptimize(parse_spec(s));
    bytes += s.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Parse);

void BM_ParseAndPrint(benchmark::State& state) {
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(to_string(parse_spec(texts()[i++ % texts().size()])));
}
BENCHMARK(BM_ParseAndPrint);

void BM_CanonicalTextEquality(benchmark::State& state) {
  std::vector<std::pair<std::string, std::string>> canon;
  for (const auto& [a, b] : pairs()) canon.emplace_back(to_string(parse_spec(a)), to_string(parse_spec(b)));
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [a, b] = canon[i++ % canon.size()];
    benchmark::DoNotOptimize(a.compare(b));
  }
}
BENCHMARK(BM_CanonicalTextEquality);

void BM_SatisfiesParsed(benchmark::State& state) {
  std::vector<std::pair<Spec, Spec>> parsed;
  for (const auto& [a, b] : pairs()) parsed.emplace_back(parse_spec(a), parse_spec(b));
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [a, b] = parsed[i++ % parsed.size()];
    benchmark::DoNotOptimize(satisfies(a, b));
  }
}
BENCHMARK(BM_SatisfiesParsed);

void BM_SatisfiesFromText(benchmark::State& state) {
  std::vector<std::pair<std::string, std::string>> canon;
  for (const auto& [a, b] : pairs()) canon.emplace_back(to_string(parse_spec(a)), to_string(parse_spec(b)));
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [a, b] = canon[i++ % canon.size()];
    benchmark::DoNotOptimize(satisfies(parse_spec(a), parse_spec(b)));
  }
}
BENCHMARK(BM_SatisfiesFromText);

void BM_Constrain(benchmark::State& state) {
  std::vector<std::pair<Spec, Spec>> parsed;
  for (const auto& [a, b] : pairs()) parsed.emplace_back(parse_spec(a), parse_spec(b));
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [a, b] = parsed[i++ % parsed.size()];
    benchmark::DoNotOptimize(constrain(a, b));
  }
}
BENCHMARK(BM_Constrain);

}  // namespace

BENCHMARK_MAIN();
