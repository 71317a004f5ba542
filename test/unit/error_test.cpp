#include "core/error.h"

#include <gtest/gtest.h>

#include "core/interrupt.h"
#include "core/selftest.h"

using namespace ciprov::core;

TEST(Error, InvalidTextCarriesSqlstateMessageAndPosition) {
  Error e = invalid_text("ciprov.version", "1.2$", "unexpected character \"$\"", 4);
  EXPECT_EQ(e.sqlstate(), "22P02");
  EXPECT_STREQ(e.what(), "invalid input syntax for type ciprov.version: \"1.2$\"");
  EXPECT_EQ(e.detail(), "unexpected character \"$\" at position 4.");
}

TEST(Error, QuotedEscapesControlBytes) {
  EXPECT_EQ(quoted(std::string("a\0b\n", 4)), "\"a\\x00b\\x0A\"");
  EXPECT_EQ(quoted(""), "\"\"");
}

TEST(Selftest, RaiseUnwindsTrackedObjects) {
  EXPECT_THROW(selftest::raise("invalid_text"), Error);
  EXPECT_THROW(selftest::raise("bad_alloc"), std::bad_alloc);
  EXPECT_THROW(selftest::raise("std"), std::logic_error);
  EXPECT_THROW(selftest::raise("unknown"), int);
  EXPECT_EQ(selftest::Tracker::live(), 0);
}

namespace {
struct Stop {};
int g_polls = 0;
void stop_after_three() {
  if (++g_polls >= 3) throw Stop{};
}
}  // namespace

TEST(Interrupt, HookStopsLongLoops) {
  set_interrupt_hook(stop_after_three);
  EXPECT_THROW(selftest::spin(60.0), Stop);
  EXPECT_EQ(g_polls, 3);
  EXPECT_EQ(selftest::Tracker::live(), 0);
  set_interrupt_hook(nullptr);
  EXPECT_GT(selftest::spin(0.001), 0);
}
