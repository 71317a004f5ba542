#include "core/spack_json.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/interrupt.h"
#include "core/json_util.h"
#include "core/spec_tokenizer.h"
#include "core/version.h"

namespace ciprov::core::spack {

using nlohmann::json;

std::uint8_t deptype_bit(const std::string& name) {
  if (name == "build") return kBuild;
  if (name == "link") return kLink;
  if (name == "run") return kRun;
  if (name == "test") return kTest;
  return 0;
}

std::vector<std::string> deptype_names(std::uint8_t mask) {
  std::vector<std::string> out;
  if (mask & kBuild) out.emplace_back("build");
  if (mask & kLink) out.emplace_back("link");
  if (mask & kRun) out.emplace_back("run");
  if (mask & kTest) out.emplace_back("test");
  return out;
}

namespace {

const char* const kFlagNames[] = {"cflags", "cppflags", "cxxflags", "fflags", "ldflags", "ldlibs"};

// A JSON pointer (RFC 6901) built up while descending the document.
std::string child_pointer(const std::string& base, const std::string& token) {
  return base + "/" + json_util::pointer_token(token);
}
std::string child_pointer(const std::string& base, std::size_t index) {
  return base + "/" + std::to_string(index);
}

[[noreturn]] void fail(const std::string& pointer, const std::string& reason) {
  throw Error(
      sqlstate::kInvalidParameterValue,
      "invalid Spack document at " + core::quoted(pointer.empty() ? "/" : pointer) + ": " + reason);
}

using json_util::type_name;

json parse_text(std::string_view text) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    throw Error(sqlstate::kInvalidParameterValue, "invalid Spack document: not valid JSON",
                "Parse error at byte " + std::to_string(e.byte) + ".");
  } catch (const json::out_of_range&) {  // a number no double holds (406)
    throw Error(sqlstate::kInvalidParameterValue,
                "invalid Spack document: a number is out of range of a double");
  }
}

const json& require_object(const json& v, const std::string& ptr) {
  if (!v.is_object()) fail(ptr, std::string("expected an object, found ") + type_name(v));
  return v;
}

// A required member that must be a non-empty string.
std::string require_string(const json& obj, const char* key, const std::string& ptr) {
  auto it = obj.find(key);
  if (it == obj.end()) fail(ptr, std::string("missing \"") + key + "\"");
  if (!it->is_string())
    fail(child_pointer(ptr, key), std::string("expected a string, found ") + type_name(*it));
  std::string s = it->get<std::string>();
  if (s.empty()) fail(child_pointer(ptr, key), "must not be empty");
  return s;
}

std::optional<std::string> optional_string(const json& obj, const char* key,
                                           const std::string& ptr) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_string())
    fail(child_pointer(ptr, key), std::string("expected a string, found ") + type_name(*it));
  return it->get<std::string>();
}

// Spack dag hashes are base32 in lower case; we accept [a-z0-9], 1 to 64.
void check_hash(const std::string& h, const std::string& ptr) {
  bool ok = !h.empty() && h.size() <= 64 && std::all_of(h.begin(), h.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
  if (!ok) fail(ptr, "not a dag hash: " + core::quoted(h));
}

// Versions are stored as ciprov.version: reject bad ones here, with the
// pointer, rather than at insert time.
void check_version(const std::string& v, const std::string& ptr) {
  Version parsed;
  std::string reason;
  std::size_t index = 0;
  if (!Version::try_parse(v, &parsed, &reason, &index))
    fail(ptr, "invalid version " + core::quoted(v) + ": " + reason + " at position " +
                  std::to_string(index + 1));
}

std::uint8_t read_deptypes(const json& v, const std::string& ptr) {
  std::uint8_t mask = 0;
  auto one = [&](const json& item, const std::string& p) {
    if (!item.is_string())
      fail(p, std::string("expected a dependency type, found ") + type_name(item));
    std::uint8_t bit = deptype_bit(item.get<std::string>());
    if (bit == 0)
      fail(p, "unknown dependency type " + core::quoted(item.get<std::string>()) +
                  " (expected build, link, run or test)");
    mask |= bit;
  };
  if (v.is_string()) {
    one(v, ptr);
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) one(v[i], child_pointer(ptr, i));
  } else {
    fail(ptr, std::string("expected a list of dependency types, found ") + type_name(v));
  }
  return mask;
}

