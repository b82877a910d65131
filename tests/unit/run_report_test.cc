// ior::RunReportSink and the report's renderings, on synthetic rows and stats: what comes from
// the rows, what from the kernel's figures, the accounting, and JSON that Python's json module
// reads back.
#include "ior/run_report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "ior/event.h"
#include "ior/latency_histogram.h"
#include "ior/stats.h"
#include "ior/syscalls.h"

namespace ior {
namespace {

constexpr uint32_t kRead = 0;
constexpr uint32_t kWrite = 1;
constexpr uint32_t kOpenat = 257;

Event Row(uint32_t nr, int64_t ret, uint64_t latency_ns, uint64_t bytes, BytesClass cls) {
  Event e{};
  e.nr = nr;
  e.ret = ret;
  e.latency_ns = latency_ns;
  e.bytes = bytes;
  e.bytes_class = static_cast<uint8_t>(cls);
  e.file_status = static_cast<uint8_t>(FileStatus::kPath);
  return e;
}

void Add(EventBatch& batch, Event e, const std::string& file) {
  e.file_ref = batch.AddString(file);
  batch.mutable_events().push_back(e);
}

SyscallStats Stats(uint32_t nr, std::initializer_list<uint64_t> latencies, uint64_t delivered) {
  SyscallStats s;
  s.nr = nr;
  for (uint64_t ns : latencies) {
    ++s.count;
    ++s.histogram[LatencyBucket(ns)];
    s.latency_sum_ns += ns;
    s.latency_min_ns = s.latency_min_ns == 0 ? ns : std::min(s.latency_min_ns, ns);
    s.latency_max_ns = std::max(s.latency_max_ns, ns);
  }
  s.delivered = delivered;
  return s;
}

class RunReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EventBatch batch;
    Add(batch, Row(kRead, 100, 1000, 100, BytesClass::kRead), "/data/a");
    Add(batch, Row(kRead, 50, 3000, 50, BytesClass::kRead), "/data/b");
    Add(batch, Row(kWrite, 7, 500, 7, BytesClass::kWrite), "/data/a");
    Add(batch, Row(kOpenat, -2, 800, 0, BytesClass::kNone), "/missing");
    Add(batch, Row(kOpenat, -2, 900, 0, BytesClass::kNone), "/missing");
    Add(batch, Row(kOpenat, -13, 700, 0, BytesClass::kNone), "/secret \"quoted\"\n");
    sink_.Write(batch);

    stats_.syscalls = {Stats(kRead, {1000, 3000, 2000}, 2), Stats(kWrite, {500}, 1),
                       Stats(kOpenat, {800, 900, 700}, 3)};
    stats_.syscalls[2].errors = 3;
    stats_.syscalls[0].sampled_out = 1;
    stats_.kernel_count = 7;
    stats_.delivered = 6;
    stats_.sampled_out = 1;
  }

  RunReportSink sink_;
  SessionStats stats_;
};

TEST_F(RunReportTest, JoinsKernelFiguresAndRows) {
  RunReport r = sink_.Build(stats_);
  ASSERT_EQ(r.syscalls.size(), 3u);
  // By count, then name: openat and read have 3 calls.
  EXPECT_EQ(r.syscalls[0].name, "openat");
  EXPECT_EQ(r.syscalls[1].name, "read");
  EXPECT_EQ(r.syscalls[2].name, "write");
  const RunReport::Syscall& read = r.syscalls[1];
  EXPECT_EQ(read.count, 3u);
  EXPECT_EQ(read.rows, 2u);
  EXPECT_EQ(read.timed, 3u);  // the sampled-out call is in the histogram
  EXPECT_EQ(read.avg_ns, 2000u);
  EXPECT_TRUE(read.has_percentiles);
  // The middle call alone in its bucket [1920, 2048): its middle. The largest is the max.
  EXPECT_EQ(read.p50_ns, 1984u);
  EXPECT_EQ(read.p99_ns, 3000u);
  EXPECT_EQ(read.bytes_read, 150u);
  EXPECT_EQ(read.bytes_written, 0u);
  EXPECT_EQ(r.syscalls[2].bytes_written, 7u);
  const RunReport::Syscall& openat = r.syscalls[0];
  ASSERT_EQ(openat.top_errors.size(), 2u);
  EXPECT_EQ(openat.top_errors[0].name, "ENOENT");
  EXPECT_EQ(openat.top_errors[0].count, 2u);
  EXPECT_EQ(openat.top_errors[1].name, "EACCES");
  // Files: by time /data/b (3000) first, by bytes /data/a (107).
  ASSERT_FALSE(r.top_files_by_time.empty());
  EXPECT_EQ(r.top_files_by_time[0].file, "/data/b");
  ASSERT_EQ(r.top_files_by_bytes.size(), 2u);  // files without bytes are not listed by bytes
  EXPECT_EQ(r.top_files_by_bytes[0].file, "/data/a");
  EXPECT_EQ(r.top_files_by_bytes[0].bytes, 107u);
  EXPECT_EQ(r.top_files_by_bytes[0].calls, 2u);
  EXPECT_TRUE(r.accounting.balanced);
  EXPECT_EQ(r.rows_seen, 6u);
}

