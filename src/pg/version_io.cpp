// Text and binary I/O of ciprov.version and ciprov.version_range.
//
// Wire format (send/recv) of both types: one format version byte (1), then
// the text. The receiver parses the text, so a client can never smuggle in
// a sort key that disagrees with its text.
#include <string>

#include "core/error.h"
#include "pg/datum.h"
#include "pg/version_datum.h"

extern "C" {
#include "lib/stringinfo.h"
}

namespace core = ciprov::core;
namespace pg = ciprov::pg;

namespace {

constexpr char kWireFormat = 1;

// The rest of a recv buffer, after checking the format byte.
std::string_view take_wire_text(FunctionCallInfo fcinfo, const char* type_name) {
  auto* buf = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
  std::string_view rest(buf->data + buf->cursor, buf->len - buf->cursor);
  if (rest.empty() || rest[0] != kWireFormat)
    throw core::Error(core::sqlstate::kInvalidBinaryRepresentation,
                      std::string("unsupported binary format version for type ") + type_name,
                      rest.empty() ? "The message is empty."
                                   : "Format version byte " + std::to_string(static_cast<unsigned char>(rest[0])) +
                                         ", expected 1.");
  buf->cursor = buf->len;
  return rest.substr(1);
}

Datum wire_bytes(std::string_view text) {
  std::string out(1, kWireFormat);
  out.append(text);
  return PointerGetDatum(pg::make_varlena(out));
}

}  // namespace

CIPROV_FUNCTION(ciprov_version_in) {
  const char* text = PG_GETARG_CSTRING(0);
  return pg::version_datum(core::Version::parse(text));
}

CIPROV_FUNCTION(ciprov_version_out) {
  core::VersionView v = pg::version_view(PG_GETARG_DATUM(0));
  if (!v.text_omitted) return CStringGetDatum(pg::make_cstring(v.text));
  return CStringGetDatum(pg::make_cstring(core::Version::text_of(v)));
}

CIPROV_FUNCTION(ciprov_version_recv) {
  return pg::version_datum(core::Version::parse(take_wire_text(fcinfo, "ciprov.version")));
}

CIPROV_FUNCTION(ciprov_version_send) {
  return wire_bytes(core::Version::text_of(pg::version_view(PG_GETARG_DATUM(0))));
}

CIPROV_FUNCTION(ciprov_version_range_in) {
  const char* text = PG_GETARG_CSTRING(0);
  return pg::version_range_datum(core::VersionRange::parse(text));
}

CIPROV_FUNCTION(ciprov_version_range_out) {
  std::string text = pg::version_range_value(PG_GETARG_DATUM(0)).to_string();
  return CStringGetDatum(pg::make_cstring(text));
}

CIPROV_FUNCTION(ciprov_version_range_recv) {
  return pg::version_range_datum(
      core::VersionRange::parse(take_wire_text(fcinfo, "ciprov.version_range")));
}

CIPROV_FUNCTION(ciprov_version_range_send) {
  return wire_bytes(pg::version_range_value(PG_GETARG_DATUM(0)).to_string());
}
