#include "fault_support.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <utility>

#include "ior/syscall_names.h"

namespace ior::fault {
namespace {

constexpr auto kStopBound = std::chrono::seconds(2);  // generous: the aim is ~10 ms

struct Row {
  std::string scenario;
  SessionStats stats;
  double stop_ms = 0;
};
std::vector<Row>& Table() {
  static std::vector<Row> rows;
  return rows;
}

// The table of every scenario, at the end of the run (the test log keeps it).
class PrintTable : public ::testing::Environment {
 public:
  void TearDown() override {
    std::printf("\n%-30s %9s %9s %8s %8s %11s %8s %9s\n", "scenario", "events", "delivered",
                "dropped", "filtered", "sampled out", "identity", "stop ms");
    for (const Row& r : Table()) {
      const SessionStats& s = r.stats;
      const bool held = s.kernel_count == s.delivered + s.sampled_out + s.dropped + s.filtered;
      std::printf(
          "%-30s %9llu %9llu %8llu %8llu %11llu %8s %9.1f\n", r.scenario.c_str(),
          static_cast<unsigned long long>(s.kernel_count),
          static_cast<unsigned long long>(s.delivered), static_cast<unsigned long long>(s.dropped),
          static_cast<unsigned long long>(s.filtered),
          static_cast<unsigned long long>(s.sampled_out), held ? "held" : "BROKEN", r.stop_ms);
    }
  }
};
const ::testing::Environment* const kTable = ::testing::AddGlobalTestEnvironment(new PrintTable);

}  // namespace

WorkloadProcess StartWorkload(const std::vector<std::string>& args) {
  return WorkloadProcess::StartProgram(IOR_FAULT_WORKLOAD_PATH, args);
}

SessionOptions Options(pid_t pid, std::vector<std::string> syscalls) {
  SessionOptions options;
  options.pids = {pid};
  options.syscalls = std::move(syscalls);
  options.end_with_targets = false;
  return options;
}

void Seen::Add(const EventBatch& b) {
  for (const Event& e : b.events()) {
    if (SyscallName(e.nr) == "getpid") {
      ++getpid;
      getpid_tids.insert(e.tid);
    } else {
      others.push_back(e);
    }
  }
}

SessionStats StopAndAccount(const std::string& scenario, Session& session, Seen& seen,
                            const BatchCallback& extra) {
  const auto t0 = std::chrono::steady_clock::now();
  const absl::Status stopped = session.Stop();
  const auto stop_time = std::chrono::steady_clock::now() - t0;
  EXPECT_TRUE(stopped.ok()) << stopped;
  const double stop_ms = std::chrono::duration<double, std::milli>(stop_time).count();
  std::printf("%s: Stop() took %.1f ms\n", scenario.c_str(), stop_ms);
  EXPECT_LT(stop_time, kStopBound) << scenario;
  for (;;) {
    absl::StatusOr<PollResult> r = session.Poll(absl::Seconds(5), [&](EventBatch& b) {
      seen.Add(b);
      return extra ? extra(b) : 0;
    });
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok() || r->end_of_stream) break;
  }
  SessionStats stats = session.Stats();
  EXPECT_EQ(stats.kernel_count,
            stats.delivered + stats.sampled_out + stats.dropped + stats.filtered)
      << scenario;
  Table().push_back({scenario, stats, stop_ms});
  return stats;
}

void PollUntil(Session& session, Seen& seen, const std::function<bool()>& done,
               absl::Duration limit, const BatchCallback& extra) {
  const absl::Time end = absl::Now() + limit;
  while (!done() && absl::Now() < end) {
    absl::StatusOr<PollResult> r = session.Poll(absl::Milliseconds(20), [&](EventBatch& b) {
      seen.Add(b);
      return extra ? extra(b) : 0;
    });
    ASSERT_TRUE(r.ok()) << r.status();
    if (r->end_of_stream) return;
  }
}

long BlockedIn(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/syscall");
  long nr = -1;
  in >> nr;
  return in ? nr : -1;
}

}  // namespace ior::fault
