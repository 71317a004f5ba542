// Internal: the sort-key encoding of Spack versions and the byte helpers
// shared by version.cpp and version_range.cpp. Not for the SQL glue.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ciprov::core::version_key {

// Key bytes. Release components are tagged so that, byte by byte,
//   end of release < alphabetic word < number < infinity word,
// which is Spack's order, and a shorter release sorts first.
inline constexpr std::uint8_t kEnd = 0x00;
inline constexpr std::uint8_t kWord = 0x01;      // letters, then 0x00
// Numbers below 10^19: tag kNumber + n, then the value in n big-endian
// bytes (n = 0..8, no leading zero byte), so a common version such as
// 12.34.156 encodes in 8 bytes and its first 8 key bytes decide most
// comparisons (the abbreviated sort key). Larger numbers: kBigNumber,
// 2-byte digit count, decimal digits.
inline constexpr std::uint8_t kNumber = 0x02;
inline constexpr std::uint8_t kBigNumber = 0x0B;
inline constexpr std::uint8_t kInfinity = 0x0C;  // index in kInfinityWords
inline constexpr std::uint8_t kBareRef = 0xFF;   // git ref without version

// Prerelease kinds, in Spack's order; a final release is kFinal.
inline constexpr std::uint8_t kAlpha = 0, kBeta = 1, kRc = 2, kFinal = 3;

// Spack's infinity words, lowest first; index 7 is typemax ("infinity").
inline constexpr const char* kInfinityWords[] = {"stable", "nightly", "trunk", "head",
                                                 "master", "main",    "develop"};
inline constexpr std::uint8_t kInfinityCount = 7;

// One release component.
struct Component {
  std::uint8_t tag = kNumber;  // kWord, kNumber or kInfinity
  std::string data;            // letters, or digits without leading zeros
  std::uint8_t infinity = 0;   // index for kInfinity
};

// A standard version as Spack's (release, prerelease) tuple.
struct Parts {
  std::vector<Component> release;
  std::uint8_t pre = kFinal;
  bool has_pre_number = false;
  std::string pre_number;  // digits without leading zeros ("0" for zero)
};

// Where parsing failed: reason and 0-based index into the parsed text.
struct ParseFailure {
  std::string reason;
  std::size_t index = 0;
};

// Parses a standard (non-git) version; false with *fail set on bad input.
bool parse_standard(std::string_view s, Parts* out, ParseFailure* fail);
// The key of a standard version straight from its text, without building
// Parts: the fast path of parsing. False when the text needs the general
// path (bad input, huge numbers, very many segments); *key is then unset.
bool encode_standard_fast(std::string_view s, std::string* key);
std::string encode(const Parts& p);
// Decodes a standard key (as produced by encode); false when malformed.
bool decode(std::string_view key, Parts* out);
// Spack's next_version() on parts.
Parts next(const Parts& p);

// Length-prefixed byte strings in serialized forms (LEB128 length).
void put_varint(std::string* out, std::uint64_t v);
void put_bytes(std::string* out, std::string_view b);
// Readers advance *pos; false when the input is truncated or malformed.
bool get_varint(std::string_view in, std::size_t* pos, std::uint64_t* v);
bool get_bytes(std::string_view in, std::size_t* pos, std::string_view* b);

std::uint64_t hash_bytes(std::string_view b, std::uint64_t seed);
std::uint64_t hash_combine(std::uint64_t h, std::uint64_t v);

}  // namespace ciprov::core::version_key
