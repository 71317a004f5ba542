// Graph questions over the stored DAGs. One traversal (core::spack::traverse)
// serves spack_traverse (behind spack_dependencies and spack_dependents),
// spack_dot and spack_json; edges are read one BFS level at a time through a
// prepared plan on the edge indexes.
#include <algorithm>
#include <tuple>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "core/spack_dag_edges.h"
#include "core/spack_graph.h"
#include "core/spack_json.h"
#include "core/spack_model.h"
#include "pg/datum.h"
#include "pg/guard.h"
#include "pg/spack_spi.h"

extern "C" {
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/tuplestore.h"
}

namespace sp = ciprov::core::spack;
namespace spi = ciprov::pg::spi;
using ciprov::core::Error;
using ciprov::pg::guarded;

namespace {

// Edges for the traversal. For dependencies, the root row's dag_edges holds
// every edge the traversal can follow, so the breadth-first levels are
// served from memory; dependents are read one level per query through a
// prepared plan on the child index.
class SpiEdges : public sp::EdgeSource {
 public:
  explicit SpiEdges(bool dependents) : dependents_(dependents) {}

  // Serves every level from the stored edge list of the root's DAG.
  void load(const std::vector<sp::GraphEdge>& dag_edges) {
    for (const sp::GraphEdge& e : dag_edges) cache_[e.from].push_back(e);
    prefetched_ = true;
  }

  void expand(const std::vector<std::int64_t>& frontier, std::vector<sp::GraphEdge>& out) override {
    if (prefetched_) {
      for (std::int64_t f : frontier)
        if (auto it = cache_.find(f); it != cache_.end())
          out.insert(out.end(), it->second.begin(), it->second.end());
      return;
    }
    static SPIPlanPtr down, up;
    SPIPlanPtr p = dependents_
                       ? spi::plan(up,
                                   "SELECT child, parent, deptype_mask FROM ciprov.spack_edges"
                                   " WHERE child = ANY ($1)",
                                   {INT8ARRAYOID}, spi::PlanMode::kGeneric)
                       : spi::plan(down,
                                   "SELECT parent, child, deptype_mask FROM ciprov.spack_edges"
                                   " WHERE parent = ANY ($1)",
                                   {INT8ARRAYOID}, spi::PlanMode::kGeneric);
    std::uint64_t n = spi::exec(p, {spi::int8_array_arg(frontier)}, "", true);
    out.reserve(out.size() + n);
    for (std::uint64_t r = 0; r < n; ++r)
      out.push_back(sp::GraphEdge{spi::get_int64(r, 1), spi::get_int64(r, 2),
                                  static_cast<std::uint8_t>(spi::get_int64(r, 3))});
    guarded([] { SPI_freetuptable(SPI_tuptable); });
  }

 private:
  bool dependents_;
  bool prefetched_ = false;
  std::unordered_map<std::int64_t, std::vector<sp::GraphEdge>> cache_;
};

// The id of the stored node with `hash`; 22023 when there is none. With
// `prefetch_into`, for a dependencies traversal, also loads its DAG's edges.
std::int64_t node_id(const std::string& hash, SpiEdges* prefetch_into = nullptr) {
  static SPIPlanPtr p;
  spi::plan(p, "SELECT id, dag_edges FROM ciprov.spack_nodes WHERE hash = $1", {TEXTOID});
  if (spi::exec(p, {spi::text_arg(hash)}, "", true) == 0)
    throw Error(ciprov::core::sqlstate::kInvalidParameterValue,
                "no Spack node has hash " + ciprov::core::quoted(hash));
  std::int64_t id = spi::get_int64(0, 1);
  if (prefetch_into != nullptr) prefetch_into->load(sp::decode_dag_edges(spi::get_text_view(0, 2)));
  return id;
}

// NULL means every type; otherwise the names must be known.
std::uint8_t deptype_filter(FunctionCallInfo fcinfo, int n) {
  if (PG_ARGISNULL(n)) return sp::kAllDepTypes;
  Datum d = PG_GETARG_DATUM(n);
  ArrayType* arr = guarded([d] { return DatumGetArrayTypeP(d); });
  Datum* elems = nullptr;
  bool* nulls = nullptr;
  int count = 0;
  guarded([arr, &elems, &nulls, &count] {
    deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &count);
  });
  std::uint8_t mask = 0;
  for (int i = 0; i < count; ++i) {
    if (nulls[i])
      throw Error(ciprov::core::sqlstate::kInvalidParameterValue,
                  "dependency types must not contain NULL");
    text* t = reinterpret_cast<text*>(DatumGetPointer(elems[i]));
    std::string name(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
    std::uint8_t bit = sp::deptype_bit(name);
    if (bit == 0)
      throw Error(ciprov::core::sqlstate::kInvalidParameterValue,
                  "unknown dependency type " + ciprov::core::quoted(name),
                  "Dependency types are build, link, run and test.");
    mask |= bit;
  }
  return mask;
}

std::string arg_text(FunctionCallInfo fcinfo, int n) {
  return std::string(ciprov::pg::arg_bytes(fcinfo, n));
}

}  // namespace

