#include "core/selftest.h"

#include <chrono>
#include <new>

#include "core/error.h"
#include "core/interrupt.h"

namespace ciprov::core::selftest {

namespace {
std::int64_t g_live = 0;
}

Tracker::Tracker() noexcept { ++g_live; }
Tracker::~Tracker() { --g_live; }
std::int64_t Tracker::live() noexcept { return g_live; }

void raise(const std::string& kind) {
  Tracker alive;  // must be destroyed by the unwinding
  if (kind == "invalid_text") throw invalid_text("ciprov.selftest", "ab$c", "unexpected character \"$\"", 3);
  if (kind == "invalid_parameter")
    throw Error(sqlstate::kInvalidParameterValue, "selftest: invalid parameter", "a detail line",
                "a hint line");
  if (kind == "bad_alloc") throw std::bad_alloc();
  if (kind == "std") throw std::logic_error("selftest logic error");
  if (kind == "unknown") throw 42;
  throw Error(sqlstate::kInvalidParameterValue, "unknown selftest error kind " + quoted(kind),
              "Known kinds: invalid_text, invalid_parameter, bad_alloc, std, unknown.");
}

std::int64_t spin(double seconds) {
  Tracker alive;
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::duration<double>(seconds);
  std::int64_t iterations = 0;
  InterruptTicker ticker(1024);
  while (clock::now() < deadline) {
    ++iterations;
    ticker.tick();
  }
  return iterations;
}

}  // namespace ciprov::core::selftest
