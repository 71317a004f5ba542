#include "pg/spec_datum.h"

#include <string>

#include "core/error.h"
#include "pg/datum.h"
#include "pg/version_datum.h"

namespace ciprov::pg {

std::string_view spec_text(Datum d) {
  std::string_view bytes = varlena_payload(d);
  if (bytes.empty() || bytes[0] != kSpecFormat)
    throw core::Error(core::sqlstate::kInvalidBinaryRepresentation,
                      "invalid stored value of type ciprov.spec",
                      "Unknown format version byte.");
  return bytes.substr(1);
}

core::Spec spec_value(Datum d) { return core::parse_spec(spec_text(d)); }

Datum spec_datum(const core::Spec& s) {
  std::string bytes(1, kSpecFormat);
  bytes += core::to_string(s);
  return PointerGetDatum(make_varlena(bytes));
}

}  // namespace ciprov::pg
