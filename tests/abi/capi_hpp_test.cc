// ior/ior.hpp, the header-only C++ layer over the C ABI, against libior.so only: errors as
// values, the option builders reaching the C structs, commands, and (as root) a traced command
// iterated to its end, and a traced workload recorded by the sinks (Parquet read back with
// DuckDB, the flame's exact stacks and its recording, a Perfetto timeline).
#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ior/ior.hpp"
#include "node_runner.h"
#include "workload_process.h"

namespace {

namespace abi = ior::abi;
using ::ior::testing::DuckDb;
using ::ior::testing::kNodeHint;
using ::ior::testing::NodeResult;
using ::ior::testing::TempDir;
using ::ior::testing::TempFile;
using ::ior::testing::WorkloadProcess;

TEST(CapiHpp, ErrorsAreValuesWithTheLibrarysDetail) {
  abi::SessionOptions opts;
  opts.Syscalls({"openat", "opnat"});
  abi::Result<abi::Session> s = abi::Session::Create(opts);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), -EINVAL);
  EXPECT_NE(s.error().detail().find("opnat"), std::string::npos);
  EXPECT_EQ(s.error().message(), "Invalid argument: " + s.error().detail());

  abi::SessionOptions bad_kind;
  bad_kind.selection().Kinds({"fd"}).ExcludeKinds({"nope"});
  EXPECT_EQ(abi::Session::Create(bad_kind).error().code(), -EINVAL);

  abi::SessionOptions bad_path;
  bad_path.CgroupPath("/no/such/cgroup");
  EXPECT_EQ(abi::Session::Create(bad_path).error().code(), -ENOENT);

  abi::SessionOptions ok;
  ok.Pids({1}).Follow().CommFilter("init", abi::Match::kExact).TrackFiles(false).BatchSize(8);
  EXPECT_EQ(ok.get()->degrade, 0u);
  ok.Degrade();
  EXPECT_EQ(ok.get()->degrade, 1u);
  ok.selection().Families({"FS"}).SampleSyscall("read", 10).ExcludeSyscalls({"close"});
  abi::Result<abi::Session> created = abi::Session::Create(ok);
  ASSERT_TRUE(created.ok()) << created.error().message();
  EXPECT_EQ(created->Poll(0, [](const ior_event&) {}).code(), IOR_ESTATE);  // not started
  EXPECT_TRUE(created->Stop().ok());
  EXPECT_TRUE(created->Poll(0, [](const ior_event&) {}).end_of_stream());
}

TEST(CapiHpp, Commands) {
  abi::Result<abi::Command> c = abi::Command::Start({"sh", "-c", "exit 9"});
  ASSERT_TRUE(c.ok()) << c.error().message();
  EXPECT_GT(c->pid(), 0);
  EXPECT_TRUE(c->Release().ok());
  EXPECT_EQ(c->Wait().value_or(-1), 9);

  abi::Command::Options in_tmp;
  in_tmp.cwd = "/tmp";
  in_tmp.env = std::vector<std::string>{"X=1"};
  abi::Result<abi::Command> env = abi::Command::Start(
      {"sh", "-c", "test \"$(pwd)\" = /tmp && test \"$X\" = 1 && test -z \"$HOME\""}, in_tmp);
  ASSERT_TRUE(env.ok());
  EXPECT_TRUE(env->Release().ok());
  EXPECT_EQ(env->Wait().value_or(-1), 0);

  abi::Result<abi::Command> missing = abi::Command::Start({"/no/such/program"});
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->Release().code(), -ENOENT);
  EXPECT_EQ(missing->Wait().value_or(-1), 127);

  EXPECT_EQ(abi::Command::Start({}).error().code(), -EINVAL);
  EXPECT_EQ(abi::SyscallName(257), "openat");
  EXPECT_EQ(abi::SyscallName(100000), "syscall_100000");
}

