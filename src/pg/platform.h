// A kcidb test's hardware environment read from its columns (the rules are
// core::hardware; src/pg/platform.cpp has the SQL functions).
#pragma once

#include "core/hardware.h"
#include "pg/guard.h"

namespace ciprov::pg {

// environment_misc (jsonb) and environment_compatible (text[]), either of
// which may be NULL. The views point into detoasted memory that lives as
// long as the current memory context.
core::hardware::Environment read_environment(Datum misc, bool misc_null, Datum compatible, bool compatible_null);

}  // namespace ciprov::pg
