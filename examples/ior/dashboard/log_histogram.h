// A latency histogram fine enough for percentiles: exact below 16 ns, then 8 buckets per power
// of two (at most 12.5% wide), so p50/p95/p99 of millions of calls cost 4 KB per syscall and
// no per-call allocation.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_LOG_HISTOGRAM_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_LOG_HISTOGRAM_H_

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace ior::dashboard {

class LogHistogram {
 public:
  static constexpr size_t kBuckets = 16 + 60 * 8;

  void Add(uint64_t v) {
    ++counts_[Index(v)];
    ++total_;
  }
  uint64_t total() const { return total_; }

  // The value at quantile q (0..1): the middle of the bucket that holds it; 0 when empty.
  uint64_t Quantile(double q) const {
    if (total_ == 0) return 0;
    uint64_t rank = static_cast<uint64_t>(q * static_cast<double>(total_ - 1)) + 1;
    uint64_t seen = 0;
    for (size_t i = 0; i < kBuckets; ++i) {
      seen += counts_[i];
      if (seen >= rank) return (Lower(i) + Upper(i)) / 2;
    }
    return Lower(kBuckets - 1);
  }

 private:
  static size_t Index(uint64_t v) {
    if (v < 16) return static_cast<size_t>(v);
    const int exp = 63 - std::countl_zero(v);  // >= 4
    const size_t sub = static_cast<size_t>((v >> (exp - 3)) & 7);
    const size_t i = 16 + static_cast<size_t>(exp - 4) * 8 + sub;
    return i < kBuckets ? i : kBuckets - 1;
  }
  static uint64_t Lower(size_t i) {
    if (i < 16) return i;
    const int exp = static_cast<int>((i - 16) / 8) + 4;
    const uint64_t sub = (i - 16) % 8;
    return (uint64_t{1} << exp) + (sub << (exp - 3));
  }
  static uint64_t Upper(size_t i) {
    return i < 16 ? i : Lower(i) + (uint64_t{1} << ((i - 16) / 8 + 1)) - 1;
  }

  std::array<uint64_t, kBuckets> counts_{};
  uint64_t total_ = 0;
};

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_LOG_HISTOGRAM_H_
