// The dashboard's text helpers (examples/ior/dashboard/): the global filter's parser and
// matching, the escaping of hostile text before it reaches the terminal, and the Overview's
// degraded figure.
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "escape.h"
#include "filter.h"
#include "filter_stack.h"
#include "format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ior::dashboard {
namespace {

using ::testing::HasSubstr;

std::string ParseError(std::string_view line) {
  absl::StatusOr<Filter> f = Filter::Parse(line);
  if (f.ok()) return "OK";
  EXPECT_EQ(f.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(f.status().message());
}

bool Matches(std::string_view line, const FilterInput& row) {
  absl::StatusOr<Filter> f = Filter::Parse(line);
  EXPECT_TRUE(f.ok()) << line << ": " << f.status();
  return f.ok() && f->Matches(row);
}

FilterInput CatRead() {
  FilterInput row;
  row.syscall = "read";
  row.comm = "cat";
  row.file = "/tmp/Data.txt";
  row.family = "FS";
  row.pid = 123;
  row.tid = 124;
  row.fd = 3;
  row.ret = 4096;
  row.bytes = 4096;
  row.latency_ns = 5'000'000;  // 5 ms
  row.gap_ns = 800;
  return row;
}

TEST(DashboardFilterStack, ScopeAndConditionsAndTogether) {
  const FilterInput row = CatRead();  // family FS
  FilterStack stack;
  EXPECT_EQ(stack.Describe(), "all");
  EXPECT_TRUE(stack.Combined().Matches(row));
  ASSERT_TRUE(stack.Push("comm=cat").ok());
  ASSERT_TRUE(stack.Push("  ").ok());  // blank: nothing pushed
  ASSERT_TRUE(stack.Push("latency>=1ms").ok());
  EXPECT_EQ(stack.conditions().size(), 2u);
  EXPECT_TRUE(stack.Combined().Matches(row));
  ASSERT_TRUE(stack.Push("syscall=write").ok());
  EXPECT_EQ(stack.Describe(), "comm=cat & latency>=1ms & syscall=write");
  EXPECT_FALSE(stack.Combined().Matches(row));
  // A bad condition is refused and leaves the stack as it was.
  EXPECT_FALSE(stack.Push("bogus=1").ok());
  EXPECT_EQ(stack.conditions().size(), 3u);
  EXPECT_TRUE(stack.Pop());
  EXPECT_TRUE(stack.Combined().Matches(row));

  // The scope steps through "" and the families, both ways, wrapping.
  const std::vector<std::string> families = {"Time", "FS"};
  stack.StepScope(families, 1);
  EXPECT_EQ(stack.scope(), "Time");
  EXPECT_FALSE(stack.Combined().Matches(row));
  stack.StepScope(families, 1);
  EXPECT_EQ(stack.scope(), "FS");
  EXPECT_TRUE(stack.Combined().Matches(row));
  EXPECT_EQ(stack.Describe(), "[FS] comm=cat & latency>=1ms");
  stack.StepScope(families, 1);
  EXPECT_EQ(stack.scope(), "");
  stack.StepScope(families, -1);
  EXPECT_EQ(stack.scope(), "FS");
  stack.StepScope({"Time"}, 1);  // FS no longer traced: steps from ""
  EXPECT_EQ(stack.scope(), "Time");

  EXPECT_TRUE(stack.Pop());
  EXPECT_TRUE(stack.Pop());
  EXPECT_FALSE(stack.Pop());
  EXPECT_EQ(stack.Describe(), "[Time]");
  stack.Clear();
  EXPECT_TRUE(stack.empty());
  EXPECT_TRUE(stack.Combined().empty());
}

TEST(DashboardFilter, EmptyPassesEverything) {
  absl::StatusOr<Filter> f = Filter::Parse("   ");
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->empty());
  EXPECT_EQ(f->text(), "");
  EXPECT_TRUE(f->Matches(CatRead()));
}

TEST(DashboardFilter, TextFieldsAreCaseInsensitiveSubstrings) {
  const FilterInput row = CatRead();
  EXPECT_TRUE(Matches("syscall=read", row));
  EXPECT_TRUE(Matches("syscall=ea", row));
  EXPECT_TRUE(Matches("comm~CA", row));
  EXPECT_TRUE(Matches("file=/tmp", row));
  EXPECT_TRUE(Matches("file=data.TXT", row));
  EXPECT_TRUE(Matches("path=/tmp", row));  // alias
  EXPECT_TRUE(Matches("family=fs", row));
  EXPECT_FALSE(Matches("syscall=write", row));
  EXPECT_FALSE(Matches("comm=dog", row));
}

TEST(DashboardFilter, ExactAndNegatedText) {
  const FilterInput row = CatRead();
  EXPECT_TRUE(Matches("syscall==read", row));
  EXPECT_FALSE(Matches("syscall==rea", row));
  EXPECT_FALSE(Matches("file==/tmp/data.txt", row));  // exact is case-sensitive
  EXPECT_TRUE(Matches("file==/tmp/Data.txt", row));
  EXPECT_FALSE(Matches("comm!=cat", row));
  EXPECT_TRUE(Matches("comm!~dog", row));
}

TEST(DashboardFilter, NumbersAndDurations) {
  const FilterInput row = CatRead();
  EXPECT_TRUE(Matches("pid=123", row));
  EXPECT_FALSE(Matches("pid=12", row));
  EXPECT_TRUE(Matches("pid!=12", row));
  EXPECT_TRUE(Matches("tid==124", row));
  EXPECT_TRUE(Matches("fd=3", row));
  EXPECT_TRUE(Matches("ret>0", row));
  EXPECT_FALSE(Matches("ret<0", row));
  EXPECT_TRUE(Matches("bytes>=4096", row));
  EXPECT_FALSE(Matches("bytes>4096", row));
  EXPECT_TRUE(Matches("latency>=5ms", row));
  EXPECT_FALSE(Matches("latency>5ms", row));
  EXPECT_TRUE(Matches("latency<5.1ms", row));
  EXPECT_TRUE(Matches("lat>=4999us", row));
  EXPECT_TRUE(Matches("gap<1us", row));
  EXPECT_TRUE(Matches("gap=800", row));  // a bare number is ns
  EXPECT_FALSE(Matches("gap>1s", row));
}

TEST(DashboardFilter, ErrorsOnly) {
  FilterInput row = CatRead();
  EXPECT_FALSE(Matches("errors", row));
  row.ret = -2;
  row.error = true;
  EXPECT_TRUE(Matches("errors", row));
  EXPECT_TRUE(Matches("ERRORS syscall=read", row));
}

TEST(DashboardFilter, TermsAndTogether) {
  const FilterInput row = CatRead();
  EXPECT_TRUE(Matches("syscall=read comm=cat pid=123 latency>=1ms", row));
  EXPECT_FALSE(Matches("syscall=read comm=cat pid=124", row));
  absl::StatusOr<Filter> f = Filter::Parse("  syscall=read   comm=cat ");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->terms().size(), 2u);
  EXPECT_EQ(f->text(), "syscall=read   comm=cat");
}

