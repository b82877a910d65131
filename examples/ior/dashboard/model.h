// What the dashboard shows, fed by the session's batches: per-syscall, per-file and per-process
// aggregates, totals, decade histograms, a per-second history, the live flamegraph aggregate
// (ior::FlameAggregator) and the last rows. Everything but the row ring counts only the rows
// that pass the global filter; the ring keeps every row, so a new filter applies to it at once:
// the figures restart from the ring's rows that pass it (the per-second history restarts
// empty), then go on with the new rows.
//
// Threads: not thread-safe. The dashboard guards it with one mutex, held by the drain thread
// while it adds a batch and by the render thread while it reads (never during terminal output).
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_MODEL_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_MODEL_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "filter.h"
#include "ior/event.h"
#include "ior/flame.h"
#include "log_histogram.h"

namespace ior::dashboard {

// Decade buckets of the latency and gap histograms, as the original's:
// [0,1us) [1us,10us) [10us,100us) [100us,1ms) [1ms,10ms) [10ms,100ms) [100ms,1s) [1s,inf).
inline constexpr size_t kDecadeBuckets = 8;
size_t DecadeBucket(uint64_t ns);

struct SyscallAgg {
  uint64_t count = 0;
  uint64_t errors = 0;
  uint64_t bytes = 0;
  uint64_t latency_sum_ns = 0;
  uint64_t latency_min_ns = UINT64_MAX;
  uint64_t latency_max_ns = 0;
  LogHistogram latency;
};

struct FileAgg {
  uint64_t accesses = 0;
  uint64_t read_bytes = 0;
  uint64_t write_bytes = 0;
  uint64_t latency_sum_ns = 0;
  uint64_t latency_max_ns = 0;
};

struct ProcessAgg {
  std::string comm;  // the latest seen
  uint64_t count = 0;
  uint64_t bytes = 0;
  uint64_t errors = 0;
  uint64_t latency_sum_ns = 0;
};

struct Totals {
  uint64_t count = 0;
  uint64_t errors = 0;
  uint64_t read_bytes = 0;
  uint64_t write_bytes = 0;
  uint64_t other_bytes = 0;  // transfers (sendfile, copy_file_range, splice)
  uint64_t latency_sum_ns = 0;
  uint64_t gap_sum_ns = 0;
};

// One second of the history (filtered rows).
struct Second {
  uint64_t count = 0;
  uint64_t bytes = 0;
  uint64_t errors = 0;
  uint64_t latency_sum_ns = 0;
};

// A row of the live stream: a copy of what the Stream tab shows and the filter reads.
struct StreamRow {
  uint64_t seq = 0;
  uint64_t enter_ns = 0;
  uint64_t gap_ns = 0;
  uint64_t latency_ns = 0;
  int64_t ret = 0;
  uint64_t bytes = 0;
  uint32_t pid = 0;
  uint32_t tid = 0;
  uint32_t nr = 0;
  int32_t fd = -1;
  uint32_t flags = 0;     // Event::flags
  uint32_t fd_flags = 0;  // Event::fd_flags (the flamegraph's flags)
  uint8_t family = 0;
  uint8_t bytes_class = 0;
  char comm[kCommLength] = {};
  std::string file;
};

// The filter's view of a row.
FilterInput InputOf(const StreamRow& row);

// The last `capacity` rows, oldest first. Slots are reused once it is full, so a busy trace
// costs no allocation per row (a file name reuses the string of the row it replaces).
class RowRing {
 public:
  explicit RowRing(size_t capacity) : slots_(capacity) {}
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // i = 0 is the oldest row.
  const StreamRow& operator[](size_t i) const { return slots_[(head_ + i) % slots_.size()]; }
  const StreamRow& front() const { return (*this)[0]; }
  const StreamRow& back() const { return (*this)[size_ - 1]; }
  // The slot of a new newest row (the oldest one's when full), for the caller to overwrite.
  StreamRow& Push() {
    if (size_ < slots_.size()) return slots_[(head_ + size_++) % slots_.size()];
    StreamRow& slot = slots_[head_];
    head_ = (head_ + 1) % slots_.size();
    return slot;
  }
  void clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  std::vector<StreamRow> slots_;
  size_t head_ = 0;  // the oldest row
  size_t size_ = 0;
};

class Model {
 public:
  static constexpr size_t kStreamRows = 10000;
  static constexpr size_t kMaxFiles = 100000;  // beyond: new files are summed as "[other]"
  static constexpr size_t kHistorySeconds = 120;

  Model();

  // Adds a batch; `now_s` is the caller's clock in whole seconds (for the history). With
  // `passed`, it receives one entry per event: 1 if it passed the filter.
  void Add(const EventBatch& batch, int64_t now_s, std::vector<uint8_t>* passed = nullptr);

  // Replaces the filter; the figures restart from the rows of the ring that pass it.
  void SetFilter(Filter filter, int64_t now_s);
  // Moves the per-second history on to `now_s` (seconds without rows count as zeros).
  void Tick(int64_t now_s) { CurrentSecond(now_s); }
  // Forgets every figure (the filter and the rows stay).
  void ResetFigures(int64_t now_s);
  // Forgets every figure and the rows.
  void Reset(int64_t now_s);

  const Filter& filter() const { return filter_; }
  // Syscall numbers with at least one filtered row, and their aggregates (indexed by number).
  const std::vector<uint32_t>& seen_syscalls() const { return seen_syscalls_; }
  const SyscallAgg& syscall(uint32_t nr) const { return syscalls_[nr]; }
  const std::unordered_map<std::string, FileAgg>& files() const { return files_; }
  const std::unordered_map<uint32_t, ProcessAgg>& processes() const { return processes_; }
  const Totals& totals() const { return totals_; }
  const std::array<uint64_t, kDecadeBuckets>& latency_buckets() const { return latency_buckets_; }
  const std::array<uint64_t, kDecadeBuckets>& gap_buckets() const { return gap_buckets_; }
  // Oldest first; the last entry is the current (incomplete) second.
  const std::deque<Second>& history() const { return history_; }
  int64_t since_s() const { return since_s_; }  // when the aggregates were last reset
  const FlameAggregator& flame() const { return flame_; }
  const RowRing& rows() const { return rows_; }
  uint64_t rows_seen() const { return next_seq_; }  // every row ever added

 private:
  void ClearAggregates(int64_t now_s);
  // Adds a row that passed the filter to every figure (`second` may be null).
  void Aggregate(const StreamRow& row, const FilterInput& in, Second* second);
  Second& CurrentSecond(int64_t now_s);

  Filter filter_;
  std::vector<SyscallAgg> syscalls_;
  std::vector<uint32_t> seen_syscalls_;
  std::unordered_map<std::string, FileAgg> files_;
  std::unordered_map<uint32_t, ProcessAgg> processes_;
  Totals totals_;
  std::array<uint64_t, kDecadeBuckets> latency_buckets_{};
  std::array<uint64_t, kDecadeBuckets> gap_buckets_{};
  std::deque<Second> history_;
  int64_t history_last_s_ = 0;
  int64_t since_s_ = 0;
  FlameAggregator flame_;
  RowRing rows_{kStreamRows};
  uint64_t next_seq_ = 0;
  std::string scratch_;
};

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_MODEL_H_