// ciprov.spack_traverse(hash, deptypes, max_depth, dependents)
//   RETURNS TABLE (node int8, depth int4, deptype_mask int2)
CIPROV_FUNCTION(ciprov_spack_traverse) {
  guarded([fcinfo] { InitMaterializedSRF(fcinfo, 0); });
  if (PG_ARGISNULL(0) || PG_ARGISNULL(3)) return static_cast<Datum>(0);  // no rows
  std::string hash = arg_text(fcinfo, 0);
  std::uint8_t filter = deptype_filter(fcinfo, 1);
  int max_depth = PG_ARGISNULL(2) ? -1 : PG_GETARG_INT32(2);
  if (!PG_ARGISNULL(2) && max_depth < 0)
    throw Error(ciprov::core::sqlstate::kInvalidParameterValue, "max_depth must not be negative");
  bool dependents = PG_GETARG_BOOL(3);

  spi::connect();
  SpiEdges edges(dependents);
  sp::Traversal t =
      sp::traverse(node_id(hash, dependents ? nullptr : &edges), filter, max_depth, edges);
  spi::finish();

  auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
  Tuplestorestate* store = rsinfo->setResult;
  TupleDesc desc = rsinfo->setDesc;
  for (const sp::Visit& v : t.visits) {
    Datum values[3] = {Int64GetDatum(v.node), Int32GetDatum(v.depth), Int16GetDatum(v.deptypes)};
    bool nulls[3] = {false, false, false};
    Datum* vp = values;
    bool* np = nulls;
    guarded([store, desc, vp, np] { tuplestore_putvalues(store, desc, vp, np); });
  }
  return static_cast<Datum>(0);
}

namespace {

Datum deptypes_array(std::uint8_t mask) {
  std::vector<std::string> names = sp::deptype_names(mask);
  auto* elems = static_cast<Datum*>(ciprov::pg::alloc(sizeof(Datum) * 4));
  int n = 0;
  for (const auto& name : names) elems[n++] = ciprov::pg::text_datum(name);
  return PointerGetDatum(
      guarded([elems, n] { return construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT); }));
}

