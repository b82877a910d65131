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
#include "ior/latency_histogram.h"
#include "ior/syscalls.h"

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
  sel.sample_rate.assign(SyscallNumberLimit(), 1);
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

uint64_t Fnv1a64(std::string_view data) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

void AppendLe(uint64_t v, int bytes, std::string* out) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

// The payload (checksum removed) of a recording.
std::string Payload(const std::string& file) {
  std::string payload(ZSTD_getFrameContentSize(file.data(), file.size()), '\0');
  EXPECT_EQ(ZSTD_decompress(payload.data(), payload.size(), file.data(), file.size()),
            payload.size());
  payload.resize(payload.size() - 8);
  return payload;
}

// A recording file of `payload` (without its checksum), as the writer frames it.
std::string FileOf(std::string payload) {
  AppendLe(Fnv1a64(payload), 8, &payload);
  std::string file(ZSTD_compressBound(payload.size()), '\0');
  file.resize(ZSTD_compress(file.data(), file.size(), payload.data(), payload.size(), 3));
  const uint64_t file_sum = Fnv1a64(file);
  AppendLe(0x184D2A5F, 4, &file);
  AppendLe(12, 4, &file);
  file += "IORS";
  AppendLe(file_sum, 8, &file);
  return file;
}

// Skips a varint of `p` at *at.
void SkipVarint(std::string_view p, size_t* at) {
  while (static_cast<unsigned char>(p[*at]) & 0x80) ++*at;
  ++*at;
}

// The payload of a version 2 file with SampleInfo()'s figures, made from what this writer
// writes (version 3): no degrade figures after the loss counters, none after the histogram.
std::string VersionTwoPayload() {
  std::string payload = Payload(Serialized(SampleFlame()));
  EXPECT_EQ(payload.substr(0, 9), std::string("IORFLAME\x03"));
  payload[8] = 2;
  size_t at = 9;
  for (int i = 0; i < 4; ++i) {  // tool_version, host, name, selection
    const size_t len = static_cast<unsigned char>(payload[at]);  // all shorter than 128
    at += 1 + len;
  }
  for (int i = 0; i < 5 + 10; ++i) SkipVarint(payload, &at);  // times, folds; the loss
  // degraded, degrade_windows_dropped, no windows: 0, 0, 0.
  EXPECT_EQ(payload.substr(at, 3), std::string(3, '\0'));
  payload.erase(at, 3);
  std::string hist(kHistogramBuckets, '\0');  // one varint byte per bucket: 0 or 50
  hist[10] = 50;
  const size_t h = payload.find(hist + std::string(2, '\0'));  // then degraded, degraded_one_in
  EXPECT_NE(h, std::string::npos);
  payload.erase(h + hist.size(), 2);
  return payload;
}

TEST(FlameRecordingTest, ReadsVersionTwoWithoutDegradeFigures) {
  absl::StatusOr<Recording> rec = ParseRecording(FileOf(VersionTwoPayload()), "v2");
  ASSERT_TRUE(rec.ok()) << rec.status();
  const RecordingInfo& info = rec->info;
  EXPECT_EQ(info.loss.kernel_count, 52u);
  EXPECT_EQ(info.loss.sampled_out, 10u);
  EXPECT_EQ(info.loss.degraded, 0u);
  EXPECT_TRUE(info.loss.degrade_windows.empty());
  EXPECT_EQ(info.loss.degrade_windows_dropped, 0u);
  ASSERT_EQ(info.syscalls.size(), 1u);
  EXPECT_EQ(info.syscalls[0].stats.count, 50u);
  EXPECT_EQ(info.syscalls[0].stats.histogram[10], 50u);
  EXPECT_EQ(info.syscalls[0].stats.degraded, 0u);
  EXPECT_EQ(info.syscalls[0].stats.degraded_one_in, 0u);
  EXPECT_EQ(FormatCollapsed(rec->flame, {}), FormatCollapsed(SampleFlame(), {}));
}

