// Upgrading a kcidb I/O document to a later schema version, by kcidb-io's
// rules. Within a major version the fields only grow, so an upgrade there
// changes just the version number; between majors the data is rewritten:
//
//   2 -> 3  the origin moves out of the ids into an "origin" field;
//           git_repository_commit_* become git_commit_*.
//   3 -> 4  revisions become checkouts with id "_:<origin>:<revision id>"
//           and patchset_hash split off the id; builds link to them through
//           checkout_id "_:<build origin>:<revision id>"; description becomes
//           comment; discovery_time becomes start_time; patch_mboxes become
//           patchset_files; publishing_time is dropped.
//   4 -> 5  checkout contacts and issue build_valid/test_status are dropped;
//           a build's valid becomes status PASS/FAIL; a waived test becomes
//           an incident of the "_:waived" issue. Whatever breaks a v5 rule
//           (test path, NUL, https) is left as is for the v5 validator to
//           report.
#pragma once

#include <nlohmann/json.hpp>

#include "core/kcidb_schema.h"

namespace ciprov::core::kcidb {

// Upgrades `doc`, which declares version `from` (2.0 and every known version
// accepted), in place to version `to` (>= from).
void upgrade(nlohmann::json& doc, VersionCode from, VersionCode to);

}  // namespace ciprov::core::kcidb
