// The userspace half of a trace on one core: decode → batch → queue → callback, driven with
// synthetic ring-buffer records (bpf/ior_wire.h) so that neither the kernel nor /proc is involved.
//
//   ior_pipeline_bench                       # all benchmarks
//   ior_pipeline_bench --benchmark_filter=BM_Pipeline
//
// items_per_second is events per second on one core. The goal (DESIGN.md §6, the issue) is at
// least 10 million events/s through BM_Pipeline.
#include <benchmark/benchmark.h>
#include <sys/prctl.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "batch_queue.h"
#include "comm_cache.h"
#include "decoder.h"
#include "event_pipeline.h"
#include "file_names.h"
#include "file_tracker.h"
#include "ior/csv.h"
#include "ior/event.h"
#include "ior/session.h"
#include "ior/syscalls.h"
#include "ior_wire.h"

namespace ior {
namespace {

using internal::BatchQueue;
using internal::Comm;
using internal::CommCache;
using internal::Decoder;
using internal::DecodeResult;
using internal::EventPipeline;

// libbpf's ring buffer puts an 8-byte header before every record and keeps records 8-byte
// aligned, so consecutive samples are this far apart in the mapped ring.
constexpr size_t kRingHeader = 8;
constexpr size_t kRecordSize = sizeof(ior_wire_syscall);
constexpr size_t kStride = (kRingHeader + kRecordSize + 7) / 8 * 8;

// A power of two, and a multiple of every batch size benchmarked, so a batch never wraps.
constexpr size_t kRecords = size_t{1} << 16;

constexpr uint32_t kProcesses = 8;
constexpr uint32_t kThreadsPerProcess = 4;

// Thread runs: how many consecutive records come from one thread. Real traces are bursty (a
// thread does several calls before it blocks or is preempted); the interleaved set is the worst
// case for the comm cache's one-entry memo.
enum class Locality { kRuns, kInterleaved };

// A mapped ring's worth of records, laid out as libbpf hands them to the sample callback.
class RecordSet {
 public:
  explicit RecordSet(Locality locality) : bytes_(kRecords * kStride) {
    std::mt19937_64 rng(0x10e5eedULL);
    struct Kind {
      uint32_t nr;
      int64_t ok_min, ok_max;  // successful return range
      int64_t err;             // negative errno when it fails
      uint32_t fail_per_mille;
    };
    // A mix of what I/O-heavy programs call: read, write, pread64, openat, close, fstat,
    // futex, epoll_wait, recvfrom, sendto, mmap, clock_nanosleep.
    static constexpr Kind kKinds[] = {
        {0, 0, 4096, -11, 50},
        {1, 1, 4096, -32, 5},
        {17, 1, 4096, -5, 2},
        {257, 3, 200, -2, 150},
        {3, 0, 0, -9, 10},
        {5, 0, 0, -2, 5},
        {202, 0, 1, -110, 300},
        {232, 0, 16, -4, 20},
        {45, 0, 1500, -11, 200},
        {44, 1, 1500, -104, 5},
        {9, 0x7f0000000000, 0x7fffffffffff, -12, 1},
        {230, 0, 0, -4, 10},
    };
    constexpr uint32_t kThreads = kProcesses * kThreadsPerProcess;
    std::vector<uint64_t> last_exit(kThreads, 0);
    uint64_t now = uint64_t{1} << 40;
    uint32_t thread = 0;
    uint32_t run_left = 0;
    for (size_t i = 0; i < kRecords; ++i) {
      if (locality == Locality::kInterleaved) {
        thread = (thread + 1 + static_cast<uint32_t>(rng() % (kThreads - 1))) % kThreads;
      } else if (run_left == 0) {
        thread = static_cast<uint32_t>(rng() % kThreads);
        run_left = 1 + static_cast<uint32_t>(rng() % 16);
      }
      if (run_left > 0) --run_left;
      const Kind& kind = kKinds[rng() % std::size(kKinds)];
      ior_wire_syscall rec{};
      rec.hdr.type = IOR_WIRE_SYSCALL;
      rec.hdr.size = sizeof(ior_wire_syscall);
      rec.pid = 1000 + (thread / kThreadsPerProcess) * 100;
      rec.tid = rec.pid + thread % kThreadsPerProcess;
      rec.nr = kind.nr;
      now += 100 + rng() % 5000;
      rec.enter_ns = now;
      rec.latency_ns = 150 + rng() % (rng() % 8 == 0 ? 1000000 : 20000);
      if (last_exit[thread] == 0) {
        rec.hdr.flags |= IOR_WIRE_F_FIRST_ON_TID;
      } else {
        rec.gap_ns = now - std::min(now, last_exit[thread]);
      }
      last_exit[thread] = now + rec.latency_ns;
      if (rng() % 1000 < kind.fail_per_mille) {
        rec.ret = kind.err;
      } else {
        rec.ret = kind.ok_min + static_cast<int64_t>(
                                    rng() % static_cast<uint64_t>(kind.ok_max - kind.ok_min + 1));
      }
      for (auto& arg : rec.args) arg = rng() % 4 == 0 ? rng() : rng() % 256;
      std::memcpy(&bytes_[i * kStride + kRingHeader], &rec, sizeof(rec));
    }
  }

