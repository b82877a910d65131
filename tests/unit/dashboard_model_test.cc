// The dashboard's model (examples/ior/dashboard/model.h) and flamegraph tree, fed with
// synthetic batches: aggregates, the filter and its replay of the row ring, the ring's bound.
#include <cstring>
#include <string>
#include <vector>

#include "filter.h"
#include "flame_tree.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ior/event.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"
#include "model.h"
#include "probe_selection.h"
#include "stream_export.h"

namespace ior::dashboard {
namespace {

using ::testing::ElementsAre;

struct Call {
  const char* syscall;
  const char* comm;
  uint32_t pid;
  const char* file;  // "" for none
  int64_t ret;
  uint64_t latency_ns;
  uint64_t bytes = 0;
};

EventBatch Batch(const std::vector<Call>& calls) {
  EventBatch batch;
  for (const Call& c : calls) {
    Event e{};
    e.nr = *SyscallNumber(c.syscall);
    const SyscallInfo* info = FindSyscall(e.nr);
    e.family = static_cast<uint8_t>(info->family);
    e.bytes_class = static_cast<uint8_t>(info->bytes);
    e.pid = c.pid;
    e.tid = c.pid;
    e.ret = c.ret;
    e.latency_ns = c.latency_ns;
    e.gap_ns = 100;
    e.bytes = c.bytes;
    e.fd = 3;
    std::strncpy(e.comm, c.comm, kCommLength - 1);
    if (*c.file != '\0') {
      e.file_status = static_cast<uint8_t>(FileStatus::kPath);
      e.file_ref = batch.AddString(c.file);
    }
    batch.mutable_events().push_back(e);
  }
  return batch;
}

Filter Parse(const char* text) {
  absl::StatusOr<Filter> f = Filter::Parse(text);
  EXPECT_TRUE(f.ok()) << f.status();
  return f.ok() ? *f : Filter();
}

const std::vector<Call> kCalls = {
    {"openat", "cat", 10, "/etc/hosts", 3, 2000},
    {"read", "cat", 10, "/etc/hosts", 100, 500, 100},
    {"read", "cat", 10, "/etc/hosts", 0, 300},
    {"close", "cat", 10, "/etc/hosts", 0, 200},
    {"openat", "cat", 10, "/nonexistent", -2, 1500},
    {"write", "sh", 20, "/tmp/out", 7, 4'000'000, 7},
};

TEST(DashboardModel, Aggregates) {
  Model m;
  m.Add(Batch(kCalls), 0);
  EXPECT_EQ(m.totals().count, 6u);
  EXPECT_EQ(m.totals().errors, 1u);
  EXPECT_EQ(m.totals().read_bytes, 100u);
  EXPECT_EQ(m.totals().write_bytes, 7u);
  const SyscallAgg& read = m.syscall(*SyscallNumber("read"));
  EXPECT_EQ(read.count, 2u);
  EXPECT_EQ(read.latency_min_ns, 300u);
  EXPECT_EQ(read.latency_max_ns, 500u);
  EXPECT_EQ(read.bytes, 100u);
  EXPECT_EQ(m.syscall(*SyscallNumber("openat")).errors, 1u);
  EXPECT_EQ(m.seen_syscalls().size(), 4u);
  ASSERT_EQ(m.files().count("/etc/hosts"), 1u);
  EXPECT_EQ(m.files().at("/etc/hosts").accesses, 4u);
  EXPECT_EQ(m.files().at("/etc/hosts").read_bytes, 100u);
  EXPECT_EQ(m.files().at("/tmp/out").write_bytes, 7u);
  EXPECT_EQ(m.processes().at(10).count, 5u);
  EXPECT_EQ(m.processes().at(20).comm, "sh");
  // Decades: 200..500 ns in [0,1us), 1.5 and 2 us in [1us,10us), 4 ms in [1ms,10ms).
  EXPECT_THAT(m.latency_buckets(), ElementsAre(3, 2, 0, 0, 1, 0, 0, 0));
  EXPECT_EQ(m.flame().totals().count, 6u);
  EXPECT_EQ(m.rows().size(), 6u);
}

TEST(DashboardModel, FilterAppliesToFiguresAndReplaysTheRing) {
  Model m;
  m.Add(Batch(kCalls), 0);
  m.SetFilter(Parse("comm=cat syscall==read"), 1);
  // The ring's rows that pass, at once.
  EXPECT_EQ(m.totals().count, 2u);
  EXPECT_EQ(m.seen_syscalls().size(), 1u);
  EXPECT_EQ(m.files().size(), 1u);
  EXPECT_EQ(m.processes().size(), 1u);
  EXPECT_EQ(m.flame().totals().count, 2u);
  EXPECT_EQ(m.rows().size(), 6u);  // the ring keeps every row
  // New rows: only those that pass count; the others still go to the ring.
  std::vector<uint8_t> passed;
  m.Add(Batch({{"read", "cat", 10, "/etc/hosts", 1, 100, 1}, {"write", "cat", 10, "", 1, 100, 1}}),
        1, &passed);
  EXPECT_THAT(passed, ElementsAre(1, 0));
  EXPECT_EQ(m.totals().count, 3u);
  EXPECT_EQ(m.rows().size(), 8u);
  // errors and latency thresholds.
  m.SetFilter(Parse("errors"), 2);
  EXPECT_EQ(m.totals().count, 1u);
  EXPECT_EQ(m.files().count("/nonexistent"), 1u);
  m.SetFilter(Parse("latency>=1ms"), 3);
  EXPECT_EQ(m.totals().count, 1u);
  EXPECT_EQ(m.processes().count(20), 1u);
  // Resetting the figures keeps filter and rows; Reset drops the rows too.
  m.ResetFigures(4);
  EXPECT_EQ(m.totals().count, 0u);
  EXPECT_EQ(m.rows().size(), 8u);
  EXPECT_EQ(m.filter().text(), "latency>=1ms");
  m.Reset(5);
  EXPECT_TRUE(m.rows().empty());
}

TEST(DashboardModel, RingKeepsTheNewestRows) {
  Model m;
  std::vector<Call> calls(1000, Call{"read", "cat", 10, "/f", 1, 100, 1});
  for (int i = 0; i < 12; ++i) m.Add(Batch(calls), i);
  EXPECT_EQ(m.rows().size(), Model::kStreamRows);
  EXPECT_EQ(m.rows().front().seq, 12000u - Model::kStreamRows);
  EXPECT_EQ(m.rows_seen(), 12000u);
  EXPECT_EQ(m.totals().count, 12000u);
  // One history entry per second since the first batch.
  EXPECT_EQ(m.history().size(), 12u);
  EXPECT_EQ(m.history()[3].count, 1000u);
}

TEST(DashboardFlameTree, PathFramesAndOrders) {
  EXPECT_THAT(PathFrames("/usr/lib/x"), ElementsAre("/usr", "/lib", "/x"));
  EXPECT_THAT(PathFrames("pipe:[3]"), ElementsAre("pipe:[3]"));
  EXPECT_TRUE(PathFrames("").empty());

  Model m;
  m.Add(Batch(kCalls), 0);
  FlameNode root = BuildFlameTree(m.flame(), /*metric=*/0, /*order=*/0);
  EXPECT_EQ(root.value, 6u);
  const FlameNode* hosts = FindFlameNode(root, {"cat", "read", "/etc", "/hosts"});
  ASSERT_NE(hosts, nullptr);
  EXPECT_EQ(hosts->value, 2u);
  EXPECT_EQ(FindFlameNode(root, {"cat", "write"}), nullptr);
  // Bytes: only read and write moved any.
  FlameNode bytes = BuildFlameTree(m.flame(), 1, 0);
  EXPECT_EQ(bytes.value, 107u);
  EXPECT_THAT(bytes.children.size(), 2u);
  // Order path/syscall/comm; pid/syscall/path.
  FlameNode by_path = BuildFlameTree(m.flame(), 0, 1);
  ASSERT_NE(FindFlameNode(by_path, {"/etc", "/hosts", "read", "cat"}), nullptr);
  EXPECT_EQ(FindFlameNode(by_path, {"/etc"})->value, 4u);
  FlameNode by_pid = BuildFlameTree(m.flame(), 0, 3);
  EXPECT_EQ(FindFlameNode(by_pid, {"20", "write", "/tmp", "/out"})->value, 1u);
  EXPECT_STREQ(FlameOrderName(1), "path/syscall/comm");
}

TEST(DashboardFlameTree, SearchCountsFramesAndTheirValueOnce) {
  Model m;
  m.Add(Batch(kCalls), 0);
  FlameNode root = BuildFlameTree(m.flame(), 0, 0);
  // "/hosts" under openat, read and close of cat: 3 frames, 4 calls.
  FlameMatches hosts = MatchFlame(root, "HOSTS");
  EXPECT_EQ(hosts.frames, 3u);
  EXPECT_EQ(hosts.value, 4u);
  // "t" matches cat and frames below it: cat's 5 calls are counted once, plus sh's /tmp /out.
  FlameMatches t = MatchFlame(root, "t");
  EXPECT_EQ(t.value, 6u);
  EXPECT_EQ(MatchFlame(root, "").frames, 0u);
  EXPECT_EQ(MatchFlame(root, "nothing").value, 0u);
}

TEST(DashboardStreamExport, OneRowPerCallQuotedAndEscaped) {
  StreamRow row;
  row.seq = 7;
  row.enter_ns = 1000;
  row.gap_ns = 20;
  row.latency_ns = 30;
  row.pid = 10;
  row.tid = 11;
  row.nr = *SyscallNumber("openat");
  row.family = static_cast<uint8_t>(FindSyscall(row.nr)->family);
  row.ret = -2;
  std::strncpy(row.comm, "a,b", kCommLength - 1);
  row.file = "/tmp/x\"y\x1b[2J";
  std::string out;
  AppendStreamCsv(row, &out);
  EXPECT_EQ(out, "7,1000,20,30,\"a,b\",10,11,openat,,-2,0,\"/tmp/x\"\"y\\x1b[2J\",1,FS\n");
  EXPECT_EQ(StreamRowText(row), "a,b 10 11 openat -2 0 /tmp/x\"y\x1b[2J");
}

TEST(DashboardProbeSelection, FamiliesAndSingleSyscallsInAnyOrder) {
  const uint32_t pread = *SyscallNumber("pread64");
  const uint32_t gettime = *SyscallNumber("clock_gettime");
  Selection sel;  // the default: FS
  EXPECT_THAT(TracedFamilies(sel), ElementsAre("FS"));
  absl::StatusOr<Selection> s = SwitchSyscalls(sel, {pread}, false);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_FALSE(TracedSyscalls(*s)[pread]);
  EXPECT_TRUE(TracedSyscalls(*s)[*SyscallNumber("openat")]);
  // Time on, then off again but one of its syscalls on: that one stays.
  s = SwitchFamily(*s, Family::kTime, true);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_THAT(TracedFamilies(*s), ElementsAre("Time", "FS"));
  EXPECT_TRUE(TracedSyscalls(*s)[gettime]);
  s = SwitchFamily(*s, Family::kTime, false);
  ASSERT_TRUE(s.ok());
  s = SwitchSyscalls(*s, {gettime}, true);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(TracedSyscalls(*s)[gettime]);
  EXPECT_FALSE(TracedSyscalls(*s)[*SyscallNumber("nanosleep")]);
  // FS on again: every FS syscall, pread64 too.
  s = SwitchFamily(*s, Family::kFS, true);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(TracedSyscalls(*s)[pread]);
  // Sampling rates survive an edit.
  Selection sampled;
  sampled.sample_syscalls = {{"pread64", 10}};
  s = SwitchSyscalls(sampled, {gettime}, true);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->sample_syscalls.at("pread64"), 10u);
  // Nothing traced is refused (an empty selection would mean FS).
  Selection one;
  one.syscalls = {"pread64"};
  absl::StatusOr<Selection> none = SwitchSyscalls(one, {pread}, false);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace ior::dashboard
