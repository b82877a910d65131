// End-to-end through the C API only (libior.so): trace tests/e2e's ior-workload for real and
// compare with what it is known to do. Needs root; skips otherwise.
#include <errno.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "capi_poll.h"
#include "ior/ior.h"
#include "workload_process.h"

namespace {

using ::ior::testing::TempFile;
using ::ior::testing::WorkloadProcess;

const char* const kAll[] = {"all"};

// A started session that traces every syscall of `pid`; freed by the caller.
ior_session* StartSession(int32_t pid, size_t batch_size = 0) {
  ior_session_opts opts = IOR_OPTS_INIT(ior_session_opts);
  opts.pids = &pid;
  opts.pids_len = 1;
  opts.families = kAll;
  opts.families_len = 1;
  opts.batch_size = batch_size;
  ior_session* s = nullptr;
  int err = ior_session_new(&s, &opts);
  EXPECT_EQ(err, 0) << ior_strerror(err) << ": " << ior_last_error();
  if (err != 0) return nullptr;
  err = ior_session_start(s);
  EXPECT_EQ(err, 0) << ior_strerror(err) << ": " << ior_last_error();
  if (err != 0) {
    ior_session_free(s);
    return nullptr;
  }
  return s;
}

std::string Name(const ior_event& e) {
  const char* name = ior_syscall_name(e.nr);
  return name != nullptr ? name : "syscall_" + std::to_string(e.nr);
}

int Collect(void* user_data, const ior_event* ev) {
  static_cast<std::vector<ior_event>*>(user_data)->push_back(*ev);
  return 0;
}

// Polls the stopped session until IOR_EEOS.
std::vector<ior_event> DrainAll(ior_session* s) {
  return ior::testing::CollectUntilEnd(s, [](const ior_event& e) { return e; });
}

// `ior-workload basic <file> <n>` after its go byte: names and return values (kFd: >= 3).
constexpr int64_t kFd = -100000;
std::vector<std::pair<std::string, int64_t>> BasicScenario(int n) {
  std::vector<std::pair<std::string, int64_t>> calls;
  for (const ior::testing::ExpectedCall& c : ior::testing::ExpectedBasic(n)) {
    calls.emplace_back(c.name, c.any_fd ? kFd : c.ret);
  }
  return calls;
}

void ExpectBasicScenario(const std::vector<ior_event>& events, pid_t pid, int n) {
  auto expected = BasicScenario(n);
  ASSERT_EQ(events.size(), expected.size());
  for (size_t i = 0; i < events.size(); ++i) {
    const ior_event& e = events[i];
    SCOPED_TRACE("event " + std::to_string(i) + " " + Name(e));
    EXPECT_EQ(e.size, sizeof(ior_event));
    EXPECT_EQ(e.type, static_cast<uint32_t>(IOR_EVENT_SYSCALL));
    EXPECT_EQ(Name(e), expected[i].first);
    if (expected[i].second == kFd) {
      EXPECT_GE(e.ret, 3);
    } else {
      EXPECT_EQ(e.ret, expected[i].second);
    }
    EXPECT_EQ(e.pid, static_cast<uint32_t>(pid));
    EXPECT_EQ(e.tid, static_cast<uint32_t>(pid));
    EXPECT_STREQ(e.comm, "ior-workload");
    const bool noreturn = expected[i].first == "exit_group";
    EXPECT_EQ((e.flags & IOR_EVENT_NO_RETURN) != 0, noreturn);
    if (!noreturn) {
      EXPECT_GT(e.latency_ns, 0u);
    }
    if (i == 0) {
      EXPECT_TRUE(e.flags & IOR_EVENT_FIRST_ON_THREAD);
      EXPECT_EQ(e.gap_ns, 0u);
    } else {
      const ior_event& prev = events[i - 1];
      EXPECT_EQ(e.gap_ns, e.enter_ns - (prev.enter_ns + prev.latency_ns));
    }
  }
  // pread64(fd, buf, 1, 0) on the descriptor openat returned: the raw arguments.
  EXPECT_EQ(events[1].args[0], static_cast<uint64_t>(events[0].ret));
  EXPECT_EQ(events[1].args[2], 1u);
  EXPECT_EQ(events[1].args[3], 0u);
}

const ior_syscall_stats* Find(const ior_stats* st, const char* name) {
  for (size_t i = 0; i < ior_stats_syscalls_len(st); ++i) {
    const ior_syscall_stats* sc = ior_stats_syscall(st, i);
    const char* n = ior_syscall_name(sc->nr);
    if (n != nullptr && std::strcmp(n, name) == 0) return sc;
  }
  return nullptr;
}

TEST(CapiE2E, TracesExactlyTheWorkloadsCalls) {
  IOR_REQUIRE_TRACING();
  constexpr int kPreads = 5000;
  TempFile file;
  WorkloadProcess workload =
      WorkloadProcess::Start({"basic", file.path(), std::to_string(kPreads)});
  ior_session* s = StartSession(workload.pid());
  ASSERT_NE(s, nullptr);
  // Nothing has run yet: a pull returns at once with -EAGAIN.
  ior_batch* batch = nullptr;
  EXPECT_EQ(ior_session_next(&batch, s, 0), -EAGAIN);
  EXPECT_EQ(batch, nullptr);

  workload.Go();
  ASSERT_EQ(workload.Wait(), 0);
  ASSERT_EQ(ior_session_stop(s), 0);
  std::vector<ior_event> events = DrainAll(s);
  ExpectBasicScenario(events, workload.pid(), kPreads);

  ior_stats* st = nullptr;
  ASSERT_EQ(ior_session_stats(&st, s), 0);
  EXPECT_EQ(ior_stats_get(st, IOR_STAT_DROPPED), 0u);
  EXPECT_EQ(ior_stats_get(st, IOR_STAT_DELIVERED), events.size());
  EXPECT_EQ(ior_stats_get(st, IOR_STAT_QUEUED), 0u);
  EXPECT_EQ(ior_stats_get(st, IOR_STAT_FILTERED), 0u);
  EXPECT_EQ(ior_stats_get(st, IOR_STAT_KERNEL_COUNT),
            ior_stats_get(st, IOR_STAT_DELIVERED) + ior_stats_get(st, IOR_STAT_SAMPLED_OUT) +
                ior_stats_get(st, IOR_STAT_DROPPED) + ior_stats_get(st, IOR_STAT_FILTERED));
  EXPECT_EQ(ior_stats_get(st, IOR_STAT_EXITS_WITHOUT_ENTER), 1u);  // the read(2) of the go byte
  const ior_syscall_stats* pread = Find(st, "pread64");
  ASSERT_NE(pread, nullptr);
  EXPECT_EQ(pread->size, sizeof(ior_syscall_stats));
  EXPECT_EQ(pread->count, static_cast<uint64_t>(kPreads));
  EXPECT_EQ(pread->delivered, static_cast<uint64_t>(kPreads));
  EXPECT_EQ(pread->errors, 0u);
  uint64_t in_histogram = 0;
  for (uint64_t b : pread->histogram) in_histogram += b;
  EXPECT_EQ(in_histogram, pread->count);
  // Percentiles from the fine histogram behind the log2 one.
  const size_t pread_index = static_cast<size_t>(pread - ior_stats_syscall(st, 0));
  const uint64_t p50 = ior_stats_percentile(st, pread_index, 0.5);
  const uint64_t p99 = ior_stats_percentile(st, pread_index, 0.99);
  EXPECT_GE(p50, pread->latency_min_ns);
  EXPECT_LE(p50, p99);
  EXPECT_LE(p99, pread->latency_max_ns);
  EXPECT_EQ(ior_stats_percentile(st, pread_index, 1.0), pread->latency_max_ns);
  EXPECT_EQ(ior_stats_percentile(st, ior_stats_syscalls_len(st), 0.5), 0u);
  const ior_syscall_stats* openat = Find(st, "openat");
  ASSERT_NE(openat, nullptr);
  EXPECT_EQ(openat->count, 3u);
  EXPECT_EQ(openat->errors, 1u);
  const ior_syscall_stats* close = Find(st, "close");
  ASSERT_NE(close, nullptr);
  EXPECT_EQ(close->count, 3u);
  EXPECT_EQ(close->errors, 1u);
  ior_stats_free(st);
  // The end is sticky.
  EXPECT_EQ(ior_session_poll(s, 0, Collect, &events), IOR_EEOS);
  EXPECT_EQ(ior_session_next(&batch, s, 0), IOR_EEOS);
  EXPECT_EQ(ior_session_start(s), IOR_ESTATE);
  ior_session_free(s);
}

struct StopEvery {
  std::vector<ior_event> events;
  size_t every;
};

int StopEveryNth(void* user_data, const ior_event* ev) {
  auto* st = static_cast<StopEvery*>(user_data);
  st->events.push_back(*ev);
  return st->events.size() % st->every == 0 ? -42 : 0;
}

TEST(CapiE2E, TheReadmeLoopEndsWhenTheTargetExits) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "100"});
  ior_session* s = StartSession(workload.pid());
  ASSERT_NE(s, nullptr);
  workload.Go();
  // The README's loop, never stopped: IOR_EEOS once the workload has exited and all it did
  // was delivered.
  std::vector<ior_event> events;
  int err = 0;
  while (!err) err = ior_session_poll(s, 100, Collect, &events);
  EXPECT_EQ(err, IOR_EEOS) << ior_strerror(err) << ": " << ior_last_error();
  ASSERT_EQ(workload.Wait(), 0);
  ExpectBasicScenario(events, workload.pid(), 100);
  ior_session_free(s);
}

