// End-to-end: SessionOptions::aggregate_only (ior -summary-only) and the figures of what a
// trace costs (SessionStats::startup, SessionStats::cost). An aggregate-only trace of the basic
// workload delivers no event and counts every one of its calls exactly as a full trace does.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
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

constexpr int kPreads = 5000;

SessionOptions BasicOptions() {
  SessionOptions options;
  options.selection.families = {"all"};
  return options;
}

// Per syscall name: calls and failed calls the basic scenario makes.
struct Counts {
  uint64_t calls = 0;
  uint64_t errors = 0;
};
std::map<std::string, Counts> ExpectedCounts() {
  std::map<std::string, Counts> out;
  for (const testing::ExpectedCall& c : ExpectedBasic(kPreads)) {
    out[c.name].calls++;
    if (!c.any_fd && c.ret < 0) out[c.name].errors++;
  }
  return out;
}

std::map<std::string, Counts> Counted(const SessionStats& stats) {
  std::map<std::string, Counts> out;
  for (const SyscallStats& s : stats.syscalls) out[SyscallName(s.nr)] = {s.count, s.errors};
  return out;
}

TEST(AggregateOnlyE2E, CountsEveryCallAndDeliversNoEvent) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload =
      WorkloadProcess::Start({"basic", file.path(), std::to_string(kPreads)});
  SessionOptions options = BasicOptions();
  options.aggregate_only = true;
  uint64_t events = 0;
  SessionStats stats =
      TraceWorkload(workload, options, [&](const EventBatch& batch) { events += batch.size(); });
  EXPECT_EQ(events, 0u);
  EXPECT_EQ(stats.delivered, 0u);
  EXPECT_EQ(stats.dropped, 0u);
  EXPECT_EQ(stats.sampled_out, stats.kernel_count);
  const std::map<std::string, Counts> expected = ExpectedCounts();
  const std::map<std::string, Counts> counted = Counted(stats);
  for (const auto& [name, want] : expected) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(counted.contains(name));
    EXPECT_EQ(counted.at(name).calls, want.calls);
    EXPECT_EQ(counted.at(name).errors, want.errors);
  }
  // The histogram holds every pread (each returned).
  for (const SyscallStats& s : stats.syscalls) {
    if (SyscallName(s.nr) != "pread64") continue;
    uint64_t in_histogram = 0;
    for (uint64_t b : s.histogram) in_histogram += b;
    EXPECT_EQ(in_histogram, static_cast<uint64_t>(kPreads));
    EXPECT_GT(s.latency_min_ns, 0u);
  }
}

TEST(AggregateOnlyE2E, RefusesTheFiltersThatPickEvents) {
  SessionOptions options = BasicOptions();
  options.aggregate_only = true;
  options.comm_filter = TextFilter{"x"};
  absl::Status s = ValidateOptions(options);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("aggregate_only"), absl::string_view::npos) << s.message();
}

TEST(CostE2E, StartupPhasesAndKernelRunTimeAreMeasured) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "1000"});
  SessionOptions options = BasicOptions();
  options.measure_kernel_time = true;
  SessionStats stats = TraceWorkload(workload, options, [](const EventBatch&) {});
  const StartupTimes& t = stats.startup;
  EXPECT_GT(t.kernel_types_ns, 0u);
  EXPECT_GT(t.load_ns, 0u);
  EXPECT_GT(t.attach_ns, 0u);
  EXPECT_GE(t.total_ns,
            t.kernel_types_ns + t.open_ns + t.load_ns + t.configure_ns + t.seed_ns + t.attach_ns);
  // Every traced call ran both programs at least: the runs are host-wide, so at least that.
  EXPECT_GE(stats.cost.kernel_runs, 2 * stats.kernel_count);
  EXPECT_GT(stats.cost.kernel_run_ns, 0u);
  EXPECT_GT(stats.cost.drain_cpu_ns, 0u);
}

TEST(CostE2E, KernelRunTimeIsNotMeasuredUnlessAsked) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "10"});
  SessionStats stats = TraceWorkload(workload, BasicOptions(), [](const EventBatch&) {});
  EXPECT_EQ(stats.cost.kernel_runs, 0u);
  EXPECT_EQ(stats.cost.kernel_run_ns, 0u);
  EXPECT_GT(stats.startup.total_ns, 0u);
}

}  // namespace
}  // namespace ior
