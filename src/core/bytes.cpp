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

void Writer::optional_text(const std::optional<std::string>& s) {
  if (!s) {
    varint(0);
    return;
  }
  varint(s->size() + 1);
  raw(*s);
}

std::uint8_t Reader::byte() {
  if (pos_ >= in_.size()) fail("truncated");
  return static_cast<std::uint8_t>(in_[pos_++]);
}

std::uint64_t Reader::varint() {
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

std::string_view Reader::take(std::uint64_t n) {
  if (n > in_.size() - pos_) fail("length beyond the end");
  std::string_view s = in_.substr(pos_, static_cast<std::size_t>(n));
  pos_ += static_cast<std::size_t>(n);
  return s;
}

std::string_view Reader::text() { return take(varint()); }

std::optional<std::string_view> Reader::optional_text() {
  std::uint64_t tag = varint();
  if (tag == 0) return std::nullopt;
  return take(tag - 1);
}

void Reader::fail(const char* reason) const {
  throw Error(sqlstate::kInvalidBinaryRepresentation, std::string("corrupt ") + what_ + ": " + reason);
}

}  // namespace ciprov::core::bytes
