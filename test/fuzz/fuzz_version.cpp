// libFuzzer: ciprov.version text -> value -> text -> value must round-trip,
// the binary form must decode to an equal value, and nothing may crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/error.h"
#include "core/version.h"
#include "core/version_key.h"

using ciprov::core::Error;
using ciprov::core::Version;
using ciprov::core::VersionView;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // The fast key encoder agrees with the general parser, or defers to it.
  {
    namespace vk = ciprov::core::version_key;
    vk::Parts parts;
    vk::ParseFailure fail;
    std::string fast;
    bool general = vk::parse_standard(input, &parts, &fail);
    if (vk::encode_standard_fast(input, &fast) && (!general || fast != vk::encode(parts))) std::abort();
  }
  Version v;
  try {
    v = Version::parse(input);
  } catch (const Error& e) {
    if (e.sqlstate() != "22P02") std::abort();
    return 0;
  }
  Version again = Version::parse(v.text());
  if (again != v || again.text() != v.text() || again.compare(v) != 0) std::abort();
  if (again.hash(9) != v.hash(9)) std::abort();
  VersionView view;
  std::string bytes = v.serialize();
  if (!Version::decode(bytes, &view) || view.compare(v.view()) != 0) std::abort();
  Version back = Version::deserialize(bytes);
  if (back != v || back.text() != v.text()) std::abort();
  // Standard versions: next() is strictly above and covers the prefix.
  if (!v.is_git()) {
    if (!(v.key() < v.next_key())) std::abort();
    if (!v.is_prefix_of(v)) std::abort();
    if (Version::from_standard_key(v.next_key()).key() != v.next_key()) std::abort();
  }
  // Arbitrary bytes must never crash the decoder.
  VersionView junk;
  (void)Version::decode(input, &junk);
  return 0;
}
