// End-to-end: trace tests/e2e/workload.cc for real and compare with what it is known to do.
#include "ior/session.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <map>
#include <string>
#include <vector>

#include "ior/syscall_names.h"
#include "trace_workload.h"
#include "workload_process.h"

namespace ior {
namespace {

using ::ior::testing::StartSession;
using ::ior::testing::TempFile;
using ::ior::testing::WorkloadProcess;

// Every syscall, not the default FS family: the scenarios check complete call sequences.
SessionOptions TraceAll() {
  SessionOptions options;
  options.selection.families = {"all"};
  return options;
}

// Polls until the stopped session reports the end of its stream.
std::vector<Event> DrainAll(Session& session) {
  std::vector<Event> events;
  for (;;) {
    absl::StatusOr<PollResult> r = session.Poll(absl::Seconds(5), [&](const EventBatch& b) {
      events.insert(events.end(), b.events().begin(), b.events().end());
      return 0;
    });
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok() || r->end_of_stream) break;
  }
  return events;
}

struct Expected {
  std::string name;
  int64_t ret;  // exact, or kAnyFd for "a descriptor >= 0"
};
constexpr int64_t kAnyFd = -100000;

// What `ior-workload basic <file> <n>` does after its go byte, as the workload lists it.
std::vector<Expected> BasicScenario(int n) {
  std::vector<Expected> calls;
  for (const testing::ExpectedCall& c : testing::ExpectedBasic(n)) {
    calls.push_back({c.name, c.any_fd ? kAnyFd : c.ret});
  }
  return calls;
}

void ExpectBasicScenario(const std::vector<Event>& events, pid_t pid, int n) {
  std::vector<Expected> expected = BasicScenario(n);
  ASSERT_EQ(events.size(), expected.size());
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    SCOPED_TRACE("event " + std::to_string(i) + " " + SyscallName(e.nr));
    EXPECT_EQ(SyscallName(e.nr), expected[i].name);
    if (expected[i].ret == kAnyFd) {
      EXPECT_GE(e.ret, 3);
    } else {
      EXPECT_EQ(e.ret, expected[i].ret);
    }
    EXPECT_EQ(e.pid, static_cast<uint32_t>(pid));
    EXPECT_EQ(e.tid, static_cast<uint32_t>(pid));
    EXPECT_STREQ(e.comm, "ior-workload");
    bool noreturn = expected[i].name == "exit_group";
    EXPECT_EQ((e.flags & kEventNoReturn) != 0, noreturn);
    if (noreturn) {
      EXPECT_EQ(e.latency_ns, 0u);
    } else {
      EXPECT_GT(e.latency_ns, 0u);
    }
    if (i == 0) {
      EXPECT_TRUE(e.flags & kEventFirstOnThread);
      EXPECT_EQ(e.gap_ns, 0u);
    } else {
      // The gap is measured from the previous call's exit to this call's enter.
      const Event& prev = events[i - 1];
      EXPECT_FALSE(e.flags & kEventFirstOnThread);
      EXPECT_GE(e.enter_ns, prev.enter_ns + prev.latency_ns);
      EXPECT_EQ(e.gap_ns, e.enter_ns - (prev.enter_ns + prev.latency_ns));
    }
  }
  // Arguments are the raw registers: pread64(fd, buf, 1, 0) on the descriptor openat returned.
  EXPECT_EQ(events[1].args[0], static_cast<uint64_t>(events[0].ret));
  EXPECT_EQ(events[1].args[2], 1u);
  EXPECT_EQ(events[1].args[3], 0u);
}

const SyscallStats* Find(const SessionStats& stats, std::string_view name) {
  for (const SyscallStats& s : stats.syscalls)
    if (SyscallName(s.nr) == name) return &s;
  return nullptr;
}

