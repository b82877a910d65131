#include "ior/session.h"

#include <bpf/libbpf.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "batch_queue.h"
#include "bpf_program.h"
#include "degrade_windows.h"
#include "event_pipeline.h"
#include "file_tracker.h"
#include "ior/error.h"
#include "ior/syscalls.h"
#include "ior_wire.h"
#include "log.h"
#include "missing_syscalls.h"
#include "proc_fs.h"
#include "ring_reader.h"
#include "session_kernel.h"
#include "stopwatch.h"
#include "target_set.h"

namespace ior {

using internal::BatchQueue;
using internal::BpfProgram;
using internal::EventPipeline;

namespace {

// How long the drain thread sleeps between looks at the ring when the kernel does not wake
// it: records are submitted without a wakeup until enough data waits.
absl::Duration PollInterval(absl::Duration max_delay) {
  return std::clamp(max_delay / 2, absl::Milliseconds(1), absl::Milliseconds(100));
}

// The length of a degrade window (SessionStats::degrade_windows), at least: the drain thread
// looks at the kernel's degraded counters once per window.
constexpr uint64_t kDegradeWindowNs = 250'000'000;

// CLOCK_BOOTTIME in ns: the kernel's (and Event::enter_ns's) clock.
uint64_t BootTimeNs() {
  timespec ts{};
  clock_gettime(CLOCK_BOOTTIME, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_nsec);
}

// How often the drain thread checks /proc for targets whose exit it did not read.
constexpr absl::Duration kTargetRecheck = absl::Milliseconds(100);

// CPU time of a thread's clock (CLOCK_THREAD_CPUTIME_ID: the caller's), 0 if unreadable.
uint64_t ThreadCpuNs(clockid_t clock) {
  timespec ts{};
  if (clock_gettime(clock, &ts) != 0) return 0;
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_nsec);
}

int ToMillis(absl::Duration d) {
  return static_cast<int>(
      std::max<int64_t>(1, absl::ToInt64Milliseconds(absl::Ceil(d, absl::Milliseconds(1)))));
}

// Whether a process or thread with this id exists now (a zombie counts).
bool TaskExists(pid_t id) {
  if (kill(id, 0) == 0 || errno == EPERM) return true;
  // kill() takes thread group ids; a thread id is found under /proc.
  return access(absl::StrCat("/proc/", id).c_str(), F_OK) == 0;
}

// A session whose every target is gone could never trace anything and never end: refused.
// Some targets may be gone (a list of pids is taken as "those of them that exist").
absl::Status CheckTargetsExist(const SessionOptions& options) {
  const auto check = [](const std::vector<pid_t>& ids, const char* what,
                        const char* plural) -> absl::Status {
    if (ids.empty() || std::any_of(ids.begin(), ids.end(), TaskExists)) return absl::OkStatus();
    if (ids.size() == 1) return absl::NotFoundError(absl::StrCat("no ", what, " with id ", ids[0]));
    return absl::NotFoundError(absl::StrCat("none of the ", ids.size(), " target ", plural,
                                            " exists: ", absl::StrJoin(ids, ", ")));
  };
  if (absl::Status s = check(options.pids, "process", "processes"); !s.ok()) return s;
  return check(options.tids, "thread", "threads");
}

}  // namespace

class Session::Impl {
 public:
  Impl(SessionOptions options, internal::SessionKernelLoader load)
      : options_(std::move(options)), load_(std::move(load)) {}
  ~Impl();

  // Session::Create with `load` for the kernel side.
  static absl::StatusOr<std::unique_ptr<Session>> Create(const SessionOptions& options,
                                                         internal::SessionKernelLoader load);

  absl::Status Init();
  absl::Status Start();
  absl::Status Stop();
  absl::StatusOr<PollResult> Poll(absl::Duration timeout, const BatchCallback& callback);
  absl::StatusOr<std::optional<EventBatch>> NextBatch(absl::Duration timeout);
  int fd() const { return queue_->fd(); }
  absl::Status SetTargets(std::span<const pid_t> pids, std::span<const pid_t> tids);
  absl::Status SetSelection(const Selection& selection);
  SessionStats Stats() const;

 private:
  enum class State { kCreated, kRunning, kStopped };

