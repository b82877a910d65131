// ior_parquet through the C API only (libior.so): record a traced workload, read the file back
// with DuckDB (npm, tests/node/). Needs root for the trace; fails (never skips) without node.
#include <errno.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "capi_poll.h"
#include "ior/ior.h"
#include "node_runner.h"
#include "workload_process.h"

namespace {

using ::ior::testing::DuckDb;
using ::ior::testing::kNodeHint;
using ::ior::testing::NodeResult;
using ::ior::testing::TempDir;
using ::ior::testing::TempFile;
using ::ior::testing::WorkloadProcess;

int Ignore(void*, const ior_event*) { return 0; }

TEST(CapiParquet, RecordsEveryDeliveredEvent) {
  IOR_REQUIRE_TRACING();
  constexpr int kPreads = 2000;
  TempFile data;
  TempDir dir;
  const std::string path = dir.path() + "/capi.parquet";

  IOR_OPTS(ior_parquet_opts, popts, .selection = "syscalls=openat,pread64,close");
  ior_parquet* pq = nullptr;
  ASSERT_EQ(ior_parquet_new(&pq, path.c_str(), &popts), 0) << ior_last_error();

  WorkloadProcess workload =
      WorkloadProcess::Start({"basic", data.path(), std::to_string(kPreads)});
  int32_t pid = workload.pid();
  const char* const syscalls[] = {"openat", "pread64", "close"};
  ior_session_opts opts = IOR_OPTS_INIT(ior_session_opts);
  opts.pids = &pid;
  opts.pids_len = 1;
  opts.syscalls = syscalls;
  opts.syscalls_len = 3;
  ior_session* s = nullptr;
  ASSERT_EQ(ior_session_new(&s, &opts), 0) << ior_last_error();
  ASSERT_EQ(ior_session_start(s), 0) << ior_last_error();
  ASSERT_EQ(ior_parquet_record(pq, s), 0);
  workload.Go();
  ASSERT_EQ(workload.Wait(), 0);
  ASSERT_EQ(ior_session_stop(s), 0);
  ASSERT_EQ(ior::testing::PollUntilEnd(s, Ignore, nullptr), IOR_EEOS);
  ASSERT_EQ(ior_parquet_close(pq, s), 0) << ior_last_error();
  // openat, the preads, close, openat (fails), openat, close, close (fails).
  EXPECT_EQ(ior_parquet_rows(pq), static_cast<uint64_t>(kPreads + 6));
  EXPECT_EQ(ior_parquet_rows_shed(pq), 0u);
  ior_stats* st = nullptr;
  ASSERT_EQ(ior_session_stats(&st, s), 0);
  const uint64_t delivered = ior_stats_get(st, IOR_STAT_DELIVERED);
  ior_stats_free(st);
  ior_parquet_free(pq);
  ior_session_free(s);

  NodeResult r = DuckDb(
      "SELECT count(*), count(*) FILTER (syscall = 'pread64' AND bytes = 1), "
      "(SELECT decode(value) FROM parquet_kv_metadata('" +
      path + "') WHERE decode(key) = 'ior.delivered') FROM '" + path + "'");
  ASSERT_EQ(r.exit_code, 0) << kNodeHint;
  EXPECT_EQ(r.out, "[[\"" + std::to_string(delivered) + "\",\"" + std::to_string(kPreads) +
                       "\",\"" + std::to_string(delivered) + "\"]]");

  // no_overwrite: the file now exists.
  IOR_OPTS(ior_parquet_opts, keep, .no_overwrite = 1);
  ior_parquet* again = nullptr;
  EXPECT_EQ(ior_parquet_new(&again, path.c_str(), &keep), -EEXIST);
  EXPECT_EQ(again, nullptr);
  EXPECT_EQ(ior_parquet_new(&again, nullptr, nullptr), -EINVAL);
  ior_parquet_free(nullptr);
}

}  // namespace

// ior_parquet_opts follows the sz rules of every option struct: unset sz is refused, a newer
// caller's zero tail is accepted, a field this library does not know is refused rather than
// ignored; nothing is created when refused.
TEST(CapiParquet, OptionsOfAnySizeAreReadOrRefusedNeverIgnored) {
  TempDir dir;
  const std::string path = dir.path() + "/opts.parquet";
  struct Newer {
    ior_parquet_opts known;
    uint64_t future[2];
  } newer{};
  ior_parquet* pq = nullptr;

  ior_parquet_opts unset{};
  EXPECT_EQ(ior_parquet_new(&pq, path.c_str(), &unset), -EINVAL);
  EXPECT_NE(std::string(ior_last_error()).find("ior_parquet_opts.sz"), std::string::npos);

  newer.known.sz = sizeof(newer);
  newer.future[1] = 7;
  EXPECT_EQ(ior_parquet_new(&pq, path.c_str(), &newer.known), -EINVAL);
  EXPECT_NE(std::string(ior_last_error()).find("unknown non-zero byte"), std::string::npos);
  EXPECT_EQ(pq, nullptr);
  struct stat st {};
  EXPECT_NE(stat(path.c_str(), &st), 0);

  newer.future[1] = 0;
  newer.known.zstd_level = 3;
  ASSERT_EQ(ior_parquet_new(&pq, path.c_str(), &newer.known), 0);
  EXPECT_EQ(ior_parquet_close(pq, nullptr), 0);
  ior_parquet_free(pq);
  EXPECT_EQ(stat(path.c_str(), &st), 0);
}
