// The kcidb I/O schema versions ciprov accepts, as data.
//
// kcidb-io (kernelci/kcidb-io) defines one JSON schema per version: 3.0,
// 4.0 .. 4.5 and 5.0 .. 5.3. They differ by which fields exist and by a few
// value rules. Rather than one hand-written validator per version, every
// field is listed once with the first and last version that has it, and the
// value rules that depend on the major version (v5 test paths, no NUL
// character, https-only repository URLs) are decided by the validator from
// the version code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ciprov::core::kcidb {

// A schema version as major * 100 + minor (5.3 is 503).
using VersionCode = int;
inline constexpr VersionCode kLatest = 503;

// Whether ciprov knows the schema of this exact version.
bool is_known_version(VersionCode v);
// "3.0, 4.0, 4.1, ..., 5.3" for messages.
const std::string& known_versions_text();
std::string version_text(VersionCode v);

// What a field's value must be.
enum class Kind : std::uint8_t {
  Text,          // string; no NUL in v5
  Id,            // "origin:anything" object id
  Origin,        // [a-z0-9_]+
  RevisionId,    // v3 revision id: sha1, optionally "+" sha256
  CommitHash,    // 40 lowercase hex digits
  PatchsetHash,  // "" or 64 lowercase hex digits
  RepoUrl,       // (https|git):// in v3/v4, https:// in v5
  Url,           // a URI with a scheme
  Email,         // contains "@"
  Time,          // RFC 3339 date-time
  Bool,
  Number,          // any JSON number
  Count,           // integer >= 0
  Architecture,    // [a-z0-9_]*
  LogExcerpt,      // Text of at most 16384 characters
  Status,          // FAIL ERROR MISS PASS DONE SKIP (MISS since 4.2)
  TestPath,        // dotted path, strict pattern in v5
  NumberPrefix,    // "metric" or "binary"
  Misc,            // any JSON object; the only place where null may appear
  TextList,        // array of Text
  CompatibleList,  // array of device-tree compatible strings
  PathList,        // array of TestPath
  ResourceList,    // array of {name, url}
  Struct,          // nested object with its own fields
};

struct Field {
  const char* name;
  Kind kind;
  VersionCode since;
  VersionCode until;  // inclusive
  bool required;
  const std::vector<Field>* fields;  // for Kind::Struct
};

// One array of the document ("checkouts", "tests", ...) and the fields of
// its objects.
struct Section {
  const char* name;
  VersionCode since;
  VersionCode until;
  const std::vector<Field>* fields;
};

const std::vector<Section>& sections();

// Test path rule of v5: segments of [A-Za-z0-9_-]+ joined by dots, or "".
bool is_v5_test_path(const std::string& s);

}  // namespace ciprov::core::kcidb