// A dependency as written in the file, before its reference is resolved.
struct RawDep {
  std::string name;
  std::string ref;      // the value of the reference field
  std::string ref_key;  // "hash", "build_hash" or "full_hash"
  std::string pointer;  // of the reference field
  std::uint8_t deptypes = 0;
  std::vector<std::string> virtuals;
};

struct RawNode {
  Node node;
  std::string pointer;
  std::vector<RawDep> deps;
  std::optional<std::pair<std::string, std::string>> compiler;  // name, version
  std::string build_spec_pointer;
};

RawDep read_dep_entry(const json& entry, const std::string& ptr, std::string name) {
  require_object(entry, ptr);
  RawDep d;
  if (name.empty()) name = require_string(entry, "name", ptr);
  d.name = std::move(name);
  for (const char* key : {"hash", "build_hash", "full_hash"}) {
    if (auto v = optional_string(entry, key, ptr)) {
      d.ref = *v;
      d.ref_key = key;
      d.pointer = child_pointer(ptr, key);
      break;
    }
  }
  if (d.ref_key.empty()) fail(ptr, "dependency " + core::quoted(d.name) + " has no \"hash\"");
  check_hash(d.ref, d.pointer);
  if (auto t = entry.find("type"); t != entry.end()) {
    d.deptypes = read_deptypes(*t, child_pointer(ptr, "type"));
  } else if (auto p = entry.find("parameters"); p != entry.end()) {
    std::string pp = child_pointer(ptr, "parameters");
    require_object(*p, pp);
    auto dt = p->find("deptypes");
    if (dt == p->end()) fail(pp, "missing \"deptypes\"");
    d.deptypes = read_deptypes(*dt, child_pointer(pp, "deptypes"));
    if (auto vs = p->find("virtuals"); vs != p->end()) {
      std::string vp = child_pointer(pp, "virtuals");
      if (!vs->is_array()) fail(vp, std::string("expected an array, found ") + type_name(*vs));
      for (std::size_t i = 0; i < vs->size(); ++i) {
        if (!(*vs)[i].is_string())
          fail(child_pointer(vp, i),
               std::string("expected a string, found ") + type_name((*vs)[i]));
        std::string v = (*vs)[i].get<std::string>();
        // (a virtual is a package name; the spec text could not say another)
        if (!core::is_spec_identifier(v))
          fail(child_pointer(vp, i), "invalid virtual name " + core::quoted(v));
        d.virtuals.push_back(std::move(v));
      }
    }
  } else {
    fail(ptr, "dependency " + core::quoted(d.name) + " has no \"type\" or \"parameters\"");
  }
  return d;
}

