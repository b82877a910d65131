// The sortable tables of the Syscalls, Files and Processes tabs: columns with titles, rows of
// cells that carry both their text and the number they sort by, a cursor row, and the filter
// term Enter adds for the row under the cursor.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_TABLE_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_TABLE_H_

#include <string>
#include <vector>

#include "canvas.h"

namespace ior::dashboard {

struct Column {
  std::string title;
  int width;              // 0: takes the rest of the line (only the last column)
  bool numeric;           // right-aligned, sorted by Cell::number (descending first)
  int min_cols = 0;       // shown only when the screen is at least this wide
  bool cut_left = false;  // a cut keeps the end (paths)
};

struct Cell {
  std::string text;  // escaped
  double number = 0;
};

struct TableRow {
  std::vector<Cell> cells;
  std::string filter_term;  // what Enter adds to the filter, e.g. "syscall==read"
};

struct TableState {
  int sort_column = 1;
  bool reverse = false;
  int cursor = 0;
  int scroll = 0;
};

// Sorts `rows` by the state's column, then draws the titles and the rows that fit in
// [top, top + height). Returns the filter term of the cursor row ("" if none).
std::string DrawTable(Canvas& canvas, int top, int height, const std::vector<Column>& columns,
                      std::vector<TableRow>& rows, TableState& state);

// Cursor and sorting keys (j/k, arrows, g/G, PgUp/PgDn, s/S). True if the key was used.
bool HandleTableKey(int key, int columns, TableState& state);

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_TABLE_H_
