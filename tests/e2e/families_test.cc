// End-to-end: every family, the kinds' captured fields, bytes, selectors and sampling, on the
// known calls of tests/e2e/workload.cc.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "ior/selection.h"
#include "ior/session.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"
#include "trace_workload.h"
#include "workload_process.h"

namespace ior {
namespace {

using ::ior::testing::TempDir;
using ::ior::testing::TempFile;
using ::ior::testing::WorkloadProcess;

// An event with its strings copied out of its batch.
struct Row {
  Event e;
  std::string path0, path1;
  std::string name() const { return SyscallName(e.nr); }
};

// Runs `args` under a session with `selection` and returns every row, in order.
std::vector<Row> Trace(const std::vector<std::string>& args, const Selection& selection,
                       SessionStats* stats = nullptr) {
  WorkloadProcess workload = WorkloadProcess::Start(args);
  SessionOptions options;
  options.selection = selection;
  std::vector<Row> rows;
  SessionStats st = ::ior::testing::TraceWorkload(workload, options, [&](const EventBatch& b) {
    for (const Event& e : b.events()) {
      rows.push_back({e, std::string(b.Path(e, 0)), std::string(b.Path(e, 1))});
    }
  });
  if (stats != nullptr) *stats = st;
  return rows;
}

Selection All() {
  Selection s;
  s.families = {"all"};
  return s;
}

std::vector<std::string> Names(const std::vector<Row>& rows) {
  std::vector<std::string> out;
  for (const Row& r : rows) out.push_back(r.name());
  return out;
}

// The calls of `ior-workload families`, in order.
const std::vector<std::string> kFamiliesCalls = {
    "openat",        "write",           "pread64",    "close",       "renameat2", "mkdirat",
    "unlinkat",      "unlinkat",        "socketpair", "sendto",      "recvfrom",  "recvfrom",
    "close",         "close",           "mmap",       "munmap",      "nanosleep", "poll",
    "epoll_create1", "pipe2",           "epoll_ctl",  "epoll_wait",  "close",     "close",
    "close",         "getpid",          "kill",       "sched_yield", "getrandom", "io_setup",
    "io_destroy",    "get_robust_list", "exit_group"};

// The workload's calls whose table row satisfies `keep`.
std::vector<std::string> CallsWhere(const std::function<bool(const SyscallInfo&)>& keep) {
  std::vector<std::string> out;
  for (const std::string& name : kFamiliesCalls)
    if (keep(*FindSyscall(name))) out.push_back(name);
  return out;
}

// A session of `options`, started: the error of Create() or Start() otherwise.
absl::StatusOr<std::unique_ptr<Session>> StartSession(const SessionOptions& options) {
  absl::StatusOr<std::unique_ptr<Session>> session = Session::Create(options);
  if (!session.ok()) return session.status();
  if (absl::Status started = (*session)->Start(); !started.ok()) return started;
  return session;
}

// Options that trace the process `pid` and the syscalls `syscalls`.
SessionOptions Tracing(pid_t pid, std::vector<std::string> syscalls) {
  SessionOptions options;
  options.pids = {pid};
  options.selection.syscalls = std::move(syscalls);
  return options;
}

struct Expected {
  std::string name;
  Family family;
  std::function<void(const Row&)> check;  // may be empty
};

TEST(FamiliesE2E, EveryFamilyWithItsCapturedFields) {
  IOR_REQUIRE_TRACING();
  TempDir dir;
  const std::string a = dir.path() + "/a", b = dir.path() + "/b", sub = dir.path() + "/sub";
  std::vector<Row> rows = Trace({"families", dir.path()}, All());
  int opened = -1;
  const std::vector<Expected> expected = {
      {"openat", Family::kFS,
       [&](const Row& r) {
         opened = static_cast<int>(r.e.ret);
         EXPECT_GE(r.e.ret, 3);
         EXPECT_EQ(r.path0, a);
         EXPECT_EQ(r.e.dirfd, AT_FDCWD);
         EXPECT_EQ(r.e.open_flags, static_cast<uint32_t>(O_CREAT | O_RDWR | O_TRUNC));
         EXPECT_EQ(r.e.mode, 0640u);
         EXPECT_EQ(FindSyscall(r.e.nr)->kind, "open");
       }},
      {"write", Family::kFS,
       [&](const Row& r) {
         EXPECT_EQ(r.e.fd, opened);
         EXPECT_EQ(r.e.bytes, 11u);
         EXPECT_EQ(r.e.bytes_class, static_cast<uint8_t>(BytesClass::kWrite));
         EXPECT_EQ(FindSyscall(r.e.nr)->kind, "fd");
       }},
      {"pread64", Family::kFS,
       [&](const Row& r) {
         EXPECT_EQ(r.e.fd, opened);
         EXPECT_EQ(r.e.bytes, 5u);
         EXPECT_EQ(r.e.bytes_class, static_cast<uint8_t>(BytesClass::kRead));
       }},
      {"close", Family::kFS, [&](const Row& r) { EXPECT_EQ(r.e.fd, opened); }},
      {"renameat2", Family::kFS,
       [&](const Row& r) {
         EXPECT_EQ(r.e.ret, 0);
         EXPECT_EQ(r.path0, a);
         EXPECT_EQ(r.path1, b);
         EXPECT_EQ(FindSyscall(r.e.nr)->kind, "name");
       }},
      {"mkdirat", Family::kFS,
       [&](const Row& r) {
         EXPECT_EQ(r.path0, sub);
         EXPECT_EQ(r.e.mode, 0750u);
       }},
      {"unlinkat", Family::kFS, [&](const Row& r) { EXPECT_EQ(r.path0, sub); }},
      {"unlinkat", Family::kFS, [&](const Row& r) { EXPECT_EQ(r.path0, b); }},
      {"socketpair", Family::kNetwork,
       [&](const Row& r) {
         EXPECT_EQ(r.e.ret, 0);
         EXPECT_GE(r.e.fds[0], 3);
         EXPECT_GE(r.e.fds[1], 3);
         EXPECT_NE(r.e.fds[0], r.e.fds[1]);
         EXPECT_EQ(r.e.socket_domain, AF_UNIX);
         EXPECT_EQ(r.e.socket_type, SOCK_STREAM);
       }},
      {"sendto", Family::kNetwork, [&](const Row& r) { EXPECT_EQ(r.e.bytes, 5u); }},
      {"recvfrom", Family::kNetwork,
       [&](const Row& r) {
         EXPECT_EQ(r.e.ret, 5);
         EXPECT_EQ(r.e.bytes, 0u);  // MSG_PEEK moves nothing
       }},
      {"recvfrom", Family::kNetwork, [&](const Row& r) { EXPECT_EQ(r.e.bytes, 5u); }},
      {"close", Family::kFS, nullptr},
      {"close", Family::kFS, nullptr},
      {"mmap", Family::kMemory, [&](const Row& r) { EXPECT_EQ(r.e.length, 8192u); }},
      {"munmap", Family::kMemory, [&](const Row& r) { EXPECT_EQ(r.e.length, 8192u); }},
      {"nanosleep", Family::kTime,
       [&](const Row& r) {
         EXPECT_EQ(r.e.timeout_ns, 1000000);
         EXPECT_GE(r.e.latency_ns, 1000000u);
         EXPECT_EQ(FindSyscall(r.e.nr)->kind, "sleep");
       }},
      {"poll", Family::kPolling,
       [&](const Row& r) {
         EXPECT_EQ(r.e.nfds, 1);
         EXPECT_EQ(r.e.timeout_ns, 0);
       }},
      {"epoll_create1", Family::kPolling, [&](const Row& r) { EXPECT_GE(r.e.ret, 3); }},
      {"pipe2", Family::kIPC,
       [&](const Row& r) {
         EXPECT_EQ(r.e.ret, 0);
         EXPECT_GE(r.e.fds[0], 3);
         EXPECT_EQ(r.e.fds[1], r.e.fds[0] + 1);
       }},
      {"epoll_ctl", Family::kPolling,
       [&](const Row& r) {
         EXPECT_EQ(r.e.epoll_op, EPOLL_CTL_ADD);
         EXPECT_EQ(r.e.epoll_events, static_cast<uint32_t>(EPOLLIN));
         EXPECT_EQ(FindSyscall(r.e.nr)->kind, "epoll-ctl");
       }},
      {"epoll_wait", Family::kPolling,
       [&](const Row& r) {
         EXPECT_EQ(r.e.nfds, 4);
         EXPECT_EQ(r.e.timeout_ns, 0);
       }},
      {"close", Family::kFS, nullptr},
      {"close", Family::kFS, nullptr},
      {"close", Family::kFS, nullptr},
      {"getpid", Family::kProcess, nullptr},
      {"kill", Family::kSignals, [&](const Row& r) { EXPECT_EQ(r.e.ret, 0); }},
      {"sched_yield", Family::kSched, nullptr},
      {"getrandom", Family::kSecurity,
       [&](const Row& r) {
         EXPECT_EQ(r.e.ret, 16);
         EXPECT_EQ(r.e.bytes, 16u);
       }},
      {"io_setup", Family::kAIO, [&](const Row& r) { EXPECT_EQ(r.e.ret, 0); }},
      {"io_destroy", Family::kAIO, [&](const Row& r) { EXPECT_EQ(r.e.ret, 0); }},
      {"get_robust_list", Family::kMisc, nullptr},
      {"exit_group", Family::kProcess, nullptr},
  };
  ASSERT_EQ(rows.size(), expected.size()) << ::testing::PrintToString(Names(rows));
  ASSERT_EQ(Names(rows), kFamiliesCalls);
  for (size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE("row " + std::to_string(i) + " " + rows[i].name());
    ASSERT_EQ(rows[i].name(), expected[i].name);
    EXPECT_EQ(rows[i].e.family, static_cast<uint8_t>(expected[i].family));
    EXPECT_EQ(FindSyscall(rows[i].e.nr)->family, expected[i].family);
    if (expected[i].check) expected[i].check(rows[i]);
  }
}

// The README's selector examples, on the families workload.
TEST(FamiliesE2E, SelectorsPickExactlyTheirSyscalls) {
  IOR_REQUIRE_TRACING();
  TempDir dir;
  {
    Selection s;  // -trace-families Time,Polling
    s.families = {"Time", "Polling"};
    EXPECT_EQ(Names(Trace({"families", dir.path()}, s)),
              (std::vector<std::string>{"nanosleep", "poll", "epoll_create1", "epoll_ctl",
                                        "epoll_wait"}));
  }
  {
    Selection s;  // -trace-kinds fd,open -no-trace-syscalls read
    s.kinds = {"fd", "open"};
    s.exclude_syscalls = {"read", "close"};
    std::vector<std::string> want = CallsWhere([](const SyscallInfo& i) {
      return (i.kind == "fd" || i.kind == "open") && i.name != "close";
    });
    EXPECT_EQ(want, (std::vector<std::string>{"openat", "write", "pread64", "sendto", "recvfrom",
                                              "recvfrom"}));
    EXPECT_EQ(Names(Trace({"families", dir.path()}, s)), want);
  }
  {
    Selection s;  // -trace-syscalls openat,recvfrom,nanosleep -no-trace-kinds null
    s.syscalls = {"openat", "recvfrom", "nanosleep", "getpid"};
    s.exclude_kinds = {"null"};
    EXPECT_EQ(Names(Trace({"families", dir.path()}, s)),
              (std::vector<std::string>{"openat", "recvfrom", "recvfrom", "nanosleep"}));
  }
  {
    Selection s;  // -tps sys_enter_unlink -tpsExclude nothing; default FS minus a family
    s.tracepoints = {"enter_(unlink|mkdir)at"};
    EXPECT_EQ(Names(Trace({"families", dir.path()}, s)),
              (std::vector<std::string>{"mkdirat", "unlinkat", "unlinkat"}));
  }
  {
    Selection s;  // nothing chosen: the FS family
    std::vector<std::string> want =
        CallsWhere([](const SyscallInfo& i) { return i.family == Family::kFS; });
    EXPECT_EQ(want.size(), 13u);  // 8 file calls + 5 closes
    EXPECT_EQ(Names(Trace({"families", dir.path()}, s)), want);
  }
}

TEST(FamiliesE2E, SamplingKeepsTotalsExact) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  constexpr int kCalls = 2000;
  auto pread_rows = [](const std::vector<Row>& rows) {
    int n = 0;
    for (const Row& r : rows) n += r.name() == "pread64";
    return n;
  };
  auto pread_stats = [](const SessionStats& stats) {
    for (const SyscallStats& s : stats.syscalls)
      if (SyscallName(s.nr) == "pread64") return s;
    return SyscallStats{};
  };
  for (uint32_t rate : {0u, 1u, 10u}) {
    SCOPED_TRACE("rate " + std::to_string(rate));
    Selection s;
    s.syscalls = {"pread64", "openat"};
    s.sample_syscalls = {{"pread64", rate}};
    SessionStats stats;
    std::vector<Row> rows = Trace({"basic", file.path(), std::to_string(kCalls)}, s, &stats);
    int delivered = pread_rows(rows);
    SyscallStats pread = pread_stats(stats);
    EXPECT_EQ(pread.count, static_cast<uint64_t>(kCalls));  // exact whatever the rate
    EXPECT_EQ(pread.sample_rate, rate);
    EXPECT_EQ(pread.delivered, static_cast<uint64_t>(delivered));
    EXPECT_EQ(pread.count, pread.delivered + pread.sampled_out);
    EXPECT_EQ(stats.kernel_count, stats.delivered + stats.sampled_out + stats.dropped);
    EXPECT_EQ(pread_rows(rows) + 3, static_cast<int>(rows.size()));  // openat unsampled
    if (rate == 0) EXPECT_EQ(delivered, 0);
    if (rate == 1) EXPECT_EQ(delivered, kCalls);
    // One in ten at random: 200 expected, standard deviation about 13.
    if (rate == 10) {
      EXPECT_GT(delivered, 120);
      EXPECT_LT(delivered, 280);
    }
  }
}

TEST(FamiliesE2E, FamilySamplingZeroCountsOnly) {
  IOR_REQUIRE_TRACING();
  TempDir dir;
  Selection s = All();
  s.sample_families = {{"FS", 0}};
  s.sample_syscalls = {{"openat", 1}};  // a syscall's rate wins over its family's
  SessionStats stats;
  std::vector<Row> rows = Trace({"families", dir.path()}, s, &stats);
  for (const Row& r : rows) {
    if (r.e.family == static_cast<uint8_t>(Family::kFS)) EXPECT_EQ(r.name(), "openat");
  }
  uint64_t fs_calls = 0;
  for (const SyscallStats& st : stats.syscalls) {
    if (FindSyscall(st.nr) != nullptr && FindSyscall(st.nr)->family == Family::kFS) {
      fs_calls += st.count;
    }
  }
  EXPECT_EQ(fs_calls, 13u);
  EXPECT_EQ(stats.sampled_out, 12u);
}

TEST(FamiliesE2E, SelectionChangesWhileRunningLoseNothingSelectedThroughout) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  constexpr int kCalls = 200000;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), std::to_string(kCalls)});
  SessionOptions options = Tracing(workload.pid(), {"pread64", "openat"});
  // Room for every record of the run: the polls are interleaved with the selection changes,
  // and this test is about the changes, not about how fast a consumer drains.
  options.ring_bytes = size_t{64} << 20;
  absl::StatusOr<std::unique_ptr<Session>> session = StartSession(options);
  ASSERT_TRUE(session.ok()) << session.status();
  workload.Go();
  // Flip between two selections that both hold pread64 while the loop runs.
  Selection with_openat, with_close;
  with_openat.syscalls = {"pread64", "openat"};
  with_close.syscalls = {"pread64", "close"};
  size_t flips = 0;
  std::vector<Event> events;
  auto collect = [&](const EventBatch& b) {
    events.insert(events.end(), b.events().begin(), b.events().end());
    return 0;
  };
  while (kill(workload.pid(), 0) == 0 && flips < 400) {
    ASSERT_TRUE((*session)->SetSelection(flips % 2 ? with_openat : with_close).ok());
    ++flips;
    ASSERT_TRUE((*session)->Poll(absl::Milliseconds(1), collect).ok());
  }
  ASSERT_EQ(workload.Wait(), 0);
  ASSERT_TRUE((*session)->Stop().ok());
  for (;;) {
    absl::StatusOr<PollResult> r = (*session)->Poll(absl::Seconds(5), collect);
    if (!r.ok() || r->end_of_stream) break;
  }
  EXPECT_GT(flips, 2u);
  int preads = 0;
  for (const Event& e : events) preads += SyscallName(e.nr) == "pread64";
  SessionStats stats = (*session)->Stats();
  EXPECT_EQ(stats.dropped, 0u);
  EXPECT_EQ(stats.kernel_count, stats.delivered + stats.sampled_out + stats.dropped);
  EXPECT_EQ(preads, kCalls);
}

