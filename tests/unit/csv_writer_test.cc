#include <gtest/gtest.h>
#include <sys/syscall.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "ior/csv.h"
#include "ior/event.h"

namespace ior {
namespace {

Event MakeEvent(uint32_t nr, int64_t ret, std::string_view comm = "cat") {
  Event e{};
  e.gap_ns = 1234;
  e.latency_ns = 567;
  e.ret = ret;
  e.pid = 42;
  e.tid = 43;
  e.nr = nr;
  std::memcpy(e.comm, comm.data(), std::min(comm.size(), kCommLength));
  return e;
}

// The CSV of one event with the given file column (default placeholder).
std::string Row(const Event& e, std::string_view file = kCsvNoFile, bool escape = true) {
  std::string out;
  CsvWriter::Options options;
  options.escape = escape;
  {
    CsvWriter csv(&out, options);
    csv.Write(e, file);
  }
  return out;
}

// The file column as written for `file`.
std::string FileField(std::string_view file, bool escape = true) {
  std::string row = Row(MakeEvent(SYS_openat, 3), file, escape);
  const std::string prefix = "00001234,00000567,cat,42.43,openat,3,";
  EXPECT_EQ(row.substr(0, prefix.size()), prefix);
  EXPECT_EQ(row.back(), '\n');
  return row.substr(prefix.size(), row.size() - prefix.size() - 1);
}

TEST(CsvWriter, Header) {
  std::string out;
  {
    CsvWriter csv(&out);
    csv.WriteHeader();
    EXPECT_EQ(csv.rows(), 0u);
  }
  EXPECT_EQ(out, "durationToPrevNs,durationNs,comm,pid.tid,name,ret,file\n");
}

TEST(CsvWriter, BasicRow) {
  EXPECT_EQ(Row(MakeEvent(SYS_openat, 3)), "00001234,00000567,cat,42.43,openat,3,N:file\n");
  EXPECT_EQ(Row(MakeEvent(SYS_openat, -2)), "00001234,00000567,cat,42.43,openat,-2,N:file\n");
}

TEST(CsvWriter, DurationsArePaddedNotTruncated) {
  Event e = MakeEvent(SYS_read, 0);
  e.gap_ns = 0;
  e.latency_ns = 123456789012ULL;
  EXPECT_EQ(Row(e), "00000000,123456789012,cat,42.43,read,0,N:file\n");
  e.gap_ns = UINT64_MAX;
  e.latency_ns = 12345678;
  EXPECT_EQ(Row(e), "18446744073709551615,12345678,cat,42.43,read,0,N:file\n");
}

TEST(CsvWriter, NoReturnHasEmptyRet) {
  Event e = MakeEvent(SYS_exit_group, 0);
  e.flags = kEventNoReturn;
  e.latency_ns = 0;
  EXPECT_EQ(Row(e), "00001234,00000000,cat,42.43,exit_group,,N:file\n");
}

TEST(CsvWriter, UnknownSyscallHasNumberedName) {
  EXPECT_EQ(Row(MakeEvent(999, 0)), "00001234,00000567,cat,42.43,syscall_999,0,N:file\n");
}

TEST(CsvWriter, ExtremeValues) {
  Event e = MakeEvent(SYS_lseek, INT64_MIN);
  e.pid = UINT32_MAX;
  e.tid = 0;
  EXPECT_EQ(Row(e), "00001234,00000567,cat,4294967295.0,lseek,-9223372036854775808,N:file\n");
}

TEST(CsvWriter, FileColumn) {
  EXPECT_EQ(FileField("/etc/passwd"), "/etc/passwd");
  EXPECT_EQ(FileField(""), "");
}

TEST(CsvWriter, QuotesCommaAndDoubleQuote) {
  EXPECT_EQ(FileField("/tmp/a,b"), "\"/tmp/a,b\"");
  EXPECT_EQ(FileField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(FileField("\""), "\"\"\"\"");
}

TEST(CsvWriter, EscapesControlBytes) {
  EXPECT_EQ(FileField("a\nb"), "a\\x0ab");
  EXPECT_EQ(FileField("a\rb"), "a\\x0db");
  EXPECT_EQ(FileField("\x1b[31mred"), "\\x1b[31mred");
  EXPECT_EQ(FileField(std::string_view("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(FileField("del\x7f"), "del\\x7f");
  EXPECT_EQ(FileField("back\\slash"), "back\\\\slash");
  EXPECT_EQ(FileField("a,\n\"b"), "\"a,\\x0a\"\"b\"");
}

TEST(CsvWriter, KeepsPrintableUtf8AndEscapesTheRest) {
  EXPECT_EQ(FileField("/tmp/h\xc3\xa9llo/\xe2\x82\xac/\xf0\x9f\x98\x80"),
            "/tmp/h\xc3\xa9llo/\xe2\x82\xac/\xf0\x9f\x98\x80");
  EXPECT_EQ(FileField("\xff"), "\\xff");
  EXPECT_EQ(FileField("\xc2\x9b"
                      "31m"),
            "\\xc2\\x9b31m");                                        // C1 CSI
  EXPECT_EQ(FileField("\xc0\xaf"), "\\xc0\\xaf");                    // overlong '/'
  EXPECT_EQ(FileField("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // surrogate
  EXPECT_EQ(FileField("\xe2\x82"), "\\xe2\\x82");                    // truncated
  EXPECT_EQ(FileField("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // beyond U+10FFFF
}

// Bidirectional controls reorder what a terminal or editor shows ("Trojan Source"): a file
// named "a<U+202E>txt.exe" would read as "aexe.txt". Each of their bytes is escaped.
TEST(CsvWriter, EscapesBidiControls) {
  EXPECT_EQ(FileField("a\xe2\x80\xaetxt.exe"), "a\\xe2\\x80\\xaetxt.exe");  // U+202E RLO
  EXPECT_EQ(FileField("\xe2\x80\xaa"), "\\xe2\\x80\\xaa");                  // U+202A LRE
  EXPECT_EQ(FileField("\xe2\x81\xa6x\xe2\x81\xa9"),
            "\\xe2\\x81\\xa6x\\xe2\\x81\\xa9");             // U+2066 LRI .. U+2069 PDI
  EXPECT_EQ(FileField("\xe2\x80\x8f"), "\\xe2\\x80\\x8f");  // U+200F RLM
  EXPECT_EQ(FileField("\xd8\x9c"), "\\xd8\\x9c");           // U+061C ALM
  // Neighbours are ordinary text.
  EXPECT_EQ(FileField("\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa"),
            "\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
}

TEST(CsvWriter, RawModeOnlyQuotes) {
  EXPECT_EQ(FileField("a\nb", /*escape=*/false), "\"a\nb\"");
  EXPECT_EQ(FileField("a\rb", /*escape=*/false), "\"a\rb\"");
  EXPECT_EQ(FileField("\x1b\xff\\", /*escape=*/false), "\x1b\xff\\");
  EXPECT_EQ(FileField("x\"y", /*escape=*/false), "\"x\"\"y\"");
}

TEST(CsvWriter, EscapesAndQuotesComm) {
  EXPECT_EQ(Row(MakeEvent(SYS_read, 1, "a,b")), "00001234,00000567,\"a,b\",42.43,read,1,N:file\n");
  EXPECT_EQ(Row(MakeEvent(SYS_read, 1, "\x1b]0;x\x07")),
            "00001234,00000567,\\x1b]0;x\\x07,42.43,read,1,N:file\n");
  // A comm that fills all 16 bytes without a NUL is cut at 16.
  EXPECT_EQ(Row(MakeEvent(SYS_read, 1, "0123456789abcdefXYZ")),
            "00001234,00000567,0123456789abcdef,42.43,read,1,N:file\n");
}

TEST(CsvWriter, LongRowsAcrossSmallBuffer) {
  CsvWriter::Options options;
  options.buffer_bytes = 1;  // raised to the minimum, 4096
  std::string path(10000, 'a');
  for (size_t i = 0; i < path.size(); i += 7) path[i] = '\n';
  std::string expected_file;
  for (char c : path) expected_file += c == '\n' ? std::string("\\x0a") : std::string(1, c);

  std::string out;
  std::string expected;
  {
    CsvWriter csv(&out, options);
    for (int i = 0; i < 50; ++i) {
      csv.Write(MakeEvent(SYS_openat, i), path);
      expected +=
          "00001234,00000567,cat,42.43,openat," + std::to_string(i) + "," + expected_file + "\n";
    }
    EXPECT_EQ(csv.rows(), 50u);
    EXPECT_TRUE(csv.Flush().ok());
  }
  EXPECT_EQ(out, expected);
}

TEST(CsvWriter, WritesBatches) {
  std::vector<Event> events = {MakeEvent(SYS_read, 1), MakeEvent(SYS_write, 2)};
  EventBatch batch(std::move(events));
  std::string out;
  CsvWriter csv(&out);
  csv.Write(batch);
  EXPECT_EQ(out, "");  // buffered until a flush
  EXPECT_TRUE(csv.Flush().ok());
  EXPECT_EQ(out,
            "00001234,00000567,cat,42.43,read,1,N:file\n"
            "00001234,00000567,cat,42.43,write,2,N:file\n");
  EXPECT_EQ(csv.rows(), 2u);
}

TEST(CsvWriter, WritesToFile) {
  char* data = nullptr;
  size_t size = 0;
  std::FILE* f = open_memstream(&data, &size);
  ASSERT_NE(f, nullptr);
  {
    CsvWriter csv(f);
    csv.WriteHeader();
    csv.Write(MakeEvent(SYS_close, 0));
    EXPECT_TRUE(csv.Flush().ok());
    EXPECT_EQ(std::string(data, size),
              "durationToPrevNs,durationNs,comm,pid.tid,name,ret,file\n"
              "00001234,00000567,cat,42.43,close,0,N:file\n");
  }
  std::fclose(f);
  std::free(data);
}

TEST(CsvWriter, ReportsWriteErrors) {
  std::FILE* f = std::fopen("/dev/full", "w");
  if (f == nullptr) GTEST_SKIP() << "no /dev/full";
  {
    CsvWriter csv(f);
    csv.Write(MakeEvent(SYS_close, 0));
    absl::Status s = csv.Flush();
    EXPECT_FALSE(s.ok());
    EXPECT_NE(std::string(s.message()).find("cannot write the CSV output"), std::string::npos);
    csv.Write(MakeEvent(SYS_close, 0));  // discarded, error stays
    EXPECT_FALSE(csv.Flush().ok());
  }
  std::fclose(f);
}

}  // namespace
}  // namespace ior
