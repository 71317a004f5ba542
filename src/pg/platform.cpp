// Hardware and platform of kcidb tests (src/sql/34_platform.sql):
// ciprov.platform, ciprov.runs_on and ciprov.hardware_keys read
// environment_misc's "platform" key with PostgreSQL's jsonb API (no text
// round trip) and the environment_compatible array; core::hardware has the
// rules. runs_on has a planner support function that rewrites it to
// `ciprov.hardware_keys(misc, compatible) @> ARRAY[hardware]`, which a GIN
// expression index on hardware_keys answers.
#include <optional>
#include <string_view>

#include "pg/platform.h"

#include "core/hardware.h"
#include "pg/datum.h"
#include "pg/guard.h"

extern "C" {
#include "catalog/pg_operator.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "parser/parse_func.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
}

namespace hw = ciprov::core::hardware;
namespace pg = ciprov::pg;

namespace {

// environment_misc->>'platform' as ->> would give it (JSON null: absent),
// read straight from the binary jsonb.
std::optional<std::string_view> misc_platform(Datum misc) {
  Jsonb* jb = pg::guarded([misc] { return DatumGetJsonbP(misc); });
  if (!JB_ROOT_IS_OBJECT(jb)) return std::nullopt;
  JsonbValue buf;
  JsonbValue* buf_ptr = &buf;
  JsonbValue* v = pg::guarded(
      [jb, buf_ptr] { return getKeyJsonValueFromContainer(&jb->root, "platform", 8, buf_ptr); });
  if (v == nullptr) return std::nullopt;
  switch (v->type) {
    case jbvNull:
      return std::nullopt;
    case jbvString:
      return std::string_view(v->val.string.val, v->val.string.len);
    case jbvBool:
      return v->val.boolean ? std::string_view("true") : std::string_view("false");
    case jbvNumeric: {
      Numeric n = v->val.numeric;
      return std::string_view(pg::guarded(
          [n] { return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(n))); }));
    }
    default: {  // a nested object or array: its JSON text, as ->> gives it
      JsonbContainer* c = v->val.binary.data;
      int len = v->val.binary.len;
      return std::string_view(pg::guarded([c, len] { return JsonbToCString(nullptr, c, len); }));
    }
  }
}

}  // namespace

namespace ciprov::pg {

hw::Environment read_environment(Datum misc, bool misc_null, Datum compatible, bool compatible_null) {
  hw::Environment env;
  if (!misc_null) env.misc_platform = misc_platform(misc);
  if (compatible_null) return env;
  ArrayType* arr = pg::guarded([compatible] { return DatumGetArrayTypeP(compatible); });
  if (ARR_NDIM(arr) == 0) return env;
  TextElements e = text_elements(PointerGetDatum(arr));  // (already detoasted)
  env.compatible.reserve(static_cast<std::size_t>(e.n));
  for (int i = 0; i < e.n; ++i)
    if (!e.nulls[i]) env.compatible.push_back(text_bytes(e.elems[i]));
  // compatible[1]: subscript 1 of a one-dimensional array.
  if (ARR_NDIM(arr) == 1 && ARR_LBOUND(arr)[0] == 1 && e.n > 0 && !e.nulls[0])
    env.compatible_first = env.compatible.front();
  return env;
}

}  // namespace ciprov::pg

namespace {

// environment_misc (argument 0) and environment_compatible (argument 1),
// either of which may be NULL.
hw::Environment read_environment(FunctionCallInfo fcinfo) {
  return pg::read_environment(PG_GETARG_DATUM(0), PG_ARGISNULL(0), PG_GETARG_DATUM(1), PG_ARGISNULL(1));
}

}  // namespace

CIPROV_FUNCTION(ciprov_platform) {
  std::optional<std::string_view> p = hw::platform(read_environment(fcinfo));
  if (!p) PG_RETURN_NULL();
  return pg::text_datum(*p);
}

CIPROV_FUNCTION(ciprov_runs_on) {
  if (PG_ARGISNULL(2)) return BoolGetDatum(false);  // NULL hardware matches nothing
  std::string_view hardware = pg::arg_bytes(fcinfo, 2);
  return BoolGetDatum(hw::runs_on(read_environment(fcinfo), hardware));
}

CIPROV_FUNCTION(ciprov_hardware_keys) {
  hw::Environment env = read_environment(fcinfo);
  return pg::text_array_of(hw::keys(env));
}

// SupportRequestSimplify: runs_on(misc, compatible, hw) becomes
// hardware_keys(misc, compatible) @> ARRAY[hw], the same truth value
// (runs_on(..., NULL) is false, as is `@> '{NULL}'`), in a form a GIN
// index on the hardware_keys expression answers. The collations are taken
// from the call so that the expression matches the index's.
CIPROV_FUNCTION(ciprov_runs_on_support) {
  Node* raw = reinterpret_cast<Node*>(PG_GETARG_POINTER(0));
  if (!IsA(raw, SupportRequestSimplify)) return PointerGetDatum(nullptr);
  FuncExpr* call = reinterpret_cast<SupportRequestSimplify*>(raw)->fcall;
  if (list_length(call->args) != 3) return PointerGetDatum(nullptr);
  Expr* rewritten = pg::guarded([call] {
    Oid argtypes[2] = {JSONBOID, TEXTARRAYOID};
    Oid keys_fn = LookupFuncName(
        list_make2(makeString(pstrdup("ciprov")), makeString(pstrdup("hardware_keys"))), 2,
        argtypes, false);
    Oid coll = call->inputcollid;
    Expr* keys = reinterpret_cast<Expr*>(
        makeFuncExpr(keys_fn, TEXTARRAYOID, list_make2(linitial(call->args), lsecond(call->args)),
                     coll, coll, COERCE_EXPLICIT_CALL));
    Node* hardware = static_cast<Node*>(lthird(call->args));
    Expr* wanted;
    if (IsA(hardware, Const)) {
      // Fold ARRAY['x'] into the constant '{x}' right away.
      auto* c = reinterpret_cast<Const*>(hardware);
      Datum elem = c->constvalue;
      bool elem_null = c->constisnull;
      int dims = 1;
      int lbs = 1;
      ArrayType* arr =
          construct_md_array(&elem, &elem_null, 1, &dims, &lbs, TEXTOID, -1, false, TYPALIGN_INT);
      wanted = reinterpret_cast<Expr*>(
          makeConst(TEXTARRAYOID, -1, coll, -1, PointerGetDatum(arr), false, false));
    } else {
      ArrayExpr* a = makeNode(ArrayExpr);
      a->array_typeid = TEXTARRAYOID;
      a->array_collid = coll;
      a->element_typeid = TEXTOID;
      a->elements = list_make1(hardware);
      a->multidims = false;
      a->location = -1;
      wanted = reinterpret_cast<Expr*>(a);
    }
    Expr* op = make_opclause(OID_ARRAY_CONTAINS_OP, BOOLOID, false, keys, wanted, InvalidOid, coll);
    set_opfuncid(reinterpret_cast<OpExpr*>(op));
    return op;
  });
  return PointerGetDatum(rewritten);
}