// Reads one node object; `name` is given for the v1 form ({name: node}).
RawNode read_node(const json& obj, const std::string& ptr, std::string name, int format) {
  require_object(obj, ptr);
  RawNode raw;
  raw.pointer = ptr;
  Node& n = raw.node;
  n.format_version = format;
  // (a node's name, namespace and compiler are printed in its spec text,
  // which must read back: each must be spelled as the spec syntax spells it)
  const std::string name_pointer = name.empty() ? child_pointer(ptr, "name") : ptr;
  n.name = name.empty() ? require_string(obj, "name", ptr) : std::move(name);
  if (!core::is_spec_identifier(n.name)) fail(name_pointer, "invalid package name " + core::quoted(n.name));
  n.version = require_string(obj, "version", ptr);
  check_version(n.version, child_pointer(ptr, "version"));
  n.hash = require_string(obj, "hash", ptr);
  check_hash(n.hash, child_pointer(ptr, "hash"));
  if (auto ns = optional_string(obj, "namespace", ptr)) {
    if (!ns->empty() && !core::is_spec_namespace(*ns))
      fail(child_pointer(ptr, "namespace"), "invalid namespace " + core::quoted(*ns) + " (identifiers joined by dots)");
    n.namespace_ = *ns;
  }

  if (auto a = obj.find("arch"); a != obj.end() && !a->is_null()) {
    std::string ap = child_pointer(ptr, "arch");
    require_object(*a, ap);
    if (auto v = optional_string(*a, "platform", ap)) n.platform = *v;
    if (auto v = optional_string(*a, "platform_os", ap)) n.os = *v;
    if (auto t = a->find("target"); t != a->end() && !t->is_null()) {
      if (t->is_string())
        n.target = t->get<std::string>();
      else if (t->is_object())
        n.target = require_string(*t, "name", child_pointer(ap, "target"));
      else
        fail(child_pointer(ap, "target"),
             std::string("expected a string or an object, found ") + type_name(*t));
    }
  }

  json variants = json::object(), flags = json::object();
  if (auto p = obj.find("parameters"); p != obj.end() && !p->is_null()) {
    require_object(*p, child_pointer(ptr, "parameters"));
    for (auto it = p->begin(); it != p->end(); ++it) {
      bool is_flag =
          std::find(std::begin(kFlagNames), std::end(kFlagNames), it.key()) != std::end(kFlagNames);
      (is_flag ? flags : variants)[it.key()] = it.value();
    }
  }
  n.variants_json = variants.dump();
  n.flags_json = flags.dump();

  if (auto e = obj.find("external"); e != obj.end() && !e->is_null()) {
    require_object(*e, child_pointer(ptr, "external"));
    n.external_json = e->dump();
  }
  n.package_hash = optional_string(obj, "package_hash", ptr);
  n.full_hash = optional_string(obj, "full_hash", ptr);
  n.build_hash = optional_string(obj, "build_hash", ptr);
  if (auto a = obj.find("annotations"); a != obj.end() && !a->is_null()) {
    require_object(*a, child_pointer(ptr, "annotations"));
    n.annotations_json = a->dump();
  }
  if (auto b = obj.find("build_spec"); b != obj.end() && !b->is_null()) {
    raw.build_spec_pointer = child_pointer(ptr, "build_spec");
    require_object(*b, raw.build_spec_pointer);
    n.build_spec_hash = require_string(*b, "hash", raw.build_spec_pointer);
    check_hash(*n.build_spec_hash, child_pointer(raw.build_spec_pointer, "hash"));
  }
  if (format < 5) {
    if (auto c = obj.find("compiler"); c != obj.end() && !c->is_null()) {
      std::string cp = child_pointer(ptr, "compiler");
      require_object(*c, cp);
      std::string cname = require_string(*c, "name", cp);
      if (!core::is_spec_identifier(cname))
        fail(child_pointer(cp, "name"), "invalid compiler name " + core::quoted(cname));
      std::string cversion = require_string(*c, "version", cp);
      if (!cversion.empty() && cversion[0] == '=') cversion.erase(0, 1);
      check_version(cversion, child_pointer(cp, "version"));
      raw.compiler = std::make_pair(cname, cversion);
    }
  }

  if (auto d = obj.find("dependencies"); d != obj.end() && !d->is_null()) {
    std::string dp = child_pointer(ptr, "dependencies");
    if (d->is_object()) {  // v1: {name: {"hash": ..., "type": [...]}}
      for (auto it = d->begin(); it != d->end(); ++it)
        raw.deps.push_back(read_dep_entry(it.value(), child_pointer(dp, it.key()), it.key()));
    } else if (d->is_array()) {
      for (std::size_t i = 0; i < d->size(); ++i)
        raw.deps.push_back(read_dep_entry((*d)[i], child_pointer(dp, i), ""));
    } else {
      fail(dp, std::string("expected an array or an object, found ") + type_name(*d));
    }
  }
  n.original_json = obj.dump();
  return raw;
}

std::string synthesized_compiler_json(const Node& c) {
  json j = {{"name", c.name},
            {"version", c.version},
            {"arch", {{"platform", c.platform}, {"platform_os", c.os}}},
            {"namespace", "builtin"},
            {"parameters", {{"languages", {"c", "c++", "fortran"}}}},
            {"annotations", {{"compiler_of_spec_format", "pre-v5"}}},
            {"hash", c.hash}};
  return j.dump();
}