// A slow consumer: counts the events of `pid` and sleeps a little for each; stops (99) after
// kGiveUp events, which only a poll without a bound would reach.
struct SlowCount {
  uint32_t pid;
  size_t events = 0;
  size_t others = 0;
};
constexpr size_t kGiveUp = 100000;

int CountSlowly(void* user_data, const ior_event* ev) {
  auto* st = static_cast<SlowCount*>(user_data);
  ++st->events;
  if (ev->pid != st->pid) ++st->others;
  usleep(20);  // slower than dd: the queue is full again before it is empty
  return st->events >= kGiveUp ? 99 : 0;
}

TEST(CapiE2E, APollReturnsWhileTheProducerKeepsGoing) {
  IOR_REQUIRE_TRACING();
  constexpr size_t kBatch = 64;
  constexpr size_t kQueued = 4;
  const char* argv[] = {"dd", "if=/dev/zero", "of=/dev/null", "bs=1", nullptr};
  ior_command* dd = nullptr;
  ASSERT_EQ(ior_command_new(&dd, argv, nullptr), 0) << ior_last_error();
  int32_t pid = ior_command_pid(dd);
  const char* const syscalls[] = {"read", "write"};
  ior_session_opts opts = IOR_OPTS_INIT(ior_session_opts);
  opts.pids = &pid;
  opts.pids_len = 1;
  opts.syscalls = syscalls;
  opts.syscalls_len = 2;
  opts.batch_size = kBatch;
  opts.max_queued_batches = kQueued;
  ior_session* s = nullptr;
  ASSERT_EQ(ior_session_new(&s, &opts), 0) << ior_last_error();
  ASSERT_EQ(ior_session_start(s), 0) << ior_last_error();
  ASSERT_EQ(ior_command_release(dd), 0) << ior_last_error();
  SlowCount first{static_cast<uint32_t>(pid)};
  // Returns by itself (0) once it handed over the batch its wait ended with and those queued
  // then, the last one overshooting by less than a batch.
  EXPECT_EQ(ior_session_poll(s, 10000, CountSlowly, &first), 0) << ior_last_error();
  EXPECT_GT(first.events, 0u);
  EXPECT_LT(first.events, kBatch * (kQueued + 2));
  SlowCount second{static_cast<uint32_t>(pid)};
  EXPECT_EQ(ior_session_poll(s, 10000, CountSlowly, &second), 0) << ior_last_error();
  EXPECT_GT(second.events, 0u);  // dd still runs
  EXPECT_EQ(first.others + second.others, 0u);
  EXPECT_EQ(ior_command_kill(dd, SIGKILL), 0);
  int status = 0;
  EXPECT_EQ(ior_command_wait(dd, 10000, &status), 0);
  EXPECT_EQ(status, 128 + SIGKILL);
  ior_command_free(dd);
  ior_session_free(s);
}

