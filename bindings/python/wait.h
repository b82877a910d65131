// Waiting for batches with the GIL released. Waits are cut in slices of at most kWaitSlice;
// between slices, with the GIL held, PyErr_CheckSignals() runs the signal handlers, so Ctrl-C
// (KeyboardInterrupt) ends a wait within one slice and other Python threads run during it.
#ifndef IOR_BINDINGS_PYTHON_WAIT_H_
#define IOR_BINDINGS_PYTHON_WAIT_H_

#include <optional>

#include "absl/functional/function_ref.h"
#include "absl/time/time.h"
#include "ior/event.h"
#include "ior/session.h"

namespace ior::python {

// Longest time the GIL stays released, and signals unchecked, while waiting.
inline constexpr absl::Duration kWaitSlice = absl::Milliseconds(100);

enum class WaitOutcome { kBatch, kTimeout, kEnd };

// Waits until a batch comes, the stream ends, `deadline` passes or `stop_waiting()` (called
// with the GIL held after each empty slice) returns true. Needs the GIL on entry; throws
// error_already_set if a signal handler raised (KeyboardInterrupt), ior.Error on a core error.
WaitOutcome WaitForBatch(Session& session, absl::Time deadline, std::optional<EventBatch>* out,
                         absl::FunctionRef<bool()> stop_waiting);
inline WaitOutcome WaitForBatch(Session& session, absl::Time deadline,
                                std::optional<EventBatch>* out) {
  return WaitForBatch(session, deadline, out, [] { return false; });
}

// The deadline `timeout_s` seconds from now (None: never). ValueError for a negative or NaN
// timeout.
absl::Time DeadlineFor(std::optional<double> timeout_s);

}  // namespace ior::python

#endif  // IOR_BINDINGS_PYTHON_WAIT_H_
