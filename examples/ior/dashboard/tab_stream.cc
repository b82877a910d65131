// Tab 5, Stream: the newest rows that pass the filter, newest at the bottom. Space pauses: the
// rows shown are copied out and stay while the trace goes on; the cursor keys scroll them.
#include <curses.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "escape.h"
#include "format.h"
#include "ior/event.h"
#include "ior/syscall_names.h"
#include "tabs.h"

namespace ior::dashboard {
namespace {

std::vector<StreamRow> Matching(const Model& model) {
  std::vector<StreamRow> out;
  for (size_t i = 0; i < model.rows().size(); ++i) {
    const StreamRow& r = model.rows()[i];
    if (model.filter().Matches(InputOf(r))) out.push_back(r);
  }
  return out;
}

void DrawRows(const TabContext& ctx, const std::vector<const StreamRow*>& rows, int scroll) {
  Canvas& cv = ctx.canvas;
  char head[160];
  std::snprintf(head, sizeof(head), "%8s %8s %-15s %7s %7s %-12s %4s %6s %6s  %s", "Gap", "Latency",
                "Comm", "PID", "TID", "Syscall", "FD", "Ret", "Bytes", "File");
  cv.Put(ctx.top, 0, head, Style::kHeader);
  const int body = ctx.height - 1;
  const int n = static_cast<int>(rows.size());
  const int last = std::max(n - scroll, 0);  // one past the newest row shown
  const int first = std::max(last - body, 0);
  for (int i = first; i < last; ++i) {
    const StreamRow& r = *rows[static_cast<size_t>(i)];
    const std::string comm =
        FitWidth(EscapeText(std::string_view(r.comm, strnlen(r.comm, kCommLength))), 15, true);
    const std::string ret = (r.flags & kEventNoReturn) ? "" : std::to_string(r.ret);
    char line[200];
    std::snprintf(line, sizeof(line), "%8s %8s %s %7u %7u %-12s %4s %6s %6s  ",
                  FormatDuration(r.gap_ns).c_str(), FormatDuration(r.latency_ns).c_str(),
                  comm.c_str(), r.pid, r.tid, SyscallName(r.nr).c_str(),
                  r.fd >= 0 ? std::to_string(r.fd).c_str() : "", ret.c_str(),
                  r.bytes ? FormatBytes(r.bytes).c_str() : "");
    const int x = ctx.canvas.Put(
        ctx.top + 1 + (i - first), 0, line,
        IsErrorReturn(r.ret) && !(r.flags & kEventNoReturn) ? Style::kError : Style::kNormal);
    cv.Put(ctx.top + 1 + (i - first), x, FitWidthTail(EscapeText(r.file), cv.cols() - x));
  }
  if (n == 0) cv.Put(ctx.top + 1, 1, "(no rows yet)", Style::kDim);
}

}  // namespace

// The newest `n` rows that pass the filter, oldest first: a live frame needs no more.
static std::vector<StreamRow> NewestMatching(const Model& model, size_t n) {
  std::vector<StreamRow> out;
  for (size_t i = model.rows().size(); i > 0 && out.size() < n; --i) {
    const StreamRow& r = model.rows()[i - 1];
    if (model.filter().Matches(InputOf(r))) out.push_back(r);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

void DrawStream(const TabContext& ctx, StreamState& state) {
  std::vector<StreamRow> live;
  if (!state.paused) live = NewestMatching(ctx.model, static_cast<size_t>(std::max(ctx.height, 1)));
  const std::vector<StreamRow>& src = state.paused ? state.frozen : live;
  std::vector<const StreamRow*> rows;
  rows.reserve(src.size());
  for (const StreamRow& r : src) rows.push_back(&r);
  state.scroll = std::clamp(state.scroll, 0, std::max(static_cast<int>(rows.size()) - 1, 0));
  DrawRows(ctx, rows, state.paused ? state.scroll : 0);
}

bool HandleStreamKey(int key, const Model& model, StreamState& state) {
  switch (key) {
    case ' ':
      state.paused = !state.paused;
      state.scroll = 0;
      if (state.paused) {
        state.frozen = Matching(model);
      } else {
        state.frozen.clear();
      }
      return true;
    case 'k':
    case KEY_UP:
      ++state.scroll;
      return true;
    case 'j':
    case KEY_DOWN:
      state.scroll = std::max(state.scroll - 1, 0);
      return true;
    case KEY_PPAGE:
      state.scroll += 20;
      return true;
    case KEY_NPAGE:
      state.scroll = std::max(state.scroll - 20, 0);
      return true;
    case 'g':
      state.scroll = 1 << 30;  // clamped when drawn: the oldest rows
      return true;
    case 'G':
      state.scroll = 0;
      return true;
    default:
      return false;
  }
}

}  // namespace ior::dashboard
