// The C++/PostgreSQL boundary. Every SQL-callable function goes through it.
//
// Two kinds of non-local exit must never meet:
//  * a C++ exception must not unwind through PostgreSQL (C) frames, and
//  * an ereport()/elog() longjmp must not skip C++ frames with live objects.
//
// So:
//  1. Each entry point is declared with CIPROV_FUNCTION(name). The generated
//     extern "C" shim calls the C++ body inside try/catch. Whatever the body
//     throws is caught, copied into palloc'd memory, and raised with
//     ereport() only after every C++ object of the body is destroyed.
//  2. Inside a body, a PostgreSQL call that may raise an error (detoasting,
//     SPI, catalog lookups, palloc of a large result, ...) goes through
//     pg::guarded(). It runs the call under PG_TRY, and turns an error into a
//     pg::PgError exception, which the shim re-throws unchanged (same
//     SQLSTATE, message, detail) once C++ has unwound.
//  3. Long core loops call core::poll_interrupts(). The hook installed by
//     module.cpp processes pending interrupts under the guard, so a
//     statement_timeout or cancel unwinds C++ as an exception and then
//     reaches the client as PostgreSQL's own error.
//  4. Datums returned to PostgreSQL live in palloc'd memory (pg::alloc and
//     the helpers in pg/datum.h); no C++ container owns a returned Datum.
#pragma once

extern "C" {
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/elog.h"
}

#include <exception>
#include <type_traits>

namespace ciprov::pg {

// A PostgreSQL error caught by guarded(), carried through C++ as an
// exception. The ErrorData is palloc'd in the caller's memory context.
class PgError : public std::exception {
 public:
  explicit PgError(ErrorData* data) noexcept : data_(data) {}
  const char* what() const noexcept override {
    return data_ && data_->message ? data_->message : "PostgreSQL error";
  }
  ErrorData* data() const noexcept { return data_; }

 private:
  ErrorData* data_;
};

namespace detail {
// Copies the current PostgreSQL error and clears the error state. Called
// only from the PG_CATCH block of guarded(), after switching back to the
// caller's memory context.
ErrorData* take_error(MemoryContext caller_context) noexcept;
}  // namespace detail

// Runs fn, a call into PostgreSQL that may ereport(ERROR), and converts that
// error into a PgError exception. fn must not own C++ objects with
// destructors (the longjmp skips its frame); keep it a thin lambda around the
// PostgreSQL call. The result type must be void or scalar (Datum, pointer,
// integer) so that it survives setjmp as a volatile local.
template <typename Fn>
auto guarded(Fn&& fn) -> decltype(fn()) {
  using Result = decltype(fn());
  static_assert(std::is_void_v<Result> || std::is_scalar_v<Result>,
                "pg::guarded returns only void or scalar values");
  MemoryContext caller_context = CurrentMemoryContext;
  ErrorData* volatile error = nullptr;
  if constexpr (std::is_void_v<Result>) {
    PG_TRY();
    { fn(); }
    PG_CATCH();
    { error = detail::take_error(caller_context); }
    PG_END_TRY();
    if (error != nullptr) throw PgError(error);
  } else {
    volatile Result result{};
    PG_TRY();
    { result = fn(); }
    PG_CATCH();
    { error = detail::take_error(caller_context); }
    PG_END_TRY();
    if (error != nullptr) throw PgError(error);
    return result;
  }
}

// palloc that reports failure as std::bad_alloc instead of longjmp.
void* alloc(Size size);
void* alloc0(Size size);

// Runs body(fcinfo) and turns any exception into a PostgreSQL error after
// the C++ frames are gone. Used by CIPROV_FUNCTION; not called directly.
Datum call_guarded(FunctionCallInfo fcinfo, Datum (*body)(FunctionCallInfo));

}  // namespace ciprov::pg

// Declares an SQL-callable function `name` whose C++ body follows:
//
//   CIPROV_FUNCTION(ciprov_version_in) {
//     const char* text = PG_GETARG_CSTRING(0);
//     ...
//     return PointerGetDatum(result);
//   }
//
// The body may throw; it must call error-raising PostgreSQL functions only
// through pg::guarded() (the pg/datum.h helpers already do).
#define CIPROV_FUNCTION(name)                                          \
  static Datum name##_body(FunctionCallInfo fcinfo);                   \
  extern "C" {                                                         \
  PG_FUNCTION_INFO_V1(name);                                           \
  Datum name(PG_FUNCTION_ARGS) {                                       \
    return ::ciprov::pg::call_guarded(fcinfo, name##_body);            \
  }                                                                    \
  }                                                                    \
  static Datum name##_body(FunctionCallInfo fcinfo)
