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
nlohmann::json jsonb_to_json(Jsonb* jb);

// A new palloc'd jsonb Datum holding `value` (built through jsonb_in).
Datum json_to_jsonb(const nlohmann::json& value);

}  // namespace ciprov::pg
