// Errors and warnings in build output, found the way Spack's CTest-derived
// log parser finds them (lib/spack/spack/util/ctest_log_parser.py): CTest's
// error and warning patterns with their exception lists, checked line by
// line (error first), the source file and line when a location pattern
// matches, and a window of context lines before and after each event.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ciprov::core::spack {

struct LogEvent {
  bool is_error = false;
  int line_no = 0;   // 1-based line of the event in the output
  std::string text;  // the line, right-stripped
  std::optional<std::string> source_file;
  std::optional<int> source_line;
  std::vector<std::string> pre_context;   // up to `context` lines before
  std::vector<std::string> post_context;  // up to `context` lines after
};

// Spack's default context is 6 lines. Events come back in line order.
std::vector<LogEvent> parse_build_log(std::string_view output, int context = 6);

// The patterns parse_build_log compiles: each list as one alternation, and
// the location patterns in the order tried (also the benchmark's baseline,
// test/bench/spack_log_bench.cpp).
struct LogPatternTexts {
  std::string errors, error_exceptions, warnings, warning_exceptions;
  std::vector<std::string> locations;
};
LogPatternTexts log_pattern_texts();

}  // namespace ciprov::core::spack
