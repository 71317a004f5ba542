// ciprov.spack_parse_log: errors and warnings of build output, found by the
// C++ port of Spack's CTest-derived log parser (core/spack_log.h).
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/spack_log.h"
#include "pg/datum.h"
#include "pg/guard.h"
#include "pg/srf.h"

namespace sp = ciprov::core::spack;

// ciprov.spack_parse_log(output text, context int4)
//   RETURNS TABLE (kind, line_no, source_file, source_line, text, pre_context, post_context)
CIPROV_FUNCTION(ciprov_spack_parse_log) {
  std::string_view output = ciprov::pg::arg_bytes(fcinfo, 0);
  int context = PG_GETARG_INT32(1);
  if (context < 0 || context > 1000)
    throw ciprov::core::Error(ciprov::core::sqlstate::kInvalidParameterValue,
                              "context must be between 0 and 1000 lines");
  std::vector<sp::LogEvent> events = sp::parse_build_log(output, context);

  // A big log gives thousands of events, each with its context arrays:
  // built in the result's row memory, they are freed row by row.
  ciprov::pg::MaterializedResult out(fcinfo, 7);
  for (const sp::LogEvent& e : events) {
    ciprov::pg::MaterializedResult::RowMemory row(out);
    Datum values[7];
    bool nulls[7] = {false, false, !e.source_file, !e.source_line, false, false, false};
    values[0] = ciprov::pg::text_datum(e.is_error ? "error" : "warning");
    values[1] = Int32GetDatum(e.line_no);
    values[2] = e.source_file ? ciprov::pg::text_datum(*e.source_file) : 0;
    values[3] = Int32GetDatum(e.source_line.value_or(0));
    values[4] = ciprov::pg::text_datum(e.text);
    values[5] = ciprov::pg::text_array_of(e.pre_context);
    values[6] = ciprov::pg::text_array_of(e.post_context);
    out.put(values, nulls);
  }
  return static_cast<Datum>(0);
}
