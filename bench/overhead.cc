// Whole-workload overhead of tracing (DESIGN.md §6): how much slower a syscall loop runs while
// an ior::Session traces it, and whether every call arrives.
//
//   sudo ior_overhead [--calls N] [--rounds R] [--no-filtered] [--loop pread|openat]
//                     [--no-track-files] [--count-only]
//
// Each round runs the same loop three times, each time in a fresh child process (a session
// never traces its own process): N × pread(fd, buf, 1, 0) on a small temp file (the fd-only
// path), or with --loop openat N × (openat(path) + close) (the path-capture path: every openat
// record carries the path string), timed inside the child with CLOCK_MONOTONIC.
//   untraced  no session
//   traced    a session with pids = {child}; this process polls and counts events meanwhile
//   filtered  a session whose target is another (idle) process: the kernel programs run on
//             every call of the loop and reject it at the pid filter
// Rounds alternate the three so that drifts of the machine hit all of them alike; the report
// gives the median of each and the ratios. Needs root (or CAP_BPF + CAP_PERFMON).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "ior/child_process.h"
#include "ior/event.h"
#include "ior/session.h"
#include "ior/stats.h"

namespace {

struct Flags {
  long calls = 200000;
  int rounds = 5;
  bool filtered = true;
  bool openat_loop = false;  // --loop openat
  bool track_files = true;   // --no-track-files
  bool count_only = false;   // --count-only
};

// Which loop the children run and how sessions are set up; set once from the flags before any
// child exists.
bool g_openat_loop = false;
bool g_track_files = true;
// --count-only: the loop's syscall is sampled at 0, counted in the kernel's aggregates (count,
// latency, histogram) and never written to the ring: the kernel path without a record.
bool g_count_only = false;

// The syscall whose every call must arrive: pread64, or openat for --loop openat.
uint32_t LoopNr() { return g_openat_loop ? SYS_openat : SYS_pread64; }
const char* LoopName() { return g_openat_loop ? "openat" : "pread64"; }

// What one traced run delivered and what the kernel counted.
struct Delivery {
  uint64_t pread_delivered = 0;  // pread64 events of the loop process handed to the callback
  uint64_t all_delivered = 0;    // every event handed to the callback
  uint64_t pread_kernel = 0;     // SyscallStats::count of pread64
  uint64_t kernel_count = 0;     // SessionStats::kernel_count
  uint64_t dropped = 0;          // SessionStats::dropped
  uint64_t stats_delivered = 0;  // SessionStats::delivered
  double tracer_cpu_ns = 0;      // CPU of this process (drain thread + polling) for the run
};

struct RunResult {
  double ns_per_call = 0;
  Delivery delivery;
};

bool WriteAll(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool ReadAll(int fd, void* data, size_t size) {
  char* p = static_cast<char*>(data);
  while (size > 0) {
    ssize_t n = read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// The child of one run. Waits for the go byte, runs the loop, writes ns/call (negative on
// failure) and exits. Only syscalls and the vDSO clock here: the parent may have threads.
[[noreturn]] void LoopChild(const char* path, long calls, int go_fd, int result_fd) {
  double result = -1;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  char buf[1];
  char go;
  if (fd >= 0) {
    // Warm the page cache entry and the code path; untraced either way (before the go byte).
    for (int i = 0; i < 1000; ++i) (void)!pread(fd, buf, 1, 0);
  }
  if (read(go_fd, &go, 1) == 1 && fd >= 0) {
    timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long ok = 0;
    if (g_openat_loop) {
      for (long i = 0; i < calls; ++i) {
        int f = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
        ok += f >= 0 && close(f) == 0;
      }
    } else {
      for (long i = 0; i < calls; ++i) ok += pread(fd, buf, 1, 0) == 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (ok == calls) {
      double ns = static_cast<double>(t1.tv_sec - t0.tv_sec) * 1e9 +
                  static_cast<double>(t1.tv_nsec - t0.tv_nsec);
      // Per syscall: the openat loop makes two per iteration.
      result = ns / static_cast<double>(calls) / (g_openat_loop ? 2 : 1);
    }
  }
  (void)!write(result_fd, &result, sizeof(result));
  _exit(result < 0 ? 1 : 0);
}

// What the loop child runs (ChildProcess runs a function without arguments): set just before
// each spawn, while this process is the only one that runs.
const char* g_loop_path = nullptr;
long g_loop_calls = 0;
int g_loop_fds[4] = {-1, -1, -1, -1};  // go read, go write, result read, result write

int LoopMain() {
  close(g_loop_fds[1]);  // the parent's ends
  close(g_loop_fds[2]);
  LoopChild(g_loop_path, g_loop_calls, g_loop_fds[0], g_loop_fds[3]);
}

// A loop child (ior::ChildProcess, released at once) that warms up, then waits for its go byte.
class LoopProcess {
 public:
  static absl::StatusOr<std::unique_ptr<LoopProcess>> Spawn(const std::string& path, long calls) {
    int go[2], result[2];
    if (pipe2(go, O_CLOEXEC) != 0) return absl::ErrnoToStatus(errno, "pipe");
    if (pipe2(result, O_CLOEXEC) != 0) {
      int e = errno;
      close(go[0]);
      close(go[1]);
      return absl::ErrnoToStatus(e, "pipe");
    }
    g_loop_path = path.c_str();
    g_loop_calls = calls;
    g_loop_fds[0] = go[0];
    g_loop_fds[1] = go[1];
    g_loop_fds[2] = result[0];
    g_loop_fds[3] = result[1];
    absl::StatusOr<std::unique_ptr<ior::ChildProcess>> child =
        ior::ChildProcess::SpawnFunction(&LoopMain);
    close(go[0]);
    close(result[1]);
    if (!child.ok()) {
      close(go[1]);
      close(result[0]);
      return child.status();
    }
    // Released now, so that its warm-up is over (it waits for the go byte) before a session
    // starts: only the loop itself is traced.
    if (absl::Status s = (*child)->Release(); !s.ok()) {
      close(go[1]);
      close(result[0]);
      return s;
    }
    return std::unique_ptr<LoopProcess>(new LoopProcess(*std::move(child), go[1], result[0]));
  }

  ~LoopProcess() {
    if (go_fd_ >= 0) close(go_fd_);
    if (result_fd_ >= 0) close(result_fd_);
    if (!child_->reaped()) {
      child_->Kill(SIGKILL);
      child_->Wait();
    }
  }

  pid_t pid() const { return child_->pid(); }

  bool Go() {
    char c = 'g';
    return WriteAll(go_fd_, &c, 1);
  }

  // True once the result is waiting (the loop is over).
  bool Done() const {
    pollfd p{result_fd_, POLLIN, 0};
    return poll(&p, 1, 0) > 0;
  }

  // Reads the result and reaps the child.
  absl::StatusOr<double> Finish() {
    double ns = -1;
    bool got = ReadAll(result_fd_, &ns, sizeof(ns));
    child_->Wait();
    if (!got || ns < 0) {
      return absl::InternalError("the loop child failed (open or pread of the temp file)");
    }
    return ns;
  }

 private:
  LoopProcess(std::unique_ptr<ior::ChildProcess> child, int go_fd, int result_fd)
      : child_(std::move(child)), go_fd_(go_fd), result_fd_(result_fd) {}
  std::unique_ptr<ior::ChildProcess> child_;
  int go_fd_;
  int result_fd_;
};

// CPU time of this process so far, all threads (the session's drain thread included).
double CpuNs() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto ns = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e9 + t.tv_usec * 1e3; };
  return ns(u.ru_utime) + ns(u.ru_stime);
}

absl::StatusOr<RunResult> RunUntraced(const std::string& path, long calls) {
  absl::StatusOr<std::unique_ptr<LoopProcess>> child = LoopProcess::Spawn(path, calls);
  if (!child.ok()) return child.status();
  if (!(*child)->Go()) return absl::InternalError("cannot start the loop child");
  absl::StatusOr<double> ns = (*child)->Finish();
  if (!ns.ok()) return ns.status();
  return RunResult{*ns, {}};
}

// A session on `target` (the loop child itself when nullopt) while the loop runs.
absl::StatusOr<RunResult> RunTraced(const std::string& path, long calls,
                                    std::optional<pid_t> target) {
  absl::StatusOr<std::unique_ptr<LoopProcess>> child = LoopProcess::Spawn(path, calls);
  if (!child.ok()) return child.status();
  const pid_t loop_pid = (*child)->pid();

  ior::SessionOptions options;
  options.pids = {target.value_or(loop_pid)};
  options.track_files = g_track_files;
  if (g_count_only) options.selection.sample_syscalls = {{LoopName(), 0}};
  absl::StatusOr<std::unique_ptr<ior::Session>> session = ior::Session::Create(options);
  if (!session.ok()) return session.status();
  if (absl::Status s = (*session)->Start(); !s.ok()) return s;

  Delivery d;
  const ior::BatchCallback count = [&](const ior::EventBatch& batch) {
    for (const ior::Event& e : batch.events()) {
      ++d.all_delivered;
      d.pread_delivered += e.nr == LoopNr() && e.pid == static_cast<uint32_t>(loop_pid);
    }
    return 0;
  };
  // Start() returned: every later call of the child is traced. Now let it run.
  const double cpu_start = CpuNs();
  if (!(*child)->Go()) return absl::InternalError("cannot start the loop child");
  while (!(*child)->Done()) {
    absl::StatusOr<ior::PollResult> r = (*session)->Poll(absl::Milliseconds(10), count);
    if (!r.ok()) return r.status();
  }
  absl::StatusOr<double> ns = (*child)->Finish();
  if (!ns.ok()) return ns.status();

  if (absl::Status s = (*session)->Stop(); !s.ok()) return s;
  for (;;) {
    absl::StatusOr<ior::PollResult> r = (*session)->Poll(absl::ZeroDuration(), count);
    if (!r.ok()) return r.status();
    if (r->end_of_stream) break;
  }
  d.tracer_cpu_ns = CpuNs() - cpu_start;
  ior::SessionStats stats = (*session)->Stats();
  d.kernel_count = stats.kernel_count;
  d.dropped = stats.dropped;
  d.stats_delivered = stats.delivered;
  for (const ior::SyscallStats& s : stats.syscalls) {
    if (s.nr == LoopNr()) d.pread_kernel = s.count;
  }
  return RunResult{*ns, d};
}

// An idle process for the filtered run to target: a child never released, which waits until
// it is told to exit (when the ChildProcess is destroyed).
int NeverRun() { return 0; }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string Fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f", v);
  return buf;
}

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&](auto* out) {
      return i + 1 < argc && absl::SimpleAtoi(argv[++i], out) && *out > 0;
    };
    if (arg == "--calls") {
      if (!value(&flags->calls)) return false;
    } else if (arg == "--rounds") {
      if (!value(&flags->rounds)) return false;
    } else if (arg == "--no-filtered") {
      flags->filtered = false;
    } else if (arg == "--no-track-files") {
      flags->track_files = false;
    } else if (arg == "--count-only") {
      flags->count_only = true;
    } else if (arg == "--loop" && i + 1 < argc) {
      std::string_view loop = argv[++i];
      if (loop != "pread" && loop != "openat") return false;
      flags->openat_loop = loop == "openat";
    } else {
      return false;
    }
  }
  return true;
}

