// .ior.zst recordings: round trip, publishing (atomic, never overwriting), and the reader's
// refusal of empty, truncated, corrupt and foreign files.
#include "ior/flame_recording.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "flame_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ior/flame.h"
#include "ior/flame_collapsed.h"

namespace ior {
namespace {

using ::ior::testing::AddCall;
using ::testing::HasSubstr;
using ::testing::StartsWith;

FlameAggregator SampleFlame(size_t max_keys = kDefaultFlameMaxKeys) {
  FlameAggregator flame(FlameAggregator::Options{.max_keys = max_keys});
  EventBatch b;
  for (uint32_t i = 0; i < 40; ++i) {
    AddCall(b, {"pread64", "worker", 100 + i % 7, 100 + i,
                "/var/lib/db/table" + std::to_string(i % 5), 1000 + i, 10 * i, 4096, 02});
  }
  AddCall(b, {"openat", "worker", 100, 100, "/etc/db.conf", 5000, 0, 0, 0});
  AddCall(b, {"getpid", "worker", 100, 100, "", 10, 3, 0, 0});
  flame.Add(b);
  return flame;
}

RecordingInfo SampleInfo() {
  RecordingInfo info;
  info.tool_version = "0.1.0";
  info.host = "earth";
  info.name = "default";
  info.selection = "-trace-syscalls pread64,openat,getpid";
  info.start_unix_ns = 1716580970LL * 1000000000LL;
  info.end_unix_ns = info.start_unix_ns + 5000000000LL;
  SessionStats stats;
  stats.kernel_count = 52;
  stats.sampled_out = 10;
  stats.delivered = 42;
  stats.decoded = 42;
  stats.dropped = 0;
  SyscallStats s;
  s.nr = *SyscallNumber("pread64");
  s.count = 50;
  s.sampled_out = 10;
  s.delivered = 40;
  s.latency_sum_ns = 51000;
  s.histogram[10] = 50;
  stats.syscalls.push_back(s);
  ResolvedSelection sel;
  sel.sample_rate.assign(SyscallTableSize(), 1);
  sel.sample_rate[s.nr] = 5;
  SetRecordingStats(stats, &sel, &info);
  return info;
}

std::string Serialized(const FlameAggregator& flame) {
  absl::StatusOr<std::string> bytes = SerializeRecording(SampleInfo(), flame);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return *bytes;
}

TEST(FlameRecordingTest, RoundTripEqualsLiveAggregation) {
  FlameAggregator flame = SampleFlame();
  const std::string bytes = Serialized(flame);
  absl::StatusOr<Recording> rec = ParseRecording(bytes, "mem");
  ASSERT_TRUE(rec.ok()) << rec.status();
  EXPECT_EQ(rec->flame.size(), flame.size());
  EXPECT_EQ(rec->flame.totals(), flame.totals());
  for (FlameWeight w : {FlameWeight::kCount, FlameWeight::kDuration, FlameWeight::kDurationToPrev,
                        FlameWeight::kBytes}) {
    FlameStackOptions options;
    options.weight = w;
    options.fields = {FlameField::kComm, FlameField::kTracepoint, FlameField::kPath,
                      FlameField::kPid,  FlameField::kTid,        FlameField::kFlags};
    EXPECT_EQ(FormatCollapsed(rec->flame, options), FormatCollapsed(flame, options));
  }
  const RecordingInfo& info = rec->info;
  EXPECT_EQ(info.host, "earth");
  EXPECT_EQ(info.name, "default");
  EXPECT_EQ(info.tool_version, "0.1.0");
  EXPECT_EQ(info.selection, "-trace-syscalls pread64,openat,getpid");
  EXPECT_EQ(info.start_unix_ns, 1716580970LL * 1000000000LL);
  EXPECT_EQ(info.loss.kernel_count, 52u);
  EXPECT_EQ(info.loss.sampled_out, 10u);
  ASSERT_EQ(info.syscalls.size(), 1u);
  EXPECT_EQ(info.syscalls[0].name, "pread64");
  EXPECT_EQ(info.syscalls[0].sample_rate, 5u);
  EXPECT_EQ(info.syscalls[0].stats.count, 50u);
  EXPECT_EQ(info.syscalls[0].stats.histogram[10], 50u);
  EXPECT_EQ(info.max_keys, kDefaultFlameMaxKeys);
}

TEST(FlameRecordingTest, FoldsSurviveTheRoundTrip) {
  FlameAggregator flame = SampleFlame(/*max_keys=*/3);
  ASSERT_GT(flame.folds().total(), 0u);
  absl::StatusOr<Recording> rec = ParseRecording(Serialized(flame), "mem");
  ASSERT_TRUE(rec.ok()) << rec.status();
  EXPECT_EQ(rec->info.folds.pidless, flame.folds().pidless);
  EXPECT_EQ(rec->info.folds.other, flame.folds().other);
  EXPECT_EQ(rec->info.max_keys, 3u);
  EXPECT_EQ(rec->flame.totals(), flame.totals());
  EXPECT_EQ(FormatCollapsed(rec->flame, {}), FormatCollapsed(flame, {}));
}

TEST(FlameRecordingTest, RefusesEmptyTruncatedCorruptAndForeign) {
  const std::string good = Serialized(SampleFlame());

  auto error = [](std::string_view bytes) {
    absl::StatusOr<Recording> rec = ParseRecording(bytes, "f.ior.zst");
    EXPECT_FALSE(rec.ok());
    return std::string(rec.status().message());
  };
  EXPECT_EQ(error(""), "f.ior.zst is empty, not an ior recording");
  EXPECT_EQ(error("hello world\n"),
            "f.ior.zst is not an ior recording (it is not zstd-compressed)");
  // Truncated anywhere: never accepted, never a crash.
  for (size_t n = 1; n < good.size(); n += std::max<size_t>(1, good.size() / 97)) {
    const std::string msg = error(std::string_view(good).substr(0, n));
    EXPECT_THAT(msg, StartsWith("f.ior.zst ")) << n;
  }
  EXPECT_THAT(error(std::string_view(good).substr(0, good.size() - 1)),
              ::testing::AnyOf(HasSubstr("truncated"), HasSubstr("corrupt")));
  // Every single flipped byte is detected.
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] ^= 0x20;
    const std::string msg = error(bad);
    EXPECT_THAT(msg, StartsWith("f.ior.zst ")) << i;
  }
  // A foreign zstd file.
  const std::string text = "just some text compressed with zstd\n";
  std::string foreign(ZSTD_compressBound(text.size()), '\0');
  foreign.resize(ZSTD_compress(foreign.data(), foreign.size(), text.data(), text.size(), 3));
  EXPECT_EQ(error(foreign),
            "f.ior.zst is a zstd file but not an ior recording (no IORFLAME magic)");
}

