// Google Benchmark: build-log parsing (ciprov.spack_parse_log and
// spack_build_phase) over a generated log shaped like a large autotools
// build: compiler command lines, short progress lines, 2.5% warnings and
// 0.5% errors.
//
// Baseline side by side: the same pattern lists (log_pattern_texts) each
// searched with libstdc++'s std::regex, as the parser did before RE2, and
// only to classify each line. That is a lower bound of the old parser's
// cost, which also extracted locations and context.
#include <benchmark/benchmark.h>

#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "core/spack_log.h"

namespace sp = ciprov::core::spack;

namespace {

constexpr int kLines = 20000;

const std::string& build_log() {
  static const std::string log = [] {
    std::string out;
    for (int i = 0; i < kLines; ++i) {
      const std::string n = std::to_string(i);
      if (i % 200 == 7)
        out += "../../src/lib/file" + n + ".c:" + std::to_string(i % 900) +
               ":5: error: 'y' undeclared\n";
      else if (i % 40 == 3)
        out += "../../src/lib/file" + n + ".c:" + std::to_string(i % 900) +
               ":5: warning: unused variable 'x'\n";
      else if (i % 10 == 9)
        out += "  CC       src/obj" + n + ".o\n";
      else
        out +=
            "libtool: compile:  /spack/lib/spack/env/gcc/gcc -DHAVE_CONFIG_H -I. "
            "-I../../src/include -O2 -g -fPIC -c "
            "../../src/lib/file" +
            n + ".c -o src/lib/.libs/file" + n + ".o\n";
    }
    return out;
  }();
  return log;
}

void BM_ParseBuildLog(benchmark::State& state) {
  const std::string& log = build_log();
  std::size_t events = 0;
  for (auto _ : state) {
    auto found = sp::parse_build_log(log, 6);
    events = found.size();
    benchmark::DoNotOptimize(found);
  }
  state.counters["events"] = static_cast<double>(events);
  state.SetItemsProcessed(state.iterations() * kLines);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(log.size()));
}
BENCHMARK(BM_ParseBuildLog)->Unit(benchmark::kMillisecond);

void BM_Baseline_StdRegexClassifyOnly(benchmark::State& state) {
  const std::string& log = build_log();
  const sp::LogPatternTexts t = sp::log_pattern_texts();
  const auto flags = std::regex::ECMAScript | std::regex::optimize;
  const std::regex error(t.errors, flags), error_exceptions(t.error_exceptions, flags),
      warning(t.warnings, flags), warning_exceptions(t.warning_exceptions, flags);
  std::size_t events = 0;
  for (auto _ : state) {
    events = 0;
    for (std::size_t start = 0; start < log.size();) {
      const std::size_t end = log.find('\n', start);
      const std::string line = log.substr(start, end - start);
      const bool is_error =
          std::regex_search(line, error) && !std::regex_search(line, error_exceptions);
      if (is_error ||
          (std::regex_search(line, warning) && !std::regex_search(line, warning_exceptions)))
        ++events;
      start = end + 1;
    }
    benchmark::DoNotOptimize(events);
  }
  state.counters["events"] = static_cast<double>(events);
  state.SetItemsProcessed(state.iterations() * kLines);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(log.size()));
}
BENCHMARK(BM_Baseline_StdRegexClassifyOnly)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
