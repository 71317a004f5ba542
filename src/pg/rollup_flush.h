// The rollups' hook in ciprov.kcidb_submit (docs/rollup.md).
#pragma once

#include <optional>
#include <string>

#include "core/rollup_delta.h"

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
// memory until a flush folds them in: a test went from `before` (none: it
// is new) to `now` (none: it was deleted); a build changed.
void note_test(std::string id, std::optional<core::rollup::TestState> before,
               std::optional<core::rollup::TestState> now);
void note_build(std::string id);

// True while ciprov.kcidb_submit runs (it flushes what its writes noted).
bool in_submit();

// True when a rollup trigger noted a change that no flush has folded in.
bool rollup_pending();

// Folds the tests and builds the current transaction changed into the
// rollups (three statements through plans kept per backend). Call inside
// an SPI connection, after the submission's own writes.
void rollup_flush();

}  // namespace ciprov::pg
