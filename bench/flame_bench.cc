// The flamegraph sink (DESIGN.md §6, issue 10): events/s into ior::FlameAggregator on one core,
// bytes on disk per key of a .ior.zst recording, and the time to render the SVG of a
// 100,000-key recording.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "ior/event.h"
#include "ior/flame.h"
#include "ior/flame_recording.h"
#include "ior/flame_svg.h"
#include "ior/syscall_names.h"

namespace {

// A batch as a busy process makes it: 1024 calls over 8 syscalls, 64 files, 16 threads.
ior::EventBatch MakeBatch() {
  static const char* const kSyscalls[] = {"read",  "write", "pread64", "openat",
                                          "close", "fstat", "lseek",   "fsync"};
  ior::EventBatch batch;
  uint64_t seed = 7;
  for (int i = 0; i < 1024; ++i) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    ior::Event e;
    std::memset(&e, 0, sizeof(e));
    e.nr = *ior::SyscallNumber(kSyscalls[(seed >> 40) % 8]);
    std::strcpy(e.comm, (seed >> 20) % 4 == 0 ? "postgres" : "postgres: wal");
    e.pid = 4000;
    e.tid = 4000 + static_cast<uint32_t>((seed >> 30) % 16);
    e.latency_ns = 1000 + (seed >> 50);
    e.gap_ns = 200;
    e.bytes = 4096;
    e.fd_flags = 02;
    e.file_ref = batch.AddString("/var/lib/postgresql/15/main/base/16384/" +
                                 std::to_string((seed >> 45) % 64));
    e.file_status = static_cast<uint8_t>(ior::FileStatus::kPath);
    batch.mutable_events().push_back(e);
  }
  return batch;
}

void BM_FlameAdd(benchmark::State& state) {
  ior::EventBatch batch = MakeBatch();
  ior::FlameAggregator flame;
  for (auto _ : state) {
    flame.Add(batch);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch.size()));
  state.counters["keys"] = static_cast<double>(flame.size());
  state.counters["events/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * batch.size()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FlameAdd);

// Every event a new key (pid churn) with a cap of 65,536: the folding path.
void BM_FlameAddFolding(benchmark::State& state) {
  ior::EventBatch batch = MakeBatch();
  ior::FlameAggregator flame(ior::FlameAggregator::Options{.max_keys = 65536});
  uint32_t pid = 0;
  for (auto _ : state) {
    for (ior::Event& e : batch.mutable_events()) e.pid = ++pid;
    flame.Add(batch);
  }
  state.counters["events/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * batch.size()), benchmark::Counter::kIsRate);
  state.counters["keys"] = static_cast<double>(flame.size());
}
BENCHMARK(BM_FlameAddFolding);

// 100,000 keys as a system-wide trace makes them: many processes, files in a tree.
ior::FlameAggregator Make100kKeys() {
  static const char* const kSyscalls[] = {"read", "write", "openat", "close", "pread64", "fstat"};
  ior::FlameAggregator flame(ior::FlameAggregator::Options{.max_keys = 0});
  uint64_t seed = 99;
  for (uint32_t i = 0; i < 100000; ++i) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    const std::string path = "/home/user" + std::to_string((seed >> 20) % 50) + "/src/dir" +
                             std::to_string((seed >> 30) % 40) + "/file" +
                             std::to_string((seed >> 40) % 500) + ".c";
    const uint64_t n = 1 + (seed >> 56);
    flame.AddRecord(path, kSyscalls[(seed >> 10) % 6], "cc1plus", 10000 + i / 8, 10000 + i,
                    (seed >> 5) % 2 ? 0 : 02, ior::FlameCounters{n, n * 1500, n * 300, n * 512});
  }
  return flame;
}

void BM_RecordingBytesPerKey(benchmark::State& state) {
  ior::FlameAggregator flame = Make100kKeys();
  ior::RecordingInfo info;
  info.host = "bench";
  info.name = "bench";
  size_t bytes = 0;
  for (auto _ : state) {
    absl::StatusOr<std::string> out = ior::SerializeRecording(info, flame);
    bytes = out->size();
    benchmark::DoNotOptimize(out);
  }
  state.counters["keys"] = static_cast<double>(flame.size());
  state.counters["file_bytes"] = static_cast<double>(bytes);
  state.counters["bytes/key"] = static_cast<double>(bytes) / static_cast<double>(flame.size());
}
BENCHMARK(BM_RecordingBytesPerKey)->Unit(benchmark::kMillisecond);

void BM_Svg100kKeys(benchmark::State& state) {
  ior::FlameAggregator flame = Make100kKeys();
  ior::FlameSvgOptions options;
  options.stack.fields = {ior::FlameField::kComm, ior::FlameField::kTracepoint,
                          ior::FlameField::kPath, ior::FlameField::kPid};
  size_t bytes = 0;
  for (auto _ : state) {
    std::string svg = ior::RenderFlameSvg(flame, options);
    bytes = svg.size();
    benchmark::DoNotOptimize(svg);
  }
  state.counters["svg_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_Svg100kKeys)->Unit(benchmark::kMillisecond);

void BM_ReadRecording100k(benchmark::State& state) {
  ior::FlameAggregator flame = Make100kKeys();
  const std::string bytes = *ior::SerializeRecording(ior::RecordingInfo(), flame);
  for (auto _ : state) {
    absl::StatusOr<ior::Recording> rec = ior::ParseRecording(bytes, "bench");
    benchmark::DoNotOptimize(rec);
  }
}
BENCHMARK(BM_ReadRecording100k)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
