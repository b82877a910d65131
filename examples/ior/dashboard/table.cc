#include "table.h"

#include <curses.h>

#include <algorithm>
#include <string>
#include <vector>

#include "escape.h"

namespace ior::dashboard {

std::string DrawTable(Canvas& canvas, int top, int height, const std::vector<Column>& columns,
                      std::vector<TableRow>& rows, TableState& state) {
  const size_t n_cols = columns.size();
  state.sort_column = std::clamp(state.sort_column, 0, static_cast<int>(n_cols) - 1);
  const size_t sc = static_cast<size_t>(state.sort_column);
  const bool numeric = columns[sc].numeric;
  std::stable_sort(rows.begin(), rows.end(), [&](const TableRow& a, const TableRow& b) {
    if (numeric) return a.cells[sc].number > b.cells[sc].number;  // biggest first
    return a.cells[sc].text < b.cells[sc].text;
  });
  if (state.reverse) std::reverse(rows.begin(), rows.end());

  // Columns that fit this width.
  std::vector<size_t> shown;
  for (size_t c = 0; c < n_cols; ++c) {
    if (canvas.cols() >= columns[c].min_cols) shown.push_back(c);
  }
  auto draw_row = [&](int y, const std::vector<std::string>& texts, Style style, bool header) {
    int x = 0;
    canvas.Fill(y, 0, canvas.cols(), style == Style::kSelected ? style : Style::kNormal);
    for (size_t k = 0; k < shown.size(); ++k) {
      const Column& col = columns[shown[k]];
      int w = col.width == 0 ? canvas.cols() - x : col.width;
      if (w <= 0) break;
      std::string text = texts[shown[k]];
      if (header && shown[k] == sc) text += state.reverse ? "^" : "v";
      std::string fitted = col.cut_left ? FitWidthTail(text, w - 1) : FitWidth(text, w - 1);
      const int pad = w - 1 - DisplayWidth(fitted);
      if (col.numeric) fitted.insert(0, static_cast<size_t>(std::max(pad, 0)), ' ');
      canvas.Put(y, x, fitted, style);
      x += w;
    }
  };
  std::vector<std::string> titles;
  titles.reserve(columns.size());
  for (const Column& c : columns) titles.push_back(c.title);
  draw_row(top, titles, Style::kHeader, true);

  const int body = height - 1;
  const int n = static_cast<int>(rows.size());
  state.cursor = std::clamp(state.cursor, 0, std::max(n - 1, 0));
  if (state.cursor < state.scroll) state.scroll = state.cursor;
  if (body > 0 && state.cursor >= state.scroll + body) state.scroll = state.cursor - body + 1;
  state.scroll = std::clamp(state.scroll, 0, std::max(n - std::max(body, 1), 0));
  for (int i = 0; i < body && state.scroll + i < n; ++i) {
    const TableRow& row = rows[static_cast<size_t>(state.scroll) + static_cast<size_t>(i)];
    std::vector<std::string> texts;
    texts.reserve(row.cells.size());
    for (const Cell& c : row.cells) texts.push_back(c.text);
    draw_row(top + 1 + i, texts,
             state.scroll + i == state.cursor ? Style::kSelected : Style::kNormal, false);
  }
  if (n == 0) canvas.Put(top + 1, 1, "(no rows yet)", Style::kDim);
  return n > 0 ? rows[static_cast<size_t>(state.cursor)].filter_term : std::string();
}

bool HandleTableKey(int key, int columns, TableState& state) {
  switch (key) {
    case 'j':
    case KEY_DOWN:
      ++state.cursor;
      return true;
    case 'k':
    case KEY_UP:
      state.cursor = std::max(state.cursor - 1, 0);
      return true;
    case KEY_NPAGE:
      state.cursor += 20;
      return true;
    case KEY_PPAGE:
      state.cursor = std::max(state.cursor - 20, 0);
      return true;
    case 'g':
    case KEY_HOME:
      state.cursor = 0;
      return true;
    case 'G':
    case KEY_END:
      state.cursor = 1 << 30;  // clamped when drawn
      return true;
    case 's':
      state.sort_column = (state.sort_column + 1) % columns;
      state.reverse = false;
      return true;
    case 'S':
      state.reverse = !state.reverse;
      return true;
    default:
      return false;
  }
}

}  // namespace ior::dashboard
