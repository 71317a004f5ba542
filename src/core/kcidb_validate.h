// Validation of a kcidb I/O document against exactly the schema version it
// declares (see kcidb_schema.h for the versions and their fields).
//
// The validator never stops at the first problem: it walks the whole
// document and returns every problem, each with the JSON pointer of the bad
// value, so that a submitter can fix everything in one round.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/kcidb_schema.h"

namespace ciprov::core::kcidb {

struct Problem {
  std::string pointer;  // RFC 6901 JSON pointer, "" for the document itself
  std::string reason;
};

// The version the document declares, or 0 after adding a problem when it
// declares none, an unknown one, or a malformed one.
VersionCode declared_version(const nlohmann::json& doc, std::vector<Problem>& problems);

// Checks `doc` against schema version `version` and appends every problem.
void validate(const nlohmann::json& doc, VersionCode version, std::vector<Problem>& problems);

// "/tests/3/path: reason"; the root pointer is shown as "/".
std::string format_problem(const Problem& p);

// A JSON pointer segment with "~" and "/" escaped.
std::string pointer_segment(const std::string& key);

}  // namespace ciprov::core::kcidb
