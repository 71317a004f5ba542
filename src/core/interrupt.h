// Cooperative cancellation for long-running core loops.
//
// The core cannot look at PostgreSQL's InterruptPending itself. The glue
// installs a poll function at load time (src/pg/module.cpp); core loops call
// poll_interrupts() every so often. When the database wants the statement to
// end (statement_timeout, pg_cancel_backend, shutdown) the poll throws, the
// C++ stack unwinds normally, and the SQL entry point reports the error.
#pragma once

#include <cstdint>

namespace ciprov::core {

// Called from core loops. Cheap: one indirect call and one flag read.
void poll_interrupts();

// Installed by the host. The hook throws to abort the current operation and
// returns normally otherwise. Without a hook (unit tests), polling is a no-op.
using InterruptHook = void (*)();
void set_interrupt_hook(InterruptHook hook) noexcept;

// Polls every `period` calls to tick(); for tight loops.
class InterruptTicker {
 public:
  explicit InterruptTicker(std::uint32_t period = 4096) : period_(period) {}
  void tick() {
    if (++count_ >= period_) {
      count_ = 0;
      poll_interrupts();
    }
  }

 private:
  std::uint32_t period_;
  std::uint32_t count_ = 0;
};

}  // namespace ciprov::core
