// Reads a node's stored DAG (spack_nodes.dag) by hash through the unique
// hash index directly, without SPI: for spack_dependencies the executor
// start-up of an SPI plan cost as much as the rest of the call.
#pragma once

#include <string>
#include <string_view>

namespace ciprov::pg {

// The detoasted bytes (palloc'd in the current memory context), or throws
// 22023 when no node has `hash`; 42501 without SELECT on spack_nodes.
std::string_view read_stored_dag(const std::string& hash);

}  // namespace ciprov::pg
