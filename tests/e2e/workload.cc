// ior-workload: performs a known sequence of system calls, for the end-to-end tests.
//
//   ior-workload [--wait] basic <file> <n>
//   ior-workload [--wait] rename <new comm>
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
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

constexpr char kMissingPath[] = "/nonexistent/ior-e2e-missing";

long Syscall(long nr, long a = 0, long b = 0, long c = 0, long d = 0) {
  // Raw syscalls: glibc wrappers may pick another syscall (open → openat is fine, but we want
  // the sequence spelled out here to be exactly what the kernel sees).
  return syscall(nr, a, b, c, d);
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
  if (!basic && !rename) {
    std::fprintf(stderr, "usage: ior-workload [--wait] basic <file> <n> | rename <comm>\n");
    return 2;
  }
  if (wait) {
    if (write(STDOUT_FILENO, "ready\n", 6) != 6) return 5;
    char go;
    if (read(STDIN_FILENO, &go, 1) != 1) return 6;
  }
  if (rename) return Rename(argv[i + 1]);
  return Basic(argv[i + 1], std::strtol(argv[i + 2], nullptr, 10));
}