// Resolves references, converts compilers, checks for cycles and returns the
// nodes children first. `raws` is in document order.
std::vector<Node> link_nodes(std::vector<RawNode>& raws) {
  std::unordered_map<std::string, std::size_t> by_hash, by_build_hash, by_full_hash;
  for (std::size_t i = 0; i < raws.size(); ++i) {
    const Node& n = raws[i].node;
    if (!by_hash.emplace(n.hash, i).second)
      fail(child_pointer(raws[i].pointer, "hash"), "duplicate node hash " + core::quoted(n.hash));
    if (n.build_hash) by_build_hash.emplace(*n.build_hash, i);
    if (n.full_hash) by_full_hash.emplace(*n.full_hash, i);
  }
  auto find = [](const std::unordered_map<std::string, std::size_t>& m,
                 const std::string& k) -> std::optional<std::size_t> {
    auto it = m.find(k);
    if (it == m.end()) return std::nullopt;
    return it->second;
  };

  // Compiler nodes of old formats, one per (name, version, platform, os).
  std::size_t original_count = raws.size();
  for (std::size_t i = 0; i < original_count; ++i) {
    if (!raws[i].compiler) continue;
    const Node& n = raws[i].node;
    auto [cname, cversion] = *raws[i].compiler;
    std::string h = synthesized_compiler_hash(cname, cversion, n.platform, n.os);
    if (!by_hash.count(h)) {
      RawNode c;
      c.pointer = child_pointer(raws[i].pointer, "compiler");
      c.node.hash = h;
      c.node.name = cname;
      c.node.version = cversion;
      c.node.namespace_ = "builtin";
      c.node.platform = n.platform;
      c.node.os = n.os;
      c.node.variants_json = R"({"languages":["c","c++","fortran"]})";
      c.node.format_version = n.format_version;
      c.node.synthesized_compiler = true;
      c.node.original_json = synthesized_compiler_json(c.node);
      by_hash.emplace(h, raws.size());
      raws.push_back(std::move(c));
    }
    RawDep d;
    d.name = cname;
    d.ref = h;
    d.ref_key = "hash";
    d.pointer = child_pointer(raws[i].pointer, "compiler");
    d.deptypes = kBuild;
    d.virtuals = {"c", "cxx", "fortran"};
    raws[i].deps.push_back(std::move(d));
  }

  // Resolve every dependency to a node index; merge repeated edges.
  std::vector<std::vector<std::pair<std::size_t, std::string>>> adj(raws.size());  // child, ptr
  InterruptTicker ticker(1024);
  for (std::size_t i = 0; i < raws.size(); ++i) {
    Node& n = raws[i].node;
    for (RawDep& d : raws[i].deps) {
      ticker.tick();
      std::optional<std::size_t> j;
      if (d.ref_key == "build_hash") j = find(by_build_hash, d.ref);
      if (d.ref_key == "full_hash") j = find(by_full_hash, d.ref);
      if (!j) j = find(by_hash, d.ref);
      if (!j) j = find(by_build_hash, d.ref);  // v1 "hash" fields hold build hashes
      if (!j) j = find(by_full_hash, d.ref);
      if (!j) fail(d.pointer, "no node has hash " + core::quoted(d.ref));
      const Node& child = raws[*j].node;
      if (child.name != d.name)
        fail(d.pointer,
             "dependency " + core::quoted(d.name) + " refers to node " + core::quoted(child.name));
      if (d.deptypes == 0) fail(d.pointer, "dependency " + core::quoted(d.name) + " has no type");
      auto same = std::find_if(n.edges.begin(), n.edges.end(),
                               [&](const Edge& e) { return e.child_hash == child.hash; });
      if (same != n.edges.end()) {
        same->deptypes |= d.deptypes;
        for (auto& v : d.virtuals)
          if (std::find(same->virtuals.begin(), same->virtuals.end(), v) == same->virtuals.end())
            same->virtuals.push_back(v);
        continue;
      }
      n.edges.push_back(Edge{child.hash, child.name, d.deptypes, d.virtuals});
      adj[i].emplace_back(*j, d.pointer);
    }
    if (n.build_spec_hash) {
      std::string bp = child_pointer(raws[i].build_spec_pointer, "hash");
      auto j = find(by_hash, *n.build_spec_hash);
      if (!j) fail(bp, "no node has hash " + core::quoted(*n.build_spec_hash));
      adj[i].emplace_back(*j, bp);
    }
  }

  // Depth-first post-order gives children first; a grey node reached again
  // closes a cycle.
  enum : std::uint8_t { kWhite, kGrey, kBlack };
  std::vector<std::uint8_t> color(raws.size(), kWhite);
  std::vector<std::size_t> order;
  order.reserve(raws.size());
  for (std::size_t start = 0; start < raws.size(); ++start) {
    if (color[start] != kWhite) continue;
    std::vector<std::pair<std::size_t, std::size_t>> stack{{start, 0}};
    color[start] = kGrey;
    while (!stack.empty()) {
      ticker.tick();
      auto& [v, next] = stack.back();
      if (next < adj[v].size()) {
        auto [w, ptr] = adj[v][next++];
        if (color[w] == kGrey)
          fail(ptr, "dependency cycle through " + core::quoted(raws[w].node.name));
        if (color[w] == kWhite) {
          color[w] = kGrey;
          stack.emplace_back(w, 0);
        }
      } else {
        color[v] = kBlack;
        order.push_back(v);
        stack.pop_back();
      }
    }
  }
  std::vector<Node> out;
  out.reserve(order.size());
  for (std::size_t i : order) out.push_back(std::move(raws[i].node));
  return out;
}

