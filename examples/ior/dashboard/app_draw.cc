// The dashboard's frames: title and tab line, the current tab or overlay, the footer.
#include <curses.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "app.h"
#include "escape.h"
#include "filter.h"
#include "format.h"

namespace ior::dashboard {

void App::DrawTitle(Canvas& cv) {
  cv.Fill(0, 0, cv.cols(), Style::kTitle);
  const std::string filter_text = filters_.Describe();
  bool ended = false;
  std::string drain_error;
  {
    std::lock_guard lock(mu_);
    ended = end_of_stream_;
    drain_error = drain_error_;
  }
  // What matters most first: the right end is cut on narrow screens.
  std::string title = " ior | traced " + FormatCount(stats_.kernel_count) + " | dropped " +
                      FormatCount(stats_.dropped);
  if (const std::string degraded = FormatDegraded(stats_); !degraded.empty()) {
    title += " | " + degraded;
  }
  title += " | filter: " + (filter_text.empty() ? std::string("all") : EscapeText(filter_text));
  if (child_ != nullptr && child_->reaped()) {
    title += " | command exited " + std::to_string(child_->ExitCode());
  }
  if (ended) title += " | trace ended";
  if (const std::string ar = AutoResetText(NowMs()); !ar.empty()) title += " | " + ar;
  if (!drain_error.empty()) title += " | error: " + EscapeText(drain_error);
  title += " | " + EscapeText(target_);
  cv.Put(0, 0, title, Style::kTitle);

  int x = 0;
  const bool narrow = cv.cols() < 100;
  cv.Fill(1, 0, cv.cols(), Style::kNormal);
  for (int i = 0; i < kTabCount; ++i) {
    const Tab t = static_cast<Tab>(i);
    std::string name = std::to_string(i + 1) + ":" + (narrow ? TabShortName(t) : TabName(t));
    x = cv.Put(1, x, " " + name + " ", !picking_ && t == tab_ ? Style::kTabActive : Style::kTab);
  }
  if (picking_) {
    cv.Put(1, x + 1, picker_.threads_of != 0 ? "[TID picker]" : "[PID picker]", Style::kTabActive);
  }
}

void App::DrawFooter(Canvas& cv) {
  const int y = cv.rows() - 1;
  cv.Fill(y, 0, cv.cols(), Style::kFooter);
  if (prompt_ != Prompt::kNone) {
    const char* label = prompt_ == Prompt::kFilter   ? "filter (adds a condition)> "
                        : prompt_ == Prompt::kRecord ? "record to (Enter starts, Esc cancels)> "
                                                     : "search> ";
    cv.Put(y, 0, label + EscapeText(prompt_text_) + "_", Style::kFooter);
    return;
  }
  if (!status_.empty() && NowMs() - status_at_ms_ < 5000) {
    cv.Put(y, 0, EscapeText(status_), status_error_ ? Style::kError : Style::kFooter);
    return;
  }
  if (const std::string rec = recorder_.Describe(); !rec.empty()) {
    cv.Put(y, 0, std::string(" ").append(EscapeText(rec)).append("   R stops"), Style::kError);
    return;
  }
  std::string keys =
      picking_ ? " type to filter  Enter select  Esc back  Ctrl-C quit"
               : " q quit  H help  f filter  F pop  c clear  [ ] family  1-7 tabs  p pick  r reset";
  if (!picking_ && tab_ == Tab::kStream)
    keys += stream_.paused ? "  space resume  / search  n N  e export"
                           : "  space pause  / search  e export";
  if (!picking_ && tab_ == Tab::kFlame) {
    keys += flame_.frozen != nullptr ? "  space resume" : "  space pause";
    keys += "  Enter zoom  Bksp out  / search  b metric  o order  I auto-reset";
  }
  if (!picking_ && (tab_ == Tab::kSyscalls || tab_ == Tab::kFiles || tab_ == Tab::kProcesses)) {
    keys += "  s sort  Enter filter row";
    if (tab_ == Tab::kFiles) keys += "  d dirs";
  }
  cv.Put(y, 0, keys, Style::kFooter);
}

void App::Draw() {
  const int64_t cpu0 = ThreadCpuNs();
  const int64_t now_ms = NowMs();
  if (session_ != nullptr && (stats_at_ms_ < 0 || now_ms - stats_at_ms_ >= kStatsMs)) {
    stats_ = session_->Stats();
    stats_at_ms_ = now_ms;
  }
  AutoReset(now_ms);
  Canvas cv;
  cv.Clear();
  DrawTitle(cv);
  const int top = 2;
  const int height = cv.rows() - 3;
  if (height > 0) {
    if (picking_) {
      DrawPicker(cv, top, height, now_ms, picker_);
    } else if (help_) {
      DrawHelp(cv, top, height);
    } else if (probes_open_) {
      DrawProbes(cv, top, height, probes_);
    } else {
      std::lock_guard lock(mu_);
      model_.Tick(ModelNowS());
      TabContext ctx{cv,          model_, top,           height,
                     ModelNowS(), stats_, render_share_, AutoResetText(now_ms)};
      row_filter_term_.clear();
      switch (tab_) {
        case Tab::kOverview:
          DrawOverview(ctx);
          break;
        case Tab::kSyscalls:
          row_filter_term_ = DrawSyscalls(ctx, syscalls_table_);
          break;
        case Tab::kFiles:
          row_filter_term_ = DrawFiles(ctx, files_table_, files_by_directory_);
          break;
        case Tab::kProcesses:
          row_filter_term_ = DrawProcesses(ctx, processes_table_);
          break;
        case Tab::kStream:
          DrawStream(ctx, stream_);
          break;
        case Tab::kFlame:
          DrawFlame(ctx, flame_);
          break;
        case Tab::kLatency:
          DrawLatency(ctx);
          break;
        case Tab::kCount:
          break;
      }
    }
  }
  DrawFooter(cv);
  refresh();  // terminal output, with mu_ released
  ++frames_;
  const int64_t spent = ThreadCpuNs() - cpu0;
  render_cpu_ns_ += spent;
  window_cpu_ns_ += spent;
  if (now_ms - window_start_ms_ >= 5000) {
    render_share_ =
        static_cast<double>(window_cpu_ns_) / 1e6 / static_cast<double>(now_ms - window_start_ms_);
    window_cpu_ns_ = 0;
    window_start_ms_ = now_ms;
  }
}

}  // namespace ior::dashboard
