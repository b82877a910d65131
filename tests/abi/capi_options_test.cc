// The C options that mirror the C++ SessionOptions (ior_selection, filters, cgroup, live
// selection changes), ior_command and ior_trace_json, tracing tests/e2e's workload through
// libior.so only. Needs root; skips otherwise.
#include <errno.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "capi_poll.h"
#include "ior/ior.h"
#include "workload_process.h"

// IOR_OPTS in C++: GCC before 14 warns about the fields not named (see ior_common.h).
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace {

using ::ior::testing::TempFile;
using ::ior::testing::WorkloadProcess;

constexpr int kPreads = 50;

struct Seen {
  std::string name;
  int64_t ret = 0;
  int32_t pid = 0;
  std::string comm;
  std::string file;
  uint64_t bytes = 0;
  uint64_t cgroup_id = 0;
};

Seen Keep(const ior_event& e) {
  Seen s;
  const char* name = ior_syscall_name(e.nr);
  s.name = name != nullptr ? name : "?";
  s.ret = e.ret;
  s.pid = static_cast<int32_t>(e.pid);
  s.comm = e.comm;
  if (e.file != nullptr) s.file = e.file;
  s.bytes = e.bytes;
  if (IOR_EVENT_HAS(&e, cgroup_id)) s.cgroup_id = e.cgroup_id;
  return s;
}

// Polls until the stream ends (by itself: the targets exited).
std::vector<Seen> PollToEnd(ior_session* s) { return ior::testing::CollectUntilEnd(s, Keep); }

std::map<std::string, int> Count(const std::vector<Seen>& seen) {
  std::map<std::string, int> n;
  for (const Seen& s : seen) ++n[s.name];
  return n;
}

// Runs `ior-workload basic FILE kPreads` traced with `opts` (its pids set here) and returns
// what was delivered, once the workload exited; `s` receives the session (freed by the caller).
std::vector<Seen> TraceBasic(ior_session_opts opts, const std::string& file,
                             ior_session** out = nullptr,
                             const ior_selection* live_change = nullptr) {
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file, std::to_string(kPreads)});
  int32_t pid = workload.pid();
  opts.pids = &pid;
  opts.pids_len = 1;
  ior_session* s = nullptr;
  int err = ior_session_new(&s, &opts);
  EXPECT_EQ(err, 0) << ior_strerror(err) << ": " << ior_last_error();
  if (err == 0) err = ior_session_start(s);
  EXPECT_EQ(err, 0) << ior_strerror(err) << ": " << ior_last_error();
  if (err == 0 && live_change != nullptr) {
    err = ior_session_set_selection(s, live_change);
    EXPECT_EQ(err, 0) << ior_strerror(err) << ": " << ior_last_error();
  }
  workload.Go();
  EXPECT_EQ(workload.Wait(), 0);
  std::vector<Seen> seen;
  if (err == 0) seen = PollToEnd(s);
  for (const Seen& e : seen) EXPECT_EQ(e.pid, pid) << e.name;
  if (out != nullptr) {
    *out = s;
  } else {
    ior_session_free(s);
  }
  return seen;
}

const ior_syscall_stats* Find(const ior_stats* st, const char* name) {
  for (size_t i = 0; i < ior_stats_syscalls_len(st); ++i) {
    const ior_syscall_stats* sc = ior_stats_syscall(st, i);
    const char* n = ior_syscall_name(sc->nr);
    if (n != nullptr && std::strcmp(n, name) == 0) return sc;
  }
  return nullptr;
}

