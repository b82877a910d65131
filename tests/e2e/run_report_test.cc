// End-to-end: the end-of-run report (ior/run_report.h) of real traces of tests/e2e/workload.cc.
// Its percentiles come from the kernel's histograms; an unsampled run delivers every call as a
// row, so the rows give the exact values to hold them against.
#include "ior/run_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ior/latency_histogram.h"
#include "ior/session.h"
#include "ior/stats.h"
#include "ior/syscall_names.h"
#include "trace_workload.h"
#include "workload_process.h"

namespace ior {
namespace {

using ::ior::testing::TempFile;
using ::ior::testing::TraceWorkload;
using ::ior::testing::WorkloadProcess;

constexpr int kCalls = 20000;

// The nearest-rank q-quantile, as LatencyPercentile() defines it.
uint64_t ExactPercentile(std::vector<uint64_t> values, double q) {
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
  rank = std::clamp<size_t>(rank, 1, values.size());
  return values[rank - 1];
}

struct Traced {
  SessionStats stats;
  RunReport report;
  std::map<std::string, std::vector<uint64_t>> latencies;  // of the rows, by syscall
};

Traced TraceBasic(const std::string& file, const Selection& selection) {
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file, std::to_string(kCalls)});
  SessionOptions options;
  options.selection = selection;
  options.ring_bytes = size_t{32} << 20;  // room for every row: nothing may drop
  RunReportSink sink;
  Traced t;
  t.stats = TraceWorkload(workload, options, [&](const EventBatch& batch) {
    sink.Write(batch);
    for (const Event& e : batch.events()) {
      if ((e.flags & kEventNoReturn) == 0) t.latencies[SyscallName(e.nr)].push_back(e.latency_ns);
    }
  });
  t.report = sink.Build(t.stats);
  return t;
}

