#include "picker.h"

#include <curses.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "escape.h"
#include "format.h"
#include "proc_list.h"

namespace ior::dashboard {
namespace {

// Indexes into state.procs of the processes the query matches.
std::vector<size_t> Matching(const PickerState& state) {
  std::vector<size_t> out;
  for (size_t i = 0; i < state.procs.size(); ++i) {
    const ProcInfo& p = state.procs[i];
    if (state.query.empty() || ContainsNoCase(std::to_string(p.pid), state.query) ||
        ContainsNoCase(p.comm, state.query) || ContainsNoCase(p.cmdline, state.query)) {
      out.push_back(i);
    }
  }
  return out;
}

}  // namespace

void DrawPicker(Canvas& canvas, int top, int height, int64_t now_ms, PickerState& state) {
  const bool threads = state.threads_of != 0;
  if (state.listed_at_ms < 0 || now_ms - state.listed_at_ms >= 1000) {
    state.procs = threads ? ListThreads(state.threads_of) : ListProcesses();
    state.listed_at_ms = now_ms;
  }
  const std::vector<size_t> match = Matching(state);
  const int n = static_cast<int>(match.size()) + 1;
  state.cursor = std::clamp(state.cursor, 0, n - 1);
  canvas.Put(top, 0,
             "Pick what to trace (type to filter by pid, comm or command line; Enter "
             "selects; Esc goes back)",
             Style::kHeader);
  canvas.Put(top + 1, 0,
             "filter: " + EscapeText(state.query) + "_   (" + std::to_string(match.size()) +
                 " of " + std::to_string(state.procs.size()) +
                 (threads ? " threads)" : " processes)"));
  char head[64];
  std::snprintf(head, sizeof(head), "%8s  %-16s %s", threads ? "TID" : "PID", "COMM",
                threads ? "" : "COMMAND");
  canvas.Put(top + 2, 0, head, Style::kHeader);
  const int body = height - 3;
  if (body <= 0) return;
  if (state.cursor < state.scroll) state.scroll = state.cursor;
  if (state.cursor >= state.scroll + body) state.scroll = state.cursor - body + 1;
  for (int i = 0; i < body && state.scroll + i < n; ++i) {
    const int idx = state.scroll + i;
    const Style style = idx == state.cursor ? Style::kSelected : Style::kNormal;
    const int y = top + 3 + i;
    canvas.Fill(y, 0, canvas.cols(), style == Style::kSelected ? style : Style::kNormal);
    if (idx == 0) {
      canvas.Put(y, 0, threads ? "       *  All threads" : "       *  All processes", style);
      continue;
    }
    const ProcInfo& p = state.procs[match[static_cast<size_t>(idx - 1)]];
    char pid[16];
    std::snprintf(pid, sizeof(pid), "%8d  ", static_cast<int>(p.pid));
    int x = canvas.Put(y, 0, pid, style);
    x = canvas.Put(y, x, FitWidth(EscapeText(p.comm), 16, true) + " ", style);
    if (!threads) {
      canvas.Put(y, x, EscapeText(p.cmdline.empty() ? "[" + p.comm + "]" : p.cmdline), style);
    }
  }
}

PickerChoice HandlePickerKey(int key, PickerState& state) {
  PickerChoice choice;
  switch (key) {
    case KEY_UP:
      state.cursor = std::max(state.cursor - 1, 0);
      return choice;
    case KEY_DOWN:
      ++state.cursor;
      return choice;
    case KEY_PPAGE:
      state.cursor = std::max(state.cursor - 20, 0);
      return choice;
    case KEY_NPAGE:
      state.cursor += 20;
      return choice;
    case KEY_HOME:
      state.cursor = 0;
      return choice;
    case KEY_BACKSPACE:
    case 127:
    case 8:
      if (!state.query.empty()) state.query.pop_back();
      state.cursor = 0;
      return choice;
    case 27:
      choice.action = PickerAction::kCancel;
      return choice;
    case '\n':
    case '\r':
    case KEY_ENTER: {
      choice.action = PickerAction::kSelect;
      if (state.cursor == 0) return choice;
      const std::vector<size_t> match = Matching(state);
      const size_t i = static_cast<size_t>(state.cursor - 1);
      if (i < match.size()) {
        choice.pid = state.procs[match[i]].pid;
        choice.comm = state.procs[match[i]].comm;
      }
      return choice;
    }
    default:
      if (key >= 0x20 && key < 0x7F) {
        state.query.push_back(static_cast<char>(key));
        // The first match, not "All processes", once something is typed.
        state.cursor = 1;
      }
      return choice;
  }
}

}  // namespace ior::dashboard
