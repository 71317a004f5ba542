#include "core/spack_log.h"

#include <re2/re2.h>

#include <iterator>
#include <memory>

#include "core/error.h"
#include "core/interrupt.h"

namespace ciprov::core::spack {

namespace {

// CTest's patterns (cmCTestBuildHandler.cxx, as ported by Spack), in RE2
// syntax: Python's "\'" is a plain quote and "\:" a colon.
const char* const kErrorMatches[] = {
    "^FAIL: ",
    "^FATAL: ",
    "^failed ",
    "FAILED",
    "Failed test",
    "^[Bb]us [Ee]rror",
    "^[Ss]egmentation [Vv]iolation",
    "^[Ss]egmentation [Ff]ault",
    "Permission [Dd]enied",
    "permission [Dd]enied",
    ":[0-9]+: [^ \\t]",
    ": error[ \\t]*[0-9]+[ \\t]*:",
    "^Error ([0-9]+):",
    "^Fatal",
    "^[Ee]rror: ",
    "^Error ",
    " ERROR: ",
    "^\"[^\"]+\", line [0-9]+: [^Ww]",
    "^cc[^C]*CC: ERROR File = ([^,]+), Line = ([0-9]+)",
    "^ld([^:])*:([ \\t])*ERROR([^:])*:",
    "^ild:([ \\t])*\\(undefined symbol\\)",
    ": (error|fatal error|catastrophic error)",
    ": (Error:|error|undefined reference|multiply defined)",
    "\\([^\\)]+\\) ?: (error|fatal error|catastrophic error)",
    "^fatal error C[0-9]+:",
    ": syntax error ",
    "^collect2: ld returned 1 exit status",
    "ld terminated with signal",
    "Unsatisfied symbol",
    "^Unresolved:",
    "Undefined symbol",
    "^Undefined[ \\t]+first referenced",
    "^CMake Error",
    ":[ \\t]cannot find",
    ":[ \\t]can't find",
    ": \\*\\*\\* No rule to make target [`'].*'.  Stop",
    ": \\*\\*\\* No targets specified and no makefile found",
    ": Invalid loader fixup for symbol",
    ": Invalid fixups exist",
    ": Can't find library for",
    ": internal link edit command failed",
    ": Unrecognized option [`'].*'",
    "\", line [0-9]+\\.[0-9]+: [0-9]+-[0-9]+ \\([^WI]\\)",
    "ld: 0706-006 Cannot find or open library file: -l ",
    "ild: \\(argument error\\) can't find library argument ::",
    "^could not be found and will not be loaded.",
    "^WARNING: '.*' is missing on your system",
    "s:616 string too big",
    "make: Fatal error: ",
    "ld: 0711-993 Error occurred while writing to the output file:",
    "ld: fatal: ",
    "final link failed:",
    "make: \\*\\*\\*.*Error",
    "make\\[.*\\]: \\*\\*\\*.*Error",
    "\\*\\*\\* Error code",
    "nternal error:",
    "Makefile:[0-9]+: \\*\\*\\* .*  Stop\\.",
    ": No such file or directory",
    ": Invalid argument",
    "^The project cannot be built\\.",
    "^\\[ERROR\\]",
    "^Command .* failed with exit code"};

const char* const kErrorExceptions[] = {"instantiated from ",
                                        "candidates are:",
                                        ": warning",
                                        ": WARNING",
                                        ": \\(Warning\\)",
                                        ": note",
                                        "    ok",
                                        "Note:",
                                        ":[ \\t]+Where:",
                                        ":[0-9]+: Warning",
                                        "------ Build started: .* ------"};

const char* const kWarningMatches[] = {":[0-9]+: warning:",
                                       ":[0-9]+: note:",
                                       "^cc[^C]*CC: WARNING File = ([^,]+), Line = ([0-9]+)",
                                       "^ld([^:])*:([ \\t])*WARNING([^:])*:",
                                       ": warning [0-9]+:",
                                       "^\"[^\"]+\", line [0-9]+: [Ww](arning|arnung)",
                                       ": warning[ \\t]*[0-9]+[ \\t]*:",
                                       "^(Warning|Warnung) ([0-9]+):",
                                       "^(Warning|Warnung)[ :]",
                                       "WARNING: ",
                                       ": warning",
                                       "\", line [0-9]+\\.[0-9]+: [0-9]+-[0-9]+ \\([WI]\\)",
                                       "^cxx: Warning:",
                                       "file: .* has no symbols",
                                       ":[0-9]+: (Warning|Warnung)",
                                       "\\([0-9]*\\): remark #[0-9]*",
                                       "\".*\", line [0-9]+: remark\\([0-9]*\\):",
                                       "cc-[0-9]* CC: REMARK File = .*, Line = [0-9]*",
                                       "^CMake Warning",
                                       "^\\[WARNING\\]"};

const char* const kWarningExceptions[] = {
    "/usr/.*/X11/Xlib\\.h:[0-9]+: war.*: ANSI C\\+\\+ forbids declaration",
    "/usr/.*/X11/Xutil\\.h:[0-9]+: war.*: ANSI C\\+\\+ forbids declaration",
    "/usr/.*/X11/XResource\\.h:[0-9]+: war.*: ANSI C\\+\\+ forbids declaration",
    "WARNING 84 :",
    "WARNING 47 :",
    "warning:  Clock skew detected.  Your build may be incomplete.",
    "/usr/openwin/include/GL/[^:]+:",
    "bind_at_load",
    "XrmQGetResource",
    "IceFlush",
    "warning LNK4089: all references to [^ \\t]+ discarded by .OPT:REF",
    "ld32: WARNING 85: definition of dataKey in",
    "cc: warning 422: Unknown option \"\\+b",
    "_with_warning_C"};

// Tried in order; the first that matches gives (file, line).
const char* const kFileLineMatches[] = {"^Warning W[0-9]+ ([a-zA-Z.:/0-9_+ ~-]+) ([0-9]+):",
                                        "^([a-zA-Z./0-9_+ ~-]+):([0-9]+):",
                                        "^([a-zA-Z.:/0-9_+ ~-]+)\\(([0-9]+)\\)",
                                        "^[0-9]+>([a-zA-Z.:/0-9_+ ~-]+)\\(([0-9]+)\\)",
                                        "^([a-zA-Z./0-9_+ ~-]+)\\(([0-9]+)\\)",
                                        "\"([a-zA-Z./0-9_+ ~-]+)\", line ([0-9]+)",
                                        "File = ([a-zA-Z./0-9_+ ~-]+), Line = ([0-9]+)"};

// One alternation per list, as Spack groups its patterns: one search per
// list and line instead of one per pattern.
template <std::size_t N>
std::string join(const char* const (&patterns)[N]) {
  std::string joined;
  for (std::size_t i = 0; i < N; ++i) {
    if (i) joined += '|';
    joined += "(?:";
    joined += patterns[i];
    joined += ')';
  }
  return joined;
}

// RE2, not std::regex: its automaton reads a line once, whatever the number
// of alternatives, where libstdc++'s regex backtracks through each of them
// at every position (0.11 ms a line, 11 s for a 100,000-line build log:
// docs/bench-spack.md). Bytes are Latin-1 characters, so a line that is not
// UTF-8 is matched byte by byte; as in Python, "." is any character but a
// newline.
std::unique_ptr<const RE2> compile(const std::string& pattern) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  auto re = std::make_unique<const RE2>(pattern, options);
  if (!re->ok()) throw Error(sqlstate::kInternalError, "build log pattern does not compile: " + re->error());
  return re;
}

struct Patterns {
  explicit Patterns(const LogPatternTexts& t)
      : error(compile(t.errors)),
        error_exceptions(compile(t.error_exceptions)),
        warning(compile(t.warnings)),
        warning_exceptions(compile(t.warning_exceptions)) {
    for (const std::string& p : t.locations) file_line.push_back(compile(p));
  }
  std::unique_ptr<const RE2> error, error_exceptions, warning, warning_exceptions;
  std::vector<std::unique_ptr<const RE2>> file_line;
};

const Patterns& patterns() {
  static const Patterns p(log_pattern_texts());
  return p;
}

std::string rstrip(std::string_view s) {
  std::size_t end = s.size();
  while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r' ||
                     s[end - 1] == '\n' || s[end - 1] == '\f' || s[end - 1] == '\v'))
    --end;
  return std::string(s.substr(0, end));
}

}  // namespace

