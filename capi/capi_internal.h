// Shared by the capi/ sources: error bookkeeping at the C boundary. Never installed.
#ifndef IOR_CAPI_CAPI_INTERNAL_H_
#define IOR_CAPI_CAPI_INTERNAL_H_

#include <cstring>
#include <functional>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "ior/event.h"
#include "ior/ior_event.h"
#include "ior/ior_selection.h"
#include "ior/ior_session.h"
#include "ior/ior_stats.h"
#include "ior/selection.h"
#include "ior/stats.h"

// A batch handed to C (ior_session_next): the C events and the batch that owns their strings.
struct ior_batch {
  std::vector<ior_event> events;
  ior::EventBatch source;  // owns the strings the events' file pointers borrow
};

namespace ior::capi {

// Records `message` as this thread's ior_last_error() and returns `code`.
int Fail(int code, absl::string_view message);

// The negative errno / IOR_E* code of a failed status (ior::ErrorNumber(), the mapping Python
// shares), recorded as the last error. `status` must not be OK.
int FailWith(const absl::Status& status);

// What a `catch` at the C boundary returns for the exception in flight.
int FailCurrentException();

// Called with every batch `session` receives (through ior_session_poll() or
// ior_session_next()), before its events reach the caller: recorders such as ior_parquet and
// ior_flame. A session has one tee per slot, so that a Parquet recorder, a flame and a trace-JSON
// recorder run side by side; SetBatchTee() replaces the slot's previous tee, an empty function
// empties the slot. Tees run on the polling thread, in slot order.
using BatchTee = std::function<void(const EventBatch&)>;
enum class TeeSlot { kParquet, kFlame, kTraceJson };
inline constexpr int kTeeSlots = 3;
void SetBatchTee(ior_session* session, TeeSlot slot, BatchTee tee);

// The checks every sz-versioned option struct of a caller gets: `sz` is at least
// sizeof(size_t), and every byte past `known` (the end of the last field this library knows)
// is zero, so that a newer caller's options are never silently ignored. 0 or -EINVAL (recorded).
int CheckOptsSize(const void* opts, size_t sz, size_t known, absl::string_view type);

// A caller's option struct of any size as this library's: the fields it has, zeros for the
// rest. Call CheckOptsSize() first.
template <typename T>
T OptsPrefix(const T* in) {
  T out{};
  std::memcpy(&out, in, in->sz < sizeof(T) ? in->sz : sizeof(T));
  out.sz = sizeof(T);
  return out;
}

// Both of the above for a caller's option struct whose every byte is a field up to sizeof(T)
// (NULL: the defaults). 0 or -EINVAL (recorded, naming `type`).
template <typename T>
int ReadOpts(const T* in, absl::string_view type, T* out) {
  *out = T{};
  out->sz = sizeof(T);
  if (in == nullptr) return 0;
  if (int err = CheckOptsSize(in, in->sz, sizeof(T), type); err != 0) return err;
  *out = OptsPrefix(in);
  return 0;
}

// A struct the library fills for a caller (ior_flame_info, ior_degrade_window): the caller
// sets `sz` to the size it was built with. 0, or -EINVAL (recorded) when `sz` is not set.
int CheckOutSize(size_t sz, absl::string_view type);

// Copies `filled` into the caller's `out` of out->sz bytes (checked with CheckOutSize()): a
// caller built against an older, shorter struct gets the fields it knows, and its `sz` stays.
template <typename T>
void CopyOut(T filled, T* out) {
  filled.sz = out->sz < sizeof(T) ? out->sz : sizeof(T);
  std::memcpy(out, &filled, filled.sz);
}

// Appends `len` C strings to `out`. -EINVAL (recorded, naming `what`) if `names` is NULL with a
// non-zero `len` or holds NULL.
int AppendNames(const char* const* names, size_t len, absl::string_view what,
                std::vector<std::string>* out);

// The core's selection from a caller's ior_selection of any size (NULL: empty). 0 or -EINVAL.
int ToSelection(const ior_selection* in, Selection* out);

// The core's statistics of `session` (for recorders' footers).
SessionStats StatsOf(const ior_session* session);

// A new ior_stats snapshot of `stats` (ior_session_stats(), ior_flame_stats()); syscalls are
// sorted by number. Throws std::bad_alloc.
ior_stats* NewStats(SessionStats stats);

// `in` (an event of `batch`) as the C event; its strings are borrowed from `batch`.
void ToC(const EventBatch& batch, const Event& in, ior_event* out);

}  // namespace ior::capi

// The body of every fallible extern "C" function: no exception crosses the boundary.
#define IOR_CAPI_TRY try {
#define IOR_CAPI_CATCH                          \
  }                                             \
  catch (...) {                                 \
    return ::ior::capi::FailCurrentException(); \
  }

#endif  // IOR_CAPI_CAPI_INTERNAL_H_
