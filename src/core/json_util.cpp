#include "core/json_util.h"

namespace ciprov::core::json_util {

std::optional<std::uint64_t> non_negative_integer(const nlohmann::json& value) noexcept {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0)
    return static_cast<std::uint64_t>(value.get<std::int64_t>());
  return std::nullopt;
}

std::optional<std::int64_t> integer_in(const nlohmann::json& value, std::int64_t min, std::int64_t max) noexcept {
  if (const std::optional<std::uint64_t> u = non_negative_integer(value)) {
    if (max < 0 || *u > static_cast<std::uint64_t>(max)) return std::nullopt;
    const auto i = static_cast<std::int64_t>(*u);
    return i < min ? std::nullopt : std::optional<std::int64_t>(i);
  }
  if (!value.is_number_integer()) return std::nullopt;
  const std::int64_t i = value.get<std::int64_t>();
  return i < min || i > max ? std::nullopt : std::optional<std::int64_t>(i);
}

const char* type_name(const nlohmann::json& value) noexcept {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return "a number";
    default:
      return "an unsupported value";
  }
}

std::string pointer_token(const std::string& key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

}  // namespace ciprov::core::json_util
