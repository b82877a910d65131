#include "wait.h"

#include <pybind11/pybind11.h>

#include <algorithm>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "errors.h"

namespace ior::python {
namespace py = pybind11;

WaitOutcome WaitForBatch(Session& session, absl::Time deadline, std::optional<EventBatch>* out,
                         absl::FunctionRef<bool()> stop_waiting) {
  while (true) {
    const absl::Duration slice =
        std::clamp(deadline - absl::Now(), absl::ZeroDuration(), kWaitSlice);
    absl::StatusOr<std::optional<EventBatch>> next;
    {
      py::gil_scoped_release released;
      next = session.NextBatch(slice);
    }
    if (!next.ok()) {
      if (absl::IsOutOfRange(next.status())) return WaitOutcome::kEnd;
      ThrowStatus(next.status());
    }
    if (next->has_value()) {
      *out = std::move(*next);
      return WaitOutcome::kBatch;
    }
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    if (stop_waiting() || absl::Now() >= deadline) return WaitOutcome::kTimeout;
  }
}

absl::Time DeadlineFor(std::optional<double> timeout_s) {
  if (!timeout_s.has_value()) return absl::InfiniteFuture();
  if (!(*timeout_s >= 0)) {  // also NaN
    throw py::value_error(absl::StrCat("timeout must be >= 0 seconds or None, not ", *timeout_s));
  }
  return absl::Now() + absl::Seconds(*timeout_s);
}

}  // namespace ior::python
