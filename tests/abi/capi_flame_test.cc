// ior_flame through the C API only (libior.so): a traced workload aggregated live, its exact
// collapsed stacks (counts and bytes), the recording round trip, the typed errors of bad files,
// folding under a tiny cap, and a flame beside a Parquet recorder on one session. Needs root.
#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "capi_poll.h"
#include "ior/ior.h"
#include "workload_process.h"

namespace {

using ::ior::testing::TempDir;
using ::ior::testing::TempFile;
using ::ior::testing::WorkloadProcess;

constexpr int kPreads = 1500;

using Lines = std::vector<std::pair<std::string, uint64_t>>;

int AppendLine(void* user_data, const char* stack, uint64_t value) {
  static_cast<Lines*>(user_data)->emplace_back(stack, value);
  return 0;
}

Lines Collapsed(const ior_flame* flame, const char* fields, ior_flame_metric metric) {
  ior_flame_stack_opts opts = IOR_OPTS_INIT(ior_flame_stack_opts);
  opts.fields = fields;
  opts.metric = metric;
  Lines lines;
  EXPECT_EQ(ior_flame_collapsed(flame, &opts, AppendLine, &lines), 0) << ior_last_error();
  return lines;
}

using Record = std::tuple<std::string, std::string, std::string, uint32_t, uint32_t, uint32_t,
                          uint64_t, uint64_t, uint64_t, uint64_t>;

int AppendRecord(void* user_data, const ior_flame_record* r) {
  static_cast<std::vector<Record>*>(user_data)->emplace_back(
      r->path, r->syscall, r->comm, r->pid, r->tid, r->flags, r->count, r->duration_ns,
      r->duration_to_prev_ns, r->bytes);
  return 0;
}

std::vector<Record> Records(const ior_flame* flame) {
  std::vector<Record> out;
  EXPECT_EQ(ior_flame_foreach(flame, AppendRecord, &out), 0) << ior_last_error();
  return out;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// "/tmp/x/data" → ";/tmp;/x;/data": the path's frames after the field before it.
std::string Frames(const std::string& path) {
  std::string out;
  for (char c : path) out += c == '/' ? std::string(";/") : std::string(1, c);
  return out;
}

int Ignore(void*, const ior_event*) { return 0; }

// Traces the basic scenario of the workload (kPreads preads of 1 byte) with `flame` attached,
// and a Parquet recorder beside it when `pq` is set. Leaves the session stopped and drained.
ior_session* TraceWorkload(const TempFile& data, ior_flame* flame, ior_parquet* pq) {
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
  EXPECT_EQ(ior_session_new(&s, &opts), 0) << ior_last_error();
  EXPECT_EQ(ior_session_start(s), 0) << ior_last_error();
  EXPECT_EQ(ior_flame_attach(flame, s), 0);
  if (pq != nullptr) {
    EXPECT_EQ(ior_parquet_record(pq, s), 0);
  }
  workload.Go();
  EXPECT_EQ(workload.Wait(), 0);
  EXPECT_EQ(ior_session_stop(s), 0);
  EXPECT_EQ(ior::testing::PollUntilEnd(s, Ignore, nullptr), IOR_EEOS);
  return s;
}

TEST(CapiFlame, AggregatesAWorkloadExactlyAndRoundTripsItsRecording) {
  IOR_REQUIRE_TRACING();
  TempFile data;
  TempDir dir;
  ior_flame* flame = nullptr;
  ASSERT_EQ(ior_flame_new(&flame, nullptr), 0) << ior_last_error();
  ior_parquet* pq = nullptr;
  ASSERT_EQ(ior_parquet_new(&pq, (dir.path() + "/beside.parquet").c_str(), nullptr), 0);
  ior_session* s = TraceWorkload(data, flame, pq);

  // The scenario's calls, exactly: the session traces the workload's pid from after its
  // startup, so nothing else is in the flame.
  const std::string f = Frames(data.path());
  const Lines counts = {{"ior-workload;enter_close", 1},  // close(fd) again: EBADF, no file
                        {"ior-workload;enter_close;" + f, 2},
                        {"ior-workload;enter_openat;;/nonexistent;/ior-e2e-missing", 1},
                        {"ior-workload;enter_openat;" + f, 2},
                        {"ior-workload;enter_pread64;" + f, kPreads}};
  EXPECT_EQ(Collapsed(flame, nullptr, IOR_FLAME_COUNT), counts);
  // Only the preads moved bytes (1 each); weight-0 lines are left out.
  EXPECT_EQ(Collapsed(flame, nullptr, IOR_FLAME_BYTES),
            (Lines{{"ior-workload;enter_pread64;" + f, kPreads}}));
  const Lines by_path = Collapsed(flame, "path,flags", IOR_FLAME_COUNT);
  EXPECT_NE(std::find(by_path.begin(), by_path.end(),
                      std::make_pair(f + ";O_RDONLY", uint64_t{kPreads + 4})),
            by_path.end());
  EXPECT_EQ(ior_flame_total(flame, IOR_FLAME_COUNT), static_cast<uint64_t>(kPreads + 6));
  EXPECT_EQ(ior_flame_total(flame, IOR_FLAME_BYTES), static_cast<uint64_t>(kPreads));
  EXPECT_GT(ior_flame_total(flame, IOR_FLAME_DURATION), 0u);
  EXPECT_EQ(ior_flame_keys(flame), 5u);
  EXPECT_EQ(ior_flame_folded(flame, nullptr, nullptr), 0u);
  // The Parquet recorder on the same session saw every event too.
  ASSERT_EQ(ior_parquet_close(pq, s), 0) << ior_last_error();
  EXPECT_EQ(ior_parquet_rows(pq), static_cast<uint64_t>(kPreads + 6));
  ior_parquet_free(pq);

  // Record → read → the same flame.
  char path[4096];
  ior_flame_recording_opts ro = IOR_OPTS_INIT(ior_flame_recording_opts);
  ro.name = "capi";
  ro.stats_from = s;
  ro.selection = "openat,pread64,close";
  ro.host = "testhost";
  const int len = ior_flame_write_recording(path, sizeof(path), flame, dir.path().c_str(), &ro);
  ASSERT_GT(len, 0) << ior_last_error();
  ASSERT_EQ(static_cast<size_t>(len), std::string(path).size());
  const std::string recorded = path;
  EXPECT_EQ(recorded.rfind(dir.path() + "/testhost-capi-", 0), 0u) << recorded;
  EXPECT_EQ(recorded.substr(recorded.size() - 8), ".ior.zst");
  ior_flame* back = nullptr;
  ASSERT_EQ(ior_flame_read_recording(&back, recorded.c_str()), 0) << ior_last_error();
  for (ior_flame_metric m :
       {IOR_FLAME_COUNT, IOR_FLAME_DURATION, IOR_FLAME_DURATION_TO_PREV, IOR_FLAME_BYTES}) {
    EXPECT_EQ(Collapsed(back, nullptr, m), Collapsed(flame, nullptr, m)) << m;
    EXPECT_EQ(ior_flame_total(back, m), ior_flame_total(flame, m)) << m;
  }
  EXPECT_EQ(Records(back), Records(flame));
  ior_flame_info info = IOR_OPTS_INIT(ior_flame_info);
  ASSERT_EQ(ior_flame_info_get(back, &info), 0);
  EXPECT_EQ(info.from_recording, 1);
  EXPECT_STREQ(info.host, "testhost");
  EXPECT_STREQ(info.name, "capi");
  EXPECT_STREQ(info.selection, "openat,pread64,close");
  EXPECT_EQ(info.max_keys, 524288u);
  EXPECT_LE(info.start_unix_ns, info.end_unix_ns);
  // The kernel's figures came along: per syscall, the count equals the flame's.
  ior_stats* st = nullptr;
  ASSERT_EQ(ior_flame_stats(&st, back), 0) << ior_last_error();
  EXPECT_EQ(ior_stats_get(st, IOR_STAT_DELIVERED), static_cast<uint64_t>(kPreads + 6));
  uint64_t preads = 0;
  for (size_t i = 0; i < ior_stats_syscalls_len(st); ++i) {
    const ior_syscall_stats* sc = ior_stats_syscall(st, i);
    if (sc->nr == static_cast<uint32_t>(ior_syscall_number("pread64"))) preads = sc->count;
  }
  EXPECT_EQ(preads, static_cast<uint64_t>(kPreads));
  ior_stats_free(st);
  EXPECT_EQ(ior_flame_stats(&st, flame), -ENODATA);
  EXPECT_EQ(st, nullptr);

  // Never overwrites: the same name again gets "-1".
  char again[4096];
  ASSERT_GT(ior_flame_write_recording(again, sizeof(again), flame, dir.path().c_str(), &ro), 0);
  EXPECT_EQ(std::string(again), recorded.substr(0, recorded.size() - 8) + "-1.ior.zst");
  // A short buffer: truncated like snprintf, the file is written all the same.
  char tiny[8];
  EXPECT_EQ(ior_flame_write_recording(tiny, sizeof(tiny), flame, dir.path().c_str(), &ro), len + 2);
  EXPECT_EQ(std::string(tiny), recorded.substr(0, 7));

  // A tiny cap folds, and every total stays exact.
  ior_flame_opts small = IOR_OPTS_INIT(ior_flame_opts);
  small.max_keys = 2;
  ior_flame* folded = nullptr;
  ASSERT_EQ(ior_flame_new(&folded, &small), 0);
  ASSERT_EQ(ior_flame_merge(folded, back), 0);
  uint64_t pidless = 0, other = 0;
  EXPECT_GT(ior_flame_folded(folded, &pidless, &other), 0u);
  EXPECT_EQ(pidless + other, ior_flame_folded(folded, nullptr, nullptr));
  for (ior_flame_metric m : {IOR_FLAME_COUNT, IOR_FLAME_DURATION, IOR_FLAME_BYTES}) {
    EXPECT_EQ(ior_flame_total(folded, m), ior_flame_total(flame, m)) << m;
  }
  EXPECT_LE(ior_flame_keys(folded), 2u + 1 + 5);  // the cap, its headroom, the [other] keys

  // SVG to a descriptor.
  const std::string svg_path = dir.path() + "/flame.svg";
  const int fd = open(svg_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  ior_flame_svg_opts so = IOR_OPTS_INIT(ior_flame_svg_opts);
  so.metric = IOR_FLAME_BYTES;
  so.title = "capi test";
  EXPECT_EQ(ior_flame_write_svg(back, &so, fd), 0) << ior_last_error();
  close(fd);
  const std::string svg = ReadAll(svg_path);
  EXPECT_NE(svg.find("<svg"), std::string::npos) << svg.substr(0, 80);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.find("capi test"), std::string::npos);
  EXPECT_NE(svg.find("enter_pread64"), std::string::npos);
  EXPECT_EQ(ior_flame_write_svg(back, nullptr, -1), -EBADF);

  ior_flame_free(folded);
  ior_flame_free(back);
  ior_flame_free(flame);  // detaches it: the session may outlive it
  ior_session_free(s);
}

// The reader's typed errors, each naming the file in ior_last_error().
TEST(CapiFlame, RejectsBadRecordingsWithTypedErrors) {
  TempDir dir;
  ior_flame* flame = nullptr;
  ASSERT_EQ(ior_flame_new(&flame, nullptr), 0);
  for (int i = 0; i < 200; ++i) {
    ior_flame_record r = IOR_OPTS_INIT(ior_flame_record);
    r.path = "/var/log/x";
    r.syscall = "write";
    r.comm = "app";
    r.pid = static_cast<uint32_t>(100 + i);
    r.tid = 7;
    r.count = 3;
    r.duration_ns = 1000;
    r.bytes = 4096;
    ASSERT_EQ(ior_flame_add_record(flame, &r), 0) << ior_last_error();
  }
  char path[4096];
  ASSERT_GT(ior_flame_write_recording(path, sizeof(path), flame, dir.path().c_str(), nullptr), 0)
      << ior_last_error();
  const std::string good = ReadAll(path);
  ASSERT_GT(good.size(), 64u);

  auto read = [&](const std::string& name, const std::string& bytes) {
    const std::string p = dir.path() + "/" + name;
    WriteAll(p, bytes);
    static int sentinel;
    ior_flame* out = reinterpret_cast<ior_flame*>(&sentinel);  // must be reset to NULL
    const int rc = ior_flame_read_recording(&out, p.c_str());
    EXPECT_EQ(out, nullptr) << name;
    if (rc != 0) {
      EXPECT_NE(std::string(ior_last_error()).find(p), std::string::npos) << ior_last_error();
    }
    return rc;
  };
  EXPECT_EQ(read("empty.ior.zst", ""), -EINVAL);
  EXPECT_EQ(read("text.ior.zst", "plain text, not a recording\n"), -EINVAL);
  EXPECT_EQ(read("truncated.ior.zst", good.substr(0, good.size() / 2)), -EIO);
  std::string flipped = good;
  flipped[good.size() / 3] ^= 0x10;
  EXPECT_EQ(read("flipped.ior.zst", flipped), -EIO);
  ior_flame* out = nullptr;
  EXPECT_EQ(ior_flame_read_recording(&out, (dir.path() + "/missing.ior.zst").c_str()), -ENOENT);
  EXPECT_EQ(ior_flame_read_recording(&out, nullptr), -EINVAL);
  EXPECT_EQ(ior_flame_read_recording(nullptr, path), -EINVAL);

  // The good file reads, with the records as added.
  ASSERT_EQ(ior_flame_read_recording(&out, path), 0) << ior_last_error();
  EXPECT_EQ(ior_flame_keys(out), 200u);
  EXPECT_EQ(ior_flame_total(out, IOR_FLAME_BYTES), 200u * 4096);
  EXPECT_EQ(Collapsed(out, "comm,tracepoint", IOR_FLAME_COUNT), (Lines{{"app;enter_write", 600}}));
  ior_flame_free(out);

  // A bad name, a bad field, a bad metric: -EINVAL, nothing written.
  ior_flame_recording_opts bad = IOR_OPTS_INIT(ior_flame_recording_opts);
  bad.name = "a/b";
  EXPECT_EQ(ior_flame_write_recording(nullptr, 0, flame, dir.path().c_str(), &bad), -EINVAL);
  ior_flame_stack_opts so = IOR_OPTS_INIT(ior_flame_stack_opts);
  so.fields = "comm,nope";
  Lines lines;
  EXPECT_EQ(ior_flame_collapsed(flame, &so, AppendLine, &lines), -EINVAL);
  EXPECT_NE(std::string(ior_last_error()).find("nope"), std::string::npos);
  so.fields = nullptr;
  so.metric = 9;
  EXPECT_EQ(ior_flame_collapsed(flame, &so, AppendLine, &lines), -EINVAL);
  EXPECT_TRUE(lines.empty());
  ior_flame_free(flame);
}

}  // namespace
