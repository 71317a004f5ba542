// ciprov.spack_splice: reads both DAGs through ciprov.spack_json (the one
// exporter), splices them in C++ (core/spack_splice) and stores the result
// through ciprov.spack_submit (the one writer), so closures and edge lists
// of the new nodes are computed like any others.
#include <string>

#include "core/error.h"
#include "core/spack_json.h"
#include "core/spack_splice.h"
#include "pg/datum.h"
#include "pg/guard.h"
#include "pg/spi.h"

extern "C" {
#include "catalog/pg_type.h"
}

namespace sp = ciprov::core::spack;
namespace spi = ciprov::pg::spi;

namespace {

sp::Dag stored_dag(const std::string& hash) {
  static SPIPlanPtr p;
  spi::plan(p, "SELECT ciprov.spack_json($1)::pg_catalog.text", {TEXTOID});
  spi::exec(p, {spi::text_arg(hash)}, "", true);
  return sp::read_spec(spi::get_text(0, 1));
}

}  // namespace

// ciprov.spack_splice(target text, replacement text, transitive boolean) RETURNS text
CIPROV_FUNCTION(ciprov_spack_splice) {
  std::string target(ciprov::pg::arg_bytes(fcinfo, 0));
  std::string replacement(ciprov::pg::arg_bytes(fcinfo, 1));
  bool transitive = PG_GETARG_BOOL(2);
  spi::connect();
  sp::Dag t = stored_dag(target);
  sp::Dag r = stored_dag(replacement);
  std::string doc = sp::write_spec_v5(sp::splice(t, r, transitive));
  static SPIPlanPtr p;
  spi::plan(p, "SELECT ciprov.spack_submit($1::pg_catalog.jsonb)", {TEXTOID});
  spi::exec(p, {spi::text_arg(doc)}, "", false);
  std::string root = spi::get_text(0, 1);
  spi::finish();
  return ciprov::pg::text_datum(root);
}
