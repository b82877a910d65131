// Tab 4, Processes: one row per traced process (most useful with "All processes").
#include <algorithm>
#include <string>
#include <vector>

#include "escape.h"
#include "format.h"
#include "tabs.h"

namespace ior::dashboard {

std::string DrawProcesses(const TabContext& ctx, TableState& state) {
  static const std::vector<Column> kColumns = {
      {"PID", 9, true},   {"Comm", 18, false}, {"Syscalls", 11, true}, {"Rate/s", 9, true},
      {"Bytes", 9, true}, {"Errors", 9, true}, {"Avg lat", 10, true},
  };
  static_assert(kProcessColumns == 7);
  const Model& m = ctx.model;
  const double elapsed = std::max<double>(1.0, static_cast<double>(ctx.now_s - m.since_s()));
  std::vector<TableRow> rows;
  for (const auto& [pid, p] : m.processes()) {
    TableRow row;
    const uint64_t avg = p.count ? p.latency_sum_ns / p.count : 0;
    row.cells = {
        Cell{std::to_string(pid), static_cast<double>(pid)},
        Cell{EscapeText(p.comm), 0},
        Cell{FormatCount(p.count), static_cast<double>(p.count)},
        Cell{FormatRate(p.count / elapsed), p.count / elapsed},
        Cell{FormatBytes(p.bytes), static_cast<double>(p.bytes)},
        Cell{FormatCount(p.errors), static_cast<double>(p.errors)},
        Cell{FormatDuration(avg), static_cast<double>(avg)},
    };
    row.filter_term = "pid=" + std::to_string(pid);
    rows.push_back(std::move(row));
  }
  return DrawTable(ctx.canvas, ctx.top, ctx.height, kColumns, rows, state);
}

}  // namespace ior::dashboard
