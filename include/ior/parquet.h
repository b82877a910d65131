// ior::ParquetSink: every event of a session as one row of a Parquet file, for SQL afterwards
// (DuckDB, pandas, Spark...).
//
//   ior::ParquetOptions options;
//   options.mode = "notebook";
//   auto sink = ior::ParquetSink::Create("run.parquet", options);
//   if (!sink.ok()) return sink.status();
//   session->Poll(absl::Milliseconds(100), [&](const ior::EventBatch& batch) {
//     (*sink)->Write(batch);
//     return 0;
//   });
//   session->Stop();  ... drain ...
//   (*sink)->SetStats(session->Stats());
//   absl::Status s = (*sink)->Close();   // footer, then run.parquet appears (atomically)
//
//   duckdb -c "SELECT syscall, count(*), sum(bytes) FROM 'run.parquet' GROUP BY 1"
//
// Columns, all required (never NULL), in this order. The first 24 are the original ior's
// (same names, order and types); the rest are libior's additions.
//   seq                  UINT64  0, 1, 2... for every row offered to the sink: a gap in seq
//                                is a row that was shed (see rows_shed)
//   time_ns              UINT64  CLOCK_BOOTTIME at enter (Event::enter_ns)
//   gap_ns               UINT64  since the thread's previous call returned
//   latency_ns           UINT64  0 for calls that never return
//   comm                 STRING  task name
//   pid, tid             UINT32
//   syscall              STRING  "openat", or "syscall_<nr>" for numbers the table lacks
//   family               STRING  "FS", "Network", ... (ior::FamilyName)
//   fd                   INT32   the descriptor argument, -1 if none
//   ret                  INT64   return value, negative errno on failure; 0 if no_return
//   bytes                UINT64  bytes moved, by the syscall's bytes class
//   address_space_bytes  UINT64  extent of mmap/munmap/mremap/madvise/mprotect/mlock calls
//   requested_sleep_ns   INT64   nanosleep/clock_nanosleep request, -1 for other calls
//   nfds                 INT32   poll/select/epoll_wait descriptors or max events, else 0
//   timeout_ns           INT64   poll/select/epoll timeout, -1 infinite, -2 none/unknown
//   file                 STRING  the file the call touched ('' none); rename/link: the new
//                                name; "E:ino:<n>" when only its inode is known
//   is_error             BOOLEAN ret in [-4095, -1], the restart codes -512..-516 excepted
//   filter_epoch         UINT64  always 0: libior changes selections without epochs
//   old_file             STRING  rename/link: the old name; symlink: the target; else ''
//   epoll_op             STRING  epoll_ctl: "ADD", "DEL" or "MOD"; else ''
//   epoll_target_fd      INT32   epoll_ctl's target descriptor, else -1
//   epoll_events         UINT32  epoll_ctl's event mask, else 0
//   restarts             UINT8   always 0: libior does not fold restarted calls yet
//   bytes_class          STRING  "none", "read", "write" or "transfer"
//   errno                STRING  "ENOENT"... when is_error, else ''
//   wall_time_ns         UINT64  time_ns on the wall clock (Unix epoch, ns): time_ns plus
//                                the footer's ior.boot_offset_ns
//   cgroup_id            UINT64  the task's cgroup v2 id (inode of its /sys/fs/cgroup directory)
//                                when first seen or last executed; 0 if unknown
//   file_status          STRING  what `file` is: "none", "path", "relative", "kernel_name",
//                                "identity" (ior::FileStatus)
//   file_ino             UINT64  inode of the file the call touched, 0 if unknown
//   no_return            BOOLEAN the call never returned (exit, exit_group, rt_sigreturn)
// Strings are valid UTF-8: bytes of comm, file and old_file that are not are written as
// `\xHH`. Everything else (newlines, commas, quotes, escape characters) is kept byte for byte.
//
// Encoding: strings dictionary-encoded (PLAIN when a row group has too many distinct values),
// integers DELTA_BINARY_PACKED (times and sequence numbers step by little, most other numbers
// repeat) but ret, bytes and file_ino PLAIN (they jump about and recur), booleans PLAIN, every
// page zstd-compressed. Row groups hold at most row_group_rows rows and
// are written when they reach about row_group_bytes, so the sink's memory is bounded whatever
// the length of the run.
//
// Footer key-value metadata: ior.hostname, ior.started_at_unix_nano, ior.boot_offset_ns (wall
// clock minus CLOCK_BOOTTIME when the sink was created), ior.version, ior.mode, ior.selection,
// ior.sampling, ior.sampling.totals (JSON, per syscall: {"syscall","rate","traced",
// "counted_only","total","lower_bound"} from the kernel's exact counts, "rate" the one the
// syscall was last traced at (SyscallStats::sample_rate); "unavailable" when SetStats() was
// not called), the session's loss figures (ior.kernel_count, ior.delivered,
// ior.dropped, ior.sampled_out, ior.filtered, ior.exits_without_enter,
// ior.state_unavailable, ior.control_dropped) and ior.syscall_stats (JSON, the kernel's
// per-syscall aggregates: nr, count, errors, sampled_out, delivered, latency sum/min/max, and
// latency_histogram, the non-empty buckets of ior/latency_histogram.h as "bucket:count" pairs
// separated by spaces; read back by RecordedStats()), ior.rows_written and ior.rows_shed, then
// ParquetOptions::extra_metadata.
//
// Publishing: rows go to "<path>.tmp"; Close() writes the footer and renames it to `path`, so
// `path` is always either absent or a complete file.
//
// Threads: a sink is not thread-safe; call it from one thread (typically the one that polls
// the session). With ParquetOptions::background it runs one thread of its own, joined by
// Close(). It never prints and never throws.
#ifndef IOR_INCLUDE_IOR_PARQUET_H_
#define IOR_INCLUDE_IOR_PARQUET_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ior/event.h"
#include "ior/stats.h"

