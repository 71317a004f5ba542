#include "pg/kcidb_jsonb.h"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/interrupt.h"
#include "pg/datum.h"

extern "C" {
#include "utils/builtins.h"
#include "utils/numeric.h"
}

namespace ciprov::pg {

using nlohmann::json;

namespace {

constexpr std::size_t kLogExcerptMax = 16384;

bool within_excerpt_limit(const char* s, int len) {
  if (static_cast<std::size_t>(len) <= kLogExcerptMax) return true;
  std::size_t chars = 0;
  for (int i = 0; i < len; ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++chars;
  return chars <= kLogExcerptMax;
}

json scalar(const JsonbValue& v) {
  switch (v.type) {
    case jbvBinary:  // a container left unread (for_validation "misc")
      return JsonContainerIsObject(v.val.binary.data) ? json::object() : json::array();
    case jbvNull:
      return nullptr;
    case jbvBool:
      return static_cast<bool>(v.val.boolean);
    case jbvString:
      return std::string(v.val.string.val, v.val.string.len);
    case jbvNumeric: {
      Numeric n = v.val.numeric;
      Datum d = guarded(
          [n] { return DirectFunctionCall1(numeric_float8_no_overflow, NumericGetDatum(n)); });
      double x = DatumGetFloat8(d);
      if (!std::isfinite(x) || x != std::trunc(x)) return x;
      // Integral value: an integer only if written as one ("1", not "1.0"
      // or "1e0"), and then with the value nlohmann gives the same text: a
      // signed integer if it fits (nlohmann holds a non-negative one as
      // unsigned; the two compare and print alike), else an unsigned one,
      // else a double.
      const char* text = DatumGetCString(
          guarded([n] { return DirectFunctionCall1(numeric_out, NumericGetDatum(n)); }));
      if (std::strpbrk(text, ".eE") != nullptr) return x;
      char* end = nullptr;
      errno = 0;
      const long long i = std::strtoll(text, &end, 10);
      if (errno == 0 && *end == '\0') return static_cast<std::int64_t>(i);
      errno = 0;
      const unsigned long long u = text[0] == '-' ? 0 : std::strtoull(text, &end, 10);
      if (text[0] != '-' && errno == 0 && *end == '\0') return static_cast<std::uint64_t>(u);
      return x;
    }
    default:
      return nullptr;
  }
}

}  // namespace

json jsonb_to_json(Jsonb* jb, bool for_validation) {
  JsonbContainer* root = &jb->root;
  JsonbIterator* it = guarded([root] { return JsonbIteratorInit(root); });
  json result;
  std::vector<json*> stack;  // the open containers
  std::string key;
  bool after_key = false;
  core::InterruptTicker ticker(4096);
  for (;;) {
    JsonbValue v;
    JsonbValue* vp = &v;
    JsonbIterator** itp = &it;
    // Only the value right after the key "misc" is skipped, never a later
    // container (the key stays set until the next one is read).
    bool skip = for_validation && after_key && key == "misc";
    auto token = static_cast<JsonbIteratorToken>(
        guarded([itp, vp, skip] { return static_cast<int>(JsonbIteratorNext(itp, vp, skip)); }));
    if (token == WJB_DONE) break;
    after_key = token == WJB_KEY;
    ticker.tick();
    switch (token) {
      case WJB_BEGIN_ARRAY:
      case WJB_BEGIN_OBJECT: {
        json fresh = token == WJB_BEGIN_ARRAY ? json::array() : json::object();
        json* slot;
        if (stack.empty()) {
          result = std::move(fresh);
          slot = &result;
        } else if (stack.back()->is_array()) {
          stack.back()->push_back(std::move(fresh));
          slot = &stack.back()->back();
        } else {
          slot = &(*stack.back())[key];
          *slot = std::move(fresh);
        }
        stack.push_back(slot);
        break;
      }
      case WJB_END_ARRAY:
      case WJB_END_OBJECT:
        stack.pop_back();
        break;
      case WJB_KEY:
        key.assign(v.val.string.val, v.val.string.len);
        break;
      case WJB_VALUE:
        if (for_validation && v.type == jbvString && key == "log_excerpt" &&
            within_excerpt_limit(v.val.string.val, v.val.string.len))
          (*stack.back())[key] = std::string();
        else
          (*stack.back())[key] = scalar(v);
        break;
      case WJB_ELEM:
        // A raw scalar document is an array of one element flagged scalar.
        if (JB_ROOT_IS_SCALAR(jb) && stack.size() == 1) {
          result = scalar(v);
          stack.clear();
          stack.push_back(&result);
        } else {
          stack.back()->push_back(scalar(v));
        }
        break;
      default:
        break;
    }
  }
  return result;
}

Datum json_to_jsonb(const json& value) {
  std::string text = value.dump();
  const char* cstr = make_cstring(text);
  return guarded([cstr] { return DirectFunctionCall1(jsonb_in, CStringGetDatum(cstr)); });
}

}  // namespace ciprov::pg
