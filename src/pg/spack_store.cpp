// ciprov.spack_submit and ciprov.spack_submit_database: jsonb -> text ->
// core reader (validates everything) -> prepared SPI inserts. Nothing is
// written unless the whole document is valid.
#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/interrupt.h"
#include "core/spack_dag.h"
#include "core/spack_json.h"
#include "core/version.h"
#include "pg/datum.h"
#include "pg/guard.h"
#include "pg/spi.h"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/jsonb.h"
}

namespace sp = ciprov::core::spack;
namespace spi = ciprov::pg::spi;
using ciprov::pg::guarded;

namespace {

// The jsonb argument as JSON text.
std::string jsonb_arg_text(FunctionCallInfo fcinfo, int n) {
  Datum d = PG_GETARG_DATUM(n);
  char* text = guarded([d] {
    Jsonb* jb = DatumGetJsonbP(d);
    return JsonbToCString(nullptr, &jb->root, VARSIZE(jb));
  });
  return std::string(text);
}

struct Stored {
  std::int64_t id;
  std::vector<std::int64_t> closure;     // link/run
  sp::StoredDag dag;                     // the node's whole DAG
};

std::string closure_text(const std::vector<std::int64_t>& ids) {
  std::string s = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(ids[i]);
  }
  return s + "}";
}

std::string deptypes_text(std::uint8_t mask) {
  std::string s = "{";
  for (const auto& n : sp::deptype_names(mask)) s += (s.size() > 1 ? "," : "") + n;
  return s + "}";
}

std::string virtuals_text(const std::vector<std::string>& v) {
  std::string s = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) s += ',';
    s += '"';
    for (char c : v[i]) {
      if (c == '"' || c == '\\') s += '\\';
      s += c;
    }
    s += '"';
  }
  return s + "}";
}

bool find_node(const std::string& hash, Stored& out) {
  static SPIPlanPtr p;
  spi::plan(p,
            "SELECT id, link_run_closure::pg_catalog.text, dag"
            " FROM ciprov.spack_nodes WHERE hash = $1",
            {TEXTOID});
  if (spi::exec(p, {spi::text_arg(hash)}, "", false) == 0) return false;
  out.id = spi::get_int64(0, 1);
  out.closure.clear();
  for (const auto& s : spi::parse_array_text(spi::get_text(0, 2)))
    out.closure.push_back(std::stoll(s));
  out.dag = sp::decode_dag(spi::get_text_view(0, 3));
  return true;
}

std::vector<std::int64_t> parse_ids(const std::string& text) {
  std::vector<std::int64_t> out;
  for (const auto& s : spi::parse_array_text(text)) out.push_back(std::stoll(s));
  return out;
}

// The ids of the stored nodes among `hashes`, in one indexed query.
void find_nodes(const std::vector<std::string>& hashes,
                std::unordered_map<std::string, Stored>& known) {
  static SPIPlanPtr p;
  spi::plan(p, "SELECT hash, id FROM ciprov.spack_nodes WHERE hash = ANY ($1)", {TEXTARRAYOID},
            spi::PlanMode::kCustom);
  std::uint64_t n = spi::exec(p, {spi::text_array_arg(hashes)}, "", false);
  for (std::uint64_t r = 0; r < n; ++r)
    known[std::string(spi::get_text_view(r, 1))] = Stored{spi::get_int64(r, 2), {}, {}};
}

// The closures of stored nodes that new nodes depend on: only these are
// needed, and a resubmission needs none.
void load_closures(const std::vector<std::string>& hashes,
                   std::unordered_map<std::string, Stored>& known) {
  if (hashes.empty()) return;
  static SPIPlanPtr p;
  spi::plan(p,
            "SELECT hash, link_run_closure::pg_catalog.text, dag"
            " FROM ciprov.spack_nodes WHERE hash = ANY ($1)",
            {TEXTARRAYOID}, spi::PlanMode::kCustom);
  std::uint64_t n = spi::exec(p, {spi::text_array_arg(hashes)}, "", false);
  for (std::uint64_t r = 0; r < n; ++r) {
    Stored& s = known.at(std::string(spi::get_text_view(r, 1)));
    s.closure = parse_ids(spi::get_text(r, 2));
    s.dag = sp::decode_dag(spi::get_text_view(r, 3));
  }
}