namespace ior {

struct ParquetOptions {
  // Replace an existing file at the path. When false, Create() fails with AlreadyExists if
  // the path exists, and Close() does not replace a file that appeared meanwhile.
  bool overwrite = true;
  // Row group bounds: at most this many rows, written early when it holds about this many
  // bytes (encoded pages and dictionaries).
  size_t row_group_rows = size_t{1} << 20;
  size_t row_group_bytes = size_t{64} << 20;
  // zstd level of the pages (1: fast; higher: smaller and slower).
  int zstd_level = 1;
  // Encode and write on a thread of the sink's own, so that Write() only copies the batch into
  // a queue of at most queue_rows rows. When the queue is full (the writer fell behind), the
  // batch is shed: counted in rows_shed() and the footer, visible as a gap in seq. When false,
  // Write() encodes on the caller's thread and a slow disk slows the caller down.
  bool background = false;
  size_t queue_rows = size_t{1} << 17;  // about 32 MiB of queued events at most

  // Footer metadata. Empty / unset values are filled in by Create(): the host name, the
  // current wall time, the offset of the wall clock from CLOCK_BOOTTIME.
  std::string hostname;
  int64_t started_at_unix_nano = 0;
  std::optional<int64_t> boot_offset_ns;
  std::string version;           // ior.version, e.g. "0.1.0"
  std::string mode = "library";  // ior.mode: who wrote it ("cli", "library", ...)
  std::string selection;         // ior.selection: free text describing what was traced
  std::string sampling;          // ior.sampling, e.g. "read=10,FS=10" ('' = every call)
  // Appended to the footer as given.
  std::vector<std::pair<std::string, std::string>> extra_metadata;
};

class ParquetSink {
 public:
  // Opens "<path>.tmp" for writing. Errors: InvalidArgument (empty path, bad options),
  // AlreadyExists (overwrite is false and `path` exists), or the errno of open().
  static absl::StatusOr<std::unique_ptr<ParquetSink>> Create(const std::string& path,
                                                             ParquetOptions options = {});

  // Close()s the sink if the caller did not, so that even an early return publishes a valid
  // file.
  ~ParquetSink();
  ParquetSink(const ParquetSink&) = delete;
  ParquetSink& operator=(const ParquetSink&) = delete;

  // Appends one row per event (with `background`: queues a copy of the batch). Never fails:
  // after a write error (disk full...) rows are only counted as shed, and status() says why.
  // Rows offered after Close(), or while the background queue is full, are shed too.
  void Write(const EventBatch& batch);

  // The session's figures for the footer (sampling totals, loss counters). Call it once the
  // session is stopped and drained, before Close(); a later call replaces an earlier one.
  void SetStats(const SessionStats& stats);

  // Writes the last row group and the footer, syncs, and renames "<path>.tmp" to the path.
  // Idempotent (a second call returns the first one's result). On error the temporary file
  // is removed and the path is left as it was.
  absl::Status Close();

  const std::string& path() const;
  uint64_t rows_offered() const;  // rows passed to Write()
  uint64_t rows_written() const;  // rows in the file (after Close(): all that it holds)
  uint64_t rows_shed() const;     // offered but not in the file (nor queued)
  // OK, or the first error; stays set.
  absl::Status status() const;

 private:
  struct State;
  explicit ParquetSink(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// What a Parquet file says about itself: its footer, read without reading any page.
struct ParquetFileInfo {
  int64_t num_rows = 0;
  size_t row_groups = 0;
  std::vector<std::string> columns;                           // in schema order
  std::vector<std::pair<std::string, std::string>> metadata;  // key-value metadata, in order
  std::string created_by;

  // The value of `key` in `metadata`, or nullptr.
  const std::string* Find(std::string_view key) const;
};

// Reads the footer of the Parquet file at `path` (any writer's). Errors: the errno of opening or
// reading it, InvalidArgument for a file that is not a complete Parquet file.
absl::StatusOr<ParquetFileInfo> ReadParquetInfo(const std::string& path);

// The session statistics a ParquetSink stored in the footer (SetStats(): the per-syscall kernel
// aggregates in ior.syscall_stats, with the latency histograms of files written since they were
// stored there (older files: empty histograms), and the delivery and loss counters).
// NotFound when the file holds none (SetStats() was not called, or another writer).
absl::StatusOr<SessionStats> RecordedStats(const ParquetFileInfo& info);

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_PARQUET_H_
