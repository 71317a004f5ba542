// The rollups' hook in ciprov.kcidb_submit (docs/rollup.md).
#pragma once

#include <optional>
#include <string>

#include "core/rollup_model.h"

namespace ciprov::pg {

// Marks a kcidb_submit call as running for its lifetime: the rollup
// triggers it fires need no commit-time marker, its own flush follows.
class SubmitScope {
 public:
  SubmitScope();
  ~SubmitScope();
  SubmitScope(const SubmitScope&) = delete;
  SubmitScope& operator=(const SubmitScope&) = delete;
};

// The rollup triggers' notes (src/pg/rollup_trigger.cpp), kept in backend
// memory until a flush folds them in (pg/rollup_notes.h): a test went from
// `before` (none: it is new) to `now` (none: it was deleted); a build or a
// checkout changed (with its state before).
void note_test(std::string id, std::optional<core::rollup::TestState> before,
               std::optional<core::rollup::TestState> now);
void note_build(std::string id, std::optional<core::rollup::BuildAttrs> before);
void note_checkout(std::string id, std::optional<core::rollup::CheckoutAttrs> before);

// True while ciprov.kcidb_submit runs (it flushes what its writes noted).
bool in_submit();

// True when a rollup trigger noted a change that no flush has folded in.
bool rollup_pending();

// Folds the tests, builds and checkouts the current transaction changed
// into the rollups (four statements through plans kept per backend). Call
// inside an SPI connection, after the submission's own writes.
void rollup_flush();

}  // namespace ciprov::pg
