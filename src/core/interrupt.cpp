#include "core/interrupt.h"

namespace ciprov::core {

namespace {
InterruptHook g_hook = nullptr;
}

void poll_interrupts() {
  if (g_hook != nullptr) g_hook();
}

void set_interrupt_hook(InterruptHook hook) noexcept { g_hook = hook; }

}  // namespace ciprov::core
