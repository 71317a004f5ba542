// Stored Spack nodes as concrete specs; see spack_find.h.
#include "core/spack_find.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/spec_arch.h"
#include "core/version.h"

namespace ciprov::core::spack {

namespace {

using json = nlohmann::json;

[[noreturn]] void bad_field(const std::string& node, const std::string& what) {
  throw Error(sqlstate::kInvalidParameterValue,
              "stored Spack node " + quoted(node) + " has " + what);
}

// A variant value as text: booleans as such, lists joined by commas.
std::string variant_text(const json& v, const std::string& node, const std::string& key) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return v.dump();  // (exact, signed or unsigned)
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      if (!e.is_string()) bad_field(node, "a non-string value in variant " + quoted(key));
      out += (out.empty() ? "" : ",") + e.get<std::string>();
    }
    return out;
  }
  bad_field(node, "an unreadable value for variant " + quoted(key));
}

}  // namespace

SpecNode concrete_node(const StoredNode& n) {
  SpecNode s;
  s.name = n.name;
  s.namespace_ = n.namespace_;
  s.versions = VersionRange::exact(Version::parse(n.version));
  json variants = json::parse(n.variants_json, nullptr, false);
  json flags = json::parse(n.flags_json, nullptr, false);
  if (!variants.is_object()) bad_field(n.name, "variants that are not a JSON object");
  if (!flags.is_object()) bad_field(n.name, "flags that are not a JSON object");
  for (auto it = variants.begin(); it != variants.end(); ++it) {
    if (it->is_boolean()) {
      s.variants.emplace(it.key(), VariantValue::from_bool(it.key(), it->get<bool>(), false));
      continue;
    }
    std::string text = variant_text(*it, n.name, it.key());
    // An empty list is a multi-valued variant with no value (`key:=`): kept
    // out, since spec syntax cannot write it.
    if (text.empty()) continue;
    try {
      s.variants.emplace(it.key(), VariantValue::from_string(it.key(), text, false, true));
    } catch (const std::invalid_argument&) {
      bad_field(n.name, "an unreadable value for variant " + quoted(it.key()));
    }
  }
  for (auto it = flags.begin(); it != flags.end(); ++it) {
    if (!it->is_array()) bad_field(n.name, "flags " + quoted(it.key()) + " that are not a list");
    std::vector<CompilerFlag> list;
    for (const auto& f : *it) {
      if (!f.is_string()) bad_field(n.name, "a non-string flag in " + quoted(it.key()));
      list.push_back(CompilerFlag{f.get<std::string>(), false});
    }
    if (!list.empty()) s.flags.emplace(it.key(), std::move(list));
  }
  s.arch.platform = n.platform;
  s.arch.os = n.os;
  if (!n.target.empty()) s.arch.target = arch::canonical_target(n.target);
  return s;
}

Spec concrete_spec(std::int64_t root, const std::map<std::int64_t, SpecNode>& nodes,
                   const std::map<std::int64_t, std::vector<StoredEdge>>& edges) {
  // The direct dependencies of a node as `%` leaves with their attributes.
  auto direct_leaves = [&](std::int64_t id, SpecNode& into) {
    auto it = edges.find(id);
    if (it == edges.end()) return;
    for (const StoredEdge& e : it->second) {
      SpecEdge out;
      out.spec = nodes.at(e.child);
      out.depflag = e.deptypes;
      out.virtuals = e.virtuals;
      std::sort(out.virtuals.begin(), out.virtuals.end());
      out.direct = true;
      into.deps.push_back(std::move(out));
    }
  };
  Spec spec = nodes.at(root);
  direct_leaves(root, spec);
  std::set<std::int64_t> direct_children;
  if (auto it = edges.find(root); it != edges.end())
    for (const StoredEdge& e : it->second) direct_children.insert(e.child);
  // Every other node once, as `^node` followed by its own direct
  // dependencies: `%` after a `^` node hangs from that node, so the text
  // reads back to the same DAG shape.
  for (const auto& [id, node] : nodes) {
    if (id == root) continue;
    bool has_deps = edges.count(id) && !edges.at(id).empty();
    if (direct_children.count(id) && !has_deps) continue;
    SpecEdge e;
    e.spec = node;
    direct_leaves(id, e.spec);
    spec.deps.push_back(std::move(e));
  }
  return spec;
}

FindPlan plan_find(const Spec& query) {
  FindPlan plan;
  plan.root = query;
  plan.root.deps.clear();
  for (const SpecEdge& e : query.deps) {
    if (e.spec.name.empty())
      throw Error(sqlstate::kFeatureNotSupported,
                  "spack_find needs a package name in every dependency constraint",
                  "The constraint " + quoted(to_string(e.spec)) + " has none.");
    for (const SpecEdge& n : e.spec.deps)
      if (!n.direct || !n.spec.deps.empty())
        throw Error(sqlstate::kFeatureNotSupported,
                    "spack_find supports only direct (%) dependencies under a dependency constraint",
                    "The constraint on " + quoted(e.spec.name) + " has deeper dependencies.");
    FindConstraint c{e, e.direct, e.spec, e.spec.deps};
    c.edge.spec.deps.clear();
    c.node.deps.clear();
    plan.constraints.push_back(std::move(c));
  }
  return plan;
}

bool nested_satisfied(const SpecNode& candidate, const FindConstraint& c) {
  SpecNode query = c.node;
  query.deps = c.nested;
  return satisfies(candidate, query);
}

bool node_satisfies(const SpecNode& concrete, const SpecNode& query) {
  if (!concrete.deps.empty() || !query.deps.empty()) {
    SpecNode a = concrete, b = query;
    a.deps.clear();
    b.deps.clear();
    return satisfies(a, b);
  }
  return satisfies(concrete, query);
}

bool edge_satisfies(const SpecNode& child, std::uint8_t deptypes,
                    const std::vector<std::string>& virtuals, bool direct,
                    const FindConstraint& c) {
  SpecNode lhs, rhs;
  SpecEdge l;
  l.spec = child;
  l.spec.deps.clear();
  l.depflag = deptypes;
  l.virtuals = virtuals;
  std::sort(l.virtuals.begin(), l.virtuals.end());
  l.direct = direct;
  lhs.deps.push_back(std::move(l));
  rhs.deps.push_back(c.edge);
  return satisfies(lhs, rhs);
}

}  // namespace ciprov::core::spack
