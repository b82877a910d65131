// A session with targets ends its stream by itself once they are gone (end_with_targets): the
// README's `while (!err) err = ior_session_poll(...)` loop and Python's batches() end without a
// Stop(), and with follow the session outlives a parent until its last descendant exits.
#include <gtest/gtest.h>
#include <sys/syscall.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "ior/event.h"
#include "ior/session.h"
#include "trace_workload.h"
#include "workload_process.h"

namespace ior {
namespace {

using testing::StartSession;
using testing::TempFile;
using testing::WorkloadProcess;

// Polls without ever calling Stop() until the stream ends or `limit` passes; whether it ended.
bool PollUntilEnd(Session& session, absl::Duration limit, std::vector<Event>* events) {
  const absl::Time deadline = absl::Now() + limit;
  while (absl::Now() < deadline) {
    absl::StatusOr<PollResult> r = session.Poll(absl::Milliseconds(100), [&](const EventBatch& b) {
      events->insert(events->end(), b.events().begin(), b.events().end());
      return 0;
    });
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return false;
    if (r->end_of_stream) return true;
  }
  return false;
}

TEST(EndWithTargetsE2E, TheStreamEndsWhenTheTargetExits) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "200"});
  SessionOptions options;
  options.pids = {workload.pid()};
  options.syscalls = {"pread64"};
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  workload.Go();
  std::vector<Event> events;
  ASSERT_TRUE(PollUntilEnd(*session, absl::Seconds(20), &events))
      << "the stream did not end after the target exited";
  EXPECT_EQ(workload.Wait(), 0);
  EXPECT_EQ(events.size(), 200u);  // everything the target did was delivered first
  SessionStats stats = session->Stats();
  EXPECT_EQ(stats.kernel_count,
            stats.delivered + stats.sampled_out + stats.dropped + stats.filtered);
  EXPECT_TRUE(session->Stop().ok());  // still fine, and idempotent
}

TEST(EndWithTargetsE2E, WithFollowTheStreamWaitsForTheLastDescendant) {
  IOR_REQUIRE_TRACING();
  // The workload exits at once; its child sleeps 400 ms, then calls getpid 3 times.
  WorkloadProcess workload = WorkloadProcess::Start({"orphan", "400", "3"});
  SessionOptions options;
  options.pids = {workload.pid()};
  options.follow = true;
  options.syscalls = {"getpid"};
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  workload.Go();
  EXPECT_EQ(workload.Wait(), 0);  // the parent is gone; the child lives on
  std::vector<Event> events;
  ASSERT_TRUE(PollUntilEnd(*session, absl::Seconds(20), &events));
  ASSERT_EQ(events.size(), 3u) << "the stream ended before the child's calls";
  for (const Event& e : events) {
    EXPECT_EQ(e.nr, static_cast<uint32_t>(SYS_getpid));
    EXPECT_NE(e.pid, static_cast<uint32_t>(workload.pid()));
  }
}

TEST(EndWithTargetsE2E, WithoutFollowTheParentsExitEndsTheStream) {
  IOR_REQUIRE_TRACING();
  WorkloadProcess workload = WorkloadProcess::Start({"orphan", "3000", "3"});
  SessionOptions options;
  options.pids = {workload.pid()};
  options.syscalls = {"getpid"};
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  workload.Go();
  EXPECT_EQ(workload.Wait(), 0);
  std::vector<Event> events;
  // Ends long before the untraced child's 3 s sleep is over.
  ASSERT_TRUE(PollUntilEnd(*session, absl::Seconds(2), &events));
  EXPECT_TRUE(events.empty());
}

TEST(EndWithTargetsE2E, OffTheSessionTracesUntilStop) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "20"});
  SessionOptions options;
  options.pids = {workload.pid()};
  options.syscalls = {"pread64"};
  options.end_with_targets = false;
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  workload.Go();
  EXPECT_EQ(workload.Wait(), 0);
  std::vector<Event> events;
  EXPECT_FALSE(PollUntilEnd(*session, absl::Milliseconds(600), &events));
  EXPECT_EQ(events.size(), 20u);
  ASSERT_TRUE(session->Stop().ok());
  EXPECT_TRUE(PollUntilEnd(*session, absl::Seconds(5), &events));
}

TEST(EndWithTargetsE2E, ATargetThatExitsBeforeAttachingEndsTheStreamAtOnce) {
  IOR_REQUIRE_TRACING();
  // An unreaped child that has exited: it exists (Start accepts it) but is no longer alive.
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "1"});
  workload.Go();
  const std::string stat = "/proc/" + std::to_string(workload.pid()) + "/stat";
  for (int i = 0; i < 500; ++i) {  // until it is a zombie (state Z), at most ~5 s
    std::ifstream in(stat);
    std::string line;
    std::getline(in, line);
    const size_t paren = line.rfind(')');
    if (paren != std::string::npos && line.compare(paren + 2, 1, "Z") == 0) break;
    absl::SleepFor(absl::Milliseconds(10));
  }
  SessionOptions options;
  options.pids = {workload.pid()};
  std::unique_ptr<Session> session = StartSession(options);
  ASSERT_NE(session, nullptr);
  std::vector<Event> events;
  EXPECT_TRUE(PollUntilEnd(*session, absl::Seconds(2), &events));
  EXPECT_EQ(workload.Wait(), 0);
}

TEST(EndWithTargetsE2E, ATargetThatNoLongerExistsIsRefusedAtStart) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "1"});
  workload.Go();
  ASSERT_EQ(workload.Wait(), 0);  // reaped: the pid names nothing now
  SessionOptions options;
  options.pids = {workload.pid()};
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Create(options);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ((*s)->Start().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace ior
