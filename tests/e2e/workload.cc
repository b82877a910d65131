// ior-workload: performs a known sequence of system calls, for the end-to-end tests.
//
//   ior-workload [--wait] basic <file> <n>
//   ior-workload [--wait] rename <new comm>
//   ior-workload [--wait] families <dir>
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
// rename: prctl(PR_SET_NAME, new comm) = 0; getpid() = pid; exit_group(0).
//
// families: one or more calls of every family, in the order of kFamilyCalls below (the
// end-to-end test mirrors that list), in the empty directory <dir>.
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

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

}  // namespace

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
  if (!basic && !rename && !families) {
    std::fprintf(stderr,
                 "usage: ior-workload [--wait] basic <file> <n> | rename <comm> | families "
                 "<dir>\n");
    return 2;
  }
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
  return Basic(argv[i + 1], std::strtol(argv[i + 2], nullptr, 10));
}