  const void* record(size_t i) const { return &bytes_[i * kStride + kRingHeader]; }

 private:
  std::vector<unsigned char> bytes_;
};

const RecordSet& Records(Locality locality) {
  static const RecordSet* runs = new RecordSet(Locality::kRuns);
  static const RecordSet* interleaved = new RecordSet(Locality::kInterleaved);
  return locality == Locality::kRuns ? *runs : *interleaved;
}

// Stands in for /proc: every thread has a name, made up without a syscall.
bool FakeCommReader(uint32_t pid, uint32_t tid, Comm* out) {
  *out = Comm{};
  std::snprintf(out->data(), out->size(), "worker-%u/%u", pid % 1000, tid - pid);
  return true;
}

// What a consumer typically does with an event: read a few fields of each.
struct Consumer {
  uint64_t latency_sum = 0;
  uint64_t errors = 0;
  uint64_t comm_bytes = 0;
  int operator()(const EventBatch& batch) {
    for (const Event& e : batch.events()) {
      latency_sum += e.latency_ns;
      errors += e.ret < 0;
      comm_bytes += static_cast<unsigned char>(e.comm[0]);
    }
    benchmark::DoNotOptimize(latency_sum);
    benchmark::DoNotOptimize(errors);
    benchmark::DoNotOptimize(comm_bytes);
    return 0;
  }
};

// decode → batch → queue → pop → callback, all on this thread. One iteration is one batch:
// batch_size records added (the last one makes the pipeline push the batch), the batch popped
// from the queue and handed to a BatchCallback as Session::Poll does.
void BM_Pipeline(benchmark::State& state) {
  const size_t batch_size = static_cast<size_t>(state.range(0));
  const Locality locality = static_cast<Locality>(state.range(1));
  const RecordSet& records = Records(locality);
  std::unique_ptr<BatchQueue> queue = *BatchQueue::Create(256);
  // max_delay is never reached: the bench never calls FlushIfDue, batches end when full.
  EventPipeline pipeline(batch_size, absl::Seconds(1), queue.get(), FakeCommReader);
  Consumer consumer;
  const BatchCallback callback = std::ref(consumer);
  EventBatch batch;
  size_t next = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < batch_size; ++i) {
      pipeline.Add(records.record(next + i), kRecordSize);
    }
    next = (next + batch_size) & (kRecords - 1);
    if (queue->Pop(absl::ZeroDuration(), &batch) != BatchQueue::PopResult::kBatch ||
        batch.size() != batch_size) {
      state.SkipWithError("the pipeline did not hand over a full batch");
      break;
    }
    callback(batch);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch_size));
  state.counters["batch_size"] = static_cast<double>(batch_size);
}
BENCHMARK(BM_Pipeline)
    ->ArgNames({"batch", "interleaved"})
    ->Args({256, 0})
    ->Args({1024, 0})
    ->Args({4096, 0})
    ->Args({1024, 1});