TEST(CapiE2E, CallbackValueStopsThePollAndTheNextPollResumes) {
  IOR_REQUIRE_TRACING();
  constexpr int kPreads = 200;
  TempFile file;
  WorkloadProcess workload =
      WorkloadProcess::Start({"basic", file.path(), std::to_string(kPreads)});
  ior_session* s = StartSession(workload.pid());
  ASSERT_NE(s, nullptr);
  workload.Go();
  ASSERT_EQ(workload.Wait(), 0);
  ASSERT_EQ(ior_session_stop(s), 0);

  StopEvery state{{}, 7};
  int stops = 0;
  int rc;
  while ((rc = ior_session_poll(s, 5000, StopEveryNth, &state)) != IOR_EEOS) {
    if (rc == 0) continue;
    ASSERT_EQ(rc, -42) << ior_strerror(rc);
    ++stops;
    // Each stop comes right after the event that asked for it: nothing skipped or repeated.
    ASSERT_EQ(state.events.size() % 7, 0u);
  }
  // Every event arrived once, in order, although most polls stopped mid-batch.
  EXPECT_EQ(stops, static_cast<int>(BasicScenario(kPreads).size() / 7));
  ExpectBasicScenario(state.events, workload.pid(), kPreads);
  ior_session_free(s);
}

