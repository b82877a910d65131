// ior-workload: performs a known sequence of system calls, for the end-to-end tests.
//
//   ior-workload [--wait] basic <file> <n>
//   ior-workload [--wait] rename <new comm>
//   ior-workload [--wait] families <dir>
//   ior-workload [--wait] files <dir> <preopened file>
//   ior-workload expect-basic <n>
//
// With --wait it writes "ready\n" to stdout and blocks reading one byte from stdin before the
// scenario, so a test can start tracing it first. After the go byte it makes exactly these
// calls and nothing else (no stdio, no allocation):
//
//   openat(AT_FDCWD, file, O_RDONLY)      = fd
//   pread64(fd, buf, 1, 0)                = 1      (n times)
//   close(fd)                             = 0
//   openat(AT_FDCWD, "/nonexistent/...")  = -ENOENT
//   openat(AT_FDCWD, file, O_RDONLY)      = fd
//   close(fd)                             = 0
//   close(fd)                             = -EBADF
//   exit_group(0)
//
// expect-basic prints that list for <n>, a line "<syscall> <ret>" per call ("fd" for a new
// descriptor): the one statement of the basic scenario that the C++, C and Python tests read.
//
// rename: prctl(PR_SET_NAME, new comm) = 0; getpid() = pid; exit_group(0).
//
// files: descriptor-table scenarios for file tracking, see Files() and files_test.cc.
//
// families: one or more calls of every family, in the order of kFamilyCalls below (the
// end-to-end test mirrors that list), in the empty directory <dir>.
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/close_range.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

namespace {

constexpr char kMissingPath[] = "/nonexistent/ior-e2e-missing";

long Syscall(long nr, long a = 0, long b = 0, long c = 0, long d = 0, long e = 0) {
  // Raw syscalls: glibc wrappers may pick another syscall (open → openat is fine, but we want
  // the sequence spelled out here to be exactly what the kernel sees).
  return syscall(nr, a, b, c, d, e);
}

int Basic(const char* file, long n) {
  char buf[1];
  long fd = Syscall(SYS_openat, AT_FDCWD, reinterpret_cast<long>(file), O_RDONLY);
  if (fd < 0) _exit(3);
  for (long i = 0; i < n; ++i) {
    if (Syscall(SYS_pread64, fd, reinterpret_cast<long>(buf), 1, 0) != 1) _exit(4);
  }
  Syscall(SYS_close, fd);
  Syscall(SYS_openat, AT_FDCWD, reinterpret_cast<long>(kMissingPath), O_RDONLY);
  fd = Syscall(SYS_openat, AT_FDCWD, reinterpret_cast<long>(file), O_RDONLY);
  Syscall(SYS_close, fd);
  Syscall(SYS_close, fd);
  syscall(SYS_exit_group, 0);
  return 0;  // not reached
}

// The calls Basic() makes, as its tests expect them (keep the two in step).
int ExpectBasic(long n) {
  std::printf("openat fd\n");
  for (long i = 0; i < n; ++i) std::printf("pread64 1\n");
  std::printf("close 0\nopenat %d\nopenat fd\nclose 0\nclose %d\nexit_group 0\n", -ENOENT, -EBADF);
  return 0;
}

int Rename(const char* comm) {
  Syscall(SYS_prctl, PR_SET_NAME, reinterpret_cast<long>(comm));
  Syscall(SYS_getpid);
  syscall(SYS_exit_group, 0);
  return 0;  // not reached
}

// Every family at least once; see tests/e2e/families_test.cc for the rows expected.
// The paths are built before the go byte: no allocation may happen during the scenario.
struct FamilyPaths {
  std::string a, b, sub;
};

int Families(const FamilyPaths& p) {
  const std::string& a = p.a;
  const std::string& b = p.b;
  const std::string& sub = p.sub;
  char buf[64];
  auto L = [](const void* p) { return reinterpret_cast<long>(p); };

  // FS
  long fd = Syscall(SYS_openat, AT_FDCWD, L(a.c_str()), O_CREAT | O_RDWR | O_TRUNC, 0640);
  Syscall(SYS_write, fd, L("hello world"), 11);
  Syscall(SYS_pread64, fd, L(buf), 5, 0);
  Syscall(SYS_close, fd);
  Syscall(SYS_renameat2, AT_FDCWD, L(a.c_str()), AT_FDCWD, L(b.c_str()), 0);
  Syscall(SYS_mkdirat, AT_FDCWD, L(sub.c_str()), 0750);
  Syscall(SYS_unlinkat, AT_FDCWD, L(sub.c_str()), AT_REMOVEDIR);
  Syscall(SYS_unlinkat, AT_FDCWD, L(b.c_str()), 0);
  // Network
  int sv[2] = {-1, -1};
  Syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, L(sv));
  syscall(SYS_sendto, sv[0], L("ping!"), 5, 0, 0, 0);
  syscall(SYS_recvfrom, sv[1], L(buf), sizeof(buf), MSG_PEEK, 0, 0);
  syscall(SYS_recvfrom, sv[1], L(buf), sizeof(buf), 0, 0, 0);
  Syscall(SYS_close, sv[0]);
  Syscall(SYS_close, sv[1]);
  // Memory
  long addr =
      syscall(SYS_mmap, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  Syscall(SYS_munmap, addr, 8192);
  // Time
  struct timespec req = {0, 1000000};
  Syscall(SYS_nanosleep, L(&req), 0);
  // Polling
  struct pollfd pfd = {0, POLLIN, 0};
  Syscall(SYS_poll, L(&pfd), 1, 0);
  long ep = Syscall(SYS_epoll_create1, EPOLL_CLOEXEC);
  int pipefd[2] = {-1, -1};
  Syscall(SYS_pipe2, L(pipefd), O_CLOEXEC);  // IPC
  struct epoll_event ev = {};
  ev.events = EPOLLIN;
  Syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, pipefd[0], L(&ev));
  struct epoll_event out[4];
  Syscall(SYS_epoll_wait, ep, L(out), 4, 0);
  Syscall(SYS_close, pipefd[0]);
  Syscall(SYS_close, pipefd[1]);
  Syscall(SYS_close, ep);
  // Signals
  Syscall(SYS_kill, Syscall(SYS_getpid), 0);  // Process, then Signals
  // Sched
  Syscall(SYS_sched_yield);
  // Security
  Syscall(SYS_getrandom, L(buf), 16, 0);
  // AIO
  aio_context_t ctx = 0;
  Syscall(SYS_io_setup, 1, L(&ctx));
  Syscall(SYS_io_destroy, static_cast<long>(ctx));
  // Misc
  long len = 0;
  void* head = nullptr;
  Syscall(SYS_get_robust_list, 0, L(&head), L(&len));
  syscall(SYS_exit_group, 0);
  return 0;  // not reached
}