TEST(CapiOptions, SelectionExclusionsAndSampling) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  static const char* const kCalls[] = {"openat", "pread64", "close"};
  static const char* const kNotClose[] = {"close"};
  static const ior_sample_rate kNoPreads[] = {{"pread64", 0}};
  IOR_OPTS(ior_selection, sel, .syscalls = kCalls, .syscalls_len = 3, .exclude_syscalls = kNotClose,
           .exclude_syscalls_len = 1, .sample_syscalls = kNoPreads, .sample_syscalls_len = 1);
  IOR_OPTS(ior_session_opts, opts, .selection = &sel);
  ior_session* s = nullptr;
  std::vector<Seen> seen = TraceBasic(opts, file.path(), &s);
  // openat, openat (ENOENT), openat: preads counted in the kernel only, closes not traced.
  EXPECT_EQ(Count(seen), (std::map<std::string, int>{{"openat", 3}}));
  ior_stats* st = nullptr;
  ASSERT_EQ(ior_session_stats(&st, s), 0);
  const ior_syscall_stats* pread = Find(st, "pread64");
  ASSERT_NE(pread, nullptr);
  EXPECT_EQ(pread->count, static_cast<uint64_t>(kPreads));
  EXPECT_EQ(pread->sampled_out, static_cast<uint64_t>(kPreads));
  EXPECT_EQ(pread->delivered, 0u);
  EXPECT_EQ(pread->sample_rate, 0u);  // counted in the kernel only
  EXPECT_EQ(Find(st, "openat")->sample_rate, 1u);
  EXPECT_EQ(Find(st, "close"), nullptr);
  ior_stats_free(st);
  ior_session_free(s);
}

TEST(CapiOptions, TracepointRegexAndFamiliesShortcut) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  static const char* const kRegex[] = {"^sys_enter_(openat|close)$"};
  IOR_OPTS(ior_selection, sel, .tracepoints = kRegex, .tracepoints_len = 1);
  IOR_OPTS(ior_session_opts, opts, .selection = &sel);
  EXPECT_EQ(Count(TraceBasic(opts, file.path())),
            (std::map<std::string, int>{{"openat", 3}, {"close", 3}}));
}

TEST(CapiOptions, LiveSelectionChange) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  static const char* const kOpen[] = {"openat"};
  static const char* const kPread[] = {"pread64"};
  IOR_OPTS(ior_session_opts, opts, .syscalls = kOpen, .syscalls_len = 1);
  IOR_OPTS(ior_selection, now, .syscalls = kPread, .syscalls_len = 1);
  EXPECT_EQ(Count(TraceBasic(opts, file.path(), nullptr, &now)),
            (std::map<std::string, int>{{"pread64", kPreads}}));
}

TEST(CapiOptions, CommFilter) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  static const char* const kPread[] = {"pread64"};
  IOR_OPTS(ior_session_opts, opts, .syscalls = kPread, .syscalls_len = 1, .comm_filter = "ior-work",
           .comm_filter_match = IOR_MATCH_PREFIX);
  EXPECT_EQ(Count(TraceBasic(opts, file.path())),
            (std::map<std::string, int>{{"pread64", kPreads}}));

  opts.comm_filter_match = IOR_MATCH_EXACT;  // "ior-work" is not the whole name
  ior_session* s = nullptr;
  EXPECT_TRUE(TraceBasic(opts, file.path(), &s).empty());
  ior_stats* st = nullptr;
  ASSERT_EQ(ior_session_stats(&st, s), 0);
  EXPECT_EQ(ior_stats_get(st, IOR_STAT_FILTERED), static_cast<uint64_t>(kPreads));
  ior_stats_free(st);
  ior_session_free(s);
}

TEST(CapiOptions, PathFilter) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  static const char* const kAll[] = {"all"};
  IOR_OPTS(ior_session_opts, opts, .families = kAll, .families_len = 1,
           .path_filter = file.path().c_str(), .path_filter_match = IOR_MATCH_EXACT);
  std::vector<Seen> seen = TraceBasic(opts, file.path());
  for (const Seen& e : seen) EXPECT_EQ(e.file, file.path()) << e.name;
  std::map<std::string, int> n = Count(seen);
  EXPECT_EQ(n["openat"], 2);
  EXPECT_EQ(n["pread64"], kPreads);
}

