#include "demo_workload.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace ior::cli {
namespace {

constexpr size_t kPathMax = 512;

// Joins a and b into out (size kPathMax). False if it does not fit.
bool Join(char* out, const char* a, const char* b) {
  const size_t la = std::strlen(a);
  const size_t lb = std::strlen(b);
  if (la + lb + 1 > kPathMax) return false;
  std::copy_n(a, la, out);
  std::copy_n(b, lb + 1, out + la);  // with b's NUL
  return true;
}

}  // namespace

int RunDemoWorkload() {
  syscall(SYS_prctl, PR_SET_NAME, kDemoComm, 0, 0, 0);

  const char* tmp = getenv("TMPDIR");
  if (tmp == nullptr || tmp[0] != '/' || std::strlen(tmp) > kPathMax / 2) tmp = "/tmp";
  char dir[kPathMax];
  char file[kPathMax];
  char missing[kPathMax];
  if (!Join(dir, tmp, "/ior-demo-XXXXXX") || mkdtemp(dir) == nullptr) return 1;
  if (!Join(file, dir, "/demo.txt") || !Join(missing, dir, "/missing.txt")) return 1;

  bool ok = true;
  const long fd = syscall(SYS_openat, AT_FDCWD, file, O_CREAT | O_RDWR | O_TRUNC | O_CLOEXEC, 0600);
  if (fd >= 0) {
    static constexpr char kText[] = "hello from ior -demo\n";
    ok &= syscall(SYS_write, fd, kText, sizeof(kText) - 1) == sizeof(kText) - 1;
    char buf[8];
    ok &= syscall(SYS_pread64, fd, buf, 5, 0) == 5;
    struct stat st;
    ok &= syscall(SYS_fstat, fd, &st) == 0;
    ok &= syscall(SYS_close, fd) == 0;
  } else {
    ok = false;
  }
  ok &= syscall(SYS_openat, AT_FDCWD, missing, O_RDONLY | O_CLOEXEC) == -1;  // ENOENT
  ok &= syscall(SYS_unlink, file) == 0;
  ok &= syscall(SYS_rmdir, dir) == 0;
  return ok ? 0 : 1;
}

}  // namespace ior::cli
