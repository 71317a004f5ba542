// ciprov.version: parsing, the binary form, and Spack's order through keys.
#include "core/version.h"

#include "core/error.h"
#include "core/version_key.h"

namespace ciprov::core {
namespace vk = version_key;

namespace {

constexpr char kTypeName[] = "ciprov.version";
constexpr std::uint8_t kFormat = 1;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_ref_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-' || c == '/';
}

bool is_commit_sha(std::string_view s) {
  if (s.size() != 40) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string standard_key(const vk::Parts& p) { return vk::encode(p); }

std::string stringify(const vk::Parts& p) {
  std::string s;
  for (const vk::Component& c : p.release) {
    if (!s.empty()) s += '.';
    if (c.tag == vk::kInfinity)
      s += c.infinity < vk::kInfinityCount ? vk::kInfinityWords[c.infinity] : "infinity";
    else
      s += c.data;
  }
  if (p.pre != vk::kFinal) s += p.pre == vk::kAlpha ? "alpha" : p.pre == vk::kBeta ? "beta" : "rc";
  if (p.has_pre_number) s += p.pre_number;
  return s;
}

}  // namespace

bool Version::try_parse_standard(std::string_view s, Version* out, std::string* reason,
                                 std::size_t* index) {
  std::string key;
  if (vk::encode_standard_fast(s, &key)) {
    out->text_.assign(s.data(), s.size());
    out->key_ = std::move(key);
    out->std_len_ = out->key_.size();
    out->kind_ = VersionKind::kStandard;
    return true;
  }
  vk::ParseFailure fail;
  vk::Parts p;
  if (!vk::parse_standard(s, &p, &fail)) {
    *reason = fail.reason;
    *index = fail.index;
    return false;
  }
  Version v;
  v.text_ = std::string(s);
  v.key_ = standard_key(p);
  v.std_len_ = v.key_.size();
  v.kind_ = VersionKind::kStandard;
  *out = std::move(v);
  return true;
}

bool Version::try_parse_ref(std::string_view s, Version* out, std::string* reason,
                            std::size_t* index) {
  std::size_t ref_at = s.substr(0, 4) == "git." ? 4 : 0;
  std::string_view ref = s.substr(ref_at);
  if (ref.empty()) {
    *reason = "a git version needs a ref";
    *index = ref_at;
    return false;
  }
  for (std::size_t i = 0; i < ref.size(); ++i) {
    if (!is_ref_char(ref[i])) {
      *reason = "unexpected character \"" + std::string(1, ref[i]) + "\" in git ref";
      *index = ref_at + i;
      return false;
    }
  }
  Version v;
  // Alone, `<ref>` would read as a standard version (unless a sha): keep
  // the `git.` prefix so that the bare ref prints back as a git version.
  v.text_ = ref_at == 4 || is_commit_sha(ref) ? std::string(s) : "git." + std::string(ref);
  v.key_.push_back(static_cast<char>(vk::kBareRef));
  v.key_.append(ref);
  v.std_len_ = 0;
  v.kind_ = VersionKind::kGitRef;
  *out = std::move(v);
  return true;
}

// Spack's GitVersion: `git.<ref>[=<version>]`, `<40-hex sha>[=<version>]`,
// or any `<ref>=<version>`; everything else is a standard version.
bool Version::try_parse(std::string_view s, Version* out, std::string* reason, std::size_t* index) {
  vk::ParseFailure fail;
  Version v;
  v.text_ = std::string(s);
  bool git_prefix = s.substr(0, 4) == "git.";
  bool git = git_prefix || is_commit_sha(s) ||
             (s.size() > 1 && s.find('=', 1) != std::string_view::npos);
  if (!git) return try_parse_standard(s, out, reason, index);
  std::size_t ref_at = git_prefix ? 4 : 0;
  std::size_t eq = s.find('=', ref_at);
  std::string_view ref = s.substr(ref_at, eq == std::string_view::npos ? s.npos : eq - ref_at);
  if (ref.empty()) {
    *reason = "a git version needs a ref";
    *index = ref_at;
    return false;
  }
  for (std::size_t i = 0; i < ref.size(); ++i) {
    if (!is_ref_char(ref[i])) {
      *reason = "unexpected character \"" + std::string(1, ref[i]) + "\" in git ref";
      *index = ref_at + i;
      return false;
    }
  }
  if (eq == std::string_view::npos) {
    v.key_.push_back(static_cast<char>(vk::kBareRef));
    v.key_.append(ref);
    v.std_len_ = 0;
    v.kind_ = VersionKind::kGitRef;
    *out = std::move(v);
    return true;
  }
  std::string_view assigned = s.substr(eq + 1);
  if (std::size_t colon = assigned.find(':'); colon != std::string_view::npos) {
    *reason = "a git ref constrained to a range is not a concrete version";
    *index = eq + 1 + colon;
    return false;
  }
  vk::Parts p;
  if (!vk::parse_standard(assigned, &p, &fail)) {
    *reason = assigned.empty() ? "a git version needs a version after \"=\"" : fail.reason;
    *index = eq + 1 + fail.index;
    return false;
  }
  v.key_ = standard_key(p);
  v.std_len_ = v.key_.size();
  v.key_.push_back('\0');
  v.key_.append(ref);
  v.kind_ = VersionKind::kGitAssigned;
  *out = std::move(v);
  return true;
}

Version Version::parse(std::string_view text) {
  std::size_t b = 0, e = text.size();
  while (b < e && is_space(text[b])) ++b;
  while (e > b && is_space(text[e - 1])) --e;
  Version v;
  std::string reason;
  std::size_t index = 0;
  if (!try_parse(text.substr(b, e - b), &v, &reason, &index))
    throw invalid_text(kTypeName, std::string(text), reason, b + index + 1);
  return v;
}

std::string_view Version::ref() const {
  switch (kind_) {
    case VersionKind::kGitAssigned:
      return std::string_view(key_).substr(std_len_ + 1);
    case VersionKind::kGitRef:
      return std::string_view(key_).substr(1);
    default:
      return {};
  }
}

namespace {
constexpr std::uint8_t kTextOmitted = 0x80;  // flag in the kind byte

// The text a standard key renders to, or "" when the key is malformed.
std::string render(std::string_view std_key) {
  vk::Parts p;
  return vk::decode(std_key, &p) ? stringify(p) : std::string();
}
}  // namespace

std::string Version::serialize() const {
  bool omit = kind_ == VersionKind::kStandard && render(key_) == text_;
  std::string out;
  out.reserve(4 + key_.size() + (omit ? 0 : text_.size()));
  out.push_back(static_cast<char>(kFormat));
  out.push_back(static_cast<char>(static_cast<std::uint8_t>(kind_) | (omit ? kTextOmitted : 0)));
  vk::put_varint(&out, key_.size());
  if (kind_ == VersionKind::kGitAssigned) vk::put_varint(&out, std_len_);
  out.append(key_);
  if (!omit) out.append(text_);
  return out;
}

bool Version::decode(std::string_view bytes, VersionView* out) {
  if (bytes.size() < 3 || static_cast<std::uint8_t>(bytes[0]) != kFormat) return false;
  auto kind_byte = static_cast<std::uint8_t>(bytes[1]);
  bool omitted = (kind_byte & kTextOmitted) != 0;
  auto kind = static_cast<std::uint8_t>(kind_byte & ~kTextOmitted);
  if (kind > static_cast<std::uint8_t>(VersionKind::kGitRef)) return false;
  if (omitted && kind != static_cast<std::uint8_t>(VersionKind::kStandard)) return false;
  std::size_t pos = 2;
  std::uint64_t key_len = 0, std_len = 0;
  if (!vk::get_varint(bytes, &pos, &key_len)) return false;
  if (kind == static_cast<std::uint8_t>(VersionKind::kGitAssigned)) {
    if (!vk::get_varint(bytes, &pos, &std_len)) return false;
  } else {
    std_len = kind == static_cast<std::uint8_t>(VersionKind::kStandard) ? key_len : 0;
  }
  if (key_len == 0 || key_len > bytes.size() - pos || std_len > key_len) return false;
  if (omitted && pos + key_len != bytes.size()) return false;
  out->kind = static_cast<VersionKind>(kind);
  out->key = bytes.substr(pos, key_len);
  out->std_len = std_len;
  out->text = bytes.substr(pos + key_len);
  out->text_omitted = omitted;
  return true;
}

std::string Version::text_of(const VersionView& v) {
  return v.text_omitted ? render(v.std_key()) : std::string(v.text);
}

Version Version::deserialize(std::string_view bytes) {
  VersionView view;
  if (!decode(bytes, &view))
    throw Error(sqlstate::kInvalidBinaryRepresentation, "invalid binary data for type ciprov.version");
  Version v;
  v.kind_ = view.kind;
  v.key_ = std::string(view.key);
  v.std_len_ = view.std_len;
  v.text_ = text_of(view);
  if (v.text_.empty())
    throw Error(sqlstate::kInvalidBinaryRepresentation, "invalid binary data for type ciprov.version");
  return v;
}

std::uint64_t VersionView::hash(std::uint64_t seed) const { return vk::hash_bytes(key, seed); }

std::string Version::next_key() const {
  vk::Parts p;
  if (kind_ != VersionKind::kStandard || !vk::decode(key_, &p))
    throw Error(sqlstate::kInternalError, "next_key() of a non-standard version");
  return vk::encode(vk::next(p));
}

bool Version::is_prefix_of(const Version& o) const {
  if (kind_ != VersionKind::kStandard || o.kind_ == VersionKind::kGitRef) return false;
  std::string_view k = o.std_key();
  return key_ <= k && k < next_key();
}

const std::string& Version::typemin_key() {
  static const std::string key = [] {
    vk::Parts p;
    p.pre = vk::kAlpha;
    return vk::encode(p);
  }();
  return key;
}

const std::string& Version::typemax_key() {
  static const std::string key = [] {
    vk::Parts p;
    vk::Component c;
    c.tag = vk::kInfinity;
    c.infinity = vk::kInfinityCount;
    p.release.push_back(c);
    return vk::encode(p);
  }();
  return key;
}

const std::string& Version::after_typemax_key() {
  static const std::string key = [] {
    vk::Parts p;
    vk::decode(typemax_key(), &p);
    return vk::encode(vk::next(p));
  }();
  return key;
}

Version Version::from_standard_key(std::string_view key) {
  vk::Parts p;
  if (!vk::decode(key, &p)) throw Error(sqlstate::kInternalError, "malformed version key");
  Version v;
  v.key_ = std::string(key);
  v.std_len_ = v.key_.size();
  v.text_ = stringify(p);
  v.kind_ = VersionKind::kStandard;
  return v;
}

}  // namespace ciprov::core