// The cgroup v2 hierarchy: /sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid systems.
std::string CgroupRoot() {
  for (const char* root : {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"}) {
    struct statfs fs;
    if (statfs(root, &fs) == 0 && fs.f_type == 0x63677270) return root;
  }
  return "";
}

// btf_path: a file that holds no BTF is IOR_ENOBTF at start, with the file named; the
// session is then stopped and can be freed. The kernel's own file traces as usual.
TEST(CapiOptions, BtfPath) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  const std::string empty = file.path() + ".empty-btf";
  std::ofstream(empty).close();
  int32_t self = getppid();
  IOR_OPTS(ior_session_opts, bad, .pids = &self, .pids_len = 1, .btf_path = empty.c_str());
  ior_session* s = nullptr;
  ASSERT_EQ(ior_session_new(&s, &bad), 0) << ior_last_error();
  EXPECT_EQ(ior_session_start(s), IOR_ENOBTF);
  EXPECT_NE(std::string(ior_last_error()).find("'" + empty + "' holds no BTF"), std::string::npos)
      << ior_last_error();
  EXPECT_EQ(ior_session_stop(s), 0);
  ior_session_free(s);
  unlink(empty.c_str());

  IOR_OPTS(ior_session_opts, good, .btf_path = "/sys/kernel/btf/vmlinux");
  std::vector<Seen> seen = TraceBasic(good, file.path());
  EXPECT_EQ(Count(seen)["pread64"], kPreads);
}

// degrade: a tiny ring and a consumer that comes only once the workload is done; the kernel
// thins the rows instead of dropping them, and the counts stay exact.
TEST(CapiOptions, Degrade) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  constexpr int kMany = 100000;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), std::to_string(kMany)});
  int32_t pid = workload.pid();
  const char* const syscalls[] = {"pread64"};
  IOR_OPTS(ior_session_opts, opts, .pids = &pid, .pids_len = 1, .syscalls = syscalls,
           .syscalls_len = 1, .batch_size = 16, .ring_bytes = 4096, .max_queued_batches = 1,
           .degrade = 1);
  ior_session* s = nullptr;
  ASSERT_EQ(ior_session_new(&s, &opts), 0) << ior_last_error();
  ASSERT_EQ(ior_session_start(s), 0) << ior_last_error();
  workload.Go();
  ASSERT_EQ(workload.Wait(), 0);
  std::vector<Seen> seen = PollToEnd(s);
  ior_stats* st = nullptr;
  ASSERT_EQ(ior_session_stats(&st, s), 0);
  const uint64_t degraded = ior_stats_get(st, IOR_STAT_DEGRADED);
  EXPECT_GT(degraded, 0u);
  EXPECT_EQ(degraded, ior_stats_get(st, IOR_STAT_SAMPLED_OUT));
  EXPECT_GE(ior_stats_get(st, IOR_STAT_DEGRADE_WINDOWS), 1u);
  EXPECT_EQ(ior_stats_get(st, IOR_STAT_DELIVERED), seen.size());
  EXPECT_EQ(ior_stats_get(st, IOR_STAT_KERNEL_COUNT), ior_stats_get(st, IOR_STAT_DELIVERED) +
                                                          ior_stats_get(st, IOR_STAT_SAMPLED_OUT) +
                                                          ior_stats_get(st, IOR_STAT_DROPPED));
  const ior_syscall_stats* pread = Find(st, "pread64");
  ASSERT_NE(pread, nullptr);
  EXPECT_EQ(pread->size, sizeof(ior_syscall_stats));
  EXPECT_EQ(pread->count, static_cast<uint64_t>(kMany));
  EXPECT_EQ(pread->degraded, degraded);
  EXPECT_GE(pread->degraded_one_in, 2u);
  EXPECT_LE(pread->degraded_one_in, 65536u);
  EXPECT_EQ(pread->sample_rate, 1u);  // degrading thins rows without changing the rate

  // The windows: all of them held (far fewer than 1000), ordered, their calls summing to the
  // degraded count, the thinnest of their rates the syscall's.
  const size_t windows = ior_stats_degrade_windows_len(st);
  EXPECT_GE(windows, 1u);
  EXPECT_EQ(windows, ior_stats_get(st, IOR_STAT_DEGRADE_WINDOWS));
  uint64_t calls = 0;
  uint32_t thinnest = 0;
  uint64_t last_end = 0;
  for (size_t i = 0; i < windows; ++i) {
    ior_degrade_window w = IOR_OPTS_INIT(ior_degrade_window);
    ASSERT_EQ(ior_stats_degrade_window(st, i, &w), 0) << ior_last_error();
    EXPECT_EQ(w.sz, sizeof(ior_degrade_window));
    EXPECT_LE(w.start_ns, w.end_ns) << i;
    EXPECT_GE(w.start_ns, last_end) << i;
    EXPECT_GT(w.calls, 0u) << i;
    EXPECT_GE(w.min_one_in, 2u) << i;
    EXPECT_EQ(w.reserved0, 0u);
    last_end = w.end_ns;
    calls += w.calls;
    thinnest = std::max(thinnest, w.min_one_in);
  }
  EXPECT_EQ(calls, degraded);
  EXPECT_EQ(thinnest, pread->degraded_one_in);
  // Past the end: refused, the struct left alone.
  ior_degrade_window past = IOR_OPTS_INIT(ior_degrade_window);
  past.calls = 12345;
  EXPECT_EQ(ior_stats_degrade_window(st, windows, &past), -ERANGE);
  EXPECT_EQ(past.calls, 12345u);
  // A caller that knows only the first fields (an older, shorter struct) gets only those.
  struct OldWindow {
    size_t sz;
    uint64_t start_ns;
  };
  unsigned char bytes[sizeof(ior_degrade_window)];
  std::memset(bytes, 0xAB, sizeof(bytes));
  OldWindow old{sizeof(OldWindow), 0};
  std::memcpy(bytes, &old, sizeof(old));
  ASSERT_EQ(ior_stats_degrade_window(st, 0, reinterpret_cast<ior_degrade_window*>(bytes)), 0);
  std::memcpy(&old, bytes, sizeof(old));
  ior_degrade_window first = IOR_OPTS_INIT(ior_degrade_window);
  ASSERT_EQ(ior_stats_degrade_window(st, 0, &first), 0);
  EXPECT_EQ(old.start_ns, first.start_ns);
  EXPECT_EQ(bytes[sizeof(OldWindow)], 0xAB);
  ior_stats_free(st);
  ior_session_free(s);
}

