// One variant of a spec node, with Spack 1.x semantics (VariantValue).
//
// A boolean variant (`+debug`, `~debug`, `debug=true`) holds one truth
// value and is always concrete. Any other `key=value` is multi-valued:
// abstract (`key=a,b`: at least these values; `key=*`: present with any
// value) or concrete (`key:=a,b`: exactly these values). Values are a set:
// sorted and unique. Propagated variants (`++v`, `~~v`, `key==value`) also
// apply to the dependencies.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ciprov::core {

// Ordered from the narrowest to the widest, as Spack narrows a variant
// multi -> single -> bool when it learns more.
enum class VariantType : std::uint8_t { kBool = 1, kSingle = 2, kMulti = 3 };

struct VariantValue {
  std::string name;
  VariantType type = VariantType::kMulti;
  bool bool_value = false;          // kBool only
  std::vector<std::string> values;  // kSingle / kMulti: sorted, unique
  bool propagate = false;
  bool concrete = false;

  // The parser's constructor: `value` is "true"/"false" (any case) for a
  // boolean, "*" for "any value", otherwise comma-separated values.
  // Throws std::invalid_argument when a value list holds `*`.
  static VariantValue from_string(std::string name, std::string_view value, bool propagate,
                                  bool concrete);
  static VariantValue from_bool(std::string name, bool value, bool propagate);

  // Every concretization of this one also satisfies `o` (same name).
  bool satisfies(const VariantValue& o) const;
  // Some concretization satisfies both.
  bool intersects(const VariantValue& o) const;
  // Adds the constraints of `o`; the caller checks intersects() first.
  void constrain(const VariantValue& o);

  bool same_values(const VariantValue& o) const;
  bool operator==(const VariantValue& o) const;
  bool operator!=(const VariantValue& o) const { return !(*this == o); }

  // `+name`, `~~name`, `name=a,b`, `name:=a`, `name=='x y'`, `name=*`.
  std::string to_string() const;
  // The values joined by commas, or "*" for an abstract empty set.
  std::string values_string() const;

 private:
  // `v in self` for a string value.
  bool has(const std::string& v) const;
  // Every value of `o` is one of ours (types must match for booleans).
  bool has_all_of(const VariantValue& o) const;
};

}  // namespace ciprov::core
