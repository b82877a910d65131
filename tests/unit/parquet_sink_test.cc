// ior::ParquetSink's file handling: atomic publication, refusals, the background writer that
// sheds what it cannot keep up with, write errors; the files checked with DuckDB (npm).
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

TEST_F(ParquetSinkTest, PublishesAtomicallyAndRefusesToOverwriteWhenAsked) {
  const std::string path = Path("a.parquet");
  auto sink = ParquetSink::Create(path);
  ASSERT_TRUE(sink.ok()) << sink.status();
  EventBatch batch({MakeEvent(SYS_read, 5, 5)});
  (*sink)->Write(batch);
  EXPECT_FALSE(Exists(path));  // only the temporary file exists while writing
  EXPECT_EQ(StagedFiles(path), 1u);
  ASSERT_TRUE((*sink)->Close().ok());
  EXPECT_TRUE(Exists(path));
  EXPECT_EQ(StagedFiles(path), 0u);
  EXPECT_EQ((*sink)->rows_written(), 1u);
  EXPECT_EQ((*sink)->rows_shed(), 0u);
  (*sink)->Write(batch);  // after Close: counted, not written
  EXPECT_EQ((*sink)->rows_shed(), 1u);

  ParquetOptions keep;
  keep.overwrite = false;
  auto refused = ParquetSink::Create(path, keep);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(ParquetSinkTest, FilesWithoutStatsOrNotParquetAreRefused) {
  const std::string path = Path("nostats.parquet");
  ASSERT_TRUE((*ParquetSink::Create(path))->Close().ok());
  absl::StatusOr<ParquetFileInfo> info = ReadParquetInfo(path);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->num_rows, 0);
  EXPECT_EQ(RecordedStats(*info).status().code(), absl::StatusCode::kNotFound);
  std::FILE* f = std::fopen(Path("junk").c_str(), "w");
  std::fputs("PAR1 not really", f);
  std::fclose(f);
  EXPECT_EQ(ReadParquetInfo(Path("junk")).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadParquetInfo(Path("missing")).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ParquetSinkTest, DestructorPublishesAValidFile) {
  const std::string path = Path("d.parquet");
  {
    auto sink = ParquetSink::Create(path);
    ASSERT_TRUE(sink.ok());
    EventBatch batch({MakeEvent(SYS_read, 5, 5), MakeEvent(SYS_write, 7, 7)});
    (*sink)->Write(batch);
  }
  NodeResult r = DuckDb(absl::StrCat("SELECT count(*), sum(bytes) FROM '", path, "'"));
  ASSERT_EQ(r.exit_code, 0) << kNodeHint;
  EXPECT_EQ(r.out, R"([["2","12"]])");
}

// With a background writer, Write() queues; a writer that falls behind sheds whole batches,
// counts them (rows_shed(), the footer) and leaves gaps in seq; the rest is written exactly.
TEST_F(ParquetSinkTest, BackgroundWriterShedsWhatItCannotKeepUpWith) {
  for (const size_t queue_rows : {size_t{1000}, size_t{1} << 20}) {
    SCOPED_TRACE(queue_rows);
    const std::string path = Path("bg.parquet");
    ParquetOptions options;
    options.background = true;
    options.queue_rows = queue_rows;
    auto sink = ParquetSink::Create(path, options);
    ASSERT_TRUE(sink.ok());
    constexpr int kBatches = 100;
    for (int b = 0; b < kBatches; ++b) {
      EventBatch batch;
      for (int i = 0; i < 1000; ++i) {
        Event e = MakeEvent(SYS_read, 1, 1);
        e.file_ref = batch.AddString(absl::StrCat("/a/rather/long/and/unique/path/", b, "/", i));
        batch.mutable_events().push_back(e);
      }
      (*sink)->Write(batch);
    }
    ASSERT_TRUE((*sink)->Close().ok());
    const uint64_t written = (*sink)->rows_written();
    const uint64_t shed = (*sink)->rows_shed();
    EXPECT_EQ(written + shed, kBatches * 1000u);
    if (queue_rows == 1000) {
      EXPECT_GT(shed, 0u);  // one batch fits: the producer outruns the encoder
    } else {
      EXPECT_EQ(shed, 0u);
    }
    NodeResult r = DuckDb(absl::StrCat(
        "SELECT count(*), count(DISTINCT seq // 1000), count(DISTINCT file), max(seq) < ",
        kBatches * 1000, ", (SELECT decode(value) FROM parquet_kv_metadata('", path,
        "') WHERE decode(key) = 'ior.rows_shed') FROM '", path, "'"));
    ASSERT_EQ(r.exit_code, 0) << kNodeHint;
    EXPECT_EQ(r.out, absl::StrCat("[[\"", written, "\",\"", written / 1000, "\",\"", written,
                                  "\",true,\"", shed, "\"]]"));
  }
}

// A write error (here: the file size limit) never stops the caller: rows are counted as shed,
// Close() reports the error and leaves no file behind.
TEST_F(ParquetSinkTest, WriteErrorShedsRowsAndPublishesNothing) {
  const std::string path = Path("full.parquet");
  ParquetOptions options;
  options.row_group_rows = 1000;
  options.zstd_level = 1;
  auto sink = ParquetSink::Create(path, options);
  ASSERT_TRUE(sink.ok());
  rlimit old{};
  getrlimit(RLIMIT_FSIZE, &old);
  signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = 4096;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  for (int b = 0; b < 100; ++b) {
    EventBatch batch;
    for (int i = 0; i < 1000; ++i) {
      Event e = MakeEvent(SYS_read, i, static_cast<uint64_t>(b * 1000 + i));
      e.file_ref = batch.AddString(absl::StrCat("/unique/", b, "/", i));
      batch.mutable_events().push_back(e);
    }
    (*sink)->Write(batch);
  }
  const absl::Status s = (*sink)->Close();
  setrlimit(RLIMIT_FSIZE, &old);
  EXPECT_FALSE(s.ok());
  EXPECT_FALSE((*sink)->status().ok());
  EXPECT_EQ((*sink)->rows_offered(), 100'000u);
  EXPECT_EQ((*sink)->rows_shed(), 100'000u);
  EXPECT_FALSE(Exists(path));
  EXPECT_EQ(StagedFiles(path), 0u);
}

}  // namespace
}  // namespace ior::parquet_test
