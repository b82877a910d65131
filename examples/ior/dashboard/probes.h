// The probes view (o, or O on the Flame tab), live through the session's SetSelection (calls
// of syscalls that stay selected are never missed). Two views, Tab switches:
//   families: the twelve families with how many of their syscalls are traced; space or Enter
//             switches a whole family on or off;
//   syscalls: every syscall of the table by name, '/' narrows the list to names containing a
//             text; space or Enter switches one on or off, a / n every listed one on / off.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_PROBES_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_PROBES_H_

#include <string>
#include <vector>

#include "canvas.h"
#include "ior/selection.h"
#include "probe_selection.h"

namespace ior::dashboard {

struct ProbesState {
  Selection selection;  // what the view shows and edits
  Selection applied;    // what the session runs with
  bool syscalls_view = false;
  int cursor = 0;          // families view
  int syscall_cursor = 0;  // syscalls view, in the listed syscalls
  int syscall_scroll = 0;
  std::string name_filter;  // syscalls view: listed names contain it
  bool typing = false;      // '/' was pressed: keys edit name_filter
  std::string message;      // why the last edit was refused, shown in the view
};

void DrawProbes(Canvas& canvas, int top, int height, ProbesState& state);
// True if the key changed state.selection (the caller applies it to the session).
bool HandleProbesKey(int key, ProbesState& state);

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_PROBES_H_
