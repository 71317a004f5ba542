#include "pg/spi.h"

#include "core/error.h"
#include "pg/datum.h"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/array.h"
}

namespace ciprov::pg::spi {

void connect() {
  int rc = guarded([] { return SPI_connect(); });
  if (rc != SPI_OK_CONNECT)
    throw core::Error(core::sqlstate::kInternalError, "SPI_connect failed: " + std::to_string(rc));
}

void finish() {
  guarded([] { SPI_finish(); });
}

SPIPlanPtr plan(SPIPlanPtr& cache, const char* sql, std::vector<Oid> arg_types, PlanMode mode) {
  if (cache != nullptr) return cache;
  Oid* types = arg_types.data();
  int n = static_cast<int>(arg_types.size());
  int options = mode == PlanMode::kCustom    ? CURSOR_OPT_CUSTOM_PLAN
                : mode == PlanMode::kGeneric ? CURSOR_OPT_GENERIC_PLAN
                                             : 0;
  SPIPlanPtr p =
      guarded([sql, n, types, options] { return SPI_prepare_cursor(sql, n, types, options); });
  if (p == nullptr)
    throw core::Error(core::sqlstate::kInternalError,
                      std::string("SPI_prepare failed for: ") + sql);
  guarded([p] { SPI_keepplan(p); });
  cache = p;
  return p;
}

std::uint64_t exec(SPIPlanPtr plan, const std::vector<Datum>& args, const std::string& nulls,
                   bool read_only) {
  Datum* values = const_cast<Datum*>(args.data());
  const char* n = nulls.empty() ? nullptr : nulls.c_str();
  int rc = guarded(
      [plan, values, n, read_only] { return SPI_execute_plan(plan, values, n, read_only, 0); });
  if (rc < 0)
    throw core::Error(core::sqlstate::kInternalError,
                      "SPI_execute_plan failed: " + std::to_string(rc));
  return SPI_processed;
}

bool is_null(std::uint64_t row, int col) {
  bool null = false;
  HeapTuple tuple = SPI_tuptable->vals[row];
  TupleDesc desc = SPI_tuptable->tupdesc;
  guarded([tuple, desc, col, &null] { return SPI_getbinval(tuple, desc, col, &null); });
  return null;
}

std::int64_t get_int64(std::uint64_t row, int col) {
  bool null = false;
  HeapTuple tuple = SPI_tuptable->vals[row];
  TupleDesc desc = SPI_tuptable->tupdesc;
  Datum d = guarded([tuple, desc, col, &null] { return SPI_getbinval(tuple, desc, col, &null); });
  if (null) return 0;
  Oid type = SPI_gettypeid(desc, col);
  if (type == INT2OID) return DatumGetInt16(d);
  if (type == INT4OID) return DatumGetInt32(d);
  return DatumGetInt64(d);
}

std::string get_text(std::uint64_t row, int col) {
  HeapTuple tuple = SPI_tuptable->vals[row];
  TupleDesc desc = SPI_tuptable->tupdesc;
  char* s = guarded([tuple, desc, col] { return SPI_getvalue(tuple, desc, col); });
  return s == nullptr ? std::string() : std::string(s);
}

std::string_view get_text_view(std::uint64_t row, int col) {
  bool null = false;
  HeapTuple tuple = SPI_tuptable->vals[row];
  TupleDesc desc = SPI_tuptable->tupdesc;
  Datum d = guarded([tuple, desc, col, &null] { return SPI_getbinval(tuple, desc, col, &null); });
  if (null) return {};
  auto* v = reinterpret_cast<struct varlena*>(DatumGetPointer(d));
  if (VARATT_IS_EXTENDED(v)) v = guarded([v] { return pg_detoast_datum_packed(v); });
  return {VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v)};
}

Datum get_datum(std::uint64_t row, int col, bool* isnull) {
  HeapTuple tuple = SPI_tuptable->vals[row];
  TupleDesc desc = SPI_tuptable->tupdesc;
  return guarded([tuple, desc, col, isnull] { return SPI_getbinval(tuple, desc, col, isnull); });
}

bool get_bool(std::uint64_t row, int col) {
  bool null = false;
  Datum d = get_datum(row, col, &null);
  return !null && DatumGetBool(d);
}

std::optional<std::string> get_opt_text(std::uint64_t row, int col) {
  if (is_null(row, col)) return std::nullopt;
  return std::string(get_text_view(row, col));
}

std::optional<std::int64_t> get_opt_int64(std::uint64_t row, int col) {
  if (is_null(row, col)) return std::nullopt;
  return get_int64(row, col);
}

Datum text_arg(std::string_view s) { return text_datum(s); }

Datum int8_array_arg(const std::vector<std::int64_t>& values) {
  std::vector<Datum> elems;
  elems.reserve(values.size());
  for (std::int64_t v : values) elems.push_back(Int64GetDatum(v));
  return array_datum(INT8OID, elems, {});
}

Datum text_array_arg(const std::vector<std::string>& values) { return text_array_of(values); }

std::vector<std::string> parse_array_text(const std::string& s) {
  std::vector<std::string> out;
  if (s.size() < 2 || s.front() != '{' || s.back() != '}') return out;
  std::string cur;
  bool quoted = false, any = false;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '\\' && i + 2 < s.size()) {
        cur += s[++i];
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
      any = false;
    } else {
      cur += c;
      any = true;
    }
  }
  if (any || !cur.empty() || !out.empty()) out.push_back(cur);
  return out;
}

}  // namespace ciprov::pg::spi