int read_meta_version(const json& spec) {
  auto m = spec.find("_meta");
  if (m == spec.end()) fail("/spec", "missing \"_meta\"");
  require_object(*m, "/spec/_meta");
  auto v = m->find("version");
  if (v == m->end()) fail("/spec/_meta", "missing \"version\"");
  if (!v->is_number_integer())
    fail("/spec/_meta/version", std::string("expected an integer, found ") + type_name(*v));
  // (4294967298 is no version 2: read whole, not cast to int)
  const std::optional<std::int64_t> known = core::json_util::integer_in(*v, 2, 5);
  if (!known)
    fail("/spec/_meta/version", "unsupported spec format version " + v->dump() +
                                    " (supported: the v1 list format and versions 2 to 5)");
  return static_cast<int>(*known);
}

}  // namespace

Dag read_spec(std::string_view json_text) {
  json doc = parse_text(json_text);
  require_object(doc, "");
  auto spec = doc.find("spec");
  if (spec == doc.end()) fail("", "missing \"spec\"");
  std::vector<RawNode> raws;
  Dag dag;
  if (spec->is_array()) {  // v1 list format: [{name: node}, ...]
    dag.format_version = 1;
    for (std::size_t i = 0; i < spec->size(); ++i) {
      std::string p = child_pointer("/spec", i);
      const json& entry = require_object((*spec)[i], p);
      if (entry.size() != 1) fail(p, "expected an object with one member, the package name");
      auto it = entry.begin();
      if (it.key().empty()) fail(p, "empty package name");
      raws.push_back(read_node(it.value(), child_pointer(p, it.key()), it.key(), 1));
    }
  } else if (spec->is_object()) {
    dag.format_version = read_meta_version(*spec);
    auto nodes = spec->find("nodes");
    if (nodes == spec->end()) fail("/spec", "missing \"nodes\"");
    if (!nodes->is_array())
      fail("/spec/nodes", std::string("expected an array, found ") + type_name(*nodes));
    for (std::size_t i = 0; i < nodes->size(); ++i)
      raws.push_back(
          read_node((*nodes)[i], child_pointer("/spec/nodes", i), "", dag.format_version));
  } else {
    fail("/spec", std::string("expected an array or an object, found ") + type_name(*spec));
  }
  if (raws.empty()) fail(spec->is_array() ? "/spec" : "/spec/nodes", "no nodes");
  dag.root_hash = raws.front().node.hash;
  dag.nodes = link_nodes(raws);
  return dag;
}

Database read_database(std::string_view json_text) {
  json doc = parse_text(json_text);
  require_object(doc, "");
  auto db = doc.find("database");
  if (db == doc.end()) fail("", "missing \"database\"");
  require_object(*db, "/database");
  Database out;
  auto ver = db->find("version");
  if (ver == db->end()) fail("/database", "missing \"version\"");
  if (ver->is_string())
    out.version = ver->get<std::string>();
  else if (ver->is_number_integer())
    out.version = ver->dump();  // (exact, signed or unsigned)
  else
    fail("/database/version", std::string("expected a string, found ") + type_name(*ver));
  int major = 0;
  for (char c : out.version) {
    if (c < '0' || c > '9') break;
    major = major * 10 + (c - '0');
    if (major > 1000) break;
  }
  // Databases up to version 7 hold spec format 4 nodes (with "compiler").
  int format = major >= 8 ? 5 : 4;
  auto installs = db->find("installs");
  if (installs == db->end()) fail("/database", "missing \"installs\"");
  require_object(*installs, "/database/installs");
  if (installs->empty()) fail("/database/installs", "no nodes");

  std::vector<RawNode> raws;
  for (auto it = installs->begin(); it != installs->end(); ++it) {
    std::string rp = child_pointer("/database/installs", it.key());
    const json& rec = require_object(it.value(), rp);
    check_hash(it.key(), rp);
    auto s = rec.find("spec");
    if (s == rec.end()) fail(rp, "missing \"spec\"");
    std::string sp = child_pointer(rp, "spec");
    require_object(*s, sp);
    // Old databases wrap the node as {name: node} and may omit its hash.
    json node = *s;
    std::string name, np = sp;
    if (!node.contains("name") && node.size() == 1 && node.begin().value().is_object()) {
      name = node.begin().key();
      np = child_pointer(sp, name);
      node = node.begin().value();
    }
    if (!node.contains("hash")) node["hash"] = it.key();
    RawNode raw = read_node(node, np, name, format);
    if (raw.node.hash != it.key())
      fail(child_pointer(np, "hash"), "hash " + core::quoted(raw.node.hash) +
                                          " differs from its install key " +
                                          core::quoted(it.key()));
    InstallRecord r;
    r.hash = it.key();
    r.path = optional_string(rec, "path", rp);
    auto boolean = [&](const char* key) -> std::optional<bool> {
      auto b = rec.find(key);
      if (b == rec.end() || b->is_null()) return std::nullopt;
      if (!b->is_boolean())
        fail(child_pointer(rp, key), std::string("expected a boolean, found ") + type_name(*b));
      return b->get<bool>();
    };
    r.installed = boolean("installed");
    r.explicit_ = boolean("explicit");
    r.in_buildcache = boolean("in_buildcache");
    if (auto t = rec.find("installation_time"); t != rec.end() && !t->is_null()) {
      if (!t->is_number())
        fail(child_pointer(rp, "installation_time"),
             std::string("expected a number, found ") + type_name(*t));
      r.installation_time = t->get<double>();
    }
    if (auto c = rec.find("ref_count"); c != rec.end() && !c->is_null()) {
      const std::optional<std::int64_t> count = core::json_util::integer_in(*c, 0, INT64_MAX);
      if (!count) fail(child_pointer(rp, "ref_count"), "expected a non-negative integer");
      r.ref_count = *count;
    }
    r.deprecated_for = optional_string(rec, "deprecated_for", rp);
    json rest = rec;
    rest.erase("spec");
    r.record_json = rest.dump();
    out.records.push_back(std::move(r));
    raws.push_back(std::move(raw));
  }
  out.dag.format_version = format;
  out.dag.nodes = link_nodes(raws);
  return out;
}

