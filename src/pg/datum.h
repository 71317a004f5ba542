// Guarded conversions between PostgreSQL Datums and C++ values.
//
// Reading an argument may detoast it, and detoasting may raise an error, so
// these helpers go through pg::guarded(). Results are palloc'd varlenas that
// PostgreSQL owns.
#pragma once

#include <cstddef>
#include <string>
#include <optional>
#include <string_view>
#include <vector>

#include "pg/guard.h"

namespace ciprov::pg {

// Argument n, detoasted, as a varlena (packed header allowed: use VARDATA_ANY
// and VARSIZE_ANY_EXHDR). Valid until the end of the call.
struct varlena* arg_varlena(FunctionCallInfo fcinfo, int n);

// The bytes of varlena argument n (text, bytea, or one of our types).
std::string_view arg_bytes(FunctionCallInfo fcinfo, int n);

// A new palloc'd varlena whose payload is `bytes`.
struct varlena* make_varlena(std::string_view bytes);

// The elements of a text[] Datum (detoasted and deconstructed under the
// guard; NULL elements have nulls[i] set). The arrays are palloc'd.
struct TextElements {
  Datum* elems = nullptr;
  bool* nulls = nullptr;
  int n = 0;
};
TextElements text_elements(Datum array);

// The bytes of a text (or any varlena: bytea, our types) Datum, detoasted
// under the guard when needed.
std::string_view text_bytes(Datum text);

// A palloc'd one-dimensional array of element type `type` (nulls[i]: a NULL
// element); empty when there are no elements.
Datum array_datum(Oid type, const std::vector<Datum>& elems, const std::vector<bool>& nulls);
// text[] from optional strings (none: a NULL element).
Datum text_array_datum(const std::vector<std::optional<std::string>>& items);

// A new palloc'd text Datum; a palloc'd NUL-terminated copy of s.
Datum text_datum(std::string_view s);

// A palloc'd text[] of text Datums, none NULL; text_array_of builds it from
// strings (std::string or std::string_view). The one way the readers make a
// text[] of known strings.
Datum text_array_from_texts(const std::vector<Datum>& texts);
template <typename Strings>
Datum text_array_of(const Strings& strings) {
  std::vector<Datum> texts;
  texts.reserve(strings.size());
  for (const auto& s : strings) texts.push_back(text_datum(s));
  return text_array_from_texts(texts);
}

// Text Datums of many strings in one palloc'd block, for a result's rows:
// one allocation where text_datum makes one per value (a tenth of a short
// test_history call was those allocations and their frees). Made with
// room for `count` texts of `bytes` bytes in all; each add() takes one.
class TextBlock {
 public:
  TextBlock(std::size_t count, std::size_t bytes);
  Datum add(std::string_view s);

 private:
  char* next_;
  char* end_;
};
char* make_cstring(std::string_view s);

}  // namespace ciprov::pg
