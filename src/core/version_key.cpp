// Sort-key encoding of Spack versions (see version_key.h).
//
// Spack 1.x parses a version into (release, prerelease): release is a tuple
// of numbers and words, prerelease is (kind[, number]) where a trailing
// alpha/beta/rc/final word (optionally followed by a number) is taken out of
// the release. Versions compare as those tuples. The encoding below turns
// the tuple into bytes whose memcmp order is the tuple order.
#include "core/version_key.h"

#include <cstring>

namespace ciprov::core::version_key {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_separator(char c) { return c == '.' || c == '_' || c == '-'; }

std::string strip_zeros(std::string_view digits) {
  std::size_t i = 0;
  while (i + 1 < digits.size() && digits[i] == '0') ++i;
  return std::string(digits.substr(i));
}

// alpha/beta/rc/final as a prerelease kind, or -1.
int prerelease_kind(std::string_view word) {
  if (word == "alpha") return kAlpha;
  if (word == "beta") return kBeta;
  if (word == "rc") return kRc;
  if (word == "final") return kFinal;
  return -1;
}

int infinity_index(std::string_view word) {
  if (word.size() < 4) return -1;  // the shortest word is "head"
  for (int i = 0; i < kInfinityCount; ++i)
    if (word == kInfinityWords[i]) return i;
  return -1;
}

std::string printable(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u < 0x20 || u >= 0x7f) {
    static const char hex[] = "0123456789ABCDEF";
    return std::string("\\x") + hex[u >> 4] + hex[u & 15];
  }
  return std::string(1, c);
}

constexpr std::size_t kMaxDigits = 0xFFFF;

constexpr std::size_t kSmallDigits = 19;  // every 19-digit number fits in 64 bits

void put_number(std::string* out, const std::string& digits) {
  if (digits.size() <= kSmallDigits) {
    std::uint64_t v = 0;
    for (char c : digits) v = v * 10 + static_cast<std::uint64_t>(c - '0');
    int n = 0;
    for (std::uint64_t x = v; x != 0; x >>= 8) ++n;
    out->push_back(static_cast<char>(kNumber + n));
    for (int i = n - 1; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    return;
  }
  out->push_back(static_cast<char>(kBigNumber));
  out->push_back(static_cast<char>(digits.size() >> 8));
  out->push_back(static_cast<char>(digits.size() & 0xFF));
  out->append(digits);
}

// Reads a number (tag included) back into decimal digits.
bool get_number(std::string_view key, std::size_t* pos, std::string* digits) {
  if (*pos >= key.size()) return false;
  auto tag = static_cast<std::uint8_t>(key[(*pos)++]);
  if (tag >= kNumber && tag < kBigNumber) {
    std::size_t n = tag - kNumber;
    if (*pos + n > key.size() || (n > 0 && key[*pos] == '\0')) return false;
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(key[*pos + i]);
    *pos += n;
    *digits = std::to_string(v);
    return digits->size() <= kSmallDigits;
  }
  if (tag != kBigNumber || *pos + 2 > key.size()) return false;
  std::size_t n = (static_cast<unsigned char>(key[*pos]) << 8) |
                  static_cast<unsigned char>(key[*pos + 1]);
  *pos += 2;
  if (n <= kSmallDigits || *pos + n > key.size()) return false;
  digits->assign(key.substr(*pos, n));
  *pos += n;
  if ((*digits)[0] == '0') return false;
  for (char c : *digits)
    if (!is_digit(c)) return false;
  return true;
}

// Decimal increment of a digit string.
std::string increment(std::string digits) {
  for (std::size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return digits;
    }
    digits[i] = '0';
  }
  return "1" + digits;
}

// The next word in Spack's order of letter strings ('A' < 'Z' < 'a' < 'z').
std::string next_word(std::string s) {
  if (s.empty() || s.back() == 'z') return s + "A";
  s.back() = s.back() == 'Z' ? 'a' : static_cast<char>(s.back() + 1);
  return s;
}

}  // namespace

