// See rollup_packed.h.
#include "core/rollup_packed.h"

#include "core/error.h"

namespace ciprov::core::rollup {

namespace {

constexpr const char kWhat[] = "rollup counter set";

bool all_zero(const Cells& cells) {
  for (std::int64_t c : cells)
    if (c != 0) return false;
  return true;
}

void write_row(bytes::Writer& out, const std::optional<std::string_view>& value, const Cells& cells) {
  if (value) {
    out.varint(value->size() + 1);
    out.raw(*value);
  } else {
    out.varint(0);
  }
  std::uint64_t bitmap = 0;
  for (int i = 0; i < kCells; ++i)
    if (cells[static_cast<std::size_t>(i)] != 0) bitmap |= std::uint64_t{1} << i;
  out.varint(bitmap);
  for (std::int64_t c : cells)
    if (c != 0) out.signed_varint(c);
}

}  // namespace

bool value_less(const std::optional<std::string_view>& a, const std::optional<std::string_view>& b) {
  if (!a || !b) return !a && b;
  return *a < *b;  // std::string_view compares bytes as unsigned char
}

std::string pack_counts(const std::vector<CountRow>& rows) {
  std::vector<const CountRow*> kept;
  for (const CountRow& r : rows) {
    if (!kept.empty() && !value_less(view(kept.back()->value), view(r.value)))
      throw Error(sqlstate::kInternalError, "rollup counter rows out of order");
    if (!all_zero(r.cells)) kept.push_back(&r);
  }
  bytes::Writer out;
  out.byte(kPackedFormat);
  out.varint(kept.size());
  for (const CountRow* r : kept) write_row(out, view(r->value), r->cells);
  return out.take();
}

std::vector<CountRow> unpack_counts(std::string_view packed) {
  CountReader in(packed);
  std::vector<CountRow> rows;
  rows.reserve(static_cast<std::size_t>(in.size()));
  while (in.next()) {
    Text value;
    if (in.value()) value = std::string(*in.value());
    rows.push_back(CountRow{std::move(value), in.cells()});
  }
  return rows;
}

std::string add_counts(std::string_view a, std::string_view b) {
  CountReader ra(a), rb(b);
  // (rows are written into `body` and counted; the header goes in front)
  bytes::Writer body;
  std::uint64_t n = 0;
  auto emit = [&body, &n](const std::optional<std::string_view>& value, const Cells& cells) {
    if (all_zero(cells)) return;  // (cancelled out)
    write_row(body, value, cells);
    ++n;
  };
  bool more_a = ra.next(), more_b = rb.next();
  while (more_a || more_b) {
    if (more_a && (!more_b || value_less(ra.value(), rb.value()))) {
      emit(ra.value(), ra.cells());
      more_a = ra.next();
    } else if (more_b && (!more_a || value_less(rb.value(), ra.value()))) {
      emit(rb.value(), rb.cells());
      more_b = rb.next();
    } else {
      Cells sum = ra.cells();
      for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += rb.cells()[i];
      emit(ra.value(), sum);
      more_a = ra.next();
      more_b = rb.next();
    }
  }
  bytes::Writer out;
  out.byte(kPackedFormat);
  out.varint(n);
  out.raw(body.str());
  return out.take();
}

CountReader::CountReader(std::string_view packed) : in_(packed, kWhat) {
  if (in_.byte() != kPackedFormat) in_.fail("unknown format version");
  n_ = in_.varint();
  // (a row takes at least 2 bytes: a count the rest cannot hold is damage,
  // and callers may reserve room for n rows)
  if (n_ > in_.rest().size() / 2) in_.fail("row count beyond the end");
}

bool CountReader::next() {
  if (read_ == n_) {
    if (!in_.done()) in_.fail("bytes after the last row");
    return false;
  }
  std::optional<std::string_view> value = in_.optional_text();
  if (read_ > 0 && !value_less(value_, value)) in_.fail("rows out of order");
  value_ = value;
  std::uint64_t bitmap = in_.varint();
  if (bitmap == 0 || bitmap >> kCells != 0) in_.fail("bad cell bitmap");
  for (int i = 0; i < kCells; ++i) {
    std::int64_t c = (bitmap >> i & 1) != 0 ? in_.signed_varint() : 0;
    if (c == 0 && (bitmap >> i & 1) != 0) in_.fail("zero cell marked non-zero");
    cells_[static_cast<std::size_t>(i)] = c;
  }
  ++read_;
  return true;
}

}  // namespace ciprov::core::rollup
