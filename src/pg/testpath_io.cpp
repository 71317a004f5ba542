// ciprov.testpath input/output: text, binary, and the casts to and from text
// (src/sql/31_testpath.sql). Validation lives in core::testpath.
#include <cstring>
#include <string>

#include "core/error.h"
#include "core/testpath.h"
#include "pg/datum.h"
#include "pg/testpath_datum.h"

extern "C" {
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
}

namespace tp = ciprov::core::testpath;
namespace pg = ciprov::pg;

namespace ciprov::pg {

std::string_view testpath_text(Datum d) {
  auto* v = reinterpret_cast<struct varlena*>(DatumGetPointer(d));
  if (VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v))
    v = guarded([d] { return PG_DETOAST_DATUM_PACKED(d); });
  const char* data = VARDATA_ANY(v);
  std::size_t size = VARSIZE_ANY_EXHDR(v);
  if (size < 1 || static_cast<unsigned char>(data[0]) != kTestpathFormat)
    throw core::Error(
        core::sqlstate::kDataException, "ciprov.testpath value has an unknown storage format",
        size < 1 ? "The value is empty."
                 : "Format byte " + std::to_string(static_cast<unsigned char>(data[0])) +
                       ", expected " + std::to_string(kTestpathFormat) + ".");
  return {data + 1, size - 1};
}

Datum testpath_datum(std::string_view path) {
  auto* v = static_cast<struct varlena*>(alloc(VARHDRSZ + 1 + path.size()));
  SET_VARSIZE(v, VARHDRSZ + 1 + path.size());
  char* data = VARDATA(v);
  data[0] = static_cast<char>(kTestpathFormat);
  if (!path.empty()) std::memcpy(data + 1, path.data(), path.size());
  return PointerGetDatum(v);
}

}  // namespace ciprov::pg

CIPROV_FUNCTION(ciprov_testpath_in) {
  std::string_view text = PG_GETARG_CSTRING(0);
  tp::validate(text);
  return pg::testpath_datum(text);
}

CIPROV_FUNCTION(ciprov_testpath_out) {
  return PointerGetDatum(pg::make_cstring(pg::testpath_arg(fcinfo, 0)));
}

// Binary form: the format version byte, then the text.
CIPROV_FUNCTION(ciprov_testpath_recv) {
  auto* buf = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
  std::string_view rest(buf->data + buf->cursor, buf->len - buf->cursor);
  if (rest.empty() || static_cast<unsigned char>(rest[0]) != pg::kTestpathFormat)
    throw ciprov::core::Error(
        ciprov::core::sqlstate::kInvalidBinaryRepresentation, "invalid binary ciprov.testpath",
        rest.empty()
            ? "The value is empty."
            : "Unknown format version " + std::to_string(static_cast<unsigned char>(rest[0])) +
                  ", expected " + std::to_string(pg::kTestpathFormat) + ".");
  std::string_view path = rest.substr(1);
  if (!tp::is_valid(path))
    throw ciprov::core::Error(
        ciprov::core::sqlstate::kInvalidBinaryRepresentation, "invalid binary ciprov.testpath",
        "The path " + ciprov::core::quoted(std::string(path)) + " is not a valid test path.");
  buf->cursor = buf->len;
  return pg::testpath_datum(path);
}

CIPROV_FUNCTION(ciprov_testpath_send) {
  std::string_view path = pg::testpath_arg(fcinfo, 0);
  // The send format is the stored payload: a bytea of version byte + text.
  auto* out = static_cast<bytea*>(pg::alloc(VARHDRSZ + 1 + path.size()));
  SET_VARSIZE(out, VARHDRSZ + 1 + path.size());
  VARDATA(out)[0] = static_cast<char>(pg::kTestpathFormat);
  if (!path.empty()) std::memcpy(VARDATA(out) + 1, path.data(), path.size());
  return PointerGetDatum(out);
}

CIPROV_FUNCTION(ciprov_testpath_from_text) {
  std::string_view text = pg::arg_bytes(fcinfo, 0);
  tp::validate(text);
  return pg::testpath_datum(text);
}

CIPROV_FUNCTION(ciprov_testpath_to_text) { return pg::text_datum(pg::testpath_arg(fcinfo, 0)); }
