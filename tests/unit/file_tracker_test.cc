// The fd tables of the file tracker on synthetic events with a fake /proc: paths joined with
// their directory, dup/fcntl/close, fork/exec/exit, renames, failed calls, memory bounds.
#include "file_tracker.h"

#include <gtest/gtest.h>

#include <string>

#include "file_tracker_test_util.h"

namespace ior::internal::tracker_test {
namespace {

TEST(PathTest, NormalizesLexically) {
  EXPECT_EQ(NormalizePath("a/./b/../c"), "a/c");
  EXPECT_EQ(NormalizePath("/x//y/"), "/x/y");
  EXPECT_EQ(NormalizePath("/.."), "/");
  EXPECT_EQ(NormalizePath("/a/b/../../.."), "/");
  EXPECT_EQ(NormalizePath("../x/.."), "..");
  EXPECT_EQ(NormalizePath("./"), ".");
  EXPECT_EQ(NormalizePath(""), "");
  EXPECT_EQ(JoinPath("/home/u", "../v/./f"), "/home/v/f");
  EXPECT_EQ(JoinPath("/home/u", "/etc//passwd"), "/etc/passwd");
  EXPECT_EQ(JoinPath("/home/u/", ""), "/home/u");
}

TEST_F(FileTrackerTest, OpenReadCloseWithRelativePathsAndDirfds) {
  EXPECT_EQ(Open(100, "data/./a.txt", 3, 11), "/home/u/data/a.txt");
  EXPECT_EQ(Fd("read", 100, 3, 11, 5), "/home/u/data/a.txt");
  EXPECT_EQ(Open(100, "/srv/", 4, 12, kODirectory), "/srv");
  EXPECT_EQ(Open(100, "x/../y", 5, 13, 0, 4), "/srv/y");
  EXPECT_EQ(Fd("newfstat", 100, 5, 13), "/srv/y");
  EXPECT_EQ(R(Ev("newfstatat", 100, 0, {4, 0, 0, 0}), "z"), "/srv/z");
  EXPECT_EQ(R(Ev("newfstatat", 100, 0, {5, 0, 0, kAtEmptyPath}), ""), "/srv/y");
  EXPECT_EQ(R(Ev("unlinkat", 100, 0, {kAtFdcwd, 0, 0}), "../tmp"), "/home/tmp");
  EXPECT_EQ(R(Ev("open", 100, 6, {0, 0, 0}), "rel", {}, {}, Id(14)), "/home/u/rel");
  EXPECT_EQ(R(Ev("creat", 100, 7, {0, 0644}), "new.txt", {}, {}, Id(15)), "/home/u/new.txt");
  EXPECT_EQ(Fd("write", 100, 7, 15, 3), "/home/u/new.txt");
  EXPECT_EQ(Fd("close", 100, 3, 11), "/home/u/data/a.txt");
  EXPECT_EQ(ft_.Find(100, 3), nullptr);
  EXPECT_EQ(Fd("lseek", 100, 5, 13), "/srv/y");
  EXPECT_EQ(proc_.cwd_reads, 1);  // the working directory was learnt once
  EXPECT_EQ(proc_.fd_reads, 0);   // every descriptor came from the events
}

TEST_F(FileTrackerTest, CwdFollowsChdirAndFchdir) {
  EXPECT_EQ(R(Ev("chdir", 100, 0, {0}), "sub/"), "/home/u/sub");
  EXPECT_EQ(ft_.Cwd(100), "/home/u/sub");
  EXPECT_EQ(Open(100, "f", 3, 1), "/home/u/sub/f");
  EXPECT_EQ(Open(100, "/tmp", 4, 2, kODirectory), "/tmp");
  EXPECT_EQ(Fd("fchdir", 100, 4, 2), "/tmp");
  EXPECT_EQ(R(Ev("access", 100, 0, {0, 0}), "q"), "/tmp/q");
  EXPECT_EQ(R(Ev("chdir", 100, -2, {0}), "nope"), "/tmp/nope");  // failed: no change
  EXPECT_EQ(R(Ev("newstat", 100, 0, {0, 0}), "a"), "/tmp/a");
  EXPECT_EQ(R(Ev("chdir", 100, 0, {0}), "../.."), "/");
  EXPECT_EQ(R(Ev("mkdir", 100, 0, {0, 0755}), "d"), "/d");
}

TEST_F(FileTrackerTest, DupChainsCarryPathsAndCloexec) {
  EXPECT_EQ(Open(100, "/f", 3, 1, kOCloexec), "/f");
  EXPECT_TRUE(Cloexec(100, 3));
  EXPECT_EQ(Fd("dup", 100, 3, 1, 4), "/f");
  EXPECT_FALSE(Cloexec(100, 4));  // dup clears close-on-exec
  EXPECT_EQ(R(Ev("dup2", 100, 9, {4, 9}), {}, {}, Id(1), Id(1)), "/f");
  EXPECT_FALSE(Cloexec(100, 9));
  EXPECT_EQ(R(Ev("dup3", 100, 10, {9, 10, kOCloexec}), {}, {}, Id(1), Id(1)), "/f");
  EXPECT_TRUE(Cloexec(100, 10));
  EXPECT_EQ(R(Ev("dup2", 100, -9, {55, 11}), {}, {}), "");  // failed: nothing
  EXPECT_EQ(ft_.Find(100, 11), nullptr);
  EXPECT_EQ(R(Ev("fcntl", 100, 20, {10, 0 /*F_DUPFD*/, 20}), {}, {}, Id(1)), "/f");
  EXPECT_FALSE(Cloexec(100, 20));
  EXPECT_EQ(R(Ev("fcntl", 100, 30, {20, 1030 /*F_DUPFD_CLOEXEC*/, 30}), {}, {}, Id(1)), "/f");
  EXPECT_TRUE(Cloexec(100, 30));
  EXPECT_EQ(R(Ev("fcntl", 100, 0, {30, 2 /*F_SETFD*/, 0})), "/f");
  EXPECT_FALSE(Cloexec(100, 30));
  EXPECT_EQ(R(Ev("fcntl", 100, 0, {4, 2 /*F_SETFD*/, 1 /*FD_CLOEXEC*/})), "/f");
  EXPECT_TRUE(Cloexec(100, 4));
  EXPECT_EQ(R(Ev("ioctl", 100, 0, {20, 0x5451 /*FIOCLEX*/, 0})), "/f");
  EXPECT_TRUE(Cloexec(100, 20));
  EXPECT_EQ(R(Ev("ioctl", 100, 0, {3, 0x5450 /*FIONCLEX*/, 0})), "/f");
  EXPECT_FALSE(Cloexec(100, 3));
  EXPECT_EQ(R(Ev("fcntl", 100, 0, {9, 4 /*F_SETFL*/, kONonblock | kOAppend | kOCloexec})), "/f");
  EXPECT_EQ(ft_.Find(100, 9)->flags, kONonblock | kOAppend);  // O_CLOEXEC is not a status flag
  EXPECT_EQ(Fd("write", 100, 20, 1, 1), "/f");

  ft_.OnExec(100);
  EXPECT_NE(ft_.Find(100, 3), nullptr);
  EXPECT_EQ(ft_.Find(100, 4), nullptr);
  EXPECT_NE(ft_.Find(100, 9), nullptr);
  EXPECT_EQ(ft_.Find(100, 10), nullptr);
  EXPECT_EQ(ft_.Find(100, 20), nullptr);
  EXPECT_NE(ft_.Find(100, 30), nullptr);
}

TEST_F(FileTrackerTest, CloseRangeClosesOrMarksCloexec) {
  for (int fd = 3; fd <= 7; ++fd) Open(100, "/f" + std::to_string(fd), fd, fd);
  EXPECT_EQ(R(Ev("close_range", 100, 0, {4, 5, 0})), "");
  EXPECT_EQ(ft_.Find(100, 4), nullptr);
  EXPECT_EQ(ft_.Find(100, 5), nullptr);
  EXPECT_NE(ft_.Find(100, 6), nullptr);
  EXPECT_EQ(R(Ev("close_range", 100, 0, {6, 0xffffffffu, 4 /*CLOSE_RANGE_CLOEXEC*/})), "");
  EXPECT_TRUE(Cloexec(100, 6));
  EXPECT_TRUE(Cloexec(100, 7));
  EXPECT_FALSE(Cloexec(100, 3));
  EXPECT_EQ(Fd("read", 100, 7, 7, 1), "/f7");
  EXPECT_EQ(R(Ev("close_range", 100, -22, {3, 3, 0})), "");  // failed: no change
  EXPECT_NE(ft_.Find(100, 3), nullptr);
  ft_.OnExec(100);
  EXPECT_NE(ft_.Find(100, 3), nullptr);
  EXPECT_EQ(ft_.Find(100, 6), nullptr);
  EXPECT_EQ(ft_.Find(100, 7), nullptr);
}

TEST_F(FileTrackerTest, ReusedFdAfterCloseGetsTheNewName) {
  EXPECT_EQ(Open(100, "/a", 3, 1), "/a");
  EXPECT_EQ(Fd("close", 100, 3, 1), "/a");
  EXPECT_EQ(Open(100, "/b", 3, 2), "/b");
  EXPECT_EQ(Fd("read", 100, 3, 2, 1), "/b");
  EXPECT_EQ(Fd("close", 100, 3, 2), "/b");
  EXPECT_EQ(Fd("close", 100, 3, 0, -9), "");  // EBADF: not open
}

TEST_F(FileTrackerTest, ReusedFdWithAnotherIdentityIsNotShownStale) {
  EXPECT_EQ(Open(100, "/a", 3, 1), "/a");
  // Descriptor 3 now names another file (reopened where the trace did not see it).
  proc_.SetFd(100, 3, "/c", 2);
  EXPECT_EQ(Fd("read", 100, 3, 2, 1), "/c");
  EXPECT_EQ(Fd("read", 100, 3, 2, 1), "/c");
  EXPECT_EQ(proc_.fd_reads, 1);  // resolved once, cached
  // Once more, and /proc does not know the new file either: a placeholder, asked once.
  EXPECT_EQ(Fd("read", 100, 3, 3, 1), "E:ino:3");
  EXPECT_EQ(Fd("fstatfs", 100, 3, 3), "E:ino:3");
  EXPECT_EQ(proc_.fd_reads, 2);
  // Calls without an identity trust the table.
  EXPECT_EQ(Fd("read", 100, 3, 0, 1), "E:ino:3");
}

// The tracker gives a loop of calls on one descriptor its last answer again (a shortcut): every
// change between two calls of the loop must still show.
TEST_F(FileTrackerTest, ALoopOnOneDescriptorSeesEveryChangeBetweenItsCalls) {
  EXPECT_EQ(Open(100, "/a", 3, 1), "/a");
  EXPECT_EQ(Fd("read", 100, 3, 1, 1), "/a");
  EXPECT_EQ(Fd("read", 100, 3, 1, 1), "/a");
  // Another process renames the open file: the loop's next call shows the new name.
  EXPECT_EQ(R(Ev("rename", 200, 0, {0, 0}), "/a", "/b"), "/a -> /b");
  EXPECT_EQ(Fd("read", 100, 3, 1, 1), "/b");
  // Another process's calls in between change nothing for this one.
  EXPECT_EQ(Open(200, "/other", 3, 7), "/other");
  EXPECT_EQ(Fd("read", 100, 3, 1, 1), "/b");
  EXPECT_EQ(Fd("read", 200, 3, 7, 1), "/other");
  // Descriptor 3 of 100 now holds another file, with no call seen in between.
  proc_.SetFd(100, 3, "/c", 2);
  EXPECT_EQ(Fd("read", 100, 3, 2, 1), "/c");
  EXPECT_EQ(Fd("read", 100, 3, 2, 1), "/c");
  // Another descriptor of the same process, then the first one again.
  EXPECT_EQ(Open(100, "/d", 4, 3), "/d");
  EXPECT_EQ(Fd("write", 100, 4, 3, 1), "/d");
  EXPECT_EQ(Fd("write", 100, 3, 2, 1), "/c");
  // Closed and reopened on another file.
  EXPECT_EQ(Fd("close", 100, 3, 2), "/c");
  EXPECT_EQ(Open(100, "/e", 3, 4), "/e");
  EXPECT_EQ(Fd("read", 100, 3, 4, 1), "/e");
  // The process exits and its pid comes back: a new table.
  ft_.OnExit(100, true);
  EXPECT_EQ(Fd("read", 100, 3, 4, 1), "/e");  // a new process 100: named by identity
  EXPECT_EQ(ft_.Find(100, 3)->name, "");      // the entry was made again, nameless
}

TEST_F(FileTrackerTest, ThreadsShareTheProcessTable) {
  ft_.OnFork(100, 101, kThreadFlags);
  EXPECT_EQ(ft_.table_count(), 0u);  // a thread adds no table (nor a process)
  Event open = Ev("openat", 100, 3, {kAtFdcwd, 0, 0, 0});
  open.tid = 101;
  FileIdentity id[2] = {{}, Id(1)};
  EXPECT_EQ(Render(ft_.Resolve(open, "t.log", {}, id)), "/home/u/t.log");
  EXPECT_EQ(ft_.table_count(), 1u);
  EXPECT_EQ(Fd("write", 100, 3, 1, 1), "/home/u/t.log");  // the leader sees it
  ft_.OnExit(100, /*group_dead=*/false);                  // one thread: nothing freed
  EXPECT_EQ(ft_.table_count(), 1u);
  EXPECT_EQ(Fd("write", 100, 3, 1, 1), "/home/u/t.log");
}

TEST_F(FileTrackerTest, ForkCopiesTheTableAndCloneFilesSharesIt) {
  EXPECT_EQ(Open(100, "log", 3, 1, kOWronly), "/home/u/log");
  proc_.cwds[200] = "/not/asked";     // the child starts where the parent is
  ft_.OnFork(100, 200, kSigchld);     // fork: a copy
  ft_.OnFork(100, 300, kCloneFiles);  // shares the parent's table
  EXPECT_EQ(ft_.table_count(), 2u);
  EXPECT_EQ(Fd("write", 200, 3, 1, 1), "/home/u/log");  // inherited descriptor
  EXPECT_EQ(Fd("close", 100, 3, 1), "/home/u/log");     // the parent closing ...
  EXPECT_EQ(Fd("write", 200, 3, 1, 1), "/home/u/log");  // ... leaves the child's copy
  EXPECT_EQ(ft_.Find(300, 3), nullptr);                 // but closes the sharer's
  EXPECT_EQ(Open(300, "/shared", 4, 2), "/shared");
  EXPECT_EQ(Fd("read", 100, 4, 2, 1), "/shared");
  EXPECT_EQ(ft_.Find(200, 4), nullptr);
  // The fork child keeps the parent's working directory, then has its own.
  EXPECT_EQ(ft_.Cwd(200), "/home/u");
  EXPECT_EQ(R(Ev("chdir", 200, 0, {0}), "/tmp"), "/tmp");
  EXPECT_EQ(ft_.Cwd(100), "/home/u");
  // close_range(CLOSE_RANGE_UNSHARE) leaves the shared table.
  EXPECT_EQ(R(Ev("close_range", 300, 0, {4, 4, 2 /*CLOSE_RANGE_UNSHARE*/})), "");
  EXPECT_EQ(ft_.table_count(), 3u);
  EXPECT_EQ(ft_.Find(300, 4), nullptr);
  EXPECT_EQ(Fd("read", 100, 4, 2, 1), "/shared");
}

TEST_F(FileTrackerTest, ExecDropsCloseOnExecDescriptors) {
  EXPECT_EQ(Open(100, "/keep", 3, 1), "/keep");
  EXPECT_EQ(Open(100, "/drop", 4, 2, kOCloexec), "/drop");
  EXPECT_EQ(Open(100, "/usr/bin/tool", 5, 3, kOPath | kOCloexec), "/usr/bin/tool");
  ft_.OnFork(100, 300, kCloneFiles);
  ft_.OnExec(100);  // unshares from 300, then drops
  EXPECT_EQ(R(Ev("execveat", 100, 0, {5, 0, 0, 0, kAtEmptyPath}), ""), "/usr/bin/tool");
  EXPECT_NE(ft_.Find(100, 3), nullptr);
  EXPECT_EQ(ft_.Find(100, 4), nullptr);
  EXPECT_EQ(ft_.Find(100, 5), nullptr);
  EXPECT_NE(ft_.Find(300, 4), nullptr);  // the sharer keeps its descriptors
  EXPECT_EQ(Fd("write", 100, 3, 1, 1), "/keep");
  EXPECT_EQ(Fd("read", 100, 4, 0, -9), "");  // EBADF now
  ft_.OnExec(100);
  EXPECT_EQ(R(Ev("execve", 100, 0, {0, 0, 0}), "bin/../run.sh"), "/home/u/run.sh");
}

TEST_F(FileTrackerTest, RenameAndLinkShowOldAndNew) {
  proc_.cwds[100] = "/w";
  EXPECT_EQ(R(Ev("rename", 100, 0, {0, 0}), "a", "b"), "/w/a -> /w/b");
  EXPECT_EQ(Open(100, "/d", 3, 1, kODirectory), "/d");
  EXPECT_EQ(R(Ev("renameat", 100, 0, {3, 0, kAtFdcwd, 0}), "x", "y"), "/d/x -> /w/y");
  EXPECT_EQ(R(Ev("renameat2", 100, 0, {kAtFdcwd, 0, 3, 0, 1}), "./p", "../q"), "/w/p -> /q");
  EXPECT_EQ(R(Ev("link", 100, 0, {0, 0}), "a", "/abs/b"), "/w/a -> /abs/b");
  EXPECT_EQ(R(Ev("linkat", 100, 0, {kAtFdcwd, 0, 3, 0, 0}), "a", "l"), "/w/a -> /d/l");
  EXPECT_EQ(R(Ev("symlink", 100, 0, {0, 0}), "../target", "ln"), "../target -> /w/ln");
  EXPECT_EQ(R(Ev("symlinkat", 100, 0, {0, 3, 0}), "t", "s"), "t -> /d/s");
  EXPECT_EQ(R(Ev("rename", 100, -2, {0, 0}), "m", "n"), "/w/m -> /w/n");  // failed, still named
}

TEST_F(FileTrackerTest, ExitFreesTables) {
  Open(100, "/a", 3, 1);
  ft_.OnFork(100, 200, kSigchld);
  ft_.OnFork(100, 300, kCloneFiles);
  ft_.OnFork(100, 101, kThreadFlags);
  EXPECT_EQ(ft_.table_count(), 2u);
  ft_.OnExit(101, false);
  ft_.OnExit(200, true);
  EXPECT_EQ(ft_.table_count(), 1u);
  ft_.OnExit(300, true);  // the table is still the parent's
  EXPECT_EQ(ft_.table_count(), 1u);
  EXPECT_EQ(Fd("read", 100, 3, 1, 1), "/a");
  ft_.OnExit(100, true);
  EXPECT_EQ(ft_.table_count(), 0u);
  EXPECT_EQ(ft_.process_count(), 0u);
  EXPECT_EQ(ft_.entry_count(), 0u);
  // A new process reusing the pid starts empty.
  EXPECT_EQ(Fd("read", 100, 3, 0, 1), "");
}

TEST_F(FileTrackerTest, FailedCallsChangeNothing) {
  EXPECT_EQ(Open(100, "missing", -2, 0), "/home/u/missing");
  EXPECT_EQ(ft_.entry_count(), 0u);
  EXPECT_EQ(Open(100, "/a", 3, 1), "/a");
  EXPECT_EQ(Fd("dup", 100, 3, 1, -24), "/a");
  EXPECT_EQ(R(Ev("fcntl", 100, -22, {3, 2 /*F_SETFD*/, 1})), "/a");
  EXPECT_FALSE(Cloexec(100, 3));
  EXPECT_EQ(R(Ev("fchdir", 100, -20, {3})), "/a");
  EXPECT_EQ(ft_.Cwd(100), "/home/u");
  EXPECT_EQ(ft_.entry_count(), 1u);
}

TEST_F(FileTrackerTest, CallsWithoutAFile) {
  EXPECT_EQ(R(Ev("getpid", 100, 100, {})), "");
  EXPECT_EQ(R(Ev("mmap", 100, 0x7000, {0, 4096, 3, 0x22 /*PRIVATE|ANONYMOUS*/, 0xffffffff, 0})),
            "");
  EXPECT_EQ(Open(100, "/lib.so", 3, 1), "/lib.so");
  EXPECT_EQ(R(Ev("mmap", 100, 0x7000, {0, 4096, 1, 2, 3, 0}), {}, {}, Id(1)), "/lib.so");
  Event exit_group = Ev("exit_group", 100, 0, {0});
  exit_group.flags = kEventNoReturn;
  EXPECT_EQ(R(exit_group), "");
}

TEST(FileTrackerLimitsTest, MemoryIsBounded) {
  FakeProc proc;
  FileTrackerLimits limits;
  limits.max_processes = 8;
  limits.max_entries = 64;
  limits.max_names = 16;
  FileTracker ft(&proc, limits);
  for (int fd = 0; fd < 100; ++fd) {
    proc.SetFd(1, fd, "/p" + std::to_string(fd), 1000 + fd);
    FileIdentity id[2] = {Id(1000 + fd), {}};
    EXPECT_EQ(Render(ft.Resolve(Ev("read", 1, 1, {static_cast<uint64_t>(fd), 0, 0}), {}, {}, id)),
              "/p" + std::to_string(fd));
    EXPECT_LE(ft.name_count(), 16u);
  }
  for (int fd = 0; fd < 200; ++fd) {
    FileIdentity id[2] = {{}, Id(5000 + fd)};
    ft.Resolve(Ev("openat", 2, fd, {kAtFdcwd, 0, 0, 0}), "/x", {}, id);
    EXPECT_LE(ft.entry_count(), 64u);
  }
  for (uint32_t pid = 10; pid < 100; ++pid) {
    FileIdentity id[2] = {};
    ft.Resolve(Ev("getpid", pid, pid, {}), {}, {}, id);
    ft.Resolve(Ev("newstat", pid, 0, {0, 0}), "/s", {}, id);
    EXPECT_LE(ft.process_count(), 8u);
    EXPECT_LE(ft.table_count(), 8u);
  }
  // Working directories and execs of processes never seen before stay within the bound too
  // (found by fuzz_file_tracker).
  for (uint32_t pid = 200; pid < 300; ++pid) {
    ft.OnCwd(pid, "/w", Id(9000 + pid));
    EXPECT_LE(ft.process_count(), 8u);
    ft.OnExec(pid + 1000);
    EXPECT_LE(ft.process_count(), 8u);
    proc.list_fails = true;  // a process that is gone by the time /proc is asked
    ft.OnTaskSeen(pid + 2000);
    proc.list_fails = false;
    EXPECT_LE(ft.process_count(), 8u);
  }
  // An evicted entry is learnt again from /proc.
  proc.SetFd(1, 0, "/p0", 1000);
  FileIdentity id[2] = {Id(1000), {}};
  EXPECT_EQ(Render(ft.Resolve(Ev("read", 1, 1, {0, 0, 0}), {}, {}, id)), "/p0");
}

}  // namespace
}  // namespace ior::internal::tracker_test
