// See rollup_model.h.
#include "core/rollup_model.h"

#include "core/testpath.h"

namespace ciprov::core::rollup {

Status status_of(const Text& text) {
  static const char* const kNames[] = {"FAIL", "ERROR", "MISS", "PASS", "DONE", "SKIP"};
  if (text) {
    for (int i = 0; i < 6; ++i)
      if (*text == kNames[i]) return static_cast<Status>(i);
  }
  return kNull;
}

Text path_group(const Text& path) {
  if (!path) return std::nullopt;
  std::optional<std::string_view> group = testpath::group(*path);
  if (!group) return std::nullopt;
  return std::string(*group);
}

bool TestState::operator==(const TestState& o) const {
  return build_id == o.build_id && path == o.path && platform == o.platform && compatible == o.compatible &&
         status == o.status && start == o.start;
}

bool BuildAttrs::operator==(const BuildAttrs& o) const {
  return checkout_id == o.checkout_id && architecture == o.architecture && config_name == o.config_name &&
         compiler == o.compiler && status == o.status;
}

bool CheckoutAttrs::operator==(const CheckoutAttrs& o) const {
  return tree_name == o.tree_name && branch == o.branch && commit == o.commit;
}

}  // namespace ciprov::core::rollup
