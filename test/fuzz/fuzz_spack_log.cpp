// Build-log parsing never crashes, and every event lies inside the log with
// at most `context` lines around it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/spack_log.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  int context = size > 0 ? data[0] % 8 : 0;
  int prev = 0;
  for (const auto& e : ciprov::core::spack::parse_build_log(text, context)) {
    if (e.line_no <= prev) std::abort();
    prev = e.line_no;
    if (e.pre_context.size() > static_cast<std::size_t>(context) ||
        e.post_context.size() > static_cast<std::size_t>(context))
      std::abort();
  }
  return 0;
}
