// The session's live targets (lib/target_set.h): when the stream of a session with targets
// ends. Unprivileged: real processes and threads of the test, synthetic exit records.
#include "target_set.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <memory>
#include <vector>

#include "absl/time/clock.h"

namespace ior::internal {
namespace {

constexpr uint64_t kCloneThread = 0x10000;  // CLONE_THREAD

// A child process that lives until the test ends it.
class Child {
 public:
  Child() : pid_(fork()) {
    if (pid_ == 0) {
      pause();
      _exit(0);
    }
  }
  ~Child() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_;
};

// Most tests push the recheck against /proc an hour out: only the records decide.
TEST(TargetSet, ProcessTargetEndsWithItsLastThread) {
  TargetSet t(false, absl::Hours(1));
  const pid_t self = getpid();
  const std::vector<pid_t> pids = {self};
  t.Reset(pids, {});
  EXPECT_FALSE(t.AllGone(absl::Now()));
  t.OnExit(self, self + 1, /*group_dead=*/false);  // one thread of it: the process lives on
  EXPECT_FALSE(t.AllGone(absl::Now()));
  t.OnExit(self, self, /*group_dead=*/true);
  EXPECT_TRUE(t.AllGone(absl::Now()));
}

TEST(TargetSet, ProcessesAndThreadsTraceTheirIntersection) {
  TargetSet t(false, absl::Hours(1));
  const pid_t self = getpid();
  const pid_t tid = gettid();
  const std::vector<pid_t> pids = {self};
  const std::vector<pid_t> tids = {tid};
  t.Reset(pids, tids);
  EXPECT_FALSE(t.AllGone(absl::Now()));
  // The thread is gone, its process is not: nothing the session may trace is left.
  t.OnExit(self, tid, /*group_dead=*/false);
  EXPECT_TRUE(t.AllGone(absl::Now()));
}

TEST(TargetSet, FollowedChildrenKeepTheStreamOpen) {
  TargetSet t(true, absl::Hours(1));
  const pid_t self = getpid();
  const std::vector<pid_t> pids = {self};
  t.Reset(pids, {});
  Child child;
  t.OnFork(child.pid(), child.pid(), 0);
  t.OnFork(self, self + 7, kCloneThread);  // a thread: not a new target
  t.OnExit(self, self, /*group_dead=*/true);
  EXPECT_FALSE(t.AllGone(absl::Now()));
  t.OnExit(child.pid(), child.pid(), /*group_dead=*/true);
  EXPECT_TRUE(t.AllGone(absl::Now()));
}

TEST(TargetSet, ChildrenAreNotFollowedUnlessAsked) {
  TargetSet t(false, absl::Hours(1));
  const pid_t self = getpid();
  const std::vector<pid_t> pids = {self};
  t.Reset(pids, {});
  Child child;
  t.OnFork(child.pid(), child.pid(), 0);
  t.OnExit(self, self, /*group_dead=*/true);
  EXPECT_TRUE(t.AllGone(absl::Now()));
}

TEST(TargetSet, TargetsThatDoNotExistOrNoneAreGone) {
  TargetSet t(false, absl::Hours(1));
  t.Reset({}, {});
  EXPECT_TRUE(t.AllGone(absl::Now()));
  Child child;
  const pid_t gone = child.pid();
  kill(gone, SIGKILL);
  waitpid(gone, nullptr, 0);
  const std::vector<pid_t> pids = {gone};
  t.Reset(pids, {});
  EXPECT_TRUE(t.AllGone(absl::Now()));
}

// An exit record lost to a full ring: the recheck against /proc finds the process gone.
TEST(TargetSet, RecheckFindsAnExitTheRecordsMissed) {
  TargetSet t(false, absl::Milliseconds(1));
  auto child = std::make_unique<Child>();
  const pid_t pid = child->pid();
  const std::vector<pid_t> pids = {pid};
  t.Reset(pids, {});
  EXPECT_FALSE(t.AllGone(absl::Now()));
  child.reset();  // killed and reaped, no record
  EXPECT_TRUE(t.AllGone(absl::Now() + absl::Seconds(1)));
}

}  // namespace
}  // namespace ior::internal
