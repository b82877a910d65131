#include "ior/escape.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace ior {
namespace {

TEST(EscapeText, KeepsPrintableText) {
  EXPECT_EQ(EscapeText("openat,read"), "openat,read");
  EXPECT_EQ(EscapeText("h\xc3\xa9llo \xe2\x82\xac"), "h\xc3\xa9llo \xe2\x82\xac");
  EXPECT_EQ(EscapeText(""), "");
}

TEST(EscapeText, EscapesWhatCouldDriveATerminal) {
  EXPECT_EQ(EscapeText("\x1b[31mred"), "\\x1b[31mred");
  EXPECT_EQ(EscapeText("a\nb\tc"), "a\\x0ab\\x09c");
  EXPECT_EQ(EscapeText(std::string_view("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(EscapeText("\x7f"), "\\x7f");
  EXPECT_EQ(EscapeText("\xc2\x9b"), "\\xc2\\x9b");  // C1 CSI
  EXPECT_EQ(EscapeText("\xff/x"), "\\xff/x");       // not UTF-8
  EXPECT_EQ(EscapeText("back\\slash"), "back\\\\slash");
}

TEST(EscapeText, EscapesBidiControls) {
  EXPECT_EQ(EscapeText("a\xe2\x80\xaetxt"), "a\\xe2\\x80\\xaetxt");  // U+202E
  EXPECT_EQ(EscapeText("\xe2\x81\xa7"), "\\xe2\\x81\\xa7");          // U+2067
}

}  // namespace
}  // namespace ior
