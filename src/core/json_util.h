// Small helpers shared by every validator that reads JSON with nlohmann:
// the wording of "expected X, got Y" and JSON pointers (RFC 6901) in errors.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace ciprov::core::json_util {

// "an object", "a string", "null", ... for error messages.
const char* type_name(const nlohmann::json& value) noexcept;

// One reference token of a JSON pointer: '~' -> "~0", '/' -> "~1".
std::string pointer_token(const std::string& key);

}  // namespace ciprov::core::json_util