TEST(CapiHpp, TracesACommandToItsEnd) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  abi::Result<abi::Command> cmd =
      abi::Command::Start({"sh", "-c", "cat " + file.path() + " > /dev/null"});
  ASSERT_TRUE(cmd.ok());
  abi::SessionOptions opts;
  opts.Pids({cmd->pid()}).Follow().PathFilter(file.path(), abi::Match::kExact);
  abi::Result<abi::Session> s = abi::Session::Create(opts);
  ASSERT_TRUE(s.ok()) << s.error().message();
  ASSERT_TRUE(s->Start().ok());
  ASSERT_TRUE(cmd->Release().ok());
  std::map<std::string, int> calls;
  abi::EventStream events = s->Events(10000);
  for (const ior_event& e : events) {
    EXPECT_EQ(abi::File(e), file.path());
    EXPECT_STREQ(e.comm, "cat");
    ++calls[abi::SyscallName(e.nr)];
  }
  EXPECT_TRUE(events.error().ok()) << events.error().message();
  EXPECT_EQ(calls["openat"], 1);
  EXPECT_GE(calls["read"], 2);  // the content, then end of file
  EXPECT_EQ(cmd->Wait().value_or(-1), 0);
  abi::Result<abi::Stats> st = s->GetStats();
  ASSERT_TRUE(st.ok());
  EXPECT_GT(st->Get(IOR_STAT_FILTERED), 0u);  // sh's and cat's other calls
}

using Lines = std::vector<std::pair<std::string, uint64_t>>;