std::string write_spec_v5(const std::vector<Node>& nodes_root_first) {
  json nodes = json::array();
  for (const Node& n : nodes_root_first) {
    json j = json::parse(n.original_json);
    j.erase("compiler");  // old formats: now a build edge
    j.erase("dependencies");
    j["name"] = n.name;
    j["hash"] = n.hash;
    std::vector<const Edge*> edges;
    for (const Edge& e : n.edges) edges.push_back(&e);
    std::sort(edges.begin(), edges.end(), [](const Edge* a, const Edge* b) {
      return std::tie(a->child_name, a->child_hash) < std::tie(b->child_name, b->child_hash);
    });
    if (!edges.empty()) {
      json deps = json::array();
      for (const Edge* e : edges)
        deps.push_back({{"name", e->child_name},
                        {"hash", e->child_hash},
                        {"parameters",
                         {{"deptypes", deptype_names(e->deptypes)}, {"virtuals", e->virtuals}}}});
      j["dependencies"] = std::move(deps);
    }
    if (!j.contains("annotations") || !j["annotations"].is_object())
      j["annotations"] = json::object();
    if (!j["annotations"].contains("original_specfile_version"))
      j["annotations"]["original_specfile_version"] = n.format_version;
    nodes.push_back(std::move(j));
  }
  json doc = {{"spec", {{"_meta", {{"version", 5}}}, {"nodes", std::move(nodes)}}}};
  return doc.dump();
}

std::string synthesized_compiler_hash(const std::string& name, const std::string& version,
                                      const std::string& platform, const std::string& os) {
  return content_hash("ciprov-compiler:" + name + "@" + version + ":" + platform + ":" + os);
}

std::string content_hash(const std::string& key) {
  // Four independent FNV-1a streams give 160 bits, written as 32 base32
  // letters like a dag hash. Not cryptographic: it only has to be stable
  // and distinct for distinct contents.
  std::uint64_t h[4];
  for (int s = 0; s < 4; ++s) {
    std::uint64_t v = 14695981039346656037ULL ^ (0x9e3779b97f4a7c15ULL * (s + 1));
    for (unsigned char c : key) {
      v ^= c;
      v *= 1099511628211ULL;
    }
    v ^= v >> 33;
    v *= 0xff51afd7ed558ccdULL;
    v ^= v >> 33;
    h[s] = v;
  }
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  for (int i = 0; i < 32; ++i) {
    std::uint64_t word = h[(i * 5) / 64 % 4] ^ (h[(i + 1) % 4] >> (i % 13));
    out += kAlphabet[(word >> ((i * 5) % 59)) & 31];
  }
  return out;
}

}  // namespace ciprov::core::spack
