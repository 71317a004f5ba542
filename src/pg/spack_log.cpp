// ciprov.spack_parse_log: errors and warnings of build output, found by the
// C++ port of Spack's CTest-derived log parser (core/spack_log.h).
#include <string>
#include <vector>

#include "core/error.h"
#include "core/spack_log.h"
#include "pg/datum.h"
#include "pg/guard.h"

extern "C" {
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/tuplestore.h"
}

namespace sp = ciprov::core::spack;
using ciprov::pg::guarded;

namespace {

Datum text_array(const std::vector<std::string>& lines) {
  std::size_t n = lines.size();
  auto* elems = static_cast<Datum*>(ciprov::pg::alloc(sizeof(Datum) * (n == 0 ? 1 : n)));
  for (std::size_t i = 0; i < n; ++i) elems[i] = ciprov::pg::text_datum(lines[i]);
  int count = static_cast<int>(n);
  return PointerGetDatum(guarded(
      [elems, count] { return construct_array(elems, count, TEXTOID, -1, false, TYPALIGN_INT); }));
}

}  // namespace

// ciprov.spack_parse_log(output text, context int4)
//   RETURNS TABLE (kind, line_no, source_file, source_line, text, pre_context, post_context)
CIPROV_FUNCTION(ciprov_spack_parse_log) {
  std::string output(ciprov::pg::arg_bytes(fcinfo, 0));
  int context = PG_GETARG_INT32(1);
  if (context < 0 || context > 1000)
    throw ciprov::core::Error(ciprov::core::sqlstate::kInvalidParameterValue,
                              "context must be between 0 and 1000 lines");
  std::vector<sp::LogEvent> events = sp::parse_build_log(output, context);

  guarded([fcinfo] { InitMaterializedSRF(fcinfo, 0); });
  auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
  Tuplestorestate* store = rsinfo->setResult;
  TupleDesc desc = rsinfo->setDesc;
  for (const sp::LogEvent& e : events) {
    Datum values[7];
    bool nulls[7] = {false, false, !e.source_file, !e.source_line, false, false, false};
    values[0] = ciprov::pg::text_datum(e.is_error ? "error" : "warning");
    values[1] = Int32GetDatum(e.line_no);
    values[2] = e.source_file ? ciprov::pg::text_datum(*e.source_file) : 0;
    values[3] = Int32GetDatum(e.source_line.value_or(0));
    values[4] = ciprov::pg::text_datum(e.text);
    values[5] = text_array(e.pre_context);
    values[6] = text_array(e.post_context);
    Datum* vp = values;
    bool* np = nulls;
    guarded([store, desc, vp, np] { tuplestore_putvalues(store, desc, vp, np); });
  }
  return static_cast<Datum>(0);
}
