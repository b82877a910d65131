// Shared by the capi/ sources: error bookkeeping at the C boundary. Never installed.
#ifndef IOR_CAPI_CAPI_INTERNAL_H_
#define IOR_CAPI_CAPI_INTERNAL_H_

#include <new>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace ior::capi {

// Records `message` as this thread's ior_last_error() and returns `code`.
int Fail(int code, absl::string_view message);

// The negative errno / IOR_E* code for a failed status, recorded as the last error. `status`
// must not be OK. FailedPrecondition becomes IOR_ESTATE here; callers refine it where the
// precondition is something else (the kernel, in ior_session_start()).
int FailWith(const absl::Status& status);

// What a `catch` at the C boundary returns for the exception in flight.
int FailCurrentException();

}  // namespace ior::capi

// The body of every fallible extern "C" function: no exception crosses the boundary.
#define IOR_CAPI_TRY try {
#define IOR_CAPI_CATCH                          \
  }                                             \
  catch (...) {                                 \
    return ::ior::capi::FailCurrentException(); \
  }

#endif  // IOR_CAPI_CAPI_INTERNAL_H_
