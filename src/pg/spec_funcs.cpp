// ciprov.spec semantics and accessors: satisfies, intersects, constrain,
// spec_name, spec_versions, spec_variants, spec_dependencies, spec_to_jsonb.
#include <algorithm>
#include <new>
#include <string>
#include <vector>

#include "pg/datum.h"
#include "pg/spec_datum.h"
#include "pg/srf.h"
#include "pg/version_datum.h"

extern "C" {
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"
}

namespace core = ciprov::core;
namespace pg = ciprov::pg;

namespace {

// Parsed arguments kept across the calls of one expression (in fn_extra):
// in `s <@ 'hdf5+mpi'` over a table, the constant is parsed once, not once
// per row. The cache lives in fn_mcxt; a reset callback runs its destructor.
struct SpecArgCache {
  std::string text[2];
  core::Spec spec[2];
  bool valid[2] = {false, false};
  MemoryContextCallback callback;
};

void destroy_cache(void* arg) { static_cast<SpecArgCache*>(arg)->~SpecArgCache(); }

const core::Spec& spec_arg(FunctionCallInfo fcinfo, int n) {
  FmgrInfo* fl = fcinfo->flinfo;
  if (fl == nullptr) {  // called without an FmgrInfo: no cache
    static core::Spec uncached[2];
    uncached[n] = pg::spec_value(PG_GETARG_DATUM(n));
    return uncached[n];
  }
  auto* cache = static_cast<SpecArgCache*>(fl->fn_extra);
  if (cache == nullptr) {
    void* mem = pg::guarded([fl] { return MemoryContextAlloc(fl->fn_mcxt, sizeof(SpecArgCache)); });
    cache = new (mem) SpecArgCache();
    cache->callback.func = destroy_cache;
    cache->callback.arg = cache;
    pg::guarded([fl, cache] { MemoryContextRegisterResetCallback(fl->fn_mcxt, &cache->callback); });
    fl->fn_extra = cache;
  }
  std::string_view text = pg::spec_text(PG_GETARG_DATUM(n));
  if (!cache->valid[n] || cache->text[n] != text) {
    cache->valid[n] = false;
    cache->spec[n] = core::parse_spec(text);
    cache->text[n].assign(text);
    cache->valid[n] = true;
  }
  return cache->spec[n];
}

Datum jsonb_from_text(const std::string& json) {
  char* cstr = pg::make_cstring(json);
  return pg::guarded([cstr] { return DirectFunctionCall1(jsonb_in, CStringGetDatum(cstr)); });
}
}  // namespace

CIPROV_FUNCTION(ciprov_spec_satisfies) {
  return BoolGetDatum(core::satisfies(spec_arg(fcinfo, 0), spec_arg(fcinfo, 1)));
}

// b @> a: the commutator of a <@ b.
CIPROV_FUNCTION(ciprov_spec_satisfied_by) {
  return BoolGetDatum(core::satisfies(spec_arg(fcinfo, 1), spec_arg(fcinfo, 0)));
}

CIPROV_FUNCTION(ciprov_spec_intersects) {
  return BoolGetDatum(core::intersects(spec_arg(fcinfo, 0), spec_arg(fcinfo, 1)));
}

CIPROV_FUNCTION(ciprov_spec_constrain) {
  return pg::spec_datum(core::constrain(spec_arg(fcinfo, 0), spec_arg(fcinfo, 1)));
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
  pg::MaterializedResult out(fcinfo, 1);
  for (Datum d : children) {
    Datum values[1] = {d};
    bool nulls[1] = {false};
    out.put(values, nulls);
  }
  return (Datum)0;
}