// Serializes concurrent submissions of the same new nodes: transaction
// advisory locks on buckets of hashes, taken in bucket order, so two writers
// never wait on each other in opposite orders. Buckets (not one lock per
// hash) bound the locks one transaction holds: a build-cache index or a
// bulk load may bring tens of thousands of new nodes, more than the shared
// lock table holds (max_locks_per_transaction x max_connections).
constexpr std::uint32_t kLockBuckets = 1024;

void lock_new_hashes(const std::vector<std::string>& hashes) {
  static SPIPlanPtr p;
  spi::plan(p, "SELECT pg_catalog.pg_advisory_xact_lock(1936744299, $1)", {INT4OID});
  std::vector<std::uint32_t> buckets;
  buckets.reserve(hashes.size());
  for (const auto& h : hashes) {
    std::uint32_t fnv = 2166136261u;  // FNV-1a: stable across backends and builds
    for (unsigned char c : h) fnv = (fnv ^ c) * 16777619u;
    buckets.push_back(fnv % kLockBuckets);
  }
  std::sort(buckets.begin(), buckets.end());
  buckets.erase(std::unique(buckets.begin(), buckets.end()), buckets.end());
  for (std::uint32_t b : buckets)
    spi::exec(p, {Int32GetDatum(static_cast<std::int32_t>(b))}, "", false);
}

// The id for a new node: taken first because the node's stored DAG holds
// its own id.
std::int64_t next_node_id() {
  static SPIPlanPtr p;
  spi::plan(p, "SELECT pg_catalog.nextval('ciprov.spack_nodes_id_seq'::pg_catalog.regclass)", {});
  spi::exec(p, {}, "", false);
  return spi::get_int64(0, 1);
}

// False when a concurrent writer stored the hash first.
bool insert_node(std::int64_t id, const sp::Node& n, const std::string& closure,
                 const std::string& dag, const std::string& build_spec_id) {
  static SPIPlanPtr p;
  spi::plan(
      p,
      "INSERT INTO ciprov.spack_nodes (id, hash, name, version, namespace, platform, os, target,"
      " variants, flags, external, package_hash, full_hash, build_hash, build_spec,"
      " annotations, spec_format, synthesized_compiler, node_json, link_run_closure,"
      " dag) OVERRIDING SYSTEM VALUE"
      " VALUES ($21, $1, $2, $3::ciprov.version, $4, $5, $6, $7, $8::pg_catalog.jsonb,"
      " $9::pg_catalog.jsonb, $10::pg_catalog.jsonb, $11, $12, $13, $14::pg_catalog.int8,"
      " $15::pg_catalog.jsonb, $16::pg_catalog.int4, $17::pg_catalog.bool,"
      " $18::pg_catalog.jsonb, $19::pg_catalog.int8[], $20)"
      " ON CONFLICT (hash) DO NOTHING",
      {TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID,  TEXTOID,
       TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID,  TEXTOID,
       TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, BYTEAOID, INT8OID});
  auto opt = [](const std::optional<std::string>& s) { return s ? *s : std::string(); };
  std::vector<std::string> values = {n.hash,
                                     n.name,
                                     n.version,
                                     n.namespace_,
                                     n.platform,
                                     n.os,
                                     n.target,
                                     n.variants_json,
                                     n.flags_json,
                                     opt(n.external_json),
                                     opt(n.package_hash),
                                     opt(n.full_hash),
                                     opt(n.build_hash),
                                     build_spec_id,
                                     n.annotations_json,
                                     std::to_string(n.format_version),
                                     n.synthesized_compiler ? "true" : "false",
                                     n.original_json,
                                     closure,
                                     dag};
  std::string nulls(20, ' ');
  // Empty optional fields are NULL, except the always-present ones.
  const bool nullable[20] = {false, false, false, true, true,  true,  true,  false, false, true,
                             true,  true,  true,  true, false, false, false, false, false, false};
  std::vector<Datum> args;
  args.reserve(20);
  for (int i = 0; i < 20; ++i) {
    if (nullable[i] && values[i].empty()) {
      nulls[i] = 'n';
      args.push_back(0);
    } else {
      args.push_back(spi::text_arg(values[i]));
    }
  }
  if (n.external_json) nulls[9] = ' ', args[9] = spi::text_arg(*n.external_json);
  args[19] = PointerGetDatum(ciprov::pg::make_varlena(dag));  // bytea
  args.push_back(Int64GetDatum(id));
  nulls += ' ';
  return spi::exec(p, args, nulls, false) == 1;
}

