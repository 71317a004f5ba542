// Google Benchmark: ciprov.version parse and compare, against the baseline
// of comparing the same strings as plain text (std::string compare).
//
// Comparing two parsed versions is one memcmp over their sort keys; the
// benchmark also counts heap allocations per comparison (must be 0).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "core/version.h"
#include "core/version_range.h"

using ciprov::core::Version;
using ciprov::core::VersionRange;

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// Counting replacements of the global allocation functions. GCC cannot see
// that new and delete below are a matching malloc/free pair.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

std::vector<std::string> make_texts(std::size_t n) {
  std::mt19937 rng(42);
  const char* suffixes[] = {"", "", "", "rc1", "-beta2", "a", ".develop"};
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::string s = std::to_string(rng() % 20) + "." + std::to_string(rng() % 40) + "." +
                    std::to_string(rng() % 200);
    s += suffixes[rng() % 7];
    out.push_back(s);
  }
  return out;
}

const std::vector<std::string>& texts() {
  static const std::vector<std::string> t = make_texts(4096);
  return t;
}

void BM_ParseVersion(benchmark::State& state) {
  const auto& t = texts();
  std::size_t i = 0;
  for (auto _ : state) {
    Version v = Version::parse(t[i++ & 4095]);
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_ParseVersion);

void BM_CompareVersion(benchmark::State& state) {
  std::vector<Version> vs;
  for (const auto& s : texts()) vs.push_back(Version::parse(s));
  std::size_t i = 0;
  long before = g_allocations.load();
  for (auto _ : state) {
    int c = vs[i & 4095].compare(vs[(i * 7 + 1) & 4095]);
    benchmark::DoNotOptimize(c);
    ++i;
  }
  state.counters["allocs_per_compare"] =
      static_cast<double>(g_allocations.load() - before) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_CompareVersion);

// Baseline: the same strings compared as text (wrong order, for scale).
void BM_CompareText(benchmark::State& state) {
  const auto& t = texts();
  std::size_t i = 0;
  for (auto _ : state) {
    int c = t[i & 4095].compare(t[(i * 7 + 1) & 4095]);
    benchmark::DoNotOptimize(c);
    ++i;
  }
}
BENCHMARK(BM_CompareText);

void BM_SortVersions(benchmark::State& state) {
  std::vector<Version> vs;
  for (const auto& s : texts()) vs.push_back(Version::parse(s));
  for (auto _ : state) {
    std::vector<const Version*> p;
    p.reserve(vs.size());
    for (const auto& v : vs) p.push_back(&v);
    std::sort(p.begin(), p.end(), [](const Version* a, const Version* b) { return *a < *b; });
    benchmark::DoNotOptimize(p.data());
  }
}
BENCHMARK(BM_SortVersions);

void BM_SortText(benchmark::State& state) {
  const auto& t = texts();
  for (auto _ : state) {
    std::vector<const std::string*> p;
    p.reserve(t.size());
    for (const auto& s : t) p.push_back(&s);
    std::sort(p.begin(), p.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
    benchmark::DoNotOptimize(p.data());
  }
}
BENCHMARK(BM_SortText);

void BM_RangeContainsSerialized(benchmark::State& state) {
  std::string bytes = VersionRange::parse("1.10:1.12,=2.3.1,5:").serialize();
  std::vector<Version> vs;
  for (const auto& s : texts()) vs.push_back(Version::parse(s));
  std::size_t i = 0;
  long before = g_allocations.load();
  for (auto _ : state) {
    bool in = VersionRange::contains_serialized(bytes, vs[i++ & 4095].view());
    benchmark::DoNotOptimize(in);
  }
  state.counters["allocs_per_call"] =
      static_cast<double>(g_allocations.load() - before) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_RangeContainsSerialized);

void BM_ParseRange(benchmark::State& state) {
  for (auto _ : state) {
    VersionRange r = VersionRange::parse("1.2:1.4,=1.7,2.0rc1:2.1,git.main=3.0");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ParseRange);

}  // namespace

BENCHMARK_MAIN();
