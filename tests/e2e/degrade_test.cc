// End-to-end: SessionOptions::degrade. A workload makes a known number of preads into a tiny
// ring while the consumer is stalled (one small batch may wait, and nobody polls until the
// workload is done), so the ring fills at once and stays full. Without degrade, nearly every
// record is dropped; with it, the kernel thins the rows instead. Either way the aggregates are
// exact and every call is accounted for.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "ior/session.h"
#include "ior/stats.h"
#include "ior/syscall_names.h"
#include "trace_workload.h"
#include "workload_process.h"

namespace ior {
namespace {

using ::ior::testing::ExpectedBasic;
using ::ior::testing::TempFile;
using ::ior::testing::TraceWorkload;
using ::ior::testing::WorkloadProcess;

constexpr int kPreads = 100000;

struct Traced {
  SessionStats stats;
  uint64_t rows = 0;        // rows the test received
  uint64_t pread_rows = 0;  // of which pread64
  std::optional<SyscallStats> pread;
};

Traced TraceStalled(bool degrade) {
  TempFile file;
  WorkloadProcess workload =
      WorkloadProcess::Start({"basic", file.path(), std::to_string(kPreads)});
  SessionOptions options;
  options.selection.families = {"all"};
  options.ring_bytes = 4096;  // about 28 records
  options.batch_size = 16;
  options.max_queued_batches = 1;  // the drain thread waits for a consumer that does not come
  options.degrade = degrade;
  Traced run;
  run.stats = TraceWorkload(workload, options, [&](const EventBatch& batch) {
    run.rows += batch.size();
    for (const Event& e : batch.events()) run.pread_rows += SyscallName(e.nr) == "pread64";
  });
  for (const SyscallStats& s : run.stats.syscalls) {
    if (SyscallName(s.nr) == "pread64") run.pread = s;
  }
  return run;
}

// What holds with and without degrade: exact aggregates, every call accounted for.
void ExpectExactAccounting(const Traced& run) {
  const SessionStats& st = run.stats;
  EXPECT_EQ(st.kernel_count, ExpectedBasic(kPreads).size());
  EXPECT_EQ(st.kernel_count, st.delivered + st.sampled_out + st.dropped + st.filtered);
  EXPECT_EQ(st.filtered, 0u);
  EXPECT_EQ(st.delivered, run.rows);
  ASSERT_TRUE(run.pread.has_value());
  EXPECT_EQ(run.pread->count, static_cast<uint64_t>(kPreads));
  EXPECT_EQ(run.pread->errors, 0u);
  uint64_t in_histogram = 0;
  for (uint64_t b : run.pread->histogram) in_histogram += b;
  EXPECT_EQ(in_histogram, static_cast<uint64_t>(kPreads));
  EXPECT_EQ(run.pread->delivered, run.pread_rows);
  uint64_t degraded = 0;
  for (const SyscallStats& s : st.syscalls) {
    EXPECT_LE(s.degraded, s.sampled_out) << SyscallName(s.nr);
    degraded += s.degraded;
  }
  EXPECT_EQ(st.degraded, degraded);
}

TEST(DegradeE2E, ThinsRowsInsteadOfDroppingThemAndCountsExactly) {
  IOR_REQUIRE_TRACING();
  const Traced dropping = TraceStalled(/*degrade=*/false);
  const Traced degrading = TraceStalled(/*degrade=*/true);
  {
    SCOPED_TRACE("without degrade");
    ExpectExactAccounting(dropping);
    EXPECT_EQ(dropping.stats.degraded, 0u);
    EXPECT_EQ(dropping.stats.sampled_out, 0u);
    EXPECT_TRUE(dropping.stats.degrade_windows.empty());
    ASSERT_TRUE(dropping.pread.has_value());
    EXPECT_EQ(dropping.pread->degraded_one_in, 0u);
    EXPECT_GT(dropping.stats.dropped, 0u);
  }
  {
    SCOPED_TRACE("with degrade");
    const SessionStats& st = degrading.stats;
    ExpectExactAccounting(degrading);
    EXPECT_GT(st.degraded, 0u);
    // Every syscall is sampled at 1: each call not emitted was degraded.
    EXPECT_EQ(st.degraded, st.sampled_out);
    ASSERT_TRUE(degrading.pread.has_value());
    EXPECT_GT(degrading.pread->degraded, 0u);
    const uint32_t one_in = degrading.pread->degraded_one_in;
    EXPECT_GE(one_in, 2u);
    EXPECT_LE(one_in, 65536u);
    EXPECT_EQ(one_in & (one_in - 1), 0u) << one_in << " is not a power of two";
    // The windows hold every degraded call (counted at the same place, read after the stop).
    ASSERT_FALSE(st.degrade_windows.empty());
    EXPECT_EQ(st.degrade_windows_dropped, 0u);
    uint64_t in_windows = 0;
    uint32_t thinnest = 0;
    for (const DegradeWindow& w : st.degrade_windows) {
      EXPECT_LE(w.start_ns, w.end_ns);
      EXPECT_GT(w.calls, 0u);
      in_windows += w.calls;
      thinnest = std::max(thinnest, w.min_one_in);
    }
    EXPECT_EQ(in_windows, st.degraded);
    uint32_t thinnest_syscall = 0;
    for (const SyscallStats& s : st.syscalls) {
      thinnest_syscall = std::max(thinnest_syscall, s.degraded_one_in);
    }
    EXPECT_EQ(thinnest, thinnest_syscall);
  }
  // The point of it: with the consumer stalled, the ring stays full; without degrade every
  // record past it is dropped, with it the kernel thins the rows within a few ms (a level a
  // ms, up to 1 in 65536), so the drops are those of the climb.
  EXPECT_LT(degrading.stats.dropped, dropping.stats.dropped);
  std::printf(
      "without degrade: %llu delivered, %llu dropped; with: %llu delivered, %llu dropped, "
      "%llu degraded (1 in %u at most), %zu windows\n",
      static_cast<unsigned long long>(dropping.stats.delivered),
      static_cast<unsigned long long>(dropping.stats.dropped),
      static_cast<unsigned long long>(degrading.stats.delivered),
      static_cast<unsigned long long>(degrading.stats.dropped),
      static_cast<unsigned long long>(degrading.stats.degraded),
      degrading.pread ? degrading.pread->degraded_one_in : 0u,
      degrading.stats.degrade_windows.size());
}

TEST(DegradeE2E, AnUnhurriedTraceIsNotDegraded) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "200"});
  SessionOptions options;
  options.selection.families = {"all"};
  options.degrade = true;
  uint64_t rows = 0;
  SessionStats stats =
      TraceWorkload(workload, options, [&](const EventBatch& batch) { rows += batch.size(); });
  EXPECT_EQ(stats.kernel_count, ExpectedBasic(200).size());
  EXPECT_EQ(stats.degraded, 0u);
  EXPECT_EQ(stats.dropped, 0u);
  EXPECT_EQ(stats.delivered, stats.kernel_count);
  EXPECT_EQ(rows, stats.kernel_count);
  EXPECT_TRUE(stats.degrade_windows.empty());
}

}  // namespace
}  // namespace ior
