// Tab 7, Latency+Gaps: how long the filtered calls took, and how long their threads ran in
// user space between calls, in the original's eight decade buckets.
#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "format.h"
#include "tabs.h"

namespace ior::dashboard {
namespace {

constexpr const char* kBucketNames[kDecadeBuckets] = {
    "[0, 1us)",    "[1us, 10us)",   "[10us, 100us)", "[100us, 1ms)",
    "[1ms, 10ms)", "[10ms, 100ms)", "[100ms, 1s)",   "[1s, inf)"};

int DrawHistogram(const TabContext& ctx, int y, const char* title,
                  const std::array<uint64_t, kDecadeBuckets>& buckets) {
  Canvas& cv = ctx.canvas;
  cv.Put(y++, 1, title, Style::kHeader);
  uint64_t total = 0, max = 1;
  for (uint64_t b : buckets) {
    total += b;
    max = std::max(max, b);
  }
  const int bar_room = std::max(cv.cols() - 40, 1);
  for (size_t i = 0; i < kDecadeBuckets; ++i) {
    char label[80];
    std::snprintf(
        label, sizeof(label), "%-14s %11s %5.1f%% ", kBucketNames[i],
        FormatCount(buckets[i]).c_str(),
        total ? 100.0 * static_cast<double>(buckets[i]) / static_cast<double>(total) : 0.0);
    const int x = cv.Put(y, 2, label);
    const int len = static_cast<int>(buckets[i] * static_cast<uint64_t>(bar_room) / max);
    cv.Fill(y, x, std::max(len, buckets[i] ? 1 : 0), Style::kBar);
    ++y;
  }
  return y;
}

}  // namespace

void DrawLatency(const TabContext& ctx) {
  int y = DrawHistogram(ctx, ctx.top, "Latency (time in the call)", ctx.model.latency_buckets());
  ++y;
  if (y + 9 <= ctx.top + ctx.height) {
    DrawHistogram(ctx, y, "Gap (time since the thread's previous traced call ended)",
                  ctx.model.gap_buckets());
  }
}

}  // namespace ior::dashboard