int Fail(std::string_view what, const absl::Status& status) {
  std::fprintf(stderr, "ior_overhead: %.*s: %s\n", static_cast<int>(what.size()), what.data(),
               std::string(status.message()).c_str());
  return 1;
}

int Main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) {
    std::fprintf(stderr,
                 "usage: %s [--calls N] [--rounds R] [--no-filtered] [--loop pread|openat] "
                 "[--no-track-files] [--count-only]\n",
                 argv[0]);
    return 2;
  }
  g_openat_loop = flags.openat_loop;
  g_track_files = flags.track_files;
  g_count_only = flags.count_only;
  ior::SetLogSink([](ior::LogLevel level, std::string_view message) {
    if (level == ior::LogLevel::kWarning) {
      std::fprintf(stderr, "ior: %.*s\n", static_cast<int>(message.size()), message.data());
    }
  });

  char path[] = "/tmp/ior_overhead.XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return Fail("cannot create the temp file", absl::ErrnoToStatus(errno, path));
  std::string content(4096, 'x');
  bool written = WriteAll(fd, content.data(), content.size());
  close(fd);
  struct Unlink {
    const char* p;
    ~Unlink() { unlink(p); }
  } unlink_at_exit{path};
  if (!written) return Fail("cannot write the temp file", absl::ErrnoToStatus(errno, path));

  std::unique_ptr<ior::ChildProcess> idle;
  if (flags.filtered) {
    absl::StatusOr<std::unique_ptr<ior::ChildProcess>> p =
        ior::ChildProcess::SpawnFunction(&NeverRun);
    if (!p.ok()) return Fail("cannot start the idle target", p.status());
    idle = *std::move(p);
  }

  std::printf("ior_overhead: %s x %ld in a child process, %d rounds (ns per syscall)\n\n",
              g_openat_loop ? "openat(path) + close(fd)" : "pread(fd, buf, 1, 0)", flags.calls,
              flags.rounds);
  std::printf("%-6s %10s %10s %10s | %10s %10s %8s %10s %10s %11s\n", "round", "untraced", "traced",
              flags.filtered ? "filtered" : "", LoopName(), LoopName(), "dropped", "all events",
              "kernel", "tracer CPU");
  std::printf("%-6s %10s %10s %10s | %10s %10s %8s %10s %10s %11s\n", "", "ns/call", "ns/call",
              flags.filtered ? "ns/call" : "", "delivered", "kernel", "", "delivered", "count",
              "ns/event");

  std::vector<double> untraced, traced, filtered, tracer_cpu;
  Delivery total;
  bool complete = true;
  for (int round = 1; round <= flags.rounds; ++round) {
    absl::StatusOr<RunResult> u = RunUntraced(path, flags.calls);
    if (!u.ok()) return Fail("untraced run", u.status());
    absl::StatusOr<RunResult> t = RunTraced(path, flags.calls, std::nullopt);
    if (!t.ok()) return Fail("cannot trace (is this root, with BPF and BTF?)", t.status());
    std::optional<RunResult> f;
    if (flags.filtered) {
      absl::StatusOr<RunResult> r = RunTraced(path, flags.calls, idle->pid());
      if (!r.ok()) return Fail("filtered run", r.status());
      f = *r;
      filtered.push_back(f->ns_per_call);
    }
    untraced.push_back(u->ns_per_call);
    traced.push_back(t->ns_per_call);
    const Delivery& d = t->delivery;
    const double cpu_per_event =
        d.tracer_cpu_ns / static_cast<double>(std::max<uint64_t>(1, d.all_delivered));
    tracer_cpu.push_back(cpu_per_event);
    std::printf("%-6d %10.1f %10.1f %10s | %10" PRIu64 " %10" PRIu64 " %8" PRIu64 " %10" PRIu64
                " %10" PRIu64 " %11.1f\n",
                round, u->ns_per_call, t->ns_per_call, f ? Fixed1(f->ns_per_call).c_str() : "",
                d.pread_delivered, d.pread_kernel, d.dropped, d.all_delivered, d.kernel_count,
                cpu_per_event);
    std::fflush(stdout);
    const uint64_t want_rows = flags.count_only ? 0 : static_cast<uint64_t>(flags.calls);
    complete = complete && d.pread_delivered == want_rows &&
               d.pread_kernel == static_cast<uint64_t>(flags.calls) && d.dropped == 0 &&
               (flags.count_only || d.all_delivered == d.kernel_count) &&
               d.stats_delivered == d.all_delivered;
    total.pread_delivered += d.pread_delivered;
    total.pread_kernel += d.pread_kernel;
    total.dropped += d.dropped;
    total.all_delivered += d.all_delivered;
    total.kernel_count += d.kernel_count;
    if (f && f->delivery.all_delivered != 0) {
      std::printf("       (the filtered session delivered %" PRIu64 " events; expected none)\n",
                  f->delivery.all_delivered);
    }
  }

  const double mu = Median(untraced), mt = Median(traced);
  std::printf("\n%-6s %10.1f %10.1f %10s | %10" PRIu64 " %10" PRIu64 " %8" PRIu64 " %10" PRIu64
              " %10" PRIu64 " %11.1f\n",
              "median", mu, mt, flags.filtered ? Fixed1(Median(filtered)).c_str() : "",
              total.pread_delivered, total.pread_kernel, total.dropped, total.all_delivered,
              total.kernel_count, Median(tracer_cpu));
  std::printf(
      "       (delivery counts on this line: totals over all rounds; tracer CPU: this\n"
      "        process, drain thread and polling, per delivered event)\n\n");
  std::printf("traced / untraced:   %.2fx  (+%.1f ns per traced call)\n", mt / mu, mt - mu);
  if (flags.filtered) {
    const double mf = Median(filtered);
    std::printf("filtered / untraced: %.2fx  (+%.1f ns per call rejected by the pid filter)\n",
                mf / mu, mf - mu);
  }
  std::printf("every %s %s, nothing dropped: %s\n", LoopName(),
              flags.count_only ? "counted (no rows: --count-only)" : "delivered",
              complete ? "yes" : "NO");
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Main(argc, argv); }