// Rows (hash, name, version, depth, deptypes) of a traversal, ordered by
// depth, name and hash, written straight from the SPI result into the
// function's tuplestore (which copies them).
Datum neighbourhood(FunctionCallInfo fcinfo, bool dependents) {
  guarded([fcinfo] { InitMaterializedSRF(fcinfo, 0); });
  if (PG_ARGISNULL(0)) return static_cast<Datum>(0);  // no rows
  std::string hash = arg_text(fcinfo, 0);
  std::uint8_t filter = deptype_filter(fcinfo, 1);
  int max_depth = PG_ARGISNULL(2) ? -1 : PG_GETARG_INT32(2);
  if (!PG_ARGISNULL(2) && max_depth < 0)
    throw Error(ciprov::core::sqlstate::kInvalidParameterValue, "max_depth must not be negative");

  auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
  Tuplestorestate* store = rsinfo->setResult;
  TupleDesc desc = rsinfo->setDesc;

  spi::connect();
  SpiEdges edges(dependents);
  sp::Traversal t =
      sp::traverse(node_id(hash, dependents ? nullptr : &edges), filter, max_depth, edges);
  std::vector<std::int64_t> ids;
  ids.reserve(t.visits.size());
  for (const auto& v : t.visits) ids.push_back(v.node);
  static SPIPlanPtr p;
  spi::plan(p, "SELECT id, hash, name, version FROM ciprov.spack_nodes WHERE id = ANY ($1)",
            {INT8ARRAYOID}, spi::PlanMode::kGeneric);
  std::uint64_t n = spi::exec(p, {spi::int8_array_arg(ids)}, "", true);
  struct Row {
    int depth;
    std::uint8_t deptypes;
    std::string name, hash;
    std::uint64_t spi_row;
  };
  std::unordered_map<std::int64_t, std::uint64_t> row_of;
  for (std::uint64_t r = 0; r < n; ++r) row_of.emplace(spi::get_int64(r, 1), r);
  std::vector<Row> rows;
  rows.reserve(t.visits.size());
  for (const auto& v : t.visits) {
    auto it = row_of.find(v.node);
    if (it == row_of.end()) continue;
    rows.push_back(Row{v.depth, v.deptypes, std::string(spi::get_text_view(it->second, 3)),
                       std::string(spi::get_text_view(it->second, 2)), it->second});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.depth, a.name, a.hash) < std::tie(b.depth, b.name, b.hash);
  });
  SPITupleTable* table = SPI_tuptable;
  Datum deptype_arrays[16];  // one text[] per mask, built once
  for (int m = 0; m < 16; ++m) deptype_arrays[m] = deptypes_array(static_cast<std::uint8_t>(m));
  for (const Row& row : rows) {
    HeapTuple tuple = table->vals[row.spi_row];
    TupleDesc spi_desc = table->tupdesc;
    Datum values[5];
    bool nulls[5] = {false, false, false, false, false};
    for (int col = 0; col < 3; ++col) {
      bool* isnull = &nulls[col];
      values[col] = guarded([tuple, spi_desc, col, isnull] {
        return SPI_getbinval(tuple, spi_desc, col + 2, isnull);
      });
    }
    values[3] = Int32GetDatum(row.depth);
    values[4] = deptype_arrays[row.deptypes & 15];
    Datum* vp = values;
    bool* np = nulls;
    guarded([store, desc, vp, np] { tuplestore_putvalues(store, desc, vp, np); });
  }
  spi::finish();
  return static_cast<Datum>(0);
}

}  // namespace

// ciprov.spack_dependencies / spack_dependents(hash, deptypes, max_depth)
//   RETURNS TABLE (hash, name, version, depth, deptypes)
CIPROV_FUNCTION(ciprov_spack_dependencies) { return neighbourhood(fcinfo, false); }
CIPROV_FUNCTION(ciprov_spack_dependents) { return neighbourhood(fcinfo, true); }

// ciprov.spack_dot(hash, deptypes) RETURNS text
CIPROV_FUNCTION(ciprov_spack_dot) {
  if (PG_ARGISNULL(0)) PG_RETURN_NULL();
  std::string hash = arg_text(fcinfo, 0);
  std::uint8_t filter = deptype_filter(fcinfo, 1);
  spi::connect();
  SpiEdges edges(false);
  sp::Traversal t = sp::traverse(node_id(hash, &edges), filter, -1, edges);
  std::vector<std::int64_t> ids;
  for (const auto& v : t.visits) ids.push_back(v.node);
  static SPIPlanPtr p;
  spi::plan(p,
            "SELECT id, hash, name, version::pg_catalog.text FROM ciprov.spack_nodes"
            " WHERE id = ANY ($1)",
            {INT8ARRAYOID}, spi::PlanMode::kGeneric);
  std::uint64_t n = spi::exec(p, {spi::int8_array_arg(ids)}, "", true);
  std::vector<sp::DotNode> nodes;
  for (std::uint64_t r = 0; r < n; ++r)
    nodes.push_back(sp::DotNode{spi::get_int64(r, 1), spi::get_text(r, 2), spi::get_text(r, 3),
                                spi::get_text(r, 4)});
  spi::finish();
  return ciprov::pg::text_datum(sp::write_dot(std::move(nodes), std::move(t.edges)));
}

