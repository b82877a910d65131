// Degrade instead of drop (SessionOptions::degrade), measured: a child process runs two busy
// pread loops on two threads while a session with a small ring traces it and a slow consumer
// (a pause per batch) polls. Prints, without and with degrade, how many calls the kernel
// counted, how many rows were delivered, dropped and degraded, the thinnest rate and the
// windows. Figures only, nothing asserted.
//
//   sudo ior_degrade_bench [--calls N] [--ring BYTES] [--pause-us U]
//
// Needs root (or CAP_BPF + CAP_PERFMON).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>

#include "ior/session.h"
#include "ior/stats.h"
#include "ior/syscall_names.h"

namespace {

struct Args {
  long calls = 1000000;  // per thread
  size_t ring = 64 * 1024;
  long pause_us = 2000;
};

// The child: waits for a byte on `go`, then two threads each make `calls` preads.
[[noreturn]] void Child(int go, long calls) {
  char c;
  if (read(go, &c, 1) != 1) _exit(2);
  const int fd = open("/proc/self/exe", O_RDONLY);
  if (fd < 0) _exit(3);
  auto loop = [fd, calls] {
    char buf[1];
    for (long i = 0; i < calls; ++i) {
      if (pread(fd, buf, 1, 0) != 1) _exit(4);
    }
  };
  std::thread a(loop);
  std::thread b(loop);
  a.join();
  b.join();
  _exit(0);
}

int RunOnce(const Args& args, bool degrade) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return 1;
  const pid_t child = fork();
  if (child == 0) {
    close(pipe_fds[1]);
    Child(pipe_fds[0], args.calls);
  }
  close(pipe_fds[0]);
  ior::SessionOptions options;
  options.pids = {child};
  options.syscalls = {"pread64"};
  options.ring_bytes = args.ring;
  options.degrade = degrade;
  absl::StatusOr<std::unique_ptr<ior::Session>> session = ior::Session::Create(options);
  if (!session.ok() || !(*session)->Start().ok()) {
    std::fprintf(stderr, "cannot start a session (root?)\n");
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  (void)!write(pipe_fds[1], "g", 1);
  close(pipe_fds[1]);
  uint64_t rows = 0;
  for (;;) {
    absl::StatusOr<ior::PollResult> r =
        (*session)->Poll(absl::Milliseconds(100), [&](const ior::EventBatch& batch) {
          rows += batch.size();
          std::this_thread::sleep_for(std::chrono::microseconds(args.pause_us));
          return 0;
        });
    if (!r.ok() || r->end_of_stream) break;
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int status = 0;
  waitpid(child, &status, 0);
  const ior::SessionStats st = (*session)->Stats();
  uint32_t one_in = 0;
  for (const ior::SyscallStats& s : st.syscalls) one_in = std::max(one_in, s.degraded_one_in);
  std::printf("%-12s kernel %10" PRIu64 "  delivered %9" PRIu64 "  dropped %9" PRIu64
              "  degraded %9" PRIu64 "  thinnest 1/%-6u windows %3zu  %.2fs%s\n",
              degrade ? "degrade" : "drop", st.kernel_count, st.delivered, st.dropped, st.degraded,
              one_in, st.degrade_windows.size(), secs,
              st.kernel_count == st.delivered + st.sampled_out + st.dropped + st.filtered
                  ? ""
                  : "  NOT balanced");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--calls") {
      args.calls = std::atol(argv[i + 1]);
    } else if (flag == "--ring") {
      args.ring = static_cast<size_t>(std::atol(argv[i + 1]));
    } else if (flag == "--pause-us") {
      args.pause_us = std::atol(argv[i + 1]);
    } else {
      std::fprintf(stderr, "usage: %s [--calls N] [--ring BYTES] [--pause-us U]\n", argv[0]);
      return 2;
    }
  }
  std::printf("2 threads x %ld preads, ring %zu bytes, consumer pauses %ld us per batch\n",
              args.calls, args.ring, args.pause_us);
  for (bool degrade : {false, true, false, true}) {
    if (RunOnce(args, degrade) != 0) return 1;
  }
  return 0;
}
