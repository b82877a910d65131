// Tasks traced only because they took a gone target's id (lib/foreign_tasks.h), and the
// decoder that leaves them out. Unprivileged: the test's own pid as the live target, a reaped
// child's as the absent one, synthetic records.
#include "foreign_tasks.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "absl/time/time.h"
#include "decoder.h"
#include "ior_wire.h"
#include "target_set.h"

namespace ior::internal {
namespace {

constexpr uint64_t kCloneThread = 0x10000;  // CLONE_THREAD

pid_t GonePid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  return child;
}

struct Fixture {
  explicit Fixture(bool follow, std::vector<pid_t> pids, std::vector<pid_t> tids = {})
      : targets(follow, absl::Hours(1)) {
    targets.Reset(pids, tids);
  }
  TargetSet targets;
};

TEST(ForeignTasks, NothingIsForeignWhileEveryTargetLives) {
  const uint32_t self = static_cast<uint32_t>(getpid());
  Fixture f(false, {getpid()});
  ForeignTasks foreign(&f.targets);
  EXPECT_FALSE(foreign.IsForeign(self, self));
  EXPECT_FALSE(foreign.IsForeign(self, self + 1));  // a thread of the target
  foreign.OnExit(self, self + 1, /*group_dead=*/false);
  EXPECT_FALSE(foreign.IsForeign(self, self));
}

TEST(ForeignTasks, AProcessUnderAGoneTargetsNumberIsForeign) {
  const uint32_t self = static_cast<uint32_t>(getpid());
  Fixture f(false, {getpid()});
  ForeignTasks foreign(&f.targets);
  foreign.OnExit(self, self, /*group_dead=*/true);
  EXPECT_TRUE(foreign.IsForeign(self, self));      // the new process with the number
  EXPECT_TRUE(foreign.IsForeign(self, self + 7));  // and its threads
  EXPECT_FALSE(foreign.IsForeign(self + 1, self + 1));
}

TEST(ForeignTasks, ANumberNobodyHadAtTheStartIsGoneFromTheStart) {
  const pid_t gone = GonePid();
  Fixture f(false, {getpid(), gone});
  ForeignTasks foreign(&f.targets);
  EXPECT_TRUE(foreign.IsForeign(gone, gone));
  EXPECT_FALSE(foreign.IsForeign(getpid(), getpid()));
}

TEST(ForeignTasks, AFollowedChildTakingAGoneNumberIsATarget) {
  const uint32_t self = static_cast<uint32_t>(getpid());
  const pid_t gone_pid = GonePid();
  const uint32_t gone = static_cast<uint32_t>(gone_pid);
  Fixture f(true, {getpid(), gone_pid});
  ForeignTasks foreign(&f.targets);
  // A followed child with a number the session never named: never foreign.
  foreign.OnFork(self, self, self + 50, self + 50, 0);
  foreign.OnExit(self + 50, self + 50, true);
  EXPECT_FALSE(foreign.IsForeign(self + 50, self + 50));
  // A followed child that takes the gone number is a target, and so are its threads...
  EXPECT_TRUE(foreign.IsForeign(gone, gone));
  foreign.OnFork(self, self, gone, gone, 0);
  EXPECT_FALSE(foreign.IsForeign(gone, gone));
  foreign.OnFork(gone, gone, gone, gone + 1, kCloneThread);
  EXPECT_FALSE(foreign.IsForeign(gone, gone + 1));
  // ...until it exits: the number is gone again.
  foreign.OnExit(gone, gone + 1, false);
  foreign.OnExit(gone, gone, true);
  EXPECT_TRUE(foreign.IsForeign(gone, gone));
}

TEST(ForeignTasks, WithoutFollowAChildTakingAGoneNumberIsForeign) {
  const pid_t gone = GonePid();
  const uint32_t self = static_cast<uint32_t>(getpid());
  Fixture f(false, {getpid(), gone});
  ForeignTasks foreign(&f.targets);
  foreign.OnFork(self, self, gone, gone, 0);
  EXPECT_TRUE(foreign.IsForeign(gone, gone));
}

TEST(ForeignTasks, WhatAForeignTaskCreatesUnderFollowIsForeign) {
  const pid_t gone = GonePid();
  Fixture f(true, {getpid(), gone});
  ForeignTasks foreign(&f.targets);
  const uint32_t g = static_cast<uint32_t>(gone);
  foreign.OnFork(g, g, 777777, 777777, 0);  // the kernel marks it followed
  EXPECT_TRUE(foreign.IsForeign(777777, 777777));
  foreign.OnExit(777777, 777777, true);
  EXPECT_FALSE(foreign.IsForeign(777777, 777777));  // its number is free again
}

TEST(ForeignTasks, NamingTheNumberAgainMakesItsNewProcessATarget) {
  const uint32_t self = static_cast<uint32_t>(getpid());
  Fixture f(false, {getpid()});
  ForeignTasks foreign(&f.targets);
  foreign.OnExit(self, self, true);
  EXPECT_TRUE(foreign.IsForeign(self, self));
  f.targets.Reset(std::vector<pid_t>{getpid()}, {});  // SetTargets() with the number: it exists
  EXPECT_FALSE(foreign.IsForeign(self, self));
}

TEST(ForeignTasks, ATargetThreadsNumberGoesWithIt) {
  const uint32_t self = static_cast<uint32_t>(getpid());
  Fixture f(false, {}, {getpid()});
  ForeignTasks foreign(&f.targets);
  foreign.OnExit(self, self, false);
  EXPECT_TRUE(foreign.IsForeign(self + 3, self));
}

// The decoder: a foreign task's calls are kForeign, its control records change nothing.
TEST(ForeignTasks, TheDecoderCountsForeignCallsAndIgnoresTheirNames) {
  const uint32_t self = static_cast<uint32_t>(getpid());
  Fixture f(false, {getpid()});
  CommCache comms([](uint32_t, uint32_t, Comm* out) {
    std::strcpy(out->data(), "proc");
    return true;
  });
  Decoder d(&comms);
  d.set_targets(&f.targets);
  EventBatch batch;
  Event e;
  ior_wire_syscall call{};
  call.hdr.type = IOR_WIRE_SYSCALL;
  call.hdr.size = sizeof(call);
  call.pid = self;
  call.tid = self;
  call.nr = 39;
  ior_wire_task task{};
  task.hdr.size = sizeof(task);
  task.pid = self;
  task.tid = self;
  task.hdr.type = IOR_WIRE_TASK;
  std::strcpy(task.comm, "old");
  ASSERT_EQ(d.Decode(&task, sizeof(task), &e, &batch), DecodeResult::kControl);
  ASSERT_EQ(d.Decode(&call, sizeof(call), &e, &batch), DecodeResult::kEvent);
  EXPECT_STREQ(e.comm, "old");
  task.hdr.type = IOR_WIRE_EXIT;
  task.hdr.flags = IOR_WIRE_F_GROUP_DEAD;
  ASSERT_EQ(d.Decode(&task, sizeof(task), &e, &batch), DecodeResult::kControl);
  // The number's next process.
  task.hdr.type = IOR_WIRE_TASK;
  task.hdr.flags = 0;
  std::strcpy(task.comm, "new");
  ASSERT_EQ(d.Decode(&task, sizeof(task), &e, &batch), DecodeResult::kControl);
  EXPECT_EQ(d.Decode(&call, sizeof(call), &e, &batch), DecodeResult::kForeign);
  call.hdr.flags = IOR_WIRE_F_CONTROL;
  EXPECT_EQ(d.Decode(&call, sizeof(call), &e, &batch), DecodeResult::kControl);
  EXPECT_STREQ(comms.Lookup(self, self).comm.data(), "old");  // "new" never reached the cache
}

}  // namespace
}  // namespace ior::internal