LogPatternTexts log_pattern_texts() {
  return {join(kErrorMatches), join(kErrorExceptions), join(kWarningMatches), join(kWarningExceptions),
          std::vector<std::string>(std::begin(kFileLineMatches), std::end(kFileLineMatches))};
}

std::vector<LogEvent> parse_build_log(std::string_view output, int context) {
  const Patterns& p = patterns();
  if (context < 0) context = 0;
  std::vector<std::string_view> lines;  // (views into output)
  for (std::size_t start = 0; start < output.size();) {
    std::size_t nl = output.find('\n', start);
    std::size_t end = nl == std::string_view::npos ? output.size() : nl;
    lines.push_back(output.substr(start, end - start));
    start = end + 1;
  }
  std::vector<LogEvent> events;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i % 256 == 0) poll_interrupts();
    // The whole line, as Spack searches it (RE2 reads it once, in linear
    // time, however long: the std::regex parser had to stop at 2048 bytes).
    const re2::StringPiece line(lines[i].data(), lines[i].size());
    const bool is_error = RE2::PartialMatch(line, *p.error) && !RE2::PartialMatch(line, *p.error_exceptions);
    const bool is_warning = !is_error && RE2::PartialMatch(line, *p.warning) &&
                            !RE2::PartialMatch(line, *p.warning_exceptions);
    if (!is_error && !is_warning) continue;
    LogEvent e;
    e.is_error = is_error;
    e.line_no = static_cast<int>(i + 1);
    e.text = rstrip(lines[i]);
    for (const auto& fl : p.file_line) {
      std::string file, number;
      if (RE2::PartialMatch(line, *fl, &file, &number)) {
        e.source_file = std::move(file);
        try {
          e.source_line = std::stoi(number);
        } catch (const std::exception&) {
          e.source_line.reset();  // too many digits for an int
        }
        break;
      }
    }
    std::size_t from = i >= static_cast<std::size_t>(context) ? i - context : 0;
    for (std::size_t k = from; k < i; ++k) e.pre_context.push_back(rstrip(lines[k]));
    for (std::size_t k = i + 1; k < lines.size() && k <= i + context; ++k)
      e.post_context.push_back(rstrip(lines[k]));
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace ciprov::core::spack
