#include "canvas.h"

#include <curses.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "escape.h"

namespace ior::dashboard {
namespace {

std::array<attr_t, static_cast<size_t>(Style::kCount)> g_attrs{};

}  // namespace

void InitStyles(bool colors, bool colors256) {
  auto set = [](Style s, attr_t a) { g_attrs[static_cast<size_t>(s)] = a; };
  set(Style::kNormal, A_NORMAL);
  set(Style::kTitle, A_REVERSE | A_BOLD);
  set(Style::kTab, A_NORMAL);
  set(Style::kTabActive, A_REVERSE | A_BOLD);
  set(Style::kHeader, A_BOLD | A_UNDERLINE);
  set(Style::kSelected, A_REVERSE);
  set(Style::kDim, A_DIM);
  set(Style::kError, A_BOLD);
  set(Style::kMatch, A_BOLD | A_UNDERLINE);
  set(Style::kBar, A_REVERSE);
  set(Style::kFlame0, A_REVERSE);
  set(Style::kFlame1, A_REVERSE | A_DIM);
  set(Style::kFlame2, A_REVERSE);
  set(Style::kFooter, A_REVERSE);
  if (!colors) return;
  // Pairs: 1 title, 2 active tab, 3 error, 4 match, 5 bar, 6-8 flame, 9 dim.
  const short fg_black = COLOR_BLACK;
  init_pair(1, COLOR_WHITE, COLOR_BLUE);
  init_pair(2, fg_black, COLOR_CYAN);
  init_pair(3, COLOR_RED, -1);
  init_pair(4, fg_black, COLOR_GREEN);
  init_pair(5, COLOR_CYAN, -1);
  if (colors256) {
    init_pair(6, fg_black, 208);  // oranges and a yellow, as flamegraphs are
    init_pair(7, fg_black, 214);
    init_pair(8, fg_black, 220);
    init_pair(9, 244, -1);
  } else {
    init_pair(6, fg_black, COLOR_RED);
    init_pair(7, fg_black, COLOR_YELLOW);
    init_pair(8, fg_black, COLOR_MAGENTA);
    init_pair(9, COLOR_WHITE, -1);
  }
  set(Style::kTitle, COLOR_PAIR(1) | A_BOLD);
  set(Style::kTabActive, COLOR_PAIR(2) | A_BOLD);
  set(Style::kError, COLOR_PAIR(3) | A_BOLD);
  set(Style::kMatch, COLOR_PAIR(4) | A_BOLD);
  set(Style::kBar, COLOR_PAIR(5) | A_REVERSE);
  set(Style::kFlame0, COLOR_PAIR(6));
  set(Style::kFlame1, COLOR_PAIR(7));
  set(Style::kFlame2, COLOR_PAIR(8));
  set(Style::kDim, colors256 ? COLOR_PAIR(9) : A_DIM);
  set(Style::kFooter, COLOR_PAIR(1));
}

Canvas::Canvas() { getmaxyx(stdscr, rows_, cols_); }

void Canvas::Clear() { erase(); }

int Canvas::Put(int y, int x, std::string_view text, Style style) {
  if (y < 0 || y >= rows_ || x >= cols_ || x < 0) return x;
  std::string safe(text);
  for (char& c : safe) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = '?';
  }
  const int room = cols_ - x;
  std::string fitted = FitWidth(safe, room);
  attrset(g_attrs[static_cast<size_t>(style)]);
  mvaddnstr(y, x, fitted.c_str(), static_cast<int>(fitted.size()));
  attrset(A_NORMAL);
  return x + std::min(room, DisplayWidth(fitted));
}

void Canvas::Fill(int y, int x, int width, Style style) {
  if (width <= 0) return;
  Put(y, x, std::string(static_cast<size_t>(width), ' '), style);
}

}  // namespace ior::dashboard
