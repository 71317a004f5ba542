// Self-test probes for the C++/PostgreSQL boundary (ciprov.selftest_*).
// They exist so that regression tests can prove that core errors, PostgreSQL
// errors and cancellation cross the boundary cleanly.
#pragma once

#include <cstdint>
#include <string>

namespace ciprov::core::selftest {

// An object whose lifetime is counted: the tests check that no tracker is
// left alive after an error unwound through frames that held one.
class Tracker {
 public:
  Tracker() noexcept;
  ~Tracker();
  Tracker(const Tracker&) = delete;
  Tracker& operator=(const Tracker&) = delete;
  static std::int64_t live() noexcept;
};

// Throws the exception named by kind: "invalid_text", "invalid_parameter",
// "bad_alloc", "std", "unknown"; any other kind is itself an error
// (invalid_parameter naming the kind).
[[noreturn]] void raise(const std::string& kind);

// Busy loop for `seconds` of wall time, polling interrupts; returns the
// number of iterations. Used to prove statement_timeout stops C++ loops.
std::int64_t spin(double seconds);

}  // namespace ciprov::core::selftest
