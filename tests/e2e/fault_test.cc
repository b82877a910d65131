// Fault scenarios (issue 15): a traced process killed in the middle of a call, a fork storm
// traced with follow, an exec storm, 2,000 threads alive at once, and a tiny ring drained by
// a callback that sleeps. In each, every call the kernel counted is accounted for
// (kernel_count == delivered + sampled_out + dropped + filtered), the marker rows (getpid) are
// exactly those the workload made, and Stop() returns promptly. The targets are the workload's
// own pid (and, with follow, its descendants): other processes of the machine are not traced.
//
// Runs as one process (not one per test) so that it ends with the table of every scenario.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ior/session.h"
#include "ior/stats.h"
#include "ior/syscall_names.h"
#include "workload_process.h"

namespace ior {
namespace {

using ::ior::testing::WorkloadProcess;

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

WorkloadProcess StartWorkload(const std::vector<std::string>& args) {
  return WorkloadProcess::StartProgram(IOR_FAULT_WORKLOAD_PATH, args);
}

std::unique_ptr<Session> StartSession(const SessionOptions& options) {
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Create(options);
  EXPECT_TRUE(s.ok()) << s.status();
  if (!s.ok()) return nullptr;
  absl::Status started = (*s)->Start();
  EXPECT_TRUE(started.ok()) << started;
  if (!started.ok()) return nullptr;
  return *std::move(s);
}

// The session traces until Stop() (not until its targets are gone), so that Stop() is what
// ends every scenario and its time is measured on real work: detaching and draining the ring.
SessionOptions Options(pid_t pid, std::vector<std::string> syscalls) {
  SessionOptions options;
  options.pids = {pid};
  options.syscalls = std::move(syscalls);
  options.end_with_targets = false;
  return options;
}

// What a scenario saw: getpid rows (and their threads), other rows by name.
struct Seen {
  uint64_t getpid = 0;
  std::set<uint32_t> getpid_tids;
  std::vector<Event> others;
  void Add(const EventBatch& b) {
    for (const Event& e : b.events()) {
      if (SyscallName(e.nr) == "getpid") {
        ++getpid;
        getpid_tids.insert(e.tid);
      } else {
        others.push_back(e);
      }
    }
  }
};

// Stops the session (timed), drains it to its end, checks the identity and records the row.
SessionStats StopAndAccount(const std::string& scenario, Session& session, Seen& seen,
                            const BatchCallback& extra = nullptr) {
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

// Polls until `done` or `limit` passes.
void PollUntil(Session& session, Seen& seen, const std::function<bool()>& done,
               absl::Duration limit = absl::Seconds(30)) {
  const absl::Time end = absl::Now() + limit;
  while (!done() && absl::Now() < end) {
    absl::StatusOr<PollResult> r = session.Poll(absl::Milliseconds(20), [&](const EventBatch& b) {
      seen.Add(b);
      return 0;
    });
    ASSERT_TRUE(r.ok()) << r.status();
    if (r->end_of_stream) return;
  }
}

// The number of the syscall `pid` is blocked in (/proc/<pid>/syscall), or -1.
long BlockedIn(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/syscall");
  long nr = -1;
  in >> nr;
  return in ? nr : -1;
}

TEST(FaultTest, ProcessKilledInTheMiddleOfACall) {
  IOR_REQUIRE_TRACING();
  WorkloadProcess w = StartWorkload({"block", "100"});
  SessionOptions options = Options(w.pid(), {"getpid", "read"});
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  w.Go();
  Seen seen;
  // Its 100 getpid delivered, then it sleeps in read(2): kill it there.
  PollUntil(*session, seen, [&] { return seen.getpid == 100 && BlockedIn(w.pid()) == 0; });
  ASSERT_EQ(BlockedIn(w.pid()), 0) << "the workload never blocked in read";
  ASSERT_EQ(kill(w.pid(), SIGKILL), 0);
  EXPECT_EQ(w.Wait(), 128 + SIGKILL);
  const SessionStats stats = StopAndAccount("killed mid-call", *session, seen);
  EXPECT_EQ(seen.getpid, 100u);
  EXPECT_EQ(stats.dropped, 0u);
  // The read interrupted by the kill: its exit is traced on the way out of the kernel (before
  // the signal ends the task), with the kernel's internal restart code, -ERESTARTSYS.
  ASSERT_EQ(seen.others.size(), 1u);
  EXPECT_EQ(SyscallName(seen.others[0].nr), "read");
  EXPECT_EQ(seen.others[0].ret, -512);
  std::printf("killed mid-call: the read's row has ret %lld\n",
              static_cast<long long>(seen.others[0].ret));
}

TEST(FaultTest, ForkStormWithFollow) {
  IOR_REQUIRE_TRACING();
  constexpr int kChildren = 300, kCalls = 20;
  WorkloadProcess w = StartWorkload({"forks", std::to_string(kChildren), std::to_string(kCalls)});
  SessionOptions options = Options(w.pid(), {"getpid"});
  options.follow = true;
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  w.Go();
  Seen seen;
  EXPECT_EQ(w.Wait(), 0);
  const SessionStats stats = StopAndAccount("fork storm (follow)", *session, seen);
  EXPECT_EQ(stats.dropped, 0u);
  EXPECT_EQ(seen.getpid, uint64_t{kChildren} * kCalls);
  EXPECT_EQ(seen.getpid_tids.size(), size_t{kChildren});
}

TEST(FaultTest, ExecStorm) {
  IOR_REQUIRE_TRACING();
  constexpr int kExecs = 200;
  WorkloadProcess w = StartWorkload({"execs", std::to_string(kExecs)});
  SessionOptions options = Options(w.pid(), {"getpid", "execve"});
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  w.Go();
  Seen seen;
  EXPECT_EQ(w.Wait(), 0);
  const SessionStats stats = StopAndAccount("exec storm", *session, seen);
  EXPECT_EQ(stats.dropped, 0u);
  EXPECT_EQ(seen.getpid, uint64_t{kExecs} + 1);
  size_t execs = 0;
  for (const Event& e : seen.others) {
    if (SyscallName(e.nr) == "execve" && e.ret == 0 && e.pid == static_cast<uint32_t>(w.pid())) {
      ++execs;
    }
  }
  EXPECT_EQ(execs, size_t{kExecs});
}

TEST(FaultTest, TwoThousandThreadsWithACommFilter) {
  IOR_REQUIRE_TRACING();
  constexpr int kThreads = 2000;
  WorkloadProcess w = StartWorkload({"threads", std::to_string(kThreads)});
  SessionOptions options = Options(w.pid(), {"getpid"});
  options.comm_filter = TextFilter{"even", TextFilter::Match::kExact};
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  w.Go();
  Seen seen;
  EXPECT_EQ(w.Wait(), 0);
  const SessionStats stats = StopAndAccount("2,000 threads (-comm even)", *session, seen);
  EXPECT_EQ(stats.dropped, 0u);
  // Half the threads are "even": their rows are delivered, the others' filtered.
  EXPECT_EQ(seen.getpid, uint64_t{kThreads} / 2);
  EXPECT_EQ(seen.getpid_tids.size(), size_t{kThreads} / 2);
  EXPECT_EQ(stats.filtered, uint64_t{kThreads} / 2);
}

// A ring of one page (a few dozen records), batches of 16, two queued batches at most, and a
// consumer that sleeps 2 ms per batch while the workload makes getpid calls as fast as it can.
SessionOptions TinyRing(pid_t pid) {
  SessionOptions options = Options(pid, {"getpid"});
  options.ring_bytes = 4096;
  options.batch_size = 16;
  options.max_queued_batches = 2;
  return options;
}

int Sleepy(const EventBatch&) {
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return 0;
}

// Polls with the sleeping callback until `stop_polling` (set by another thread). The callback
// says when to stop: while the drain thread keeps the queue filled, Poll() hands over batch
// after batch and returns only when its callback asks it to.
void PollSlowly(Session& session, Seen& seen, const std::atomic<bool>& stop_polling) {
  while (!stop_polling) {
    absl::StatusOr<PollResult> r = session.Poll(absl::Milliseconds(10), [&](const EventBatch& b) {
      seen.Add(b);
      Sleepy(b);
      return stop_polling ? 1 : 0;
    });
    ASSERT_TRUE(r.ok()) << r.status();
  }
}

TEST(FaultTest, TinyRingAndACallbackThatSleeps) {
  IOR_REQUIRE_TRACING();
  constexpr int kCalls = 50000;
  WorkloadProcess w = StartWorkload({"calls", std::to_string(kCalls)});
  std::unique_ptr<Session> session = StartSession(TinyRing(w.pid()));
  ASSERT_NE(session, nullptr);
  w.Go();
  Seen seen;
  // The consumer is slow while the workload runs...
  std::atomic<bool> exited = false;
  int status = -1;
  std::thread waiter([&] {
    status = w.Wait();
    exited = true;
  });
  PollSlowly(*session, seen, exited);
  waiter.join();
  EXPECT_EQ(status, 0);
  // ...and still slow while the rest drains.
  const SessionStats stats = StopAndAccount("tiny ring, sleeping callback", *session, seen, Sleepy);
  EXPECT_GT(stats.dropped, 0u);
  EXPECT_EQ(seen.getpid + stats.dropped, uint64_t{kCalls});
  EXPECT_EQ(stats.delivered, seen.getpid);
}

TEST(FaultTest, StopInTheMiddleOfAStormWithATinyRing) {
  IOR_REQUIRE_TRACING();
  // Far more calls than the test lets it make: Stop() comes in the middle.
  WorkloadProcess w = StartWorkload({"calls", "2000000000"});
  std::unique_ptr<Session> session = StartSession(TinyRing(w.pid()));
  ASSERT_NE(session, nullptr);
  w.Go();
  Seen seen;
  std::atomic<bool> enough = false;
  std::thread timer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    enough = true;
  });
  PollSlowly(*session, seen, enough);
  timer.join();
  // Stopped while the workload still calls, the ring is full and the consumer is slow.
  const SessionStats stats = StopAndAccount("stop mid-storm, tiny ring", *session, seen, Sleepy);
  EXPECT_GT(stats.dropped, 0u);
  EXPECT_EQ(stats.delivered, seen.getpid);
  EXPECT_EQ(kill(w.pid(), SIGKILL), 0);
  EXPECT_EQ(w.Wait(), 128 + SIGKILL);
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
}  // namespace ior
