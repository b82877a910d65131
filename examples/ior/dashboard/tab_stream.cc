// Tab 5, Stream: the newest rows that pass the filter, newest at the bottom. Space pauses: the
// rows shown are copied out and stay while the trace goes on; the cursor keys scroll them.
// '/' searches the rows (pausing them), n / N step through the matches.
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
#include "stream_export.h"
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

// The newest `n` rows that pass the filter, oldest first: a live frame needs no more.
std::vector<StreamRow> NewestMatching(const Model& model, size_t n) {
  std::vector<StreamRow> out;
  for (size_t i = model.rows().size(); i > 0 && out.size() < n; --i) {
    const StreamRow& r = model.rows()[i - 1];
    if (model.filter().Matches(InputOf(r))) out.push_back(r);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

bool RowMatches(const StreamRow& row, const std::string& search) {
  return !search.empty() && ContainsNoCase(StreamRowText(row), search);
}

// Rows [first, last) are shown, `body` rows of them at most.
void DrawRows(const TabContext& ctx, const std::vector<StreamRow>& rows, int first, int last,
              const StreamState& state) {
  Canvas& cv = ctx.canvas;
  char head[160];
  std::snprintf(head, sizeof(head), "%8s %8s %-15s %7s %7s %-12s %4s %6s %6s  %s", "Gap", "Latency",
                "Comm", "PID", "TID", "Syscall", "FD", "Ret", "Bytes", "File");
  cv.Put(ctx.top + 1, 0, head, Style::kHeader);
  const int y0 = ctx.top + 2;
  for (int i = first; i < last; ++i) {
    const StreamRow& r = rows[static_cast<size_t>(i)];
    const std::string comm =
        FitWidth(EscapeText(std::string_view(r.comm, strnlen(r.comm, kCommLength))), 15, true);
    const std::string ret = (r.flags & kEventNoReturn) ? "" : std::to_string(r.ret);
    char line[200];
    std::snprintf(line, sizeof(line), "%8s %8s %s %7u %7u %-12s %4s %6s %6s  ",
                  FormatDuration(r.gap_ns).c_str(), FormatDuration(r.latency_ns).c_str(),
                  comm.c_str(), r.pid, r.tid, SyscallName(r.nr).c_str(),
                  r.fd >= 0 ? std::to_string(r.fd).c_str() : "", ret.c_str(),
                  r.bytes ? FormatBytes(r.bytes).c_str() : "");
    Style style =
        IsErrorReturn(r.ret) && !(r.flags & kEventNoReturn) ? Style::kError : Style::kNormal;
    if (RowMatches(r, state.search)) style = i == state.match ? Style::kSelected : Style::kMatch;
    const int y = y0 + (i - first);
    const int x = cv.Put(y, 0, line, style);
    cv.Put(y, x, FitWidthTail(EscapeText(r.file), cv.cols() - x), style);
  }
  if (rows.empty()) cv.Put(y0, 1, "(no rows yet)", Style::kDim);
}

// The next match from `from` going `step` (-1 older, +1 newer), wrapping; -1 if none.
int NextMatch(const StreamState& state, int from, int step) {
  const int n = static_cast<int>(state.frozen.size());
  if (n == 0) return -1;
  for (int k = 1; k <= n; ++k) {
    const int i = ((from + step * k) % n + n) % n;
    if (RowMatches(state.frozen[static_cast<size_t>(i)], state.search)) return i;
  }
  return -1;
}

int CountMatches(const StreamState& state) {
  int n = 0;
  for (const StreamRow& r : state.frozen) n += RowMatches(r, state.search);
  return n;
}

// Scrolls so that the current match is the bottom row; says where it is (raw text: the
// status line escapes it).
std::string ShowMatch(StreamState& state) {
  if (state.match < 0) return "search: no row matches '" + state.search + "'";
  state.scroll = static_cast<int>(state.frozen.size()) - 1 - state.match;
  int older = 0;  // matches up to and including this one
  for (int i = 0; i <= state.match; ++i) {
    older += RowMatches(state.frozen[static_cast<size_t>(i)], state.search);
  }
  return "search '" + state.search + "': match " + std::to_string(older) + " of " +
         std::to_string(CountMatches(state)) + " (n older, N newer)";
}

void Freeze(const Model& model, StreamState& state) {
  state.paused = true;
  state.scroll = 0;
  state.frozen = Matching(model);
}

}  // namespace

void DrawStream(const TabContext& ctx, StreamState& state) {
  Canvas& cv = ctx.canvas;
  const int body = std::max(ctx.height - 2, 1);
  std::vector<StreamRow> live;
  if (!state.paused) live = NewestMatching(ctx.model, static_cast<size_t>(body));
  const std::vector<StreamRow>& rows = state.paused ? state.frozen : live;
  const int n = static_cast<int>(rows.size());
  // Never scrolled past the oldest rows: the screen stays full.
  state.scroll = std::clamp(state.scroll, 0, std::max(n - body, 0));
  const int scroll = state.paused ? state.scroll : 0;
  const int last = std::max(n - scroll, 0);  // one past the newest row shown
  const int first = std::max(last - body, 0);
  std::string bar;
  if (state.paused) {
    bar = "PAUSED  rows " + FormatCount(n == 0 ? 0 : first + 1) + "-" + FormatCount(last) + " of " +
          FormatCount(n) + " that pass the filter (space resumes, e exports)";
  } else {
    bar = "live  newest rows that pass the filter (space pauses, / searches, e exports)";
  }
  if (!state.search.empty()) bar += "   search: " + EscapeText(state.search);
  cv.Put(ctx.top, 0, bar, Style::kDim);
  DrawRows(ctx, rows, first, last, state);
}

std::string SearchStream(const std::string& text, const Model& model, StreamState& state) {
  state.search = text;
  state.match = -1;
  if (text.empty()) return "search ended";
  if (!state.paused) Freeze(model, state);
  state.match = NextMatch(state, static_cast<int>(state.frozen.size()), -1);
  return ShowMatch(state);
}

std::vector<StreamRow> StreamExportRows(const Model& model, const StreamState& state) {
  return state.paused ? state.frozen : Matching(model);
}

std::string HandleStreamKey(int key, const Model& model, StreamState& state) {
  switch (key) {
    case ' ':
      if (state.paused) {
        state.paused = false;
        state.frozen.clear();
        state.match = -1;
        state.scroll = 0;
      } else {
        Freeze(model, state);
        if (!state.search.empty())
          state.match = NextMatch(state, static_cast<int>(state.frozen.size()), -1);
      }
      return "";
    case 'n':
    case 'N':
      if (state.search.empty()) return "no search: / searches the rows";
      if (!state.paused) Freeze(model, state);
      state.match =
          NextMatch(state, state.match >= 0 ? state.match : static_cast<int>(state.frozen.size()),
                    key == 'n' ? -1 : 1);
      return ShowMatch(state);
    case 'k':
    case KEY_UP:
      ++state.scroll;
      return "";
    case 'j':
    case KEY_DOWN:
      state.scroll = std::max(state.scroll - 1, 0);
      return "";
    case KEY_PPAGE:
      state.scroll += 20;
      return "";
    case KEY_NPAGE:
      state.scroll = std::max(state.scroll - 20, 0);
      return "";
    case 'g':
      state.scroll = 1 << 30;  // clamped when drawn: the oldest rows
      return "";
    case 'G':
      state.scroll = 0;
      return "";
    default:
      return "";
  }
}

}  // namespace ior::dashboard
