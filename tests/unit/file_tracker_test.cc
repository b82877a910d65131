// The fd → path tables and the `file` column, on synthetic events with a fake /proc.
#include "file_tracker.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstring>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "event_fields.h"
#include "ior/syscalls.h"

namespace ior::internal {
namespace {

// Linux x86_64 values.
constexpr uint64_t kAtFdcwd = static_cast<uint64_t>(-100);
constexpr uint64_t kOWronly = 01, kORdwr = 02, kOAppend = 02000, kONonblock = 04000;
constexpr uint64_t kODirectory = 0200000, kOCloexec = 02000000, kOPath = 010000000;
constexpr uint64_t kCloneVm = 0x100, kCloneFs = 0x200, kCloneFiles = 0x400, kCloneSighand = 0x800,
                   kCloneThread = 0x10000, kSigchld = 17;
constexpr uint64_t kThreadFlags = kCloneVm | kCloneFs | kCloneFiles | kCloneSighand | kCloneThread;
constexpr uint64_t kAtEmptyPath = 0x1000;

class FakeProc : public ProcFs {
 public:
  bool ReadFd(uint32_t pid, int32_t fd, ProcFd* out) override {
    ++fd_reads;
    auto it = fds.find({pid, fd});
    if (it == fds.end()) return false;
    *out = it->second;
    return true;
  }
  bool ListFds(uint32_t pid, std::vector<int32_t>* out) override {
    out->clear();
    if (list_fails) return false;
    for (const auto& [key, pf] : fds) {
      if (key.first == pid) out->push_back(key.second);
    }
    return true;
  }
  bool ReadCwd(uint32_t pid, std::string* out) override {
    ++cwd_reads;
    auto it = cwds.find(pid);
    if (it == cwds.end()) return false;
    *out = it->second;
    return true;
  }
  void SetFd(uint32_t pid, int32_t fd, std::string path, uint64_t ino, uint32_t flags = 0) {
    ProcFd pf;
    pf.path = std::move(path);
    pf.id = FileIdentity{ino, 0x800001};
    pf.flags = flags;
    pf.flags_known = true;
    fds[{pid, fd}] = pf;
  }

  std::map<std::pair<uint32_t, int32_t>, ProcFd> fds;
  std::map<uint32_t, std::string> cwds;
  int fd_reads = 0;
  int cwd_reads = 0;
  bool list_fails = false;  // as for a process that is gone
};

FileIdentity Id(uint64_t ino) { return FileIdentity{ino, 0x800001}; }

// The tracker's structured answer as the CSV shows it (ior::FileLabel's rendering).
std::string Render(const ResolvedFile& f) {
  if (!f.old_name.empty()) return std::string(f.old_name) + " -> " + std::string(f.name);
  if (!f.name.empty()) return std::string(f.name);
  if (f.status == FileStatus::kIdentity) return "E:ino:" + std::to_string(f.id.ino);
  return "";
}

// An event as the decoder makes it: the named fields come from the decoder's own code
// (DecodeNamedFields), so a drift between decoding and tracking shows here. `mem` is the user
// memory the kernel side would have copied (pipe's and socketpair's two descriptors).
Event Ev(std::string_view name, uint32_t pid, int64_t ret, std::initializer_list<uint64_t> args,
         const int32_t* mem_fds = nullptr) {
  const SyscallInfo* s = FindSyscall(name);
  EXPECT_NE(s, nullptr) << name;
  Event e{};
  e.nr = s->nr;
  e.pid = pid;
  e.tid = pid;
  e.ret = ret;
  size_t i = 0;
  for (uint64_t a : args) e.args[i++] = a;
  uint8_t mem[16] = {};
  if (mem_fds != nullptr) std::memcpy(mem, mem_fds, 2 * sizeof(int32_t));
  DecodeNamedFields(mem, mem_fds != nullptr, &e);
  return e;
}

Event FdPair(std::string_view name, uint32_t pid, int32_t a, int32_t b, uint64_t flags_arg) {
  const int32_t fds[2] = {a, b};
  // socketpair(AF_UNIX, type | flags, 0, fds); pipe2(fds, flags).
  return name == "socketpair" ? Ev(name, pid, 0, {1, flags_arg, 0, 0}, fds)
                              : Ev(name, pid, 0, {0, flags_arg, 0, 0}, fds);
}

class FileTrackerTest : public ::testing::Test {
 protected:
  FileTrackerTest() : ft_(&proc_) {
    proc_.cwds[100] = "/home/u";
    proc_.cwds[200] = "/home/u";
    proc_.cwds[300] = "/home/u";
  }

