// Bucket mapping and percentile math of ior/latency_histogram.h, and the size of the error a
// percentile has against the exact nearest-rank value on seeded random latency spreads.
#include "ior/latency_histogram.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "ior/stats.h"

namespace ior {
namespace {

TEST(LatencyHistogramTest, Layout) {
  EXPECT_EQ(kHistogramSubBuckets, 8u);
  EXPECT_EQ(kHistogramBuckets, 296u);
}

TEST(LatencyHistogramTest, SmallLatenciesHaveABucketEach) {
  for (uint64_t ns = 0; ns < 16; ++ns) {
    EXPECT_EQ(LatencyBucket(ns), ns) << ns;
    EXPECT_EQ(LatencyBucketLower(ns), ns);
    EXPECT_EQ(LatencyBucketUpper(ns), ns + 1);
  }
}

TEST(LatencyHistogramTest, KnownBuckets) {
  // 1000 ns: top bit 2^9, next three bits 111 -> octave 9 runs from bucket 56, sub-bucket 7.
  EXPECT_EQ(LatencyBucket(1000), 63u);
  EXPECT_EQ(LatencyBucketLower(63), 960u);
  EXPECT_EQ(LatencyBucketUpper(63), 1024u);
  EXPECT_EQ(LatencyBucket(1024), 64u);
  EXPECT_EQ(LatencyBucket(1151), 64u);
  EXPECT_EQ(LatencyBucket(1152), 65u);
}

TEST(LatencyHistogramTest, EveryLatencyLiesInItsBucket) {
  // The bucket edges, and values either side of them, across the whole range.
  std::vector<uint64_t> values;
  for (size_t b = 0; b < kHistogramBuckets; ++b) {
    const uint64_t lo = LatencyBucketLower(b);
    values.push_back(lo);
    if (lo > 0) values.push_back(lo - 1);
    values.push_back(lo + 1);
    EXPECT_EQ(LatencyBucket(lo), b) << b;
    if (b + 1 < kHistogramBuckets) {
      EXPECT_EQ(LatencyBucketUpper(b), LatencyBucketLower(b + 1)) << b;  // contiguous
      EXPECT_EQ(LatencyBucket(LatencyBucketUpper(b) - 1), b) << b;
      // At most an eighth of the lower bound wide: the error bound of a percentile.
      EXPECT_LE((LatencyBucketUpper(b) - lo) * 8, std::max<uint64_t>(lo, 8)) << b;
    }
  }
  std::mt19937_64 rng(7);
  for (int i = 0; i < 100000; ++i) values.push_back(rng() >> (rng() % 64));
  for (uint64_t v : values) {
    const size_t b = LatencyBucket(v);
    ASSERT_LT(b, kHistogramBuckets) << v;
    EXPECT_LE(LatencyBucketLower(b), v) << v;
    EXPECT_LT(v, LatencyBucketUpper(b) == UINT64_MAX ? UINT64_MAX : LatencyBucketUpper(b)) << v;
  }
}

TEST(LatencyHistogramTest, HugeLatenciesShareTheLastBucket) {
  EXPECT_EQ(LatencyBucket((uint64_t{1} << 39) - 1), kHistogramBuckets - 1);
  EXPECT_EQ(LatencyBucket(uint64_t{1} << 39), kHistogramBuckets - 1);
  EXPECT_EQ(LatencyBucket(UINT64_MAX), kHistogramBuckets - 1);
  EXPECT_EQ(LatencyBucketUpper(kHistogramBuckets - 1), UINT64_MAX);
  EXPECT_LT(LatencyBucket((uint64_t{1} << 38) - 1), kHistogramBuckets - 8);
}

std::array<uint64_t, kHistogramBuckets> HistogramOf(const std::vector<uint64_t>& values) {
  std::array<uint64_t, kHistogramBuckets> h{};
  for (uint64_t v : values) ++h[LatencyBucket(v)];
  return h;
}

// The nearest-rank q-quantile.
uint64_t Exact(std::vector<uint64_t> values, double q) {
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
  rank = std::clamp<size_t>(rank, 1, values.size());
  return values[rank - 1];
}

uint64_t Estimate(const std::vector<uint64_t>& values, double q) {
  const auto [min, max] = std::minmax_element(values.begin(), values.end());
  return LatencyPercentile(HistogramOf(values), q, *min, *max);
}

TEST(LatencyPercentileTest, EmptyHistogramGivesZero) {
  std::array<uint64_t, kHistogramBuckets> h{};
  EXPECT_EQ(LatencyPercentile(h, 0.5, 0, 0), 0u);
  EXPECT_EQ(LatencyPercentile({}, 0.99, 0, 0), 0u);
  EXPECT_EQ(SyscallStats{}.Percentile(0.99), 0u);
}

TEST(LatencyPercentileTest, OneSampleIsExact) {
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{7}, uint64_t{1000}, uint64_t{123456789},
                     uint64_t{1} << 45, UINT64_MAX / 2}) {
    for (double q : {0.0, 0.5, 0.99, 1.0}) EXPECT_EQ(Estimate({v}, q), v) << v << " q " << q;
  }
}

