// H: the keys of the dashboard.
#include "tabs.h"

namespace ior::dashboard {

void DrawHelp(Canvas& canvas, int top, int height) {
  static constexpr const char* kLines[] = {
      "Keys (any key closes this help)",
      "",
      "  1-7, Tab, Shift-Tab  tabs: 1 Overview 2 Syscalls 3 Files 4 Processes 5 Stream",
      "                       6 Flame 7 Latency+Gaps",
      "  f                    filter prompt, e.g.  syscall=read comm=cat file=/tmp pid=123",
      "                       latency>=5ms gap<1us fd=3 ret<0 bytes>0 family=FS errors",
      "                       (text: = substring, == exact, != excluded; terms AND together)",
      "  F                    clear the filter",
      "  Enter                (tables) add the row under the cursor to the filter",
      "  s / S                (tables) sort by the next column / reverse the order",
      "  j k, arrows, PgUp/Dn (tables, stream) move; g / G first / last",
      "  d                    (files) roll files up into their directories",
      "  space                (stream) pause / resume; arrows scroll the paused rows",
      "  arrows, h j k l      (flame) move the selected frame",
      "  Enter / Backspace    (flame) zoom into the selected frame / zoom out",
      "  /                    (flame) search: frames containing the text are highlighted",
      "  b                    (flame) metric: count, bytes, duration",
      "  o (O on Flame)       probes: switch syscall families on and off, live",
      "  o                    (flame) order: comm/syscall/path, path/syscall/comm, ...",
      "  r                    reset the figures (the filter stays)",
      "  R                    start / stop a Parquet recording of the rows passing the filter",
      "  p                    pick another process to trace",
      "  t                    pick one thread of the traced process",
      "  H or ?               this help",
      "  q, Ctrl-C            quit and restore the terminal",
  };
  int y = top;
  for (const char* line : kLines) {
    if (y >= top + height) break;
    canvas.Put(y, 1, line, y == top ? Style::kHeader : Style::kNormal);
    ++y;
  }
}

}  // namespace ior::dashboard