int Throwing(void* user_data, const ior_event* ev) {
  auto* events = static_cast<std::vector<ior_event>*>(user_data);
  events->push_back(*ev);
  if (events->size() == 3) throw std::runtime_error("boom from C++");
  return 0;
}

TEST(CapiE2E, CppExceptionInACallbackNeverCrossesTheBoundary) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "20"});
  ior_session* s = StartSession(workload.pid());
  ASSERT_NE(s, nullptr);
  workload.Go();
  ASSERT_EQ(workload.Wait(), 0);
  ASSERT_EQ(ior_session_stop(s), 0);

  std::vector<ior_event> events;
  int rc = ior_session_poll(s, 5000, Throwing, &events);
  EXPECT_EQ(rc, IOR_ECALLBACK);
  EXPECT_NE(std::strstr(ior_last_error(), "boom from C++"), nullptr) << ior_last_error();
  EXPECT_EQ(events.size(), 3u);
  // The session is intact: the rest comes after the event whose callback threw.
  EXPECT_EQ(ior::testing::PollUntilEnd(s, Collect, &events), IOR_EEOS);
  ExpectBasicScenario(events, workload.pid(), 20);
  ior_session_free(s);
}

int StopAtFirst(void* user_data, const ior_event* ev) {
  static_cast<std::vector<ior_event>*>(user_data)->push_back(*ev);
  return 1;
}