TEST(CapiOptions, CgroupByPath) {
  IOR_REQUIRE_TRACING();
  const std::string root = CgroupRoot();
  if (root.empty()) GTEST_SKIP() << "no cgroup v2 hierarchy";
  const std::string name = "ior_capi_test_" + std::to_string(getpid());
  const std::string dir = root + "/" + name;
  if (mkdir(dir.c_str(), 0755) != 0) GTEST_SKIP() << "cannot create " << dir;
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "7"});
  {
    std::ofstream procs(dir + "/cgroup.procs");
    procs << workload.pid() << "\n";
  }
  // Every process, but only this cgroup's: the workload's calls and nothing else.
  static const char* const kPread[] = {"pread64"};
  IOR_OPTS(ior_session_opts, opts, .syscalls = kPread, .syscalls_len = 1,
           .cgroup_path = name.c_str());
  ior_session* s = nullptr;
  int err = ior_session_new(&s, &opts);
  ASSERT_EQ(err, 0) << ior_strerror(err) << ": " << ior_last_error();
  ASSERT_EQ(ior_session_start(s), 0) << ior_last_error();
  workload.Go();
  EXPECT_EQ(workload.Wait(), 0);
  ASSERT_EQ(ior_session_stop(s), 0);
  std::vector<Seen> seen = PollToEnd(s);
  ior_session_free(s);
  struct stat st {};
  ASSERT_EQ(stat(dir.c_str(), &st), 0);
  rmdir(dir.c_str());
  EXPECT_EQ(seen.size(), 7u);
  for (const Seen& e : seen) {
    EXPECT_EQ(e.pid, workload.pid());
    EXPECT_EQ(e.cgroup_id, st.st_ino);  // the cgroup v2 id is its directory's inode
  }
}

