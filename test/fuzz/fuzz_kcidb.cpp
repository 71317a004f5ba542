// Fuzzes the kcidb submission core: any text that parses as JSON goes
// through the same prepare() that ciprov.kcidb_submit runs (version check,
// validation, upgrade to 5.3, duplicate merge). Invalid documents must end
// in core::Error with SQLSTATE 22023 and a message; valid ones must come out
// as v5.3 documents that validate again.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/kcidb_submit.h"
#include "core/kcidb_validate.h"

namespace kcidb = ciprov::core::kcidb;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nlohmann::json doc = nlohmann::json::parse(data, data + size, nullptr, false);
  if (doc.is_discarded()) return 0;
  try {
    kcidb::Prepared p = kcidb::prepare(doc);
    std::vector<kcidb::Problem> problems;
    if (kcidb::declared_version(p.doc, problems) != kcidb::kLatest) std::abort();
    kcidb::validate(p.doc, kcidb::kLatest, problems);
    if (!problems.empty()) std::abort();
  } catch (const ciprov::core::Error& e) {
    if (e.sqlstate() != "22023" || std::string(e.what()).empty()) std::abort();
  }
  return 0;
}