// Like BM_Pipeline, but the consumer side is exactly Session::Poll's: pop until the queue is
// empty, so every batch also pays one Pop(ZeroDuration()) that finds nothing. That Pop blocks
// in the kernel (see BM_QueuePopEmpty), so this one is measured in wall time.
void BM_PipelinePollLike(benchmark::State& state) {
  const size_t batch_size = static_cast<size_t>(state.range(0));
  const RecordSet& records = Records(Locality::kRuns);
  std::unique_ptr<BatchQueue> queue = *BatchQueue::Create(256);
  EventPipeline pipeline(batch_size, absl::Seconds(1), queue.get(), FakeCommReader);
  Consumer consumer;
  const BatchCallback callback = std::ref(consumer);
  EventBatch batch;
  size_t next = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < batch_size; ++i) {
      pipeline.Add(records.record(next + i), kRecordSize);
    }
    next = (next + batch_size) & (kRecords - 1);
    while (queue->Pop(absl::ZeroDuration(), &batch) == BatchQueue::PopResult::kBatch) {
      callback(batch);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch_size));
}
BENCHMARK(BM_PipelinePollLike)->ArgName("batch")->Arg(256)->Arg(1024)->Arg(4096)->UseRealTime();

// The decoder alone: records into a reused array of events (no batch allocation, no queue).
void BM_Decoder(benchmark::State& state) {
  constexpr size_t kChunk = 1024;
  const RecordSet& records = Records(static_cast<Locality>(state.range(0)));
  CommCache comms(FakeCommReader);
  Decoder decoder(&comms);
  std::vector<Event> out(kChunk);
  EventBatch strings;  // records without strings add none
  size_t next = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < kChunk; ++i) {
      DecodeResult r = decoder.Decode(records.record(next + i), kRecordSize, &out[i], &strings);
      benchmark::DoNotOptimize(r);
    }
    benchmark::ClobberMemory();
    next = (next + kChunk) & (kRecords - 1);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kChunk));
}
BENCHMARK(BM_Decoder)->ArgName("interleaved")->Arg(0)->Arg(1);

// The decoder with file tracking on, the drain thread's per-event cost: a realistic mix per
// process of openat (a path, a new descriptor with its identity), reads and writes on it (the
// identity names them), and close. /proc answers nothing: every name comes from the events.
class NoProc : public internal::ProcFs {
 public:
  bool ReadFd(uint32_t, int32_t, internal::ProcFd*) override { return false; }
  bool ReadCwd(uint32_t, std::string* out) override {
    *out = "/work";
    return true;
  }
};

