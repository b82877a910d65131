#include "summary.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ior/stats.h"
#include "ior/syscall_names.h"

namespace ior::cli {

std::string FormatLatency(uint64_t ns) {
  if (ns < 1000) return absl::StrCat(ns, "ns");
  if (ns < 1000000) return absl::StrFormat("%.3fus", static_cast<double>(ns) / 1e3);
  if (ns < 1000000000) return absl::StrFormat("%.3fms", static_cast<double>(ns) / 1e6);
  return absl::StrFormat("%.3fs", static_cast<double>(ns) / 1e9);
}

std::string FormatSummary(const SessionStats& stats) {
  struct Row {
    std::string name;
    const SyscallStats* s;
  };
  std::vector<Row> rows;
  size_t width = 7;  // "syscall"
  for (const SyscallStats& s : stats.syscalls) {
    if (s.count == 0) continue;
    rows.push_back({SyscallName(s.nr), &s});
    width = std::max(width, rows.back().name.size());
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.s->count != b.s->count) return a.s->count > b.s->count;
    return a.name < b.name;
  });

  const int w = static_cast<int>(width);
  std::string out = "Statistics:\n";
  absl::StrAppendFormat(&out, "  %-*s %10s %10s %8s %14s %12s %12s\n", w, "syscall", "count",
                        "rows", "errors", "total", "avg", "max");
  for (const Row& r : rows) {
    const SyscallStats& s = *r.s;
    absl::StrAppendFormat(&out, "  %-*s %10d %10d %8d %14s %12s %12s\n", w, r.name, s.count,
                          s.delivered, s.errors, FormatLatency(s.latency_sum_ns),
                          FormatLatency(s.latency_sum_ns / s.count),
                          FormatLatency(s.latency_max_ns));
  }
  if (rows.empty()) out += "  (no syscalls traced)\n";

  const double dropped_pct = stats.kernel_count == 0 ? 0.0
                                                     : 100.0 * static_cast<double>(stats.dropped) /
                                                           static_cast<double>(stats.kernel_count);
  absl::StrAppendFormat(&out,
                        "Totals: kernel %d, delivered %d, sampled out %d, dropped %d (%.2f%%), "
                        "filtered %d, exits without enter %d",
                        stats.kernel_count, stats.delivered, stats.sampled_out, stats.dropped,
                        dropped_pct, stats.filtered, stats.exits_without_enter);
  // Left in the session when a stop signal ended the writing (see `ior -help`).
  if (stats.queued != 0) absl::StrAppendFormat(&out, ", not delivered (stopped) %d", stats.queued);
  out += "\n";
  if (stats.state_unavailable != 0 || stats.control_dropped != 0) {
    absl::StrAppendFormat(&out, "Also lost: %d calls without per-task state, %d exec records\n",
                          stats.state_unavailable, stats.control_dropped);
  }
  return out;
}

}  // namespace ior::cli
