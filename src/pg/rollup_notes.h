// What the rollup triggers noted and no flush has folded in yet (backend
// memory, one transaction's worth; docs/rollup.md), shared by the triggers'
// entry points (pg/rollup_flush.h) and the flush. A flush moves the notes
// aside under its subtransaction, so that a rollback of that subtransaction
// (which undoes the flush) brings them back as pending.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/rollup_model.h"
#include "pg/guard.h"

extern "C" {
#include "access/xact.h"
}

namespace ciprov::pg::notes {

// A test noted by a trigger. For a test noted twice the first note holds
// the state its counters count, the last one its state now.
struct TestNote {
  std::string id;
  std::optional<core::rollup::TestState> before;  // none: the test is new
  std::optional<core::rollup::TestState> now;     // none: the test was deleted
  SubTransactionId subxact;                       // where the note was made
  // False once the subtransaction that made the note rolled back: the
  // flush reads the test's state now from the table.
  bool now_known;
};

// A build or checkout noted by a trigger, with its state before the change
// (none: it is new). Its state now is read from its table by the flush.
template <typename State>
struct Noted {
  std::string id;
  std::optional<State> before;
};

// The notes no flush has folded in, in note order.
struct Pending {
  std::vector<TestNote> tests;
  std::vector<Noted<core::rollup::BuildAttrs>> builds;
  std::vector<Noted<core::rollup::CheckoutAttrs>> checkouts;
  bool empty() const { return tests.empty() && builds.empty() && checkouts.empty(); }
};
Pending& pending();

// Registers the (sub)transaction callbacks that keep the notes in step
// with commits and rollbacks (once per backend).
void register_callbacks();

// The pending notes leave for the folded ones of the current
// subtransaction (after a flush, or a rebuild that counted them).
void retire();

// kcidb_submit calls running in this backend (their triggers need no
// commit-time marker).
int& submits_running();

// True once a trigger of this transaction inserted its ciprov.rollup_marker
// row (a flush then deletes it; without one there is nothing to delete).
bool& marker_placed();

}  // namespace ciprov::pg::notes
