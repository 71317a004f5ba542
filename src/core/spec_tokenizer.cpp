#include "core/spec_tokenizer.h"

#include <string>

#include "core/error.h"
#include "core/spec.h"

namespace ciprov::core {

namespace {

constexpr std::size_t kNo = std::string_view::npos;

bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_ident_char(char c) { return is_word(c) || c == '-'; }
bool is_name_char(char c) { return is_word(c) || c == '-' || c == '.'; }
bool is_git_ref_char(char c) { return is_name_char(c) || c == '/'; }
bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
// Characters a value may hold without quotes.
bool is_value_char(char c) {
  if (is_word(c)) return true;
  switch (c) {
    case '-': case '+': case '*': case '.': case ',': case ':': case '=':
    case '%': case '^': case '~': case '/': case '\\':
      return true;
    default:
      return false;
  }
}

// Matchers over one input. Each returns the end of the match starting at i,
// or kNo.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s), n_(s.size()) {}

  char at(std::size_t i) const { return i < n_ ? s_[i] : '\0'; }
  bool starts(std::size_t i, std::string_view p) const { return s_.substr(i, p.size()) == p; }

  std::size_t skip_ws(std::size_t i) const {
    while (i < n_ && is_space(s_[i])) ++i;
    return i;
  }

  // [A-Za-z0-9_][A-Za-z0-9_-]*
  std::size_t ident(std::size_t i) const {
    if (i >= n_ || !is_word(s_[i])) return kNo;
    ++i;
    while (i < n_ && is_ident_char(s_[i])) ++i;
    return i;
  }
  // [A-Za-z0-9_][A-Za-z0-9_.-]*
  std::size_t name(std::size_t i) const {
    if (i >= n_ || !is_word(s_[i])) return kNo;
    ++i;
    while (i < n_ && is_name_char(s_[i])) ++i;
    return i;
  }
  // ident(\.ident)+
  std::size_t dotted_ident(std::size_t i) const {
    std::size_t e = ident(i);
    if (e == kNo) return kNo;
    bool dotted = false;
    while (at(e) == '.' && ident(e + 1) != kNo) {
      e = ident(e + 1);
      dotted = true;
    }
    return dotted ? e : kNo;
  }
  // virtuals=substitute, as in `c,cxx=gcc` or `mpi=builtin.openmpi`.
  std::size_t virtual_assignment(std::size_t i, SpecToken* tok) const {
    std::size_t e = ident(i);
    if (e == kNo) return kNo;
    while (at(e) == ',' && ident(e + 1) != kNo) e = ident(e + 1);
    if (at(e) != '=') return kNo;
    std::size_t sub = dotted_ident(e + 1);
    if (sub == kNo) sub = ident(e + 1);
    if (sub == kNo) return kNo;
    tok->virtuals = s_.substr(i, e - i);
    tok->substitute = s_.substr(e + 1, sub - e - 1);
    tok->substitute_start = e + 1;
    return sub;
  }

  // The ends a version `=?[A-Za-z0-9_][A-Za-z0-9_.-]*\b` can have, longest
  // first (the regex backtracks to a word boundary).
  std::vector<std::size_t> version_ends(std::size_t i) const {
    std::vector<std::size_t> ends;
    std::size_t j = i;
    if (at(j) == '=') ++j;
    if (!is_word(at(j))) return ends;
    std::size_t g = j + 1;
    while (g < n_ && is_name_char(s_[g])) ++g;
    for (std::size_t e = g; e > j; --e)
      if (is_word(at(e - 1)) != is_word(at(e))) ends.push_back(e);
    return ends;
  }
  std::size_t version(std::size_t i) const {
    auto ends = version_ends(i);
    return ends.empty() ? kNo : ends.front();
  }
  // The optional upper bound of a range: a version not followed by `\s*=`.
  std::size_t range_upper(std::size_t i) const {
    for (std::size_t e : version_ends(i))
      if (at(skip_ws(e)) != '=') return e;
    return i;
  }
  // (version)?:(version(?!\s*=))?
  std::size_t version_range(std::size_t i) const {
    for (std::size_t e : version_ends(i))
      if (at(e) == ':') return range_upper(e + 1);
    if (at(i) == ':') return range_upper(i + 1);
    return kNo;
  }
  std::size_t version_item(std::size_t i) const {
    std::size_t e = version_range(i);
    return e != kNo ? e : version(i);
  }
  std::size_t version_list(std::size_t i) const {
    std::size_t e = version_item(i);
    if (e == kNo) return kNo;
    for (;;) {
      std::size_t k = skip_ws(e);
      if (at(k) != ',') return e;
      std::size_t next = version_item(skip_ws(k + 1));
      if (next == kNo) return e;
      e = next;
    }
  }
  // git.<ref> or a 40-character hex sha.
  std::size_t git_version(std::size_t i) const {
    if (starts(i, "git.") && is_word(at(i + 4))) {
      std::size_t e = i + 5;
      while (e < n_ && is_git_ref_char(s_[e])) ++e;
      return e;
    }
    for (std::size_t k = 0; k < 40; ++k)
      if (!is_hex(at(i + k))) return kNo;
    return i + 40;
  }
  // 'x' or "x"; a quote preceded by a backslash does not close.
  std::size_t quoted(std::size_t i) const {
    char q = at(i);
    if (q != '\'' && q != '"') return kNo;
    std::size_t k = i + 1;
    while (k < n_ && (s_[k] != q || s_[k - 1] == '\\')) ++k;
    if (k < n_) return k + 1;
    for (std::size_t p = n_; p-- > i + 1;)  // backtrack to an escaped quote
      if (s_[p] == q) return p + 1;
    return kNo;
  }
  // name:?=value or name:?==value
  std::size_t key_value(std::size_t i, bool propagated) const {
    std::size_t e = name(i);
    if (e == kNo) return kNo;
    if (at(e) == ':') ++e;
    if (propagated) {
      if (!starts(e, "==")) return kNo;
      e += 2;
    } else {
      if (at(e) != '=') return kNo;
      e += 1;
    }
    if (is_value_char(at(e))) {
      while (e < n_ && is_value_char(s_[e])) ++e;
      return e;
    }
    return quoted(e);
  }
  // Spack's FILENAME token (./x.json, /a/b.yaml, dir/x.json).
  std::size_t filename(std::size_t i) const {
    std::vector<std::size_t> prefixes;
    if (at(i) == '.' || at(i) == '/') prefixes.push_back(i + 1);
    std::size_t k = i;
    while (k < n_ && is_ident_char(s_[k])) ++k;
    if (at(k) == '/') prefixes.push_back(k + 1);
    for (std::size_t p : prefixes) {
      std::size_t g = p;
      while (g < n_ && (is_name_char(s_[g]) || s_[g] == '/')) ++g;
      for (std::size_t e = g; e >= p && e != kNo; --e) {
        if (starts(e, ".json") || starts(e, ".yaml")) return e + 5;
        if (e == p) break;
      }
    }
    return kNo;
  }