TEST(SessionE2E, TracesExactlyTheWorkloadsCalls) {
  IOR_REQUIRE_TRACING();
  constexpr int kPreads = 10000;
  TempFile file;
  WorkloadProcess workload =
      WorkloadProcess::Start({"basic", file.path(), std::to_string(kPreads)});
  SessionOptions options = TraceAll();
  options.pids = {workload.pid()};
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);

  workload.Go();
  ASSERT_EQ(workload.Wait(), 0);
  ASSERT_TRUE(session->Stop().ok());
  std::vector<Event> events = DrainAll(*session);
  ExpectBasicScenario(events, workload.pid(), kPreads);

  SessionStats stats = session->Stats();
  EXPECT_EQ(stats.dropped, 0u);
  EXPECT_EQ(stats.kernel_count, stats.delivered + stats.dropped);
  EXPECT_EQ(stats.delivered, events.size());
  EXPECT_EQ(stats.queued, 0u);
  // The read(2) that waited for the go byte began before the trace started.
  EXPECT_EQ(stats.exits_without_enter, 1u);
  const SyscallStats* pread = Find(stats, "pread64");
  ASSERT_NE(pread, nullptr);
  EXPECT_EQ(pread->count, static_cast<uint64_t>(kPreads));
  EXPECT_EQ(pread->errors, 0u);
  EXPECT_GT(pread->latency_min_ns, 0u);
  EXPECT_GE(pread->latency_max_ns, pread->latency_min_ns);
  uint64_t in_histogram = 0;
  for (uint64_t b : pread->histogram) in_histogram += b;
  EXPECT_EQ(in_histogram, pread->count);
  const SyscallStats* openat = Find(stats, "openat");
  ASSERT_NE(openat, nullptr);
  EXPECT_EQ(openat->count, 3u);
  EXPECT_EQ(openat->errors, 1u);
  const SyscallStats* close = Find(stats, "close");
  ASSERT_NE(close, nullptr);
  EXPECT_EQ(close->count, 3u);
  EXPECT_EQ(close->errors, 1u);
}

// BatchCallback's contract: a callback may keep the batch by moving it out (the Python
// bindings hand batches on so, without a copy); the kept batches, strings included, are the
// whole trace, and Poll goes on as usual.
TEST(SessionE2E, PollCallbacksMayKeepTheirBatches) {
  IOR_REQUIRE_TRACING();
  constexpr int kPreads = 3000;
  TempFile file;
  WorkloadProcess workload =
      WorkloadProcess::Start({"basic", file.path(), std::to_string(kPreads)});
  SessionOptions options = TraceAll();
  options.pids = {workload.pid()};
  options.batch_size = 100;
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  workload.Go();
  std::vector<EventBatch> kept;
  size_t polled = 0;
  for (bool end = false; !end;) {  // ends by itself with the workload (end_with_targets)
    absl::StatusOr<PollResult> r = session->Poll(absl::Seconds(5), [&](EventBatch& b) {
      kept.push_back(std::move(b));
      return 0;
    });
    ASSERT_TRUE(r.ok()) << r.status();
    polled += r->events;
    end = r->end_of_stream;
  }
  ASSERT_EQ(workload.Wait(), 0);
  ASSERT_GT(kept.size(), 1u);
  std::vector<Event> events;
  size_t named = 0;
  for (const EventBatch& b : kept) {
    for (const Event& e : b.events()) {
      events.push_back(e);
      if (b.File(e) == file.path()) ++named;
    }
  }
  EXPECT_EQ(events.size(), polled);
  ExpectBasicScenario(events, workload.pid(), kPreads);
  // openat twice, every pread64, close twice: named by the batch that holds them.
  EXPECT_EQ(named, static_cast<size_t>(kPreads + 4));
}

TEST(SessionE2E, ThreadFilterTracesTheSameCalls) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "50"});
  SessionOptions options = TraceAll();
  options.tids = {workload.pid()};
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  workload.Go();
  ASSERT_EQ(workload.Wait(), 0);
  ASSERT_TRUE(session->Stop().ok());
  // Other processes are filtered out in the kernel: only the workload's thread remains.
  ExpectBasicScenario(DrainAll(*session), workload.pid(), 50);
}

TEST(SessionE2E, SyscallSelectionKeepsOnlyTheChosenCalls) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "20"});
  SessionOptions options = TraceAll();
  options.pids = {workload.pid()};
  options.selection.families.clear();
  options.syscalls = {"openat"};
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  workload.Go();
  ASSERT_EQ(workload.Wait(), 0);
  ASSERT_TRUE(session->Stop().ok());
  std::vector<Event> events = DrainAll(*session);
  ASSERT_EQ(events.size(), 3u);
  for (const Event& e : events) EXPECT_EQ(SyscallName(e.nr), "openat");
  EXPECT_EQ(events[1].ret, -ENOENT);
  SessionStats stats = session->Stats();
  EXPECT_EQ(stats.kernel_count, 3u);
  EXPECT_EQ(stats.exits_without_enter, 0u);  // read(2) is not selected
}

