// Runs a workload under a session, for the end-to-end tests of the C++ API.
#ifndef IOR_TESTS_E2E_TRACE_WORKLOAD_H_
#define IOR_TESTS_E2E_TRACE_WORKLOAD_H_

#include <functional>
#include <memory>

#include "ior/event.h"
#include "ior/session.h"
#include "ior/stats.h"
#include "workload_process.h"

namespace ior::testing {

// A started session with `options`, or nullptr after a test failure that says why.
std::unique_ptr<Session> StartSession(const SessionOptions& options);

// Traces `workload` with `options` (pids set to the workload): starts the session, lets the
// workload run to its end, stops the session and hands every batch to `on_batch`, in order.
// Returns the final statistics, after checking that nothing went unaccounted for
// (kernel_count == delivered + sampled_out + dropped + filtered). Failures are test failures.
SessionStats TraceWorkload(WorkloadProcess& workload, SessionOptions options,
                           const std::function<void(const EventBatch&)>& on_batch);

}  // namespace ior::testing

#endif  // IOR_TESTS_E2E_TRACE_WORKLOAD_H_
