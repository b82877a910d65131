#include "probes.h"

#include <curses.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "ior/selection.h"
#include "ior/syscalls.h"

namespace ior::dashboard {
namespace {

bool SameName(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

void Erase(std::vector<std::string>& v, const std::string& name) {
  v.erase(
      std::remove_if(v.begin(), v.end(), [&](const std::string& s) { return SameName(s, name); }),
      v.end());
}

// Traced and total syscalls of each family under `selection` (traced 0 if it does not resolve).
void Count(const Selection& selection, std::vector<int>& traced, std::vector<int>& total) {
  traced.assign(kFamilyCount, 0);
  total.assign(kFamilyCount, 0);
  absl::StatusOr<ResolvedSelection> r = ResolveSelection(selection);
  for (const SyscallInfo& s : AllSyscalls()) {
    const int f = static_cast<int>(s.family);
    ++total[f];
    if (r.ok() && s.nr < r->enabled.size() && r->enabled[s.nr]) ++traced[f];
  }
}

}  // namespace

std::vector<std::string> TracedFamilies(const Selection& selection) {
  std::vector<int> traced, total;
  Count(selection, traced, total);
  std::vector<std::string> out;
  for (const std::string& name : FamilyNames()) {
    const std::optional<Family> fam = FamilyFromName(name);
    if (fam && traced[static_cast<int>(*fam)] > 0) out.push_back(name);
  }
  return out;
}

Selection WithFamily(const Selection& selection, const std::string& name, bool on) {
  Selection out = selection;
  if (out.families.empty() && out.kinds.empty() && out.syscalls.empty() &&
      out.tracepoints.empty()) {
    out.families = {"FS"};
  }
  Erase(out.families, name);
  Erase(out.exclude_families, name);
  if (on) {
    out.families.push_back(name);
  } else {
    out.exclude_families.push_back(name);
  }
  return out;
}

void DrawProbes(Canvas& canvas, int top, int height, ProbesState& state) {
  const std::vector<std::string> names = FamilyNames();
  std::vector<int> traced, total;
  Count(state.selection, traced, total);
  state.cursor = std::clamp(state.cursor, 0, static_cast<int>(names.size()) - 1);
  canvas.Put(top, 0, "Probes: families (space/Enter switches one on or off, live; Esc closes)",
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

bool HandleProbesKey(int key, ProbesState& state) {
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
      std::vector<int> traced, total;
      Count(state.selection, traced, total);
      const std::string& name = names[static_cast<size_t>(state.cursor)];
      const std::optional<Family> fam = FamilyFromName(name);
      const bool on = fam && traced[static_cast<int>(*fam)] > 0;
      state.selection = WithFamily(state.selection, name, !on);
      return true;
    }
    default:
      return false;
  }
}

}  // namespace ior::dashboard
