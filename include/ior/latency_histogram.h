// Latency histograms as the kernel keeps them: log-linear buckets, and percentiles read from
// them.
//
// Every power of two of nanoseconds is split into kHistogramSubBuckets equal sub-buckets, so a
// bucket is at most 1/8 of its lower bound wide: a percentile interpolated within its bucket is
// off by less than that (and by a few percent on real latency spreads), where plain log2
// buckets could be off by 2x. Latencies below 8 ns have a bucket each. The bucket of a latency
// is a few shifts (bpf/syscalls.bpf.c computes the same mapping for every traced call; the e2e
// tests check that both agree).
//
//   bucket 0..7        latency 0..7 ns exactly
//   bucket (m-2)*8+s   latency in [(8+s) * 2^(m-3), (9+s) * 2^(m-3)) ns, for 3 <= m <= 38
//   the last bucket    also everything from 2^39 ns (about 9 minutes) on
//
//   const ior::SyscallStats& s = ...;            // from Session::Stats()
//   uint64_t p99 = s.Percentile(0.99);           // ns; 0 when nothing was timed
//
// Threads: pure functions of their arguments.
#ifndef IOR_INCLUDE_IOR_LATENCY_HISTOGRAM_H_
#define IOR_INCLUDE_IOR_LATENCY_HISTOGRAM_H_

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>

namespace ior {

// log2 of the sub-buckets per power of two.
inline constexpr int kHistogramSubBits = 3;
inline constexpr size_t kHistogramSubBuckets = size_t{1} << kHistogramSubBits;
// The highest power of two with all its sub-buckets: latencies from 2^(kHistogramTopLog2 + 1)
// ns on share the last bucket.
inline constexpr int kHistogramTopLog2 = 38;
inline constexpr size_t kHistogramBuckets =
    static_cast<size_t>(kHistogramTopLog2 - kHistogramSubBits + 2) * kHistogramSubBuckets;

// The bucket of a latency (see the table above).
constexpr size_t LatencyBucket(uint64_t ns) {
  if (ns < kHistogramSubBuckets) return static_cast<size_t>(ns);
  const int log2 = std::bit_width(ns) - 1;
  const size_t bucket =
      static_cast<size_t>(log2 - kHistogramSubBits + 1) * kHistogramSubBuckets +
      static_cast<size_t>((ns >> (log2 - kHistogramSubBits)) & (kHistogramSubBuckets - 1));
  return bucket < kHistogramBuckets ? bucket : kHistogramBuckets - 1;
}

// The smallest latency of bucket `b` (< kHistogramBuckets).
constexpr uint64_t LatencyBucketLower(size_t b) {
  if (b < kHistogramSubBuckets) return b;
  const int shift = static_cast<int>(b / kHistogramSubBuckets) - 1;
  return (kHistogramSubBuckets + b % kHistogramSubBuckets) << shift;
}

// One past the largest latency of bucket `b` (< kHistogramBuckets); UINT64_MAX for the last
// bucket, which has no upper bound.
constexpr uint64_t LatencyBucketUpper(size_t b) {
  if (b + 1 >= kHistogramBuckets) return UINT64_MAX;
  if (b < kHistogramSubBuckets) return b + 1;
  return LatencyBucketLower(b) + (uint64_t{1} << (b / kHistogramSubBuckets - 1));
}

// The q-quantile (q in [0, 1]; clamped) of the latencies counted in `histogram`, in ns, by the
// nearest-rank definition (the ceil(q * n)-th smallest, the smallest for q = 0), estimated by
// spreading each bucket's calls evenly over the bucket. `min_ns` and `max_ns`, the exact
// extremes (0, 0 if unknown), narrow the first and last buckets, so one call, or calls of one
// latency, come out exact. 0 when the histogram is empty. `histogram` has kHistogramBuckets
// counts (a shorter span is read as if padded with zeros).
uint64_t LatencyPercentile(std::span<const uint64_t> histogram, double q, uint64_t min_ns,
                           uint64_t max_ns);

// The same counts in the log2 buckets of the C ABI (IOR_HISTOGRAM_BUCKETS): bucket 0 holds
// 0 ns, bucket i > 0 holds [2^(i-1), 2^i) ns, the last bucket everything above.
inline constexpr size_t kLog2HistogramBuckets = 40;
std::array<uint64_t, kLog2HistogramBuckets> Log2Histogram(std::span<const uint64_t> histogram);

// The bucket of the log-linear histogram that holds the lower bound of log2 bucket `i` (for
// reading histograms stored in log2 buckets).
constexpr size_t LatencyBucketOfLog2(size_t i) {
  return i == 0 ? 0 : LatencyBucket(uint64_t{1} << (i - 1));
}

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_LATENCY_HISTOGRAM_H_
