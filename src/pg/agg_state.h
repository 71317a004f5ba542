// A C++ object as the internal state of an aggregate: created on the first
// row in the aggregate's memory context, deleted by a reset callback of that
// context, so that an error (or a query that stops early) cannot leak it.
#pragma once

#include <new>

#include "core/error.h"
#include "pg/guard.h"

namespace ciprov::pg {

namespace detail {
template <typename T>
void delete_state(void* arg) {
  delete static_cast<T*>(arg);
}
}  // namespace detail

// The state in argument 0 of an aggregate transition function, made when
// it is NULL (the first row of a group).
template <typename T>
T* agg_state(FunctionCallInfo fcinfo) {
  if (!PG_ARGISNULL(0)) return reinterpret_cast<T*>(PG_GETARG_POINTER(0));
  MemoryContext context = nullptr;
  MemoryContext* cp = &context;
  if (guarded([fcinfo, cp] { return AggCheckCallContext(fcinfo, cp); }) == 0)
    throw core::Error(core::sqlstate::kInternalError, "called outside an aggregate");
  auto* callback = static_cast<MemoryContextCallback*>(
      guarded([context] { return MemoryContextAllocZero(context, sizeof(MemoryContextCallback)); }));
  T* state = new T();
  callback->func = detail::delete_state<T>;
  callback->arg = state;
  guarded([context, callback] { MemoryContextRegisterResetCallback(context, callback); });
  return state;
}

// The state in argument 0 of a final function (none: the group was empty).
template <typename T>
T* agg_final_state(FunctionCallInfo fcinfo) {
  return PG_ARGISNULL(0) ? nullptr : reinterpret_cast<T*>(PG_GETARG_POINTER(0));
}

}  // namespace ciprov::pg
