// DegradeWindows: the time windows of degraded rows, from cumulative per-level counters.
#include "degrade_windows.h"

#include <gtest/gtest.h>

#include <vector>

namespace ior::internal {
namespace {

using Counts = DegradeWindows::Counts;

Counts At(std::initializer_list<std::pair<int, uint64_t>> by_level) {
  Counts c{};
  for (const auto& [level, n] : by_level) c[level - 1] = n;
  return c;
}

std::vector<DegradeWindow> Windows(const DegradeWindows& w, uint64_t* dropped = nullptr) {
  std::vector<DegradeWindow> out;
  uint64_t d = 0;
  w.Read(&out, &d);
  if (dropped != nullptr) *dropped = d;
  return out;
}

TEST(DegradeWindowsTest, AWindowHoldsItsDeltaAndItsThinnestLevel) {
  DegradeWindows w(/*window_ns=*/100, /*max_windows=*/10);
  w.Start(1000, At({{1, 7}}));  // counted before the start: not this session's
  EXPECT_FALSE(w.Due(1099));
  w.Sample(1099, At({{1, 50}}));  // not due: ignored
  EXPECT_TRUE(Windows(w).empty());
  EXPECT_TRUE(w.Due(1100));
  w.Sample(1100, At({{1, 10}, {3, 4}, {2, 1}}));
  std::vector<DegradeWindow> got = Windows(w);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].start_ns, 1000u);
  EXPECT_EQ(got[0].end_ns, 1100u);
  EXPECT_EQ(got[0].calls, 3u + 4u + 1u);
  EXPECT_EQ(got[0].min_one_in, 8u);  // level 3
}

TEST(DegradeWindowsTest, QuietWindowsAreNotListedAndTheNextStartsAfterThem) {
  DegradeWindows w(100, 10);
  w.Start(0, {});
  w.Sample(150, {});  // nothing degraded
  w.Sample(300, At({{16, 2}}));
  w.Finish(320, At({{16, 2}, {1, 1}}));  // a short last window
  std::vector<DegradeWindow> got = Windows(w);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].start_ns, 150u);
  EXPECT_EQ(got[0].end_ns, 300u);
  EXPECT_EQ(got[0].min_one_in, 65536u);
  EXPECT_EQ(got[1].start_ns, 300u);
  EXPECT_EQ(got[1].end_ns, 320u);
  EXPECT_EQ(got[1].calls, 1u);
  EXPECT_EQ(got[1].min_one_in, 2u);
}

TEST(DegradeWindowsTest, KeepsTheLastWindowsAndCountsTheOthers) {
  DegradeWindows w(10, 3);
  w.Start(0, {});
  for (uint64_t i = 1; i <= 5; ++i) w.Sample(i * 10, At({{1, i}}));
  uint64_t dropped = 0;
  std::vector<DegradeWindow> got = Windows(w, &dropped);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(dropped, 2u);
  EXPECT_EQ(got[0].start_ns, 20u);
  EXPECT_EQ(got[2].end_ns, 50u);
  for (const DegradeWindow& x : got) EXPECT_EQ(x.calls, 1u);
}

}  // namespace
}  // namespace ior::internal
