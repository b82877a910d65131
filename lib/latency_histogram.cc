#include "ior/latency_histogram.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

namespace ior {

uint64_t LatencyPercentile(std::span<const uint64_t> histogram, double q, uint64_t min_ns,
                           uint64_t max_ns) {
  const size_t n_buckets = std::min(histogram.size(), kHistogramBuckets);
  uint64_t total = 0;
  for (size_t b = 0; b < n_buckets; ++b) total += histogram[b];
  if (total == 0) return 0;
  if (!(q > 0.0)) q = 0.0;  // NaN too
  if (q > 1.0) q = 1.0;
  // Nearest rank, 1-based: the smallest value with at least q * n values at or below it.
  uint64_t rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(total)));
  rank = std::clamp<uint64_t>(rank, 1, total);

  const bool extremes_known = max_ns != 0 && min_ns <= max_ns;
  uint64_t below = 0;
  for (size_t b = 0; b < n_buckets; ++b) {
    const uint64_t in_bucket = histogram[b];
    if (in_bucket == 0 || below + in_bucket < rank) {
      below += in_bucket;
      continue;
    }
    // The bucket's calls are spread evenly over its range; where the exact extremes fall in
    // the bucket, they bound it and the outermost call sits on them (so one call, or calls of
    // one latency, come out exact).
    const bool last = b + 1 >= kHistogramBuckets;
    const uint64_t lo_ns = LatencyBucketLower(b);
    const uint64_t hi_ns = last ? lo_ns : LatencyBucketUpper(b);  // exclusive unless last
    const bool min_here = extremes_known && min_ns >= lo_ns && (last || min_ns < hi_ns);
    const bool max_here = extremes_known && max_ns >= lo_ns && (last || max_ns < hi_ns);
    const double lo = static_cast<double>(min_here ? min_ns : lo_ns);
    const double hi = static_cast<double>(max_here ? max_ns : hi_ns);  // inclusive if max_here
    const double k = static_cast<double>(rank - below);                // 1-based, of c
    const double c = static_cast<double>(in_bucket);
    // The outermost calls exactly (doubles lose the low bits of huge values).
    if (min_here && rank == below + 1) return min_ns;
    if (max_here && rank == below + in_bucket) return max_ns;
    double v;
    if (min_here && max_here) {
      v = c > 1 ? lo + (hi - lo) * (k - 1) / (c - 1) : lo;
    } else if (max_here) {
      v = lo + (hi - lo) * k / c;
    } else if (min_here) {
      v = lo + (hi - lo) * (k - 1) / c;
    } else {
      v = lo + (hi - lo) * (k - 0.5) / c;  // the middle of the k-th slice
    }
    if (extremes_known) v = std::clamp(v, static_cast<double>(min_ns), static_cast<double>(max_ns));
    if (v >= static_cast<double>(max_ns) && extremes_known) return max_ns;  // no 2^64 overflow
    return static_cast<uint64_t>(v);
  }
  return max_ns;  // not reached: rank <= total
}

std::array<uint64_t, kLog2HistogramBuckets> Log2Histogram(std::span<const uint64_t> histogram) {
  std::array<uint64_t, kLog2HistogramBuckets> out{};
  const size_t n_buckets = std::min(histogram.size(), kHistogramBuckets);
  for (size_t b = 0; b < n_buckets; ++b) {
    // The power of two a bucket lies in is that of its lower bound (buckets never straddle one).
    const size_t log2_bucket = static_cast<size_t>(std::bit_width(LatencyBucketLower(b)));
    out[std::min(log2_bucket, kLog2HistogramBuckets - 1)] += histogram[b];
  }
  return out;
}

}  // namespace ior
