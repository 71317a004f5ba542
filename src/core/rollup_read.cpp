// See rollup_read.h.
#include "core/rollup_read.h"

#include <algorithm>

#include "core/error.h"

namespace ciprov::core::rollup {

namespace {
constexpr const char* kStatusKeys[] = {"FAIL", "ERROR", "MISS", "PASS", "DONE", "SKIP", "NULL"};
constexpr const char* kStatusColumns[] = {"fail", "error", "miss", "pass", "done", "skip", "null"};
constexpr const char* kKindNames[] = {"build", "boot", "test"};
}  // namespace

const char* status_key(Status s) { return kStatusKeys[s]; }

const char* kind_name(Kind k) { return kKindNames[k]; }

std::string cell_column(int cell) {
  return std::string(kKindNames[cell / 7]) + "_" + kStatusColumns[cell % 7];
}

Kind kind_of(std::string_view name) {
  for (int k = kBuild; k <= kTest; ++k)
    if (name == kKindNames[k]) return static_cast<Kind>(k);
  throw Error(sqlstate::kInvalidParameterValue, "unknown rollup kind " + quoted(std::string(name)),
              {}, "A kind is build, boot or test.");
}

std::int64_t kind_total(const Cells& cells, Kind k) {
  std::int64_t n = 0;
  for (int s = kFail; s <= kNull; ++s) n += cells[static_cast<std::size_t>(k * 7 + s)];
  return n;
}

std::int64_t total(const Cells& cells) {
  std::int64_t n = 0;
  for (std::int64_t c : cells) n += c;
  return n;
}

std::optional<Status> worst(const Cells& cells, Kind k) {
  for (int s = kFail; s < kNull; ++s)
    if (cells[static_cast<std::size_t>(k * 7 + s)] > 0) return static_cast<Status>(s);
  return std::nullopt;
}

std::int32_t to_int4(std::int64_t n) {
  if (n > INT32_MAX || n < INT32_MIN)
    throw Error(sqlstate::kNumericValueOutOfRange,
                "rollup count " + std::to_string(n) + " is out of range for type integer");
  return static_cast<std::int32_t>(n);
}

void Sums::add(char rollup, std::optional<std::string_view> value, const Cells& cells, int times) {
  key_.assign(1, rollup);
  if (value) {
    key_ += 'v';
    key_.append(value->data(), value->size());
  } else {
    key_ += 'n';
  }
  auto it = groups_.find(key_);
  if (it == groups_.end()) {
    Group g{rollup, value ? std::optional<std::string>(std::string(*value)) : std::nullopt, {}};
    g.cells.fill(0);
    it = groups_.emplace(key_, std::move(g)).first;
  }
  Cells& sum = it->second.cells;
  for (std::size_t i = 0; i < kCells; ++i) sum[i] += cells[i] * times;
}

std::vector<const Sums::Group*> Sums::sorted(std::string_view rollup_order, bool nulls_last) const {
  std::vector<const Group*> out;
  out.reserve(groups_.size());
  for (const auto& [key, g] : groups_) out.push_back(&g);
  auto rank = [rollup_order](char r) {
    std::size_t p = rollup_order.find(r);
    return p == std::string_view::npos ? rollup_order.size() + static_cast<unsigned char>(r) : p;
  };
  std::sort(out.begin(), out.end(), [&rank, nulls_last](const Group* a, const Group* b) {
    std::size_t ra = rank(a->rollup), rb = rank(b->rollup);
    if (ra != rb) return ra < rb;
    if (!a->value || !b->value) return nulls_last ? a->value && !b->value : !a->value && b->value;
    return *a->value < *b->value;  // std::string compares bytes as unsigned char
  });
  return out;
}

}  // namespace ciprov::core::rollup
