// jsonb <-> the core's JSON value (nlohmann::json), without a text round
// trip on the way in: the jsonb is walked with JsonbIterator.
#pragma once

#include <nlohmann/json.hpp>

#include "pg/guard.h"

extern "C" {
#include "utils/jsonb.h"
}

namespace ciprov::pg {

// The value of a jsonb. Numbers that are integral and within +-2^53 become
// JSON integers, others doubles (kcidb numbers are IEEE doubles).
//
// With `for_validation`, values the kcidb validator only needs the shape
// of are not copied: every "misc" object becomes an empty object (misc is
// free-form) and a "log_excerpt" string within the 16384-character limit
// becomes "" (jsonb cannot hold the NUL the validator would look for). Log
// excerpts are most of the bytes of real submissions, so this halves the
// work; the result must not be stored, only validated.
nlohmann::json jsonb_to_json(Jsonb* jb, bool for_validation = false);

// A new palloc'd jsonb Datum holding `value` (built through jsonb_in).
Datum json_to_jsonb(const nlohmann::json& value);

}  // namespace ciprov::pg
