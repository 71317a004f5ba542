// The rollups' hook in ciprov.kcidb_submit (docs/rollup.md).
#pragma once

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

// True when a rollup trigger noted a change that no flush has folded in.
bool rollup_pending();

// Folds the tests and builds the current transaction changed into the
// rollups (three statements through plans kept per backend). Call inside
// an SPI connection, after the submission's own writes.
void rollup_flush();

}  // namespace ciprov::pg
