// The workload of bench/peers.sh: N calls of one kind, timed inside the process with
// CLOCK_MONOTONIC, so that a tracer's start and end are not part of the figure.
//
//   ior_syscall_loop pread|openat N RESULT_FILE
//     pread   N × pread(fd, buf, 1, 0) on a small file (the fd-only path)
//     openat  N × (openat(path) + close) (a path per call; 2N calls)
// Writes "<calls> <ns>" (calls made, nanoseconds they took) to RESULT_FILE.
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

long long NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1'000'000'000LL + ts.tv_nsec;
}

}  // namespace

int main(int argc, char** argv) {
  const bool pread_loop = argc == 4 && std::strcmp(argv[1], "pread") == 0;
  const bool openat_loop = argc == 4 && std::strcmp(argv[1], "openat") == 0;
  const long n = argc == 4 ? std::strtol(argv[2], nullptr, 10) : 0;
  if ((!pread_loop && !openat_loop) || n <= 0) {
    std::fprintf(stderr, "usage: ior_syscall_loop pread|openat N RESULT_FILE\n");
    return 2;
  }
  const char* path = "/proc/self/exe";  // exists and is readable wherever the loop runs
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 3;
  char byte;
  long calls = 0;
  const long long begin = NowNs();
  for (long i = 0; i < n; ++i) {
    if (pread_loop) {
      if (pread(fd, &byte, 1, 0) != 1) return 4;
      calls += 1;
    } else {
      int f = open(path, O_RDONLY | O_CLOEXEC);
      if (f < 0) return 4;
      close(f);
      calls += 2;
    }
  }
  const long long took = NowNs() - begin;
  FILE* out = std::fopen(argv[3], "w");
  if (out == nullptr) return 5;
  std::fprintf(out, "%ld %lld\n", calls, took);
  return std::fclose(out) == 0 ? 0 : 5;
}
