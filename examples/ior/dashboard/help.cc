// H: the keys of the dashboard.
#include "tabs.h"

namespace ior::dashboard {

void DrawHelp(Canvas& canvas, int top, int height) {
  // At most 20 lines of at most 78 columns: all of it fits an 80x24 terminal.
  static constexpr const char* kLines[] = {
      "Keys (any key closes this help)",
      " 1-7 Tab S-Tab  tabs: Overview Syscalls Files Processes Stream Flame Latency",
      " f / F / c      filter: add a condition / pop the last / clear every one;",
      "                syscall=read comm=cat file=/tmp pid=1 fd=3 ret<0 bytes>0",
      "                latency>=5ms gap<1us family=FS errors (= substring, == exact)",
      " [ ]            scope every tab to the previous / next traced family",
      " s S  Enter     tables: sort by the next column / reverse; row to the filter",
      " j k arrows     move; PgUp PgDn; g / G first / last; d: files by directory",
      " space / n N e  stream: pause; search (n N: older/newer match); CSV export",
      " space h j k l  flame: pause; move the selected frame; Enter / Bksp zoom",
      " / b o I        flame: search; metric; order; auto-reset period",
      " o (O on Flame) probes: families and single syscalls on/off, live (Tab: view)",
      " R              start (asks for the file name) / stop a Parquet recording",
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
