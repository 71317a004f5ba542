// See bytes.h.
#include "core/bytes.h"

#include "core/error.h"

namespace ciprov::core::bytes {

void Writer::varint(std::uint64_t v) {
  while (v >= 0x80) {
    byte(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  byte(static_cast<std::uint8_t>(v));
}

void Writer::text(std::string_view s) {
  varint(s.size());
  raw(s);
}

void Writer::optional_text(const std::optional<std::string_view>& s) {
  if (!s) {
    varint(0);
    return;
  }
  varint(s->size() + 1);
  raw(*s);
}

std::uint64_t Reader::long_varint() {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    std::uint8_t b = byte();
    // (one encoding per number: no trailing zero groups, no bits past 64)
    if ((b == 0 && shift > 0) || (shift == 63 && b > 1)) fail("overlong varint");
    v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return v;
  }
  fail("overlong varint");
}

void Reader::fail(const char* reason) const {
  throw Error(sqlstate::kInvalidBinaryRepresentation, std::string("corrupt ") + what_ + ": " + reason);
}

}  // namespace ciprov::core::bytes
