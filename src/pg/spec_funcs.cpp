// ciprov.spec semantics and accessors: satisfies, intersects, constrain,
// spec_name, spec_versions, spec_variants, spec_dependencies, spec_to_jsonb.
#include <algorithm>
#include <string>
#include <vector>

#include "pg/datum.h"
#include "pg/spec_datum.h"
#include "pg/version_datum.h"

extern "C" {
#include "funcapi.h"
#include "utils/fmgrprotos.h"
#include "utils/tuplestore.h"
}

namespace core = ciprov::core;
namespace pg = ciprov::pg;

namespace {
Datum jsonb_from_text(const std::string& json) {
  char* cstr = pg::make_cstring(json);
  return pg::guarded([cstr] { return DirectFunctionCall1(jsonb_in, CStringGetDatum(cstr)); });
}
}  // namespace

CIPROV_FUNCTION(ciprov_spec_satisfies) {
  core::Spec a = pg::spec_value(PG_GETARG_DATUM(0));
  core::Spec b = pg::spec_value(PG_GETARG_DATUM(1));
  return BoolGetDatum(core::satisfies(a, b));
}

// b @> a: the commutator of a <@ b.
CIPROV_FUNCTION(ciprov_spec_satisfied_by) {
  core::Spec b = pg::spec_value(PG_GETARG_DATUM(0));
  core::Spec a = pg::spec_value(PG_GETARG_DATUM(1));
  return BoolGetDatum(core::satisfies(a, b));
}

CIPROV_FUNCTION(ciprov_spec_intersects) {
  core::Spec a = pg::spec_value(PG_GETARG_DATUM(0));
  core::Spec b = pg::spec_value(PG_GETARG_DATUM(1));
  return BoolGetDatum(core::intersects(a, b));
}

CIPROV_FUNCTION(ciprov_spec_constrain) {
  core::Spec a = pg::spec_value(PG_GETARG_DATUM(0));
  core::Spec b = pg::spec_value(PG_GETARG_DATUM(1));
  return pg::spec_datum(core::constrain(a, b));
}

CIPROV_FUNCTION(ciprov_spec_name) {
  core::Spec s = pg::spec_value(PG_GETARG_DATUM(0));
  if (s.name.empty()) PG_RETURN_NULL();
  return pg::text_datum(s.name);
}

CIPROV_FUNCTION(ciprov_spec_versions) {
  core::Spec s = pg::spec_value(PG_GETARG_DATUM(0));
  return pg::version_range_datum(s.versions);
}

CIPROV_FUNCTION(ciprov_spec_variants) {
  core::Spec s = pg::spec_value(PG_GETARG_DATUM(0));
  return jsonb_from_text(core::variants_to_json(s));
}

CIPROV_FUNCTION(ciprov_spec_to_jsonb) {
  core::Spec s = pg::spec_value(PG_GETARG_DATUM(0));
  return jsonb_from_text(core::to_json(s));
}

// The direct edges of the root: each dependency as a spec of its own (the
// child node with whatever hangs below it), in canonical order.
CIPROV_FUNCTION(ciprov_spec_dependencies) {
  std::vector<Datum> children;
  {
    core::Spec s = pg::spec_value(PG_GETARG_DATUM(0));
    std::vector<std::string> texts;
    for (const auto& e : s.deps) texts.push_back(core::to_string(e.spec));
    std::sort(texts.begin(), texts.end());
    for (const auto& t : texts) children.push_back(pg::spec_datum(core::parse_spec(t)));
  }
  pg::guarded([fcinfo] { InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC); });
  auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
  for (Datum d : children) {
    pg::guarded([rsinfo, d] {
      Datum values[1] = {d};
      bool nulls[1] = {false};
      tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    });
  }
  return (Datum)0;
}
