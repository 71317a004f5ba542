// Library load: the module magic block and the interrupt hook for the core.
#include "pg/guard.h"

#include "core/interrupt.h"

extern "C" {
PG_MODULE_MAGIC;
void _PG_init(void);
}

namespace {

// Core loops call this through core::poll_interrupts(). Reading the flag is
// cheap; only when an interrupt is pending do we let PostgreSQL process it.
// If that raises (cancel, statement_timeout, termination), the guard turns
// it into a PgError that unwinds the C++ stack; the entry point then
// re-throws PostgreSQL's own error. Interrupts that do not end the query
// (for example a ProcSignal barrier) are handled and the loop goes on.
void process_pending_interrupts() {
  if (!InterruptPending) return;
  ciprov::pg::guarded([] { CHECK_FOR_INTERRUPTS(); });
}

}  // namespace

void _PG_init(void) { ciprov::core::set_interrupt_hook(process_pending_interrupts); }
