#include "pg/datum.h"

#include <cstring>

#include "core/error.h"

extern "C" {
#include "catalog/pg_type_d.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
}

namespace ciprov::pg {

struct varlena* arg_varlena(FunctionCallInfo fcinfo, int n) {
  Datum d = PG_GETARG_DATUM(n);
  return guarded([d] { return PG_DETOAST_DATUM_PACKED(d); });
}

std::string_view arg_bytes(FunctionCallInfo fcinfo, int n) {
  struct varlena* v = arg_varlena(fcinfo, n);
  return {VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v)};
}

namespace {

// Writes a varlena of payload `bytes` at `at` (VARHDRSZ + bytes.size() bytes).
struct varlena* write_varlena(void* at, std::string_view bytes) {
  auto* v = static_cast<struct varlena*>(at);
  SET_VARSIZE(v, VARHDRSZ + bytes.size());
  if (!bytes.empty()) std::memcpy(VARDATA(v), bytes.data(), bytes.size());
  return v;
}

}  // namespace

struct varlena* make_varlena(std::string_view bytes) { return write_varlena(alloc(VARHDRSZ + bytes.size()), bytes); }

TextElements text_elements(Datum array) {
  TextElements out;
  TextElements* o = &out;
  guarded([array, o] { deconstruct_array(DatumGetArrayTypeP(array), TEXTOID, -1, false, TYPALIGN_INT, &o->elems, &o->nulls, &o->n); });
  return out;
}

std::string_view text_bytes(Datum text) {
  auto* v = reinterpret_cast<struct varlena*>(DatumGetPointer(text));
  if (VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v)) v = guarded([text] { return PG_DETOAST_DATUM_PACKED(text); });
  return {VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v)};
}

Datum array_datum(Oid type, const std::vector<Datum>& elems, const std::vector<bool>& nulls) {
  const int n = static_cast<int>(elems.size());
  if (n == 0) return guarded([type] { return PointerGetDatum(construct_empty_array(type)); });
  auto* values = static_cast<Datum*>(alloc(sizeof(Datum) * elems.size()));
  auto* isnull = static_cast<bool*>(alloc(sizeof(bool) * elems.size()));
  for (std::size_t i = 0; i < elems.size(); ++i) {
    values[i] = elems[i];
    isnull[i] = i < nulls.size() && nulls[i];
  }
  return guarded([type, values, isnull, n] {
    int16 len;
    bool byval;
    char align;
    get_typlenbyvalalign(type, &len, &byval, &align);
    int dims[1] = {n};
    int lbs[1] = {1};
    return PointerGetDatum(construct_md_array(values, isnull, 1, dims, lbs, type, len, byval, align));
  });
}

Datum text_array_datum(const std::vector<std::optional<std::string>>& items) {
  std::vector<Datum> elems;
  std::vector<bool> nulls;
  elems.reserve(items.size());
  nulls.reserve(items.size());
  for (const std::optional<std::string>& t : items) {
    elems.push_back(t ? text_datum(*t) : static_cast<Datum>(0));
    nulls.push_back(!t);
  }
  return array_datum(TEXTOID, elems, nulls);
}

Datum text_datum(std::string_view s) { return PointerGetDatum(make_varlena(s)); }

// (text's length, by-value and alignment are known: no catalog lookup, as
// array_datum makes, on a path an index expression takes for every row)
Datum text_array_from_texts(const std::vector<Datum>& texts) {
  const Datum* elems = texts.data();
  const int n = static_cast<int>(texts.size());
  return guarded([elems, n] {
    return PointerGetDatum(construct_array(const_cast<Datum*>(elems), n, TEXTOID, -1, false, TYPALIGN_INT));
  });
}

// (each varlena at an int-aligned offset, as its 4-byte header is read)
TextBlock::TextBlock(std::size_t count, std::size_t bytes) {
  const std::size_t size = count * INTALIGN(VARHDRSZ) + count * (ALIGNOF_INT - 1) + bytes;
  next_ = static_cast<char*>(alloc(size > 0 ? size : 1));
  end_ = next_ + size;
}

Datum TextBlock::add(std::string_view s) {
  const std::size_t size = INTALIGN(VARHDRSZ + s.size());
  if (static_cast<std::size_t>(end_ - next_) < size)
    throw core::Error(core::sqlstate::kInternalError, "a text block is full: more texts than it was made for");
  struct varlena* v = write_varlena(next_, s);
  next_ += size;
  return PointerGetDatum(v);
}

char* make_cstring(std::string_view s) {
  auto* p = static_cast<char*>(alloc(s.size() + 1));
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

}  // namespace ciprov::pg
