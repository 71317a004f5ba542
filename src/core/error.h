// Errors raised by the plain C++ core.
//
// The core never includes a PostgreSQL header, yet its errors must reach the
// SQL client with the right SQLSTATE. So an Error carries the five-character
// SQLSTATE as text; the boundary in src/pg/guard.h turns it into ereport().
#pragma once

#include <stdexcept>
#include <string>

namespace ciprov::core {

// SQLSTATE codes the core raises (see PostgreSQL's errcodes.txt).
namespace sqlstate {
inline constexpr const char kInvalidTextRepresentation[] = "22P02";
inline constexpr const char kInvalidParameterValue[] = "22023";
inline constexpr const char kDataException[] = "22000";
inline constexpr const char kNumericValueOutOfRange[] = "22003";
inline constexpr const char kInvalidBinaryRepresentation[] = "22P03";
inline constexpr const char kFeatureNotSupported[] = "0A000";
inline constexpr const char kProgramLimitExceeded[] = "54000";
inline constexpr const char kInternalError[] = "XX000";
}  // namespace sqlstate

class Error : public std::runtime_error {
 public:
  Error(const char* code, const std::string& message, std::string detail = {},
        std::string hint = {})
      : std::runtime_error(message), detail_(std::move(detail)), hint_(std::move(hint)) {
    code_.assign(code, 5);
  }

  const std::string& sqlstate() const noexcept { return code_; }
  const std::string& detail() const noexcept { return detail_; }
  const std::string& hint() const noexcept { return hint_; }

 private:
  std::string code_;
  std::string detail_;
  std::string hint_;
};

// A type-input error: SQLSTATE 22P02, the message PostgreSQL uses for bad
// input syntax, and a detail that names what is wrong and where (1-based
// character position in the input).
Error invalid_text(const std::string& type_name, const std::string& input,
                   const std::string& reason, std::size_t position);

// Quote a string the way PostgreSQL messages quote values: "..." with
// non-printable bytes shown as \xNN so that messages stay one readable line.
std::string quoted(const std::string& s);

}  // namespace ciprov::core