// SyscallStats::sample_rate: the rate a syscall was last traced at, kept after a live change
// deselects it (its figures still say how they were taken).
TEST(FamiliesE2E, EachSyscallsStatsSayTheRateItWasTracedAt) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  constexpr int kCalls = 50;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), std::to_string(kCalls)});
  SessionOptions options = Tracing(workload.pid(), {"pread64", "openat"});
  options.selection.sample_syscalls = {{"pread64", 0}, {"openat", 7}};
  absl::StatusOr<std::unique_ptr<Session>> session = StartSession(options);
  ASSERT_TRUE(session.ok()) << session.status();
  workload.Go();
  ASSERT_EQ(workload.Wait(), 0);
  Selection later;
  later.syscalls = {"openat", "close"};
  ASSERT_TRUE((*session)->SetSelection(later).ok());  // pread64 off, openat at rate 1 now
  ASSERT_TRUE((*session)->Stop().ok());
  std::map<std::string, std::pair<uint64_t, uint32_t>> seen;  // count, rate
  for (const SyscallStats& s : (*session)->Stats().syscalls) {
    seen[std::string(SyscallName(s.nr))] = {s.count, s.sample_rate};
  }
  EXPECT_EQ(seen["pread64"], std::make_pair(uint64_t{kCalls}, 0u));
  EXPECT_EQ(seen["openat"], std::make_pair(uint64_t{3}, 1u));
}

