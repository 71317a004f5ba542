// Spec -> canonical text, in Spack's order (DEFAULT_FORMAT and
// _format_dependencies): equal specs print identically, and printing is
// idempotent through parse_spec.
#include <algorithm>

#include <cctype>

#include "core/error.h"
#include "core/spec.h"
#include "core/spec_merge.h"
#include "core/spec_tokenizer.h"

namespace ciprov::core {

namespace {

// Spack leaves [A-Za-z0-9,/_.-[]] unquoted; `[` and `]` are left out here
// because the tokenizer does not read them back in a bare value.
bool bare_ok(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ',' ||
         c == '/' || c == '_' || c == '.' || c == '-';
}

// Characters the tokenizer accepts in an unquoted value.
bool value_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("_-+*.,:=%^~/\\").find(c) != std::string_view::npos;
}

// Architecture fields and namespaces print bare (`target=haswell:`) unless
// the tokenizer could not read them back that way.
std::string value_or_quoted(const std::string& v) {
  // (a leading `=` would read as `==`, propagation)
  bool bare = !v.empty() && v[0] != '=' && std::all_of(v.begin(), v.end(), value_char);
  return bare ? v : quote_if_needed(v);
}

// An edge attribute value: bare, or in single quotes (which the edge
// attribute reader strips).
std::string bracket_value(const std::string& v) {
  bool bare = !v.empty() && std::all_of(v.begin(), v.end(), value_char);
  return bare ? v : "'" + v + "'";
}

std::string legacy_compiler_name(const std::string& name) {
  if (name == "llvm") return "clang";
  if (name == "intel-oneapi-compilers") return "oneapi";
  if (name == "llvm-amdgpu") return "rocmcc";
  if (name == "intel-oneapi-compiler-classic") return "intel";
  if (name == "acfl") return "arm";
  return name;
}

// `@` and the versions. Right after `@`, git versions (`git.ref`, a 40-hex
// sha) take precedence over version lists, so a list that merely starts
// like one (`@<57 hex digits>`, `@git.a:1.2`) is written `@ ...`, which
// only a version list can read.
std::string version_part(const std::string& v) {
  std::string tight = "@" + v;
  if (v.compare(0, 4, "git.") != 0 && (v.size() < 40 || !std::isxdigit(static_cast<unsigned char>(v[0]))))
    return tight;
  try {
    auto tokens = tokenize_spec(tight);
    if (tokens.size() == 1) return tight;
  } catch (const Error&) {
  }
  return "@ " + v;
}

}  // namespace

namespace detail {
bool versions_printable(const VersionRange& versions) {
  if (versions.is_any()) return true;
  std::string part = version_part(versions.to_string());
  try {
    return tokenize_spec(part).size() == 1;
  } catch (const Error&) {
    return false;
  }
}
}  // namespace detail

