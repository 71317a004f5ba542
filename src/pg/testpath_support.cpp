// Planner support for ciprov.testpath ancestry.
//
// `path <@ 'boot'` (and `'boot' @> path`) is true exactly for the paths in
// the btree range ['boot', subtree_end('boot')), because the testpath order
// keeps every subtree contiguous. The support function hands the planner that
// range as index conditions on a btree index of `path`, and the restriction
// estimator prices the clause as that range, so such queries run as index
// range scans with sensible row estimates.
//
// Everything here builds planner nodes, which may raise (palloc, catalog
// lookups), so the PostgreSQL work runs inside pg::guarded lambdas that own
// no C++ objects.
#include <string>

#include "core/testpath.h"
#include "pg/datum.h"
#include "pg/testpath_datum.h"

extern "C" {
#include "access/stratnum.h"
#include "catalog/pg_am.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "optimizer/optimizer.h"
#include "parser/parse_func.h"
#include "utils/lsyscache.h"
#include "utils/selfuncs.h"
}

namespace tp = ciprov::core::testpath;
namespace pg = ciprov::pg;

namespace {

// The ancestry functions: which argument is the ancestor.
enum class Ancestor { kFirst /* a @> b */, kSecond /* a <@ b */ };

// copyObject() relies on typeof, which C++ lacks.
template <typename T>
T* copy(T* node) {
  return static_cast<T*>(copyObjectImpl(node));
}

struct RangeOps {
  Oid ge = InvalidOid;
  Oid lt = InvalidOid;
};

// >= and < of a btree operator family (the caller checks it is btree) for the testpath type, if it
// has them.
RangeOps range_ops(Oid opfamily, Oid type) {
  RangeOps ops;
  ops.ge = pg::guarded(
      [=] { return get_opfamily_member(opfamily, type, type, BTGreaterEqualStrategyNumber); });
  if (ops.ge == InvalidOid) return {};
  ops.lt =
      pg::guarded([=] { return get_opfamily_member(opfamily, type, type, BTLessStrategyNumber); });
  return ops.lt == InvalidOid ? RangeOps{} : ops;
}

// The exclusive upper bound of the subtree of `ancestor` as an expression:
// a Const when the ancestor is one, else a call of
// ciprov.testpath_subtree_end(ancestor) evaluated at run time.
// Returns nullptr when the subtree has no bound (the root: everything).
Expr* upper_bound(Expr* ancestor, Oid type) {
  if (IsA(ancestor, Const)) {
    auto* c = reinterpret_cast<Const*>(ancestor);
    std::string_view path = pg::testpath_text(c->constvalue);
    if (path.empty()) return nullptr;
    Datum end = pg::testpath_datum(tp::subtree_end(path));
    return pg::guarded([=] {
      return reinterpret_cast<Expr*>(makeConst(type, -1, InvalidOid, -1, end, false, false));
    });
  }
  return pg::guarded([=] {
    Oid argtypes[1] = {type};
    Oid fn = LookupFuncName(
        list_make2(makeString(pstrdup("ciprov")), makeString(pstrdup("testpath_subtree_end"))), 1,
        argtypes, false);
    return reinterpret_cast<Expr*>(makeFuncExpr(fn, type, list_make1(copy(ancestor)), InvalidOid,
                                                InvalidOid, COERCE_EXPLICIT_CALL));
  });
}

// [key >= ancestor, key < upper_bound(ancestor)] with the given operators.
List* range_quals(Expr* key, Expr* ancestor, RangeOps ops, Oid type) {
  Expr* upper = upper_bound(ancestor, type);
  return pg::guarded([=] {
    Expr* ge = make_opclause(ops.ge, BOOLOID, false, reinterpret_cast<Expr*>(copy(key)),
                             reinterpret_cast<Expr*>(copy(ancestor)), InvalidOid, InvalidOid);
    set_opfuncid(reinterpret_cast<OpExpr*>(ge));
    List* quals = list_make1(ge);
    if (upper != nullptr) {
      Expr* lt = make_opclause(ops.lt, BOOLOID, false, reinterpret_cast<Expr*>(copy(key)), upper,
                               InvalidOid, InvalidOid);
      set_opfuncid(reinterpret_cast<OpExpr*>(lt));
      quals = lappend(quals, lt);
    }
    return quals;
  });
}

List* clause_args(Node* node) {
  if (IsA(node, OpExpr)) return reinterpret_cast<OpExpr*>(node)->args;
  if (IsA(node, FuncExpr)) return reinterpret_cast<FuncExpr*>(node)->args;
  return nullptr;
}

// SupportRequestIndexCondition: the range conditions for an index on the
// descendant side, when the ancestor side is a constant or a parameter.
Node* index_condition(SupportRequestIndexCondition* req, Ancestor which) {
  List* args = clause_args(req->node);
  if (args == nullptr || list_length(args) != 2) return nullptr;
  int ancestor_arg = which == Ancestor::kFirst ? 0 : 1;
  if (req->indexarg != 1 - ancestor_arg || req->index->relam != BTREE_AM_OID) return nullptr;
  auto* key = static_cast<Expr*>(list_nth(args, req->indexarg));
  auto* ancestor = static_cast<Expr*>(list_nth(args, ancestor_arg));
  if (IsA(ancestor, Const) && reinterpret_cast<Const*>(ancestor)->constisnull) return nullptr;
  PlannerInfo* root = req->root;
  IndexOptInfo* index = req->index;
  bool usable = pg::guarded(
      [=] { return is_pseudo_constant_for_index(root, reinterpret_cast<Node*>(ancestor), index); });
  if (!usable) return nullptr;
  Oid type = pg::guarded([=] { return exprType(reinterpret_cast<Node*>(key)); });
  RangeOps ops = range_ops(req->opfamily, type);
  if (ops.ge == InvalidOid) return nullptr;
  List* quals = range_quals(key, ancestor, ops, type);
  req->lossy = false;  // the range is exactly the subtree
  return reinterpret_cast<Node*>(quals);
}

Datum support(FunctionCallInfo fcinfo, Ancestor which) {
  Node* raw = reinterpret_cast<Node*>(PG_GETARG_POINTER(0));
  if (!IsA(raw, SupportRequestIndexCondition)) return PointerGetDatum(nullptr);
  return PointerGetDatum(
      index_condition(reinterpret_cast<SupportRequestIndexCondition*>(raw), which));
}

// Restriction estimate of an ancestry clause: the selectivity of its btree
// range, from the column's histogram; a small default otherwise.
Datum selectivity(FunctionCallInfo fcinfo, Ancestor which) {
  constexpr double kDefault = 0.005;
  auto* root = reinterpret_cast<PlannerInfo*>(PG_GETARG_POINTER(0));
  auto* args = reinterpret_cast<List*>(PG_GETARG_POINTER(2));
  int var_relid = PG_GETARG_INT32(3);
  if (list_length(args) != 2) return Float8GetDatum(kDefault);
  int ancestor_arg = which == Ancestor::kFirst ? 0 : 1;
  auto* key = static_cast<Expr*>(list_nth(args, 1 - ancestor_arg));
  auto* ancestor = static_cast<Expr*>(list_nth(args, ancestor_arg));
  // Only "column-ish expression vs constant" is estimated from statistics.
  Node* folded = pg::guarded(
      [=] { return estimate_expression_value(root, reinterpret_cast<Node*>(ancestor)); });
  if (!IsA(folded, Const)) return Float8GetDatum(kDefault);
  if (reinterpret_cast<Const*>(folded)->constisnull) return Float8GetDatum(0.0);
  Oid type = pg::guarded([=] { return exprType(reinterpret_cast<Node*>(key)); });
  Oid opclass = pg::guarded([=] { return GetDefaultOpClass(type, BTREE_AM_OID); });
  if (opclass == InvalidOid) return Float8GetDatum(kDefault);
  Oid opfamily = pg::guarded([=] { return get_opclass_family(opclass); });
  RangeOps ops = range_ops(opfamily, type);
  if (ops.ge == InvalidOid) return Float8GetDatum(kDefault);
  List* quals = range_quals(key, reinterpret_cast<Expr*>(folded), ops, type);
  double sel = pg::guarded([=] {
    return static_cast<double>(clauselist_selectivity(root, quals, var_relid, JOIN_INNER, nullptr));
  });
  return Float8GetDatum(sel);
}

}  // namespace

CIPROV_FUNCTION(ciprov_testpath_contains_support) { return support(fcinfo, Ancestor::kFirst); }
CIPROV_FUNCTION(ciprov_testpath_contained_support) { return support(fcinfo, Ancestor::kSecond); }
CIPROV_FUNCTION(ciprov_testpath_contains_sel) { return selectivity(fcinfo, Ancestor::kFirst); }
CIPROV_FUNCTION(ciprov_testpath_contained_sel) { return selectivity(fcinfo, Ancestor::kSecond); }
