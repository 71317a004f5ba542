// Fuzzes the decoders of the rollups' packed values (bytea columns a user
// or a damaged page could hand them): a counter set or a test run either
// decodes or is a 22P03 error, never a crash or a read past its end; what
// decodes encodes back to the same bytes, and adding a set to an empty one
// gives the set again. The same for latest sets, which also compare equal
// to themselves only where both sides fail.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "core/rollup_latest.h"
#include "core/rollup_packed.h"
#include "core/rollup_runs.h"

namespace cr = ciprov::core::rollup;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  try {
    std::vector<cr::CountRow> rows = cr::unpack_counts(input);
    if (cr::pack_counts(rows) != input) std::abort();
    if (cr::add_counts(cr::pack_counts({}), input) != input) std::abort();
  } catch (const ciprov::core::Error& e) {
    if (e.sqlstate() != "22P03") std::abort();
  }
  try {
    if (cr::pack_tests(cr::unpack_tests(input)) != input) std::abort();
  } catch (const ciprov::core::Error& e) {
    if (e.sqlstate() != "22P03") std::abort();
  }
  try {
    std::vector<cr::LatestTest> tests = cr::unpack_latest(input);
    if (cr::pack_latest(tests) != input) std::abort();
    std::vector<cr::LatestChange> changes;
    cr::compare_latest(input, input, changes);
    std::size_t failing = 0;
    for (const cr::LatestTest& t : tests) failing += t.status == cr::kFail || t.status == cr::kError;
    if (changes.size() != failing) std::abort();
  } catch (const ciprov::core::Error& e) {
    if (e.sqlstate() != "22P03") std::abort();
  }
  return 0;
}