  std::string R(const Event& e, std::string_view p0 = {}, std::string_view p1 = {},
                FileIdentity id0 = {}, FileIdentity id1 = {}) {
    FileIdentity id[2] = {id0, id1};
    return Render(ft_.Resolve(e, p0, p1, id));
  }
  // openat(AT_FDCWD or dirfd, path, flags) returning fd with identity `ino`.
  std::string Open(uint32_t pid, std::string_view path, int32_t fd, uint64_t ino,
                   uint64_t flags = 0, uint64_t dirfd = kAtFdcwd) {
    return R(Ev("openat", pid, fd, {dirfd, 0, flags, 0}), path, {}, {}, Id(ino));
  }
  std::string Fd(std::string_view call, uint32_t pid, int32_t fd, uint64_t ino = 0,
                 int64_t ret = 0) {
    return R(Ev(call, pid, ret, {static_cast<uint64_t>(fd), 0, 0}), {}, {},
             ino ? Id(ino) : FileIdentity{});
  }
  bool Cloexec(uint32_t pid, int32_t fd) {
    const FdEntry* e = ft_.Find(pid, fd);
    return e != nullptr && (e->flags & kOCloexec) != 0;
  }

  FakeProc proc_;
  FileTracker ft_;
};

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

TEST_F(FileTrackerTest, PipesSocketsAndOtherDescriptorNames) {
  EXPECT_EQ(R(FdPair("pipe2", 100, 3, 4, kOCloexec), {}, {}, Id(500), Id(500)), "pipe:[500]");
  EXPECT_EQ(Fd("write", 100, 4, 500, 1), "pipe:[500]");
  EXPECT_EQ(Fd("read", 100, 3, 500, 1), "pipe:[500]");
  EXPECT_TRUE(Cloexec(100, 3));
  EXPECT_EQ(ft_.Find(100, 4)->flags, kOWronly | kOCloexec);
  EXPECT_EQ(R(Ev("socket", 100, 5, {2, 1 | kOCloexec, 0}), {}, {}, {}, Id(600)), "socket:[600]");
  EXPECT_EQ(Fd("connect", 100, 5, 600), "socket:[600]");
  EXPECT_EQ(R(FdPair("socketpair", 100, 6, 7, 1), {}, {}, Id(700), Id(701)), "socket:[700]");
  EXPECT_EQ(Fd("read", 100, 7, 701, 1), "socket:[701]");
  EXPECT_EQ(R(Ev("accept4", 100, 8, {5, 0, 0, kOCloexec}), {}, {}, Id(600), Id(800)),
            "socket:[800]");
  EXPECT_TRUE(Cloexec(100, 8));
  EXPECT_EQ(R(Ev("accept", 100, -11, {5, 0, 0}), {}, {}, Id(600)), "socket:[600]");  // EAGAIN
  EXPECT_EQ(R(Ev("eventfd2", 100, 9, {0, 0})), "anon_inode:[eventfd]");
  EXPECT_EQ(R(Ev("epoll_create1", 100, 10, {0})), "anon_inode:[eventpoll]");
  EXPECT_EQ(R(Ev("epoll_ctl", 100, 0, {10, 1, 9, 0})), "anon_inode:[eventpoll]");
  EXPECT_EQ(R(Ev("timerfd_create", 100, 11, {1, 0})), "anon_inode:[timerfd]");
  EXPECT_EQ(R(Ev("signalfd4", 100, 12, {static_cast<uint64_t>(-1), 0, 8, 0})),
            "anon_inode:[signalfd]");
  EXPECT_EQ(R(Ev("inotify_init1", 100, 13, {0})), "anon_inode:inotify");
  EXPECT_EQ(R(Ev("memfd_create", 100, 14, {0, 1 /*MFD_CLOEXEC*/}), "buf"), "/memfd:buf");
  EXPECT_TRUE(Cloexec(100, 14));
  EXPECT_EQ(R(Ev("pidfd_open", 100, 15, {42, 0})), "anon_inode:[pidfd]");
  EXPECT_TRUE(Cloexec(100, 15));
  EXPECT_EQ(R(Ev("io_uring_setup", 100, 16, {8, 0})), "anon_inode:[io_uring]");
  EXPECT_EQ(R(Ev("bpf", 100, 17, {0 /*BPF_MAP_CREATE*/, 0, 0})), "anon_inode:bpf-map");
  EXPECT_EQ(R(Ev("bpf", 100, 0, {1 /*BPF_MAP_LOOKUP_ELEM*/, 0, 0})), "");
  EXPECT_EQ(ft_.Find(100, 0), nullptr);
  // Without the kernel's identity a socket is named through /proc.
  proc_.SetFd(100, 18, "socket:[900]", 900, kORdwr);
  EXPECT_EQ(R(Ev("socket", 100, 18, {1, 1, 0})), "socket:[900]");
  // open_by_handle_at has no path: /proc, checked against the identity.
  proc_.SetFd(100, 19, "/by/handle", 901, kORdwr);
  EXPECT_EQ(R(Ev("open_by_handle_at", 100, 19, {3, 0, 2}), {}, {}, {}, Id(901)), "/by/handle");
  EXPECT_EQ(Fd("write", 100, 19, 901, 1), "/by/handle");
}

// The kernel's endpoints name a socket's identity: the call's own row (the record comes before
// it), every later call on any descriptor of it, and a socket first listed in /proc.
TEST(FileTrackerSocketTest, EndpointsNameTheSocket) {
  constexpr uint32_t kSockfs = 0x9;
  auto sock = [](uint64_t ino) { return FileIdentity{ino, kSockfs}; };
  FakeProc proc;
  proc.cwds[100] = "/";
  FileTracker ft(&proc, {}, KernelDevices{0x8, kSockfs});
  auto resolve = [&](const Event& e, FileIdentity id0, FileIdentity id1 = {}) {
    FileIdentity id[2] = {id0, id1};
    return Render(ft.Resolve(e, {}, {}, id));
  };
  SocketEndpoints ep;
  ep.family = 2;  // AF_INET
  ep.type = 1;    // SOCK_STREAM
  const uint8_t loopback[4] = {127, 0, 0, 1};
  std::memcpy(ep.local_addr, loopback, 4);
  std::memcpy(ep.peer_addr, loopback, 4);
  ep.local_port = 41234;
  ep.peer_port = 5000;

  EXPECT_EQ(resolve(Ev("socket", 100, 3, {2, 1, 0}), {}, sock(600)), "socket:[600]");
  ft.OnSocket(sock(600), ep);
  EXPECT_EQ(resolve(Ev("connect", 100, 0, {3, 0, 16}), sock(600)),
            "TCP:[127.0.0.1:41234->127.0.0.1:5000]");
  EXPECT_EQ(resolve(Ev("write", 100, 5, {3, 0, 5}), sock(600)),
            "TCP:[127.0.0.1:41234->127.0.0.1:5000]");
  // A descriptor the tracker never saw, of the same socket.
  EXPECT_EQ(resolve(Ev("read", 100, 5, {7, 0, 5}), sock(600)),
            "TCP:[127.0.0.1:41234->127.0.0.1:5000]");

  // A socket the process had before the trace: /proc says socket:[N], the endpoints say more.
  ProcFd pf;
  pf.path = "socket:[700]";
  pf.id = sock(700);
  proc.fds[{200, 4}] = pf;
  ft.Seed(200);
  EXPECT_EQ(resolve(Ev("write", 200, 1, {4, 0, 1}), sock(700)), "socket:[700]");
  SocketEndpoints unix_ep;
  unix_ep.family = 1;  // AF_UNIX
  unix_ep.type = 1;
  unix_ep.peer_path = "/run/x.sock";
  ft.OnSocket(sock(700), unix_ep);
  EXPECT_EQ(resolve(Ev("write", 200, 1, {4, 0, 1}), sock(700)), "UNIX:[/run/x.sock]");
  // Endpoints that say nothing (a socketpair) leave the name as it was.
  ft.OnSocket(sock(700), SocketEndpoints{});
  EXPECT_EQ(resolve(Ev("write", 200, 1, {4, 0, 1}), sock(700)), "UNIX:[/run/x.sock]");
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

TEST_F(FileTrackerTest, FileOpenedBeforeTheTraceIsResolvedThroughProc) {
  proc_.SetFd(100, 7, "/var/log/old.log", 77, kOWronly | kOAppend | kOCloexec);
  EXPECT_EQ(Fd("write", 100, 7, 77, 10), "/var/log/old.log");
  EXPECT_EQ(Fd("write", 100, 7, 77, 10), "/var/log/old.log");
  EXPECT_EQ(proc_.fd_reads, 1);
  EXPECT_TRUE(Cloexec(100, 7));  // flags from fdinfo
  EXPECT_EQ(ft_.name_count(), 1u);
  // A directory descriptor from before the trace serves as a dirfd.
  proc_.SetFd(100, 8, "/etc", 78);
  EXPECT_EQ(Open(100, "hosts", 9, 79, 0, 8), "/etc/hosts");
  // Gone from /proc: the identity, else nothing.
  EXPECT_EQ(Fd("write", 100, 11, 88, 1), "E:ino:88");
  EXPECT_EQ(Fd("write", 100, 12, 0, 1), "");
  ft_.OnExec(100);
  EXPECT_EQ(ft_.Find(100, 7), nullptr);
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

TEST_F(FileTrackerTest, FaultedPathIsNamedThroughProc) {
  Event e = Ev("openat", 100, 3, {kAtFdcwd, 0, 0, 0});
  e.flags = kEventPathFault;
  proc_.SetFd(100, 3, "/real/name", 5);
  FileIdentity id[2] = {{}, Id(5)};
  EXPECT_EQ(Render(ft_.Resolve(e, "", {}, id)), "/real/name");
  EXPECT_EQ(Fd("read", 100, 3, 5, 1), "/real/name");
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

TEST_F(FileTrackerTest, UnknownDirectoryFallsBackToProcThenToTheRelativePath) {
  proc_.cwds.erase(100);
  proc_.SetFd(100, 3, "/found/by/proc", 1);
  EXPECT_EQ(Open(100, "rel", 3, 1), "/found/by/proc");
  EXPECT_EQ(Open(100, "rel2", 4, 2), "rel2");
  EXPECT_EQ(Fd("read", 100, 4, 2, 1), "rel2");
}

// The real /proc, on this test's own descriptors.
TEST(RealProcFsTest, ReadsOwnDescriptorsAndCwd) {
  char dir[] = "/tmp/ior-ft-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string path = std::string(dir) + "/f";
  int fd = open(path.c_str(), O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);

  RealProcFs proc;
  ProcFd pf;
  ASSERT_TRUE(proc.ReadFd(static_cast<uint32_t>(getpid()), fd, &pf));
  EXPECT_EQ(pf.path, path);
  EXPECT_EQ(pf.id.ino, st.st_ino);
  EXPECT_EQ(pf.id.dev, (major(st.st_dev) << 20) | minor(st.st_dev));
  ASSERT_TRUE(pf.flags_known);
  EXPECT_EQ(pf.flags & (O_ACCMODE | O_APPEND | O_CLOEXEC), O_WRONLY | O_APPEND | O_CLOEXEC);
  EXPECT_FALSE(proc.ReadFd(static_cast<uint32_t>(getpid()), 100000, &pf));

  int p[2];
  ASSERT_EQ(pipe(p), 0);
  ASSERT_EQ(fstat(p[0], &st), 0);
  ASSERT_TRUE(proc.ReadFd(static_cast<uint32_t>(getpid()), p[0], &pf));
  EXPECT_EQ(pf.path, "pipe:[" + std::to_string(st.st_ino) + "]");

  std::string cwd;
  ASSERT_TRUE(proc.ReadCwd(static_cast<uint32_t>(getpid()), &cwd));
  char buf[4096];
  ASSERT_NE(getcwd(buf, sizeof(buf)), nullptr);
  EXPECT_EQ(cwd, buf);

  close(p[0]);
  close(p[1]);
  close(fd);
  unlink(path.c_str());
  rmdir(dir);
}

}  // namespace
}  // namespace ior::internal
