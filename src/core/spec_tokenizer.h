// Spack 1.x spec tokenizer (spec_parser.py's SpecTokens), hand-written.
//
// At each position the token kinds are tried in Spack's order and the first
// that matches wins, with the same backtracking the regular expressions
// have (a version ends on a word boundary, a range's upper bound is not
// followed by `=`, ...). Whitespace separates tokens and is dropped. Spack's
// FILENAME token (specs read from .json/.yaml files) has no meaning inside a
// database and is not recognised.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace ciprov::core {

enum class SpecTokenKind {
  kStartEdgeProperties,    // ^[  %[  %%[
  kEndEdgeProperties,      // ]  (optionally followed by a virtual assignment)
  kDependency,             // ^  %  %%  (optionally followed by c,cxx=gcc)
  kVersionHashPair,        // @git.ref=1.2  @<40 hex>=1.2
  kGitVersion,             // @git.ref  @<40 hex>
  kVersion,                // @1.2:1.4,2.0
  kPropagatedBoolVariant,  // ++v  ~~v  --v
  kBoolVariant,            // +v  ~v  -v
  kPropagatedKeyValue,     // k==v  k:==v
  kKeyValue,               // k=v  k:=v  k='quoted value'
  kQualifiedName,          // ns.name
  kName,                   // name  or  *
  kDagHash,                // /abc123
};

struct SpecToken {
  SpecTokenKind kind;
  std::string_view text;
  std::size_t start;  // 0-based byte offset in the input
  // Virtual assignment of kDependency / kEndEdgeProperties (empty if none):
  // the comma-separated virtuals and the substitute package with its offset.
  std::string_view virtuals;
  std::string_view substitute;
  std::size_t substitute_start = 0;
};

// 1-based character (not byte) position of a byte offset, for messages.
std::size_t spec_char_position(std::string_view text, std::size_t byte_offset);

// Whether text is one identifier as a package name token spells it
// ([A-Za-z0-9_][A-Za-z0-9_-]*), e.g. a virtual named in edge attributes.
bool is_spec_identifier(std::string_view text);

// Whether text can stand before the package name of a qualified name
// (`builtin.zlib`): identifiers joined by dots, e.g. a `namespace=` value.
bool is_spec_namespace(std::string_view text);

// Throws core::Error 22P02 at the first character no token accepts.
std::vector<SpecToken> tokenize_spec(std::string_view text);

}  // namespace ciprov::core
