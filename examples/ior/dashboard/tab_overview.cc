// Tab 1, Overview: the figures of the filtered rows since the last reset, the top three of
// syscalls, files and processes, and the session's own delivery figures.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "escape.h"
#include "format.h"
#include "ior/syscall_names.h"
#include "tabs.h"

namespace ior::dashboard {
namespace {

// "name count" of the three largest.
std::string TopThree(std::vector<std::pair<std::string, uint64_t>> items) {
  std::partial_sort(items.begin(), items.begin() + std::min<size_t>(3, items.size()), items.end(),
                    [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (size_t i = 0; i < items.size() && i < 3; ++i) {
    if (i > 0) out += "   ";
    out += EscapeText(items[i].first) + " " + FormatCount(items[i].second);
  }
  return out.empty() ? "-" : out;
}

std::string Sparkline(const std::deque<Second>& history, size_t width) {
  static constexpr char kLevels[] = " .:-=+*#%@";
  const size_t n = std::min(width, history.size() > 1 ? history.size() - 1 : 0);
  std::string out;
  uint64_t max = 1;
  const size_t first = history.size() - 1 - n;  // complete seconds only
  for (size_t i = first; i < history.size() - 1; ++i) max = std::max(max, history[i].count);
  for (size_t i = first; i + 1 < history.size(); ++i) {
    const uint64_t c = history[i].count;
    out.push_back(c == 0 ? ' ' : kLevels[1 + c * 8 / max]);
  }
  return out;
}

}  // namespace

void DrawOverview(const TabContext& ctx) {
  Canvas& cv = ctx.canvas;
  const Model& m = ctx.model;
  const Totals& t = m.totals();
  const double elapsed = std::max<double>(1.0, static_cast<double>(ctx.now_s - m.since_s()));
  // The last complete second, for current rates.
  Second last;
  if (m.history().size() >= 2) last = m.history()[m.history().size() - 2];

  int y = ctx.top;
  const int label = 16;
  auto line = [&](const std::string& name, const std::string& value) {
    if (y >= ctx.top + ctx.height) return;
    cv.Put(y, 1, name, Style::kHeader);
    cv.Put(y, label, value);
    ++y;
  };
  const double err_pct = t.count ? 100.0 * static_cast<double>(t.errors) / t.count : 0;
  char pct[32];
  std::snprintf(pct, sizeof(pct), "%.2f%%", err_pct);
  line("Calls", FormatCount(t.count) + "   now " + FormatRate(static_cast<double>(last.count)) +
                    "/s   average " + FormatRate(t.count / elapsed) + "/s   over " +
                    FormatCount(static_cast<uint64_t>(elapsed)) + "s");
  line("Bytes", std::string("read ") + FormatBytes(t.read_bytes) + "   written " +
                    FormatBytes(t.write_bytes) + "   other " + FormatBytes(t.other_bytes) +
                    "   now " + FormatBytes(last.bytes) + "/s   average " +
                    FormatBytes(static_cast<uint64_t>(
                        (t.read_bytes + t.write_bytes + t.other_bytes) / elapsed)) +
                    "/s");
  line("Errors", FormatCount(t.errors) + " (" + pct + ")   now " +
                     FormatRate(static_cast<double>(last.errors)) + "/s");
  line("Latency mean", t.count ? FormatDuration(t.latency_sum_ns / t.count) : "-");
  line("Gap mean", t.count ? FormatDuration(t.gap_sum_ns / t.count) : "-");
  ++y;

  std::vector<std::pair<std::string, uint64_t>> sys;
  for (uint32_t nr : m.seen_syscalls()) sys.emplace_back(SyscallName(nr), m.syscall(nr).count);
  line("Top syscalls", TopThree(std::move(sys)));
  std::vector<std::pair<std::string, uint64_t>> files;
  files.reserve(m.files().size());
  for (const auto& [name, f] : m.files()) files.emplace_back(name, f.accesses);
  line("Top files", TopThree(std::move(files)));
  std::vector<std::pair<std::string, uint64_t>> procs;
  for (const auto& [pid, p] : m.processes()) {
    procs.emplace_back(p.comm + "(" + std::to_string(pid) + ")", p.count);
  }
  line("Top processes", TopThree(std::move(procs)));
  ++y;

  const SessionStats& s = ctx.stats;
  const uint64_t accounted = s.delivered + s.sampled_out + s.dropped + s.filtered;
  const uint64_t in_flight = s.kernel_count > accounted ? s.kernel_count - accounted : 0;
  line("Session", std::string("traced ") + FormatCount(s.kernel_count) + " = delivered " +
                      FormatCount(s.delivered) + " + sampled out " + FormatCount(s.sampled_out));
  line("", std::string("+ dropped ") + FormatCount(s.dropped) + " + filtered " +
               FormatCount(s.filtered) + " + in flight " + FormatCount(in_flight));
  // Degraded calls are a part of the sampled out: rows the kernel thinned to keep up.
  if (const std::string degraded = FormatDegraded(s); !degraded.empty()) {
    line("", degraded + " of the sampled out, thinned to keep up");
  }
  line("", "(the whole trace, before the dashboard's filter)");
  char render[64];
  std::snprintf(render, sizeof(render), "%.1f%% of a core", 100.0 * ctx.render_cpu_share);
  line("Render loop", render);
  ++y;
  if (y < ctx.top + ctx.height) {
    cv.Put(y++, 1,
           "Calls per second, last " +
               std::to_string(std::max<int>(0, static_cast<int>(m.history().size()) - 1)) + "s:",
           Style::kHeader);
  }
  if (y < ctx.top + ctx.height)
    cv.Put(y, 1,
           std::string("[")
               .append(Sparkline(m.history(), static_cast<size_t>(std::max(cv.cols() - 4, 1))))
               .append("]"),
           Style::kBar);
}

}  // namespace ior::dashboard
