// Drawing on the dashboard's screen: text at a position in a style, cut to the screen. Text
// must come from EscapeText (or be the dashboard's own); as a last line of defence, Put()
// replaces any control byte that still gets here with '?', so nothing raw reaches the
// terminal whatever a caller forgot.
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_CANVAS_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_CANVAS_H_

#include <string_view>

namespace ior::dashboard {

enum class Style {
  kNormal,
  kTitle,      // the top line
  kTab,        // an inactive tab name
  kTabActive,  // the current tab
  kHeader,     // table column titles
  kSelected,   // the cursor row or frame
  kDim,        // secondary text, search non-matches
  kError,
  kMatch,   // search matches
  kBar,     // histogram bars
  kFlame0,  // flamegraph frames, alternating
  kFlame1,
  kFlame2,
  kFooter,
  kCount,
};

// Sets up the colour pairs (after curses' start_color), or attribute-only styles.
void InitStyles(bool colors, bool colors256);

class Canvas {
 public:
  Canvas();  // the current screen size
  int rows() const { return rows_; }
  int cols() const { return cols_; }

  void Clear();
  // `text` at (y, x), cut at the right edge; returns the column after it.
  int Put(int y, int x, std::string_view text, Style style = Style::kNormal);
  // `width` blanks in `style` from (y, x).
  void Fill(int y, int x, int width, Style style);

 private:
  int rows_;
  int cols_;
};

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_CANVAS_H_
