// Spec text -> Spec, after Spack 1.x's SpecParser / SpecNodeParser.
//
//   spec  = node { ("^" | "%" | "%%") [ "[" edge-attributes "]" ] [virtuals "="] node }
//   node  = [name | ns.name | "*"] { @versions | variant | key=value | /hash }
//
// A `^` dependency hangs from the root and becomes the "current" node; a
// `%` (direct) dependency hangs from the current node. Legacy compiler
// names after `%` (clang, oneapi, intel, rocmcc, arm) become the packages
// Spack 1.x uses for them.
#include <algorithm>
#include <cctype>
#include <optional>

#include "core/error.h"
#include "core/spec.h"
#include "core/spec_arch.h"
#include "core/spec_merge.h"
#include "core/spec_tokenizer.h"

namespace ciprov::core {

namespace {

using Kind = SpecTokenKind;

const char* const kReservedNames[] = {"arch",     "architecture",     "dev_path", "namespace",
                                      "os",       "operating_system", "patches",  "platform",
                                      "target"};
const char* const kFlagKinds[] = {"cflags", "cxxflags", "fflags", "ldflags", "ldlibs", "cppflags"};

template <std::size_t N>
bool one_of(const std::string& s, const char* const (&list)[N]) {
  return std::find_if(std::begin(list), std::end(list), [&](const char* x) { return s == x; }) !=
         std::end(list);
}

std::string legacy_compiler(const std::string& name) {
  if (name == "clang") return "llvm";
  if (name == "oneapi") return "intel-oneapi-compilers";
  if (name == "rocmcc") return "llvm-amdgpu";
  if (name == "intel") return "intel-oneapi-compiler-classic";
  if (name == "arm") return "acfl";
  return name;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string strip(std::string_view s, std::string_view chars) {
  std::size_t b = s.find_first_not_of(chars);
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(chars);
  return std::string(s.substr(b, e - b + 1));
}

// 'x' or "x" lose their quotes, and an escaped quote of that kind becomes
// the quote.
std::string unquote(std::string_view v) {
  if (v.size() < 2 || (v.front() != '\'' && v.front() != '"') || v.back() != v.front())
    return std::string(v);
  char q = v.front();
  std::string_view inner = v.substr(1, v.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '\\' && i + 1 < inner.size() && inner[i + 1] == q) {
      out += q;
      ++i;
    } else {
      out += inner[i];
    }
  }
  return out;
}

// Spack's tokenize_flags: whitespace-separated, and a word that does not
// start with '-' belongs to the flag before it (`-I /usr/include`).
std::vector<std::string> split_flags(std::string_view value) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && is_space(value[i])) ++i;
    std::size_t b = i;
    while (i < value.size() && !is_space(value[i])) ++i;
    if (i > b) words.emplace_back(value.substr(b, i - b));
  }
  std::vector<std::string> flags;
  for (auto& w : words) {
    if (!flags.empty() && w[0] != '-')
      flags.back() += " " + w;
    else
      flags.push_back(std::move(w));
  }
  return flags;
}

