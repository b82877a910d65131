// What a session counted: per-syscall aggregates from the kernel and the delivery figures.
#ifndef IOR_INCLUDE_IOR_STATS_H_
#define IOR_INCLUDE_IOR_STATS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ior {

// log2 latency buckets: bucket 0 holds 0 ns, bucket i > 0 holds [2^(i-1), 2^i) ns, the last
// bucket everything above.
inline constexpr size_t kHistogramBuckets = 40;

// Aggregates of one syscall, kept in the kernel for every call that passed the filters,
// including calls whose record was lost, so they are exact under any load.
struct SyscallStats {
  uint32_t nr = 0;
  uint64_t count = 0;        // calls completed (never-returning calls count at enter)
  uint64_t errors = 0;       // returns in [-4095, -1], restart codes excluded
  uint64_t sampled_out = 0;  // calls not emitted because of the sampling rate
  uint64_t delivered = 0;    // events of this syscall handed to consumers
  uint64_t latency_sum_ns = 0;
  uint64_t latency_min_ns = 0;
  uint64_t latency_max_ns = 0;
  std::array<uint64_t, kHistogramBuckets> histogram{};
};

struct SessionStats {
  // Sum of SyscallStats::count: every call the kernel side traced. After a stopped session
  // is drained: kernel_count == delivered + sampled_out + dropped + filtered.
  uint64_t kernel_count = 0;
  // Sum of SyscallStats::sampled_out.
  uint64_t sampled_out = 0;
  // Events decoded from the ring buffer (delivered + queued).
  uint64_t decoded = 0;
  // Events handed to consumers through Poll() or NextBatch().
  uint64_t delivered = 0;
  // Events decoded but left out by the comm/path output filters.
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
};

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_STATS_H_
