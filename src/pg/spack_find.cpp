// spack_spec and spack_find: stored nodes as concrete specs, and the index
// plan that finds the nodes satisfying a query (see docs/spack.md).
//
// spack_find never walks DAGs: each dependency constraint is answered on the
// name index, then turned into its dependents through the GIN index on
// link_run_closure (`&&`) and the child index of spack_edges; the sets are
// intersected; only the survivors are read and checked with core::satisfies.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "core/interrupt.h"
#include "core/spack_dag.h"
#include "core/spack_find.h"
#include "core/spack_model.h"
#include "pg/datum.h"
#include "pg/guard.h"
#include "pg/spi.h"
#include "pg/spec_datum.h"
#include "pg/srf.h"

extern "C" {
#include "catalog/pg_type.h"
}

namespace sp = ciprov::core::spack;
namespace spi = ciprov::pg::spi;
using ciprov::core::Error;
using ciprov::pg::guarded;

namespace {

constexpr const char kNodeColumns[] =
    "SELECT id, hash, name, version::pg_catalog.text, namespace, platform, os, target,"
    " variants::pg_catalog.text, flags::pg_catalog.text FROM ciprov.spack_nodes ";

constexpr std::size_t kFewCandidates = 256;

struct Row {
  std::int64_t id;
  std::string hash;
  ciprov::core::SpecNode node;
};

// Reads the rows of the last kNodeColumns query.
std::vector<Row> read_rows(std::uint64_t n) {
  std::vector<Row> rows;
  rows.reserve(n);
  ciprov::core::InterruptTicker ticker(256);
  for (std::uint64_t r = 0; r < n; ++r) {
    ticker.tick();
    sp::StoredNode s;
    s.name = spi::get_text(r, 3);
    s.version = spi::get_text(r, 4);
    s.namespace_ = spi::get_text(r, 5);
    s.platform = spi::get_text(r, 6);
    s.os = spi::get_text(r, 7);
    s.target = spi::get_text(r, 8);
    s.variants_json = spi::get_text(r, 9);
    s.flags_json = spi::get_text(r, 10);
    rows.push_back(Row{spi::get_int64(r, 1), spi::get_text(r, 2), sp::concrete_node(s)});
  }
  guarded([] { SPI_freetuptable(SPI_tuptable); });
  return rows;
}

std::vector<Row> rows_by_name(const std::string& name) {
  static SPIPlanPtr p;
  static const std::string sql = std::string(kNodeColumns) + "WHERE name = $1";
  spi::plan(p, sql.c_str(), {TEXTOID});
  return read_rows(spi::exec(p, {spi::text_arg(name)}, "", true));
}

std::vector<Row> rows_by_id(const std::vector<std::int64_t>& ids) {
  static SPIPlanPtr p;
  static const std::string sql = std::string(kNodeColumns) + "WHERE id = ANY ($1)";
  spi::plan(p, sql.c_str(), {INT8ARRAYOID}, spi::PlanMode::kGeneric);
  return read_rows(spi::exec(p, {spi::int8_array_arg(ids)}, "", true));
}

// Every node, for a query that constrains no package name at all.
std::vector<Row> all_rows() {
  static SPIPlanPtr p;
  spi::plan(p, kNodeColumns, {});
  return read_rows(spi::exec(p, {}, "", true));
}

std::vector<std::int64_t> int8_column(std::uint64_t n, int col) {
  std::vector<std::int64_t> out;
  out.reserve(n);
  for (std::uint64_t r = 0; r < n; ++r) out.push_back(spi::get_int64(r, col));
  guarded([] { SPI_freetuptable(SPI_tuptable); });
  return out;
}

// Nodes (of `within` when given) whose link/run closure holds one of
// `deps` (GIN index; primary key when restricted).
std::vector<std::int64_t> closure_holders(const std::vector<std::int64_t>& deps,
                                          const std::vector<std::int64_t>* within) {
  static SPIPlanPtr all, some;
  if (within == nullptr) {
    spi::plan(all,
              "SELECT id FROM ciprov.spack_nodes WHERE link_run_closure OPERATOR(pg_catalog.&&) $1",
              {INT8ARRAYOID}, spi::PlanMode::kGeneric);
    return int8_column(spi::exec(all, {spi::int8_array_arg(deps)}, "", true), 1);
  }
  spi::plan(some,
            "SELECT id FROM ciprov.spack_nodes WHERE id = ANY ($2)"
            " AND link_run_closure OPERATOR(pg_catalog.&&) $1",
            {INT8ARRAYOID, INT8ARRAYOID}, spi::PlanMode::kGeneric);
  return int8_column(
      spi::exec(some, {spi::int8_array_arg(deps), spi::int8_array_arg(*within)}, "", true), 1);
}

struct EdgeRow {
  std::int64_t parent, child;
  std::uint8_t deptypes;
  std::vector<std::string> virtuals;
};


// The n edge rows of the last SPI result (parent, child, deptype_mask,
// virtuals as text), freed once read.
std::vector<EdgeRow> edge_rows(std::uint64_t n) {
  std::vector<EdgeRow> out;
  out.reserve(n);
  for (std::uint64_t r = 0; r < n; ++r)
    out.push_back(EdgeRow{spi::get_int64(r, 1), spi::get_int64(r, 2),
                          static_cast<std::uint8_t>(spi::get_int64(r, 3)),
                          spi::parse_array_text(spi::get_text(r, 4))});
  guarded([] { SPI_freetuptable(SPI_tuptable); });
  return out;
}
// Edges into `children` (child index), from `parents` when given (primary key).
std::vector<EdgeRow> edges_into(const std::vector<std::int64_t>& children,
                                const std::vector<std::int64_t>* parents) {
  static SPIPlanPtr all, some;
  std::uint64_t n;
  if (parents == nullptr) {
    spi::plan(all,
              "SELECT parent, child, deptype_mask, virtuals::pg_catalog.text FROM ciprov.spack_edges"
              " WHERE child = ANY ($1)",
              {INT8ARRAYOID}, spi::PlanMode::kGeneric);
    n = spi::exec(all, {spi::int8_array_arg(children)}, "", true);
  } else {
    spi::plan(some,
              "SELECT parent, child, deptype_mask, virtuals::pg_catalog.text FROM ciprov.spack_edges"
              " WHERE parent = ANY ($2) AND child = ANY ($1)",
              {INT8ARRAYOID, INT8ARRAYOID}, spi::PlanMode::kGeneric);
    n = spi::exec(some, {spi::int8_array_arg(children), spi::int8_array_arg(*parents)}, "", true);
  }
  return edge_rows(n);
}

// Edges leaving `parents` (primary key).
std::vector<EdgeRow> edges_from(const std::vector<std::int64_t>& parents) {
  static SPIPlanPtr p;
  spi::plan(p,
            "SELECT parent, child, deptype_mask, virtuals::pg_catalog.text FROM ciprov.spack_edges"
            " WHERE parent = ANY ($1)",
            {INT8ARRAYOID}, spi::PlanMode::kGeneric);
  std::uint64_t n = spi::exec(p, {spi::int8_array_arg(parents)}, "", true);
  return edge_rows(n);
}

// `^dep %x`: keeps the candidates whose direct dependencies satisfy the
// nested `%` constraints, checked by core::satisfies on the candidate with
// its direct dependencies as leaves.
void keep_nested_matches(const sp::FindConstraint& c,
                         std::unordered_map<std::int64_t, ciprov::core::SpecNode>& deps) {
  std::vector<std::int64_t> ids;
  for (const auto& [id, node] : deps) ids.push_back(id);
  std::vector<EdgeRow> edges = edges_from(ids);
  std::set<std::int64_t> children;
  for (const EdgeRow& e : edges) children.insert(e.child);
  std::unordered_map<std::int64_t, ciprov::core::SpecNode> child_nodes;
  if (!children.empty())
    for (Row& r : rows_by_id(std::vector<std::int64_t>(children.begin(), children.end())))
      child_nodes.emplace(r.id, std::move(r.node));
  std::unordered_map<std::int64_t, ciprov::core::SpecNode> with_leaves = deps;
  for (const EdgeRow& e : edges) {
    ciprov::core::SpecEdge leaf;
    leaf.spec = child_nodes.at(e.child);
    leaf.depflag = e.deptypes;
    leaf.virtuals = e.virtuals;
    std::sort(leaf.virtuals.begin(), leaf.virtuals.end());
    leaf.direct = true;
    with_leaves.at(e.parent).deps.push_back(std::move(leaf));
  }
  for (auto it = deps.begin(); it != deps.end();)
    it = sp::nested_satisfied(with_leaves.at(it->first), c) ? std::next(it) : deps.erase(it);
}

// The nodes (of `within` when given) that satisfy one dependency
// constraint: `%dep` through a direct edge; `^dep` through a direct edge of
// any type or the link/run closure.
std::set<std::int64_t> dependents_matching(const sp::FindConstraint& c,
                                           const std::vector<std::int64_t>* within) {
  std::set<std::int64_t> out;
  std::unordered_map<std::int64_t, ciprov::core::SpecNode> deps;
  for (Row& r : rows_by_name(c.node.name))
    if (sp::node_satisfies(r.node, c.node)) deps.emplace(r.id, std::move(r.node));
  if (deps.empty()) return out;
  if (!c.nested.empty()) keep_nested_matches(c, deps);
  if (deps.empty()) return out;
  std::vector<std::int64_t> dep_ids;
  for (const auto& [id, node] : deps) dep_ids.push_back(id);
  std::sort(dep_ids.begin(), dep_ids.end());

  bool plain = !c.direct && c.edge.depflag == 0 && c.edge.virtuals.empty();
  // Direct edges: their attributes are checked by core::satisfies.
  // `^[attributes] dep` needs the edges into dep from anywhere in a DAG,
  // not only from the candidates.
  bool from_anywhere = !plain && !c.direct;
  std::vector<EdgeRow> edges = edges_into(dep_ids, from_anywhere ? nullptr : within);
  std::unordered_set<std::int64_t> allowed;
  if (within != nullptr) allowed.insert(within->begin(), within->end());
  std::set<std::int64_t> transitive_children;  // `^` with attributes: reached by a satisfying edge
  std::unordered_map<std::int64_t, std::vector<std::int64_t>> satisfying_parents;
  for (const EdgeRow& e : edges) {
    if (plain) {
      out.insert(e.parent);
      continue;
    }
    if (!sp::edge_satisfies(deps.at(e.child), e.deptypes, e.virtuals, true, c)) continue;
    if (within == nullptr || allowed.count(e.parent)) out.insert(e.parent);
    if (!c.direct) {
      transitive_children.insert(e.child);
      satisfying_parents[e.child].push_back(e.parent);
    }
  }
  if (c.direct) return out;
  if (plain) {
    for (std::int64_t id : closure_holders(dep_ids, within)) out.insert(id);
    return out;
  }
  // `^[attributes] dep` deeper down: the edge that reaches dep must itself
  // be in the DAG, i.e. its parent is the node or in the node's closure.
  if (transitive_children.empty()) return out;
  std::vector<std::int64_t> reached(transitive_children.begin(), transitive_children.end());
  static SPIPlanPtr p;
  spi::plan(p,
            "SELECT id, link_run_closure::pg_catalog.text FROM ciprov.spack_nodes"
            " WHERE link_run_closure OPERATOR(pg_catalog.&&) $1",
            {INT8ARRAYOID}, spi::PlanMode::kGeneric);
  std::uint64_t n = spi::exec(p, {spi::int8_array_arg(reached)}, "", true);
  for (std::uint64_t r = 0; r < n; ++r) {
    std::int64_t id = spi::get_int64(r, 1);
    if (within != nullptr && !allowed.count(id)) continue;
    std::unordered_set<std::int64_t> closure{id};
    for (const auto& s : spi::parse_array_text(spi::get_text(r, 2))) closure.insert(std::stoll(s));
    for (std::int64_t child : reached) {
      if (!closure.count(child) || child == id) continue;
      for (std::int64_t parent : satisfying_parents[child])
        if (closure.count(parent)) out.insert(id);
    }
  }
  guarded([] { SPI_freetuptable(SPI_tuptable); });
  return out;
}

// A plain `^dep` (no edge attributes, no nested `%`): its dependents are the
// direct parents of the nodes satisfying dep and the nodes whose link/run
// closure holds one of them.
bool is_plain(const sp::FindConstraint& c) {
  return !c.direct && c.edge.depflag == 0 && c.edge.virtuals.empty() && c.nested.empty();
}

struct PlainSources {
  std::vector<std::int64_t> deps, parents;
};

PlainSources plain_sources(const sp::FindConstraint& c) {
  PlainSources out;
  for (Row& r : rows_by_name(c.node.name))
    if (sp::node_satisfies(r.node, c.node)) out.deps.push_back(r.id);
  std::sort(out.deps.begin(), out.deps.end());
  if (out.deps.empty()) return out;
  for (const EdgeRow& e : edges_into(out.deps, nullptr)) out.parents.push_back(e.parent);
  std::sort(out.parents.begin(), out.parents.end());
  out.parents.erase(std::unique(out.parents.begin(), out.parents.end()), out.parents.end());
  return out;
}

// The dependents of two plain `^` constraints at once: one query, so that
// the two GIN scans on link_run_closure are intersected as bitmaps before
// any heap row is read (a low-level package is held by tens of thousands of
// closures; reading each holder's row to intersect the ids cost 28 ms at
// 20k roots).
std::vector<std::int64_t> plain_dependents_of_both(const sp::FindConstraint& a,
                                                   const sp::FindConstraint& b) {
  PlainSources sa = plain_sources(a);
  if (sa.deps.empty()) return {};
  PlainSources sb = plain_sources(b);
  if (sb.deps.empty()) return {};
  static SPIPlanPtr p;
  spi::plan(p,
            "SELECT id FROM ciprov.spack_nodes"
            " WHERE (link_run_closure OPERATOR(pg_catalog.&&) $1 OR id = ANY ($2))"
            " AND (link_run_closure OPERATOR(pg_catalog.&&) $3 OR id = ANY ($4))",
            {INT8ARRAYOID, INT8ARRAYOID, INT8ARRAYOID, INT8ARRAYOID}, spi::PlanMode::kCustom);
  std::vector<std::int64_t> out = int8_column(
      spi::exec(p,
                {spi::int8_array_arg(sa.deps), spi::int8_array_arg(sa.parents),
                 spi::int8_array_arg(sb.deps), spi::int8_array_arg(sb.parents)},
                "", true),
      1);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

// ciprov.spack_spec(hash text) RETURNS ciprov.spec
CIPROV_FUNCTION(ciprov_spack_spec) {
  std::string hash(ciprov::pg::arg_bytes(fcinfo, 0));
  spi::connect();
  static SPIPlanPtr pr;
  spi::plan(pr, "SELECT dag FROM ciprov.spack_nodes WHERE hash = $1", {TEXTOID});
  if (spi::exec(pr, {spi::text_arg(hash)}, "", true) == 0)
    throw Error(ciprov::core::sqlstate::kInvalidParameterValue,
                "no Spack node has hash " + ciprov::core::quoted(hash));
  std::int64_t root;
  std::set<std::int64_t> ids, parents;
  {
    sp::DagView dag(spi::get_text_view(0, 1));
    root = dag.id(dag.root());
    for (std::uint32_t i = 0; i < dag.size(); ++i) {
      ids.insert(dag.id(i));
      if (dag.has_children(i)) parents.insert(dag.id(i));
    }
  }
  std::map<std::int64_t, ciprov::core::SpecNode> nodes;
  for (Row& r : rows_by_id(std::vector<std::int64_t>(ids.begin(), ids.end())))
    nodes.emplace(r.id, std::move(r.node));
  static SPIPlanPtr pe;
  spi::plan(pe,
            "SELECT parent, child, deptype_mask, virtuals::pg_catalog.text FROM ciprov.spack_edges"
            " WHERE parent = ANY ($1)",
            {INT8ARRAYOID}, spi::PlanMode::kGeneric);
  std::uint64_t n = spi::exec(
      pe, {spi::int8_array_arg(std::vector<std::int64_t>(parents.begin(), parents.end()))}, "",
      true);
  std::map<std::int64_t, std::vector<sp::StoredEdge>> edges;
  for (std::uint64_t r = 0; r < n; ++r)
    edges[spi::get_int64(r, 1)].push_back(
        sp::StoredEdge{spi::get_int64(r, 2), static_cast<std::uint8_t>(spi::get_int64(r, 3)),
                       spi::parse_array_text(spi::get_text(r, 4))});
  spi::finish();
  return ciprov::pg::spec_datum(sp::concrete_spec(root, nodes, edges));
}

// ciprov.spack_find(query ciprov.spec) RETURNS SETOF text
CIPROV_FUNCTION(ciprov_spack_find) {
  ciprov::pg::MaterializedResult out(fcinfo, 1);
  sp::FindPlan plan = sp::plan_find(ciprov::pg::spec_value(PG_GETARG_DATUM(0)));
  spi::connect();
  std::vector<std::string> hashes;
  if (!plan.root.name.empty()) {
    // A named root: its candidates come from the name index, and each
    // constraint only keeps those (primary keys) instead of computing
    // every dependent of the dependency in the store.
    std::vector<Row> rows = rows_by_name(plan.root.name);
    std::vector<std::int64_t> candidates;
    std::unordered_map<std::int64_t, std::string> hash_of;
    for (Row& r : rows)
      if (sp::node_satisfies(r.node, plan.root)) {
        candidates.push_back(r.id);
        hash_of.emplace(r.id, std::move(r.hash));
      }
    for (const sp::FindConstraint& c : plan.constraints) {
      if (candidates.empty()) break;
      std::set<std::int64_t> s = dependents_matching(c, &candidates);
      candidates.assign(s.begin(), s.end());
    }
    for (std::int64_t id : candidates) hashes.push_back(hash_of.at(id));
  } else {
    // An anonymous root: candidates from the most selective constraints,
    // intersected; every node when nothing names a package.
    std::vector<std::int64_t> candidates;
    bool constrained = false;
    std::vector<const sp::FindConstraint*> rest;
    for (const sp::FindConstraint& c : plan.constraints) rest.push_back(&c);
    // Two plain `^` constraints first, in one query.
    auto first = std::find_if(rest.begin(), rest.end(), [](auto* c) { return is_plain(*c); });
    auto second = first == rest.end()
                      ? rest.end()
                      : std::find_if(first + 1, rest.end(), [](auto* c) { return is_plain(*c); });
    if (second != rest.end()) {
      candidates = plain_dependents_of_both(**first, **second);
      constrained = true;
      rest.erase(second);
      rest.erase(first);
    }
    for (const sp::FindConstraint* cp : rest) {
      if (constrained && candidates.empty()) break;
      const sp::FindConstraint& c = *cp;
      // A few candidates are checked by primary key; many are intersected
      // here, which is cheaper than a long `id = ANY` list.
      bool few = constrained && candidates.size() <= kFewCandidates;
      std::set<std::int64_t> s = dependents_matching(c, few ? &candidates : nullptr);
      if (!constrained || few) {
        candidates.assign(s.begin(), s.end());
      } else {
        std::vector<std::int64_t> kept;
        for (std::int64_t id : candidates)
          if (s.count(id)) kept.push_back(id);
        candidates.swap(kept);
      }
      constrained = true;
      if (candidates.empty()) break;
    }
    if (!constrained || !plan.root.is_empty()) {
      std::vector<Row> rows;
      if (constrained)
        rows = candidates.empty() ? std::vector<Row>{} : rows_by_id(candidates);
      else
        rows = all_rows();
      for (const Row& r : rows)
        if (sp::node_satisfies(r.node, plan.root)) hashes.push_back(r.hash);
    } else if (!candidates.empty()) {
      // Nothing to check on the root itself: only the hashes are read.
      static SPIPlanPtr p;
      spi::plan(p, "SELECT hash FROM ciprov.spack_nodes WHERE id = ANY ($1)", {INT8ARRAYOID},
                spi::PlanMode::kGeneric);
      std::uint64_t n = spi::exec(p, {spi::int8_array_arg(candidates)}, "", true);
      hashes.reserve(n);
      for (std::uint64_t r = 0; r < n; ++r) hashes.push_back(std::string(spi::get_text_view(r, 1)));
    }
  }
  spi::finish();
  std::sort(hashes.begin(), hashes.end());
  for (const std::string& h : hashes) {
    Datum values[1] = {ciprov::pg::text_datum(h)};
    bool nulls[1] = {false};
    out.put(values, nulls);
  }
  return static_cast<Datum>(0);
}