TEST(LatencyPercentileTest, ZeroLatencies) {
  // The kernel reports min 1 when a call took 0 ns (0 means "no minimum yet"); max stays 0.
  std::array<uint64_t, kHistogramBuckets> h{};
  h[0] = 10;
  EXPECT_EQ(LatencyPercentile(h, 0.99, 1, 0), 0u);
}

TEST(LatencyPercentileTest, IdenticalLatenciesAreExact) {
  std::vector<uint64_t> v(1000, 1500);
  EXPECT_EQ(Estimate(v, 0.5), 1500u);
  EXPECT_EQ(Estimate(v, 0.99), 1500u);
}

TEST(LatencyPercentileTest, QuantilesAtTheEndsAreTheExtremes) {
  const std::vector<uint64_t> v = {300, 900, 2000, 45000, 46000};
  EXPECT_EQ(Estimate(v, 0.0), 300u);
  EXPECT_EQ(Estimate(v, 1.0), 46000u);
  EXPECT_EQ(Estimate(v, -3.0), 300u);
  EXPECT_EQ(Estimate(v, 7.0), 46000u);
  EXPECT_EQ(Estimate(v, std::nan("")), 300u);
}

TEST(LatencyPercentileTest, HugeValuesInTheLastBucket) {
  // Beyond the top power of two the bucket is open: the exact maximum bounds it.
  const uint64_t big = uint64_t{1} << 50;
  std::vector<uint64_t> v = {1000, big, big + 10};
  EXPECT_EQ(Estimate(v, 1.0), big + 10);
  const uint64_t p50 = Estimate(v, 0.5);
  EXPECT_GE(p50, LatencyBucketLower(kHistogramBuckets - 1));
  EXPECT_LE(p50, big + 10);
}

TEST(LatencyPercentileTest, RanksCrossBuckets) {
  // 90 calls at 100 ns, 10 at 10 us: p90 is in the first group, p91 in the second.
  std::vector<uint64_t> v(90, 100);
  v.insert(v.end(), 10, 10000);
  EXPECT_LT(Estimate(v, 0.90), 120u);
  EXPECT_GE(Estimate(v, 0.90), 96u);
  EXPECT_GE(Estimate(v, 0.91), 9216u);
}

TEST(LatencyPercentileTest, Log2FoldKeepsEveryCount) {
  std::mt19937_64 rng(3);
  std::vector<uint64_t> v;
  for (int i = 0; i < 5000; ++i) v.push_back(rng() >> (rng() % 64));
  v.push_back(0);
  const std::array<uint64_t, kLog2HistogramBuckets> log2 = Log2Histogram(HistogramOf(v));
  std::array<uint64_t, kLog2HistogramBuckets> want{};
  for (uint64_t x : v) {
    ++want[std::min<size_t>(static_cast<size_t>(std::bit_width(x)), kLog2HistogramBuckets - 1)];
  }
  EXPECT_EQ(log2, want);
  for (size_t i = 1; i < kLog2HistogramBuckets; ++i) {
    EXPECT_EQ(LatencyBucketLower(LatencyBucketOfLog2(i)), uint64_t{1} << (i - 1)) << i;
  }
}

// Seeded spreads shaped like syscall latencies: the estimate against the exact value. Prints
// the worst relative error per spread (the figure that picked 8 sub-buckets per power of two).
TEST(LatencyPercentileTest, WithinTenPercentOnRealisticSpreads) {
  std::mt19937_64 rng(42);
  struct Spread {
    const char* name;
    std::vector<uint64_t> values;
  };
  std::vector<Spread> spreads;
  for (double sigma : {0.05, 0.2, 0.6, 1.5}) {
    for (double median : {180.0, 1100.0, 35000.0, 2.5e6}) {
      std::lognormal_distribution<double> d(std::log(median), sigma);
      Spread s{"lognormal", {}};
      for (int i = 0; i < 20000; ++i) s.values.push_back(static_cast<uint64_t>(d(rng)));
      spreads.push_back(std::move(s));
    }
  }
  {
    // Fast hits and slow misses, as reads through a page cache.
    std::lognormal_distribution<double> hit(std::log(900.0), 0.15);
    std::lognormal_distribution<double> miss(std::log(90000.0), 0.4);
    Spread s{"bimodal", {}};
    for (int i = 0; i < 20000; ++i) {
      s.values.push_back(static_cast<uint64_t>(i % 50 == 0 ? miss(rng) : hit(rng)));
    }
    spreads.push_back(std::move(s));
  }
  double worst = 0;
  for (const Spread& s : spreads) {
    for (double q : {0.5, 0.95, 0.99}) {
      const double exact = static_cast<double>(Exact(s.values, q));
      const double est = static_cast<double>(Estimate(s.values, q));
      const double err = std::abs(est - exact) / exact;
      worst = std::max(worst, err);
      EXPECT_LE(err, 0.10) << s.name << " q " << q << " exact " << exact << " est " << est;
    }
  }
  std::printf("worst relative percentile error over %zu spreads: %.2f%%\n", spreads.size(),
              100 * worst);
}

}  // namespace
}  // namespace ior
