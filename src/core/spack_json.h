// Readers for every Spack spec.json format and for install databases /
// build-cache indexes, and the spec.json v5 writer.
//
// The readers work on JSON text with nlohmann::json: PostgreSQL hands us the
// jsonb as text (JsonbToCString), and the fuzz target feeds the same code.
// They validate the whole document before returning; any problem throws
// core::Error 22023 whose message names the JSON pointer of the bad field.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/spack_model.h"

namespace ciprov::core::spack {

// A spec.json: the v1 list format ({"spec": [{name: node}, ...]}) or
// {"spec": {"_meta": {"version": 2..5}, "nodes": [...]}}. Nodes come back
// children first; pre-v5 "compiler" fields become build edges to compiler
// nodes that provide the c, cxx and fortran virtuals.
Dag read_spec(std::string_view json_text);

// {"database": {"version": "N", "installs": {hash: {"spec": node, ...}}}}.
Database read_database(std::string_view json_text);

// spec.json format v5 for a DAG given root first; edges name children by
// their stored hash, so reading the result back yields the same hashes.
std::string write_spec_v5(const std::vector<Node>& nodes_root_first);

// The dag hash given to the compiler node made from a pre-v5 "compiler"
// field: deterministic in (name, version, platform, os), 32 base32 letters.
std::string synthesized_compiler_hash(const std::string& name, const std::string& version,
                                      const std::string& platform, const std::string& os);
// 32 base32 letters, like a dag hash, deterministic in `key` (not Spack's
// SHA-256 of the node dict: used for nodes ciprov makes itself).
std::string content_hash(const std::string& key);

}  // namespace ciprov::core::spack
