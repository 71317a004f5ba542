// Graph questions over the stored DAGs. One traversal (core::spack::traverse)
// serves spack_traverse (behind spack_dependencies and spack_dependents),
// spack_dot and spack_json. Downwards, a node's row holds its whole DAG
// (spack_nodes.dag: nodes with hash, name and version, and edges), so
// spack_dependencies and spack_dot read one row; upwards, edges are read one
// breadth-first level at a time through a prepared plan on the child index.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "core/spack_dag.h"
#include "core/spack_graph.h"
#include "core/spack_json.h"
#include "core/spack_model.h"
#include "core/version.h"
#include "pg/datum.h"
#include "pg/guard.h"
#include "pg/spack_dag_read.h"
#include "pg/spi.h"
#include "pg/srf.h"
#include "pg/table_read.h"

extern "C" {
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
}

namespace sp = ciprov::core::spack;
namespace spi = ciprov::pg::spi;
using ciprov::core::Error;
using ciprov::pg::guarded;

namespace {

// Edges read one level per query: upwards (dependents) on the child index,
// downwards (spack_json, which also needs virtuals) on the primary key.
// A traversal may reach most of the store (the dependents of zlib are
// most of it). When one level's index lookups would cost at least as much
// as one read of the whole edge table (a lookup costs about
// kEdgesPerIndexedNode edges read, docs/bench-spack.md), the table is read
// once in heap order instead and the remaining levels are answered from
// memory: that level costs no more either way, and the levels after it
// cost nothing more. The edges held in memory are bounded as a hash join's
// table is (work_mem times hash_mem_multiplier): past that, the traversal
// stays on the index.
class SpiEdges : public sp::EdgeSource {
 public:
  explicit SpiEdges(bool dependents) : dependents_(dependents) {}

