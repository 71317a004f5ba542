#include "core/error.h"

#include <cstdio>

namespace ciprov::core {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

Error invalid_text(const std::string& type_name, const std::string& input,
                   const std::string& reason, std::size_t position) {
  return Error(sqlstate::kInvalidTextRepresentation,
               "invalid input syntax for type " + type_name + ": " + quoted(input),
               reason + " at position " + std::to_string(position) + ".");
}

}  // namespace ciprov::core
