#include "pg/version_datum.h"

#include "core/error.h"
#include "pg/datum.h"

namespace ciprov::pg {

std::string_view varlena_payload(Datum d) {
  auto* p = reinterpret_cast<struct varlena*>(DatumGetPointer(d));
  if (VARATT_IS_EXTERNAL(p) || VARATT_IS_COMPRESSED(p))
    p = guarded([p] { return pg_detoast_datum_packed(p); });
  return {VARDATA_ANY(p), VARSIZE_ANY_EXHDR(p)};
}

core::VersionView version_view(Datum d) {
  core::VersionView view;
  if (!core::Version::decode(varlena_payload(d), &view))
    throw core::Error(core::sqlstate::kInvalidBinaryRepresentation,
                      "invalid stored value of type ciprov.version");
  return view;
}

core::Version version_value(Datum d) { return core::Version::deserialize(varlena_payload(d)); }

Datum version_datum(const core::Version& v) { return PointerGetDatum(make_varlena(v.serialize())); }

core::VersionRange version_range_value(Datum d) {
  return core::VersionRange::deserialize(varlena_payload(d));
}

Datum version_range_datum(const core::VersionRange& r) {
  return PointerGetDatum(make_varlena(r.serialize()));
}

}  // namespace ciprov::pg
