// The plain C++ model of a concrete Spack DAG, as read from a spec.json or an
// install database, independent of the file format it came from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ciprov::core::spack {

// Dependency types as a bit set, in Spack's order (build, link, run, test).
enum DepType : std::uint8_t { kBuild = 1, kLink = 2, kRun = 4, kTest = 8 };
inline constexpr std::uint8_t kAllDepTypes = kBuild | kLink | kRun | kTest;
inline constexpr std::uint8_t kLinkRun = kLink | kRun;

// "build" -> kBuild; 0 for an unknown name.
std::uint8_t deptype_bit(const std::string& name);
// Mask -> {"build","link",...} in canonical order.
std::vector<std::string> deptype_names(std::uint8_t mask);

struct Edge {
  std::string child_hash;  // the child's stored dag hash (references resolved)
  std::string child_name;
  std::uint8_t deptypes = 0;
  std::vector<std::string> virtuals;
};

struct Node {
  std::string hash;  // the identity; as stored in the file, never recomputed
  std::string name;
  std::string version;
  std::string namespace_;
  std::string platform, os, target;  // from "arch"
  std::string variants_json = "{}";  // "parameters" without the compiler flags
  std::string flags_json = "{}";     // cflags, cppflags, cxxflags, fflags, ldflags, ldlibs
  std::optional<std::string> external_json;
  std::optional<std::string> package_hash, full_hash, build_hash;
  std::optional<std::string> build_spec_hash;  // spliced nodes: what was really built
  std::string annotations_json = "{}";
  std::string original_json;          // the node as it appeared in the document
  int format_version = 5;             // spec format the node was read from
  bool synthesized_compiler = false;  // made from a pre-v5 "compiler" field
  std::vector<Edge> edges;
};

// One document: nodes in dependency order (every child before its parents),
// root first in `root_hash`.
struct Dag {
  std::string root_hash;
  int format_version = 0;
  std::vector<Node> nodes;
};

// One install record of a Spack database or build-cache index.json.
struct InstallRecord {
  std::string hash;
  std::optional<std::string> path;
  std::optional<bool> installed, explicit_, in_buildcache;
  std::optional<double> installation_time;
  std::optional<std::int64_t> ref_count;
  std::optional<std::string> deprecated_for;
  std::string record_json;  // the record without its "spec"
};

struct Database {
  std::string version;
  std::vector<InstallRecord> records;
  Dag dag;  // every spec of the database, children first (root_hash empty)
};

}  // namespace ciprov::core::spack