namespace {

std::string flags_string(const SpecNode& n) {
  std::string out;
  for (const auto& [kind, flags] : n.flags) {  // std::map: sorted by kind
    std::size_t i = 0;
    while (i < flags.size()) {  // consecutive flags with the same propagation
      std::size_t j = i;
      std::string joined;
      while (j < flags.size() && flags[j].propagate == flags[i].propagate) {
        if (j > i) joined += ' ';
        joined += flags[j].value;
        ++j;
      }
      out += " " + kind + (flags[i].propagate ? "==" : "=") + quote_if_needed(joined);
      i = j;
    }
  }
  return out;
}

bool has_bool_variant(const SpecNode& n) {
  for (const auto& [name, v] : n.variants)
    if (v.type == VariantType::kBool) return true;
  return false;
}

std::string format_edge(const SpecEdge& e, const std::string& sigil) {
  SpecNode shown = e.spec;
  if (e.direct) shown.name = legacy_compiler_name(shown.name);
  std::string node = node_to_string(shown);
  std::vector<std::string> attrs;
  if (e.depflag) attrs.push_back("deptypes=" + deptypes_to_string(e.depflag));
  std::string virtuals;
  for (std::size_t i = 0; i < e.virtuals.size(); ++i) virtuals += (i ? "," : "") + e.virtuals[i];
  std::string prefix;
  bool identifiers = std::all_of(e.virtuals.begin(), e.virtuals.end(),
                                 [](const std::string& v) { return is_spec_identifier(v); });
  if (!virtuals.empty() && (e.spec.name.empty() || !identifiers)) {
    // `c=*` cannot be read back, nor `a b=x`: such virtuals stay in the
    // brackets (where the value may be quoted).
    attrs.push_back("virtuals=" + bracket_value(virtuals));
    virtuals.clear();
  }
  if (!attrs.empty()) {
    prefix = "[";
    for (std::size_t i = 0; i < attrs.size(); ++i) prefix += (i ? " " : "") + attrs[i];
    prefix += "] ";
  }
  if (!virtuals.empty()) prefix += virtuals + "=";
  // An anonymous child needs `*` where its text would otherwise read as
  // something else (`^*` alone, `^* foo=bar`, `^* cflags=-g`).
  std::string star;
  if (e.spec.name.empty() && (node.empty() || node[0] != '@')) {
    if (!e.spec.flags.empty() || !has_bool_variant(e.spec) || e.spec.arch.present()) star = "*";
  }
  return sigil + prefix + star + node;
}

void format_dependencies(const SpecNode& n, std::vector<std::string>& parts) {
  // Each edge with everything below it; edges sort by package name, then
  // by that whole text, so that parallel edges to one name (or anonymous
  // ones) come out in the same order whatever order they were written in.
  struct Item {
    const SpecEdge* edge;
    std::string text;
  };
  std::vector<Item> direct, transitive;
  for (const auto& e : n.deps) {
    std::string sigil = e.direct ? (e.propagate ? "%%" : "%") : "^";
    std::vector<std::string> sub{format_edge(e, sigil)};
    format_dependencies(e.spec, sub);
    std::string text;
    for (std::size_t i = 0; i < sub.size(); ++i) text += (i ? " " : "") + sub[i];
    (e.direct ? direct : transitive).push_back({&e, std::move(text)});
  }
  auto by_name = [](const Item& a, const Item& b) {
    if (a.edge->spec.name != b.edge->spec.name) return a.edge->spec.name < b.edge->spec.name;
    return a.text < b.text;
  };
  std::sort(direct.begin(), direct.end(), by_name);
  std::sort(transitive.begin(), transitive.end(), by_name);
  for (auto& d : direct) parts.push_back(std::move(d.text));
  for (auto& t : transitive) parts.push_back(std::move(t.text));
}

}  // namespace

std::string quote_if_needed(std::string_view value) {
  if (!value.empty() && std::all_of(value.begin(), value.end(), bare_ok)) return std::string(value);
  if (value.find('\'') == std::string_view::npos) return "'" + std::string(value) + "'";
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string deptypes_to_string(std::uint8_t flags) {
  static const std::pair<std::uint8_t, const char*> kNames[] = {
      {deptype::kBuild, "build"}, {deptype::kLink, "link"}, {deptype::kRun, "run"}, {deptype::kTest, "test"}};
  std::string out;
  for (const auto& [bit, name] : kNames)
    if (flags & bit) out += std::string(out.empty() ? "" : ",") + name;
  return out;
}

std::string node_to_string(const SpecNode& n) {
  std::string out = n.name.empty() ? std::string() : n.fullname();
  if (!n.versions.is_any()) out += version_part(n.versions.to_string());
  std::string flags = flags_string(n);
  out += flags;
  bool first_bool = true;
  for (const auto& [name, v] : n.variants) {
    if (v.type != VariantType::kBool) continue;
    if (first_bool && !flags.empty()) out += ' ';
    first_bool = false;
    out += v.to_string();
  }
  for (const auto& [name, v] : n.variants)
    if (v.type != VariantType::kBool) out += " " + v.to_string();
  if (n.name.empty() && !n.namespace_.empty()) out += " namespace=" + value_or_quoted(n.namespace_);
  if (!n.arch.platform.empty()) out += " platform=" + value_or_quoted(n.arch.platform);
  if (!n.arch.os.empty()) out += " os=" + value_or_quoted(n.arch.os);
  if (!n.arch.target.empty()) out += " target=" + value_or_quoted(n.arch.target);
  if (!n.abstract_hash.empty()) out += " /" + n.abstract_hash;
  std::size_t b = out.find_first_not_of(' ');
  return b == std::string::npos ? std::string() : out.substr(b);
}

std::string to_string(const Spec& spec) {
  std::vector<std::string> parts;
  std::string root = node_to_string(spec);
  if (!root.empty()) parts.push_back(root);
  format_dependencies(spec, parts);
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? " " : "") + parts[i];
  return out;
}

}  // namespace ciprov::core
