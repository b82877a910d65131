// ior::RunReport: the end-of-run report of a trace, as text (for a terminal) and as JSON (for
// scripts).
//
//   ior::RunReportSink sink;
//   session->Poll(timeout, [&](const ior::EventBatch& batch) { sink.Write(batch); return 0; });
//   ...                                                      // Stop(), drain
//   ior::RunReport report = sink.Build(session->Stats());
//   std::fputs(ior::FormatRunReportText(report).c_str(), stderr);
//   absl::Status s = ior::WriteRunReportJson(report, "run.json");
//
// Two sources, each for what only it knows:
//   - the kernel's exact per-syscall aggregates (ior::SessionStats): count, errors, latency
//     total / avg / max and the percentiles p50 / p95 / p99 from the latency histogram, so they
//     count every call, including those sampled out or lost to a full ring buffer;
//   - the delivered rows (RunReportSink::Write): errno names of failed calls, bytes read and
//     written per syscall, and the files the time and the bytes went to. Rows sampled out or
//     dropped are missing from these figures (the report says how many rows it saw).
// And the accounting of every call: kernel count == delivered + sampled out + dropped +
// filtered (+ queued, while a session still holds events).
//
// Threads: a sink is not thread-safe; call it from one thread. The functions share no state.
// Never prints, never throws.
#ifndef IOR_INCLUDE_IOR_RUN_REPORT_H_
#define IOR_INCLUDE_IOR_RUN_REPORT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ior/event.h"
#include "ior/stats.h"

namespace ior {

struct RunReport {
  struct ErrnoCount {
    std::string name;  // "ENOENT"; "E<n>" for a number without a name
    int errnum = 0;
    uint64_t count = 0;  // failed rows with this errno
  };
  struct Syscall {
    std::string name;
    uint32_t nr = 0;
    // Kernel aggregates (exact).
    uint64_t count = 0;
    uint64_t rows = 0;  // rows delivered
    uint64_t errors = 0;
    uint64_t sampled_out = 0;
    uint64_t degraded = 0;         // part of sampled_out: rows thinned to keep up
    uint32_t degraded_one_in = 0;  // the thinnest rate: 1 row in this many; 0 if none
    uint64_t timed = 0;  // calls with a latency (in the histogram): never-returning ones have none
    uint64_t total_ns = 0;
    uint64_t avg_ns = 0;  // over the timed calls
    uint64_t p50_ns = 0;  // percentiles: 0 unless has_percentiles
    uint64_t p95_ns = 0;
    uint64_t p99_ns = 0;
    uint64_t max_ns = 0;
    bool has_percentiles = false;  // false when the stats carry no histogram (old recordings)
    // From the rows.
    uint64_t bytes_read = 0;     // bytes of the read class (and of transfers: sendfile, splice)
    uint64_t bytes_written = 0;  // bytes of the write class (and of transfers)
    std::vector<ErrnoCount> top_errors;  // failed rows by errno, most frequent first
  };
  struct File {
    std::string file;  // as ior::FileLabel renders it
    uint64_t calls = 0;
    uint64_t time_ns = 0;  // summed latency
    uint64_t bytes = 0;
  };
  struct Accounting {
    uint64_t kernel_count = 0;
    uint64_t delivered = 0;
    uint64_t sampled_out = 0;
    uint64_t degraded = 0;  // part of sampled_out (SessionOptions::degrade)
    uint64_t dropped = 0;
    uint64_t filtered = 0;
    uint64_t queued = 0;
    uint64_t exits_without_enter = 0;
    uint64_t state_unavailable = 0;
    uint64_t control_dropped = 0;
    // kernel_count == delivered + sampled_out + dropped + filtered + queued.
    bool balanced = false;
  };

  std::vector<Syscall> syscalls;  // by count, descending, then by name
  std::vector<File> top_files_by_time;
  std::vector<File> top_files_by_bytes;
  Accounting accounting;
  // The windows in which rows were degraded (SessionStats::degrade_windows), oldest first,
  // and how many older ones the session left out.
  std::vector<DegradeWindow> degrade_windows;
  uint64_t degrade_windows_dropped = 0;
  CostStats cost;          // from the stats: shown when the kernel programs were timed
  uint64_t rows_seen = 0;  // rows the sink saw
  // False for a report of figures alone (no rows were offered, e.g. from a file's footer):
  // the figures of rows are then unknown, not 0.
  bool has_rows = true;
  // Rows of files beyond RunReportOptions::max_files: counted in no file's figures.
  uint64_t rows_of_untracked_files = 0;
};

struct RunReportOptions {
  size_t top_files = 10;  // files listed by time and by bytes
  size_t top_errors = 3;  // errnos listed per syscall
  // Distinct files kept (memory bound); rows of further files are counted apart.
  size_t max_files = 100000;
};

class RunReportSink {
 public:
  explicit RunReportSink(RunReportOptions options = {});
  ~RunReportSink();
  RunReportSink(const RunReportSink&) = delete;
  RunReportSink& operator=(const RunReportSink&) = delete;

  // Takes in the rows of `batch`.
  void Write(const EventBatch& batch);

  // The report: `stats` (the final figures, after the session was stopped and drained) joined
  // with the rows seen so far. May be called more than once.
  RunReport Build(const SessionStats& stats) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A latency for people: "850ns", "12.345us", "3.210ms", "1.500s".
std::string FormatLatency(uint64_t ns);

// The report for a terminal, ending with a newline:
//   Statistics:
//     syscall  count  rows  errors  total  avg  p50  p95  p99  max  read  written
//     <one line per syscall; "-" where a figure is unknown>
//   Totals: kernel N, delivered N, sampled out N, dropped N (P%), filtered N,
//           exits without enter N[, not delivered (stopped) N]
//   Accounting: kernel N = delivered N + sampled out N + dropped N + filtered N: balanced
//   Degraded: N calls not written to keep up (as few as 1 in N rows of a, b), in N windows,
//             T in all                           (only when rows were degraded)
//   Cost: kernel programs N ns per traced call (N runs, N ns each); drain thread N ns of
//         CPU per event                              (only when the kernel programs were timed)
//   (then, when there is something to show: lost control records, errors by errno per syscall,
//   the top files by time and by bytes)
std::string FormatRunReportText(const RunReport& report);

// The report as one JSON object (documented in README.md, "End-of-run report"), ending with a
// newline.
std::string FormatRunReportJson(const RunReport& report);

// Writes FormatRunReportJson(report) to `path` atomically (a temporary file renamed over it).
// Errors: InvalidArgument for an empty path, or the errno of writing.
absl::Status WriteRunReportJson(const RunReport& report, const std::string& path);

// Whether WriteRunReportJson() could write `path`: creates and removes its temporary file. For
// callers that want to fail before a run rather than after it. Errors: as WriteRunReportJson().
absl::Status CheckRunReportJsonPath(const std::string& path);

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_RUN_REPORT_H_
