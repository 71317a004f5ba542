// Small helpers shared by every validator that reads JSON with nlohmann:
// the wording of "expected X, got Y" and JSON pointers (RFC 6901) in errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace ciprov::core::json_util {

// "an object", "a string", "null", ... for error messages.
const char* type_name(const nlohmann::json& value) noexcept;

// The readings of a JSON integer, whether nlohmann holds it signed or
// unsigned (it reads 0 to 2^64 - 1 as unsigned), so that no caller
// converts a large unsigned value to a signed type and sees it wrap:
// any non-negative integer (nullopt for anything else) ...
std::optional<std::uint64_t> non_negative_integer(const nlohmann::json& value) noexcept;
// ... and an integer from min to max (nullopt for anything else).
std::optional<std::int64_t> integer_in(const nlohmann::json& value, std::int64_t min, std::int64_t max) noexcept;

// One reference token of a JSON pointer: '~' -> "~0", '/' -> "~1".
std::string pointer_token(const std::string& key);

}  // namespace ciprov::core::json_util