void insert_edge(std::int64_t parent, std::int64_t child, const sp::Edge& e) {
  static SPIPlanPtr p;
  spi::plan(p,
            "INSERT INTO ciprov.spack_edges (parent, child, deptype_mask, deptypes, virtuals)"
            " VALUES ($1, $2, $3, $4::pg_catalog.text[], $5::pg_catalog.text[])"
            " ON CONFLICT DO NOTHING",
            {INT8OID, INT8OID, INT2OID, TEXTOID, TEXTOID});
  spi::exec(p,
            {Int64GetDatum(parent), Int64GetDatum(child), Int16GetDatum(e.deptypes),
             spi::text_arg(deptypes_text(e.deptypes)), spi::text_arg(virtuals_text(e.virtuals))},
            "", false);
}

// Stores every node of `dag` not stored yet (children first, as the reader
// returns them) and returns hash -> id for all of them.
std::unordered_map<std::string, std::int64_t> store_dag(const sp::Dag& dag) {
  std::unordered_map<std::string, Stored> known;
  std::vector<std::string> all, missing;
  for (const sp::Node& n : dag.nodes) all.push_back(n.hash);
  find_nodes(all, known);
  for (const auto& h : all)
    if (!known.count(h)) missing.push_back(h);
  if (!missing.empty()) {
    lock_new_hashes(missing);
    find_nodes(missing, known);  // stored meanwhile by a writer we waited for
    std::vector<std::string> children;
    for (const sp::Node& n : dag.nodes) {
      if (known.count(n.hash)) continue;
      for (const sp::Edge& e : n.edges)
        if (known.count(e.child_hash)) children.push_back(e.child_hash);
    }
    std::sort(children.begin(), children.end());
    children.erase(std::unique(children.begin(), children.end()), children.end());
    load_closures(children, known);
  }
  ciprov::core::InterruptTicker ticker(64);
  for (const sp::Node& n : dag.nodes) {
    ticker.tick();
    if (known.count(n.hash)) continue;
    Stored s;
    std::vector<std::int64_t> closure;
    sp::StoredDag dag;  // the children's DAGs, then the node itself
    for (const sp::Edge& e : n.edges) {
      const Stored& c = known.at(e.child_hash);
      dag.nodes.insert(dag.nodes.end(), c.dag.nodes.begin(), c.dag.nodes.end());
      dag.edges.insert(dag.edges.end(), c.dag.edges.begin(), c.dag.edges.end());
      if (!(e.deptypes & sp::kLinkRun)) continue;
      closure.push_back(c.id);
      closure.insert(closure.end(), c.closure.begin(), c.closure.end());
    }
    std::sort(closure.begin(), closure.end());
    closure.erase(std::unique(closure.begin(), closure.end()), closure.end());
    std::string build_spec;
    if (n.build_spec_hash) build_spec = std::to_string(known.at(*n.build_spec_hash).id);
    std::int64_t id = next_node_id();
    dag.root = id;
    dag.nodes.push_back(
        sp::DagNode{id, n.hash, n.name, ciprov::core::Version::parse(n.version).serialize()});
    for (const sp::Edge& e : n.edges)
      dag.edges.push_back(sp::GraphEdge{id, known.at(e.child_hash).id, e.deptypes});
    std::string blob = sp::encode_dag(std::move(dag));
    if (!insert_node(id, n, closure_text(closure), blob, build_spec)) {
      if (!find_node(n.hash, s))
        throw ciprov::core::Error(ciprov::core::sqlstate::kInternalError,
                                  "spack node " + n.hash + " vanished during submission");
      known.emplace(n.hash, std::move(s));
      continue;
    }
    for (const sp::Edge& e : n.edges) insert_edge(id, known.at(e.child_hash).id, e);
    known.emplace(n.hash, Stored{id, std::move(closure), sp::decode_dag(blob)});
  }
  std::unordered_map<std::string, std::int64_t> ids;
  for (auto& [h, s] : known) ids.emplace(h, s.id);
  return ids;
}

