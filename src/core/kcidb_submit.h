// The pure part of ciprov.kcidb_submit: everything that happens before a
// row is written. A submission is validated against exactly the version it
// declares, upgraded to 5.3, validated again when the upgrade crossed a
// major version (so that v5's stricter rules are reported like any other
// problem), and repeated objects inside the one document are merged, so the
// database sees each key once.
#pragma once

#include <array>
#include <cstddef>
#include <nlohmann/json.hpp>

#include "core/kcidb_schema.h"

namespace ciprov::core::kcidb {

// The five v5 object kinds in the order they are written (and locked).
inline constexpr std::array<const char*, 5> kKinds = {"checkouts", "builds", "tests", "issues",
                                                      "incidents"};

struct Prepared {
  nlohmann::json doc;        // the v5.3 document to store
  VersionCode declared = 0;  // the version the submission declared
  bool rewritten = false;    // doc's object arrays differ from the input's
};

// Throws core::Error with SQLSTATE 22023 when the document is invalid: the
// message is the first problem ("/tests/3/path: ..."), the detail lists
// every problem one per line. Nothing is partially accepted.
Prepared prepare(nlohmann::json doc);

// Merges objects of the same kind and key within one document: the first
// non-null value of each field wins (nested objects merge field by field).
// Returns whether anything was merged.
bool merge_duplicates(nlohmann::json& doc);

}  // namespace ciprov::core::kcidb