  void expand(const std::vector<std::int64_t>& frontier, std::vector<sp::GraphEdge>& out) override {
    if (!whole_ && worth_reading_whole(frontier.size())) whole_.emplace(read_whole());
    if (whole_) {
      whole_->expand(frontier, out);
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
  static constexpr double kEdgesPerIndexedNode = 25;

  static std::size_t memory_limit() {
    return guarded([] { return get_hash_memory_limit(); });
  }

  // Downwards only spack_json reads edges here: a DAG's few nodes, whose
  // order in its output follows the index's order of the edges.
  bool worth_reading_whole(std::size_t level) {
    if (!dependents_) return false;
    if (edges_estimate_ == 0) edges_estimate_ = ciprov::pg::table_rows_now("spack_edges");
    // (never analyzed: -1, read by index)
    return edges_estimate_ > 0 &&
           static_cast<double>(level) * kEdgesPerIndexedNode >= edges_estimate_ &&
           edges_estimate_ * sp::EdgeTable::kBuildBytesPerEdge <=
               static_cast<double>(memory_limit());
  }

  // Every edge, upwards: from the child to its parent.
  sp::EdgeTable read_whole() {
    static ciprov::pg::TableColumns<3> columns({"parent", "child", "deptype_mask"});
    ciprov::pg::TableRead r = ciprov::pg::open_table_read("spack_edges", "spack_edges_pkey");
    // (plain ints: a lambda may not capture structured bindings in C++17)
    const std::array<int, 3>& at = columns.find(r);
    const int parent = at[0], child = at[1], mask = at[2];
    const int upto = std::max({parent, child, mask}) + 1;
    std::vector<sp::GraphEdge> edges;
    edges.reserve(static_cast<std::size_t>(edges_estimate_ * 1.1) + 16);
    ciprov::pg::scan_table_into(
        r, edges, [parent, child, mask, upto](TupleTableSlot* slot) noexcept {
          slot_getsomeattrs(slot, upto);
          return sp::GraphEdge{DatumGetInt64(slot->tts_values[child]),
                               DatumGetInt64(slot->tts_values[parent]),
                               static_cast<std::uint8_t>(DatumGetInt16(slot->tts_values[mask]))};
        });
    ciprov::pg::close_table_read(r);
    return sp::EdgeTable(std::move(edges));
  }

  bool dependents_;
  double edges_estimate_ = 0;  // spack_edges' rows as the planner counts them, read on first use
  std::optional<sp::EdgeTable> whole_;
};

[[noreturn]] void no_such_node(const std::string& hash) {
  throw Error(ciprov::core::sqlstate::kInvalidParameterValue,
              "no Spack node has hash " + ciprov::core::quoted(hash));
}

// The id of the stored node with `hash`; 22023 when there is none.
std::int64_t node_id(const std::string& hash) {
  static SPIPlanPtr p;
  spi::plan(p, "SELECT id FROM ciprov.spack_nodes WHERE hash = $1", {TEXTOID});
  if (spi::exec(p, {spi::text_arg(hash)}, "", true) == 0) no_such_node(hash);
  return spi::get_int64(0, 1);
}

// NULL means every type; otherwise the names must be known.
std::uint8_t deptype_filter(FunctionCallInfo fcinfo, int n) {
  if (PG_ARGISNULL(n)) return sp::kAllDepTypes;
  ciprov::pg::TextElements names = ciprov::pg::text_elements(PG_GETARG_DATUM(n));
  std::uint8_t mask = 0;
  for (int i = 0; i < names.n; ++i) {
    if (names.nulls[i])
      throw Error(ciprov::core::sqlstate::kInvalidParameterValue,
                  "dependency types must not contain NULL");
    std::string name(ciprov::pg::text_bytes(names.elems[i]));
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

struct Arguments {
  std::string hash;
  std::uint8_t filter;
  int max_depth;  // -1: unlimited
};

// False for a NULL hash (no rows).
bool read_arguments(FunctionCallInfo fcinfo, Arguments& out) {
  if (PG_ARGISNULL(0)) return false;
  out.hash = arg_text(fcinfo, 0);
  out.filter = deptype_filter(fcinfo, 1);
  out.max_depth = PG_ARGISNULL(2) ? -1 : PG_GETARG_INT32(2);
  if (!PG_ARGISNULL(2) && out.max_depth < 0)
    throw Error(ciprov::core::sqlstate::kInvalidParameterValue, "max_depth must not be negative");
  return true;
}

}  // namespace

// ciprov.spack_traverse(hash, deptypes, max_depth, dependents)
//   RETURNS TABLE (node int8, depth int4, deptype_mask int2)
CIPROV_FUNCTION(ciprov_spack_traverse) {
  ciprov::pg::MaterializedResult out(fcinfo, 3);
  Arguments a;
  if (PG_ARGISNULL(3) || !read_arguments(fcinfo, a)) return static_cast<Datum>(0);  // no rows
  bool dependents = PG_GETARG_BOOL(3);

  sp::Traversal t;
  if (dependents) {
    spi::connect();
    SpiEdges edges(true);
    t = sp::traverse(node_id(a.hash), a.filter, a.max_depth, edges);
    spi::finish();
  } else {
    sp::DagView dag(ciprov::pg::read_stored_dag(a.hash));
    t = sp::traverse(dag.root(), a.filter, a.max_depth, dag);
    sp::sort_by_depth_and_index(t.visits);
    for (sp::Visit& v : t.visits) v.node = dag.id(static_cast<std::uint32_t>(v.node));
  }

  for (const sp::Visit& v : t.visits) {
    Datum values[3] = {Int64GetDatum(v.node), Int32GetDatum(v.depth), Int16GetDatum(v.deptypes)};
    bool nulls[3] = {false, false, false};
    out.put(values, nulls);
  }
  return static_cast<Datum>(0);
}

namespace {

// Output rows (hash, name, version, depth, deptypes), copied into the
// function's result; each row's values are freed once copied.
class RowWriter {
 public:
  explicit RowWriter(FunctionCallInfo fcinfo) : out_(fcinfo, 5) {}
  void put(std::string_view hash, std::string_view name, std::string_view version, int depth,
           std::uint8_t deptypes) {
    Datum& names = deptypes_[deptypes & 15];
    if (names == 0) names = ciprov::pg::text_array_of(sp::deptype_names(deptypes & 15));
    ciprov::pg::MaterializedResult::RowMemory row(out_);
    Datum values[5] = {ciprov::pg::text_datum(hash), ciprov::pg::text_datum(name),
                       PointerGetDatum(ciprov::pg::make_varlena(version)), Int32GetDatum(depth),
                       names};
    bool nulls[5] = {false, false, false, false, false};
    out_.put(values, nulls);
  }

 private:
  ciprov::pg::MaterializedResult out_;
  Datum deptypes_[16] = {};  // one text[] per mask, built on first use (in the call's memory)
};

// Dependencies: everything comes from the node's stored DAG, one row read.
// Nodes there are sorted by (name, hash), so sorting the visits by depth
// and local index gives the output order.
Datum dependencies(FunctionCallInfo fcinfo) {
  RowWriter out(fcinfo);
  Arguments a;
  if (!read_arguments(fcinfo, a)) return static_cast<Datum>(0);
  sp::DagView dag(ciprov::pg::read_stored_dag(a.hash));
  sp::Traversal t = sp::traverse(dag.root(), a.filter, a.max_depth, dag);
  sp::sort_by_depth_and_index(t.visits);
  for (const sp::Visit& v : t.visits) {
    auto i = static_cast<std::uint32_t>(v.node);
    out.put(dag.hash(i), dag.name(i), dag.version(i), v.depth, v.deptypes);
  }
  return static_cast<Datum>(0);
}

// A node the dependents traversal reached, with its stored row's values.
struct ReachedRow {
  int depth;
  std::uint8_t deptypes;
  std::string name, hash, version;
};

// One stored row read costs about as much as kNodesPerIndexedRow rows of a
// whole read of spack_nodes (docs/bench-spack.md): at or past that share of
// the table, every row is read once in heap order instead.
constexpr double kNodesPerIndexedRow = 8;

// The stored rows of the traversal's nodes (visits of nodes since removed
// are left out), by primary key or, for much of the table, by one read of
// all of it. Called while connected to SPI.
std::vector<ReachedRow> reached_rows(const sp::Traversal& t) {
  std::unordered_map<std::int64_t, std::size_t> visit_of;
  visit_of.reserve(t.visits.size());
  for (std::size_t i = 0; i < t.visits.size(); ++i) visit_of.emplace(t.visits[i].node, i);
  std::vector<ReachedRow> rows;
  rows.reserve(t.visits.size());
  auto keep = [&visit_of, &rows, &t](std::int64_t id, auto read_values) {
    auto it = visit_of.find(id);
    if (it == visit_of.end()) return;
    const sp::Visit& v = t.visits[it->second];
    auto [hash, name, version] = read_values();
    rows.push_back(ReachedRow{v.depth, v.deptypes, std::string(name), std::string(hash),
                              std::string(version)});
  };
  const double stored = ciprov::pg::table_rows_now("spack_nodes");
  if (stored > 0 && static_cast<double>(t.visits.size()) * kNodesPerIndexedRow >= stored) {
    static ciprov::pg::TableColumns<4> columns({"id", "hash", "name", "version"});
    ciprov::pg::TableRead r = ciprov::pg::open_table_read("spack_nodes", "spack_nodes_pkey");
    const std::array<int, 4>& at = columns.find(r);
    const int id = at[0], hash = at[1], name = at[2], version = at[3];
    const int upto = std::max({id, hash, name, version}) + 1;
    ciprov::pg::scan_table(r, [&keep, id, hash, name, version, upto](TupleTableSlot* slot) {
      guarded([slot, upto] { slot_getsomeattrs(slot, upto); });
      keep(DatumGetInt64(slot->tts_values[id]), [slot, hash, name, version] {
        return std::make_tuple(ciprov::pg::text_bytes(slot->tts_values[hash]),
                               ciprov::pg::text_bytes(slot->tts_values[name]),
                               ciprov::pg::text_bytes(slot->tts_values[version]));
      });
    });
    ciprov::pg::close_table_read(r);
    return rows;
  }
  std::vector<std::int64_t> ids;
  ids.reserve(t.visits.size());
  for (const auto& v : t.visits) ids.push_back(v.node);
  static SPIPlanPtr p;
  spi::plan(p, "SELECT id, hash, name, version FROM ciprov.spack_nodes WHERE id = ANY ($1)",
            {INT8ARRAYOID}, spi::PlanMode::kGeneric);
  std::uint64_t n = spi::exec(p, {spi::int8_array_arg(ids)}, "", true);
  for (std::uint64_t r = 0; r < n; ++r)
    keep(spi::get_int64(r, 1), [r] {
      return std::make_tuple(spi::get_text_view(r, 2), spi::get_text_view(r, 3),
                             spi::get_text_view(r, 4));
    });
  return rows;
}

// Dependents: the traversal reads edges upwards (SpiEdges), then the rows
// of the nodes reached, ordered by depth, name and hash.
Datum dependents(FunctionCallInfo fcinfo) {
  RowWriter out(fcinfo);
  Arguments a;
  if (!read_arguments(fcinfo, a)) return static_cast<Datum>(0);
  spi::connect();
  SpiEdges edges(true);
  sp::Traversal t = sp::traverse(node_id(a.hash), a.filter, a.max_depth, edges);
  std::vector<ReachedRow> rows = reached_rows(t);
  spi::finish();
  std::sort(rows.begin(), rows.end(), [](const ReachedRow& a, const ReachedRow& b) {
    return std::tie(a.depth, a.name, a.hash) < std::tie(b.depth, b.name, b.hash);
  });
  for (const ReachedRow& row : rows)
    out.put(row.hash, row.name, row.version, row.depth, row.deptypes);
  return static_cast<Datum>(0);
}

}  // namespace

// ciprov.spack_dependencies / spack_dependents(hash, deptypes, max_depth)
//   RETURNS TABLE (hash, name, version, depth, deptypes)
CIPROV_FUNCTION(ciprov_spack_dependencies) { return dependencies(fcinfo); }
CIPROV_FUNCTION(ciprov_spack_dependents) { return dependents(fcinfo); }

// ciprov.spack_dot(hash, deptypes) RETURNS text
CIPROV_FUNCTION(ciprov_spack_dot) {
  if (PG_ARGISNULL(0)) PG_RETURN_NULL();
  std::string hash = arg_text(fcinfo, 0);
  std::uint8_t filter = deptype_filter(fcinfo, 1);
  sp::DagView dag(ciprov::pg::read_stored_dag(hash));
  sp::Traversal t = sp::traverse(dag.root(), filter, -1, dag);
  std::vector<sp::DotNode> nodes;
  for (const auto& v : t.visits) {
    auto i = static_cast<std::uint32_t>(v.node);
    ciprov::core::VersionView version;
    if (!ciprov::core::Version::decode(dag.version(i), &version))
      throw Error(ciprov::core::sqlstate::kInvalidBinaryRepresentation,
                  "invalid stored value of type ciprov.version");
    nodes.push_back(sp::DotNode{v.node, std::string(dag.hash(i)), std::string(dag.name(i)),
                                version.text_omitted ? ciprov::core::Version::text_of(version)
                                                     : std::string(version.text)});
  }
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
