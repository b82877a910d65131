// The PID picker, the dashboard's first screen unless the command line names what to trace:
// "All processes" on top, then every process (pid, comm, command line); typing filters by
// pid, comm or command line, Enter starts tracing the choice, Esc goes back. The TID picker
// (t) is the same over the threads of the traced process, with "All threads" on top.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_PICKER_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_PICKER_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "canvas.h"
#include "proc_list.h"

namespace ior::dashboard {

struct PickerState {
  pid_t threads_of = 0;  // non-zero: the TID picker, listing this process's threads
  std::vector<ProcInfo> procs;
  int64_t listed_at_ms = -1;  // when procs was read
  std::string query;
  int cursor = 0;  // 0 is "All processes"
  int scroll = 0;
};

enum class PickerAction { kNone, kSelect, kCancel };

struct PickerChoice {
  PickerAction action = PickerAction::kNone;
  pid_t pid = 0;  // 0: all processes (all threads); a tid in the TID picker
  std::string comm;
};

// Draws the picker in rows [top, top + height); re-reads /proc once a second.
void DrawPicker(Canvas& canvas, int top, int height, int64_t now_ms, PickerState& state);
PickerChoice HandlePickerKey(int key, PickerState& state);

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_PICKER_H_
