// Compact binary encoding for the values ciprov packs into bytea columns
// (rollup counter sets, rollup test runs): unsigned LEB128 varints, zigzag
// for signed numbers, and optional byte strings written as a varint tag
// (0: absent, n + 1: n bytes follow). The Reader checks every length
// against what is left, so a damaged value is an error, never a read past
// its end, and accepts one encoding per number (so what it reads encodes
// back to the same bytes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ciprov::core::bytes {

class Writer {
 public:
  void byte(std::uint8_t b) { out_.push_back(static_cast<char>(b)); }
  void varint(std::uint64_t v);
  void signed_varint(std::int64_t v) {  // zigzag: small magnitudes stay short
    const std::uint64_t u = static_cast<std::uint64_t>(v);
    varint((u << 1) ^ (0 - (u >> 63)));  // (the sign spread without a signed shift)
  }
  void text(std::string_view s);                        // length, then bytes
  void optional_text(const std::optional<std::string_view>& s);  // tag, then bytes
  void raw(std::string_view s) { out_.append(s.data(), s.size()); }

  std::string& str() { return out_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  // `what` names the value in errors ("rollup counter set").
  Reader(std::string_view in, const char* what) : in_(in), what_(what) {}
  // (it keeps a view of its input: a temporary string would be gone
  // before the first read)
  Reader(std::string&&, const char*) = delete;

  bool done() const { return pos_ == in_.size(); }
  std::string_view rest() const { return in_.substr(pos_); }  // what is not read yet
  // (inline: the readers' hot loop decodes millions of these)
  std::uint8_t byte() {
    if (pos_ >= in_.size()) fail("truncated");
    return static_cast<std::uint8_t>(in_[pos_++]);
  }
  std::uint64_t varint() {
    if (pos_ < in_.size() && static_cast<std::uint8_t>(in_[pos_]) < 0x80)
      return static_cast<std::uint8_t>(in_[pos_++]);  // (one byte: the common case)
    return long_varint();
  }
  std::int64_t signed_varint() {
    std::uint64_t z = varint();
    return static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
  }
  std::string_view text() { return take(varint()); }
  std::optional<std::string_view> optional_text() {
    std::uint64_t tag = varint();
    if (tag == 0) return std::nullopt;
    return take(tag - 1);
  }
  // Throws the 22P03 error for this value: "corrupt <what>: <reason>".
  [[noreturn]] void fail(const char* reason) const;

 private:
  std::uint64_t long_varint();
  std::string_view take(std::uint64_t n) {
    if (n > in_.size() - pos_) fail("length beyond the end");
    std::string_view s = in_.substr(pos_, static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return s;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  const char* what_;
};

// Byte strings copied into one growing buffer, each named by where it
// sits (a Slice): a reader that keeps many short strings past the rows
// they came from (test ids, build ids, paths) makes one allocation for
// them all, not one each. A Slice stays valid as the pool grows; a view
// from get() only until the next put().
class Pool {
 public:
  struct Slice {
    std::size_t at = 0, size = 0;
  };
  void reserve(std::size_t n) { buffer_.reserve(n); }
  std::size_t size() const { return buffer_.size(); }  // (the bytes of every string put)
  Slice put(std::string_view b) {
    Slice s{buffer_.size(), b.size()};
    buffer_.append(b.data(), b.size());
    return s;
  }
  std::optional<Slice> put_optional(const std::optional<std::string_view>& b) {
    if (!b) return std::nullopt;
    return put(*b);
  }
  std::string_view get(Slice s) const { return std::string_view(buffer_).substr(s.at, s.size); }
  std::optional<std::string_view> get_optional(const std::optional<Slice>& s) const {
    if (!s) return std::nullopt;
    return get(*s);
  }

 private:
  std::string buffer_;
};

}  // namespace ciprov::core::bytes
