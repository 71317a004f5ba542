// Planner support for `version <@ version_range` (and its commutator
// `version_range @> version`): turns the operator with a constant range into
// btree range conditions on an indexed ciprov.version column.
//
// For a constant range R, every version in R lies in [lower, upper) (or
// [lower, upper] when R ends with a concrete version), so the planner can
// scan that slice of a btree index and recheck each row with the original
// operator (the conditions are lossy: `1.2,1.4` also spans 1.3.*).
#include <optional>

#include "pg/version_datum.h"

extern "C" {
#include "access/stratnum.h"
#include "catalog/pg_am_d.h"
#include "commands/defrem.h"
#include "optimizer/optimizer.h"
#include "catalog/pg_type_d.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pg_list.h"
#include "nodes/supportnodes.h"
#include "utils/lsyscache.h"
#include "utils/selfuncs.h"
}

namespace core = ciprov::core;
namespace pg = ciprov::pg;

namespace {

// The arguments of the clause the planner asks about (operator or call).
List* clause_args(Node* node) {
  if (IsA(node, OpExpr)) return reinterpret_cast<OpExpr*>(node)->args;
  if (IsA(node, FuncExpr)) return reinterpret_cast<FuncExpr*>(node)->args;
  return nullptr;
}

// `version_arg <op> bound`, with op the btree family's operator of the
// given strategy; nullptr when the family has no such operator (not ours,
// or not btree).
Expr* bound_clause(Oid opfamily, Node* version_arg, int16 strategy, Datum bound) {
  return pg::guarded([=]() -> Expr* {
    Oid type = exprType(version_arg);
    Oid opno = get_opfamily_member(opfamily, type, type, strategy);
    if (!OidIsValid(opno)) return nullptr;
    Const* c = makeConst(type, -1, InvalidOid, -1, bound, false, false);
    return make_opclause(opno, BOOLOID, false, static_cast<Expr*>(copyObjectImpl(version_arg)),
                         reinterpret_cast<Expr*>(c), InvalidOid, InvalidOid);
  });
}

// version_pos: which argument of the function is the version (0 for
// version_in_range(v, r), 1 for version_range_contains_version(r, v)).
Datum index_condition(FunctionCallInfo fcinfo, int version_pos) {
  Node* raw = reinterpret_cast<Node*>(PG_GETARG_POINTER(0));
  if (!IsA(raw, SupportRequestIndexCondition)) return PointerGetDatum(nullptr);
  auto* req = reinterpret_cast<SupportRequestIndexCondition*>(raw);
  if (req->indexarg != version_pos) return PointerGetDatum(nullptr);
  List* args = clause_args(req->node);
  if (args == nullptr || list_length(args) != 2) return PointerGetDatum(nullptr);
  Node* version_arg = static_cast<Node*>(list_nth(args, version_pos));
  Node* range_arg = static_cast<Node*>(list_nth(args, 1 - version_pos));
  if (!IsA(range_arg, Const) || reinterpret_cast<Const*>(range_arg)->constisnull)
    return PointerGetDatum(nullptr);

  core::VersionRange range = pg::version_range_value(reinterpret_cast<Const*>(range_arg)->constvalue);
  std::optional<core::VersionRange::IndexBound> lower = range.lower_bound();
  std::optional<core::VersionRange::IndexBound> upper = range.upper_bound();
  if (!lower && !upper) return PointerGetDatum(nullptr);

  List* conditions = NIL;
  if (lower) {
    Expr* e = bound_clause(req->opfamily, version_arg, BTGreaterEqualStrategyNumber,
                           pg::version_datum(lower->version));
    if (e == nullptr) return PointerGetDatum(nullptr);
    conditions = pg::guarded([=] { return lappend(conditions, e); });
  }
  if (upper) {
    int16 strategy = upper->inclusive ? BTLessEqualStrategyNumber : BTLessStrategyNumber;
    Expr* e = bound_clause(req->opfamily, version_arg, strategy, pg::version_datum(upper->version));
    if (e == nullptr) return PointerGetDatum(nullptr);
    conditions = pg::guarded([=] { return lappend(conditions, e); });
  }
  req->lossy = true;
  return PointerGetDatum(conditions);
}

// Selectivity of `version <@ constant range`: for each item of the range,
// the selectivity of its btree bounds (v >= lower AND v < upper), from the
// column's histogram through the default btree opclass; items are disjoint,
// so the estimates add up.
Datum restriction_selectivity(FunctionCallInfo fcinfo, int version_pos) {
  auto* root = reinterpret_cast<PlannerInfo*>(PG_GETARG_POINTER(0));
  auto* args = reinterpret_cast<List*>(PG_GETARG_POINTER(2));
  int var_relid = PG_GETARG_INT32(3);
  constexpr double kDefault = 0.005;
  if (list_length(args) != 2) return Float8GetDatum(kDefault);
  Node* version_arg = static_cast<Node*>(list_nth(args, version_pos));
  Node* range_arg = static_cast<Node*>(list_nth(args, 1 - version_pos));
  if (!IsA(range_arg, Const)) return Float8GetDatum(kDefault);
  if (reinterpret_cast<Const*>(range_arg)->constisnull) return Float8GetDatum(0.0);
  Oid opfamily = pg::guarded([=] {
    Oid opclass = GetDefaultOpClass(exprType(version_arg), BTREE_AM_OID);
    return OidIsValid(opclass) ? get_opclass_family(opclass) : InvalidOid;
  });
  if (!OidIsValid(opfamily)) return Float8GetDatum(kDefault);

  core::VersionRange range = pg::version_range_value(reinterpret_cast<Const*>(range_arg)->constvalue);
  double total = 0.0;
  for (std::size_t i = 0; i < range.items().size(); ++i) {
    if (range.items()[i].is_constrained_ref()) {  // only versions of one git ref: rare
      total += DEFAULT_EQ_SEL;
      continue;
    }
    core::VersionRange item = range.item_range(i);
    std::optional<core::VersionRange::IndexBound> lower = item.lower_bound();
    std::optional<core::VersionRange::IndexBound> upper = item.upper_bound();
    if (!lower && !upper) {
      // `:` holds every version; a bare git ref is rare: an equality guess.
      total += item.is_any() ? 1.0 : DEFAULT_EQ_SEL;
      continue;
    }
    List* conditions = NIL;
    for (int side = 0; side < 2; ++side) {
      const auto& bound = side == 0 ? lower : upper;
      if (!bound) continue;
      int16 strategy = side == 0 ? BTGreaterEqualStrategyNumber
                                 : (bound->inclusive ? BTLessEqualStrategyNumber : BTLessStrategyNumber);
      Expr* e = bound_clause(opfamily, version_arg, strategy, pg::version_datum(bound->version));
      if (e == nullptr) return Float8GetDatum(kDefault);
      conditions = pg::guarded([=] { return lappend(conditions, e); });
    }
    total += pg::guarded([=] {
      return clauselist_selectivity(root, conditions, var_relid, JOIN_INNER, nullptr);
    });
  }
  return Float8GetDatum(total > 1.0 ? 1.0 : total);
}

}  // namespace

CIPROV_FUNCTION(ciprov_version_in_range_sel) { return restriction_selectivity(fcinfo, 0); }
CIPROV_FUNCTION(ciprov_version_range_contains_version_sel) { return restriction_selectivity(fcinfo, 1); }

CIPROV_FUNCTION(ciprov_version_in_range_support) { return index_condition(fcinfo, 0); }
CIPROV_FUNCTION(ciprov_version_range_contains_version_support) { return index_condition(fcinfo, 1); }
