#include "core/testpath.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/error.h"

namespace ciprov::core::testpath {

namespace {

// 1-based character position of byte offset `at` in UTF-8 text.
std::size_t char_position(std::string_view text, std::size_t at) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < at && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
  return chars + 1;
}

// The whole (possibly multi-byte) character starting at byte `at`.
std::string char_at(std::string_view text, std::size_t at) {
  std::size_t end = at + 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80 &&
         end - at < 4)
    ++end;
  return std::string(text.substr(at, end - at));
}

// Byte offset and reason of the first problem; npos when the text is valid.
struct Problem {
  std::size_t at = std::string_view::npos;
  const char* reason = nullptr;
};

Problem find_problem(std::string_view text) noexcept {
  bool segment_empty = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '.') {
      if (segment_empty) return {i, "empty segment"};
      segment_empty = true;
    } else if (is_segment_char(c)) {
      segment_empty = false;
    } else {
      return {i, "invalid character"};
    }
  }
  if (!text.empty() && segment_empty) return {text.size(), "empty segment"};
  return {};
}

// The sort key of a byte: '.' below every segment character.
inline unsigned key(char c) { return c == '.' ? 1u : static_cast<unsigned char>(c); }

}  // namespace

void validate(std::string_view text) {
  Problem p = find_problem(text);
  if (p.reason == nullptr) return;
  std::string reason = p.reason;
  if (p.at < text.size() && text[p.at] != '.')
    reason = "character " + quoted(char_at(text, p.at)) +
             " is not allowed in a test path segment (allowed: A-Z a-z 0-9 _ -)";
  else
    reason = "empty segment (segments are separated by single dots)";
  throw invalid_text(kTypeName, std::string(text), reason, char_position(text, p.at));
}

bool is_valid(std::string_view text) noexcept { return find_problem(text).reason == nullptr; }

int compare(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = std::min(a.size(), b.size());
  // The common prefix 8 bytes at a time (paths share long ones: the
  // btree's and the readers' sorts spend their time here), then bytes.
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) break;
  }
  while (i < n && a[i] == b[i]) ++i;
  if (i == n) return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
  return key(a[i]) < key(b[i]) ? -1 : 1;
}

bool contains(std::string_view ancestor, std::string_view p) noexcept {
  if (ancestor.empty()) return true;
  if (p.size() < ancestor.size() || p.compare(0, ancestor.size(), ancestor) != 0) return false;
  return p.size() == ancestor.size() || p[ancestor.size()] == '.';
}

std::size_t nlevel(std::string_view p) noexcept {
  if (p.empty()) return 0;
  return static_cast<std::size_t>(std::count(p.begin(), p.end(), '.')) + 1;
}

std::string subtree_end(std::string_view p) {
  if (p.empty()) return kAfterAll;
  std::string end(p);
  end += '-';
  return end;
}

std::string concat(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  if (b.empty()) return std::string(a);
  std::string out;
  out.reserve(a.size() + 1 + b.size());
  out.append(a).append(1, '.').append(b);
  return out;
}

std::string subpath(std::string_view p, long offset, std::optional<long> len) {
  // Segment boundaries: segment i is [starts[i], starts[i+1] - 1).
  std::vector<std::size_t> starts;
  if (!p.empty()) {
    starts.push_back(0);
    for (std::size_t i = 0; i < p.size(); ++i)
      if (p[i] == '.') starts.push_back(i + 1);
  }
  const long levels = static_cast<long>(starts.size());
  starts.push_back(p.size() + 1);

  long start = offset < 0 ? levels + offset : offset;
  long end;
  if (!len)
    end = levels;
  else if (*len < 0)
    end = levels + *len;
  else
    end = start + *len;
  if (start < 0 || start >= levels || end < 0 || start > end)
    throw Error(sqlstate::kInvalidParameterValue, "invalid positions",
                "ciprov.subpath of a path with " + std::to_string(levels) +
                    " segments cannot start at offset " + std::to_string(offset) +
                    (len ? " with length " + std::to_string(*len) : std::string()) + ".");
  end = std::min(end, levels);
  if (start == end) return {};
  std::size_t from = starts[start];
  std::size_t to = starts[end] - 1;
  return std::string(p.substr(from, to - from));
}

std::optional<std::string_view> parent(std::string_view p) noexcept {
  if (p.empty()) return std::nullopt;
  std::size_t dot = p.rfind('.');
  if (dot == std::string_view::npos) return std::string_view();
  return p.substr(0, dot);
}

std::optional<std::string_view> group(std::string_view p) noexcept {
  if (p.empty()) return std::nullopt;
  return p.substr(0, p.find('.'));
}

}  // namespace ciprov::core::testpath