// File tracking scenarios; tests/e2e/files_test.cc lists the FS rows they make, with the file
// column of each. `pre` was opened (as descriptor `pre_fd`) before the trace started.
int Files(const std::string& dir, int pre_fd, const char* self) {
  auto L = [](const void* p) { return reinterpret_cast<long>(p); };
  char buf[16];
  // Relative paths: against the cwd, then against a directory descriptor.
  Syscall(SYS_chdir, L(dir.c_str()));
  long a = Syscall(SYS_openat, AT_FDCWD, L("a"), O_CREAT | O_RDWR | O_TRUNC, 0600);
  Syscall(SYS_write, a, L("0123456789"), 10);
  long d = Syscall(SYS_openat, AT_FDCWD, L("."), O_RDONLY | O_DIRECTORY);
  long b = Syscall(SYS_openat, d, L("b"), O_CREAT | O_RDWR, 0600);
  Syscall(SYS_write, b, L("b"), 1);
  // dup, dup2, dup3, fcntl chains all name the file of their source.
  long a2 = Syscall(SYS_dup, a);
  Syscall(SYS_pread64, a2, L(buf), 2, 0);
  Syscall(SYS_dup2, a2, 40);
  Syscall(SYS_pread64, 40, L(buf), 2, 0);
  Syscall(SYS_dup3, b, 41, O_CLOEXEC);
  Syscall(SYS_pread64, 41, L(buf), 1, 0);
  long a3 = Syscall(SYS_fcntl, 40, F_DUPFD, 50);
  Syscall(SYS_pread64, a3, L(buf), 2, 0);
  // close_range closes 40..41 and 50; then the numbers are reused for other files.
  Syscall(SYS_close_range, 40, 50, 0);
  Syscall(SYS_pread64, 40, L(buf), 1, 0);  // EBADF
  Syscall(SYS_close, a2);
  long c = Syscall(SYS_openat, d, L("c"), O_CREAT | O_RDWR, 0600);  // reuses a2's number
  Syscall(SYS_write, c, L("c"), 1);
  // A descriptor opened before the trace started: named through /proc, so give the tracer a
  // moment to decode this call while the process is still there to ask.
  Syscall(SYS_pread64, pre_fd, L(buf), 1, 0);
  struct timespec pause = {0, 300 * 1000 * 1000};
  Syscall(SYS_nanosleep, L(&pause), 0);
  // Pipes and sockets.
  int p[2];
  Syscall(SYS_pipe2, L(p), O_CLOEXEC);
  Syscall(SYS_write, p[1], L("x"), 1);
  Syscall(SYS_read, p[0], L(buf), 1);
  long s = Syscall(SYS_socket, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  Syscall(SYS_close, s);
  // Another thread shares the table: it reads through `a`.
  std::thread([&] { Syscall(SYS_pread64, a, L(buf), 1, 0); }).join();
  // A forked child writes through the inherited `b`; then the parent closes its `b`.
  long child = fork();
  if (child == 0) {
    Syscall(SYS_write, b, L("child"), 5);
    _exit(0);
  }
  int status = 0;
  waitpid(static_cast<pid_t>(child), &status, 0);
  Syscall(SYS_close, b);
  // rename and link with relative names.
  Syscall(SYS_renameat2, AT_FDCWD, L("c"), d, L("c2"), 0);
  Syscall(SYS_linkat, d, L("c2"), AT_FDCWD, L("c3"), 0);
  // exec: the close-on-exec pipe and dup3'd descriptors go, `a` stays; the new image reads
  // through both numbers it was given.
  char fd_a[16], fd_p[16];
  std::snprintf(fd_a, sizeof(fd_a), "%ld", a);
  std::snprintf(fd_p, sizeof(fd_p), "%d", p[0]);
  const char* argv[] = {"ior-workload", "exec-child", fd_a, fd_p, nullptr};
  execv(self, const_cast<char**>(argv));
  return 9;
}

// The image `files` execs into: reads through the descriptor that survived, then through the
// close-on-exec one (EBADF), and exits.
int ExecChild(long kept, long dropped) {
  char buf[4];
  Syscall(SYS_pread64, kept, reinterpret_cast<long>(buf), 1, 0);
  Syscall(SYS_read, dropped, reinterpret_cast<long>(buf), 1);
  syscall(SYS_exit_group, 0);
  return 0;
}

}  // namespace