std::uint8_t deptype_flag(const std::string& name) {
  if (name == "build") return deptype::kBuild;
  if (name == "link") return deptype::kLink;
  if (name == "run") return deptype::kRun;
  if (name == "test") return deptype::kTest;
  return 0;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), tokens_(tokenize_spec(text)) {}

  Spec parse() {
    Spec root = parse_node();
    std::vector<std::pair<SpecEdge, std::size_t>> transitive;  // `^` edges, as written
    for (;;) {
      const SpecToken* t = peek();
      if (t == nullptr) break;
      SpecEdge edge;
      std::size_t sigil_at = t->start;
      if (t->kind == Kind::kStartEdgeProperties) {
        advance();
        edge.direct = t->text[0] == '%';
        edge.propagate = t->text.substr(0, 2) == "%%";
        parse_edge_attributes(edge);
      } else if (t->kind == Kind::kDependency) {
        advance();
        edge.direct = t->text[0] == '%';
        edge.propagate = t->text.substr(0, 2) == "%%";
        take_virtual_assignment(*t, edge);
      } else {
        break;
      }
      std::sort(edge.virtuals.begin(), edge.virtuals.end());
      edge.virtuals.erase(std::unique(edge.virtuals.begin(), edge.virtuals.end()),
                          edge.virtuals.end());
      std::size_t node_at = peek() ? peek()->start : text_.size();
      edge.spec = parse_node();
      if (edge.spec.is_empty() && !parsed_star_)
        fail("the dependency sigil and any edge attributes must be followed by a package name "
             "or a node attribute",
             node_at);
      if (!edge.direct) {
        // A `^` node is complete only once the `%` edges after it are read,
        // so it joins the root at the end (see below).
        transitive.push_back({std::move(edge), sigil_at});
        continue;
      }
      edge.spec.name = legacy_compiler(edge.spec.name);
      SpecNode& target = transitive.empty() ? root : transitive.back().first.spec;
      merge(target, std::move(edge), sigil_at);
    }
    // Spack adds a `^` node to the root before reading the `%` edges that
    // follow it, so whether it is redundant would depend on the order of
    // the text. Adding complete nodes keeps the result independent of it.
    for (auto& [edge, at] : transitive) merge(root, std::move(edge), at);
    if (const SpecToken* t = peek()) fail("expected a single spec, but got more", t->start);
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& reason, std::size_t byte_offset) const {
    throw invalid_text(kSpecTypeName, std::string(text_), reason,
                       spec_char_position(text_, byte_offset));
  }

  const SpecToken* peek() const {
    if (pushed_) return &*pushed_;
    return pos_ < tokens_.size() ? &tokens_[pos_] : nullptr;
  }
  void advance() {
    if (pushed_)
      pushed_.reset();
    else
      ++pos_;
  }

  // `^mpi=openmpi`, `%c,cxx=gcc`, `%[...] c=gcc`: record the virtuals and
  // put the substitute back in front of the stream as a package name.
  void take_virtual_assignment(const SpecToken& t, SpecEdge& edge) {
    if (t.virtuals.empty()) return;
    std::size_t start = 0;
    for (;;) {
      std::size_t comma = t.virtuals.find(',', start);
      edge.virtuals.emplace_back(t.virtuals.substr(start, comma == std::string_view::npos ? comma : comma - start));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    SpecToken name{t.substitute.find('.') != std::string_view::npos ? Kind::kQualifiedName
                                                                     : Kind::kName,
                   t.substitute, t.substitute_start, {}, {}, 0};
    pushed_ = name;
  }

  void parse_edge_attributes(SpecEdge& edge) {
    for (;;) {
      const SpecToken* t = peek();
      if (t == nullptr) fail("unexpected end of the spec in edge attributes", text_.size());
      if (t->kind == Kind::kEndEdgeProperties) {
        advance();
        take_virtual_assignment(*t, edge);
        return;
      }
      if (t->kind != Kind::kKeyValue) fail("unexpected token in edge attributes", t->start);
      advance();
      std::size_t eq = t->text.find('=');
      std::string key(t->text.substr(0, eq));
      if (!key.empty() && key.back() == ':') key.pop_back();
      std::string value = strip(t->text.substr(eq + 1), "'\" ");
      std::vector<std::string> items;
      std::size_t start = 0;
      for (;;) {
        std::size_t comma = value.find(',', start);
        items.push_back(value.substr(start, comma == std::string::npos ? comma : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      if (key == "deptypes") {
        edge.depflag = 0;
        for (const auto& d : items) {
          std::uint8_t f = deptype_flag(d);
          if (f == 0) fail("invalid dependency type " + quoted(d), t->start);
          edge.depflag |= f;
        }
      } else if (key == "virtuals") {
        // (a value token may hold `=` and empty items, which would not print back)
        for (const auto& v : items)
          if (!is_spec_identifier(v)) fail("invalid virtual name " + quoted(v), t->start);
        edge.virtuals.insert(edge.virtuals.end(), items.begin(), items.end());
      } else if (key == "when") {
        fail("the edge attribute \"when\" (conditional dependencies) is not supported", t->start);
      } else {
        fail("the only edge attributes accepted are \"deptypes\" and \"virtuals\"", t->start);
      }
    }
  }

  // One node: its name, then versions, variants, key=value pairs and hash.
  SpecNode parse_node() {
    SpecNode node;
    parsed_star_ = false;
    arch_given_ = false;
    const SpecToken* next = peek();
    if (next == nullptr || next->kind == Kind::kDependency) return node;
    SpecToken t = *next;  // a copy: advance() may drop a pushed-back token
    if (t.kind == Kind::kName) {
      advance();
      if (t.text == "*")
        parsed_star_ = true;
      else
        node.name = std::string(t.text);
    } else if (t.kind == Kind::kQualifiedName) {
      advance();
      std::size_t dot = t.text.rfind('.');
      node.namespace_ = std::string(t.text.substr(0, dot));
      node.name = std::string(t.text.substr(dot + 1));
    }
    bool has_version = false;
    while ((next = peek()) != nullptr) {
      t = *next;
      switch (t.kind) {
        case Kind::kVersionHashPair:
        case Kind::kGitVersion:
        case Kind::kVersion: {
          advance();
          if (has_version) fail("a spec cannot have multiple versions", t.start);
          node.versions = parse_versions(t);
          has_version = true;
          break;
        }
        case Kind::kBoolVariant:
          advance();
          add_attribute(node, strip(t.text.substr(1), " \t\n\r\f\v"), std::nullopt,
                        t.text[0] == '+', false, false, t);
          break;
        case Kind::kPropagatedBoolVariant:
          advance();
          add_attribute(node, strip(t.text.substr(2), " \t\n\r\f\v"), std::nullopt,
                        t.text.substr(0, 2) == "++", true, false, t);
          break;
        case Kind::kKeyValue:
        case Kind::kPropagatedKeyValue: {
          advance();
          bool propagate = t.kind == Kind::kPropagatedKeyValue;
          std::size_t eq = t.text.find(propagate ? "==" : "=");
          std::string key(t.text.substr(0, eq));
          bool concrete = !key.empty() && key.back() == ':';
          if (concrete) key.pop_back();
          std::string value = unquote(t.text.substr(eq + (propagate ? 2 : 1)));
          // A backslash before a closing quote escapes it, so a value ending
          // in one could not be printed back in quotes; flag words and
          // variant values (split at spaces, commas) may be reordered, and
          // an architecture triple's fields (split at '-') are printed
          // apart, so none of them may end in one either.
          const bool triple = key == "arch" || key == "architecture";
          for (std::size_t k = 0; k < value.size(); ++k)
            if (value[k] == '\\' && (k + 1 == value.size() || value[k + 1] == ',' ||
                                      (triple && value[k + 1] == '-') ||
                                      std::isspace(static_cast<unsigned char>(value[k + 1]))))
              fail("a value cannot end a word with a backslash", t.start);
          add_attribute(node, key, value, false, propagate, concrete, t);
          break;
        }
        case Kind::kDagHash:
          if (!node.abstract_hash.empty()) return node;
          advance();
          node.abstract_hash = std::string(t.text.substr(1));
          break;
        default:
          return node;
      }
    }
    return node;
  }

  VersionRange parse_versions(const SpecToken& t) {
    std::string v;
    for (char c : t.text.substr(1))
      if (!is_space(c)) v += c;
    if (t.kind == Kind::kVersion) {
      // A version here ends on a word boundary, so `1.` can only be read
      // when a word follows (`@1:2.x=y` reads `@1:2.`); printed, it would
      // not read back. Reject it rather than store what cannot round-trip.
      for (std::size_t i = 0; i < v.size(); ++i) {
        char c = v[i];
        bool sep = c == '.' || c == '-';
        if (sep && (i + 1 == v.size() || v[i + 1] == ':' || v[i + 1] == ','))
          fail("a version cannot end with " + quoted(std::string(1, c)), t.start);
      }
    }
    try {
      return VersionRange::parse(v);
    } catch (const Error& e) {
      std::string why = e.detail().empty() ? e.what() : e.detail();
      if (!why.empty() && why.back() == '.') why.pop_back();
      fail("invalid version " + quoted(v) + " (" + why + ")", t.start);
    }
  }

  // Spack's Spec._add_flag: architecture fields, namespace, compiler flags,
  // or a variant. `value` is unset for a boolean variant.
  void add_attribute(SpecNode& node, const std::string& name, const std::optional<std::string>& value,
                     bool bool_value, bool propagate, bool concrete, const SpecToken& t) {
    if (propagate && one_of(name, kReservedNames))
      fail("propagation with \"==\" is not supported for " + quoted(name), t.start);
    bool is_arch = name == "arch" || name == "architecture" || name == "platform" || name == "os" ||
                   name == "operating_system" || name == "target";
    if ((is_arch || name == "namespace" || one_of(name, kFlagKinds)) && !value)
      fail(quoted(name) + " needs a value, not a boolean", t.start);
    if (name == "arch" || name == "architecture") {
      std::vector<std::string> parts;
      std::size_t start = 0;
      for (;;) {
        std::size_t dash = value->find('-', start);
        parts.push_back(value->substr(start, dash == std::string::npos ? dash : dash - start));
        if (dash == std::string::npos) break;
        start = dash + 1;
      }
      if (parts.size() == 3)
        set_architecture(node, {{"platform", parts[0]}, {"os", parts[1]}, {"target", parts[2]}}, t);
      else
        set_architecture(node, {{"platform", ""}, {"os", ""}, {"target", *value}}, t);
    } else if (name == "platform") {
      set_architecture(node, {{"platform", *value}}, t);
    } else if (name == "os" || name == "operating_system") {
      set_architecture(node, {{"os", *value}}, t);
    } else if (name == "target") {
      set_architecture(node, {{"target", *value}}, t);
    } else if (name == "namespace") {
      // (printed before the name, `ns.name`, so it must read back as one)
      if (!is_spec_namespace(*value))
        fail("invalid namespace " + quoted(*value) + " (identifiers joined by dots)", t.start);
      node.namespace_ = *value;
    } else if (one_of(name, kFlagKinds)) {
      for (auto& f : split_flags(*value)) node.flags[name].push_back({std::move(f), propagate});
      detail::normalize_flags(node);
    } else {
      VariantValue v;
      try {
        v = value ? VariantValue::from_string(name, *value, propagate, concrete)
                  : VariantValue::from_bool(name, bool_value, propagate);
      } catch (const std::invalid_argument& e) {
        fail(std::string(e.what()) + " in variant " + quoted(name), t.start);
      }
      if (!node.variants.emplace(name, std::move(v)).second)
        fail("cannot specify variant " + quoted(name) + " twice", t.start);
    }
  }

  // Spack's Spec._set_architecture. "None" stands for "not given".
  void set_architecture(SpecNode& node, std::vector<std::pair<std::string, std::string>> fields,
                        const SpecToken& t) {
    ArchSpec& a = node.arch;
    bool concrete = !a.platform.empty() && !a.os.empty() && !a.target.empty() &&
                    a.target.find_first_of(":,") == std::string::npos;
    if (arch_given_ && concrete) fail("a spec cannot have two architectures", t.start);
    for (auto& [field, value] : fields) {
      if (value == "None") value.clear();
      std::string& slot = field == "platform" ? a.platform : field == "os" ? a.os : a.target;
      if (arch_given_ && !slot.empty()) fail("cannot specify " + quoted(field) + " twice", t.start);
      slot = field == "target" && !value.empty() ? arch::canonical_target(value) : value;
    }
    arch_given_ = true;
  }

  void merge(SpecNode& parent, SpecEdge edge, std::size_t sigil_at) const {
    try {
      detail::add_or_merge_edge(parent, std::move(edge));
    } catch (const detail::SpecConflict& c) {
      fail("conflicting " + c.field() + ": " + c.what(), sigil_at);
    } catch (const Error& e) {  // a merge of versions VersionRange refuses
      std::string why = e.detail().empty() ? e.what() : e.detail();
      if (!why.empty() && why.back() == '.') why.pop_back();
      fail("conflicting versions: " + why, sigil_at);
    }
  }

  std::string_view text_;
  std::vector<SpecToken> tokens_;
  std::size_t pos_ = 0;
  std::optional<SpecToken> pushed_;
  bool parsed_star_ = false;
  bool arch_given_ = false;
};

}  // namespace

namespace detail {

void normalize_flags(SpecNode& node) {
  for (auto& [kind, flags] : node.flags) {
    std::vector<CompilerFlag> out;
    std::size_t i = 0;
    while (i < flags.size()) {
      std::string joined;
      std::size_t j = i;
      for (; j < flags.size() && flags[j].propagate == flags[i].propagate; ++j)
        joined += (j > i ? " " : "") + flags[j].value;
      for (auto& f : split_flags(joined)) out.push_back({std::move(f), flags[i].propagate});
      i = j;
    }
    flags = std::move(out);
  }
}

}  // namespace detail

Spec parse_spec(std::string_view text) { return Parser(text).parse(); }

}  // namespace ciprov::core
