// The structured form of a spec (spec_to_jsonb) and of its variants.
#include <nlohmann/json.hpp>

#include "core/spec.h"

namespace ciprov::core {

namespace {

using nlohmann::json;

json variant_value(const VariantValue& v) {
  if (v.type == VariantType::kBool) return v.bool_value;
  return json(v.values);
}

json node_json(const SpecNode& n) {
  json j = json::object();
  j["name"] = n.name.empty() ? json(nullptr) : json(n.name);
  j["namespace"] = n.namespace_.empty() ? json(nullptr) : json(n.namespace_);
  j["versions"] = n.versions.to_string();
  json variants = json::object();
  for (const auto& [name, v] : n.variants) {
    json d = json::object();
    d["value"] = variant_value(v);
    d["type"] = v.type == VariantType::kBool ? "bool" : v.type == VariantType::kSingle ? "single" : "multi";
    d["concrete"] = v.concrete;
    d["propagate"] = v.propagate;
    variants[name] = d;
  }
  j["variants"] = variants;
  json flags = json::object();
  for (const auto& [kind, list] : n.flags) {
    json a = json::array();
    for (const auto& f : list) a.push_back({{"value", f.value}, {"propagate", f.propagate}});
    flags[kind] = a;
  }
  j["compiler_flags"] = flags;
  if (n.arch.present()) {
    auto field = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
    j["arch"] = {{"platform", field(n.arch.platform)}, {"os", field(n.arch.os)}, {"target", field(n.arch.target)}};
  } else {
    j["arch"] = nullptr;
  }
  j["hash"] = n.abstract_hash.empty() ? json(nullptr) : json(n.abstract_hash);
  json deps = json::array();
  for (const auto& e : n.deps) {
    json d = json::object();
    d["direct"] = e.direct;
    d["propagate"] = e.propagate;
    json types = json::array();
    if (e.depflag) {
      std::string s = deptypes_to_string(e.depflag);
      std::size_t start = 0;
      for (;;) {
        std::size_t c = s.find(',', start);
        types.push_back(s.substr(start, c == std::string::npos ? c : c - start));
        if (c == std::string::npos) break;
        start = c + 1;
      }
    }
    d["deptypes"] = types;
    d["virtuals"] = e.virtuals;
    d["spec"] = node_json(e.spec);
    deps.push_back(d);
  }
  j["dependencies"] = deps;
  return j;
}

}  // namespace

std::string to_json(const Spec& spec) { return node_json(spec).dump(); }

std::string variants_to_json(const SpecNode& node) {
  json j = json::object();
  for (const auto& [name, v] : node.variants) j[name] = variant_value(v);
  return j.dump();
}

}  // namespace ciprov::core
