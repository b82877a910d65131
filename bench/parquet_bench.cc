// Rows per second into Parquet on one core (ior::ParquetSink: row encoding, dictionaries, zstd
// pages, file writes), bytes on disk per row and the writer's peak memory, on synthetic
// batches shaped like a file-heavy trace (a few threads, a few thousand files, read/write/
// openat/close/fstat, some errors).
//
//   ior_parquet_bench                          # the goal: >= 2 M rows/s
//   ior_parquet_bench --benchmark_filter=BM_ParquetSink/1
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

std::vector<EventBatch> MakeBatches() {
  std::mt19937_64 rng(42);
  const uint32_t calls[] = {SYS_read,   SYS_read,  SYS_read,       SYS_write, SYS_write,
                            SYS_openat, SYS_close, SYS_newfstatat, SYS_lseek, SYS_pread64};
  const char* comms[] = {"tar", "gzip", "make", "cc1plus"};
  std::vector<EventBatch> batches;
  uint64_t now = 1'000'000'000'000;
  for (size_t b = 0; b < kBatches; ++b) {
    EventBatch batch;
    for (size_t i = 0; i < kBatch; ++i) {
      Event e{};
      e.nr = calls[rng() % std::size(calls)];
      const uint32_t thread = static_cast<uint32_t>(rng() % 4);
      e.pid = 4000 + thread;
      e.tid = 4000 + thread;
      std::strncpy(e.comm, comms[thread], kCommLength - 1);
      now += 200 + rng() % 2000;
      e.enter_ns = now;
      e.gap_ns = rng() % 5000;
      e.latency_ns = 300 + rng() % 20000;
      e.fd = static_cast<int32_t>(3 + rng() % 20);
      e.target_fd = kNoFd;
      e.timeout_ns = kTimeoutNone;
      e.family = static_cast<uint8_t>(Family::kFS);
      const bool fails = rng() % 50 == 0;
      e.ret = fails ? -2 : static_cast<int64_t>(rng() % 65536);
      if (e.nr == SYS_read || e.nr == SYS_pread64) {
        e.bytes_class = static_cast<uint8_t>(BytesClass::kRead);
        e.bytes = fails ? 0 : static_cast<uint64_t>(e.ret);
      } else if (e.nr == SYS_write) {
        e.bytes_class = static_cast<uint8_t>(BytesClass::kWrite);
        e.bytes = fails ? 0 : static_cast<uint64_t>(e.ret);
      }
      std::string path =
          "/usr/include/x86_64-linux-gnu/sys/header-" + std::to_string(rng() % 3000) + ".h";
      e.file_ref = batch.AddString(path);
      e.file_status = static_cast<uint8_t>(FileStatus::kPath);
      batch.mutable_events().push_back(e);
    }
    batches.push_back(std::move(batch));
  }
  return batches;
}

void BM_ParquetSink(benchmark::State& state) {
  static const std::vector<EventBatch> batches = MakeBatches();
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
// Argument: the zstd level. Enough iterations for several row groups (1 Mi rows each).
BENCHMARK(BM_ParquetSink)->Arg(1)->Arg(3)->Iterations(4096)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ior

BENCHMARK_MAIN();