// Per file: openat (a path, a new descriptor with its identity), 4 reads and 2 writes on it (the
// identity names them), and close; 8 processes take turns.
std::vector<std::vector<uint8_t>> TrackedRecords(size_t calls) {
  const uint32_t openat = FindSyscall("openat")->nr, read = FindSyscall("read")->nr;
  const uint32_t write = FindSyscall("write")->nr, close = FindSyscall("close")->nr;
  std::vector<std::vector<uint8_t>> records;
  for (size_t i = 0; records.size() < calls; ++i) {
    const uint32_t pid = 1000 + static_cast<uint32_t>(i % kProcesses);
    const uint64_t ino = 5000 + i;
    const int32_t fd = 3 + static_cast<int32_t>(i % 16);
    char path[64];
    const int len = std::snprintf(path, sizeof(path), "src/dir%zu/file%zu.c", i % 32, i) + 1;
    auto add = [&](uint32_t nr, int64_t ret, uint64_t fd_arg, bool with_path) {
      std::vector<uint8_t> rec((sizeof(ior_wire_syscall) + (with_path ? len : 0) + 7) / 8 * 8);
      ior_wire_syscall w{};
      w.hdr.type = IOR_WIRE_SYSCALL;
      w.hdr.size = static_cast<uint16_t>(rec.size());
      w.pid = w.tid = pid;
      w.nr = nr;
      w.ret = ret;
      w.args[0] = nr == openat ? static_cast<uint64_t>(-100) : fd_arg;
      if (with_path) w.str_len[0] = static_cast<uint16_t>(len);
      if (nr == openat) {
        w.ino[1] = ino;
        w.dev[1] = 0x800001;
      } else {
        w.ino[0] = ino;
        w.dev[0] = 0x800001;
      }
      std::memcpy(rec.data(), &w, sizeof(w));
      if (with_path) std::memcpy(rec.data() + sizeof(w), path, static_cast<size_t>(len));
      records.push_back(std::move(rec));
    };
    add(openat, fd, 0, true);
    for (int k = 0; k < 4; ++k) add(read, 4096, static_cast<uint64_t>(fd), false);
    for (int k = 0; k < 2; ++k) add(write, 512, static_cast<uint64_t>(fd), false);
    add(close, 0, static_cast<uint64_t>(fd), false);
  }
  records.resize(calls);
  return records;
}

void BM_DecoderTracking(benchmark::State& state) {
  constexpr size_t kCalls = 4096;
  const std::vector<std::vector<uint8_t>> records = TrackedRecords(kCalls);
  CommCache comms(FakeCommReader);
  NoProc proc;
  internal::FileTracker files(&proc);
  Decoder decoder(&comms, state.range(0) ? &files : nullptr);
  std::vector<Event> out(kCalls);
  for (auto _ : state) {
    EventBatch batch;
    for (size_t i = 0; i < kCalls; ++i) {
      DecodeResult r = decoder.Decode(records[i].data(), records[i].size(), &out[i], &batch);
      benchmark::DoNotOptimize(r);
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kCalls));
  state.counters["ns_per_event"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kCalls),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_DecoderTracking)->ArgName("tracking")->Arg(0)->Arg(1);

// The floor: copying the wire records into events with no decoding at all, to
// show how much of the decoder's time is just moving the bytes.
void BM_CopyFloor(benchmark::State& state) {
  constexpr size_t kChunk = 1024;
  const RecordSet& records = Records(Locality::kRuns);
  std::vector<Event> out(kChunk);
  size_t next = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < kChunk; ++i) {
      std::memcpy(&out[i], records.record(next + i), kRecordSize);
    }
    benchmark::ClobberMemory();
    next = (next + kChunk) & (kRecords - 1);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kChunk));
}
BENCHMARK(BM_CopyFloor);

// The CSV sink's formatting and buffered writes (to /dev/null), per row: what the CLI's main
// thread does for every event it prints. A typical row: plain comm and path, a read's figures.
void BM_CsvRows(benchmark::State& state) {
  std::FILE* null = std::fopen("/dev/null", "w");
  if (null == nullptr) {
    state.SkipWithError("cannot open /dev/null");
    return;
  }
  auto csv = std::make_unique<CsvWriter>(null, CsvWriter::Options{});
  Event e{};
  e.gap_ns = 1234;
  e.latency_ns = 5678;
  std::memcpy(e.comm, "postgres", 9);
  e.pid = 4242;
  e.tid = 4243;
  e.nr = 17;  // pread64
  e.ret = 4096;
  constexpr std::string_view kFile = "/var/lib/postgresql/15/main/base/16384/2619";
  constexpr size_t kChunk = 1024;
  for (auto _ : state) {
    for (size_t i = 0; i < kChunk; ++i) csv->Write(e, kFile);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kChunk));
  csv.reset();  // flushes into the file, which must still be open
  std::fclose(null);
}
BENCHMARK(BM_CsvRows);