 private:
  std::string_view s_;
  std::size_t n_;
};

}  // namespace

std::size_t spec_char_position(std::string_view text, std::size_t byte_offset) {
  std::size_t pos = 1;
  for (std::size_t k = 0; k < byte_offset && k < text.size(); ++k)
    if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) ++pos;
  return pos;
}

bool is_spec_identifier(std::string_view text) {
  return !text.empty() && Scanner(text).ident(0) == text.size();
}

bool is_spec_namespace(std::string_view text) {
  const Scanner sc(text);
  return !text.empty() && (sc.ident(0) == text.size() || sc.dotted_ident(0) == text.size());
}

std::vector<SpecToken> tokenize_spec(std::string_view text) {
  Scanner sc(text);
  std::vector<SpecToken> out;
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    char c = text[i];
    if (is_space(c)) {
      i = sc.skip_ws(i);
      continue;
    }
    SpecToken tok{SpecTokenKind::kName, {}, i, {}, {}, 0};
    std::size_t end = kNo;
    auto set = [&](SpecTokenKind k, std::size_t e) {
      if (end != kNo || e == kNo) return;
      tok.kind = k;
      end = e;
    };
    // The kinds in Spack's order: the first that matches wins.
    if (c == '^' || c == '%') {
      std::size_t sigil = (c == '%' && sc.at(i + 1) == '%') ? i + 2 : i + 1;
      if (sc.at(sigil) == '[') {
        set(SpecTokenKind::kStartEdgeProperties, sigil + 1);
      } else {
        std::size_t va = sc.virtual_assignment(sc.skip_ws(sigil), &tok);
        set(SpecTokenKind::kDependency, va != kNo ? va : sigil);
      }
    } else if (c == ']') {
      std::size_t va = sc.virtual_assignment(sc.skip_ws(i + 1), &tok);
      set(SpecTokenKind::kEndEdgeProperties, va != kNo ? va : i + 1);
    } else if (c == '@') {
      std::size_t g = sc.git_version(i + 1);
      if (g != kNo && sc.at(g) == '=') set(SpecTokenKind::kVersionHashPair, sc.version(g + 1));
      set(SpecTokenKind::kGitVersion, g);
      set(SpecTokenKind::kVersion, sc.version_list(sc.skip_ws(i + 1)));
    } else {
      if (sc.starts(i, "++") || sc.starts(i, "~~") || sc.starts(i, "--"))
        set(SpecTokenKind::kPropagatedBoolVariant, sc.name(sc.skip_ws(i + 2)));
      if (c == '+' || c == '~' || c == '-')
        set(SpecTokenKind::kBoolVariant, sc.name(sc.skip_ws(i + 1)));
      set(SpecTokenKind::kPropagatedKeyValue, sc.key_value(i, true));
      set(SpecTokenKind::kKeyValue, sc.key_value(i, false));
      if (end == kNo && sc.filename(i) != kNo)
        throw invalid_text(kSpecTypeName, std::string(text),
                           "spec files are not supported, only spec text",
                           spec_char_position(text, i));
      set(SpecTokenKind::kQualifiedName, sc.dotted_ident(i));
      set(SpecTokenKind::kName, c == '*' ? i + 1 : sc.ident(i));
      if (c == '/') {
        std::size_t e = i + 1;
        while (e < n && is_word(text[e])) ++e;
        set(SpecTokenKind::kDagHash, e > i + 1 ? e : kNo);
      }
    }
    if (end == kNo) {
      // Show the whole (UTF-8) character, not one byte of it.
      std::size_t len = 1;
      while (i + len < n && (static_cast<unsigned char>(text[i + len]) & 0xC0) == 0x80) ++len;
      throw invalid_text(kSpecTypeName, std::string(text),
                         "unexpected character " + quoted(std::string(text.substr(i, len))),
                         spec_char_position(text, i));
    }
    tok.text = text.substr(i, end - i);
    out.push_back(tok);
    i = end;
  }
  return out;
}

}  // namespace ciprov::core
