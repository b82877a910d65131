// The kernel side of a session, as Session drives it: load and configure the programs, attach
// and detach them, hand the ring's records to the pipeline, read the kernel's counters.
//
// The real one (LoadBpfKernel) is the BPF program (bpf_program.h) and the reader of its ring
// (ring_reader.h); the Session unit tests put a fake in its place that feeds wire records, so
// that the state machine is tested without privileges. The interface is called per poll of the
// ring and per configuration change, never per event (records go to a plain function).
#ifndef IOR_LIB_SESSION_KERNEL_H_
#define IOR_LIB_SESSION_KERNEL_H_

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bpf_program.h"
#include "ior/selection.h"
#include "ior/session.h"
#include "ior/stats.h"
#include "ring_reader.h"

namespace ior::internal {

class SessionKernel {
 public:
  virtual ~SessionKernel() = default;

  // As BpfProgram: the per-syscall configuration, the targets (empty: no filter), attaching
  // (tracing starts) and detaching (idempotent).
  virtual absl::Status SetSyscalls(const ResolvedSelection& selection) = 0;
  virtual absl::Status SetTargets(std::span<const pid_t> pids, std::span<const pid_t> tids) = 0;
  virtual absl::Status Attach() = 0;
  virtual void Detach() = 0;

  // Readable (epoll) when the kernel wakes the consumer; records may also wait without it.
  virtual int ready_fd() const = 0;
  // Hands every waiting record to `callback`; the number of records.
  virtual size_t Consume(RingReader::Callback callback, void* ctx) = 0;

  virtual KernelCounters ReadCounters() const = 0;
  // Aggregates of every syscall slot with a non-zero count.
  virtual std::vector<SyscallStats> ReadAggregates() const = 0;
  // Runs and run time of the programs (BpfProgram::Config::measure_run_time), else 0.
  virtual void ReadRunTime(uint64_t* runs, uint64_t* run_ns) const {
    *runs = 0;
    *run_ns = 0;
  }
  // How long loading took: StartupTimes::open_ns and load_ns (the rest is 0).
  virtual StartupTimes LoadTimes() const { return {}; }
};

// Loads (nothing attached) the kernel side of a session configured by `config`.
using SessionKernelLoader =
    std::function<absl::StatusOr<std::unique_ptr<SessionKernel>>(const BpfProgram::Config&)>;

// The real kernel side: the embedded BPF object, loaded, and a reader of its ring.
absl::StatusOr<std::unique_ptr<SessionKernel>> LoadBpfKernel(const BpfProgram::Config& config);

// Session::Create with another kernel side (tests).
absl::StatusOr<std::unique_ptr<Session>> CreateSession(const SessionOptions& options,
                                                       SessionKernelLoader load);

}  // namespace ior::internal

#endif  // IOR_LIB_SESSION_KERNEL_H_