// The drain thread and the CSV path on one core, what `ior -plain` does per row (the CLI runs
// them on two threads): the tracked records of BM_DecoderTracking decoded with file tracking on
// (or off), batched, handed over the queue and written as CSV rows to /dev/null.
void BM_DrainToCsv(benchmark::State& state) {
  constexpr size_t kCalls = 4096;
  constexpr size_t kBatch = 1024;
  const std::vector<std::vector<uint8_t>> records = TrackedRecords(kCalls);
  std::FILE* null = std::fopen("/dev/null", "w");
  if (null == nullptr) {
    state.SkipWithError("cannot open /dev/null");
    return;
  }
  auto csv = std::make_unique<CsvWriter>(null, CsvWriter::Options{});
  NoProc proc;
  internal::FileTracker files(&proc);
  std::unique_ptr<BatchQueue> queue = *BatchQueue::Create(256);
  EventPipeline pipeline(kBatch, absl::Seconds(1), queue.get(), FakeCommReader,
                         state.range(0) ? &files : nullptr);
  EventBatch batch;
  for (auto _ : state) {
    for (size_t i = 0; i < kCalls; ++i) {
      pipeline.Add(records[i].data(), records[i].size());
      if ((i + 1) % kBatch != 0) continue;
      if (queue->Pop(absl::ZeroDuration(), &batch) != BatchQueue::PopResult::kBatch) {
        state.SkipWithError("the pipeline did not hand over a batch");
        break;
      }
      csv->Write(batch);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kCalls));
  csv.reset();  // flushes into the file, which must still be open
  std::fclose(null);
}
BENCHMARK(BM_DrainToCsv)->ArgName("tracking")->Arg(0)->Arg(1);

// The queue hand-off alone, per batch: Push (mutex, eventfd write) + Pop (mutex, eventfd read).
void BM_QueueHandOff(benchmark::State& state) {
  std::unique_ptr<BatchQueue> queue = *BatchQueue::Create(256);
  EventBatch batch;
  for (auto _ : state) {
    queue->Push(EventBatch());
    queue->Pop(absl::ZeroDuration(), &batch);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_QueueHandOff);

// Pop(ZeroDuration) on an empty queue: what Session::Poll pays once per call after the last
// batch, and what a `while (!Poll(ZeroDuration())->end_of_stream)` drain pays per turn. The
// second variant sets this thread's timer slack to 1 ns (prctl) for the duration, to show how
// much of the cost is the kernel's default 50 µs slack on the futex timeout.
void BM_QueuePopEmpty(benchmark::State& state) {
  const int old_slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
  if (state.range(0) > 0) prctl(PR_SET_TIMERSLACK, static_cast<unsigned long>(state.range(0)));
  std::unique_ptr<BatchQueue> queue = *BatchQueue::Create(256);
  EventBatch batch;
  for (auto _ : state) {
    BatchQueue::PopResult r = queue->Pop(absl::ZeroDuration(), &batch);
    benchmark::DoNotOptimize(r);
  }
  prctl(PR_SET_TIMERSLACK, static_cast<unsigned long>(old_slack));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_QueuePopEmpty)->ArgName("slack_ns")->Arg(0)->Arg(1)->UseRealTime();

// A rename among `names` known file names (a build renaming its outputs into place while the
// tracker knows many files): the tracker moves the renamed name and what lies below it.
void BM_RenameAmongNames(benchmark::State& state) {
  const auto names = static_cast<uint64_t>(state.range(0));
  internal::FileNames known(0, 0);
  for (uint64_t i = 1; i <= names; ++i) {
    known.Put(internal::FileIdentity{i, 8},
              "/build/obj/dir" + std::to_string(i % 64) + "/f" + std::to_string(i) + ".o",
              FileStatus::kPath);
  }
  const std::string a = "/build/obj/dir7/f7.o", b = "/build/obj/dir7/f7.o.tmp";
  bool there = false;
  for (auto _ : state) {
    known.Rename(there ? b : a, there ? a : b);
    there = !there;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_RenameAmongNames)->ArgName("names")->Arg(1000)->Arg(100000);

}  // namespace
}  // namespace ior

BENCHMARK_MAIN();