bool parse_standard(std::string_view s, Parts* out, ParseFailure* fail) {
  if (s.empty()) {
    *fail = {"a version cannot be empty", 0};
    return false;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (!is_digit(c) && !is_letter(c) && !is_separator(c)) {
      *fail = {"unexpected character \"" + printable(c) + "\"", i};
      return false;
    }
  }
  // Segments: runs of digits or of letters; separators only split them.
  struct Segment {
    bool number;
    std::string_view text;
    std::size_t at;
  };
  std::vector<Segment> segs;
  for (std::size_t i = 0; i < s.size();) {
    if (is_separator(s[i])) {
      ++i;
      continue;
    }
    bool number = is_digit(s[i]);
    std::size_t j = i;
    while (j < s.size() && (number ? is_digit(s[j]) : is_letter(s[j]))) ++j;
    segs.push_back({number, s.substr(i, j - i), i});
    i = j;
  }
  if (segs.empty()) {
    *fail = {"a version needs at least one digit or letter", 0};
    return false;
  }
  Parts p;
  std::size_t n = segs.size();
  if (n >= 3 && !segs[n - 2].number && prerelease_kind(segs[n - 2].text) >= 0 &&
      segs[n - 1].number) {
    p.pre = static_cast<std::uint8_t>(prerelease_kind(segs[n - 2].text));
    p.has_pre_number = true;
    p.pre_number = strip_zeros(segs[n - 1].text);
    if (p.pre_number.size() > kMaxDigits) {
      *fail = {"number too long", segs[n - 1].at};
      return false;
    }
    n -= 2;
  } else if (n >= 2 && !segs[n - 1].number && prerelease_kind(segs[n - 1].text) >= 0) {
    p.pre = static_cast<std::uint8_t>(prerelease_kind(segs[n - 1].text));
    n -= 1;
  }
  p.release.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    Component c;
    if (segs[k].number) {
      c.tag = kNumber;
      c.data = strip_zeros(segs[k].text);
      if (c.data.size() > kMaxDigits) {
        *fail = {"number too long", segs[k].at};
        return false;
      }
    } else if (int inf = infinity_index(segs[k].text); inf >= 0) {
      c.tag = kInfinity;
      c.infinity = static_cast<std::uint8_t>(inf);
    } else {
      c.tag = kWord;
      c.data = std::string(segs[k].text);
    }
    p.release.push_back(std::move(c));
  }
  *out = std::move(p);
  return true;
}

bool encode_standard_fast(std::string_view s, std::string* key) {
  struct Segment {
    std::uint32_t at, len;
    bool number;
  };
  constexpr std::size_t kMaxSegments = 32;
  Segment segs[kMaxSegments];
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (is_separator(c)) {
      ++i;
      continue;
    }
    bool number = is_digit(c);
    if (!number && !is_letter(c)) return false;
    std::size_t j = i;
    while (j < s.size() && (number ? is_digit(s[j]) : is_letter(s[j]))) ++j;
    if (n == kMaxSegments) return false;
    segs[n++] = {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j - i), number};
    i = j;
  }
  if (n == 0) return false;
  auto text = [&](std::size_t k) { return s.substr(segs[k].at, segs[k].len); };
  // Appends a number unless it needs the big-number form.
  auto put_small = [&](std::string_view digits) {
    std::size_t z = 0;
    while (z + 1 < digits.size() && digits[z] == '0') ++z;
    digits.remove_prefix(z);
    if (digits.size() > kSmallDigits) return false;
    std::uint64_t v = 0;
    for (char c : digits) v = v * 10 + static_cast<std::uint64_t>(c - '0');
    int bytes = 0;
    for (std::uint64_t x = v; x != 0; x >>= 8) ++bytes;
    key->push_back(static_cast<char>(kNumber + bytes));
    for (int b = bytes - 1; b >= 0; --b) key->push_back(static_cast<char>((v >> (8 * b)) & 0xFF));
    return true;
  };
  int pre = kFinal;
  std::size_t release = n;
  bool pre_number = false;
  if (n >= 3 && !segs[n - 2].number && prerelease_kind(text(n - 2)) >= 0 && segs[n - 1].number) {
    pre = prerelease_kind(text(n - 2));
    pre_number = true;
    release = n - 2;
  } else if (n >= 2 && !segs[n - 1].number && prerelease_kind(text(n - 1)) >= 0) {
    pre = prerelease_kind(text(n - 1));
    release = n - 1;
  }
  key->clear();
  key->reserve(s.size() + 6);
  for (std::size_t k = 0; k < release; ++k) {
    std::string_view t = text(k);
    if (segs[k].number) {
      if (!put_small(t)) return false;
    } else if (int inf = infinity_index(t); inf >= 0) {
      key->push_back(static_cast<char>(kInfinity));
      key->push_back(static_cast<char>(inf));
    } else {
      key->push_back(static_cast<char>(kWord));
      key->append(t);
      key->push_back('\0');
    }
  }
  key->push_back(static_cast<char>(kEnd));
  key->push_back(static_cast<char>(pre));
  if (pre_number) {
    key->push_back('\x01');
    if (!put_small(text(n - 1))) return false;
  }
  return true;
}