Lines CollapsedLines(const abi::Flame& flame, const abi::Flame::StackOptions& options) {
  Lines lines;
  abi::Error err = flame.Collapsed(options, [&lines](std::string_view stack, uint64_t value) {
    lines.emplace_back(stack, value);
  });
  EXPECT_TRUE(err.ok()) << err.message();
  return lines;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// "/tmp/x/data" -> ";/tmp;/x;/data": the path's frames after the field before it.
std::string Frames(const std::string& path) {
  std::string out;
  for (char c : path) out += c == '/' ? std::string(";/") : std::string(1, c);
  return out;
}

// Degrade: a tiny ring and a consumer that comes once the workload is done. The session's
// windows, and a flame recording of the run (the C recording path) keeps them and the counts.
TEST(CapiHpp, DegradeWindowsAndTheirRecording) {
  IOR_REQUIRE_TRACING();
  constexpr int kMany = 100000;
  TempFile data;
  TempDir dir;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", data.path(), std::to_string(kMany)});
  abi::SessionOptions opts;
  opts.Pids({workload.pid()}).Syscalls({"pread64"}).BatchSize(16).RingBytes(4096);
  opts.MaxQueuedBatches(1).Degrade();
  abi::Result<abi::Session> s = abi::Session::Create(opts);
  ASSERT_TRUE(s.ok()) << s.error().message();
  abi::Result<abi::Flame> flame = abi::Flame::Create();
  ASSERT_TRUE(flame.ok()) << flame.error().message();
  ASSERT_TRUE(s->Start().ok());
  ASSERT_TRUE(flame->Attach(*s).ok());
  workload.Go();
  ASSERT_EQ(workload.Wait(), 0);
  abi::EventStream events = s->Events(10000);
  size_t rows = 0;
  for (const ior_event& e : events) rows += e.pid == static_cast<uint32_t>(workload.pid());
  EXPECT_TRUE(events.error().ok()) << events.error().message();
  abi::Result<abi::Stats> st = s->GetStats();
  ASSERT_TRUE(st.ok());
  const uint64_t degraded = st->Get(IOR_STAT_DEGRADED);
  EXPECT_GT(degraded, 0u);
  EXPECT_EQ(st->Get(IOR_STAT_DELIVERED), rows);
  const std::vector<ior_degrade_window> windows = st->DegradeWindows();
  ASSERT_GE(windows.size(), 1u);
  EXPECT_EQ(windows.size(), st->Get(IOR_STAT_DEGRADE_WINDOWS));
  uint64_t sum = 0;
  for (const ior_degrade_window& w : windows) {
    EXPECT_EQ(w.sz, sizeof(ior_degrade_window));
    sum += w.calls;
  }
  EXPECT_EQ(sum, degraded);

  abi::Flame::RecordingOptions ropts;
  ropts.name = "degraded";
  ropts.stats_from = &*s;
  abi::Result<std::string> file = flame->WriteRecording(dir.path(), ropts);
  ASSERT_TRUE(file.ok()) << file.error().message();
  abi::Result<abi::Flame> back = abi::Flame::ReadRecording(*file);
  ASSERT_TRUE(back.ok()) << back.error().message();
  abi::Result<abi::Stats> kept = back->GetStats();
  ASSERT_TRUE(kept.ok()) << kept.error().message();
  EXPECT_EQ(kept->Get(IOR_STAT_DEGRADED), degraded);
  EXPECT_EQ(kept->Get(IOR_STAT_SAMPLED_OUT), st->Get(IOR_STAT_SAMPLED_OUT));
  EXPECT_EQ(kept->Get(IOR_STAT_DEGRADE_WINDOWS), windows.size());
  const std::vector<ior_degrade_window> kept_windows = kept->DegradeWindows();
  ASSERT_EQ(kept_windows.size(), windows.size());
  for (size_t i = 0; i < windows.size(); ++i) {
    EXPECT_EQ(kept_windows[i].start_ns, windows[i].start_ns) << i;
    EXPECT_EQ(kept_windows[i].end_ns, windows[i].end_ns) << i;
    EXPECT_EQ(kept_windows[i].calls, windows[i].calls) << i;
    EXPECT_EQ(kept_windows[i].min_one_in, windows[i].min_one_in) << i;
  }
  ASSERT_EQ(kept->syscalls_size(), 1u);
  EXPECT_EQ(kept->syscall(0).count, static_cast<uint64_t>(kMany));
  EXPECT_EQ(kept->syscall(0).degraded, degraded);
  EXPECT_EQ(kept->syscall(0).degraded_one_in, st->syscall(0).degraded_one_in);
}

TEST(CapiHpp, SinksRecordATracedWorkload) {
  IOR_REQUIRE_TRACING();
  constexpr int kPreads = 700;
  TempFile data;
  TempDir dir;
  const std::string parquet_path = dir.path() + "/hpp.parquet";
  const std::string json_path = dir.path() + "/hpp.json";
  WorkloadProcess workload =
      WorkloadProcess::Start({"basic", data.path(), std::to_string(kPreads)});
  abi::SessionOptions opts;
  opts.Pids({workload.pid()}).Syscalls({"openat", "pread64", "close"}).BatchSize(64);
  abi::Result<abi::Session> s = abi::Session::Create(opts);
  ASSERT_TRUE(s.ok()) << s.error().message();
  // Declared after the session: the recorders go first.
  abi::Parquet::Options popts;
  popts.selection = "syscalls=openat,pread64,close";
  abi::Result<abi::Parquet> pq = abi::Parquet::Create(parquet_path, popts);
  ASSERT_TRUE(pq.ok()) << pq.error().message();
  abi::Result<abi::Flame> flame = abi::Flame::Create();
  ASSERT_TRUE(flame.ok()) << flame.error().message();
  abi::Result<abi::TraceJson> json = abi::TraceJson::Create(json_path);
  ASSERT_TRUE(json.ok()) << json.error().message();
  ASSERT_TRUE(s->Start().ok());
  ASSERT_TRUE(pq->Record(*s).ok());
  ASSERT_TRUE(flame->Attach(*s).ok());
  ASSERT_TRUE(json->Record(*s).ok());
  workload.Go();
  size_t seen = 0;
  abi::EventStream events = s->Events(10000);
  for (const ior_event& e : events) {
    EXPECT_EQ(e.pid, static_cast<uint32_t>(workload.pid()));
    ++seen;
  }
  EXPECT_TRUE(events.error().ok()) << events.error().message();  // ended with the workload
  ASSERT_EQ(workload.Wait(), 0);
  // openat, the preads, close, openat (fails), openat, close, close (fails).
  const uint64_t calls = kPreads + 6;
  EXPECT_EQ(seen, calls);

  // Parquet: every event a row, the footer carrying the session's figures.
  ASSERT_TRUE(pq->Close(*s).ok());
  EXPECT_EQ(pq->rows(), calls);
  EXPECT_EQ(pq->rows_shed(), 0u);
  NodeResult r =
      DuckDb("SELECT count(*), count(*) FILTER (syscall = 'pread64' AND bytes = 1 AND file = '" +
             data.path() + "'), (SELECT decode(value) FROM parquet_kv_metadata('" + parquet_path +
             "') WHERE decode(key) = 'ior.selection') FROM '" + parquet_path + "'");
  ASSERT_EQ(r.exit_code, 0) << kNodeHint;
  EXPECT_EQ(r.out, "[[\"" + std::to_string(calls) + "\",\"" + std::to_string(kPreads) +
                       "\",\"syscalls=openat,pread64,close\"]]");
  abi::Parquet::Options keep;
  keep.no_overwrite = true;
  EXPECT_EQ(abi::Parquet::Create(parquet_path, keep).error().code(), -EEXIST);

  // Flame: the scenario's stacks, exactly.
  const std::string f = Frames(data.path());
  EXPECT_EQ(CollapsedLines(*flame, {}),
            (Lines{{"ior-workload;enter_close", 1},  // close(fd) again: EBADF, no file
                   {"ior-workload;enter_close;" + f, 2},
                   {"ior-workload;enter_openat;;/nonexistent;/ior-e2e-missing", 1},
                   {"ior-workload;enter_openat;" + f, 2},
                   {"ior-workload;enter_pread64;" + f, kPreads}}));
  abi::Flame::StackOptions bytes;
  bytes.metric = abi::FlameMetric::kBytes;
  abi::Result<std::string> text = flame->CollapsedText(bytes);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "ior-workload;enter_pread64;" + f + " " + std::to_string(kPreads) + "\n");
  EXPECT_EQ(flame->Total(abi::FlameMetric::kCount), calls);
  EXPECT_EQ(flame->keys(), 5u);
  EXPECT_EQ(flame->folded().total, 0u);
  uint64_t records = 0;
  EXPECT_TRUE(
      flame->ForEach([&records](const ior_flame_record& rec) { records += rec.count; }).ok());
  EXPECT_EQ(records, calls);
  EXPECT_EQ(flame->ForEach([](const ior_flame_record&) { return 7; }).code(), 7);  // stops
  EXPECT_EQ(flame->GetStats().error().code(), -ENODATA);                           // a live flame

  // Its recording reads back as the same flame, with the session's figures.
  abi::Flame::RecordingOptions ro;
  ro.name = "hpp";
  ro.host = "testhost";
  ro.stats_from = &*s;
  abi::Result<std::string> recorded = flame->WriteRecording(dir.path(), ro);
  ASSERT_TRUE(recorded.ok()) << recorded.error().message();
  EXPECT_EQ(recorded->rfind(dir.path() + "/testhost-hpp-", 0), 0u) << *recorded;
  abi::Result<abi::Flame> back = abi::Flame::ReadRecording(*recorded);
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(CollapsedLines(*back, bytes), CollapsedLines(*flame, bytes));
  abi::Result<ior_flame_info> info = back->Info();
  ASSERT_TRUE(info.ok());
  EXPECT_STREQ(info->name, "hpp");
  abi::Result<abi::Stats> st = back->GetStats();
  ASSERT_TRUE(st.ok()) << st.error().message();
  EXPECT_EQ(st->Get(IOR_STAT_DELIVERED), calls);
  EXPECT_EQ(abi::Flame::ReadRecording(parquet_path).error().code(), -EINVAL);

  // Merged into an empty flame: the same totals; an SVG of it names the file.
  abi::Result<abi::Flame> merged = abi::Flame::Create();
  ASSERT_TRUE(merged.ok());
  ASSERT_TRUE(merged->Merge(*back).ok());
  EXPECT_EQ(merged->Total(abi::FlameMetric::kBytes), static_cast<uint64_t>(kPreads));
  const std::string svg_path = dir.path() + "/hpp.svg";
  const int fd = ::open(svg_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  abi::Flame::SvgOptions svg;
  svg.title = "hpp flame";
  EXPECT_TRUE(merged->WriteSvg(fd, svg).ok());
  ::close(fd);
  const std::string svg_text = ReadAll(svg_path);
  EXPECT_NE(svg_text.find("hpp flame"), std::string::npos);
  EXPECT_NE(svg_text.find("enter_pread64"), std::string::npos);

  // The timeline: one slice per call.
  ASSERT_TRUE(json->Close().ok());
  EXPECT_EQ(json->events(), calls);
  EXPECT_EQ(json->dropped(), 0u);
  EXPECT_NE(ReadAll(json_path).find("\"pread64\""), std::string::npos);
}

}  // namespace