void upsert_install(std::int64_t node, const sp::InstallRecord& r, const std::string& db_version) {
  static SPIPlanPtr p;
  spi::plan(
      p,
      "INSERT INTO ciprov.spack_installs AS i (node, path, installed, explicit, in_buildcache,"
      " installation_time, ref_count, deprecated_for, database_version, record)"
      " VALUES ($1, $2, $3::pg_catalog.bool, $4::pg_catalog.bool, $5::pg_catalog.bool,"
      " pg_catalog.to_timestamp($6::pg_catalog.float8), $7::pg_catalog.int8, $8, $9,"
      " $10::pg_catalog.jsonb)"
      " ON CONFLICT (node) DO UPDATE SET path = excluded.path, installed = excluded.installed,"
      " explicit = excluded.explicit, in_buildcache = excluded.in_buildcache,"
      " installation_time = excluded.installation_time, ref_count = excluded.ref_count,"
      " deprecated_for = excluded.deprecated_for, database_version = excluded.database_version,"
      " record = excluded.record, updated_at = pg_catalog.now()",
      {INT8OID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID});
  std::string nulls(10, ' ');
  std::vector<Datum> args(10, 0);
  args[0] = Int64GetDatum(node);
  auto set = [&](int i, const std::optional<std::string>& v) {
    if (v)
      args[i] = spi::text_arg(*v);
    else
      nulls[i] = 'n';
  };
  auto boolean = [](const std::optional<bool>& b) -> std::optional<std::string> {
    if (!b) return std::nullopt;
    return std::string(*b ? "true" : "false");
  };
  set(1, r.path);
  set(2, boolean(r.installed));
  set(3, boolean(r.explicit_));
  set(4, boolean(r.in_buildcache));
  std::optional<std::string> time;
  if (r.installation_time && std::isfinite(*r.installation_time)) {
    time = std::to_string(*r.installation_time);  // "%f": microseconds
  }
  set(5, time);
  set(6, r.ref_count ? std::optional<std::string>(std::to_string(*r.ref_count)) : std::nullopt);
  set(7, r.deprecated_for);
  set(8, db_version);
  set(9, r.record_json);
  spi::exec(p, args, nulls, false);
}

}  // namespace

CIPROV_FUNCTION(ciprov_spack_submit) {
  sp::Dag dag = sp::read_spec(jsonb_arg_text(fcinfo, 0));
  spi::connect();
  store_dag(dag);
  spi::finish();
  return ciprov::pg::text_datum(dag.root_hash);
}

CIPROV_FUNCTION(ciprov_spack_submit_database) {
  sp::Database db = sp::read_database(jsonb_arg_text(fcinfo, 0));
  spi::connect();
  auto ids = store_dag(db.dag);
  // Install records in node order: one lock order for every writer.
  std::vector<std::pair<std::int64_t, const sp::InstallRecord*>> records;
  for (const auto& r : db.records) records.emplace_back(ids.at(r.hash), &r);
  std::sort(records.begin(), records.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [id, r] : records) upsert_install(id, *r, db.version);
  spi::finish();
  return Int32GetDatum(static_cast<int32>(db.records.size()));
}