TEST(FlameRecordingTest, DegradeFiguresSurviveTheRoundTrip) {
  RecordingInfo info = SampleInfo();
  info.loss.sampled_out = 10;
  info.loss.degraded = 7;
  info.loss.degrade_windows_dropped = 3;
  info.loss.degrade_windows = {
      {.start_ns = 1000, .end_ns = 250001000, .calls = 5, .min_one_in = 2},
      {.start_ns = 250001000, .end_ns = 300000000, .calls = 2, .min_one_in = 1u << 16}};
  info.syscalls[0].stats.degraded = 7;
  info.syscalls[0].stats.degraded_one_in = 1u << 16;
  absl::StatusOr<std::string> bytes = SerializeRecording(info, SampleFlame());
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<Recording> rec = ParseRecording(*bytes, "mem");
  ASSERT_TRUE(rec.ok()) << rec.status();
  const SessionStats& loss = rec->info.loss;
  EXPECT_EQ(loss.degraded, 7u);
  EXPECT_EQ(loss.sampled_out, 10u);
  EXPECT_EQ(loss.degrade_windows_dropped, 3u);
  ASSERT_EQ(loss.degrade_windows.size(), 2u);
  EXPECT_EQ(loss.degrade_windows[0].start_ns, 1000u);
  EXPECT_EQ(loss.degrade_windows[0].end_ns, 250001000u);
  EXPECT_EQ(loss.degrade_windows[0].calls, 5u);
  EXPECT_EQ(loss.degrade_windows[0].min_one_in, 2u);
  EXPECT_EQ(loss.degrade_windows[1].start_ns, 250001000u);
  EXPECT_EQ(loss.degrade_windows[1].end_ns, 300000000u);
  EXPECT_EQ(loss.degrade_windows[1].calls, 2u);
  EXPECT_EQ(loss.degrade_windows[1].min_one_in, 65536u);
  ASSERT_EQ(rec->info.syscalls.size(), 1u);
  EXPECT_EQ(rec->info.syscalls[0].stats.degraded, 7u);
  EXPECT_EQ(rec->info.syscalls[0].stats.degraded_one_in, 65536u);
  EXPECT_EQ(rec->info.syscalls[0].stats.count, 50u);
  // A window count the file cannot hold is refused, not allocated.
  std::string payload = Payload(*bytes);
  const size_t at = payload.find(std::string("\x07\x03\x02", 3));  // degraded, dropped, n
  ASSERT_NE(at, std::string::npos);
  payload.replace(at + 2, 1, "\xff\x7f");  // 16383 windows
  absl::StatusOr<Recording> bad = ParseRecording(FileOf(payload), "big");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "big is corrupt: it has a count larger than the file");
}

TEST(FlameRecordingTest, RefusesANewerVersion) {
  std::string payload = Payload(Serialized(SampleFlame()));
  payload[8] = 4;
  absl::StatusOr<Recording> rec = ParseRecording(FileOf(payload), "new");
  ASSERT_FALSE(rec.ok());
  EXPECT_EQ(rec.status().message(),
            "new has recording format version 4 but this ior reads versions 1 to 3 (written by "
            "a newer ior, or corrupt)");
}

TEST(FlameRecordingTest, ReadsVersionOneWithItsLog2Histogram) {
  // A version 1 file, made from a version 2 payload: version 1, and the stats' histogram as
  // 40 log2 buckets (here 50 calls in log2 bucket 11, [1024, 2048) ns).
  std::string payload = VersionTwoPayload();
  payload[8] = 1;
  std::string v2_hist(kHistogramBuckets, '\0');  // one varint byte per bucket: 0 or 50
  v2_hist[10] = 50;
  const size_t at = payload.find(v2_hist);
  ASSERT_NE(at, std::string::npos);
  std::string v1_hist(kLog2HistogramBuckets, '\0');
  v1_hist[11] = 50;
  payload.replace(at, v2_hist.size(), v1_hist);

  absl::StatusOr<Recording> rec = ParseRecording(FileOf(payload), "v1");
  ASSERT_TRUE(rec.ok()) << rec.status();
  ASSERT_EQ(rec->info.syscalls.size(), 1u);
  const SyscallStats& st = rec->info.syscalls[0].stats;
  EXPECT_EQ(st.count, 50u);
  uint64_t total = 0;
  for (uint64_t c : st.histogram) total += c;
  EXPECT_EQ(total, 50u);
  EXPECT_EQ(st.histogram[LatencyBucket(1024)], 50u);  // the log2 bucket's lower bound
  EXPECT_EQ(rec->flame.Records().size(), SampleFlame().Records().size());
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
