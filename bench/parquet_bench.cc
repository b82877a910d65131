// Rows per second into Parquet on one core (ior::ParquetSink: row encoding, dictionaries, zstd
// pages, file writes), bytes on disk per row and the writer's peak memory, on synthetic
// batches shaped like a file-heavy trace: four threads (tar, gzip, make, cc1plus) each working
// through files (openat, fstat, a few reads or writes, close) among ~3,000 paths, some errors.
//
//   ior_parquet_bench                          # the goal: >= 2 M rows/s
//   ior_parquet_bench --benchmark_filter=BM_ParquetSink/1/0
//
// Arguments: the zstd level, then the shape: 0 = each thread's calls on one file come in runs,
// as a tracer sees them (the threads interleaved in slices of a few calls, as the ring delivers
// several CPUs' records); 1 = a random file and thread on every row, the worst case for the
// string dictionaries (every row a hash lookup of a path that was not the previous row's).
//
// Counters: items_per_second (rows/s), bytes_per_row (the file's size / rows, footer
// included), peak_rss_mb (the whole process's maximum resident set, which the writer's row
// groups bound: it stays flat however many rows are written).
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "ior/event.h"
#include "ior/parquet.h"
#include "ior/syscalls.h"

namespace ior {
namespace {

constexpr size_t kBatch = 1024;
constexpr size_t kBatches = 64;  // distinct batches, reused round robin

// One thread's next call: on the file it has open, or the next file's openat.
struct Worker {
  uint32_t tid = 0;
  const char* comm = "";
  std::string path;
  int calls_left = 0;  // on `path` before its close
  bool writes = false;
};

Event NextCall(Worker& w, std::mt19937_64& rng, EventBatch& batch) {
  Event e{};
  e.pid = w.tid;
  e.tid = w.tid;
  std::strncpy(e.comm, w.comm, kCommLength - 1);
  e.target_fd = kNoFd;
  e.timeout_ns = kTimeoutNone;
  e.family = static_cast<uint8_t>(Family::kFS);
  e.fd = 3 + static_cast<int32_t>(w.tid % 4);
  if (w.calls_left == 0) {
    w.path = "/usr/include/x86_64-linux-gnu/sys/header-" + std::to_string(rng() % 3000) + ".h";
    w.calls_left = 3 + static_cast<int>(rng() % 8);  // fstat, reads or writes, close
    w.writes = rng() % 4 == 0;
    e.nr = SYS_openat;
    e.ret = e.fd;
  } else if (--w.calls_left == 0) {
    e.nr = SYS_close;
  } else if (w.calls_left % 5 == 4) {
    e.nr = SYS_newfstatat;
  } else {
    e.nr = w.writes ? SYS_write : (rng() % 3 == 0 ? SYS_pread64 : SYS_read);
    e.bytes_class = static_cast<uint8_t>(w.writes ? BytesClass::kWrite : BytesClass::kRead);
    e.ret = static_cast<int64_t>(rng() % 65536);
    e.bytes = static_cast<uint64_t>(e.ret);
  }
  if (rng() % 50 == 0) {
    e.ret = -2;
    e.bytes = 0;
  }
  e.file_ref = batch.AddString(w.path);
  e.file_status = static_cast<uint8_t>(FileStatus::kPath);
  return e;
}

std::vector<EventBatch> MakeBatches(bool random_rows) {
  std::mt19937_64 rng(42);
  const char* comms[] = {"tar", "gzip", "make", "cc1plus"};
  std::vector<Worker> workers(4);
  for (uint32_t t = 0; t < workers.size(); ++t) {
    workers[t].tid = 4000 + t;
    workers[t].comm = comms[t];
  }
  std::vector<EventBatch> batches;
  uint64_t now = 1'000'000'000'000;
  for (size_t b = 0; b < kBatches; ++b) {
    EventBatch batch;
    size_t thread = 0, slice = 0;
    for (size_t i = 0; i < kBatch; ++i) {
      if (random_rows || slice == 0) {
        thread = rng() % workers.size();
        slice = 1 + rng() % 6;
      }
      --slice;
      Event e = NextCall(workers[thread], rng, batch);
      if (random_rows) {
        e.file_ref = batch.AddString("/usr/include/x86_64-linux-gnu/sys/header-" +
                                     std::to_string(rng() % 3000) + ".h");
      }
      now += 200 + rng() % 2000;
      e.enter_ns = now;
      e.gap_ns = rng() % 5000;
      e.latency_ns = 300 + rng() % 20000;
      batch.mutable_events().push_back(e);
    }
    batches.push_back(std::move(batch));
  }
  return batches;
}

void BM_ParquetSink(benchmark::State& state) {
  static const std::vector<EventBatch> runs = MakeBatches(false);
  static const std::vector<EventBatch> random_rows = MakeBatches(true);
  const std::vector<EventBatch>& batches = state.range(1) == 0 ? runs : random_rows;
  const std::string path = "/tmp/ior_parquet_bench." + std::to_string(getpid()) + ".parquet";
  ParquetOptions options;
  options.zstd_level = static_cast<int>(state.range(0));
  auto sink = ParquetSink::Create(path, options);
  if (!sink.ok()) {
    state.SkipWithError(std::string(sink.status().message()).c_str());
    return;
  }
  size_t next = 0;
  for (auto _ : state) {
    (*sink)->Write(batches[next]);
    next = (next + 1) % batches.size();
  }
  if (!(*sink)->Close().ok()) state.SkipWithError("Close failed");
  struct stat st {};
  stat(path.c_str(), &st);
  const double rows = static_cast<double>((*sink)->rows_written());
  unlink(path.c_str());
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatch));
  state.counters["bytes_per_row"] = rows > 0 ? static_cast<double>(st.st_size) / rows : 0;
  state.counters["rows"] = rows;
  state.counters["peak_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
// Arguments: the zstd level and the shape (see the top). Enough iterations for several row
// groups (1 Mi rows each).
BENCHMARK(BM_ParquetSink)
    ->Args({1, 0})
    ->Args({1, 1})
    ->Args({3, 0})
    ->Iterations(4096)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ior

BENCHMARK_MAIN();