const RunReport::Syscall* Find(const RunReport& report, const std::string& name) {
  for (const RunReport::Syscall& s : report.syscalls) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

TEST(RunReportE2E, PercentilesMatchTheRowsOfAnUnsampledRun) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  Selection selection;
  selection.syscalls = {"openat", "pread64", "close", "exit_group"};
  Traced t = TraceBasic(file.path(), selection);
  ASSERT_EQ(t.stats.dropped, 0u);
  ASSERT_TRUE(t.report.accounting.balanced);

  // The kernel buckets every latency as ior/latency_histogram.h says: with every call
  // delivered, its histograms are those of the rows, bucket for bucket.
  for (const SyscallStats& s : t.stats.syscalls) {
    const std::string name = SyscallName(s.nr);
    SCOPED_TRACE(name);
    ASSERT_EQ(s.delivered, s.count);
    std::array<uint64_t, kHistogramBuckets> from_rows{};
    for (uint64_t ns : t.latencies[name]) ++from_rows[LatencyBucket(ns)];
    EXPECT_EQ(s.histogram, from_rows);
  }

  const RunReport::Syscall* pread = Find(t.report, "pread64");
  ASSERT_NE(pread, nullptr);
  EXPECT_EQ(pread->count, static_cast<uint64_t>(kCalls));
  EXPECT_EQ(pread->rows, static_cast<uint64_t>(kCalls));
  EXPECT_EQ(pread->timed, static_cast<uint64_t>(kCalls));
  EXPECT_EQ(pread->bytes_read, static_cast<uint64_t>(kCalls));  // 1 byte a call
  EXPECT_EQ(pread->bytes_written, 0u);
  const std::vector<uint64_t>& rows = t.latencies["pread64"];
  ASSERT_EQ(rows.size(), static_cast<size_t>(kCalls));
  for (const auto& [q, got] : {std::pair{0.50, pread->p50_ns}, std::pair{0.95, pread->p95_ns},
                               std::pair{0.99, pread->p99_ns}}) {
    const double exact = static_cast<double>(ExactPercentile(rows, q));
    std::printf("pread64 p%.0f: report %llu ns, rows %.0f ns (%+.2f%%)\n", q * 100,
                static_cast<unsigned long long>(got), exact,
                100 * (static_cast<double>(got) - exact) / exact);
    EXPECT_NEAR(static_cast<double>(got), exact, 0.10 * exact) << "q " << q;
  }
  EXPECT_EQ(pread->max_ns, *std::max_element(rows.begin(), rows.end()));

  // Every syscall, small counts included: percentiles within 10% of the rows' (the extremes
  // of a bucket are exact, so few calls come out close).
  for (const RunReport::Syscall& s : t.report.syscalls) {
    if (!s.has_percentiles) continue;
    const std::vector<uint64_t>& v = t.latencies[s.name];
    for (const auto& [q, got] : {std::pair{0.50, s.p50_ns}, std::pair{0.99, s.p99_ns}}) {
      const double exact = static_cast<double>(ExactPercentile(v, q));
      EXPECT_NEAR(static_cast<double>(got), exact, 0.10 * exact) << s.name << " q " << q;
    }
  }

  // exit_group never returns: counted, not timed, no percentiles.
  const RunReport::Syscall* exit_group = Find(t.report, "exit_group");
  ASSERT_NE(exit_group, nullptr);
  EXPECT_EQ(exit_group->count, 1u);
  EXPECT_EQ(exit_group->timed, 0u);
  EXPECT_FALSE(exit_group->has_percentiles);

  // What only the rows know: errno names, the file the time and the bytes went to.
  const RunReport::Syscall* openat = Find(t.report, "openat");
  const RunReport::Syscall* close = Find(t.report, "close");
  ASSERT_NE(openat, nullptr);
  ASSERT_NE(close, nullptr);
  EXPECT_EQ(openat->count, 3u);
  EXPECT_EQ(openat->errors, 1u);
  ASSERT_EQ(openat->top_errors.size(), 1u);
  EXPECT_EQ(openat->top_errors[0].name, "ENOENT");
  EXPECT_EQ(openat->top_errors[0].count, 1u);
  EXPECT_EQ(close->errors, 1u);
  ASSERT_EQ(close->top_errors.size(), 1u);
  EXPECT_EQ(close->top_errors[0].name, "EBADF");
  ASSERT_FALSE(t.report.top_files_by_bytes.empty());
  EXPECT_EQ(t.report.top_files_by_bytes[0].file, file.path());
  EXPECT_EQ(t.report.top_files_by_bytes[0].bytes, static_cast<uint64_t>(kCalls));
  ASSERT_FALSE(t.report.top_files_by_time.empty());
  EXPECT_EQ(t.report.top_files_by_time[0].file, file.path());
  EXPECT_EQ(t.report.rows_seen, t.stats.delivered);

  const std::string text = FormatRunReportText(t.report);
  EXPECT_NE(text.find(" p50 "), std::string::npos) << text;
  EXPECT_NE(text.find(" p99 "), std::string::npos) << text;
  EXPECT_NE(text.find(": balanced\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  openat: ENOENT 1\n"), std::string::npos) << text;
}

TEST(RunReportE2E, SampledOutCallsCountInThePercentiles) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  Selection selection;
  selection.syscalls = {"openat", "pread64"};
  selection.sample_syscalls = {{"pread64", 10}};
  Traced t = TraceBasic(file.path(), selection);
  const RunReport::Syscall* pread = Find(t.report, "pread64");
  ASSERT_NE(pread, nullptr);
  EXPECT_EQ(pread->count, static_cast<uint64_t>(kCalls));
  EXPECT_LT(pread->rows, static_cast<uint64_t>(kCalls / 5));  // one in ten, at random
  EXPECT_EQ(pread->rows + pread->sampled_out, pread->count);
  // The histogram holds every call, not only the rows.
  EXPECT_EQ(pread->timed, static_cast<uint64_t>(kCalls));
  EXPECT_TRUE(pread->has_percentiles);
  EXPECT_LE(pread->p50_ns, pread->p99_ns);
  EXPECT_LE(pread->p99_ns, pread->max_ns);
  EXPECT_EQ(t.latencies["pread64"].size(), pread->rows);
  EXPECT_EQ(t.report.accounting.sampled_out, pread->sampled_out);
  EXPECT_TRUE(t.report.accounting.balanced);
  // Figures of rows say how many rows they come from.
  const std::string text = FormatRunReportText(t.report);
  EXPECT_NE(text.find(" rows of " + std::to_string(t.stats.kernel_count) + " calls)"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace ior
