#include "core/spack_log.h"

#include <gtest/gtest.h>

using namespace ciprov::core::spack;

TEST(SpackLog, ErrorsWarningsLocationsAndContext) {
  std::string log =
      "==> Building zlib\n"                                   // 1
      "gcc -c adler32.c\n"                                    // 2
      "adler32.c:42:5: warning: unused variable 'x'\n"        // 3
      "gcc -c crc32.c\n"                                      // 4
      "crc32.c:17:1: error: expected ';' before '}' token\n"  // 5
      "make[2]: *** [Makefile:10: crc32.o] Error 1\n"         // 6
      "CMake Warning at CMakeLists.txt:3 (message):\n"        // 7
      "done\n";                                               // 8
  auto events = parse_build_log(log, 2);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_FALSE(events[0].is_error);
  EXPECT_EQ(events[0].line_no, 3);
  EXPECT_EQ(events[0].source_file, "adler32.c");
  EXPECT_EQ(events[0].source_line, 42);
  EXPECT_EQ(events[0].pre_context,
            (std::vector<std::string>{"==> Building zlib", "gcc -c adler32.c"}));
  EXPECT_EQ(events[0].post_context,
            (std::vector<std::string>{"gcc -c crc32.c",
                                      "crc32.c:17:1: error: expected ';' before '}' token"}));
  EXPECT_TRUE(events[1].is_error);
  EXPECT_EQ(events[1].line_no, 5);
  EXPECT_EQ(events[1].source_file, "crc32.c");
  EXPECT_EQ(events[1].source_line, 17);
  EXPECT_TRUE(events[2].is_error);  // make[...]: *** ... Error
  EXPECT_EQ(events[2].line_no, 6);
  EXPECT_FALSE(events[2].source_file.has_value());
  EXPECT_FALSE(events[3].is_error);  // ^CMake Warning
  EXPECT_EQ(events[3].line_no, 7);
  EXPECT_EQ(events[3].post_context, std::vector<std::string>{"done"});
}

TEST(SpackLog, ExceptionsSuppress) {
  // ": note" is an error exception, and ":N: note:" is then a warning.
  auto events = parse_build_log(
      "foo.c:3: note: declared here\n"
      "warning:  Clock skew detected.  Your build may be incomplete.\n"
      "all good\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_FALSE(events[0].is_error);
  EXPECT_EQ(events[0].line_no, 1);
}

TEST(SpackLog, EmptyAndHugeLines) {
  EXPECT_TRUE(parse_build_log("").empty());
  std::string huge(1 << 20, 'x');
  // the whole line is searched, as Spack searches it: a marker 1 MB in
  auto events = parse_build_log(huge + " FAILED\n" + huge + "\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].line_no, 1);
  EXPECT_EQ(events[0].text.size(), huge.size() + 7);
  ASSERT_EQ(events[0].post_context.size(), 1u);
  EXPECT_EQ(events[0].post_context[0], huge);
  events = parse_build_log("FAILED " + huge + "\n");
  ASSERT_EQ(events.size(), 1u);
  // a line of nothing but a long run with no marker is no event
  EXPECT_TRUE(parse_build_log(huge + "\n" + huge).empty());
}

TEST(SpackLog, DotIsAnyCharacterButNewlineAndBytesNeedNotBeUtf8) {
  // As in Spack's Python patterns, "." matches a carriage return: a make
  // line rewritten by a progress display is still an error.
  auto events = parse_build_log("make: *** [all]\r 50%\r Error 2\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].is_error);
  EXPECT_EQ(events[0].text, "make: *** [all]\r 50%\r Error 2");
  // Latin-1 bytes and broken UTF-8 are matched byte by byte.
  events = parse_build_log("caf\xe9.c:9: warning: x\n\xff\xfe FAILED \xc3\n");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_FALSE(events[0].is_error);
  EXPECT_FALSE(events[0].source_file.has_value());  // (é is not in a file name's characters)
  EXPECT_TRUE(events[1].is_error);
  EXPECT_EQ(events[1].line_no, 2);
}

TEST(SpackLog, LocationPatternsInOrderAndLineNumbersPastInt) {
  auto events = parse_build_log(
      "Warning W123 src/a.f90 77: obsolescent\n"           // the first location pattern
      "lib/b.c(12) : error C2065: undeclared\n"            // file(line)
      "3>src/c.cpp(5): error C2143: syntax\n"               // N>file(line)
      "x.c:99999999999: error: line past int\n");          // too many digits: no line
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].source_file, "src/a.f90");
  EXPECT_EQ(events[0].source_line, 77);
  EXPECT_EQ(events[1].source_file, "lib/b.c");
  EXPECT_EQ(events[1].source_line, 12);
  EXPECT_EQ(events[2].source_file, "src/c.cpp");
  EXPECT_EQ(events[2].source_line, 5);
  EXPECT_EQ(events[3].source_file, "x.c");
  EXPECT_FALSE(events[3].source_line.has_value());
}
