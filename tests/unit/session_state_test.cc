// The Session state machine without privileges: a fake kernel side (session_kernel.h) that
// feeds wire records and reports counters in place of the BPF program and its ring.
#include <gtest/gtest.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "ior/session.h"
#include "ior/stats.h"
#include "ior_wire.h"
#include "session_kernel.h"

namespace ior::internal {
namespace {

// What the test sets and sees of the fake; the session owns the fake itself.
struct FakeKernelState {
  std::mutex mu;
  std::deque<std::vector<uint8_t>> records;  // handed to the pipeline by the next Consume()
  KernelCounters counters;
  std::vector<SyscallStats> aggregates;
  absl::Status load_error;    // returned by the next load, then cleared
  absl::Status attach_error;  // returned by the next Attach(), then cleared
  int loads = 0;
  int attaches = 0;
  int detaches = 0;
  bool attached = false;
  int alive = 0;  // fakes not yet destroyed

  template <typename Record>
  void Push(const Record& r) {
    std::lock_guard lock(mu);
    const auto* p = reinterpret_cast<const uint8_t*>(&r);
    records.emplace_back(p, p + sizeof(r));
  }
};

class FakeKernel final : public SessionKernel {
 public:
  explicit FakeKernel(std::shared_ptr<FakeKernelState> state)
      : state_(std::move(state)), fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    std::lock_guard lock(state_->mu);
    ++state_->alive;
  }
  ~FakeKernel() override {
    close(fd_);
    std::lock_guard lock(state_->mu);
    --state_->alive;
  }

  absl::Status SetSyscalls(const ResolvedSelection&) override { return absl::OkStatus(); }
  absl::Status SetTargets(std::span<const pid_t>, std::span<const pid_t>) override {
    return absl::OkStatus();
  }
  absl::Status Attach() override {
    std::lock_guard lock(state_->mu);
    ++state_->attaches;
    if (!state_->attach_error.ok()) return std::exchange(state_->attach_error, absl::OkStatus());
    state_->attached = true;
    return absl::OkStatus();
  }
  void Detach() override {
    std::lock_guard lock(state_->mu);
    if (state_->attached) ++state_->detaches;
    state_->attached = false;
  }
  int ready_fd() const override { return fd_; }
  size_t Consume(RingReader::Callback callback, void* ctx) override {
    std::deque<std::vector<uint8_t>> records;
    {
      std::lock_guard lock(state_->mu);
      records.swap(state_->records);
    }
    for (const std::vector<uint8_t>& r : records) callback(ctx, r.data(), r.size());
    return records.size();
  }
  KernelCounters ReadCounters() const override {
    std::lock_guard lock(state_->mu);
    return state_->counters;
  }
  std::vector<SyscallStats> ReadAggregates() const override {
    std::lock_guard lock(state_->mu);
    return state_->aggregates;
  }

 private:
  std::shared_ptr<FakeKernelState> state_;
  int fd_;
};

ior_wire_syscall Call(uint32_t pid, uint32_t nr) {
  ior_wire_syscall r{};
  r.hdr.type = IOR_WIRE_SYSCALL;
  r.hdr.size = sizeof(r);
  r.enter_ns = 1000;
  r.latency_ns = 10;
  r.pid = pid;
  r.tid = pid;
  r.nr = nr;
  r.ret = 1;
  return r;
}

ior_wire_task Task(uint16_t type, uint32_t pid, const char* comm, uint32_t flags = 0) {
  ior_wire_task t{};
  t.hdr.type = type;
  t.hdr.size = sizeof(t);
  t.hdr.flags = flags;
  t.pid = pid;
  t.tid = pid;
  std::strncpy(t.comm, comm, sizeof(t.comm) - 1);
  return t;
}

class SessionStateTest : public ::testing::Test {
 protected:
  SessionStateTest() {
    options_.track_files = false;
    options_.max_delay = absl::Milliseconds(5);
  }