// Leaves a child behind: the process exits at once while its forked child sleeps `ms`, then
// calls getpid `n` times and exits. A session following the process must outlive it.
int Orphan(long ms, long n) {
  long child = fork();
  if (child < 0) return 7;
  if (child == 0) {
    struct timespec pause = {ms / 1000, (ms % 1000) * 1000 * 1000};
    Syscall(SYS_nanosleep, reinterpret_cast<long>(&pause), 0);
    for (long k = 0; k < n; ++k) Syscall(SYS_getpid);
    _exit(0);
  }
  return 0;
}

int main(int argc, char** argv) {
  int i = 1;
  bool wait = false;
  if (i < argc && std::strcmp(argv[i], "--wait") == 0) {
    wait = true;
    ++i;
  }
  bool basic = argc - i == 3 && std::strcmp(argv[i], "basic") == 0;
  bool rename = argc - i == 2 && std::strcmp(argv[i], "rename") == 0;
  bool families = argc - i == 2 && std::strcmp(argv[i], "families") == 0;
  bool files = argc - i == 3 && std::strcmp(argv[i], "files") == 0;
  bool orphan = argc - i == 3 && std::strcmp(argv[i], "orphan") == 0;
  if (argc - i == 2 && std::strcmp(argv[i], "expect-basic") == 0) {
    return ExpectBasic(std::strtol(argv[i + 1], nullptr, 10));
  }
  if (argc - i == 3 && std::strcmp(argv[i], "exec-child") == 0) {
    return ExecChild(std::strtol(argv[i + 1], nullptr, 10), std::strtol(argv[i + 2], nullptr, 10));
  }
  if (!basic && !rename && !families && !files && !orphan) {
    std::fprintf(stderr,
                 "usage: ior-workload [--wait] basic <file> <n> | rename <comm> | families "
                 "<dir> | files <dir> <file> | orphan <ms> <n>\n");
    return 2;
  }
  int pre_fd = -1;
  if (files) pre_fd = open(argv[i + 2], O_RDONLY);  // before the trace: resolved via /proc
  FamilyPaths paths;
  if (families) {
    std::string dir = argv[i + 1];
    paths = {dir + "/a", dir + "/b", dir + "/sub"};
  }
  if (wait) {
    if (write(STDOUT_FILENO, "ready\n", 6) != 6) return 5;
    char go;
    if (read(STDIN_FILENO, &go, 1) != 1) return 6;
  }
  if (rename) return Rename(argv[i + 1]);
  if (families) return Families(paths);
  if (files) return Files(argv[i + 1], pre_fd, argv[0]);
  if (orphan) {
    return Orphan(std::strtol(argv[i + 1], nullptr, 10), std::strtol(argv[i + 2], nullptr, 10));
  }
  return Basic(argv[i + 1], std::strtol(argv[i + 2], nullptr, 10));
}
