#include "core/spec_arch.h"

#include <algorithm>
#include <optional>
#include <set>

#include "core/spec_microarch.h"

namespace ciprov::core::arch {

namespace ma = microarch;

namespace {

struct Parts {
  std::string min, max;
  bool sep = false;
};

Parts partition(std::string_view s) {
  Parts p;
  std::size_t c = s.find(':');
  if (c == std::string_view::npos) {
    p.min = std::string(s);
  } else {
    p.min = std::string(s.substr(0, c));
    p.max = std::string(s.substr(c + 1));
    p.sep = true;
  }
  return p;
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t c = s.find(',', start);
    out.emplace_back(s.substr(start, c == std::string_view::npos ? c : c - start));
    if (c == std::string_view::npos) return out;
    start = c + 1;
  }
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

bool ge(std::string_view a, std::string_view b) { return ma::le(b, a); }
bool gt(std::string_view a, std::string_view b) { return ma::lt(b, a); }

// Targets of the closed interval [lower, upper]; no lower = the family root.
std::set<std::string> closed_interval(const std::string* lower, const std::string& upper) {
  std::set<std::string> out;
  for (auto& a : ma::ancestors(upper))
    if (lower == nullptr || ge(a, *lower)) out.insert(a);
  if (lower == nullptr || ge(upper, *lower)) out.insert(upper);
  return out;
}

bool subset(const std::set<std::string>& a, const std::set<std::string>& b) {
  return std::includes(b.begin(), b.end(), a.begin(), a.end());
}

// A deterministic decomposition of a set of targets into interval elements:
// repeatedly take the largest interval starting at a minimal remaining
// target that stays inside the set.
std::vector<std::string> decompose(std::set<std::string> remaining) {
  std::vector<std::string> out;
  while (!remaining.empty()) {
    std::string m;
    for (const auto& t : remaining) {  // std::set iterates by name
      bool minimal = true;
      for (const auto& s : remaining)
        if (ma::lt(s, t)) minimal = false;
      if (minimal) {
        m = t;
        break;
      }
    }
    std::string best = m;
    std::set<std::string> members{m};
    for (const auto& u : remaining) {
      if (!gt(u, m)) continue;
      auto candidates = closed_interval(&m, u);
      if (candidates.size() > members.size() && subset(candidates, remaining)) {
        best = u;
        members = candidates;
      }
    }
    if (m == best)
      out.push_back(m);
    else if (m == ma::family(m))
      out.push_back(":" + best);
    else
      out.push_back(m + ":" + best);
    for (const auto& x : members) remaining.erase(x);
  }
  return out;
}

std::string canonical_range_list(std::string_view name) {
  std::set<std::string> elements;
  for (std::string element : split_commas(name)) {
    if (element == "*") element = ":";
    Parts p = partition(element);
    if (p.sep && !p.max.empty()) {
      std::string fam = ma::family(p.max);
      if (p.min.empty() || p.min == fam)
        element = p.max == fam ? p.max : ":" + p.max;
      else if (p.min == p.max)
        element = p.min;
    }
    elements.insert(element);
  }
  if (elements.size() <= 1) return elements.empty() ? std::string() : *elements.begin();

  std::set<std::string> opens, uni, verbatim;
  for (const auto& element : elements) {
    Parts p = partition(element);
    if (p.min.empty() && p.max.empty()) {
      if (p.sep) return ":";  // unbounded on both sides: contains the rest
      verbatim.insert(element);
    } else if ((!p.min.empty() && !ma::known(p.min)) || (!p.max.empty() && !ma::known(p.max))) {
      verbatim.insert(element);  // bounds outside the table cannot be compared
    } else if (p.sep && p.max.empty()) {
      opens.insert(p.min);
    } else {
      auto members = closed_interval(p.min.empty() ? nullptr : &p.min, p.max.empty() ? p.min : p.max);
      uni.insert(members.begin(), members.end());
    }
  }
  if (opens.empty() && uni.empty() && verbatim.empty())
    return join(std::vector<std::string>(elements.begin(), elements.end()), ",");

  std::set<std::string> minimal_opens;
  for (const auto& x : opens) {
    bool keep = true;
    for (const auto& y : opens)
      if (ma::lt(y, x)) keep = false;
    if (keep) minimal_opens.insert(x);
  }
  std::set<std::string> rest;
  for (const auto& t : uni) {
    bool covered = false;
    for (const auto& x : minimal_opens)
      if (ge(t, x)) covered = true;
    if (!covered) rest.insert(t);
  }
  std::set<std::string> kept = verbatim;
  for (const auto& x : minimal_opens) kept.insert(x + ":");
  for (auto& d : decompose(rest)) kept.insert(d);
  return join(std::vector<std::string>(kept.begin(), kept.end()), ",");
}

// Whether every target of the element is in one of rhs's elements; a range
// can be covered jointly by several of them.
bool covered_by(const std::string& element, const std::vector<std::string>& rhs) {
  for (const auto& r : rhs)
    if (target_range_contains(r, element)) return true;
  if (rhs.size() == 1) return false;
  Parts p = partition(element);
  if (p.max.empty() || !ma::known(p.max) || (!p.min.empty() && !ma::known(p.min))) return false;
  for (const auto& m : closed_interval(p.min.empty() ? nullptr : &p.min, p.max)) {
    bool any = false;
    for (const auto& r : rhs)
      if (target_range_contains(r, m)) any = true;
    if (!any) return false;
  }
  return true;
}

using Bound = std::optional<std::string>;  // nullopt: unbounded

std::vector<Bound> minimal_upper_bounds(const Bound& a, const Bound& b) {
  if (!a) return {b};
  if (!b) return {a};
  if (*a == *b) return {a};
  if (ma::family(*a) != ma::family(*b)) return {};
  if (ge(*a, *b)) return {a};
  if (gt(*b, *a)) return {b};
  std::vector<std::string> above;
  for (const auto& t : ma::all())
    if (ma::family(t) == ma::family(*a) && ge(t, *a) && ge(t, *b)) above.push_back(t);
  std::vector<Bound> out;
  for (const auto& t : above) {
    bool minimal = true;
    for (const auto& o : above)
      if (ma::lt(o, t)) minimal = false;
    if (minimal) out.emplace_back(t);
  }
  return out;
}

std::vector<Bound> maximal_lower_bounds(const Bound& a, const Bound& b) {
  if (!a) return {b};
  if (!b) return {a};
  if (*a == *b) return {a};
  if (ma::family(*a) != ma::family(*b)) return {};
  if (ma::le(*a, *b)) return {a};
  if (ma::lt(*b, *a)) return {b};
  std::vector<std::string> below;
  auto bs = ma::ancestors(*b);
  for (const auto& t : ma::ancestors(*a))
    if (std::find(bs.begin(), bs.end(), t) != bs.end()) below.push_back(t);
  std::vector<Bound> out;
  for (const auto& t : below) {
    bool maximal = true;
    for (const auto& o : below)
      if (ma::lt(t, o)) maximal = false;
    if (maximal) out.emplace_back(t);
  }
  return out;
}

Bound bound(const std::string& s) { return s.empty() ? Bound() : Bound(s); }

bool attr_satisfies(const std::string& lhs, const std::string& rhs) {
  if (rhs.empty()) return true;
  if (rhs == "*") return !lhs.empty();
  return lhs == rhs;
}

bool attr_intersects(const std::string& lhs, const std::string& rhs) {
  if (lhs.empty() || rhs.empty()) return true;
  return lhs == "*" || rhs == "*" || lhs == rhs;
}

bool target_satisfies(const std::string& lhs, const std::string& rhs) {
  if (rhs.empty()) return true;
  if (lhs.empty()) return false;
  auto rhs_elements = split_commas(rhs);
  for (const auto& l : split_commas(lhs))
    if (!covered_by(l, rhs_elements)) return false;
  return true;
}

}  // namespace

std::string canonical_target(std::string_view target) {
  if (target == "*") return ":";
  if (target.find(':') == std::string_view::npos && target.find(',') == std::string_view::npos)
    return std::string(target);
  // One pass is Spack's canonicalisation. Odd elements such as `::x` lose a
  // colon per pass, so repeat until the text is stable: equal targets must
  // print equally after any number of round trips.
  std::string current = canonical_range_list(target);
  for (std::size_t guard = 0; guard <= target.size(); ++guard) {
    std::string next = canonical_range_list(current);
    if (next == current) break;
    current = std::move(next);
  }
  return current;
}

bool target_range_contains(std::string_view lhs_text, std::string_view rhs_text) {
  Parts lhs = partition(lhs_text), rhs = partition(rhs_text);
  if (!rhs.sep) {
    if (!lhs.sep) return rhs.min == lhs.min;
    return (lhs.min.empty() || ge(rhs.min, lhs.min)) && (lhs.max.empty() || ma::le(rhs.min, lhs.max));
  }
  if (!lhs.sep) return rhs.min == rhs.max && rhs.max == lhs.min;
  if (!lhs.min.empty()) {
    if (rhs.min.empty() && rhs.max.empty()) return false;
    std::string floor = rhs.min.empty() ? ma::family(rhs.max) : rhs.min;
    if (!ge(floor, lhs.min)) return false;
  }
  if (!lhs.max.empty()) {
    if (rhs.max.empty() || !ma::le(rhs.max, lhs.max)) return false;
  }
  return true;
}

std::vector<std::string> target_intersection(std::string_view lhs, std::string_view rhs) {
  std::vector<std::string> results;
  if (lhs.empty() || rhs.empty()) return results;
  for (const auto& l : split_commas(lhs)) {
    for (const auto& r : split_commas(rhs)) {
      if (r.find(':') == std::string::npos) {
        if (target_range_contains(l, r)) results.push_back(r);
        continue;
      }
      if (l.find(':') == std::string::npos) {
        if (target_range_contains(r, l)) results.push_back(l);
        continue;
      }
      Parts lp = partition(l), rp = partition(r);
      for (const auto& n_min : minimal_upper_bounds(bound(lp.min), bound(rp.min))) {
        for (const auto& n_max : maximal_lower_bounds(bound(lp.max), bound(rp.max))) {
          if (!n_min && !n_max)
            results.push_back(":");
          else if (!n_min)
            results.push_back(":" + *n_max);
          else if (!n_max)
            results.push_back(*n_min + ":");
          else if (*n_min == *n_max)
            results.push_back(*n_min);
          else if (ma::family(*n_min) == ma::family(*n_max) && ma::le(*n_min, *n_max))
            results.push_back(*n_min + ":" + *n_max);
        }
      }
    }
  }
  return results;
}

bool satisfies(const ArchSpec& lhs, const ArchSpec& rhs) {
  return attr_satisfies(lhs.platform, rhs.platform) && attr_satisfies(lhs.os, rhs.os) &&
         target_satisfies(lhs.target, rhs.target);
}

bool intersects(const ArchSpec& lhs, const ArchSpec& rhs) {
  if (!attr_intersects(lhs.platform, rhs.platform) || !attr_intersects(lhs.os, rhs.os)) return false;
  if (lhs.target.empty() || rhs.target.empty()) return true;
  return !target_intersection(lhs.target, rhs.target).empty();
}

std::string constrain(ArchSpec& lhs, const ArchSpec& rhs) {
  if (!attr_intersects(lhs.platform, rhs.platform)) return "platform";
  if (!attr_intersects(lhs.os, rhs.os)) return "os";
  std::string target = lhs.target;
  if (!rhs.target.empty()) {
    if (target.empty()) {
      target = rhs.target;
    } else {
      auto results = target_intersection(lhs.target, rhs.target);
      if (results.empty()) return "target";
      target = canonical_target(join(results, ","));
    }
  }
  // A `*` only asks for a value, so a named value from the other side wins.
  auto merge = [](std::string& mine, const std::string& theirs) {
    if (!theirs.empty() && (mine.empty() || (mine == "*" && theirs != "*"))) mine = theirs;
  };
  merge(lhs.platform, rhs.platform);
  merge(lhs.os, rhs.os);
  lhs.target = target;
  return {};
}

}  // namespace ciprov::core::arch