  absl::Status StartLocked();  // mu_ held
  void UndoStart();            // mu_ held: back to kCreated as before a failed StartLocked()
  void DrainLoop();
  absl::Status RequireRunning() const;
  void CountDelivered(const EventBatch& batch);

  const SessionOptions options_;
  const internal::SessionKernelLoader load_;
  std::unique_ptr<BatchQueue> queue_;
  std::unique_ptr<internal::ProcFs> proc_;
  std::unique_ptr<internal::FileTracker> files_;  // used by the drain thread only
  std::unique_ptr<EventPipeline> pipeline_;
  std::unique_ptr<internal::SessionKernel> kernel_;  // the programs and their ring
  // The live targets when the session was given pids or tids, else null.
  std::unique_ptr<internal::TargetSet> targets_;
  int epoll_fd_ = -1;  // ring + wake_fd_
  int wake_fd_ = -1;   // written by Stop() to end the drain loop's wait
  std::thread drain_;
  std::atomic<bool> stopping_{false};

  // Events handed to consumers, per syscall slot (numbers past the end share the last).
  std::array<std::atomic<uint64_t>, IOR_WIRE_MAX_SYSCALLS> delivered_by_slot_{};

  // The windows of degraded rows (SessionOptions::degrade), else null; sampled by the drain
  // thread.
  std::unique_ptr<internal::DegradeWindows> degrade_windows_;

  // Logs the selected syscalls the kernel lacks; joined by Stop().
  std::unique_ptr<internal::MissingSyscallCheck> missing_syscalls_;
  StartupTimes startup_;                   // written by Start()
  std::atomic<uint64_t> drain_cpu_ns_{0};  // the drain thread's CPU time, once it ended
  std::optional<clockid_t> drain_clock_;   // its CPU clock while it runs

  mutable std::mutex mu_;  // guards state_ and the live-change calls
  State state_ = State::kCreated;
};

absl::Status Session::Impl::Init() {
  absl::StatusOr<std::unique_ptr<BatchQueue>> queue =
      BatchQueue::Create(options_.max_queued_batches);
  if (!queue.ok()) return queue.status();
  queue_ = *std::move(queue);
  if (options_.track_files && !options_.aggregate_only) {
    proc_ = std::make_unique<internal::RealProcFs>();
    internal::KernelDevices devices;
    internal::ProbeKernelDevices(&devices.pipefs, &devices.sockfs);
    files_ = std::make_unique<internal::FileTracker>(proc_.get(), internal::FileTrackerLimits{},
                                                     devices);
  }
  EventPipeline::Filters filters{options_.comm_filter, options_.path_filter};
  pipeline_ = std::make_unique<EventPipeline>(options_.batch_size, options_.max_delay, queue_.get(),
                                              internal::CommCache::ReadFromProc, files_.get(),
                                              std::move(filters));
  return absl::OkStatus();
}

Session::Impl::~Impl() {
  (void)Stop();
  if (epoll_fd_ >= 0) close(epoll_fd_);
  if (wake_fd_ >= 0) close(wake_fd_);
}

absl::Status Session::Impl::Start() {
  std::lock_guard lock(mu_);
  if (state_ != State::kCreated) {
    return absl::FailedPreconditionError("the session was already started");
  }
  absl::Status s = StartLocked();
  if (!s.ok()) UndoStart();  // a failed start can be retried
  return s;
}

void Session::Impl::UndoStart() {
  if (kernel_ != nullptr) kernel_->Detach();
  kernel_.reset();
  degrade_windows_.reset();
  missing_syscalls_.reset();  // waits for its look at /proc/kallsyms: nothing stays open
  pipeline_->set_targets(nullptr);
  targets_.reset();
  if (epoll_fd_ >= 0) close(epoll_fd_);
  if (wake_fd_ >= 0) close(wake_fd_);
  epoll_fd_ = wake_fd_ = -1;
}

