// RunReportSink: what the rows tell the end-of-run report, joined with the kernel aggregates.
#include "ior/run_report.h"

#include <string.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ior/event.h"
#include "ior/file_label.h"
#include "ior/latency_histogram.h"
#include "ior/stats.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"

namespace ior {
namespace {

// As the kernel counts errors: the restart codes are resumed, not failures.
bool IsError(int64_t ret) { return ret >= -4095 && ret <= -1 && !(ret <= -512 && ret >= -516); }

struct RowFigures {
  uint64_t bytes_read = 0;
  uint64_t bytes_written = 0;
  absl::flat_hash_map<int, uint64_t> errnos;
};

struct FileFigures {
  uint64_t calls = 0;
  uint64_t time_ns = 0;
  uint64_t bytes = 0;
};

std::string ErrnoName(int errnum) {
  const char* name = strerrorname_np(errnum);
  return name != nullptr ? std::string(name) : absl::StrCat("E", errnum);
}

// The `n` files largest by `key`, ties by name.
template <typename Key>
std::vector<RunReport::File> TopFiles(const absl::flat_hash_map<std::string, FileFigures>& files,
                                      size_t n, Key key) {
  std::vector<const std::pair<const std::string, FileFigures>*> all;
  all.reserve(files.size());
  for (const auto& entry : files) {
    if (key(entry.second) != 0) all.push_back(&entry);
  }
  auto before = [&key](const auto* a, const auto* b) {
    if (key(a->second) != key(b->second)) return key(a->second) > key(b->second);
    return a->first < b->first;
  };
  n = std::min(n, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), before);
  std::vector<RunReport::File> out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(
        {all[i]->first, all[i]->second.calls, all[i]->second.time_ns, all[i]->second.bytes});
  }
  return out;
}

}  // namespace

struct RunReportSink::State {
  RunReportOptions options;
  absl::flat_hash_map<uint32_t, RowFigures> syscalls;  // by number
  absl::flat_hash_map<std::string, FileFigures> files;
  uint64_t rows = 0;
  uint64_t rows_of_untracked_files = 0;
  std::string scratch;
};

RunReportSink::RunReportSink(RunReportOptions options) : state_(std::make_unique<State>()) {
  state_->options = options;
}

RunReportSink::~RunReportSink() = default;

void RunReportSink::Write(const EventBatch& batch) {
  State& st = *state_;
  for (const Event& e : batch.events()) {
    ++st.rows;
    RowFigures& sc = st.syscalls[e.nr];
    const auto bytes_class = static_cast<BytesClass>(e.bytes_class);
    if (bytes_class == BytesClass::kRead || bytes_class == BytesClass::kTransfer) {
      sc.bytes_read += e.bytes;
    }
    if (bytes_class == BytesClass::kWrite || bytes_class == BytesClass::kTransfer) {
      sc.bytes_written += e.bytes;
    }
    if ((e.flags & kEventNoReturn) == 0 && IsError(e.ret)) ++sc.errnos[static_cast<int>(-e.ret)];

    std::string_view label = FileLabel(batch, e, &st.scratch);
    if (label.empty()) continue;
    auto it = st.files.find(absl::string_view(label.data(), label.size()));
    if (it == st.files.end()) {
      if (st.files.size() >= st.options.max_files) {
        ++st.rows_of_untracked_files;
        continue;
      }
      it = st.files.emplace(std::string(label), FileFigures{}).first;
    }
    ++it->second.calls;
    it->second.time_ns += e.latency_ns;
    it->second.bytes += e.bytes;
  }
}

RunReport RunReportSink::Build(const SessionStats& stats) const {
  const State& st = *state_;
  RunReport report;
  report.cost = stats.cost;
  report.degrade_windows = stats.degrade_windows;
  report.degrade_windows_dropped = stats.degrade_windows_dropped;
  for (const SyscallStats& s : stats.syscalls) {
    if (s.count == 0) continue;
    RunReport::Syscall r;
    r.name = SyscallName(s.nr);
    r.nr = s.nr;
    r.count = s.count;
    r.rows = s.delivered;
    r.errors = s.errors;
    r.sampled_out = s.sampled_out;
    r.degraded = s.degraded;
    r.degraded_one_in = s.degraded_one_in;
    for (uint64_t c : s.histogram) r.timed += c;
    r.total_ns = s.latency_sum_ns;
    r.max_ns = s.latency_max_ns;
    // Stats without a histogram (a Parquet footer) still have the count: average over it.
    r.avg_ns = s.latency_sum_ns / (r.timed != 0 ? r.timed : s.count);
    r.has_percentiles = r.timed != 0;
    if (r.has_percentiles) {
      r.p50_ns = s.Percentile(0.50);
      r.p95_ns = s.Percentile(0.95);
      r.p99_ns = s.Percentile(0.99);
    }
    if (auto it = st.syscalls.find(s.nr); it != st.syscalls.end()) {
      r.bytes_read = it->second.bytes_read;
      r.bytes_written = it->second.bytes_written;
      for (const auto& [errnum, count] : it->second.errnos) {
        r.top_errors.push_back({ErrnoName(errnum), errnum, count});
      }
      std::sort(r.top_errors.begin(), r.top_errors.end(),
                [](const RunReport::ErrnoCount& a, const RunReport::ErrnoCount& b) {
                  if (a.count != b.count) return a.count > b.count;
                  return a.errnum < b.errnum;
                });
      if (r.top_errors.size() > st.options.top_errors) r.top_errors.resize(st.options.top_errors);
    }
    report.syscalls.push_back(std::move(r));
  }
  std::sort(report.syscalls.begin(), report.syscalls.end(),
            [](const RunReport::Syscall& a, const RunReport::Syscall& b) {
              if (a.count != b.count) return a.count > b.count;
              return a.name < b.name;
            });

  report.top_files_by_time =
      TopFiles(st.files, st.options.top_files, [](const FileFigures& f) { return f.time_ns; });
  report.top_files_by_bytes =
      TopFiles(st.files, st.options.top_files, [](const FileFigures& f) { return f.bytes; });
  report.rows_seen = st.rows;
  report.rows_of_untracked_files = st.rows_of_untracked_files;

  RunReport::Accounting& a = report.accounting;
  a.kernel_count = stats.kernel_count;
  a.delivered = stats.delivered;
  a.sampled_out = stats.sampled_out;
  a.degraded = stats.degraded;
  a.dropped = stats.dropped;
  a.filtered = stats.filtered;
  a.queued = stats.queued;
  a.exits_without_enter = stats.exits_without_enter;
  a.state_unavailable = stats.state_unavailable;
  a.control_dropped = stats.control_dropped;
  a.balanced = a.kernel_count == a.delivered + a.sampled_out + a.dropped + a.filtered + a.queued;
  return report;
}

}  // namespace ior
