// The rollups' hook in ciprov.kcidb_submit (docs/rollup.md).
#pragma once

namespace ciprov::pg {

// Folds the tests and builds the current transaction changed into the
// rollups (SELECT ciprov.rollup_flush(), through a plan kept per backend).
// Call inside an SPI connection, after the submission's own writes.
void rollup_flush();

}  // namespace ciprov::pg
