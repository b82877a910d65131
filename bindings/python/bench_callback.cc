// ior-bench-callback: the C++ half of bench_batches.py. Traces `WORKLOAD basic FILE N` (the
// repo's ior-workload: N pread64 calls in a loop) and consumes the events through
// Session::Poll with a C++ callback that reads every event, then prints one line of figures:
//
//   ior-bench-callback live|backlog WORKLOAD FILE N
//   mode=live events=200043 wall_s=0.412 consumer_cpu_s=0.031
//
// live: consume while the workload runs, until it exits and the session is drained.
// backlog: let the workload run to its end while nobody consumes (queue large enough to keep
// everything), stop, then time only the delivery of the backlog: the cost of the consumer path
// itself. Needs root.
#include <time.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ior/child_process.h"
#include "ior/event.h"
#include "ior/session.h"

namespace {

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "ior-bench-callback: %s\n", status.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: ior-bench-callback live|backlog WORKLOAD FILE N\n");
    return 2;
  }
  const std::string mode = argv[1];
  const bool backlog = mode == "backlog";
  const long n = std::strtol(argv[4], nullptr, 10);

  absl::StatusOr<std::unique_ptr<ior::ChildProcess>> child =
      ior::ChildProcess::SpawnCommand({argv[2], "basic", argv[3], std::to_string(n)});
  if (!child.ok()) return Fail(child.status());

  ior::SessionOptions options;
  options.pids = {(*child)->pid()};
  options.ring_bytes = size_t{64} << 20;
  if (backlog) options.max_queued_batches = 4 * (static_cast<size_t>(n) / 1024 + 64);
  absl::StatusOr<std::unique_ptr<ior::Session>> session = ior::Session::Create(options);
  if (!session.ok()) return Fail(session.status());
  if (absl::Status s = (*session)->Start(); !s.ok()) return Fail(s);

  uint64_t events = 0;
  uint64_t latency_sum = 0;  // read every event, as a real consumer would
  const ior::BatchCallback on_batch = [&](const ior::EventBatch& batch) {
    for (const ior::Event& e : batch.events()) latency_sum += e.latency_ns;
    events += batch.size();
    return 0;
  };

  const absl::Time begin = absl::Now();
  if (absl::Status s = (*child)->Release(); !s.ok()) return Fail(s);
  double cpu_begin = ThreadCpuSeconds();
  absl::Time timed_from = begin;
  if (backlog) {
    (*child)->Wait();
    if (absl::Status s = (*session)->Stop(); !s.ok()) return Fail(s);
    timed_from = absl::Now();
    cpu_begin = ThreadCpuSeconds();
  } else {
    while (!(*child)->TryReap()) {
      absl::StatusOr<ior::PollResult> r = (*session)->Poll(absl::Milliseconds(100), on_batch);
      if (!r.ok()) return Fail(r.status());
    }
    if (absl::Status s = (*session)->Stop(); !s.ok()) return Fail(s);
  }
  while (true) {
    absl::StatusOr<ior::PollResult> r = (*session)->Poll(absl::InfiniteDuration(), on_batch);
    if (!r.ok()) return Fail(r.status());
    if (r->end_of_stream) break;
  }
  const double wall = absl::ToDoubleSeconds(absl::Now() - timed_from);
  const double cpu = ThreadCpuSeconds() - cpu_begin;
  const ior::SessionStats stats = (*session)->Stats();
  std::printf("mode=%s events=%llu wall_s=%.6f consumer_cpu_s=%.6f dropped=%llu latency_sum=%llu\n",
              mode.c_str(), static_cast<unsigned long long>(events), wall, cpu,
              static_cast<unsigned long long>(stats.dropped),
              static_cast<unsigned long long>(latency_sum));
  return (*child)->ExitCode() == 0 ? 0 : 1;
}
