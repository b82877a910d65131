// How the file tracker names what has no path of its call: pipes, sockets (the kernel's
// endpoints), anonymous descriptors, files opened before the trace (through /proc, fake and
// real).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <string>

#include "file_tracker.h"
#include "file_tracker_test_util.h"

namespace ior::internal::tracker_test {
namespace {

TEST_F(FileTrackerTest, PipesSocketsAndOtherDescriptorNames) {
  // A call on descriptor `fd` of identity `id`.
  auto on = [&](std::string_view call, int32_t fd, FileIdentity id, int64_t ret) {
    return R(Ev(call, 100, ret, {static_cast<uint64_t>(fd), 0, 0}), {}, {}, id);
  };
  EXPECT_EQ(R(FdPair("pipe2", 100, 3, 4, kOCloexec), {}, {}, PipeId(500), PipeId(500)),
            "pipe:[500]");
  EXPECT_EQ(on("write", 4, PipeId(500), 1), "pipe:[500]");
  EXPECT_EQ(on("read", 3, PipeId(500), 1), "pipe:[500]");
  EXPECT_TRUE(Cloexec(100, 3));
  EXPECT_EQ(ft_.Find(100, 4)->flags, kOWronly | kOCloexec);
  EXPECT_EQ(R(Ev("socket", 100, 5, {2, 1 | kOCloexec, 0}), {}, {}, {}, SockId(600)),
            "socket:[600]");
  EXPECT_EQ(on("connect", 5, SockId(600), 0), "socket:[600]");
  EXPECT_EQ(R(FdPair("socketpair", 100, 6, 7, 1), {}, {}, SockId(700), SockId(701)),
            "socket:[700]");
  EXPECT_EQ(on("read", 7, SockId(701), 1), "socket:[701]");
  EXPECT_EQ(R(Ev("accept4", 100, 8, {5, 0, 0, kOCloexec}), {}, {}, SockId(600), SockId(800)),
            "socket:[800]");
  EXPECT_TRUE(Cloexec(100, 8));
  EXPECT_EQ(R(Ev("accept", 100, -11, {5, 0, 0}), {}, {}, SockId(600)), "socket:[600]");  // EAGAIN
  // Not a pipe or a socket by its device: the tracker does not make up such a name.
  EXPECT_EQ(R(FdPair("pipe2", 100, 20, 21, 0), {}, {}, Id(510), Id(510)), "E:ino:510");
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

TEST_F(FileTrackerTest, FaultedPathIsNamedThroughProc) {
  Event e = Ev("openat", 100, 3, {kAtFdcwd, 0, 0, 0});
  e.flags = kEventPathFault;
  proc_.SetFd(100, 3, "/real/name", 5);
  FileIdentity id[2] = {{}, Id(5)};
  EXPECT_EQ(Render(ft_.Resolve(e, "", {}, id)), "/real/name");
  EXPECT_EQ(Fd("read", 100, 3, 5, 1), "/real/name");
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
}  // namespace ior::internal::tracker_test
