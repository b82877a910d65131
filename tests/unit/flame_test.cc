// FlameAggregator (keys, counters, folding) and the collapsed stacks rendered from it.
#include "ior/flame.h"

#include <fcntl.h>

#include <random>
#include <string>
#include <vector>

#include "flame_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ior/event.h"
#include "ior/flame_collapsed.h"

namespace ior {
namespace {

using ::ior::testing::AddCall;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

EventBatch SampleBatch() {
  EventBatch b;
  AddCall(b, {"openat", "cat", 10, 10, "/etc/hosts", 100, 0, 0, O_RDONLY | O_CLOEXEC});
  AddCall(b, {"read", "cat", 10, 10, "/etc/hosts", 200, 5, 64, O_RDONLY | O_CLOEXEC});
  AddCall(b, {"read", "cat", 10, 10, "/etc/hosts", 300, 7, 0, O_RDONLY | O_CLOEXEC});
  AddCall(b, {"read", "cat", 10, 11, "/etc/hosts", 50, 1, 10, O_RDONLY | O_CLOEXEC});
  AddCall(b, {"close", "cat", 10, 10, "/etc/hosts", 20, 3, 0, O_RDONLY | O_CLOEXEC});
  AddCall(b, {"getpid", "cat", 10, 10, "", 5, 2, 0, 0});
  AddCall(b, {"write", "sh", 20, 20, "/tmp/out", 1000, 9, 4096, O_WRONLY | O_APPEND});
  AddCall(b, {"renameat2", "sh", 20, 20, "/tmp/b", 70, 4, 0, 0, "/tmp/a"});
  return b;
}

TEST(FlameAggregatorTest, SumsPerKey) {
  FlameAggregator flame;
  EventBatch batch = SampleBatch();
  flame.Add(batch);
  // The two reads of tid 10 share a key; tid 11 has its own.
  EXPECT_EQ(flame.size(), 7u);
  const std::vector<FlameRecord> records = flame.Records();
  const FlameRecord* read10 = nullptr;
  for (const FlameRecord& r : records) {
    if (r.syscall == "read" && r.tid == 10) read10 = &r;
  }
  ASSERT_NE(read10, nullptr);
  EXPECT_EQ(read10->path, "/etc/hosts");
  EXPECT_EQ(read10->comm, "cat");
  EXPECT_EQ(read10->pid, 10u);
  EXPECT_EQ(read10->flags, static_cast<uint32_t>(O_RDONLY | O_CLOEXEC));
  EXPECT_EQ(read10->counters, (FlameCounters{2, 500, 12, 64}));
  EXPECT_EQ(flame.totals(), (FlameCounters{8, 1745, 31, 4170}));
  EXPECT_EQ(flame.folds().total(), 0u);
  // Rename keys carry "old -> new"; calls without a file an empty path.
  bool rename = false, nofile = false;
  for (const FlameRecord& r : records) {
    if (r.syscall == "renameat2") rename = r.path == "/tmp/a -> /tmp/b";
    if (r.syscall == "getpid") nofile = r.path.empty();
  }
  EXPECT_TRUE(rename);
  EXPECT_TRUE(nofile);
}

TEST(FlameAggregatorTest, SameKeyDifferentFlagsAreDifferentKeys) {
  FlameAggregator flame;
  EventBatch b;
  AddCall(b, {"read", "cat", 1, 1, "/f", 1, 0, 1, O_RDONLY});
  AddCall(b, {"read", "cat", 1, 1, "/f", 1, 0, 1, O_RDWR});
  flame.Add(b);
  EXPECT_EQ(flame.size(), 2u);
}

TEST(FlameAggregatorTest, FoldsIntoPidlessThenOtherAndKeepsTotals) {
  FlameAggregator flame(FlameAggregator::Options{.max_keys = 4});
  EventBatch b;
  // 4 exact keys fill the cap.
  for (uint32_t pid = 1; pid <= 4; ++pid) {
    AddCall(b, {"read", "a", pid, pid, "/x", 10, 1, 2, 0});
  }
  // New pids of a known path+comm: stage 1 (pid 0/tid 0 record of /x, comm a).
  for (uint32_t pid = 5; pid <= 9; ++pid) {
    AddCall(b, {"read", "a", pid, pid, "/x", 10, 1, 2, 0});
  }
  // Existing keys keep aggregating exactly.
  AddCall(b, {"read", "a", 1, 1, "/x", 10, 1, 2, 0});
  // A new path+comm: the headroom is max(4/8, 1) = 1 record, already used by the first fold,
  // so these go to "[other]" (stage 2).
  AddCall(b, {"read", "b", 50, 50, "/y", 10, 1, 2, 0});
  AddCall(b, {"write", "c", 51, 51, "/z", 10, 1, 2, 0});
  AddCall(b, {"write", "c", 52, 52, "/z", 10, 1, 2, 0});
  flame.Add(b);

  EXPECT_EQ(flame.totals(), (FlameCounters{13, 130, 13, 26}));
  EXPECT_EQ(flame.folds().pidless, 5u);
  EXPECT_EQ(flame.folds().other, 3u);
  FlameCounters sum;
  uint64_t pid1 = 0, pidless = 0, other_read = 0, other_write = 0;
  flame.ForEach([&](const FlameRecord& r) {
    sum += r.counters;
    if (r.pid == 1) pid1 = r.counters.count;
    if (r.pid == 0 && r.comm == "a") pidless = r.counters.count;
    if (r.comm == kFlameOtherLabel && r.path == kFlameOtherLabel) {
      (r.syscall == "read" ? other_read : other_write) += r.counters.count;
    }
  });
  EXPECT_EQ(sum, flame.totals());  // every event landed in some record
  EXPECT_EQ(pid1, 2u);
  EXPECT_EQ(pidless, 5u);
  EXPECT_EQ(other_read, 1u);
  EXPECT_EQ(other_write, 2u);
  EXPECT_EQ(flame.size(), 4u + 1u + 2u);  // cap + headroom + one [other] per syscall/flags
}

TEST(FlameAggregatorTest, RandomChurnStaysBoundedAndExact) {
  FlameAggregator flame(FlameAggregator::Options{.max_keys = 64});
  std::mt19937 rng(42);
  FlameCounters expected;
  for (int round = 0; round < 20; ++round) {
    EventBatch b;
    for (int i = 0; i < 500; ++i) {
      const uint32_t pid = rng() % 1000;
      const std::string path = "/d" + std::to_string(rng() % 50);
      const uint64_t lat = rng() % 1000, gap = rng() % 100, bytes = rng() % 10;
      AddCall(b, {"read", "p", pid, pid, path, lat, gap, bytes, 0});
      expected += FlameCounters{1, lat, gap, bytes};
    }
    flame.Add(b);
  }
  EXPECT_EQ(flame.totals(), expected);
  FlameCounters sum;
  flame.ForEach([&](const FlameRecord& r) { sum += r.counters; });
  EXPECT_EQ(sum, expected);
  EXPECT_LE(flame.size(), 64u + 8u + 1u);
  EXPECT_GT(flame.folds().total(), 0u);
}

TEST(FlameAggregatorTest, MergeAddsEverything) {
  FlameAggregator a, b;
  EventBatch batch = SampleBatch();
  a.Add(batch);
  b.Add(batch);
  a.Merge(b);
  EXPECT_EQ(a.size(), 7u);
  EXPECT_EQ(a.totals().count, 16u);
}

TEST(FlameCollapsedTest, DefaultFieldsCount) {
  FlameAggregator flame;
  EventBatch batch = SampleBatch();
  flame.Add(batch);
  EXPECT_EQ(FormatCollapsed(flame, FlameStackOptions()),
            "cat;enter_close;;/etc;/hosts 1\n"
            "cat;enter_getpid 1\n"
            "cat;enter_openat;;/etc;/hosts 1\n"
            "cat;enter_read;;/etc;/hosts 3\n"
            "sh;enter_renameat2;;/tmp;/a -> ;/tmp;/b 1\n"
            "sh;enter_write;;/tmp;/out 1\n");
}

TEST(FlameCollapsedTest, WeightsOmitZeroLines) {
  FlameAggregator flame;
  EventBatch batch = SampleBatch();
  flame.Add(batch);
  FlameStackOptions options;
  options.weight = FlameWeight::kBytes;
  EXPECT_EQ(FormatCollapsed(flame, options),
            "cat;enter_read;;/etc;/hosts 74\n"
            "sh;enter_write;;/tmp;/out 4096\n");
  options.weight = FlameWeight::kDuration;
  options.fields = {FlameField::kTracepoint};
  EXPECT_EQ(FormatCollapsed(flame, options),
            "enter_close 20\nenter_getpid 5\nenter_openat 100\nenter_read 550\n"
            "enter_renameat2 70\nenter_write 1000\n");
  options.weight = FlameWeight::kDurationToPrev;
  options.fields = {FlameField::kPid, FlameField::kTid, FlameField::kFlags};
  EXPECT_EQ(FormatCollapsed(flame, options),
            "10;10;O_RDONLY 2\n10;10;O_RDONLY|O_CLOEXEC 15\n10;11;O_RDONLY|O_CLOEXEC 1\n"
            "20;20;O_RDONLY 4\n20;20;O_WRONLY|O_APPEND 9\n");
}

TEST(FlameCollapsedTest, UnknownForEmptyFieldsAndEscapes) {
  FlameAggregator flame;
  EventBatch b;
  AddCall(b, {"getpid", "x", 1, 1, "", 1, 0, 0, 0});
  AddCall(b, {"openat", "x", 1, 1, "/tmp/a\nb\rc", 1, 0, 0, 0});
  AddCall(b, {"openat", "x", 1, 1, "/tmp/\x1b[31mred\xff", 1, 0, 0, 0});
  flame.Add(b);
  FlameStackOptions options;
  options.fields = {FlameField::kPath};
  EXPECT_EQ(FormatCollapsed(flame, options),
            ";/tmp;/\x1b[31mred\xff 1\n"
            ";/tmp;/a\\x0ab\\x0dc 1\n"
            "[unknown] 1\n");
  options.escape_terminal = true;
  EXPECT_THAT(FormatCollapsed(flame, options), HasSubstr(";/tmp;/\\x1b[31mred\\xff 1\n"));
}

TEST(FlameCollapsedTest, PathSplitting) {
  std::vector<FlameFrame> frames;
  FlameRecord r;
  r.path = "/usr/lib/x";
  FlameStackOptions options;
  options.fields = {FlameField::kPath};
  FlameFrames(r, options, &frames);
  std::vector<std::string> texts;
  for (const FlameFrame& f : frames) texts.push_back(f.text);
  EXPECT_THAT(texts, ElementsAre("", "/usr", "/lib", "/x"));
  r.path = "pipe:[12]";
  FlameFrames(r, options, &frames);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].text, "pipe:[12]");
  r.path = "";
  FlameFrames(r, options, &frames);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].text, "[unknown]");
  EXPECT_TRUE(frames[0].placeholder);
}

TEST(FlameCollapsedTest, ParsesFieldsAndWeights) {
  auto fields = ParseFlameFields("comm,tracepoint,path,pid,tid,flags");
  ASSERT_TRUE(fields.ok());
  EXPECT_EQ(fields->size(), 6u);
  EXPECT_FALSE(ParseFlameFields("comm,,path").ok());
  EXPECT_THAT(std::string(ParseFlameFields("bogus").status().message()), HasSubstr("bogus"));
  EXPECT_EQ(*ParseFlameWeight("durationToPrev"), FlameWeight::kDurationToPrev);
  EXPECT_FALSE(ParseFlameWeight("latency").ok());
  EXPECT_EQ(OpenFlagsName(O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC),
            "O_RDWR|O_CREAT|O_TRUNC|O_CLOEXEC");
}

}  // namespace
}  // namespace ior