TEST_F(RunReportTest, UnbalancedAccountingIsSaid) {
  stats_.kernel_count = 9;
  const std::string text = FormatRunReportText(sink_.Build(stats_));
  EXPECT_NE(text.find("Accounting: kernel 9 = delivered 6 + sampled out 1 + dropped 0 + "
                      "filtered 0: NOT balanced, 2 calls unaccounted for\n"),
            std::string::npos)
      << text;
}

TEST_F(RunReportTest, TextHasTheColumnsAndSections) {
  const std::string text = FormatRunReportText(sink_.Build(stats_));
  EXPECT_NE(text.find("  syscall      count       rows   errors        total        avg        "
                      "p50        p95        p99        max      read   written\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nTotals: kernel 7, delivered 6, sampled out 1, dropped 0 (0.00%)"),
            std::string::npos);
  EXPECT_NE(text.find(": balanced\n"), std::string::npos);
  EXPECT_NE(text.find("  openat: ENOENT 2, EACCES 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Top files by time (from 6 rows of 7 calls):\n"), std::string::npos);
  EXPECT_NE(text.find("Top files by bytes (from 6 rows of 7 calls):\n"), std::string::npos);
}

TEST_F(RunReportTest, WithoutRowsTheirFiguresAreUnknown) {
  RunReport r = RunReportSink().Build(stats_);
  r.has_rows = false;
  const std::string text = FormatRunReportText(r);
  EXPECT_EQ(text.find("Top files"), std::string::npos);
  EXPECT_NE(FormatRunReportJson(r).find("\"bytes_read\": null"), std::string::npos);
  // Stats without histograms (older files): no percentiles, "-".
  SessionStats no_hist = stats_;
  for (SyscallStats& s : no_hist.syscalls) s.histogram = {};
  RunReport n = RunReportSink().Build(no_hist);
  EXPECT_FALSE(n.syscalls[0].has_percentiles);
  EXPECT_EQ(n.syscalls[0].avg_ns, 800u);  // over the count
  EXPECT_NE(FormatRunReportJson(n).find("\"p50_ns\": null"), std::string::npos);
}

TEST_F(RunReportTest, BoundsTheFilesItKeeps) {
  RunReportOptions options;
  options.max_files = 1;
  options.top_files = 1;
  RunReportSink sink(options);
  EventBatch batch;
  Add(batch, Row(kRead, 1, 10, 1, BytesClass::kRead), "/one");
  Add(batch, Row(kRead, 1, 10, 1, BytesClass::kRead), "/two");
  Add(batch, Row(kRead, 1, 10, 1, BytesClass::kRead), "/one");
  sink.Write(batch);
  RunReport r = sink.Build(stats_);
  ASSERT_EQ(r.top_files_by_time.size(), 1u);
  EXPECT_EQ(r.top_files_by_time[0].file, "/one");
  EXPECT_EQ(r.top_files_by_time[0].calls, 2u);
  EXPECT_EQ(r.rows_of_untracked_files, 1u);
}

