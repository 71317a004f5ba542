#include "core/spack_dag_edges.h"

#include <algorithm>
#include <cstdint>

#include "core/error.h"

namespace ciprov::core::spack {

namespace {
constexpr unsigned char kFormat = 1;
constexpr std::size_t kRecord = 17;

void put64(std::string& out, std::int64_t v) {
  auto u = static_cast<std::uint64_t>(v);
  for (int i = 0; i < 8; ++i) out += static_cast<char>((u >> (8 * i)) & 0xff);
}
std::int64_t get64(const unsigned char* p) {
  std::uint64_t u = 0;
  for (int i = 7; i >= 0; --i) u = (u << 8) | p[i];
  return static_cast<std::int64_t>(u);
}
}  // namespace

std::string encode_dag_edges(std::vector<GraphEdge> edges) {
  std::sort(edges.begin(), edges.end(), [](const GraphEdge& a, const GraphEdge& b) {
    return a.from != b.from ? a.from < b.from : a.to < b.to;
  });
  edges.erase(std::unique(edges.begin(), edges.end(),
                          [](const GraphEdge& a, const GraphEdge& b) {
                            return a.from == b.from && a.to == b.to;
                          }),
              edges.end());
  std::string out;
  out.reserve(1 + edges.size() * kRecord);
  out += static_cast<char>(kFormat);
  for (const GraphEdge& e : edges) {
    put64(out, e.from);
    put64(out, e.to);
    out += static_cast<char>(e.deptypes);
  }
  return out;
}

std::vector<GraphEdge> decode_dag_edges(std::string_view bytes) {
  if (bytes.empty() || static_cast<unsigned char>(bytes[0]) != kFormat ||
      (bytes.size() - 1) % kRecord != 0)
    throw Error(sqlstate::kInvalidBinaryRepresentation, "malformed Spack DAG edge list");
  std::vector<GraphEdge> out;
  out.reserve((bytes.size() - 1) / kRecord);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data()) + 1;
  for (std::size_t i = 1; i < bytes.size(); i += kRecord, p += kRecord)
    out.push_back(GraphEdge{get64(p), get64(p + 8), p[16]});
  return out;
}

}  // namespace ciprov::core::spack
