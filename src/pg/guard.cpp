#include "pg/guard.h"

#include <cstring>
#include <new>
#include <string>

#include "core/error.h"

extern "C" {
#include "utils/memutils.h"
}

namespace ciprov::pg {

namespace detail {

ErrorData* take_error(MemoryContext caller_context) noexcept {
  MemoryContextSwitchTo(caller_context);
  ErrorData* data = CopyErrorData();
  FlushErrorState();
  return data;
}

}  // namespace detail

void* alloc(Size size) {
  void* p = palloc_extended(size, MCXT_ALLOC_NO_OOM | MCXT_ALLOC_HUGE);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void* alloc0(Size size) {
  void* p = palloc_extended(size, MCXT_ALLOC_NO_OOM | MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

namespace {

// What a caught exception becomes: plain C data in palloc'd memory, so that
// nothing owned by C++ is alive when ereport() longjmps.
struct PendingError {
  ErrorData* pg_error = nullptr;  // re-thrown as is
  int sqlerrcode = 0;
  char* message = nullptr;
  char* detail = nullptr;
  char* hint = nullptr;
  bool out_of_memory = false;
};

// Copies s without ever raising: on allocation failure the text is dropped.
char* copy_text(const std::string& s) noexcept {
  if (s.empty()) return nullptr;
  auto* p = static_cast<char*>(palloc_extended(s.size() + 1, MCXT_ALLOC_NO_OOM | MCXT_ALLOC_HUGE));
  if (p != nullptr) std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

void capture(PendingError& out, const core::Error& e) noexcept {
  const std::string& code = e.sqlstate();
  out.sqlerrcode = MAKE_SQLSTATE(code[0], code[1], code[2], code[3], code[4]);
  out.message = copy_text(e.what());
  out.detail = copy_text(e.detail());
  out.hint = copy_text(e.hint());
}

}  // namespace

Datum call_guarded(FunctionCallInfo fcinfo, Datum (*body)(FunctionCallInfo)) {
  PendingError pending;
  try {
    return body(fcinfo);
  } catch (const PgError& e) {
    pending.pg_error = e.data();
  } catch (const core::Error& e) {
    capture(pending, e);
  } catch (const std::bad_alloc&) {
    pending.out_of_memory = true;
  } catch (const std::exception& e) {
    pending.sqlerrcode = ERRCODE_INTERNAL_ERROR;
    pending.message = copy_text(std::string("ciprov internal error: ") + e.what());
  } catch (...) {
    pending.sqlerrcode = ERRCODE_INTERNAL_ERROR;
    pending.message = copy_text("ciprov internal error: unknown C++ exception");
  }
  // Every C++ object of the body is destroyed here; longjmp is safe again.
  if (pending.pg_error != nullptr) ReThrowError(pending.pg_error);
  if (pending.out_of_memory)
    ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory in ciprov")));
  ereport(ERROR, (errcode(pending.sqlerrcode),
                  errmsg_internal("%s", pending.message ? pending.message : "ciprov error"),
                  pending.detail ? errdetail_internal("%s", pending.detail) : 0,
                  pending.hint ? errhint("%s", pending.hint) : 0));
  pg_unreachable();
}

}  // namespace ciprov::pg