  std::unique_ptr<Session> Create() {
    std::shared_ptr<FakeKernelState> state = state_;
    absl::StatusOr<std::unique_ptr<Session>> session = CreateSession(
        options_,
        [state](const BpfProgram::Config&) -> absl::StatusOr<std::unique_ptr<SessionKernel>> {
          {
            std::lock_guard lock(state->mu);
            ++state->loads;
            if (!state->load_error.ok()) return std::exchange(state->load_error, absl::OkStatus());
          }
          return std::make_unique<FakeKernel>(state);
        });
    EXPECT_TRUE(session.ok()) << session.status();
    return session.ok() ? *std::move(session) : nullptr;
  }

  // Polls until the end of the stream; the events delivered meanwhile.
  static size_t DrainToEnd(Session& session) {
    size_t events = 0;
    for (;;) {
      absl::StatusOr<PollResult> r =
          session.Poll(absl::Seconds(10), [](const EventBatch&) { return 0; });
      EXPECT_TRUE(r.ok()) << r.status();
      if (!r.ok()) return events;
      events += r->events;
      if (r->end_of_stream) return events;
      EXPECT_GT(r->batches, 0u) << "10 s without a batch or the end";
      if (r->batches == 0) return events;
    }
  }

  SessionOptions options_;
  std::shared_ptr<FakeKernelState> state_ = std::make_shared<FakeKernelState>();
};

TEST_F(SessionStateTest, PollBeforeStartIsAnError) {
  std::unique_ptr<Session> session = Create();
  ASSERT_NE(session, nullptr);
  absl::StatusOr<PollResult> r = session->Poll(absl::ZeroDuration(), [](const EventBatch&) {
    ADD_FAILURE() << "no batch before Start()";
    return 0;
  });
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(session->NextBatch(absl::ZeroDuration()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(session->SetTargets({}, {}).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(state_->loads, 0);  // nothing is loaded before Start()
}

TEST_F(SessionStateTest, StartTwiceIsRefused) {
  std::unique_ptr<Session> session = Create();
  ASSERT_NE(session, nullptr);
  ASSERT_TRUE(session->Start().ok());
  EXPECT_EQ(session->Start().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(state_->loads, 1);
  EXPECT_EQ(state_->attaches, 1);
  ASSERT_TRUE(session->Stop().ok());
  EXPECT_EQ(session->Start().code(), absl::StatusCode::kFailedPrecondition);  // stopped
  EXPECT_EQ(state_->loads, 1);
}

TEST_F(SessionStateTest, StopIsIdempotent) {
  std::unique_ptr<Session> running = Create();
  ASSERT_NE(running, nullptr);
  ASSERT_TRUE(running->Start().ok());
  EXPECT_TRUE(running->Stop().ok());
  EXPECT_TRUE(running->Stop().ok());
  EXPECT_EQ(state_->detaches, 1);
  EXPECT_EQ(DrainToEnd(*running), 0u);
  EXPECT_EQ(running->NextBatch(absl::ZeroDuration()).status().code(),
            absl::StatusCode::kOutOfRange);

  // Stopped before it started: an empty stream that has ended, and nothing was loaded.
  state_ = std::make_shared<FakeKernelState>();
  std::unique_ptr<Session> never = Create();
  ASSERT_NE(never, nullptr);
  EXPECT_TRUE(never->Stop().ok());
  EXPECT_TRUE(never->Stop().ok());
  EXPECT_EQ(DrainToEnd(*never), 0u);
  EXPECT_EQ(never->Start().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(state_->loads, 0);
}

TEST_F(SessionStateTest, FailedStartLeavesTheSessionUnstartedAndCanBeRetried) {
  std::unique_ptr<Session> session = Create();
  ASSERT_NE(session, nullptr);
  state_->load_error = absl::PermissionDeniedError("no CAP_BPF");
  EXPECT_EQ(session->Start().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      session->Poll(absl::ZeroDuration(), [](const EventBatch&) { return 0; }).status().code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(session->Stats().kernel_count, 0u);

  // Loaded, then the attach fails: the loaded programs are let go (their counts with them).
  state_->attach_error = absl::InternalError("cannot attach");
  SyscallStats read{};
  read.count = 4;
  state_->aggregates = {read};
  EXPECT_EQ(session->Start().code(), absl::StatusCode::kInternal);
  EXPECT_FALSE(state_->attached);
  EXPECT_EQ(state_->alive, 0);
  EXPECT_EQ(session->Stats().kernel_count, 0u);

  ASSERT_TRUE(session->Start().ok());
  EXPECT_EQ(state_->loads, 3);
  EXPECT_EQ(state_->attaches, 2);
  EXPECT_TRUE(state_->attached);
  const uint32_t pid = static_cast<uint32_t>(getpid());
  state_->Push(Call(pid, 0));
  absl::StatusOr<std::optional<EventBatch>> batch = session->NextBatch(absl::Seconds(10));
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_TRUE(batch->has_value());
  EXPECT_EQ((*batch)->size(), 1u);
  ASSERT_TRUE(session->Stop().ok());
  EXPECT_FALSE(state_->attached);
  EXPECT_EQ(state_->alive, 1);
}

TEST_F(SessionStateTest, StreamEndsOnceTheTargetsAreGoneAndTheQueueIsDrained) {
  const pid_t self = getpid();
  options_.pids = {self};
  options_.end_with_targets = true;
  std::unique_ptr<Session> session = Create();
  ASSERT_NE(session, nullptr);
  ASSERT_TRUE(session->Start().ok());
  const uint32_t pid = static_cast<uint32_t>(self);
  for (int i = 0; i < 3; ++i) state_->Push(Call(pid, 0));
  size_t events = 0;
  while (events < 3) {
    absl::StatusOr<std::optional<EventBatch>> batch = session->NextBatch(absl::Seconds(10));
    ASSERT_TRUE(batch.ok()) << "the stream ended while its target lives: " << batch.status();
    ASSERT_TRUE(batch->has_value()) << "10 s without the 3 events";
    events += (*batch)->size();
  }
  EXPECT_EQ(events, 3u);

  // The kernel says the target exited, after two more calls: those come, then the end.
  state_->Push(Call(pid, 0));
  state_->Push(Call(pid, 0));
  state_->Push(Task(IOR_WIRE_EXIT, pid, "", IOR_WIRE_F_GROUP_DEAD));
  EXPECT_EQ(DrainToEnd(*session), 2u);
  EXPECT_EQ(session->NextBatch(absl::ZeroDuration()).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_TRUE(session->Stop().ok());  // after the end: nothing left to do
}

TEST_F(SessionStateTest, StatsAddUp) {
  options_.comm_filter = TextFilter{"keep"};
  std::unique_ptr<Session> session = Create();
  ASSERT_NE(session, nullptr);
  ASSERT_TRUE(session->Start().ok());
  // Two tasks, named by the kernel's records; the comm filter keeps one.
  constexpr uint32_t kKeep = 0x7ffffff0, kDrop = 0x7ffffff1;
  state_->Push(Task(IOR_WIRE_TASK, kKeep, "keep"));
  state_->Push(Task(IOR_WIRE_TASK, kDrop, "drop"));
  for (int i = 0; i < 5; ++i) state_->Push(Call(kKeep, 0));
  for (int i = 0; i < 2; ++i) state_->Push(Call(kDrop, 0));
  {
    // The kernel counted 10 calls of read: 2 sampled out, 1 lost to a full ring, 7 written.
    std::lock_guard lock(state_->mu);
    SyscallStats read{};
    read.nr = 0;
    read.count = 10;
    read.sampled_out = 2;
    state_->aggregates = {read};
    state_->counters.ring_full = 1;
  }
  ASSERT_TRUE(session->Stop().ok());
  EXPECT_EQ(DrainToEnd(*session), 5u);

  const SessionStats stats = session->Stats();
  EXPECT_EQ(stats.kernel_count, 10u);
  EXPECT_EQ(stats.delivered, 5u);
  EXPECT_EQ(stats.sampled_out, 2u);
  EXPECT_EQ(stats.dropped, 1u);
  EXPECT_EQ(stats.filtered, 2u);
  EXPECT_EQ(stats.kernel_count,
            stats.delivered + stats.sampled_out + stats.dropped + stats.filtered);
  ASSERT_EQ(stats.syscalls.size(), 1u);
  EXPECT_EQ(stats.syscalls[0].delivered, 5u);
}

}  // namespace
}  // namespace ior::internal
