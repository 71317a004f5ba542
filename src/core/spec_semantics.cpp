// satisfies / intersects / constrain over spec trees, after Spack's
// Spec._satisfies, Spec._intersects and Spec._constrain with
// resolve_virtuals=False: there is no package repository in the database,
// so a virtual name matches a provider only through an edge's `virtuals`.
#include <algorithm>
#include <deque>
#include <functional>

#include "core/error.h"
#include "core/interrupt.h"
#include "core/spec.h"
#include "core/spec_arch.h"
#include "core/spec_merge.h"

namespace ciprov::core {

namespace {

using detail::SpecConflict;

bool starts_with(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }

void traverse(const SpecNode& n, const std::function<void(const SpecNode&)>& f) {
  poll_interrupts();
  f(n);
  for (const auto& e : n.deps) traverse(e.spec, f);
}

bool has_propagating(const SpecNode& n) {
  for (const auto& [name, v] : n.variants)
    if (v.propagate) return true;
  return false;
}

// Every propagating variant of `from` holds on each node under `root` that
// has a variant of that name.
bool propagated_variants_hold(const SpecNode& root, const SpecNode& from) {
  bool ok = true;
  traverse(root, [&](const SpecNode& node) {
    for (const auto& [name, pv] : from.variants) {
      if (!pv.propagate) continue;
      auto it = node.variants.find(name);
      if (it == node.variants.end()) continue;
      if (!it->second.satisfies(pv)) ok = false;
    }
  });
  return ok;
}

bool satisfies_variants(const SpecNode& self, const SpecNode& other) {
  for (const auto& [name, ov] : other.variants) {
    if (ov.propagate) continue;
    auto it = self.variants.find(name);
    if (it == self.variants.end() || it->second.propagate) return false;
    if (!it->second.satisfies(ov)) return false;
  }
  // self must not contradict what other propagates, and other must not
  // contradict what self propagates.
  if (has_propagating(other) && !propagated_variants_hold(self, other)) return false;
  if (has_propagating(self) && !propagated_variants_hold(other, self)) return false;
  return true;
}

bool flags_satisfy(const SpecNode& self, const SpecNode& other) {
  for (const auto& [kind, oflags] : other.flags) {
    auto it = self.flags.find(kind);
    if (it == self.flags.end()) return false;
    for (const auto& f : oflags) {
      bool found = false;
      for (const auto& g : it->second)
        if (g.value == f.value) found = true;
      if (!found) return false;
    }
  }
  return true;
}

bool node_satisfies(const SpecNode& self, const SpecNode& other) {
  if (!other.name.empty() && self.name.empty()) return false;
  if (!self.name.empty() && !other.name.empty() && self.name != other.name) return false;
  if (!other.abstract_hash.empty() &&
      (self.abstract_hash.empty() || !starts_with(self.abstract_hash, other.abstract_hash)))
    return false;
  if (!other.namespace_.empty() && self.namespace_ != other.namespace_) return false;
  if (!self.versions.satisfies(other.versions)) return false;
  if (!satisfies_variants(self, other)) return false;
  if (other.arch.present() && !(self.arch.present() && arch::satisfies(self.arch, other.arch)))
    return false;
  return flags_satisfy(self, other);
}

bool constrains_only_name_and_versions(const SpecNode& n) {
  return n.variants.empty() && n.flags.empty() && !n.arch.present() && n.namespace_.empty() &&
         n.abstract_hash.empty() && n.deps.empty();
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// The edge attributes and the child node (not its dependencies).
bool edge_attributes_satisfy(const SpecEdge& lhs, const SpecEdge& rhs) {
  bool name_mismatch = !rhs.spec.name.empty() && lhs.spec.name != rhs.spec.name;
  if (name_mismatch && !contains(lhs.virtuals, rhs.spec.name)) return false;
  for (const auto& v : rhs.virtuals)
    if (!contains(lhs.virtuals, v)) return false;
  if ((lhs.depflag & rhs.depflag) != rhs.depflag) return false;
  if (!name_mismatch) return node_satisfies(lhs.spec, rhs.spec);
  // rhs names a virtual that lhs provides on this edge: only a bare name
  // (any version) can be decided without the package repository.
  if (!constrains_only_name_and_versions(rhs.spec)) return false;
  return rhs.spec.versions.is_any();
}

bool satisfies_dependencies(const SpecNode& lhs, const SpecNode& rhs);

// Edges of lhs that can stand for rhs_edge: its direct dependencies first,
// then (for a `^` edge) those reached through link/run edges.
std::vector<const SpecEdge*> satisfying_edges(const SpecNode& lhs, const SpecEdge& rhs_edge) {
  std::vector<const SpecEdge*> out;
  for (const auto& e : lhs.deps) {
    if (rhs_edge.direct && !e.direct) continue;
    if (edge_attributes_satisfy(e, rhs_edge)) out.push_back(&e);
  }
  if (rhs_edge.direct) return out;
  const std::uint8_t link_run = deptype::kLink | deptype::kRun;
  std::deque<std::pair<const SpecNode*, const SpecEdge*>> queue;
  for (const auto& e : lhs.deps)
    if (e.depflag & link_run) queue.emplace_back(&lhs, &e);
  InterruptTicker ticker(256);
  while (!queue.empty()) {
    ticker.tick();
    auto [parent, e] = queue.front();
    queue.pop_front();
    if (parent != &lhs && edge_attributes_satisfy(*e, rhs_edge)) out.push_back(e);
    for (const auto& c : e->spec.deps)
      if (c.depflag & link_run) queue.emplace_back(&e->spec, &c);
  }
  return out;
}

bool satisfies_dependencies(const SpecNode& lhs, const SpecNode& rhs) {
  for (const auto& rhs_edge : rhs.deps) {
    auto candidates = satisfying_edges(lhs, rhs_edge);
    if (rhs_edge.spec.deps.empty()) {
      if (candidates.empty()) return false;
      continue;
    }
    bool any = false;
    for (const SpecEdge* c : candidates)
      if (satisfies_dependencies(c->spec, rhs_edge.spec)) {
        any = true;
        break;
      }
    if (!any) return false;
  }
  return true;
}

bool satisfies_edge(const SpecEdge& lhs, const SpecEdge& rhs) {
  if (rhs.direct && !lhs.direct) return false;
  if (!edge_attributes_satisfy(lhs, rhs)) return false;
  if (rhs.spec.deps.empty()) return true;
  return satisfies_dependencies(lhs.spec, rhs.spec);
}

// `edge` adds nothing once `given` is there. `%foo` and `%%foo` satisfy
// each other but are not interchangeable (one is a preference).
bool edge_is_redundant(const SpecEdge& edge, const SpecEdge& given) {
  if (edge.propagate && given.propagate != edge.propagate) return false;
  return satisfies_edge(given, edge);
}

// A parent has at most one direct dependency per package name.
bool same_direct_dep(const SpecEdge& a, const SpecEdge& b) {
  return a.direct && b.direct && !a.spec.name.empty() && a.spec.name == b.spec.name;
}

bool intersects_dependencies(const SpecNode& self, const SpecNode& other) {
  if (self.deps.empty() || other.deps.empty()) return true;
  std::map<std::string, std::vector<const SpecEdge*>> groups;
  for (const auto* side : {&self, &other})
    for (const auto& e : side->deps)
      if (e.direct && !e.spec.name.empty()) groups[e.spec.name].push_back(&e);
  for (const auto& [name, edges] : groups) {
    if (edges.size() < 2) continue;
    SpecNode merged = edges[0]->spec;
    try {
      for (std::size_t i = 1; i < edges.size(); ++i) detail::constrain_into(merged, edges[i]->spec);
    } catch (const SpecConflict&) {
      return false;
    } catch (const Error&) {
      return false;  // a merge VersionRange cannot represent
    }
  }
  return true;
}

std::string label(const SpecNode& n) { return n.name.empty() ? std::string("the anonymous spec") : n.name; }

void constrain_edge(SpecEdge& self, const SpecEdge& other) {
  detail::constrain_into(self.spec, other.spec);
  self.depflag |= other.depflag;
  for (const auto& v : other.virtuals)
    if (!contains(self.virtuals, v)) self.virtuals.push_back(v);
  std::sort(self.virtuals.begin(), self.virtuals.end());
  if (other.direct) self.direct = true;
  if (!self.propagate && other.propagate) self.propagate = true;
}

}  // namespace

bool SpecNode::is_empty() const {
  return name.empty() && namespace_.empty() && versions.is_any() && variants.empty() &&
         flags.empty() && !arch.present() && abstract_hash.empty() && deps.empty();
}

bool satisfies(const Spec& lhs, const Spec& rhs) {
  if (!node_satisfies(lhs, rhs)) return false;
  return rhs.deps.empty() || satisfies_dependencies(lhs, rhs);
}

bool intersects(const Spec& self, const Spec& other) {
  const auto& h1 = self.abstract_hash;
  const auto& h2 = other.abstract_hash;
  if (!h1.empty() && !h2.empty() && !starts_with(h1, h2) && !starts_with(h2, h1)) return false;
  if (!self.name.empty() && !other.name.empty() && self.name != other.name) return false;
  if (!self.namespace_.empty() && !other.namespace_.empty() && self.namespace_ != other.namespace_)
    return false;
  if (!self.versions.intersects(other.versions)) return false;
  for (const auto& [name, ov] : other.variants) {
    auto it = self.variants.find(name);
    if (it != self.variants.end() && !it->second.intersects(ov)) return false;
  }
  if (self.arch.present() && other.arch.present() && !arch::intersects(self.arch, other.arch))
    return false;
  return intersects_dependencies(self, other);
}

Spec constrain(const Spec& lhs, const Spec& rhs) {
  Spec out = lhs;
  try {
    detail::constrain_into(out, rhs);
  } catch (const SpecConflict& c) {
    throw Error(sqlstate::kInvalidParameterValue,
                "cannot constrain spec " + quoted(to_string(lhs)) + " with " + quoted(to_string(rhs)),
                "Conflicting " + c.field() + ": " + c.what() + ".");
  }
  return out;
}

namespace detail {

void constrain_into(SpecNode& self, const SpecNode& other) {
  poll_interrupts();
  if (!(self.name == other.name || self.name.empty() || other.name.empty()))
    throw SpecConflict("name", quoted(self.name) + " and " + quoted(other.name));
  if (!other.namespace_.empty() && !self.namespace_.empty() && other.namespace_ != self.namespace_)
    throw SpecConflict("namespace of " + label(self),
                       quoted(self.namespace_) + " and " + quoted(other.namespace_));
  if (!self.versions.intersects(other.versions))
    throw SpecConflict("versions of " + label(self),
                       "@" + self.versions.to_string() + " and @" + other.versions.to_string());
  for (const auto& [name, ov] : other.variants) {
    auto it = self.variants.find(name);
    if (it != self.variants.end() && !it->second.intersects(ov))
      throw SpecConflict("variant " + quoted(name) + " of " + label(self),
                         it->second.to_string() + " and " + ov.to_string());
  }
  ArchSpec arch = self.arch;
  if (self.arch.present() && other.arch.present()) {
    std::string field = arch::constrain(arch, other.arch);
    if (!field.empty()) {
      const std::string& a = field == "platform" ? self.arch.platform
                             : field == "os"     ? self.arch.os
                                                 : self.arch.target;
      const std::string& b = field == "platform" ? other.arch.platform
                             : field == "os"     ? other.arch.os
                                                 : other.arch.target;
      throw SpecConflict(field + " of " + label(self), field + "=" + a + " and " + field + "=" + b);
    }
  } else if (other.arch.present()) {
    arch = other.arch;
  }
  if (!other.abstract_hash.empty()) {
    if (self.abstract_hash.empty() || starts_with(other.abstract_hash, self.abstract_hash))
      self.abstract_hash = other.abstract_hash;
    else if (!starts_with(self.abstract_hash, other.abstract_hash))
      throw SpecConflict("hash of " + label(self),
                         "/" + self.abstract_hash + " and /" + other.abstract_hash);
  }
  if (self.name.empty()) self.name = other.name;
  if (self.namespace_.empty()) self.namespace_ = other.namespace_;
  VersionRange versions = self.versions.intersection(other.versions);
  if (!detail::versions_printable(versions))
    throw SpecConflict("versions of " + label(self),
                       "@" + self.versions.to_string() + " and @" + other.versions.to_string() +
                           " meet in " + versions.to_string() + ", which spec syntax cannot express");
  self.versions = std::move(versions);
  for (const auto& [name, ov] : other.variants) {
    auto it = self.variants.find(name);
    if (it == self.variants.end())
      self.variants.emplace(name, ov);
    else
      it->second.constrain(ov);
  }
  for (const auto& [kind, oflags] : other.flags) {
    auto& mine = self.flags[kind];
    for (const auto& f : oflags) {
      auto it = std::find_if(mine.begin(), mine.end(),
                             [&](const CompilerFlag& g) { return g.value == f.value; });
      if (it == mine.end())
        mine.push_back(f);
      else if (f.propagate)
        it->propagate = true;  // a flag other propagates propagates here too
    }
  }
  detail::normalize_flags(self);
  self.arch = arch;
  if (other.deps.empty()) return;
  if (!intersects_dependencies(other, self))
    throw SpecConflict("dependencies of " + label(self),
                       "the direct dependencies of " + quoted(to_string(self)) + " and " +
                           quoted(to_string(other)) + " do not intersect");
  for (const auto& e : other.deps) add_or_merge_edge(self, e);
}

void add_or_merge_edge(SpecNode& parent, SpecEdge candidate) {
  std::size_t merged = parent.deps.size();
  if (!candidate.spec.name.empty())
    for (std::size_t i = 0; i < parent.deps.size(); ++i)
      if (same_direct_dep(parent.deps[i], candidate)) {
        merged = i;
        break;
      }
  bool merging = merged < parent.deps.size();
  if (!merging)
    for (const auto& e : parent.deps)
      if (edge_is_redundant(candidate, e)) return;
  // Constrain first: a failed merge leaves the parent's edges in place.
  if (merging) constrain_edge(parent.deps[merged], candidate);
  // Against the merged edge, not the candidate: the merge may make it
  // strong enough to cover an edge neither covered alone (`%@2.1 %x@2.1,1
  // %x@2:`), and the result must not depend on the order of the text.
  const SpecEdge& stronger = merging ? parent.deps[merged] : candidate;
  std::vector<bool> drop(parent.deps.size(), false);
  for (std::size_t i = 0; i < parent.deps.size(); ++i)
    drop[i] = i != merged && edge_is_redundant(parent.deps[i], stronger);
  std::vector<SpecEdge> kept;
  kept.reserve(parent.deps.size() + 1);
  for (std::size_t i = 0; i < parent.deps.size(); ++i)
    if (!drop[i]) kept.push_back(std::move(parent.deps[i]));
  if (!merging) kept.push_back(std::move(candidate));
  parent.deps = std::move(kept);
}

}  // namespace detail

}  // namespace ciprov::core
