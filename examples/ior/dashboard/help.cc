// H: the keys of the dashboard.
#include "tabs.h"

namespace ior::dashboard {

void DrawHelp(Canvas& canvas, int top, int height) {
  // At most 20 lines of at most 78 columns: all of it fits an 80x24 terminal.
  static constexpr const char* kLines[] = {
      "Keys (any key closes this help)",
      " 1-7 Tab S-Tab  tabs: Overview Syscalls Files Processes Stream Flame Latency",
      " f / F          filter prompt / clear: syscall=read comm=cat file=/tmp pid=1",
      "                latency>=5ms gap<1us fd=3 ret<0 bytes>0 family=FS errors",
      "                (text: = substring, == exact, != not; terms AND together)",
      " s / S          tables: sort by the next column / reverse the order",
      " Enter          tables: add the row under the cursor to the filter",
      " j k arrows     tables, stream: move; PgUp PgDn; g / G first / last",
      " d              files: roll files up into their directories",
      " space          stream: pause / resume (arrows scroll the paused rows)",
      " arrows h j k l flame: move the selected frame; Enter / Bksp zoom in / out",
      " / b o          flame: search; metric count/bytes/duration; order",
      " o (O on Flame) probes: switch syscall families on and off, live",
      " R              start / stop a Parquet recording of the filtered rows",
      " r              reset the figures (the filter stays)",
      " p / t          pick another process / one thread of the traced process",
      " H ?            this help",
      " q Ctrl-C       quit and restore the terminal",
  };
  int y = top;
  for (const char* line : kLines) {
    if (y >= top + height) break;
    canvas.Put(y, 1, line, y == top ? Style::kHeader : Style::kNormal);
    ++y;
  }
}

}  // namespace ior::dashboard