TEST(FamiliesE2E, SyscallsTheKernelLacksAreNamedInOneWarning) {
  IOR_REQUIRE_TRACING();
  std::vector<std::string> warnings;
  std::mutex mu;
  SetLogSink([&](LogLevel level, std::string_view message) {
    std::lock_guard lock(mu);
    if (level == LogLevel::kWarning && message.find("skipping") != std::string_view::npos) {
      warnings.emplace_back(message);
    }
  });
  // This process: nothing to trace, only the start matters.
  absl::StatusOr<std::unique_ptr<Session>> session =
      StartSession(Tracing(getpid(), {"openat", "init_module", "kexec_load"}));
  ASSERT_TRUE(session.ok()) << session.status();
  // The kernel's symbols are read while the session starts; the warning is out by Stop().
  ASSERT_TRUE((*session)->Stop().ok());
  SetLogSink(nullptr);
  // This kernel is built without modules and kexec (their entry points are weak aliases).
  std::ifstream kallsyms("/proc/kallsyms");
  std::string addr, type, symbol;
  std::set<std::string> weak;
  while (kallsyms >> addr >> type >> symbol) {
    if (type == "W" && symbol.starts_with("__x64_sys_")) weak.insert(symbol.substr(10));
  }
  std::string expected = "skipping ";
  std::vector<std::string> missing;
  for (const char* name : {"init_module", "kexec_load"})
    if (weak.contains(name)) missing.push_back(name);
  if (missing.empty()) {
    EXPECT_TRUE(warnings.empty());
    return;
  }
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find(std::to_string(missing.size()) +
                             " selected syscalls this kernel does not implement: " + missing[0]),
            std::string::npos)
      << warnings[0];
  EXPECT_EQ(warnings[0].find("openat"), std::string::npos);
}

TEST(FamiliesE2E, BadSelectionsListTheValidValues) {
  SessionOptions options;
  options.selection.families = {"Filesystem"};
  absl::Status s = ValidateOptions(options);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("valid: Network, Memory, Signals"), absl::string_view::npos)
      << s.message();
  options.selection.families = {};
  options.selection.kinds = {"fdd"};
  EXPECT_NE(ValidateOptions(options).message().find("epoll-ctl"), absl::string_view::npos);
  options.selection.kinds = {"fd"};
  options.selection.exclude_kinds = {"fd"};
  EXPECT_NE(ValidateOptions(options).message().find("matches nothing"), absl::string_view::npos);
  options.selection = {};
  options.selection.tracepoints = {"^openat$"};
  EXPECT_NE(ValidateOptions(options).message().find("drop the anchors"), absl::string_view::npos);
}

}  // namespace
}  // namespace ior
