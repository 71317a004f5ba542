// spec.json and install-database ingestion: any input either reads or
// throws core::Error 22023; a document that reads writes back as v5 and
// reads again with the same root and node count.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/error.h"
#include "core/spack_json.h"

using namespace ciprov::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  spack::Dag dag;
  bool read = false;
  try {
    dag = spack::read_spec(text);
    read = true;
  } catch (const Error& e) {
    if (e.sqlstate() != "22023") std::abort();
  }
  if (read) {  // what was read must write and read back: any error is a bug
    std::vector<spack::Node> root_first(dag.nodes.rbegin(), dag.nodes.rend());
    // Put the root first as Spack does (the reader's order is children first).
    for (std::size_t i = 0; i < root_first.size(); ++i)
      if (root_first[i].hash == dag.root_hash) std::swap(root_first[0], root_first[i]);
    spack::Dag back = spack::read_spec(spack::write_spec_v5(root_first));
    if (back.root_hash != dag.root_hash || back.nodes.size() != dag.nodes.size()) std::abort();
  }
  try {
    spack::Database db = spack::read_database(text);
    if (db.records.empty()) std::abort();
  } catch (const Error& e) {
    if (e.sqlstate() != "22023") std::abort();
  }
  return 0;
}
