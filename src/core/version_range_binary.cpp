// ciprov.version_range binary form: serialization, and membership tested
// straight on stored bytes without building the set.
#include "core/error.h"
#include "core/version_key.h"
#include "core/version_range.h"
#include "core/version_range_item.h"

namespace ciprov::core {
namespace vk = version_key;
using namespace version_range_detail;

std::string VersionRange::serialize() const {
  std::string out;
  out.push_back(static_cast<char>(kFormat));
  vk::put_varint(&out, items_.size());
  for (const Item& it : items_) {
    out.push_back(static_cast<char>(it.is_range()      ? kIntervalItem
                                    : it.is_concrete() ? kVersionItem
                                                       : kConstrainedRefItem));
    if (it.version) vk::put_bytes(&out, it.version->serialize());
    if (it.interval) {
      const Interval& iv = *it.interval;
      vk::put_bytes(&out, iv.lo_key);
      vk::put_bytes(&out, iv.hi_key);
      vk::put_bytes(&out, iv.hi_open_key);
      vk::put_bytes(&out, iv.lo_text);
      vk::put_bytes(&out, iv.hi_text);
    }
  }
  return out;
}

namespace {
[[noreturn]] void bad_binary() {
  throw Error(sqlstate::kInvalidBinaryRepresentation, "invalid binary data for type ciprov.version_range");
}

// Walks serialized items; fn(ItemView, raw fields) returns true to stop.
template <typename Fn>
void for_each_serialized(std::string_view bytes, Fn&& fn) {
  if (bytes.empty() || static_cast<std::uint8_t>(bytes[0]) != kFormat) bad_binary();
  std::size_t pos = 1;
  std::uint64_t n = 0;
  if (!vk::get_varint(bytes, &pos, &n)) bad_binary();
  for (std::uint64_t i = 0; i < n; ++i) {
    if (pos >= bytes.size()) bad_binary();
    auto kind = static_cast<std::uint8_t>(bytes[pos++]);
    if (kind < kIntervalItem || kind > kConstrainedRefItem) bad_binary();
    // f[0]: serialized version; f[1..5]: lo, hi, hi_open keys, lo, hi texts
    ItemView view;
    std::string_view f[6];
    if (kind != kIntervalItem) {
      view.has_version = true;
      if (!vk::get_bytes(bytes, &pos, &f[0]) || !Version::decode(f[0], &view.version)) bad_binary();
      if (kind == kConstrainedRefItem && view.version.kind != VersionKind::kGitRef) bad_binary();
    }
    if (kind != kVersionItem) {
      for (int i = 1; i <= 5; ++i)
        if (!vk::get_bytes(bytes, &pos, &f[i])) bad_binary();
      view.interval = true;
      view.lo = f[1];
      view.hi_open = f[3];
    }
    if (fn(view, f)) return;
  }
  if (pos != bytes.size()) bad_binary();
}
}  // namespace

bool VersionRange::contains_serialized(std::string_view bytes, const VersionView& v) {
  bool found = false;
  for_each_serialized(bytes, [&](const ItemView& item, const std::string_view*) {
    found = item_contains(item, v);
    return found;
  });
  return found;
}

VersionRange VersionRange::deserialize(std::string_view bytes) {
  VersionRange r;
  for_each_serialized(bytes, [&](const ItemView& view, const std::string_view* f) {
    Item it;
    if (view.interval) {
      Interval iv;
      iv.lo_key = std::string(f[1]);
      iv.hi_key = std::string(f[2]);
      iv.hi_open_key = std::string(f[3]);
      iv.lo_text = std::string(f[4]);
      iv.hi_text = std::string(f[5]);
      it.interval = std::move(iv);
    }
    if (view.has_version) it.version = Version::deserialize(f[0]);
    r.items_.push_back(std::move(it));
    return false;
  });
  return r;
}

}  // namespace ciprov::core
