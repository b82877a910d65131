// Text from traced processes (file names, task names, command lines) on the dashboard: it may
// hold escape sequences, control bytes, bidirectional overrides or invalid UTF-8, none of which
// may reach the terminal raw (a file name could otherwise clear the screen, retitle the window
// or reorder what is shown).
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_ESCAPE_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_ESCAPE_H_

#include <string>
#include <string_view>

namespace ior::dashboard {

// Returns `text` with everything that is not safe printable text written as an escape:
//   a backslash                          \\   (so that the escapes below are unambiguous)
//   C0 controls, DEL, invalid UTF-8      \xHH per byte (ESC is \x1b)
//   C1 controls, bidi and other format
//   controls, line/paragraph separators  \u{HHHH}
// Valid printable UTF-8 is kept when `utf8` is true (the terminal's locale is UTF-8); otherwise
// every non-ASCII character becomes \u{HHHH}, so the result is printable ASCII.
std::string EscapeText(std::string_view text, bool utf8);
// With `utf8` as set by SetTerminalUtf8 (default true).
std::string EscapeText(std::string_view text);
void SetTerminalUtf8(bool utf8);

// Columns `escaped` (a result of EscapeText) takes on a terminal: one per character, two for
// East Asian wide ones, none for combining marks.
int DisplayWidth(std::string_view escaped);

// `escaped` cut to at most `width` columns (ending with '~' when cut), then padded with spaces
// to exactly `width` if `pad`.
std::string FitWidth(std::string_view escaped, int width, bool pad = false);

// Like FitWidth, but a cut keeps the end ('~' first): for paths, whose last part tells most.
std::string FitWidthTail(std::string_view escaped, int width);

// EscapeText, then FitWidth.
inline std::string SafeText(std::string_view text, int width, bool pad = false) {
  return FitWidth(EscapeText(text), width, pad);
}

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_ESCAPE_H_
