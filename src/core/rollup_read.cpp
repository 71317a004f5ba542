// See rollup_read.h.
#include "core/rollup_read.h"

#include <algorithm>

#include "core/error.h"
#include "core/rollup_packed.h"

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
  auto r = std::find_if(rollups_.begin(), rollups_.end(), [rollup](const Rollup& x) { return x.code == rollup; });
  if (r == rollups_.end()) r = rollups_.insert(rollups_.end(), Rollup{rollup, {}, 0});
  std::vector<Group>& groups = r->groups;
  // From the last group touched when the value comes after it (rows of one
  // packed set ascend), else from the start.
  // (value_less: the packed sets' own order, NULL first, then bytes)
  std::size_t i = r->next > 0 && value_less(view(groups[r->next - 1].value), value) ? r->next : 0;
  while (i < groups.size() && value_less(view(groups[i].value), value)) ++i;
  const bool found = i < groups.size() && !value_less(value, view(groups[i].value));
  if (!found) {
    Group g{rollup, value ? std::optional<std::string>(std::string(*value)) : std::nullopt, {}};
    g.cells.fill(0);
    groups.insert(groups.begin() + static_cast<std::ptrdiff_t>(i), std::move(g));
  }
  Cells& sum = groups[i].cells;
  for (std::size_t c = 0; c < kCells; ++c) sum[c] += cells[c] * times;
  r->next = i + 1;
}

std::size_t Sums::size() const {
  std::size_t n = 0;
  for (const Rollup& r : rollups_) n += r.groups.size();
  return n;
}

std::vector<const Sums::Group*> Sums::sorted(std::string_view rollup_order, bool nulls_last) const {
  std::vector<const Rollup*> order;
  for (const Rollup& r : rollups_) order.push_back(&r);
  auto rank = [rollup_order](char r) {
    std::size_t p = rollup_order.find(r);
    return p == std::string_view::npos ? rollup_order.size() + static_cast<unsigned char>(r) : p;
  };
  std::sort(order.begin(), order.end(), [&rank](const Rollup* a, const Rollup* b) { return rank(a->code) < rank(b->code); });
  std::vector<const Group*> out;
  out.reserve(size());
  for (const Rollup* r : order) {
    auto first = r->groups.begin();
    const bool null_first = first != r->groups.end() && !first->value;
    if (null_first && nulls_last) ++first;
    for (auto g = first; g != r->groups.end(); ++g) out.push_back(&*g);
    if (null_first && nulls_last) out.push_back(&r->groups.front());
  }
  return out;
}

}  // namespace ciprov::core::rollup