// ciprov.spack_json(hash) RETURNS jsonb: spec.json v5 of the stored DAG,
// with the build specs of spliced nodes.
CIPROV_FUNCTION(ciprov_spack_json) {
  std::string hash = arg_text(fcinfo, 0);
  spi::connect();
  SpiEdges edges(false);
  std::vector<std::int64_t> order;  // root first, breadth-first
  std::unordered_set<std::int64_t> seen;
  std::vector<std::int64_t> pending{node_id(hash)};
  std::unordered_map<std::int64_t, std::size_t> index;
  std::vector<sp::Node> nodes;
  while (!pending.empty()) {
    std::int64_t start = pending.back();
    pending.pop_back();
    if (seen.count(start)) continue;
    sp::Traversal t = sp::traverse(start, sp::kAllDepTypes, -1, edges);
    std::vector<std::int64_t> fresh;
    for (const auto& v : t.visits)
      if (seen.insert(v.node).second) fresh.push_back(v.node);
    if (fresh.empty()) continue;
    static SPIPlanPtr pn, pe;
    spi::plan(
        pn,
        "SELECT n.id, n.hash, n.name, n.node_json::pg_catalog.text, n.spec_format,"
        " b.id FROM ciprov.spack_nodes n LEFT JOIN ciprov.spack_nodes b ON b.id = n.build_spec"
        " WHERE n.id = ANY ($1)",
        {INT8ARRAYOID}, spi::PlanMode::kGeneric);
    std::uint64_t rows = spi::exec(pn, {spi::int8_array_arg(fresh)}, "", true);
    std::unordered_map<std::int64_t, sp::Node> got;
    for (std::uint64_t r = 0; r < rows; ++r) {
      sp::Node n;
      std::int64_t id = spi::get_int64(r, 1);
      n.hash = spi::get_text(r, 2);
      n.name = spi::get_text(r, 3);
      n.original_json = spi::get_text(r, 4);
      n.format_version = static_cast<int>(spi::get_int64(r, 5));
      if (!spi::is_null(r, 6)) pending.push_back(spi::get_int64(r, 6));
      got.emplace(id, std::move(n));
    }
    spi::plan(pe,
              "SELECT e.parent, c.hash, c.name, e.deptype_mask, e.virtuals::pg_catalog.text"
              " FROM ciprov.spack_edges e JOIN ciprov.spack_nodes c ON c.id = e.child"
              " WHERE e.parent = ANY ($1)",
              {INT8ARRAYOID}, spi::PlanMode::kGeneric);
    rows = spi::exec(pe, {spi::int8_array_arg(fresh)}, "", true);
    for (std::uint64_t r = 0; r < rows; ++r) {
      sp::Edge e;
      std::int64_t parent = spi::get_int64(r, 1);
      e.child_hash = spi::get_text(r, 2);
      e.child_name = spi::get_text(r, 3);
      e.deptypes = static_cast<std::uint8_t>(spi::get_int64(r, 4));
      e.virtuals = spi::parse_array_text(spi::get_text(r, 5));
      got.at(parent).edges.push_back(std::move(e));
    }
    for (std::int64_t id : fresh) nodes.push_back(std::move(got.at(id)));
  }
  spi::finish();
  std::string json = sp::write_spec_v5(nodes);
  const char* cstr = ciprov::pg::make_cstring(json);
  return guarded([cstr] { return DirectFunctionCall1(jsonb_in, CStringGetDatum(cstr)); });
}