std::string encode(const Parts& p) {
  std::string key;
  for (const Component& c : p.release) {
    if (c.tag == kWord) {
      key.push_back(static_cast<char>(kWord));
      key.append(c.data);
      key.push_back('\0');
    } else if (c.tag == kNumber) {
      put_number(&key, c.data);
    } else {
      key.push_back(static_cast<char>(kInfinity));
      key.push_back(static_cast<char>(c.infinity));
    }
  }
  key.push_back(static_cast<char>(kEnd));
  key.push_back(static_cast<char>(p.pre));
  if (p.has_pre_number) {
    key.push_back('\x01');
    put_number(&key, p.pre_number);
  }
  return key;
}

bool decode(std::string_view key, Parts* out) {
  Parts p;
  std::size_t pos = 0;
  for (;;) {
    if (pos >= key.size()) return false;
    auto tag = static_cast<std::uint8_t>(key[pos]);
    if (tag == kEnd) {
      ++pos;
      break;
    }
    Component c;
    if (tag >= kNumber && tag <= kBigNumber) {
      c.tag = kNumber;
      if (!get_number(key, &pos, &c.data)) return false;
      p.release.push_back(std::move(c));
      continue;
    }
    ++pos;
    c.tag = tag;
    if (tag == kWord) {
      std::size_t end = key.find('\0', pos);
      if (end == std::string_view::npos || end == pos) return false;
      c.data.assign(key.substr(pos, end - pos));
      for (char ch : c.data)
        if (!is_letter(ch)) return false;
      pos = end + 1;
    } else if (tag == kInfinity) {
      if (pos >= key.size()) return false;
      c.infinity = static_cast<std::uint8_t>(key[pos++]);
    } else {
      return false;
    }
    p.release.push_back(std::move(c));
  }
  if (pos >= key.size()) return false;
  p.pre = static_cast<std::uint8_t>(key[pos++]);
  if (p.pre > kFinal) return false;
  if (pos < key.size()) {
    if (key[pos++] != '\x01') return false;
    p.has_pre_number = true;
    if (!get_number(key, &pos, &p.pre_number)) return false;
  }
  if (pos != key.size()) return false;
  *out = std::move(p);
  return true;
}

Parts next(const Parts& in) {
  Parts p = in;
  if (p.pre != kFinal) {
    // 1.2rc1 -> 1.2rc2, 1.2rc -> 1.2rc0
    p.pre_number = p.has_pre_number ? increment(p.pre_number) : "0";
    p.has_pre_number = true;
  } else if (p.release.empty()) {
    Component c;
    c.tag = kWord;
    c.data = "A";
    p.release.push_back(c);
  } else {
    Component& last = p.release.back();
    if (last.tag == kNumber) {
      last.data = increment(last.data);
    } else if (last.tag == kInfinity) {
      ++last.infinity;
    } else {
      // The next letter string that is not an infinity word.
      do last.data = next_word(last.data);
      while (infinity_index(last.data) >= 0);
    }
  }
  return p;
}

void put_varint(std::string* out, std::uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void put_bytes(std::string* out, std::string_view b) {
  put_varint(out, b.size());
  out->append(b);
}

bool get_varint(std::string_view in, std::size_t* pos, std::uint64_t* v) {
  std::uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*pos >= in.size()) return false;
    auto byte = static_cast<std::uint8_t>(in[(*pos)++]);
    result |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

bool get_bytes(std::string_view in, std::size_t* pos, std::string_view* b) {
  std::uint64_t n = 0;
  if (!get_varint(in, pos, &n) || n > in.size() - *pos) return false;
  *b = in.substr(*pos, n);
  *pos += n;
  return true;
}

namespace {
inline std::uint64_t mix(std::uint64_t x) {
  // splitmix64 finalizer
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}
}  // namespace

std::uint64_t hash_bytes(std::string_view b, std::uint64_t seed) {
  std::uint64_t h = mix(seed ^ (b.size() * 0x9E3779B97F4A7C15ULL));
  std::size_t i = 0;
  for (; i + 8 <= b.size(); i += 8) {
    std::uint64_t k;
    std::memcpy(&k, b.data() + i, 8);
    h = mix(h ^ k) + 0x9E3779B97F4A7C15ULL;
  }
  std::uint64_t tail = 0;
  for (std::size_t j = 0; i + j < b.size(); ++j)
    tail |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(b[i + j])) << (8 * j);
  return mix(h ^ tail ^ 0xFF);
}

std::uint64_t hash_combine(std::uint64_t h, std::uint64_t v) {
  return mix(h ^ (v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2)));
}

}  // namespace ciprov::core::version_key
