// ior_stats.h: snapshots of a session's figures for C.
#include "ior/stats.h"

#include <errno.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "capi_internal.h"
#include "ior/ior_stats.h"
#include "ior/latency_histogram.h"

static_assert(IOR_HISTOGRAM_BUCKETS == ior::kLog2HistogramBuckets);

struct ior_stats {
  uint64_t counters[IOR_STAT_DEGRADE_WINDOWS + 1] = {};
  std::vector<ior_syscall_stats> syscalls;
  // The library's figures behind syscalls[i], with the fine histogram ior_stats_percentile()
  // reads.
  std::vector<ior::SyscallStats> full;
  std::vector<ior::DegradeWindow> degrade_windows;
};

namespace ior::capi {

ior_stats* NewStats(SessionStats in) {
  auto st = std::make_unique<ior_stats>();
  st->counters[IOR_STAT_KERNEL_COUNT] = in.kernel_count;
  st->counters[IOR_STAT_DECODED] = in.decoded;
  st->counters[IOR_STAT_DELIVERED] = in.delivered;
  st->counters[IOR_STAT_QUEUED] = in.queued;
  st->counters[IOR_STAT_DROPPED] = in.dropped;
  st->counters[IOR_STAT_EXITS_WITHOUT_ENTER] = in.exits_without_enter;
  st->counters[IOR_STAT_STATE_UNAVAILABLE] = in.state_unavailable;
  st->counters[IOR_STAT_CONTROL_DROPPED] = in.control_dropped;
  st->counters[IOR_STAT_SAMPLED_OUT] = in.sampled_out;
  st->counters[IOR_STAT_FILTERED] = in.filtered;
  st->counters[IOR_STAT_KERNEL_RUNS] = in.cost.kernel_runs;
  st->counters[IOR_STAT_KERNEL_RUN_NS] = in.cost.kernel_run_ns;
  st->counters[IOR_STAT_DRAIN_CPU_NS] = in.cost.drain_cpu_ns;
  st->counters[IOR_STAT_STARTUP_NS] = in.startup.total_ns;
  st->counters[IOR_STAT_STARTUP_LOAD_NS] =
      in.startup.kernel_types_ns + in.startup.open_ns + in.startup.load_ns;
  st->counters[IOR_STAT_DEGRADED] = in.degraded;
  st->counters[IOR_STAT_DEGRADE_WINDOWS] = in.degrade_windows.size() + in.degrade_windows_dropped;
  st->degrade_windows = std::move(in.degrade_windows);
  std::sort(in.syscalls.begin(), in.syscalls.end(),
            [](const SyscallStats& a, const SyscallStats& b) { return a.nr < b.nr; });
  st->syscalls.reserve(in.syscalls.size());
  for (const SyscallStats& s : in.syscalls) {
    ior_syscall_stats c{};
    c.size = sizeof(ior_syscall_stats);
    c.nr = s.nr;
    c.count = s.count;
    c.errors = s.errors;
    c.sampled_out = s.sampled_out;
    c.delivered = s.delivered;
    c.latency_sum_ns = s.latency_sum_ns;
    c.latency_min_ns = s.latency_min_ns;
    c.latency_max_ns = s.latency_max_ns;
    c.degraded = s.degraded;
    c.degraded_one_in = s.degraded_one_in;
    c.sample_rate = s.sample_rate;
    // The C ABI keeps its log2 buckets; the library's finer buckets fold into them exactly.
    const std::array<uint64_t, kLog2HistogramBuckets> log2 = Log2Histogram(s.histogram);
    std::copy(log2.begin(), log2.end(), c.histogram);
    st->syscalls.push_back(c);
    st->full.push_back(s);
  }
  return st.release();
}

}  // namespace ior::capi

extern "C" {

IOR_API uint64_t ior_stats_get(const ior_stats* stats, ior_stat which) {
  const int i = static_cast<int>(which);
  if (stats == nullptr || i < 0 || i > IOR_STAT_DEGRADE_WINDOWS) return 0;
  return stats->counters[i];
}

IOR_API size_t ior_stats_syscalls_len(const ior_stats* stats) {
  return stats == nullptr ? 0 : stats->syscalls.size();
}

IOR_API const ior_syscall_stats* ior_stats_syscall(const ior_stats* stats, size_t i) {
  if (stats == nullptr || i >= stats->syscalls.size()) return nullptr;
  return &stats->syscalls[i];
}

IOR_API uint64_t ior_stats_percentile(const ior_stats* stats, size_t i, double q) {
  if (stats == nullptr || i >= stats->full.size()) return 0;
  return stats->full[i].Percentile(q);
}

IOR_API size_t ior_stats_degrade_windows_len(const ior_stats* stats) {
  return stats == nullptr ? 0 : stats->degrade_windows.size();
}

IOR_API int ior_stats_degrade_window(const ior_stats* stats, size_t i, ior_degrade_window* out) {
  IOR_CAPI_TRY
  using ior::capi::Fail;
  if (stats == nullptr || out == nullptr) {
    return Fail(-EINVAL, "ior_stats_degrade_window: stats or out is NULL");
  }
  if (int err = ior::capi::CheckOutSize(out->sz, "ior_degrade_window"); err != 0) return err;
  if (i >= stats->degrade_windows.size()) {
    return Fail(-ERANGE, absl::StrCat("ior_stats_degrade_window: window ", i,
                                      " is out of range (the snapshot holds ",
                                      stats->degrade_windows.size(), ")"));
  }
  const ior::DegradeWindow& w = stats->degrade_windows[i];
  ior_degrade_window c{};
  c.start_ns = w.start_ns;
  c.end_ns = w.end_ns;
  c.calls = w.calls;
  c.min_one_in = w.min_one_in;
  ior::capi::CopyOut(c, out);
  return 0;
  IOR_CAPI_CATCH
}

IOR_API void ior_stats_free(ior_stats* stats) { delete stats; }

}  // extern "C"
