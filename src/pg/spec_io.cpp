// Text and binary I/O of ciprov.spec. The wire format is the stored one
// (format version byte 1, then the text); the receiver parses the text, so
// whatever arrives is validated and canonicalised.
#include <string>

#include "core/error.h"
#include "pg/datum.h"
#include "pg/spec_datum.h"

extern "C" {
#include "lib/stringinfo.h"
}

namespace core = ciprov::core;
namespace pg = ciprov::pg;

CIPROV_FUNCTION(ciprov_spec_in) {
  const char* text = PG_GETARG_CSTRING(0);
  return pg::spec_datum(core::parse_spec(text));
}

CIPROV_FUNCTION(ciprov_spec_out) {
  return CStringGetDatum(pg::make_cstring(pg::spec_text(PG_GETARG_DATUM(0))));
}

CIPROV_FUNCTION(ciprov_spec_recv) {
  auto* buf = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
  std::string_view rest(buf->data + buf->cursor, buf->len - buf->cursor);
  if (rest.empty() || rest[0] != pg::kSpecFormat)
    throw core::Error(core::sqlstate::kInvalidBinaryRepresentation,
                      "unsupported binary format version for type ciprov.spec",
                      rest.empty() ? "The message is empty."
                                   : "Format version byte " +
                                         std::to_string(static_cast<unsigned char>(rest[0])) +
                                         ", expected 1.");
  buf->cursor = buf->len;
  return pg::spec_datum(core::parse_spec(rest.substr(1)));
}

CIPROV_FUNCTION(ciprov_spec_send) {
  std::string bytes(1, pg::kSpecFormat);
  bytes += pg::spec_text(PG_GETARG_DATUM(0));
  return PointerGetDatum(pg::make_varlena(bytes));
}
