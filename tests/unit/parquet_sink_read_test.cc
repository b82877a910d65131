// ior::ParquetSink's contents, checked with readers nobody here wrote: DuckDB and hyparquet
// (npm): byte-exact strings, every column's type, a million rows in several row groups,
// row-group statistics.
#include <glob.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ior/event.h"
#include "ior/parquet.h"
#include "ior/stats.h"
#include "ior/syscalls.h"
#include "node_runner.h"
#include "parquet_sink_test_util.h"

namespace ior::parquet_test {
namespace {

using ::ior::testing::DuckDb;
using ::ior::testing::kNodeHint;
using ::ior::testing::NodeResult;
using ::ior::testing::RunNode;

TEST_F(ParquetSinkTest, HostileStringsComeBackByteExactOrRepaired) {
  struct Case {
    std::string file;
    std::string old_file;
    std::string comm;
    std::string want_file;  // what a reader must return
    std::string want_old;
    std::string want_comm;
  };
  const std::vector<Case> cases = {
      {"/tmp/new\nline", "", "a,b\"c", "/tmp/new\nline", "", "a,b\"c"},
      {"/tmp/comma,quote\"x'", "/tmp/tab\there", "esc\x1b[31m", "/tmp/comma,quote\"x'",
       "/tmp/tab\there", "esc\x1b[31m"},
      {"/tmp/bad\xff\xfe.txt", "/tmp/\xc3\x28", "\xe2\x82", "/tmp/bad\\xff\\xfe.txt", "/tmp/\\xc3(",
       "\\xe2\\x82"},
      {"/tmp/ok-\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "", "\\x41",
       "/tmp/ok-\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "", "\\x41"},
  };
  EventBatch batch;
  for (const Case& c : cases) {
    Event e = MakeEvent(SYS_renameat2, 0, 0, c.comm);
    e.file_ref = batch.AddString(c.file);
    if (!c.old_file.empty()) e.old_file_ref = batch.AddString(c.old_file);
    e.file_status = static_cast<uint8_t>(FileStatus::kPath);
    batch.mutable_events().push_back(e);
  }
  const std::string path = Path("hostile.parquet");
  auto sink = ParquetSink::Create(path);
  ASSERT_TRUE(sink.ok());
  (*sink)->Write(batch);
  ASSERT_TRUE((*sink)->Close().ok());

  NodeResult r = DuckDb(
      absl::StrCat("SELECT hex(file), hex(old_file), hex(comm) FROM '", path, "' ORDER BY seq"));
  ASSERT_EQ(r.exit_code, 0) << kNodeHint;
  std::string want = "[";
  for (const Case& c : cases) {
    if (want.size() > 1) want += ",";
    absl::StrAppend(&want, "[\"", Hex(c.want_file), "\",\"", Hex(c.want_old), "\",\"",
                    Hex(c.want_comm), "\"]");
  }
  want += "]";
  EXPECT_EQ(r.out, want);
}

TEST_F(ParquetSinkTest, ColumnsTypesAndFooterAsDocumented) {
  const std::string path = Path("types.parquet");
  ParquetOptions options;
  options.version = "9.9.9";
  options.mode = "test";
  options.selection = "families=FS";
  options.sampling = "read=10";
  options.boot_offset_ns = 5;
  options.extra_metadata = {{"x.key", "x,value"}};
  auto sink = ParquetSink::Create(path, options);
  ASSERT_TRUE(sink.ok());
  EventBatch batch;
  Event open = MakeEvent(SYS_openat, -2, 0);
  open.file_ref = batch.AddString("/nope");
  open.file_status = static_cast<uint8_t>(FileStatus::kPath);
  batch.mutable_events().push_back(open);
  Event ino = MakeEvent(SYS_read, 100, 100);
  ino.file_status = static_cast<uint8_t>(FileStatus::kIdentity);
  ino.file_ino = 777;
  batch.mutable_events().push_back(ino);
  Event restart = MakeEvent(SYS_read, -512, 0);  // ERESTARTSYS: not an error
  batch.mutable_events().push_back(restart);
  Event sleep = MakeEvent(SYS_nanosleep, 0, 0);
  sleep.timeout_ns = 1500;
  batch.mutable_events().push_back(sleep);
  Event epoll = MakeEvent(SYS_epoll_ctl, 0, 0);
  epoll.epoll_op = 1;
  epoll.target_fd = 9;
  epoll.epoll_events = 0x80000001u;
  batch.mutable_events().push_back(epoll);
  Event exit = MakeEvent(SYS_exit_group, 0, 0);
  exit.flags = kEventNoReturn;
  exit.latency_ns = 0;
  batch.mutable_events().push_back(exit);
  (*sink)->Write(batch);
  SessionStats stats;
  stats.kernel_count = 60;
  stats.delivered = 6;
  stats.dropped = 4;
  stats.sampled_out = 50;
  stats.degraded = 30;
  stats.syscalls.push_back({.nr = SYS_read,
                            .count = 52,
                            .sampled_out = 50,
                            .degraded = 30,
                            .degraded_one_in = 8,
                            .sample_rate = 10});
  (*sink)->SetStats(stats);
  ASSERT_TRUE((*sink)->Close().ok());

  // The footer read back by our own reader: what SetStats() received, the columns, the rows.
  absl::StatusOr<ParquetFileInfo> info = ReadParquetInfo(path);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->num_rows, 6);
  EXPECT_EQ(info->row_groups, 1u);
  ASSERT_EQ(info->columns.size(), 31u);
  EXPECT_EQ(info->columns.front(), "seq");
  EXPECT_EQ(info->columns[23], "restarts");
  EXPECT_EQ(info->columns.back(), "no_return");
  EXPECT_EQ(info->created_by, "libior version 9.9.9");
  ASSERT_NE(info->Find("x.key"), nullptr);
  EXPECT_EQ(*info->Find("x.key"), "x,value");
  absl::StatusOr<SessionStats> recorded = RecordedStats(*info);
  ASSERT_TRUE(recorded.ok()) << recorded.status();
  EXPECT_EQ(recorded->kernel_count, 60u);
  EXPECT_EQ(recorded->dropped, 4u);
  ASSERT_EQ(recorded->syscalls.size(), 1u);
  EXPECT_EQ(recorded->syscalls[0].nr, static_cast<uint32_t>(SYS_read));
  EXPECT_EQ(recorded->syscalls[0].count, 52u);
  EXPECT_EQ(recorded->syscalls[0].sampled_out, 50u);
  EXPECT_EQ(recorded->degraded, 30u);
  EXPECT_EQ(recorded->syscalls[0].degraded, 30u);
  EXPECT_EQ(recorded->syscalls[0].degraded_one_in, 8u);

  NodeResult types = DuckDb(absl::StrCat(
      "SELECT string_agg(column_name || ':' || column_type, ' ') FROM (DESCRIBE SELECT * FROM '",
      path, "')"));
  ASSERT_EQ(types.exit_code, 0) << kNodeHint;
  EXPECT_EQ(types.out,
            "[[\"seq:UBIGINT time_ns:UBIGINT gap_ns:UBIGINT latency_ns:UBIGINT comm:VARCHAR "
            "pid:UINTEGER tid:UINTEGER syscall:VARCHAR family:VARCHAR fd:INTEGER ret:BIGINT "
            "bytes:UBIGINT address_space_bytes:UBIGINT requested_sleep_ns:BIGINT nfds:INTEGER "
            "timeout_ns:BIGINT file:VARCHAR is_error:BOOLEAN filter_epoch:UBIGINT "
            "old_file:VARCHAR epoll_op:VARCHAR epoll_target_fd:INTEGER epoll_events:UINTEGER "
            "restarts:UTINYINT bytes_class:VARCHAR errno:VARCHAR wall_time_ns:UBIGINT "
            "cgroup_id:UBIGINT file_status:VARCHAR file_ino:UBIGINT no_return:BOOLEAN\"]]");

  NodeResult rows = DuckDb(absl::StrCat(
      "SELECT seq, syscall, family, ret, is_error, errno, file, file_status, requested_sleep_ns, "
      "timeout_ns, epoll_op, epoll_target_fd, epoll_events, no_return, wall_time_ns - time_ns "
      "FROM '",
      path, "' ORDER BY seq"));
  ASSERT_EQ(rows.exit_code, 0);
  EXPECT_EQ(rows.out,
            "[[\"0\",\"openat\",\"FS\",\"-2\",true,\"ENOENT\",\"/nope\",\"path\",\"-1\",\"-2\","
            "\"\",-1,0,false,\"5\"],"
            "[\"1\",\"read\",\"FS\",\"100\",false,\"\",\"E:ino:777\",\"identity\",\"-1\",\"-2\","
            "\"\",-1,0,false,\"5\"],"
            "[\"2\",\"read\",\"FS\",\"-512\",false,\"\",\"\",\"none\",\"-1\",\"-2\",\"\",-1,0,"
            "false,\"5\"],"
            "[\"3\",\"nanosleep\",\"FS\",\"0\",false,\"\",\"\",\"none\",\"1500\",\"-2\",\"\",-1,"
            "0,false,\"5\"],"
            "[\"4\",\"epoll_ctl\",\"FS\",\"0\",false,\"\",\"\",\"none\",\"-1\",\"-2\",\"ADD\",9,"
            "2147483649,false,\"5\"],"
            "[\"5\",\"exit_group\",\"FS\",\"0\",false,\"\",\"\",\"none\",\"-1\",\"-2\",\"\",-1,0,"
            "true,\"5\"]]");

  NodeResult kv = DuckDb(absl::StrCat(
      "SELECT decode(key), decode(value) FROM parquet_kv_metadata('", path,
      "') WHERE decode(key) IN ('ior.version', 'ior.mode', 'ior.sampling', 'ior.dropped', "
      "'ior.rows_written', 'ior.rows_shed', 'ior.sampling.totals', 'x.key', "
      "'ior.boot_offset_ns') ORDER BY 1"));
  ASSERT_EQ(kv.exit_code, 0);
  EXPECT_EQ(kv.out,
            "[[\"ior.boot_offset_ns\",\"5\"],[\"ior.dropped\",\"4\"],[\"ior.mode\",\"test\"],"
            "[\"ior.rows_shed\",\"0\"],[\"ior.rows_written\",\"6\"],[\"ior.sampling\","
            "\"read=10\"],[\"ior.sampling.totals\",\"[{\\\"syscall\\\":\\\"read\\\","
            "\\\"rate\\\":10,\\\"traced\\\":2,\\\"counted_only\\\":50,\\\"total\\\":52,"
            "\\\"lower_bound\\\":false}]\"],[\"ior.version\",\"9.9.9\"],[\"x.key\",\"x,value\"]]");
}

// Over a million rows in several row groups, with a file column whose dictionary overflows
// (so chunks fall back to PLAIN), read back by DuckDB and by hyparquet.
TEST_F(ParquetSinkTest, MillionRowsOverSeveralRowGroups) {
  const std::string path = Path("big.parquet");
  ParquetOptions options;
  options.row_group_rows = 300'000;
  auto sink = ParquetSink::Create(path, options);
  ASSERT_TRUE(sink.ok());
  constexpr uint64_t kRows = 1'200'000;
  uint64_t bytes_sum = 0;
  uint64_t latency_sum = 0;
  for (uint64_t base = 0; base < kRows; base += 1000) {
    EventBatch batch;
    for (uint64_t i = base; i < base + 1000; ++i) {
      Event e = MakeEvent(i % 3 == 0 ? SYS_write : SYS_read, static_cast<int64_t>(i % 4096),
                          i % 4096, i % 2 ? "worker" : "main");
      e.enter_ns = 1'000'000'000 + i * 100;
      e.latency_ns = i % 977;
      e.tid = static_cast<uint32_t>(1000 + i % 8);
      e.file_ref = batch.AddString(absl::StrCat("/data/dir-", i % 50, "/file-", i % 200'000));
      e.file_status = static_cast<uint8_t>(FileStatus::kPath);
      bytes_sum += i % 4096;
      latency_sum += i % 977;
      batch.mutable_events().push_back(e);
    }
    (*sink)->Write(batch);
  }
  ASSERT_TRUE((*sink)->Close().ok());
  EXPECT_EQ((*sink)->rows_written(), kRows);

  NodeResult r = DuckDb(
      absl::StrCat("SELECT count(*), sum(bytes), sum(latency_ns), sum(seq), count(DISTINCT file), "
                   "count(*) FILTER (syscall = 'write'), (SELECT count(DISTINCT row_group_id) FROM "
                   "parquet_metadata('",
                   path, "')) FROM '", path, "'"));
  ASSERT_EQ(r.exit_code, 0) << kNodeHint;
  EXPECT_EQ(r.out, absl::StrCat("[[\"", kRows, "\",\"", bytes_sum, "\",\"", latency_sum, "\",\"",
                                kRows * (kRows - 1) / 2, "\",\"200000\",\"400000\",\"4\"]]"));

  // hyparquet is pure JavaScript and slow on a million rows: three columns (every column is
  // read by HyparquetReadsEveryColumn and by the end-to-end test).
  NodeResult h = RunNode("hyparquet_read.mjs", {path, "seq,bytes,file"});
  ASSERT_EQ(h.exit_code, 0) << kNodeHint;
  EXPECT_NE(h.out.find(absl::StrCat("\"num_rows\":", kRows, ",\"rows_read\":", kRows,
                                    ",\"row_groups\":4")),
            std::string::npos)
      << h.out.substr(0, 300);
  EXPECT_NE(h.out.find(absl::StrCat("\"bytes\":{\"values\":", kRows, ",\"sum\":\"", bytes_sum)),
            std::string::npos);
}

// Every row group carries min/max statistics in each column's own order (signed, unsigned,
// strings), which DuckDB reads and uses to skip row groups.
TEST_F(ParquetSinkTest, RowGroupStatisticsInTheColumnsOrder) {
  const std::string path = Path("stats.parquet");
  ParquetOptions options;
  options.row_group_rows = 3;
  auto sink = ParquetSink::Create(path, options);
  ASSERT_TRUE(sink.ok());
  EventBatch batch;
  // Row group 0: ret -2, 7, 5; bytes 3, 2^63 + 5 (above INT64_MAX: unsigned order), 9.
  // Row group 1: ret 1, 0; comm "b", "a".
  const uint64_t big = (uint64_t{1} << 63) + 5;
  const int64_t rets[] = {-2, 7, 5, 1, 0};
  const uint64_t bytes[] = {3, big, 9, 4, 4};
  const char* comms[] = {"cat", "zsh", "cat", "b", "a"};
  for (int i = 0; i < 5; ++i) {
    Event e = MakeEvent(SYS_read, rets[i], bytes[i], comms[i]);
    e.enter_ns = 1'000'000'000 + static_cast<uint64_t>(i) * 10;
    batch.mutable_events().push_back(e);
  }
  (*sink)->Write(batch);
  ASSERT_TRUE((*sink)->Close().ok());

  NodeResult r =
      DuckDb(absl::StrCat("SELECT row_group_id, path_in_schema, stats_min_value, stats_max_value, "
                          "stats_null_count FROM "
                          "parquet_metadata('",
                          path,
                          "') WHERE path_in_schema IN ('ret', 'bytes', 'comm', 'time_ns') "
                          "ORDER BY row_group_id, path_in_schema"));
  ASSERT_EQ(r.exit_code, 0) << kNodeHint;
  EXPECT_EQ(r.out, absl::StrCat("[[\"0\",\"bytes\",\"3\",\"", big,
                                "\",\"0\"],"
                                "[\"0\",\"comm\",\"cat\",\"zsh\",\"0\"],"
                                "[\"0\",\"ret\",\"-2\",\"7\",\"0\"],"
                                "[\"0\",\"time_ns\",\"1000000000\",\"1000000020\",\"0\"],"
                                "[\"1\",\"bytes\",\"4\",\"4\",\"0\"],"
                                "[\"1\",\"comm\",\"a\",\"b\",\"0\"],"
                                "[\"1\",\"ret\",\"0\",\"1\",\"0\"],"
                                "[\"1\",\"time_ns\",\"1000000030\",\"1000000040\",\"0\"]]"));
  // A filter the statistics answer: still the right rows.
  NodeResult q = DuckDb(
      absl::StrCat("SELECT count(*), min(ret) FROM '", path, "' WHERE time_ns >= 1000000030"));
  ASSERT_EQ(q.exit_code, 0);
  EXPECT_EQ(q.out, "[[\"2\",\"0\"]]");
}

// Integer columns are DELTA_BINARY_PACKED: values at both ends of every column type, in an
// order whose deltas wrap, over several blocks, come back exact from both readers.
TEST_F(ParquetSinkTest, ExtremeIntegersComeBackExactFromBothReaders) {
  const std::string path = Path("extremes.parquet");
  auto sink = ParquetSink::Create(path);
  ASSERT_TRUE(sink.ok());
  std::mt19937_64 rng(3);
  const auto pick = [&rng](std::initializer_list<uint64_t> edges) {
    return rng() % 3 == 0 ? *(edges.begin() + rng() % edges.size()) : rng();
  };
  EventBatch batch;
  std::string want_ret, want_fd, want_pid, want_bytes, want_time;
  __int128 sum_ret = 0, sum_fd = 0, sum_pid = 0, sum_bytes = 0;
  for (int i = 0; i < 700; ++i) {
    Event e = MakeEvent(SYS_read, 0, 0);
    e.ret =
        static_cast<int64_t>(pick({uint64_t{1} << 63, (uint64_t{1} << 63) - 1, 0, ~uint64_t{0}}));
    e.fd =
        static_cast<int32_t>(pick({uint32_t{1} << 31, (uint32_t{1} << 31) - 1, 0, ~uint32_t{0}}));
    e.pid = static_cast<uint32_t>(pick({0, ~uint32_t{0}, 1}));
    e.bytes = pick({0, ~uint64_t{0}, uint64_t{1} << 63});
    e.enter_ns = pick({0, ~uint64_t{0}, uint64_t{1} << 63});
    batch.mutable_events().push_back(e);
    const char* sep = i == 0 ? "" : ",";
    absl::StrAppend(&want_ret, sep, e.ret);
    absl::StrAppend(&want_fd, sep, e.fd);
    absl::StrAppend(&want_pid, sep, e.pid);
    absl::StrAppend(&want_bytes, sep, e.bytes);
    absl::StrAppend(&want_time, sep, e.enter_ns);
    sum_ret += e.ret;
    sum_fd += e.fd;
    sum_pid += e.pid;
    sum_bytes += e.bytes;
  }
  (*sink)->Write(batch);
  ASSERT_TRUE((*sink)->Close().ok());

  NodeResult d = DuckDb(absl::StrCat(
      "SELECT string_agg(ret::VARCHAR, ',' ORDER BY seq), string_agg(fd::VARCHAR, ',' ORDER BY "
      "seq), string_agg(pid::VARCHAR, ',' ORDER BY seq), string_agg(bytes::VARCHAR, ',' ORDER "
      "BY seq), string_agg(time_ns::VARCHAR, ',' ORDER BY seq) FROM '",
      path, "'"));
  ASSERT_EQ(d.exit_code, 0) << kNodeHint;
  EXPECT_EQ(d.out, absl::StrCat("[[\"", want_ret, "\",\"", want_fd, "\",\"", want_pid, "\",\"",
                                want_bytes, "\",\"", want_time, "\"]]"));

  const auto decimal = [](__int128 v) {
    const bool negative = v < 0;
    unsigned __int128 u = negative ? -static_cast<unsigned __int128>(v) : v;
    std::string out;
    do {
      out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
      u /= 10;
    } while (u != 0);
    return negative ? "-" + out : out;
  };
  NodeResult h = RunNode("hyparquet_read.mjs", {path, "ret,fd,pid,bytes"});
  ASSERT_EQ(h.exit_code, 0) << kNodeHint;
  for (const auto& [column, sum] : {std::pair{"ret", sum_ret}, std::pair{"fd", sum_fd},
                                    std::pair{"pid", sum_pid}, std::pair{"bytes", sum_bytes}}) {
    EXPECT_NE(
        h.out.find(absl::StrCat("\"", column, "\":{\"values\":700,\"sum\":\"", decimal(sum), "\"")),
        std::string::npos)
        << column << " " << h.out;
  }
}

// hyparquet reads every column (all 31 types and encodings) of a small file.
TEST_F(ParquetSinkTest, HyparquetReadsEveryColumn) {
  const std::string path = Path("all.parquet");
  auto sink = ParquetSink::Create(path);
  ASSERT_TRUE(sink.ok());
  EventBatch batch;
  for (int i = 0; i < 1000; ++i) {
    Event e = MakeEvent(SYS_pread64, i, static_cast<uint64_t>(i));
    e.file_ref = batch.AddString(absl::StrCat("/f", i % 10));
    batch.mutable_events().push_back(e);
  }
  (*sink)->Write(batch);
  ASSERT_TRUE((*sink)->Close().ok());
  NodeResult h = RunNode("hyparquet_read.mjs", {path});
  ASSERT_EQ(h.exit_code, 0) << kNodeHint;
  EXPECT_NE(h.out.find("\"num_rows\":1000,\"rows_read\":1000"), std::string::npos) << h.out;
  for (const char* column : {"seq",
                             "time_ns",
                             "gap_ns",
                             "latency_ns",
                             "comm",
                             "pid",
                             "tid",
                             "syscall",
                             "family",
                             "fd",
                             "ret",
                             "bytes",
                             "address_space_bytes",
                             "requested_sleep_ns",
                             "nfds",
                             "timeout_ns",
                             "file",
                             "is_error",
                             "filter_epoch",
                             "old_file",
                             "epoll_op",
                             "epoll_target_fd",
                             "epoll_events",
                             "restarts",
                             "bytes_class",
                             "errno",
                             "wall_time_ns",
                             "cgroup_id",
                             "file_status",
                             "file_ino",
                             "no_return"}) {
    EXPECT_NE(h.out.find(absl::StrCat("\"", column, "\":{\"values\":1000,")), std::string::npos)
        << column;
  }
  EXPECT_NE(h.out.find("\"bytes\":{\"values\":1000,\"sum\":\"499500\""), std::string::npos);
  EXPECT_NE(h.out.find("\"file\":{\"values\":1000,\"sum\":\"0\",\"length\":3000"),
            std::string::npos);
}

}  // namespace
}  // namespace ior::parquet_test
