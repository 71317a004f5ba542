#include "core/spack_dag.h"

#include <algorithm>
#include <unordered_map>

#include "core/error.h"

namespace ciprov::core::spack {

namespace {
constexpr unsigned char kFormat = 2;
constexpr std::size_t kHeader = 13;

void put(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put_at(std::string& out, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
std::uint64_t get(const unsigned char* p, int bytes) {
  std::uint64_t u = 0;
  for (int i = bytes - 1; i >= 0; --i) u = (u << 8) | p[i];
  return u;
}
std::uint32_t get32(const unsigned char* p) { return static_cast<std::uint32_t>(get(p, 4)); }

[[noreturn]] void malformed() {
  throw Error(sqlstate::kInvalidBinaryRepresentation, "malformed stored Spack DAG");
}
}  // namespace

std::string encode_dag(StoredDag dag) {
  auto& nodes = dag.nodes;
  std::sort(nodes.begin(), nodes.end(),
            [](const DagNode& a, const DagNode& b) { return a.id < b.id; });
  nodes.erase(std::unique(nodes.begin(), nodes.end(),
                          [](const DagNode& a, const DagNode& b) { return a.id == b.id; }),
              nodes.end());
  std::sort(nodes.begin(), nodes.end(), [](const DagNode& a, const DagNode& b) {
    return a.name != b.name ? a.name < b.name : a.hash < b.hash;
  });
  std::unordered_map<std::int64_t, std::uint32_t> local;
  for (std::uint32_t i = 0; i < nodes.size(); ++i) local.emplace(nodes[i].id, i);
  auto index_of = [&local](std::int64_t id) {
    auto it = local.find(id);
    if (it == local.end())
      throw Error(sqlstate::kInvalidParameterValue,
                  "Spack DAG node " + std::to_string(id) + " is not among its nodes");
    return it->second;
  };
  struct LocalEdge {
    std::uint32_t parent, child;
    std::uint8_t deptypes;
  };
  std::vector<LocalEdge> edges;
  edges.reserve(dag.edges.size());
  for (const GraphEdge& e : dag.edges)
    edges.push_back(LocalEdge{index_of(e.from), index_of(e.to), e.deptypes});
  std::sort(edges.begin(), edges.end(), [](const LocalEdge& a, const LocalEdge& b) {
    return a.parent != b.parent ? a.parent < b.parent : a.child < b.child;
  });
  edges.erase(std::unique(edges.begin(), edges.end(),
                          [](const LocalEdge& a, const LocalEdge& b) {
                            return a.parent == b.parent && a.child == b.child;
                          }),
              edges.end());
  const auto n = static_cast<std::uint32_t>(nodes.size());
  const auto e = static_cast<std::uint32_t>(edges.size());
  std::string out;
  out += static_cast<char>(kFormat);
  put(out, n, 4);
  put(out, e, 4);
  put(out, index_of(dag.root), 4);
  std::size_t offsets = out.size();
  out.append(4 * std::size_t{n}, '\0');
  std::size_t k = 0;
  for (std::uint32_t i = 0; i <= n; ++i) {
    while (k < edges.size() && edges[k].parent < i) ++k;
    put(out, k, 4);
  }
  for (const LocalEdge& le : edges) put(out, le.child, 4);
  for (const LocalEdge& le : edges) out += static_cast<char>(le.deptypes);
  for (std::uint32_t i = 0; i < n; ++i) {
    const DagNode& d = nodes[i];
    if (d.hash.size() > 0xffff || d.name.size() > 0xffff || d.version.size() > 0xffffffffu)
      throw Error(sqlstate::kInvalidParameterValue, "Spack DAG node field too long");
    put_at(out, offsets + 4 * std::size_t{i}, static_cast<std::uint32_t>(out.size()));
    put(out, static_cast<std::uint64_t>(d.id), 8);
    put(out, d.hash.size(), 2);
    out += d.hash;
    put(out, d.name.size(), 2);
    out += d.name;
    put(out, d.version.size(), 4);
    out += d.version;
  }
  return out;
}

DagView::DagView(std::string_view bytes)
    : p_(reinterpret_cast<const unsigned char*>(bytes.data())) {
  const std::size_t size = bytes.size();
  if (size < kHeader || p_[0] != kFormat) malformed();
  n_ = get32(p_ + 1);
  e_ = get32(p_ + 5);
  root_ = get32(p_ + 9);
  offsets_ = kHeader;
  first_edges_ = offsets_ + 4 * std::uint64_t{n_};
  children_ = first_edges_ + 4 * (std::uint64_t{n_} + 1);
  masks_ = children_ + 4 * std::uint64_t{e_};
  const std::uint64_t entries = masks_ + std::uint64_t{e_};
  if (n_ == 0 || root_ >= n_ || entries > size) malformed();
  if (first_edge(0) != 0 || first_edge(n_) != e_) malformed();
  for (std::uint32_t i = 0; i < n_; ++i)
    if (first_edge(i) > first_edge(i + 1)) malformed();
  for (std::uint32_t k = 0; k < e_; ++k)
    if (get32(p_ + children_ + 4 * std::size_t{k}) >= n_) malformed();
  for (std::uint32_t i = 0; i < n_; ++i) {
    std::uint64_t at = get32(p_ + offsets_ + 4 * std::size_t{i});
    if (at < entries || at + 10 > size) malformed();
    at += 8;
    at += 2 + get(p_ + at, 2);  // hash
    if (at + 2 > size) malformed();
    at += 2 + get(p_ + at, 2);  // name
    if (at + 4 > size) malformed();
    at += 4 + get(p_ + at, 4);  // version
    if (at > size) malformed();
  }
}

std::uint32_t DagView::first_edge(std::uint32_t i) const {
  return get32(p_ + first_edges_ + 4 * std::size_t{i});
}
const unsigned char* DagView::entry(std::uint32_t i) const {
  return p_ + get32(p_ + offsets_ + 4 * std::size_t{i});
}
std::int64_t DagView::id(std::uint32_t i) const {
  return static_cast<std::int64_t>(get(entry(i), 8));
}
std::string_view DagView::hash(std::uint32_t i) const {
  const unsigned char* e = entry(i) + 8;
  return {reinterpret_cast<const char*>(e + 2), static_cast<std::size_t>(get(e, 2))};
}
std::string_view DagView::name(std::uint32_t i) const {
  const unsigned char* e = entry(i) + 8;
  e += 2 + get(e, 2);
  return {reinterpret_cast<const char*>(e + 2), static_cast<std::size_t>(get(e, 2))};
}
std::string_view DagView::version(std::uint32_t i) const {
  const unsigned char* e = entry(i) + 8;
  e += 2 + get(e, 2);
  e += 2 + get(e, 2);
  return {reinterpret_cast<const char*>(e + 4), static_cast<std::size_t>(get(e, 4))};
}

void DagView::expand(const std::vector<std::int64_t>& frontier, std::vector<GraphEdge>& out) {
  for (std::int64_t f : frontier) {
    auto i = static_cast<std::uint32_t>(f);
    for (std::uint32_t k = first_edge(i), end = first_edge(i + 1); k < end; ++k)
      out.push_back(GraphEdge{f, get32(p_ + children_ + 4 * std::size_t{k}), p_[masks_ + k]});
  }
}

StoredDag decode_dag(std::string_view bytes) {
  DagView v(bytes);
  StoredDag dag;
  dag.root = v.id(v.root());
  dag.nodes.reserve(v.size());
  for (std::uint32_t i = 0; i < v.size(); ++i)
    dag.nodes.push_back(DagNode{v.id(i), std::string(v.hash(i)), std::string(v.name(i)),
                                std::string(v.version(i))});
  std::vector<std::int64_t> all;
  for (std::uint32_t i = 0; i < v.size(); ++i) all.push_back(i);
  std::vector<GraphEdge> local;
  v.expand(all, local);
  dag.edges.reserve(local.size());
  for (const GraphEdge& e : local)
    dag.edges.push_back(GraphEdge{dag.nodes[static_cast<std::size_t>(e.from)].id,
                                  dag.nodes[static_cast<std::size_t>(e.to)].id, e.deptypes});
  return dag;
}

void sort_by_depth_and_index(std::vector<Visit>& visits) {
  std::sort(visits.begin(), visits.end(), [](const Visit& a, const Visit& b) {
    return a.depth != b.depth ? a.depth < b.depth : a.node < b.node;
  });
}

}  // namespace ciprov::core::spack