TEST(SessionE2E, TwoSessionsWithDifferentTargetsRunAtOnce) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess first = WorkloadProcess::Start({"basic", file.path(), "300"});
  WorkloadProcess second = WorkloadProcess::Start({"basic", file.path(), "500"});
  SessionOptions a_options = TraceAll();
  a_options.pids = {first.pid()};
  SessionOptions b_options = TraceAll();
  b_options.pids = {second.pid()};
  std::unique_ptr<Session> a = StartSession(a_options);
  std::unique_ptr<Session> b = StartSession(b_options);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);

  first.Go();
  second.Go();
  ASSERT_EQ(first.Wait(), 0);
  ASSERT_EQ(second.Wait(), 0);
  ASSERT_TRUE(a->Stop().ok());
  ASSERT_TRUE(b->Stop().ok());
  ExpectBasicScenario(DrainAll(*a), first.pid(), 300);
  ExpectBasicScenario(DrainAll(*b), second.pid(), 500);
  for (Session* s : {a.get(), b.get()}) {
    SessionStats stats = s->Stats();
    EXPECT_EQ(stats.kernel_count, stats.delivered + stats.dropped);
  }
}

TEST(SessionE2E, SmallRingCountsEveryLoss) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "100000"});
  SessionOptions options = TraceAll();
  options.pids = {workload.pid()};
  options.ring_bytes = 4096;  // about 36 records: the workload outruns the consumer
  options.max_delay = absl::Milliseconds(20);
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  workload.Go();
  ASSERT_EQ(workload.Wait(), 0);
  ASSERT_TRUE(session->Stop().ok());
  std::vector<Event> events = DrainAll(*session);
  SessionStats stats = session->Stats();
  // Whatever the ring could not hold is counted, never lost silently.
  EXPECT_GT(stats.dropped, 0u);
  EXPECT_EQ(stats.kernel_count, BasicScenario(100000).size());
  EXPECT_EQ(stats.kernel_count, stats.delivered + stats.dropped);
  EXPECT_EQ(stats.delivered, events.size());
}

TEST(SessionE2E, ManyTargetsAreLookedUpInTheMap) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "40"});
  SessionOptions options = TraceAll();
  // More targets than fit inline (IOR_WIRE_INLINE_TARGETS): the kernel consults a hash map.
  options.pids = {4000001, 4000002, 4000003, workload.pid(), 4000004, 4000005};
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  workload.Go();
  ASSERT_EQ(workload.Wait(), 0);
  ASSERT_TRUE(session->Stop().ok());
  ExpectBasicScenario(DrainAll(*session), workload.pid(), 40);
}

TEST(SessionE2E, TargetsChangeWhileRunning) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess first = WorkloadProcess::Start({"basic", file.path(), "30"});
  WorkloadProcess second = WorkloadProcess::Start({"basic", file.path(), "60"});
  SessionOptions options = TraceAll();
  options.pids = {first.pid()};
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  // Switch to the second workload (inline set), then to a set large enough for the map that
  // still holds it: each step keeps the second one traced.
  std::vector<pid_t> only_second = {second.pid()};
  ASSERT_TRUE(session->SetTargets(only_second, {}).ok());
  first.Go();
  ASSERT_EQ(first.Wait(), 0);  // runs untraced
  std::vector<pid_t> many = {4000001, 4000002, 4000003, 4000004, second.pid()};
  ASSERT_TRUE(session->SetTargets(many, {}).ok());
  second.Go();
  ASSERT_EQ(second.Wait(), 0);
  ASSERT_TRUE(session->Stop().ok());
  ExpectBasicScenario(DrainAll(*session), second.pid(), 60);
  EXPECT_EQ(session->SetTargets(many, {}).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(SessionE2E, RenamedTaskIsNamedFromItsNextCall) {
  IOR_REQUIRE_TRACING();
  WorkloadProcess workload = WorkloadProcess::Start({"rename", "renamed-task"});
  SessionOptions options = TraceAll();
  options.pids = {workload.pid()};
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  workload.Go();
  ASSERT_EQ(workload.Wait(), 0);
  ASSERT_TRUE(session->Stop().ok());
  std::vector<Event> events = DrainAll(*session);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(SyscallName(events[0].nr), "prctl");
  // The rename record is written inside prctl, before its exit: the call shows the new name.
  EXPECT_STREQ(events[0].comm, "renamed-task");
  EXPECT_EQ(SyscallName(events[1].nr), "getpid");
  EXPECT_EQ(events[1].ret, workload.pid());
  EXPECT_STREQ(events[1].comm, "renamed-task");
  EXPECT_STREQ(events[2].comm, "renamed-task");
}

TEST(SessionE2E, PollBeforeStartIsAnError) {
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Create(SessionOptions{});
  ASSERT_TRUE(s.ok());
  absl::StatusOr<PollResult> r =
      (*s)->Poll(absl::ZeroDuration(), [](const EventBatch&) { return 0; });
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace ior
