// Per-syscall latencies of the rows the dashboard shows (after its filter), in the library's
// log-linear buckets (ior/latency_histogram.h, the kernel's own), so p50/p95/p99 of millions of
// calls cost one fixed array per syscall, no per-call allocation, and read like the end-of-run
// report's.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_LOG_HISTOGRAM_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_LOG_HISTOGRAM_H_

#include <algorithm>
#include <array>
#include <cstdint>

#include "ior/latency_histogram.h"

namespace ior::dashboard {

class LogHistogram {
 public:
  void Add(uint64_t ns) {
    ++counts_[LatencyBucket(ns)];
    min_ = total_ == 0 ? ns : std::min(min_, ns);
    max_ = std::max(max_, ns);
    ++total_;
  }
  uint64_t total() const { return total_; }

  // The latency at quantile q (0..1), within the exact min and max; 0 when empty.
  uint64_t Quantile(double q) const { return LatencyPercentile(counts_, q, min_, max_); }

 private:
  std::array<uint64_t, kHistogramBuckets> counts_{};
  uint64_t total_ = 0;
  uint64_t min_ = 0;
  uint64_t max_ = 0;
};

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_LOG_HISTOGRAM_H_
