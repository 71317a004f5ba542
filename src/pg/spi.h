// Thin guarded wrappers over SPI (the Spack area, the rollup flush): cached
// prepared plans (SPI_prepare + SPI_keepplan, once per backend) and typed
// readers of the last result.
//
// On the error path we never call SPI_finish: the error aborts the
// (sub)transaction, which releases the SPI connection, and the ErrorData
// being carried out may live in SPI's memory context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pg/guard.h"

extern "C" {
#include "executor/spi.h"
}

namespace ciprov::pg::spi {

void connect();
void finish();

// How a prepared plan is (re)planned.
//  kCustom: at each execution, for `hash = ANY ($1)` lookups during
//    submission, whose generic plan, made while a table is small (a bulk
//    load in one transaction), would stay a sequential scan.
//  kGeneric: once, for `id = ANY ($1)` reads of the traversal: a custom plan
//    estimates the selectivity of every array element, which costs more than
//    the lookup itself; the generic plan is re-made when statistics change.
enum class PlanMode { kDefault, kCustom, kGeneric };

// The plan for `sql`, prepared and kept on first use. `cache` is a static
// SPIPlanPtr owned by the caller.
SPIPlanPtr plan(SPIPlanPtr& cache, const char* sql, std::vector<Oid> arg_types,
                PlanMode mode = PlanMode::kDefault);

// Executes a plan; `nulls` uses SPI's convention (' ' not null, 'n' null)
// and may be empty for no nulls. Returns SPI_processed.
std::uint64_t exec(SPIPlanPtr plan, const std::vector<Datum>& args, const std::string& nulls,
                   bool read_only);

// Readers of the last result (row, 1-based column).
bool is_null(std::uint64_t row, int col);
std::int64_t get_int64(std::uint64_t row, int col);
std::string get_text(std::uint64_t row, int col);  // "" when null
// A text column's bytes without calling its output function; valid until
// the result is freed. "" when null.
std::string_view get_text_view(std::uint64_t row, int col);
// The binary value (nullptr-like 0 when null).
Datum get_datum(std::uint64_t row, int col, bool* isnull);
bool get_bool(std::uint64_t row, int col);  // false when null
// A text (or bytea) column: none when null.
std::optional<std::string> get_opt_text(std::uint64_t row, int col);
// An int2/int4/int8/timestamptz column: none when null.
std::optional<std::int64_t> get_opt_int64(std::uint64_t row, int col);

// Argument builders (palloc'd in the current context).
Datum text_arg(std::string_view s);
Datum int8_array_arg(const std::vector<std::int64_t>& values);
// A real text[] (not text to be cast in SQL: a cast of a parameter is not
// folded in generic plans, which then cannot use an index).
Datum text_array_arg(const std::vector<std::string>& values);

// "{1,2,3}" (int8[] or text[] output without quoting needs) -> elements.
std::vector<std::string> parse_array_text(const std::string& s);

}  // namespace ciprov::pg::spi
