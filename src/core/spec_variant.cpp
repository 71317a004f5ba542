#include "core/spec_variant.h"

#include <algorithm>
#include <stdexcept>

#include "core/spec.h"

namespace ciprov::core {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

// Spack stores the values of a variant as a set; more than one value is
// kept sorted and unique, and `*` is reserved for "any value".
void set_values(VariantValue& v, std::vector<std::string> values) {
  if (values.size() > 1) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
  }
  if (std::find(values.begin(), values.end(), "*") != values.end())
    throw std::invalid_argument("cannot use reserved value '*'");
  v.values = std::move(values);
}

}  // namespace

VariantValue VariantValue::from_bool(std::string name, bool value, bool propagate) {
  VariantValue v;
  v.name = std::move(name);
  v.type = VariantType::kBool;
  v.bool_value = value;
  v.propagate = propagate;
  v.concrete = true;  // only multi-valued variants can be abstract
  return v;
}

VariantValue VariantValue::from_string(std::string name, std::string_view value, bool propagate,
                                       bool concrete) {
  if (iequals(value, "true") || iequals(value, "false"))
    return from_bool(std::move(name), iequals(value, "true"), propagate);
  VariantValue v;
  v.name = std::move(name);
  v.type = VariantType::kMulti;
  v.propagate = propagate;
  if (value == "*") return v;  // present with any value: abstract, no values
  v.concrete = concrete;
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t comma = value.find(',', start);
    parts.emplace_back(value.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  set_values(v, std::move(parts));
  return v;
}

bool VariantValue::has(const std::string& v) const {
  if (type == VariantType::kBool) return false;  // a string is never a bool
  return std::find(values.begin(), values.end(), v) != values.end();
}

bool VariantValue::has_all_of(const VariantValue& o) const {
  if (o.type == VariantType::kBool)
    return type == VariantType::kBool && bool_value == o.bool_value;
  for (const auto& v : o.values)
    if (!has(v)) return false;
  return true;
}

bool VariantValue::same_values(const VariantValue& o) const {
  if ((type == VariantType::kBool) != (o.type == VariantType::kBool)) return false;
  if (type == VariantType::kBool) return bool_value == o.bool_value;
  return values == o.values;
}

bool VariantValue::satisfies(const VariantValue& o) const {
  if (name != o.name) return false;
  if (!o.concrete) {
    // An abstract rhs asks for at least its values. For `patches` the rhs
    // may give sha256 prefixes.
    if (name == "patches" && type != VariantType::kBool && o.type != VariantType::kBool) {
      for (const auto& p : o.values) {
        bool found = false;
        for (const auto& w : values)
          if (w.compare(0, p.size(), p) == 0) found = true;
        if (!found) return false;
      }
      return true;
    }
    return has_all_of(o);
  }
  if (concrete) return same_values(o);  // both concrete: exactly equal
  return false;                          // abstract never satisfies concrete
}

bool VariantValue::intersects(const VariantValue& o) const {
  if (name != o.name) return false;
  if (concrete) return o.concrete ? same_values(o) : has_all_of(o);
  if (o.concrete) return o.has_all_of(*this);
  return true;  // both abstract: the union concretizes both
}

void VariantValue::constrain(const VariantValue& o) {
  if (o.type == VariantType::kBool || type == VariantType::kBool) {
    // They intersect, so the non-boolean side (if any) has no values.
    if (type != VariantType::kBool) {
      bool_value = o.bool_value;
      values.clear();
    }
  } else {
    std::vector<std::string> all = values;
    all.insert(all.end(), o.values.begin(), o.values.end());
    set_values(*this, std::move(all));
  }
  if (propagate && !o.propagate) propagate = false;
  if (!concrete && o.concrete) concrete = true;
  if (type > o.type) type = o.type;
}

bool VariantValue::operator==(const VariantValue& o) const {
  return name == o.name && type == o.type && propagate == o.propagate && concrete == o.concrete &&
         same_values(o);
}

std::string VariantValue::values_string() const {
  if (type == VariantType::kBool) return bool_value ? "true" : "false";
  if (values.empty()) return "*";
  std::string s;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) s += ',';
    s += values[i];
  }
  return s;
}

std::string VariantValue::to_string() const {
  if (type == VariantType::kBool) {
    std::string sigil = bool_value ? "+" : "~";
    if (propagate) sigil += sigil;
    return sigil + name;
  }
  std::string s = name;
  if (type == VariantType::kMulti && concrete) s += ':';
  s += propagate ? "==" : "=";
  s += quote_if_needed(values_string());
  return s;
}

}  // namespace ciprov::core