TEST(CapiE2E, PullBatchesAfterAStoppedPoll) {
  IOR_REQUIRE_TRACING();
  constexpr int kPreads = 3000;
  TempFile file;
  WorkloadProcess workload =
      WorkloadProcess::Start({"basic", file.path(), std::to_string(kPreads)});
  ior_session* s = StartSession(workload.pid(), /*batch_size=*/256);
  ASSERT_NE(s, nullptr);
  // The fd turns readable once a batch waits.
  workload.Go();
  struct pollfd pfd = {ior_session_fd(s), POLLIN, 0};
  ASSERT_GE(pfd.fd, 0);
  EXPECT_EQ(::poll(&pfd, 1, 5000), 1);
  ASSERT_EQ(workload.Wait(), 0);
  ASSERT_EQ(ior_session_stop(s), 0);

  std::vector<ior_event> events;
  ASSERT_EQ(ior_session_poll(s, 5000, StopAtFirst, &events), 1);
  ASSERT_EQ(events.size(), 1u);
  int rc;
  size_t batches = 0;
  ior_batch* batch = nullptr;
  while ((rc = ior_session_next(&batch, s, 5000)) == 0) {
    ++batches;
    ASSERT_GT(ior_batch_size(batch), 0u);
    EXPECT_LE(ior_batch_size(batch), 256u);
    for (size_t i = 0; i < ior_batch_size(batch); ++i) events.push_back(*ior_batch_event(batch, i));
    EXPECT_EQ(ior_batch_event(batch, ior_batch_size(batch)), nullptr);
    ior_batch_free(batch);
  }
  EXPECT_EQ(rc, IOR_EEOS);
  EXPECT_EQ(batch, nullptr);
  EXPECT_GE(batches, static_cast<size_t>(kPreads / 256));
  ExpectBasicScenario(events, workload.pid(), kPreads);
  ior_session_free(s);
}

TEST(CapiE2E, LiveSyscallChangeKeepsOnlyTheChosenCalls) {
  IOR_REQUIRE_TRACING();
  TempFile file;
  WorkloadProcess workload = WorkloadProcess::Start({"basic", file.path(), "20"});
  ior_session* s = StartSession(workload.pid());
  ASSERT_NE(s, nullptr);
  const char* const openat[] = {"openat"};
  ASSERT_EQ(ior_session_set_syscalls(s, openat, 1), 0) << ior_last_error();
  const char* const bad[] = {"not_a_syscall"};
  EXPECT_EQ(ior_session_set_syscalls(s, bad, 1), -EINVAL);
  const int32_t bad_pid = -1;
  EXPECT_EQ(ior_session_set_targets(s, &bad_pid, 1, nullptr, 0), -EINVAL);
  const int32_t pid = workload.pid();
  ASSERT_EQ(ior_session_set_targets(s, &pid, 1, nullptr, 0), 0) << ior_last_error();
  workload.Go();
  ASSERT_EQ(workload.Wait(), 0);
  ASSERT_EQ(ior_session_stop(s), 0);
  std::vector<ior_event> events = DrainAll(s);
  ASSERT_EQ(events.size(), 3u);
  for (const ior_event& e : events) EXPECT_EQ(Name(e), "openat");
  EXPECT_EQ(events[1].ret, -ENOENT);
  EXPECT_EQ(ior_session_set_syscalls(s, openat, 1), IOR_ESTATE);  // stopped
  ior_session_free(s);
}

void CountLog(void* user_data, int level, const char* message) {
  EXPECT_GE(level, IOR_LOG_DEBUG);
  EXPECT_LE(level, IOR_LOG_WARN);
  EXPECT_NE(message, nullptr);
  ++*static_cast<int*>(user_data);
}

void ThrowingLog(void*, int, const char*) { throw std::runtime_error("log boom"); }

TEST(CapiE2E, LogFunctionSeesLibbpfAndNeverLetsAnExceptionThrough) {
  IOR_REQUIRE_TRACING();
  int messages = 0;
  ASSERT_EQ(ior_set_log_fn(CountLog, &messages), 0);
  ior_session* s = nullptr;
  ASSERT_EQ(ior_session_new(&s, nullptr), 0);
  ASSERT_EQ(ior_session_start(s), 0) << ior_last_error();
  ior_session_free(s);
  EXPECT_GT(messages, 0);  // libbpf reports on loading the programs
  ASSERT_EQ(ior_set_log_fn(ThrowingLog, nullptr), 0);
  ASSERT_EQ(ior_session_new(&s, nullptr), 0);
  EXPECT_EQ(ior_session_start(s), 0) << ior_last_error();
  ior_session_free(s);
  ASSERT_EQ(ior_set_log_fn(nullptr, nullptr), 0);
}

}  // namespace
