// Spack's splice; see spack_splice.h.
#include "core/spack_splice.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/spack_json.h"

namespace ciprov::core::spack {

namespace {

// A spliced node's hash: content-derived, so splicing again gives the same
// node, and ending in the last 7 characters of the hash of what was really
// built, so the build it came from shows in the short hash (/abcdefg) that
// spack find prints.
std::string spliced_hash(const std::string& key, const std::string& built) {
  std::string h = content_hash(key);
  const std::size_t keep = std::min<std::size_t>(7, built.size());
  return h.substr(0, h.size() - keep) + built.substr(built.size() - keep);
}

using Index = std::unordered_map<std::string, const Node*>;

Index index_of(const Dag& d) {
  Index out;
  for (const Node& n : d.nodes) out.emplace(n.hash, &n);
  return out;
}

// The root and its link/run closure.
std::vector<const Node*> link_run_nodes(const Dag& d, const Index& idx) {
  std::vector<const Node*> out;
  std::set<std::string> seen;
  std::function<void(const Node*)> walk = [&](const Node* n) {
    if (!seen.insert(n->hash).second) return;
    out.push_back(n);
    for (const Edge& e : n->edges)
      if (e.deptypes & kLinkRun) walk(idx.at(e.child_hash));
  };
  walk(idx.at(d.root_hash));
  return out;
}

}  // namespace

std::vector<Node> splice(const Dag& target, const Dag& replacement, bool transitive) {
  Index tidx = index_of(target), ridx = index_of(replacement);
  const Node& troot = *tidx.at(target.root_hash);
  const Node& rroot = *ridx.at(replacement.root_hash);
  if (troot.name == rroot.name)
    throw Error(sqlstate::kInvalidParameterValue,
                "cannot splice " + quoted(rroot.name) + " into a spec of the same name",
                "Splice replaces a dependency; the target root is " + quoted(troot.hash) + ".");
  // The target's own DAG (its document may also hold build specs).
  std::set<std::string> in_dag;
  std::function<void(const Node*)> walk = [&](const Node* n) {
    if (!in_dag.insert(n->hash).second) return;
    for (const Edge& e : n->edges) walk(tidx.at(e.child_hash));
  };
  walk(&troot);
  bool found = false;
  for (const Node& n : target.nodes)
    if (n.name == rroot.name && n.hash != troot.hash && in_dag.count(n.hash)) found = true;
  if (!found)
    throw Error(sqlstate::kInvalidParameterValue,
                "the target " + quoted(troot.hash) + " has no dependency named " +
                    quoted(rroot.name));

  // name -> the node that stands for it after the splice
  std::map<std::string, const Node*> by_name;
  if (transitive) {
    for (const Node* n : link_run_nodes(replacement, ridx)) by_name.emplace(n->name, n);
  } else {
    by_name.emplace(rroot.name, &rroot);
  }

  std::vector<Node> made;                           // new nodes, children first
  std::unordered_map<std::string, std::string> to;  // old hash -> hash after the splice
  std::unordered_map<std::string, std::string> name_of;
  for (const Node& n : target.nodes) name_of[n.hash] = n.name;
  for (const Node& n : replacement.nodes) name_of[n.hash] = n.name;

  // A node with its children re-pointed by `child_of`; unchanged nodes keep
  // their hash, changed ones become new nodes.
  auto rewrite = [&](const Node& n, const std::function<std::string(const Edge&)>& child_of) {
    bool changed = false;
    std::vector<Edge> edges;
    for (const Edge& e : n.edges) {
      Edge c = e;
      c.child_hash = child_of(e);
      c.child_name = name_of.at(c.child_hash);
      if (c.child_hash != e.child_hash) changed = true;
      edges.push_back(std::move(c));
    }
    if (!changed) return n.hash;
    Node m = n;
    m.edges.clear();
    for (Edge& e : edges)
      if (e.deptypes & kLinkRun) {
        e.deptypes &= static_cast<std::uint8_t>(kLinkRun);  // a spliced node is never built or tested
        m.edges.push_back(std::move(e));
      }
    std::sort(m.edges.begin(), m.edges.end(), [](const Edge& a, const Edge& b) {
      return std::tie(a.child_name, a.child_hash) < std::tie(b.child_name, b.child_hash);
    });
    std::string built = n.build_spec_hash ? *n.build_spec_hash : n.hash;
    m.build_spec_hash = built;
    std::string key = "ciprov-splice:" + built;
    for (const Edge& e : m.edges)
      key += ";" + e.child_hash + ":" + std::to_string(e.deptypes);
    m.hash = spliced_hash(key, built);
    nlohmann::json j = nlohmann::json::parse(n.original_json);
    j["build_spec"] = {{"name", n.name}, {"hash", built}};
    j.erase("package_hash");  // what was built is in the build spec
    m.original_json = j.dump();
    m.format_version = 5;
    name_of[m.hash] = m.name;
    made.push_back(m);
    return m.hash;
  };

  // Intransitive: the replacement root takes the target's nodes for its
  // link/run dependencies whose names the target has.
  std::map<std::string, std::string> target_by_name;
  for (const Node& n : target.nodes) target_by_name.emplace(n.name, n.hash);
  std::string new_rroot = rroot.hash;
  if (!transitive) {
    new_rroot = rewrite(rroot, [&](const Edge& e) {
      auto it = target_by_name.find(e.child_name);
      return (e.deptypes & kLinkRun) && it != target_by_name.end() ? it->second : e.child_hash;
    });
  }

  // The target, children first (Dag.nodes is in dependency order).
  for (const Node& n : target.nodes) {
    if (!in_dag.count(n.hash)) continue;
    auto it = by_name.find(n.name);
    if (it != by_name.end() && n.hash != troot.hash) {
      to[n.hash] = it->second == &rroot ? new_rroot : it->second->hash;
      continue;
    }
    to[n.hash] = rewrite(n, [&](const Edge& e) { return to.at(e.child_hash); });
  }

  std::vector<Node> out;
  std::set<std::string> written;
  std::string root = to.at(troot.hash);
  for (auto it = made.rbegin(); it != made.rend(); ++it)
    if (it->hash == root) out.push_back(*it);
  for (auto it = made.rbegin(); it != made.rend(); ++it)
    if (it->hash != root && written.insert(it->hash).second) out.push_back(*it);
  written.insert(root);
  for (const Dag* d : {&target, &replacement})
    for (const Node& n : d->nodes)
      if (written.insert(n.hash).second) out.push_back(n);
  return out;
}

}  // namespace ciprov::core::spack