absl::Status Session::Impl::StartLocked() {
  if (absl::Status s = CheckTargetsExist(options_); !s.ok()) return s;
  BpfProgram::Config config;
  config.ring_bytes = options_.ring_bytes;
  config.self_tgid = static_cast<uint32_t>(getpid());
  config.wakeup_bytes = options_.ring_bytes / 8;
  config.follow = options_.follow;
  config.cgroup_id = options_.cgroup_id;
  config.track_files = options_.track_files && !options_.aggregate_only;
  config.aggregate_only = options_.aggregate_only;
  config.measure_run_time = options_.measure_kernel_time;
  config.degrade = options_.degrade && !options_.aggregate_only;
  config.btf_path = options_.btf_path;
  internal::Stopwatch watch;
  absl::StatusOr<ResolvedSelection> selection = ResolveSelection(EffectiveSelection(options_));
  if (!selection.ok()) return selection.status();
  // Meanwhile the kernel's symbols are read, which takes longer than all of the start.
  missing_syscalls_ = std::make_unique<internal::MissingSyscallCheck>(*selection);
  absl::StatusOr<std::unique_ptr<internal::SessionKernel>> kernel = load_(config);
  if (!kernel.ok()) return kernel.status();
  kernel_ = *std::move(kernel);
  startup_ = kernel_->LoadTimes();

  watch.Lap();  // open and load: counted by the loader
  if (absl::Status s = kernel_->SetSyscalls(*selection); !s.ok()) return s;
  if (absl::Status s = kernel_->SetTargets(options_.pids, options_.tids); !s.ok()) return s;

  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (wake_fd_ < 0 || epoll_fd_ < 0) return ErrnoStatus(errno, "cannot create epoll");
  epoll_event ev{};
  ev.events = EPOLLIN;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, kernel_->ready_fd(), &ev) != 0 ||
      epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) != 0) {
    return ErrnoStatus(errno, "cannot watch the ring buffer");
  }

  startup_.configure_ns = watch.Lap();
  if (files_ != nullptr) {
    // Before the drain thread owns the tracker: the descriptors that exist before the trace,
    // named by identity. The tracer's own are what a launched command inherits.
    files_->Seed(static_cast<uint32_t>(getpid()));
    for (pid_t pid : options_.pids) files_->Seed(static_cast<uint32_t>(pid));
  }
  if (!(options_.pids.empty() && options_.tids.empty())) {
    // Before attaching: a target that exits between the two is then still seen to go. Kept
    // without end_with_targets too: a process that takes a gone target's pid is told apart
    // by it (foreign_tasks.h).
    targets_ = std::make_unique<internal::TargetSet>(options_.follow, kTargetRecheck);
    targets_->Reset(options_.pids, options_.tids);
    pipeline_->set_targets(targets_.get());
  }
  startup_.seed_ns = watch.Lap();
  if (config.degrade) {
    degrade_windows_ =
        std::make_unique<internal::DegradeWindows>(kDegradeWindowNs, kMaxDegradeWindows);
    degrade_windows_->Start(BootTimeNs(), kernel_->ReadCounters().degraded_by_level);
  }
  if (absl::Status s = kernel_->Attach(); !s.ok()) return s;
  drain_ = std::thread([this] { DrainLoop(); });
  if (clockid_t clock; pthread_getcpuclockid(drain_.native_handle(), &clock) == 0) {
    drain_clock_ = clock;
  }
  startup_.attach_ns = watch.Lap();
  startup_.total_ns = watch.Total();
  state_ = State::kRunning;
  return absl::OkStatus();
}