TEST(DashboardFilter, QuotedValues) {
  FilterInput row = CatRead();
  row.file = "/tmp/a b\"c\\d";
  EXPECT_TRUE(Matches(R"(file=="/tmp/a b\"c\\d")", row));
  EXPECT_TRUE(Matches(R"(file="a b")", row));
  EXPECT_FALSE(Matches(R"(file="a  b")", row));
  EXPECT_EQ(ParseError(R"(file="open)"), "unterminated quote");
}

TEST(DashboardFilter, Errors) {
  EXPECT_THAT(ParseError("sycall=read"), HasSubstr("unknown field 'sycall'"));
  EXPECT_THAT(ParseError("sycall=read"), HasSubstr("fields: syscall comm file"));
  EXPECT_THAT(ParseError("syscall"), HasSubstr("expected an operator"));
  EXPECT_THAT(ParseError("syscall>read"), HasSubstr("text fields take"));
  EXPECT_THAT(ParseError("syscall="), HasSubstr("empty value"));
  EXPECT_THAT(ParseError("pid=abc"), HasSubstr("not a number in 'pid=abc'"));
  EXPECT_THAT(ParseError("latency>=5parsecs"), HasSubstr("unknown duration unit"));
  EXPECT_THAT(ParseError("latency>=ms"), HasSubstr("not a duration"));
  EXPECT_THAT(ParseError("errors=1"), HasSubstr("'errors' takes no value"));
}

TEST(DashboardFilter, Durations) {
  EXPECT_EQ(*ParseDuration("5ms"), 5'000'000u);
  EXPECT_EQ(*ParseDuration("10us"), 10'000u);
  EXPECT_EQ(*ParseDuration("10\xC2\xB5s"), 10'000u);
  EXPECT_EQ(*ParseDuration("1.5s"), 1'500'000'000u);
  EXPECT_EQ(*ParseDuration("2m"), 120'000'000'000u);
  EXPECT_EQ(*ParseDuration("42"), 42u);
  EXPECT_FALSE(ParseDuration("").ok());
  EXPECT_FALSE(ParseDuration("1e99s").ok());
}

TEST(DashboardFilter, ErrorReturns) {
  EXPECT_TRUE(IsErrorReturn(-1));
  EXPECT_TRUE(IsErrorReturn(-4095));
  EXPECT_FALSE(IsErrorReturn(-4096));
  EXPECT_FALSE(IsErrorReturn(0));
  EXPECT_FALSE(IsErrorReturn(-512));  // kernel restart codes never reach the caller
  EXPECT_FALSE(IsErrorReturn(-516));
}

TEST(DashboardEscape, PlainTextUnchanged) {
  EXPECT_EQ(EscapeText("/tmp/data.txt", true), "/tmp/data.txt");
  EXPECT_EQ(EscapeText("caf\xC3\xA9 \xE6\x97\xA5", true), "caf\xC3\xA9 \xE6\x97\xA5");
  EXPECT_EQ(EscapeText("", true), "");
}

TEST(DashboardEscape, ControlBytesAndEscapeSequences) {
  EXPECT_EQ(EscapeText("a\033[2Jb", true), "a\\x1b[2Jb");
  EXPECT_EQ(EscapeText("\033]0;pwned\007", true), "\\x1b]0;pwned\\x07");
  EXPECT_EQ(EscapeText("line\nnext\r\t", true), "line\\x0anext\\x0d\\x09");
  EXPECT_EQ(EscapeText(std::string_view("a\0b", 3), true), "a\\x00b");
  EXPECT_EQ(EscapeText("\x7f", true), "\\x7f");
  // The backslash itself, so that an escape in the output always means an escaped byte.
  EXPECT_EQ(EscapeText("a\\x1b", true), "a\\\\x1b");
}

TEST(DashboardEscape, C1AndBidiAndInvisibleControls) {
  EXPECT_EQ(EscapeText("\xC2\x9B"
                       "2J",
                       true),
            "\\u{009B}2J");  // C1 CSI
  EXPECT_EQ(EscapeText("abc\xE2\x80\xAE"
                       "txt.exe",
                       true),
            "abc\\u{202E}txt.exe");                                                 // RLO
  EXPECT_EQ(EscapeText("\xE2\x81\xA6x\xE2\x81\xA9", true), "\\u{2066}x\\u{2069}");  // isolates
  EXPECT_EQ(EscapeText("a\xE2\x80\x8B"
                       "b",
                       true),
            "a\\u{200B}b");  // zero-width space
  EXPECT_EQ(EscapeText("\xEF\xBB\xBF", true), "\\u{FEFF}");
  EXPECT_EQ(EscapeText("a\xE2\x80\xA8"
                       "b",
                       true),
            "a\\u{2028}b");  // line separator
}

TEST(DashboardEscape, InvalidUtf8) {
  EXPECT_EQ(EscapeText("a\xFF"
                       "b",
                       true),
            "a\\xffb");
  EXPECT_EQ(EscapeText("\xC3", true), "\\xc3");                             // cut short
  EXPECT_EQ(EscapeText("\xC0\xAF", true), "\\xc0\\xaf");                    // overlong '/'
  EXPECT_EQ(EscapeText("\xED\xA0\x80", true), "\\xed\\xa0\\x80");           // surrogate
  EXPECT_EQ(EscapeText("\xF4\x90\x80\x80", true), "\\xf4\\x90\\x80\\x80");  // > U+10FFFF
  EXPECT_EQ(EscapeText("\x80", true), "\\x80");  // lone continuation (C1 byte)
}

TEST(DashboardEscape, NonUtf8TerminalGetsAscii) {
  EXPECT_EQ(EscapeText("caf\xC3\xA9", false), "caf\\u{00E9}");
  EXPECT_EQ(EscapeText("\xF0\x9F\x98\x80", false), "\\u{1F600}");
}

TEST(DashboardEscape, NothingRawSurvives) {
  // Every byte value, alone and after a lead byte: the result has no control byte.
  for (int a = 0; a < 256; ++a) {
    for (int b : {0x00, 0x1b, 0x80, 0x9b, 0xbf, 0xff}) {
      const char raw[2] = {static_cast<char>(a), static_cast<char>(b)};
      const std::string out = EscapeText(std::string_view(raw, 2), true);
      for (size_t i = 0; i < out.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(out[i]);
        ASSERT_FALSE(c < 0x20 || c == 0x7f) << a << "," << b;
        // A C1 control as UTF-8 (C2 80..C2 9F) never survives either.
        if (c == 0xC2 && i + 1 < out.size()) {
          const unsigned char n = static_cast<unsigned char>(out[i + 1]);
          ASSERT_FALSE(n >= 0x80 && n <= 0x9F) << a << "," << b;
        }
      }
    }
  }
}

TEST(DashboardEscape, Widths) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("\xE6\x97\xA5\xE6\x9C\xAC"), 4);  // two wide characters
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1);                 // e + combining acute
  EXPECT_EQ(FitWidth("abcdef", 4), "abc~");
  EXPECT_EQ(FitWidth("abcd", 4), "abcd");
  EXPECT_EQ(FitWidth("ab", 4, true), "ab  ");
  EXPECT_EQ(FitWidth("\xE6\x97\xA5\xE6\x9C\xAC\xE6\x97\xA5", 4), "\xE6\x97\xA5 ~");
  EXPECT_EQ(FitWidth("abc", 0), "");
  EXPECT_EQ(FitWidthTail("/usr/lib/libc.so", 8), "~libc.so");
  EXPECT_EQ(FitWidthTail("/a", 8), "/a");
}

TEST(DashboardFormat, DegradedCountAndTheThinnestRate) {
  SessionStats stats;
  EXPECT_EQ(FormatDegraded(stats), "");  // nothing degraded: no line, no title part
  stats.sampled_out = 20000;
  stats.syscalls.resize(3);
  stats.syscalls[0].degraded = 12000;
  stats.syscalls[0].degraded_one_in = 8;
  stats.syscalls[1].degraded = 345;
  stats.syscalls[1].degraded_one_in = 64;  // the thinnest, whatever its count
  stats.syscalls[2].count = 99;            // not degraded
  EXPECT_EQ(FormatDegraded(stats), "");    // only the session's total says whether
  stats.degraded = 12345;
  EXPECT_EQ(FormatDegraded(stats), "degraded 12,345 (1 in 64)");
  stats.syscalls[2].degraded_one_in = 65536;
  EXPECT_EQ(FormatDegraded(stats), "degraded 12,345 (1 in 65,536)");
  // A snapshot with the total but no per-syscall rate yet: the count alone.
  stats.syscalls.clear();
  EXPECT_EQ(FormatDegraded(stats), "degraded 12,345");
}

}  // namespace
}  // namespace ior::dashboard
