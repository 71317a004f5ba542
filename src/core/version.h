// One concrete Spack version (ciprov.version), with Spack 1.x ordering.
//
// A version is parsed once into a compact *sort key*: a byte string whose
// memcmp order is exactly Spack's version order, and whose byte equality is
// exactly Spack's version equality (separators ignored, `10.0001` == `10.1`).
// Comparing two versions is then one memcmp, with no allocation and no
// re-parsing; the SQL type stores the key next to the original text.
//
// Key layout (see version.cpp for the details):
//   standard:      release components, 0x00, prerelease
//   git assigned:  <standard key of the assigned version>, 0x00, ref bytes
//                  (after that version, before the next standard version)
//   git bare ref:  0xFF, ref bytes (after every other version)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ciprov::core {

enum class VersionKind : std::uint8_t {
  kStandard = 0,     // 1.2.3, 1.2rc1, develop
  kGitAssigned = 1,  // git.<ref>=<version>, <40-hex>=<version>, <ref>=<version>
  kGitRef = 2,       // git.<ref>, <40-hex>: no Spack version assigned
};

// A non-owning view of an encoded version: what stored values are compared
// through without allocation. `std_len` is the length of the key prefix that
// encodes the standard (assigned) version; 0 for a bare git ref.
struct VersionView {
  VersionKind kind = VersionKind::kStandard;
  std::string_view key;
  std::size_t std_len = 0;
  // The text as entered; empty when the stored form omitted it because it
  // is the key's own rendering (see Version::text_of).
  std::string_view text;
  bool text_omitted = false;

  std::string_view std_key() const { return key.substr(0, std_len); }
  bool is_git() const { return kind != VersionKind::kStandard; }
  // <0, 0, >0 in Spack order.
  int compare(const VersionView& o) const {
    int c = key.compare(o.key);
    return (c > 0) - (c < 0);
  }
  // 64-bit seeded hash, equal for versions that compare equal.
  std::uint64_t hash(std::uint64_t seed) const;
};

class Version {
 public:
  // Parses any Spack version string; throws core::Error 22P02 naming the
  // offending character and its 1-based position.
  static Version parse(std::string_view text);
  // The same without throwing: false with the reason and the 0-based index
  // of the offending character in `text` (no trimming). For callers that
  // parse versions inside a larger text (ranges, specs).
  static bool try_parse(std::string_view text, Version* out, std::string* reason,
                        std::size_t* index);
  // Only a standard version (no git detection): `git.1.2` reads as the
  // words and numbers git, 1, 2, as Spack reads range bounds.
  static bool try_parse_standard(std::string_view text, Version* out, std::string* reason,
                                 std::size_t* index);
  // Only a bare git ref, `git.<ref>` or `<ref>` (the ref part of a git ref
  // constrained to a range, `git.<ref>=1.2:1.4`, in a version range).
  static bool try_parse_ref(std::string_view text, Version* out, std::string* reason,
                            std::size_t* index);

  // Binary form (format version byte, kind, key, text): the stored varlena
  // payload. The text is left out when it is exactly what the key renders
  // to (dotted numbers such as 12.34.156), which halves typical values.
  std::string serialize() const;
  static Version deserialize(std::string_view bytes);  // throws 22P03
  // Decodes serialized bytes into a view without allocating; false when the
  // bytes are malformed.
  static bool decode(std::string_view bytes, VersionView* out);
  // The text of a decoded view, rebuilt from the key when omitted.
  static std::string text_of(const VersionView& v);

  const std::string& text() const { return text_; }
  const std::string& key() const { return key_; }
  VersionKind kind() const { return kind_; }
  bool is_git() const { return kind_ != VersionKind::kStandard; }
  // The git ref (without `git.`); empty for a standard version.
  std::string_view ref() const;
  // The key of the standard version (for a git version: its assigned
  // version); empty for a bare git ref.
  std::string_view std_key() const { return std::string_view(key_).substr(0, std_len_); }
  VersionView view() const { return {kind_, key_, std_len_, text_}; }

  int compare(const Version& o) const {
    int c = key_.compare(o.key_);
    return (c > 0) - (c < 0);
  }
  bool operator==(const Version& o) const { return key_ == o.key_; }
  bool operator!=(const Version& o) const { return key_ != o.key_; }
  bool operator<(const Version& o) const { return compare(o) < 0; }
  bool operator<=(const Version& o) const { return compare(o) <= 0; }
  bool operator>(const Version& o) const { return compare(o) > 0; }
  bool operator>=(const Version& o) const { return compare(o) >= 0; }
  std::uint64_t hash(std::uint64_t seed) const { return view().hash(seed); }

  // Spack's "1.2 covers 1.2.*": o lies in the range `this:this`, i.e.
  // this <= o < next(this). Only for standard versions (false otherwise).
  bool is_prefix_of(const Version& o) const;

  // Sort key of Spack's next_version(): the smallest version above every
  // version that has this one as prefix (1.4 -> 1.5, 1.2rc1 -> 1.2rc2,
  // develop -> the infinity above it). Standard versions only.
  std::string next_key() const;

  // Keys of Spack's typemin / typemax (the open ends of `:`) and of the
  // version just above typemax (the exclusive end of `1.2:`).
  static const std::string& typemin_key();
  static const std::string& typemax_key();
  static const std::string& after_typemax_key();
  // The standard version whose key is `key` (as from next_key()), with text
  // rebuilt from its components joined by '.'; throws on a malformed key.
  static Version from_standard_key(std::string_view key);

 private:
  std::string text_;
  std::string key_;
  std::size_t std_len_ = 0;
  VersionKind kind_ = VersionKind::kStandard;
};

}  // namespace ciprov::core