TEST(FlameRecordingTest, ChecksumCatchesPayloadCorruptionZstdMisses) {
  // Corrupt the payload before compression (as a bad writer or memory would): zstd's own
  // checksum is then right, ours is not.
  const std::string good = Serialized(SampleFlame());
  std::string payload(ZSTD_getFrameContentSize(good.data(), good.size()), '\0');
  ASSERT_EQ(ZSTD_decompress(payload.data(), payload.size(), good.data(), good.size()),
            payload.size());
  payload[payload.size() / 2] ^= 1;
  std::string bad(ZSTD_compressBound(payload.size()), '\0');
  bad.resize(ZSTD_compress(bad.data(), bad.size(), payload.data(), payload.size(), 3));
  absl::StatusOr<Recording> rec = ParseRecording(bad, "f");
  ASSERT_FALSE(rec.ok());
  EXPECT_EQ(rec.status().message(), "f is corrupt (checksum mismatch)");
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/ior-flame-test.XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(FlameRecordingTest, PublishNamesNeverOverwritesAndReadsBack) {
  TempDir dir;
  FlameAggregator flame = SampleFlame();
  RecordingInfo info = SampleInfo();
  const std::string expected = dir.path() + "/" + RecordingFileName(info);
  EXPECT_THAT(RecordingFileName(info),
              ::testing::MatchesRegex("earth-default-20[0-9][0-9]-[01][0-9]-[0-3][0-9]_"
                                      "[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\\.ior\\.zst"));
  absl::StatusOr<std::string> first = PublishRecording(dir.path(), info, flame);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, expected);
  absl::StatusOr<std::string> second = PublishRecording(dir.path(), info, flame);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, expected.substr(0, expected.size() - 8) + "-1.ior.zst");
  absl::StatusOr<std::string> third = PublishRecording(dir.path(), info, flame);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(*third, expected.substr(0, expected.size() - 8) + "-2.ior.zst");
  // No temporary file is left behind.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_THAT(entry.path().string(), ::testing::EndsWith(".ior.zst"));
    ++files;
  }
  EXPECT_EQ(files, 3);
  absl::StatusOr<Recording> back = ReadRecording(*first);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(FormatCollapsed(back->flame, {}), FormatCollapsed(flame, {}));

  // Errors: a missing file, an empty file, a bad name.
  absl::StatusOr<Recording> missing = ReadRecording(dir.path() + "/nope.ior.zst");
  EXPECT_TRUE(absl::IsNotFound(missing.status()));
  const std::string empty = dir.path() + "/empty.ior.zst";
  std::ofstream(empty).close();
  EXPECT_EQ(ReadRecording(empty).status().message(), empty + " is empty, not an ior recording");
  info.name = "a/b";
  EXPECT_FALSE(PublishRecording(dir.path(), info, flame).ok());
  EXPECT_FALSE(ValidateRecordingName("").ok());
  EXPECT_TRUE(ValidateRecordingName("nightly-build").ok());
}

}  // namespace
}  // namespace ior
