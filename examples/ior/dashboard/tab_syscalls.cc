// Tab 2, Syscalls: one row per syscall with its count, rate, latency figures, bytes and errors.
#include <algorithm>
#include <string>
#include <vector>

#include "escape.h"
#include "format.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"
#include "tabs.h"

namespace ior::dashboard {

std::string DrawSyscalls(const TabContext& ctx, TableState& state) {
  static const std::vector<Column> kColumns = {
      {"Syscall", 18, false}, {"Count", 11, true},   {"Rate/s", 9, true}, {"Avg", 9, true},
      {"Min", 9, true, 140},  {"p50", 9, true, 110}, {"p95", 9, true},    {"p99", 9, true},
      {"Max", 9, true},       {"Bytes", 9, true},    {"Errors", 9, true},
  };
  static_assert(kSyscallColumns == 11);
  const Model& m = ctx.model;
  const double elapsed = std::max<double>(1.0, static_cast<double>(ctx.now_s - m.since_s()));
  std::vector<TableRow> rows;
  for (uint32_t nr : m.seen_syscalls()) {
    const SyscallAgg& s = m.syscall(nr);
    const std::string name = SyscallName(nr);
    auto dur = [](uint64_t ns) { return Cell{FormatDuration(ns), static_cast<double>(ns)}; };
    TableRow row;
    row.cells = {
        Cell{EscapeText(name), 0},
        Cell{FormatCount(s.count), static_cast<double>(s.count)},
        Cell{FormatRate(s.count / elapsed), s.count / elapsed},
        dur(s.count ? s.latency_sum_ns / s.count : 0),
        dur(s.count ? s.latency_min_ns : 0),
        dur(s.latency.Quantile(0.50)),
        dur(s.latency.Quantile(0.95)),
        dur(s.latency.Quantile(0.99)),
        dur(s.latency_max_ns),
        Cell{FormatBytes(s.bytes), static_cast<double>(s.bytes)},
        Cell{FormatCount(s.errors), static_cast<double>(s.errors)},
    };
    row.filter_term = "syscall==" + name;
    rows.push_back(std::move(row));
  }
  return DrawTable(ctx.canvas, ctx.top, ctx.height, kColumns, rows, state);
}

}  // namespace ior::dashboard
