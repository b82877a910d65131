#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ior/event.h"
#include "ior/event_values.h"
#include "ior/file_label.h"
#include "ior/parquet.h"
#include "ior/stats.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"
#include "parquet/file_writer.h"
#include "staged_file.h"

namespace ior {
namespace {

namespace pq = internal::parquet;

// Column positions, in the order of the schema below (and of ior/parquet.h).
enum Col : size_t {
  kSeq,
  kTimeNs,
  kGapNs,
  kLatencyNs,
  kComm,
  kPid,
  kTid,
  kSyscall,
  kFamily,
  kFd,
  kRet,
  kBytes,
  kAddressSpaceBytes,
  kRequestedSleepNs,
  kNfds,
  kTimeoutNs,
  kFile,
  kIsError,
  kFilterEpoch,
  kOldFile,
  kEpollOp,
  kEpollTargetFd,
  kEpollEvents,
  kRestarts,
  kBytesClass,
  kErrno,
  kWallTimeNs,
  kCgroupId,
  kFileStatus,
  kFileIno,
  kNoReturn,
};

std::vector<pq::ColumnSchema> Schema() {
  using pq::LogicalKind;
  using pq::PhysicalType;
  const auto u64 = [](const char* n) {
    return pq::ColumnSchema{n, PhysicalType::kInt64, LogicalKind::kUInt64};
  };
  const auto u32 = [](const char* n) {
    return pq::ColumnSchema{n, PhysicalType::kInt32, LogicalKind::kUInt32};
  };
  const auto i64 = [](const char* n) { return pq::ColumnSchema{n, PhysicalType::kInt64}; };
  const auto i32 = [](const char* n) { return pq::ColumnSchema{n, PhysicalType::kInt32}; };
  const auto str = [](const char* n) {
    return pq::ColumnSchema{n, PhysicalType::kByteArray, LogicalKind::kString};
  };
  const auto boolean = [](const char* n) { return pq::ColumnSchema{n, PhysicalType::kBoolean}; };
  // Integers are DELTA_BINARY_PACKED but for these: values that jump about and repeat (the same
  // inode on a file's calls, read sizes that recur), which zstd finds again in PLAIN bytes and
  // deltas hide. `tar cf` of /usr/include: file_ino 556 KB delta, 114 KB plain; ret and bytes
  // 249 and 237 KB delta, 159 and 126 KB plain (fd, times and latencies are smaller delta).
  const auto plain = [](pq::ColumnSchema c) {
    c.integer_encoding = pq::Encoding::kPlain;
    return c;
  };
  return {
      u64("seq"),
      u64("time_ns"),
      u64("gap_ns"),
      u64("latency_ns"),
      str("comm"),
      u32("pid"),
      u32("tid"),
      str("syscall"),
      str("family"),
      i32("fd"),
      plain(i64("ret")),
      plain(u64("bytes")),
      u64("address_space_bytes"),
      i64("requested_sleep_ns"),
      i32("nfds"),
      i64("timeout_ns"),
      str("file"),
      boolean("is_error"),
      u64("filter_epoch"),
      str("old_file"),
      str("epoll_op"),
      i32("epoll_target_fd"),
      u32("epoll_events"),
      pq::ColumnSchema{"restarts", PhysicalType::kInt32, LogicalKind::kUInt8},
      str("bytes_class"),
      str("errno"),
      u64("wall_time_ns"),
      u64("cgroup_id"),
      str("file_status"),
      plain(u64("file_ino")),
      boolean("no_return"),
  };
}

int64_t ClockNs(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::string JsonEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppend(&out, "\\u00", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

struct ParquetSink::State {
  std::string path;
  std::optional<internal::StagedFile> file;  // reset once published or abandoned
  ParquetOptions options;
  std::unique_ptr<pq::FileWriter> writer;
  std::vector<bool> is_sleep;  // by syscall number: requested_sleep_ns comes from timeout_ns
  std::optional<SessionStats> stats;
  // Counted by the caller's thread (offered) and the encoding thread (accepted): read from
  // either.
  std::atomic<uint64_t> offered{0};
  std::atomic<uint64_t> accepted{0};  // rows encoded into the writer
  bool closed = false;                // the caller's thread only
  std::atomic<bool> failed{false};
  mutable std::mutex status_mu;
  absl::Status status;  // guarded by status_mu
  absl::Status close_status;
  std::string scratch;  // composed file labels (encoding thread)

  // ParquetOptions::background: batches waiting for the encoding thread.
  struct Queued {
    EventBatch batch;
    uint64_t first_seq;
  };
  std::thread worker;
  std::mutex queue_mu;
  std::condition_variable queue_cv;
  std::deque<Queued> queue;  // guarded by queue_mu, like the two below
  size_t queued_rows = 0;
  bool stopping = false;

  void Fail(absl::Status s) {
    if (s.ok()) return;
    std::lock_guard<std::mutex> lock(status_mu);
    if (status.ok()) status = std::move(s);
    failed.store(true);
  }
  absl::Status Status() const {
    std::lock_guard<std::mutex> lock(status_mu);
    return status;
  }
  // Returns how many rows it encoded, for the caller to add to `accepted` (once per batch: an
  // atomic add per row cost more than some columns).
  uint64_t WriteRows(const EventBatch& batch, uint64_t first_seq) {
    const std::span<const Event> events = batch.events();
    size_t done = 0;
    while (done < events.size() && !failed.load(std::memory_order_relaxed)) {
      // A row group ends inside the batch: write up to its end, then the rest.
      const size_t n = std::min(events.size() - done, writer->rows_left_in_group());
      WriteColumns(batch, events.subspan(done, n), first_seq + done);
      done += n;
      if (absl::Status s = writer->EndRows(n); !s.ok()) Fail(std::move(s));
    }
    return done;
  }
  // One column after the other over the rows of `events` (a loop per column keeps each
  // column's state in registers and its buffers in cache, which a row at a time does not).
  void WriteColumns(const EventBatch& batch, std::span<const Event> events, uint64_t first_seq);
  void EncodeQueued();
  std::vector<pq::KeyValue> Footer() const;
};

// A copy of `batch` that owns its events and strings, with the same string references: the
// arena is NUL-separated strings, and AddString() of the whole arena (without its last NUL)
// reproduces it byte for byte at offset 0.
EventBatch CopyBatch(const EventBatch& batch) {
  EventBatch copy(std::vector<Event>(batch.events().begin(), batch.events().end()));
  const std::string& arena = batch.strings();
  if (!arena.empty()) copy.AddString(std::string_view(arena.data(), arena.size() - 1));
  return copy;
}

// The encoding thread: writes queued batches until Close() sets `stopping` and the queue is
// empty.
void ParquetSink::State::EncodeQueued() {
  std::unique_lock<std::mutex> lock(queue_mu);
  for (;;) {
    queue_cv.wait(lock, [this] { return stopping || !queue.empty(); });
    if (queue.empty()) return;  // stopping, and everything is written
    Queued item = std::move(queue.front());
    queue.pop_front();
    lock.unlock();
    const uint64_t written = WriteRows(item.batch, item.first_seq);
    lock.lock();
    // Together, so that rows_shed() never sees a row both queued and written.
    queued_rows -= item.batch.size();
    accepted.fetch_add(written);
  }
}

namespace {

bool NoReturn(const Event& e) { return (e.flags & kEventNoReturn) != 0; }
int64_t Ret(const Event& e) { return NoReturn(e) ? 0 : e.ret; }
bool IsError(const Event& e) { return !NoReturn(e) && IsErrorReturn(e.ret); }

}  // namespace

void ParquetSink::State::WriteColumns(const EventBatch& batch, std::span<const Event> events,
                                      uint64_t first_seq) {
  pq::FileWriter& w = *writer;
  // Calls `add(column, event)` for every event, the column looked up once.
  const auto each = [&](Col col, auto add) {
    pq::ColumnWriter& c = w.column(col);
    for (const Event& e : events) add(c, e);
  };
  const auto sleep = [this](const Event& e) { return e.nr < is_sleep.size() && is_sleep[e.nr]; };
  uint64_t seq = first_seq;
  each(kSeq, [&](pq::ColumnWriter& c, const Event&) { c.AddInt64(static_cast<int64_t>(seq++)); });
  each(kTimeNs,
       [](pq::ColumnWriter& c, const Event& e) { c.AddInt64(static_cast<int64_t>(e.enter_ns)); });
  each(kGapNs,
       [](pq::ColumnWriter& c, const Event& e) { c.AddInt64(static_cast<int64_t>(e.gap_ns)); });
  each(kLatencyNs,
       [](pq::ColumnWriter& c, const Event& e) { c.AddInt64(static_cast<int64_t>(e.latency_ns)); });
  each(kComm, [](pq::ColumnWriter& c, const Event& e) {
    c.AddText(std::string_view(e.comm, strnlen(e.comm, kCommLength)));
  });
  each(kPid, [](pq::ColumnWriter& c, const Event& e) { c.AddInt32(static_cast<int32_t>(e.pid)); });
  each(kTid, [](pq::ColumnWriter& c, const Event& e) { c.AddInt32(static_cast<int32_t>(e.tid)); });
  each(kSyscall, [](pq::ColumnWriter& c, const Event& e) {
    const std::string_view name = KnownSyscallName(e.nr);
    c.AddStringKeyed(e.nr, name.empty() ? SyscallName(e.nr) : name);
  });
  each(kFamily, [](pq::ColumnWriter& c, const Event& e) {
    c.AddStringKeyed(e.family, FamilyName(static_cast<Family>(e.family)));
  });
  each(kFd, [](pq::ColumnWriter& c, const Event& e) { c.AddInt32(e.fd); });
  each(kRet, [](pq::ColumnWriter& c, const Event& e) { c.AddInt64(Ret(e)); });
  each(kBytes,
       [](pq::ColumnWriter& c, const Event& e) { c.AddInt64(static_cast<int64_t>(e.bytes)); });
  each(kAddressSpaceBytes,
       [](pq::ColumnWriter& c, const Event& e) { c.AddInt64(static_cast<int64_t>(e.length)); });
  each(kRequestedSleepNs, [&](pq::ColumnWriter& c, const Event& e) {
    c.AddInt64(sleep(e) && e.timeout_ns >= 0 ? e.timeout_ns : -1);
  });
  each(kNfds, [](pq::ColumnWriter& c, const Event& e) { c.AddInt32(e.nfds); });
  each(kTimeoutNs, [&](pq::ColumnWriter& c, const Event& e) {
    c.AddInt64(sleep(e) ? kTimeoutNone : e.timeout_ns);
  });
  each(kFile, [&](pq::ColumnWriter& c, const Event& e) {
    std::string_view file = batch.File(e);
    if (file.empty() && e.old_file_ref == 0) file = FileLabel(batch, e, &scratch);  // E:ino:<n>
    c.AddText(file);
  });
  each(kIsError, [](pq::ColumnWriter& c, const Event& e) { c.AddBool(IsError(e)); });
  each(kFilterEpoch, [](pq::ColumnWriter& c, const Event&) { c.AddInt64(0); });
  each(kOldFile, [&](pq::ColumnWriter& c, const Event& e) { c.AddText(batch.OldFile(e)); });
  each(kEpollOp, [](pq::ColumnWriter& c, const Event& e) {
    c.AddStringKeyed(e.epoll_op, EpollOpName(e.epoll_op));
  });
  each(kEpollTargetFd, [](pq::ColumnWriter& c, const Event& e) {
    c.AddInt32(e.epoll_op != 0 ? e.target_fd : kNoFd);
  });
  each(kEpollEvents, [](pq::ColumnWriter& c, const Event& e) {
    c.AddInt32(static_cast<int32_t>(e.epoll_events));
  });
  each(kRestarts, [](pq::ColumnWriter& c, const Event&) { c.AddInt32(0); });
  each(kBytesClass, [](pq::ColumnWriter& c, const Event& e) {
    c.AddStringKeyed(e.bytes_class, BytesClassName(static_cast<BytesClass>(e.bytes_class)));
  });
  each(kErrno, [](pq::ColumnWriter& c, const Event& e) {
    if (IsError(e)) {
      const int err = static_cast<int>(-e.ret);
      c.AddStringKeyed(static_cast<uint32_t>(err), ErrnoName(err));
    } else {
      c.AddStringKeyed(0, "");
    }
  });
  // Unsigned: the column is UINT64, and a boot time past 2^63 (never from the kernel, but an
  // event is anyone's to fill) wraps rather than overflows.
  const auto boot_offset = static_cast<uint64_t>(options.boot_offset_ns.value_or(0));
  each(kWallTimeNs, [boot_offset](pq::ColumnWriter& c, const Event& e) {
    c.AddInt64(static_cast<int64_t>(e.enter_ns + boot_offset));
  });
  each(kCgroupId,
       [](pq::ColumnWriter& c, const Event& e) { c.AddInt64(static_cast<int64_t>(e.cgroup_id)); });
  each(kFileStatus, [](pq::ColumnWriter& c, const Event& e) {
    c.AddStringKeyed(e.file_status, FileStatusName(e.file_status));
  });
  each(kFileIno,
       [](pq::ColumnWriter& c, const Event& e) { c.AddInt64(static_cast<int64_t>(e.file_ino)); });
  each(kNoReturn, [](pq::ColumnWriter& c, const Event& e) { c.AddBool(NoReturn(e)); });
}

std::vector<pq::KeyValue> ParquetSink::State::Footer() const {
  std::vector<pq::KeyValue> kv;
  const ParquetOptions& o = options;
  kv.emplace_back("ior.hostname", o.hostname);
  kv.emplace_back("ior.started_at_unix_nano", absl::StrCat(o.started_at_unix_nano));
  kv.emplace_back("ior.boot_offset_ns", absl::StrCat(o.boot_offset_ns.value_or(0)));
  kv.emplace_back("ior.version", o.version);
  kv.emplace_back("ior.mode", o.mode);
  kv.emplace_back("ior.selection", o.selection);
  kv.emplace_back("ior.sampling", o.sampling);
  if (!stats.has_value()) {
    kv.emplace_back("ior.sampling.totals", "unavailable");
  } else {
    std::string json = "[";
    for (const SyscallStats& s : stats->syscalls) {
      if (json.size() > 1) json.push_back(',');
      absl::StrAppend(&json, "{\"syscall\":\"", JsonEscape(SyscallName(s.nr)),
                      "\",\"rate\":", s.sample_rate, ",\"traced\":", s.count - s.sampled_out,
                      ",\"counted_only\":", s.sampled_out, ",\"total\":", s.count,
                      ",\"lower_bound\":false}");
    }
    json.push_back(']');
    kv.emplace_back("ior.sampling.totals", std::move(json));
    kv.emplace_back("ior.kernel_count", absl::StrCat(stats->kernel_count));
    kv.emplace_back("ior.delivered", absl::StrCat(stats->delivered));
    kv.emplace_back("ior.dropped", absl::StrCat(stats->dropped));
    kv.emplace_back("ior.sampled_out", absl::StrCat(stats->sampled_out));
    kv.emplace_back("ior.filtered", absl::StrCat(stats->filtered));
    kv.emplace_back("ior.exits_without_enter", absl::StrCat(stats->exits_without_enter));
    kv.emplace_back("ior.state_unavailable", absl::StrCat(stats->state_unavailable));
    kv.emplace_back("ior.control_dropped", absl::StrCat(stats->control_dropped));
    // Since wire 7 (SessionOptions::degrade); a reader of older files takes it as 0.
    kv.emplace_back("ior.degraded", absl::StrCat(stats->degraded));
    std::string per_syscall = "[";
    for (const SyscallStats& s : stats->syscalls) {
      if (per_syscall.size() > 1) per_syscall.push_back(',');
      absl::StrAppend(&per_syscall, "{\"syscall\":\"", JsonEscape(SyscallName(s.nr)),
                      "\",\"nr\":", s.nr, ",\"count\":", s.count, ",\"errors\":", s.errors,
                      ",\"sampled_out\":", s.sampled_out, ",\"degraded\":", s.degraded,
                      ",\"degraded_one_in\":", s.degraded_one_in, ",\"delivered\":", s.delivered,
                      ",\"latency_sum_ns\":", s.latency_sum_ns,
                      ",\"latency_min_ns\":", s.latency_min_ns,
                      ",\"latency_max_ns\":", s.latency_max_ns, ",\"latency_histogram\":\"");
      // Sparse "bucket:count" pairs of the buckets of ior/latency_histogram.h.
      bool first = true;
      for (size_t b = 0; b < s.histogram.size(); ++b) {
        if (s.histogram[b] == 0) continue;
        absl::StrAppend(&per_syscall, first ? "" : " ", b, ":", s.histogram[b]);
        first = false;
      }
      per_syscall.append("\"}");
    }
    per_syscall.push_back(']');
    kv.emplace_back("ior.syscall_stats", std::move(per_syscall));
  }
  kv.emplace_back("ior.rows_written", absl::StrCat(accepted.load()));
  kv.emplace_back("ior.rows_shed", absl::StrCat(offered.load() - accepted.load()));
  for (const auto& [key, value] : o.extra_metadata) kv.emplace_back(key, value);
  return kv;
}

absl::StatusOr<std::unique_ptr<ParquetSink>> ParquetSink::Create(const std::string& path,
                                                                 ParquetOptions options) {
  if (path.empty()) return absl::InvalidArgumentError("the Parquet path is empty");
  if (options.row_group_rows == 0 || options.row_group_bytes == 0) {
    return absl::InvalidArgumentError("Parquet row groups need a positive size");
  }
  absl::StatusOr<internal::StagedFile> file = internal::StagedFile::Create(path, options.overwrite);
  if (!file.ok()) return file.status();
  auto state = std::make_unique<State>();
  state->path = path;
  state->file.emplace(*std::move(file));
  if (options.hostname.empty()) {
    char host[HOST_NAME_MAX + 1] = {};
    if (gethostname(host, sizeof(host) - 1) == 0) options.hostname = host;
  }
  const int64_t wall = ClockNs(CLOCK_REALTIME);
  if (!options.boot_offset_ns.has_value()) options.boot_offset_ns = BootClockOffsetNs();
  if (options.started_at_unix_nano == 0) options.started_at_unix_nano = wall;
  state->options = std::move(options);

  for (const SyscallInfo& info : AllSyscalls()) {
    if (info.kind != "sleep") continue;
    if (info.nr >= state->is_sleep.size()) state->is_sleep.resize(info.nr + 1, false);
    state->is_sleep[info.nr] = true;
  }

  pq::FileWriter::Options wo;
  wo.row_group_rows = state->options.row_group_rows;
  wo.row_group_bytes = state->options.row_group_bytes;
  wo.zstd_level = state->options.zstd_level;
  wo.created_by = state->options.version.empty()
                      ? std::string("libior")
                      : absl::StrCat("libior version ", state->options.version);
  auto writer = pq::FileWriter::Open(state->file->fd(), Schema(), wo);
  if (!writer.ok()) return writer.status();  // the staged file removes itself
  state->writer = *std::move(writer);
  if (state->options.background) {
    State* raw = state.get();
    state->worker = std::thread([raw] { raw->EncodeQueued(); });
  }
  return std::unique_ptr<ParquetSink>(new ParquetSink(std::move(state)));
}

ParquetSink::ParquetSink(std::unique_ptr<State> state) : state_(std::move(state)) {}

ParquetSink::~ParquetSink() { (void)Close(); }

void ParquetSink::Write(const EventBatch& batch) {
  State& s = *state_;
  const uint64_t first_seq = s.offered.fetch_add(batch.size());
  if (s.failed.load() || s.closed || batch.empty()) return;  // shed: the file cannot take them
  if (!s.options.background) {
    s.accepted.fetch_add(s.WriteRows(batch, first_seq));
    return;
  }
  {
    std::lock_guard<std::mutex> lock(s.queue_mu);
    // The encoder is behind by a whole queue: shed this batch (seq shows the gap).
    if (s.queued_rows + batch.size() > s.options.queue_rows) return;
    s.queued_rows += batch.size();
    s.queue.push_back({CopyBatch(batch), first_seq});
  }
  s.queue_cv.notify_one();
}

void ParquetSink::SetStats(const SessionStats& stats) { state_->stats = stats; }

absl::Status ParquetSink::Close() {
  State& s = *state_;
  if (s.closed) return s.close_status;
  s.closed = true;
  if (s.worker.joinable()) {
    {
      std::lock_guard<std::mutex> lock(s.queue_mu);
      s.stopping = true;
    }
    s.queue_cv.notify_one();
    s.worker.join();  // the queue is written first
  }
  if (!s.failed.load()) s.Fail(s.writer->Finish(s.Footer()));
  if (!s.failed.load()) s.Fail(s.file->Publish());
  s.file.reset();                       // removes the temporary file when it was not published
  if (s.failed.load()) s.accepted = 0;  // nothing was published
  s.writer.reset();                     // gives back the row group buffers
  s.close_status = s.Status();
  return s.close_status;
}

const std::string& ParquetSink::path() const { return state_->path; }
uint64_t ParquetSink::rows_offered() const { return state_->offered.load(); }
uint64_t ParquetSink::rows_written() const { return state_->accepted.load(); }
uint64_t ParquetSink::rows_shed() const {
  State& s = *state_;
  std::lock_guard<std::mutex> lock(s.queue_mu);
  return s.offered.load() - s.accepted.load() - s.queued_rows;
}
absl::Status ParquetSink::status() const { return state_->Status(); }

}  // namespace ior
