// Shared by the capi/ sources: error bookkeeping at the C boundary. Never installed.
#ifndef IOR_CAPI_CAPI_INTERNAL_H_
#define IOR_CAPI_CAPI_INTERNAL_H_

#include <functional>
#include <new>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "ior/event.h"
#include "ior/ior_event.h"
#include "ior/ior_session.h"
#include "ior/ior_stats.h"
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
// ior_flame. A session has one tee per slot, so that a Parquet recorder and a flame run side by
// side; SetBatchTee() replaces the slot's previous tee, an empty function empties the slot.
// Tees run on the polling thread, in slot order.
using BatchTee = std::function<void(const EventBatch&)>;
enum class TeeSlot { kParquet, kFlame };
inline constexpr int kTeeSlots = 2;
void SetBatchTee(ior_session* session, TeeSlot slot, BatchTee tee);

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
