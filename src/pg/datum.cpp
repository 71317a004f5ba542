#include "pg/datum.h"

#include <cstring>

namespace ciprov::pg {

struct varlena* arg_varlena(FunctionCallInfo fcinfo, int n) {
  Datum d = PG_GETARG_DATUM(n);
  return guarded([d] { return PG_DETOAST_DATUM_PACKED(d); });
}

std::string_view arg_bytes(FunctionCallInfo fcinfo, int n) {
  struct varlena* v = arg_varlena(fcinfo, n);
  return {VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v)};
}

struct varlena* make_varlena(std::string_view bytes) {
  auto* v = static_cast<struct varlena*>(alloc(VARHDRSZ + bytes.size()));
  SET_VARSIZE(v, VARHDRSZ + bytes.size());
  if (!bytes.empty()) std::memcpy(VARDATA(v), bytes.data(), bytes.size());
  return v;
}

Datum text_datum(std::string_view s) { return PointerGetDatum(make_varlena(s)); }

char* make_cstring(std::string_view s) {
  auto* p = static_cast<char*>(alloc(s.size() + 1));
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

}  // namespace ciprov::pg