TEST_F(RunReportTest, DegradedRowsAreSaidWithTheirThinnestRateAndWindows) {
  // The one sampled-out read was degraded at 1 in 4; write at 1 in 4 too, openat at 1 in 2.
  stats_.syscalls[0].degraded = 1;
  stats_.syscalls[0].degraded_one_in = 4;
  stats_.syscalls[1].degraded_one_in = 4;
  stats_.syscalls[2].degraded_one_in = 2;
  stats_.degraded = 1;
  stats_.degrade_windows = {{1000, 250'001'000, 1, 4}, {250'001'000, 500'001'000, 2, 2}};
  RunReport r = sink_.Build(stats_);
  EXPECT_EQ(r.accounting.degraded, 1u);
  EXPECT_EQ(r.degrade_windows.size(), 2u);
  const std::string text = FormatRunReportText(r);
  EXPECT_NE(text.find("\nDegraded: 1 calls not written to keep up (as few as 1 in 4 rows of read, "
                      "write), in 2 windows, 500.000ms in all\n"),
            std::string::npos)
      << text;
  // Windows left out of the list still count; the time is that of the listed ones.
  stats_.degrade_windows_dropped = 5;
  EXPECT_NE(FormatRunReportText(sink_.Build(stats_)).find("in 7 windows (the last 2: 500.000ms)\n"),
            std::string::npos);
  const std::string json = FormatRunReportJson(sink_.Build(stats_));
  EXPECT_NE(json.find("\"degraded\": 1, \"degraded_one_in\": 4"), std::string::npos) << json;
  EXPECT_NE(json.find("\"accounting\": {\"kernel_count\": 7, \"delivered\": 6, "
                      "\"sampled_out\": 1, \"degraded\": 1, \"dropped\": 0"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"degrade\": {\"windows_dropped\": 5, \"windows\": [\n    "
                      "{\"start_ns\": 1000, \"end_ns\": 250001000, \"calls\": 1, "
                      "\"min_one_in\": 4},"),
            std::string::npos)
      << json;
}

TEST_F(RunReportTest, NothingDegradedNoLine) {
  const std::string text = FormatRunReportText(sink_.Build(stats_));
  EXPECT_EQ(text.find("Degraded"), std::string::npos) << text;
  EXPECT_NE(FormatRunReportJson(sink_.Build(stats_))
                .find("\"degrade\": {\"windows_dropped\": 0, \"windows\": []}"),
            std::string::npos);
}

TEST_F(RunReportTest, JsonReadsBackWithPython) {
  char dir[] = "/tmp/ior-run-report-test.XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/report.json";
  ASSERT_TRUE(WriteRunReportJson(sink_.Build(stats_), path).ok());
  const std::string cmd =
      "/usr/bin/python3 -c '\n"
      "import json, sys\n"
      "r = json.load(open(sys.argv[1]))\n"
      "s = {x[\"name\"]: x for x in r[\"syscalls\"]}\n"
      "assert s[\"read\"][\"count\"] == 3 and s[\"read\"][\"p99_ns\"] == 3000, s\n"
      "assert s[\"openat\"][\"top_errors\"][0] == {\"errno\": \"ENOENT\", \"count\": 2}\n"
      "files = [f[\"file\"] for f in r[\"top_files_by_time\"]]\n"
      "assert \"/secret \\\"quoted\\\"\\n\" in files, files\n"
      "assert r[\"accounting\"][\"balanced\"] is True\n"
      "assert r[\"degrade\"] == {\"windows_dropped\": 0, \"windows\": []}, r[\"degrade\"]\n"
      "print(\"ok\")' " +
      path;
  std::FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[4096];
  std::string out;
  while (std::fgets(buf, sizeof(buf), p) != nullptr) out += buf;
  EXPECT_EQ(pclose(p), 0) << out;
  EXPECT_EQ(out, "ok\n");
  // Written again over the old file, atomically; no temporary file is left.
  ASSERT_TRUE(WriteRunReportJson(sink_.Build(stats_), path).ok());
  EXPECT_EQ(std::system(("test $(ls " + std::string(dir) + " | wc -l) -eq 1").c_str()), 0);
  // The early check leaves nothing behind.
  EXPECT_TRUE(CheckRunReportJsonPath(std::string(dir) + "/other.json").ok());
  EXPECT_EQ(std::system(("test $(ls " + std::string(dir) + " | wc -l) -eq 1").c_str()), 0);
  EXPECT_FALSE(CheckRunReportJsonPath(std::string(dir) + "/no/such/dir.json").ok());
  std::system(("rm -rf " + std::string(dir)).c_str());
  EXPECT_FALSE(WriteRunReportJson(sink_.Build(stats_), "").ok());
}

}  // namespace
}  // namespace ior
