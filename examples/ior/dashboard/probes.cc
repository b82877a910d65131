#include "probes.h"

#include <curses.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "escape.h"
#include "format.h"
#include "ior/selection.h"
#include "ior/syscalls.h"
#include "probe_selection.h"

namespace ior::dashboard {
namespace {

// Traced and total syscalls of each family.
void Count(const std::vector<bool>& traced_nrs, std::vector<int>& traced, std::vector<int>& total) {
  traced.assign(kFamilyCount, 0);
  total.assign(kFamilyCount, 0);
  for (const SyscallInfo& s : AllSyscalls()) {
    const int f = static_cast<int>(s.family);
    ++total[f];
    if (s.nr < traced_nrs.size() && traced_nrs[s.nr]) ++traced[f];
  }
}

// The syscalls the syscalls view lists: names containing the filter, sorted by name.
std::vector<const SyscallInfo*> Listed(const ProbesState& state) {
  std::vector<const SyscallInfo*> out;
  for (const SyscallInfo& s : AllSyscalls()) {
    if (ContainsNoCase(std::string(s.name), state.name_filter)) out.push_back(&s);
  }
  std::sort(out.begin(), out.end(),
            [](const SyscallInfo* a, const SyscallInfo* b) { return a->name < b->name; });
  return out;
}

void DrawFamilies(Canvas& canvas, int top, int height, ProbesState& state) {
  const std::vector<std::string> names = FamilyNames();
  std::vector<int> traced, total;
  Count(TracedSyscalls(state.selection), traced, total);
  state.cursor = std::clamp(state.cursor, 0, static_cast<int>(names.size()) - 1);
  canvas.Put(top, 0, "Probes: families  space: on/off, live  Tab: single syscalls  Esc: close",
             Style::kHeader);
  for (size_t i = 0; i < names.size() && static_cast<int>(i) + 2 < height; ++i) {
    const std::optional<Family> fam = FamilyFromName(names[i]);
    const int f = fam ? static_cast<int>(*fam) : 0;
    char line[96];
    std::snprintf(line, sizeof(line), " [%c] %-10s %3d / %3d syscalls traced",
                  traced[f] == 0          ? ' '
                  : traced[f] == total[f] ? 'x'
                                          : '~',
                  names[i].c_str(), traced[f], total[f]);
    canvas.Put(top + 2 + static_cast<int>(i), 0, line,
               static_cast<int>(i) == state.cursor ? Style::kSelected : Style::kNormal);
  }
}

void DrawSyscalls(Canvas& canvas, int top, int height, ProbesState& state) {
  const std::vector<const SyscallInfo*> listed = Listed(state);
  const std::vector<bool> traced = TracedSyscalls(state.selection);
  int traced_listed = 0;
  for (const SyscallInfo* s : listed) traced_listed += traced[s->nr];
  canvas.Put(top, 0,
             "Probes: syscalls  space: on/off  a / n: listed on/off  /: names  Tab: families",
             Style::kHeader);
  std::string bar = "names: ";
  bar += state.name_filter.empty() && !state.typing ? "all" : EscapeText(state.name_filter);
  if (state.typing) bar += "_  (Enter ends)";
  bar += "   " + FormatCount(listed.size()) + " listed, " + FormatCount(traced_listed) + " traced";
  canvas.Put(top + 1, 0, bar, state.typing ? Style::kMatch : Style::kDim);
  const int body = height - 3;
  const int n = static_cast<int>(listed.size());
  state.syscall_cursor = std::clamp(state.syscall_cursor, 0, std::max(n - 1, 0));
  if (state.syscall_cursor < state.syscall_scroll) state.syscall_scroll = state.syscall_cursor;
  if (body > 0 && state.syscall_cursor >= state.syscall_scroll + body) {
    state.syscall_scroll = state.syscall_cursor - body + 1;
  }
  for (int i = state.syscall_scroll; i < n && i - state.syscall_scroll < body; ++i) {
    const SyscallInfo& s = *listed[static_cast<size_t>(i)];
    char line[128];
    std::snprintf(line, sizeof(line), " [%c] %-24.*s %-10s %.*s", traced[s.nr] ? 'x' : ' ',
                  static_cast<int>(s.name.size()), s.name.data(),
                  std::string(FamilyName(s.family)).c_str(), static_cast<int>(s.kind.size()),
                  s.kind.data());
    canvas.Put(top + 3 + (i - state.syscall_scroll), 0, line,
               i == state.syscall_cursor ? Style::kSelected : Style::kNormal);
  }
  if (n == 0) canvas.Put(top + 3, 1, "(no syscall name contains this)", Style::kDim);
}

// Applies an edit; false (and the reason in state.message) if refused.
bool Apply(absl::StatusOr<Selection> edited, ProbesState& state) {
  if (!edited.ok()) {
    state.message = std::string(edited.status().message());
    return false;
  }
  state.selection = *std::move(edited);
  return true;
}

bool HandleSyscallsKey(int key, ProbesState& state) {
  if (state.typing) {
    if (key == '\n' || key == '\r' || key == KEY_ENTER || key == 27) {
      state.typing = false;
    } else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
      if (!state.name_filter.empty()) state.name_filter.pop_back();
    } else if (key == 21) {  // Ctrl-U
      state.name_filter.clear();
    } else if (key > 0x20 && key < 0x7F) {
      state.name_filter.push_back(static_cast<char>(key));
    }
    state.syscall_cursor = 0;
    return false;
  }
  const std::vector<const SyscallInfo*> listed = Listed(state);
  const int n = static_cast<int>(listed.size());
  switch (key) {
    case '/':
      state.typing = true;
      return false;
    case KEY_UP:
    case 'k':
      state.syscall_cursor = std::max(state.syscall_cursor - 1, 0);
      return false;
    case KEY_DOWN:
    case 'j':
      state.syscall_cursor = std::min(state.syscall_cursor + 1, std::max(n - 1, 0));
      return false;
    case KEY_PPAGE:
      state.syscall_cursor = std::max(state.syscall_cursor - 20, 0);
      return false;
    case KEY_NPAGE:
      state.syscall_cursor = std::min(state.syscall_cursor + 20, std::max(n - 1, 0));
      return false;
    case KEY_HOME:
    case 'g':
      state.syscall_cursor = 0;
      return false;
    case KEY_END:
    case 'G':
      state.syscall_cursor = std::max(n - 1, 0);
      return false;
    case ' ':
    case '\n':
    case '\r':
    case KEY_ENTER: {
      if (n == 0) return false;
      const SyscallInfo& s = *listed[static_cast<size_t>(std::min(state.syscall_cursor, n - 1))];
      const bool on = TracedSyscalls(state.selection)[s.nr];
      return Apply(SwitchSyscalls(state.selection, {s.nr}, !on), state);
    }
    case 'a':
    case 'n': {
      std::vector<uint32_t> nrs;
      nrs.reserve(listed.size());
      for (const SyscallInfo* s : listed) nrs.push_back(s->nr);
      return Apply(SwitchSyscalls(state.selection, nrs, key == 'a'), state);
    }
    default:
      return false;
  }
}

bool HandleFamiliesKey(int key, ProbesState& state) {
  const std::vector<std::string> names = FamilyNames();
  switch (key) {
    case KEY_UP:
    case 'k':
      state.cursor = std::max(state.cursor - 1, 0);
      return false;
    case KEY_HOME:
    case 'g':
      state.cursor = 0;
      return false;
    case KEY_DOWN:
    case 'j':
      state.cursor = std::min(state.cursor + 1, static_cast<int>(names.size()) - 1);
      return false;
    case ' ':
    case '\n':
    case '\r':
    case KEY_ENTER: {
      const std::optional<Family> fam = FamilyFromName(names[static_cast<size_t>(state.cursor)]);
      if (!fam) return false;
      std::vector<int> traced, total;
      Count(TracedSyscalls(state.selection), traced, total);
      const bool on = traced[static_cast<int>(*fam)] > 0;
      return Apply(SwitchFamily(state.selection, *fam, !on), state);
    }
    default:
      return false;
  }
}

}  // namespace

void DrawProbes(Canvas& canvas, int top, int height, ProbesState& state) {
  if (state.syscalls_view) {
    DrawSyscalls(canvas, top, height, state);
  } else {
    DrawFamilies(canvas, top, height, state);
  }
  if (!state.message.empty()) {
    canvas.Fill(top + height - 1, 0, canvas.cols(), Style::kNormal);  // over a listed row
    canvas.Put(top + height - 1, 0, "refused: " + EscapeText(state.message), Style::kError);
  }
}

bool HandleProbesKey(int key, ProbesState& state) {
  state.message.clear();
  if (key == '\t' && !state.typing) {
    state.syscalls_view = !state.syscalls_view;
    return false;
  }
  return state.syscalls_view ? HandleSyscallsKey(key, state) : HandleFamiliesKey(key, state);
}

}  // namespace ior::dashboard