TEST(CapiCommand, FollowsAShellAndItsChildToTheEnd) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  const std::string script = "cat " + file.path() + " > /dev/null; exit 3";
  const char* argv[] = {"sh", "-c", script.c_str(), nullptr};
  static const char* const kEnv[] = {"PATH=/usr/bin:/bin", nullptr};
  IOR_OPTS(ior_command_opts, copts, .env = kEnv, .cwd = "/");
  ior_command* cmd = nullptr;
  ASSERT_EQ(ior_command_new(&cmd, argv, &copts), 0) << ior_last_error();
  int32_t pid = ior_command_pid(cmd);
  IOR_OPTS(ior_session_opts, opts, .pids = &pid, .pids_len = 1, .follow = 1);
  ior_session* s = nullptr;
  ASSERT_EQ(ior_session_new(&s, &opts), 0) << ior_last_error();
  ASSERT_EQ(ior_session_start(s), 0) << ior_last_error();
  ASSERT_EQ(ior_command_release(cmd), 0) << ior_last_error();
  // No stop: the stream ends once sh and cat exited.
  std::vector<Seen> seen = PollToEnd(s);
  int code = -1;
  ASSERT_EQ(ior_command_wait(cmd, -1, &code), 0);
  EXPECT_EQ(code, 3);
  ior_command_free(cmd);
  ior_session_free(s);
  int cat_reads = 0;
  bool cat_opened = false;
  for (const Seen& e : seen) {
    if (e.comm != "cat") continue;
    EXPECT_NE(e.pid, pid);  // a child of the shell
    if (e.name == "openat" && e.file == file.path() && e.ret >= 0) cat_opened = true;
    if (e.name == "read" && e.file == file.path() && e.bytes > 0) ++cat_reads;
  }
  EXPECT_TRUE(cat_opened);
  EXPECT_GE(cat_reads, 1);
}

TEST(CapiTraceJson, RecordsEveryCall) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  const std::string json = file.path() + ".json";
  ior_trace_json* tj = nullptr;
  ASSERT_EQ(ior_trace_json_new(&tj, json.c_str(), nullptr), 0) << ior_last_error();
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "9"});
  int32_t pid = workload.pid();
  static const char* const kPread[] = {"pread64"};
  IOR_OPTS(ior_session_opts, opts, .pids = &pid, .pids_len = 1, .syscalls = kPread,
           .syscalls_len = 1);
  ior_session* s = nullptr;
  ASSERT_EQ(ior_session_new(&s, &opts), 0);
  ASSERT_EQ(ior_trace_json_record(tj, s), 0);
  ASSERT_EQ(ior_session_start(s), 0) << ior_last_error();
  workload.Go();
  EXPECT_EQ(workload.Wait(), 0);
  EXPECT_EQ(PollToEnd(s).size(), 9u);
  EXPECT_EQ(ior_trace_json_close(tj), 0) << ior_last_error();
  EXPECT_EQ(ior_trace_json_events(tj), 9u);
  EXPECT_EQ(ior_trace_json_dropped(tj), 0u);
  ior_trace_json_free(tj);
  ior_session_free(s);
  std::ifstream in(json);
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  size_t slices = 0;
  const std::string slice = "\"ph\":\"X\",\"name\":\"pread64\"";
  for (size_t at = doc.find(slice); at != std::string::npos; at = doc.find(slice, at + 1)) {
    ++slices;
  }
  EXPECT_EQ(slices, 9u);
  EXPECT_NE(doc.find(file.path()), std::string::npos);  // the slices name the file
  std::remove(json.c_str());
}

}  // namespace