void Session::Impl::DrainLoop() {
  const absl::Duration interval = PollInterval(options_.max_delay);
  epoll_event events[2];
  while (!stopping_.load(std::memory_order_acquire)) {
    absl::Duration wait = std::min(interval, pipeline_->FlushIfDue(absl::Now()));
    epoll_wait(epoll_fd_, events, 2, ToMillis(wait));
    kernel_->Consume(&EventPipeline::OnRecord, pipeline_.get());
    const absl::Time now = absl::Now();
    pipeline_->FlushIfDue(now);
    if (degrade_windows_ != nullptr) {
      if (const uint64_t boot_ns = BootTimeNs(); degrade_windows_->Due(boot_ns)) {
        degrade_windows_->Sample(boot_ns, kernel_->ReadCounters().degraded_by_level);
      }
    }
    // Every target is gone: what they wrote is in the ring already; drain it and end.
    if (options_.end_with_targets && targets_ != nullptr && targets_->AllGone(now)) break;
  }
  // Programs that were running when they were detached may still be finishing a record:
  // drain until the ring has stayed empty for a moment.
  for (int quiet = 0; quiet < 2;) {
    quiet = kernel_->Consume(&EventPipeline::OnRecord, pipeline_.get()) > 0 ? 0 : quiet + 1;
    if (quiet < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  pipeline_->Flush();
  if (degrade_windows_ != nullptr) {
    degrade_windows_->Finish(BootTimeNs(), kernel_->ReadCounters().degraded_by_level);
  }
  drain_cpu_ns_.store(ThreadCpuNs(CLOCK_THREAD_CPUTIME_ID), std::memory_order_relaxed);
  queue_->Close();
}

absl::Status Session::Impl::Stop() {
  std::lock_guard lock(mu_);
  if (state_ != State::kRunning) {
    if (state_ == State::kCreated) {
      queue_->Close();
      state_ = State::kStopped;
    }
    return absl::OkStatus();
  }
  kernel_->Detach();
  queue_->Unbound();  // the final drain must not wait for a consumer
  stopping_.store(true, std::memory_order_release);
  uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof(one));
  drain_.join();
  if (missing_syscalls_ != nullptr) missing_syscalls_->Join();
  state_ = State::kStopped;
  return absl::OkStatus();
}

void Session::Impl::CountDelivered(const EventBatch& batch) {
  for (const Event& e : batch.events()) {
    std::atomic<uint64_t>& n = delivered_by_slot_[std::min<uint32_t>(e.nr, IOR_WIRE_OVERFLOW_SLOT)];
    n.store(n.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
}

absl::Status Session::Impl::RequireRunning() const {
  if (state_ == State::kCreated) {
    return absl::FailedPreconditionError("the session has not been started");
  }
  return absl::OkStatus();
}

absl::StatusOr<PollResult> Session::Impl::Poll(absl::Duration timeout,
                                               const BatchCallback& callback) {
  {
    std::lock_guard lock(mu_);
    if (absl::Status s = RequireRunning(); !s.ok()) return s;
  }
  PollResult result;
  EventBatch batch;
  BatchQueue::PopResult r = queue_->Pop(timeout, &batch);
  // What was queued when the wait ended bounds this call: a trace that fills the queue as fast
  // as the callback empties it must not keep the caller here (it has a stop signal to see, a
  // screen to draw).
  const uint64_t budget =
      r == BatchQueue::PopResult::kBatch ? batch.size() + queue_->queued_events() : 0;
  while (r == BatchQueue::PopResult::kBatch) {
    CountDelivered(batch);
    ++result.batches;
    result.events += batch.size();
    if (int rc = callback(batch); rc != 0) {
      result.callback_result = rc;
      return result;
    }
    if (result.events >= budget) break;
    r = queue_->Pop(absl::ZeroDuration(), &batch);
  }
  result.end_of_stream = r == BatchQueue::PopResult::kEnd;
  return result;
}

absl::StatusOr<std::optional<EventBatch>> Session::Impl::NextBatch(absl::Duration timeout) {
  {
    std::lock_guard lock(mu_);
    if (absl::Status s = RequireRunning(); !s.ok()) return s;
  }
  EventBatch batch;
  switch (queue_->Pop(timeout, &batch)) {
    case BatchQueue::PopResult::kBatch:
      CountDelivered(batch);
      return std::optional<EventBatch>(std::move(batch));
    case BatchQueue::PopResult::kTimeout:
      return std::optional<EventBatch>();
    case BatchQueue::PopResult::kEnd:
      break;
  }
  return absl::OutOfRangeError("the session is stopped and every event was delivered");
}

absl::Status Session::Impl::SetTargets(std::span<const pid_t> pids, std::span<const pid_t> tids) {
  SessionOptions check;
  check.pids.assign(pids.begin(), pids.end());
  check.tids.assign(tids.begin(), tids.end());
  if (absl::Status s = ValidateOptions(check); !s.ok()) return s;
  std::lock_guard lock(mu_);
  if (state_ != State::kRunning) {
    return absl::FailedPreconditionError("targets can only change while the session runs");
  }
  if (absl::Status s = kernel_->SetTargets(pids, tids); !s.ok()) return s;
  if (targets_ != nullptr) targets_->Reset(pids, tids);
  return absl::OkStatus();
}

absl::Status Session::Impl::SetSelection(const Selection& selection) {
  absl::StatusOr<ResolvedSelection> resolved = ResolveSelection(selection);
  if (!resolved.ok()) return resolved.status();
  std::lock_guard lock(mu_);
  if (state_ != State::kRunning) {
    return absl::FailedPreconditionError("the selection can only change while the session runs");
  }
  return kernel_->SetSyscalls(*resolved);
}

SessionStats Session::Impl::Stats() const {
  SessionStats stats;
  stats.decoded = pipeline_->decoded();
  stats.filtered = pipeline_->filtered();
  stats.delivered = queue_->delivered_events();
  stats.queued = queue_->queued_events();
  std::lock_guard lock(mu_);
  stats.startup = startup_;
  stats.cost.drain_cpu_ns = drain_cpu_ns_.load(std::memory_order_relaxed);
  if (state_ == State::kRunning && stats.cost.drain_cpu_ns == 0 && drain_clock_) {
    stats.cost.drain_cpu_ns = ThreadCpuNs(*drain_clock_);
  }
  if (kernel_ == nullptr) return stats;
  kernel_->ReadRunTime(&stats.cost.kernel_runs, &stats.cost.kernel_run_ns);
  internal::KernelCounters counters = kernel_->ReadCounters();
  stats.dropped = counters.ring_full;
  stats.exits_without_enter = counters.exit_without_enter;
  stats.state_unavailable = counters.state_unavailable;
  stats.control_dropped = counters.control_dropped;
  stats.syscalls = kernel_->ReadAggregates();
  for (SyscallStats& s : stats.syscalls) {
    s.delivered = delivered_by_slot_[s.nr].load(std::memory_order_relaxed);
    stats.kernel_count += s.count;
    stats.sampled_out += s.sampled_out;
    stats.degraded += s.degraded;
  }
  if (degrade_windows_ != nullptr) {
    degrade_windows_->Read(&stats.degrade_windows, &stats.degrade_windows_dropped);
  }
  return stats;
}

// Session: forwards to Impl.

Session::Session(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Session::~Session() = default;

absl::StatusOr<std::unique_ptr<Session>> Session::Impl::Create(const SessionOptions& options,
                                                               internal::SessionKernelLoader load) {
  if (absl::Status s = ValidateOptions(options); !s.ok()) return s;
  auto impl = std::make_unique<Impl>(options, std::move(load));
  if (absl::Status s = impl->Init(); !s.ok()) return s;
  return std::unique_ptr<Session>(new Session(std::move(impl)));
}

absl::StatusOr<std::unique_ptr<Session>> Session::Create(const SessionOptions& options) {
  return Impl::Create(options, internal::LoadBpfKernel);
}

absl::StatusOr<std::unique_ptr<Session>> internal::CreateSession(
    const SessionOptions& options, internal::SessionKernelLoader load) {
  return Session::Impl::Create(options, std::move(load));
}

absl::Status Session::Start() { return impl_->Start(); }
absl::Status Session::Stop() { return impl_->Stop(); }
absl::StatusOr<PollResult> Session::Poll(absl::Duration timeout, const BatchCallback& callback) {
  return impl_->Poll(timeout, callback);
}
absl::StatusOr<std::optional<EventBatch>> Session::NextBatch(absl::Duration timeout) {
  return impl_->NextBatch(timeout);
}
int Session::fd() const { return impl_->fd(); }
absl::Status Session::SetTargets(std::span<const pid_t> pids, std::span<const pid_t> tids) {
  return impl_->SetTargets(pids, tids);
}
absl::Status Session::SetSyscalls(std::span<const std::string> syscalls) {
  Selection selection;
  selection.syscalls.assign(syscalls.begin(), syscalls.end());
  return impl_->SetSelection(selection);
}
absl::Status Session::SetSelection(const Selection& selection) {
  return impl_->SetSelection(selection);
}
SessionStats Session::Stats() const { return impl_->Stats(); }

}  // namespace ior
