// What a session counted: per-syscall aggregates from the kernel and the delivery figures.
#ifndef IOR_INCLUDE_IOR_STATS_H_
#define IOR_INCLUDE_IOR_STATS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ior/latency_histogram.h"

namespace ior {

// The most degrade windows SessionStats keeps.
inline constexpr size_t kMaxDegradeWindows = 1000;

// Aggregates of one syscall, kept in the kernel for every call that passed the filters,
// including calls whose record was lost, so they are exact under any load.
struct SyscallStats {
  uint32_t nr = 0;
  uint64_t count = 0;        // calls completed (never-returning calls count at enter)
  uint64_t errors = 0;       // returns in [-4095, -1], restart codes excluded
  uint64_t sampled_out = 0;  // calls not emitted because of the sampling rate (or degraded)
  // Calls not emitted because the consumer fell behind and the kernel thinned the rows
  // (SessionOptions::degrade); a part of sampled_out.
  uint64_t degraded = 0;
  // The thinnest row rate the kernel fell to for this syscall: 1 row in this many (a power of
  // two); 0 when no call was degraded.
  uint32_t degraded_one_in = 0;
  // The sampling rate the syscall was last traced at (SessionOptions::selection, or
  // Session::SetSelection() since): 1 = every call, N = one call in N, 0 = counted in the
  // kernel only (a rate of 0, or SessionOptions::aggregate_only). 1 when unknown.
  uint32_t sample_rate = 1;
  uint64_t delivered = 0;  // events of this syscall handed to consumers
  uint64_t latency_sum_ns = 0;
  uint64_t latency_min_ns = 0;
  uint64_t latency_max_ns = 0;
  // Latencies of the calls that returned (never-returning calls have none), in the log-linear
  // buckets of ior/latency_histogram.h.
  std::array<uint64_t, kHistogramBuckets> histogram{};

  // The q-quantile (q in [0, 1]) of the latencies, in ns, interpolated within its histogram
  // bucket: within 1/8 of the exact value, usually within a few percent. It counts every
  // call the kernel timed, whether or not its row was delivered. 0 when nothing was timed.
  uint64_t Percentile(double q) const {
    return LatencyPercentile(histogram, q, latency_min_ns, latency_max_ns);
  }
};

// Where Session::Start() spent its time, in ns; all 0 before a successful start. What a
// tracer costs before the first traced call: `ior -v` prints it.
struct StartupTimes {
  uint64_t kernel_types_ns = 0;  // reading the kernel's BTF for the types the programs use
  uint64_t open_ns = 0;          // opening the embedded BPF object
  uint64_t load_ns = 0;          // the kernel's BTF, maps, relocations and the verifier
  uint64_t configure_ns = 0;     // selection and target maps, the ring's mapping
  uint64_t seed_ns = 0;          // naming the descriptors that exist before the trace (/proc)
  uint64_t attach_ns = 0;        // attaching the programs, starting the drain thread
  uint64_t total_ns = 0;         // the whole of Start()
};

// What tracing cost, for the report (`ior -v`).
struct CostStats {
  // Runs of the session's kernel programs and their summed run time, measured only with
  // SessionOptions::measure_kernel_time (else 0). sys_enter and sys_exit run for every
  // syscall of the host and return at the filter for those not traced, so runs >> calls.
  uint64_t kernel_runs = 0;
  uint64_t kernel_run_ns = 0;
  // CPU time of the session's drain thread: reading the ring, decoding, file tracking,
  // batching (not the consumer's callbacks).
  uint64_t drain_cpu_ns = 0;
};

// A stretch of time in which the kernel thinned the rows (SessionOptions::degrade), as the
// session's drain thread measured it: about every 250 ms while rows are being degraded.
struct DegradeWindow {
  uint64_t start_ns = 0;  // CLOCK_BOOTTIME, as Event::enter_ns
  uint64_t end_ns = 0;
  uint64_t calls = 0;       // calls degraded (counted at their exit) in [start_ns, end_ns)
  uint32_t min_one_in = 0;  // the thinnest rate of those calls: 1 row in this many
};

struct SessionStats {
  // Sum of SyscallStats::count: every call the kernel side traced. After a stopped session
  // is drained: kernel_count == delivered + sampled_out + dropped + filtered.
  uint64_t kernel_count = 0;
  // Sum of SyscallStats::sampled_out.
  uint64_t sampled_out = 0;
  // Sum of SyscallStats::degraded: calls sampled out because the consumer fell behind
  // (SessionOptions::degrade). Part of sampled_out, so the identity above is unchanged.
  uint64_t degraded = 0;
  // The time windows in which calls were degraded, oldest first: the last
  // kMaxDegradeWindows of them; degrade_windows_dropped counts older ones left out.
  std::vector<DegradeWindow> degrade_windows;
  uint64_t degrade_windows_dropped = 0;
  // Events decoded from the ring buffer (delivered + queued).
  uint64_t decoded = 0;
  // Events handed to consumers through Poll() or NextBatch().
  uint64_t delivered = 0;
  // Events decoded but left out: by the comm/path output filters, or because their process
  // only took the id of a target that had exited (SessionOptions::pids).
  uint64_t filtered = 0;
  // Events decoded but still waiting in the session's batch queue.
  uint64_t queued = 0;
  // Records the kernel could not write because the ring buffer was full.
  uint64_t dropped = 0;
  // Exits whose enter was not seen (the call began before the trace started). Not in
  // kernel_count.
  uint64_t exits_without_enter = 0;
  // Calls skipped because per-task state could not be allocated. Not in kernel_count.
  uint64_t state_unavailable = 0;
  // Exec records lost to a full ring buffer (comm may be stale afterwards).
  uint64_t control_dropped = 0;
  // Syscalls with a non-zero count, by number.
  std::vector<SyscallStats> syscalls;
  StartupTimes startup;
  CostStats cost;
};

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_STATS_H_
