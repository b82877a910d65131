// The dashboard's session, drain thread and main loop (see app.h).
#include "app.h"

#include <curses.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "canvas.h"
#include "dashboard.h"
#include "demo_workload.h"
#include "escape.h"
#include "filter.h"
#include "filter_stack.h"
#include "flags.h"
#include "format.h"
#include "ior/child_process.h"
#include "ior/session.h"
#include "ior/stats.h"
#include "model.h"
#include "picker.h"
#include "probes.h"
#include "recorder.h"
#include "stream_export.h"
#include "tabs.h"
#include "terminal.h"

#ifndef IOR_VERSION
#define IOR_VERSION "unknown"
#endif

namespace ior::dashboard {
namespace {

std::atomic<int> g_signal{0};
void OnSignal(int sig) { g_signal.store(sig, std::memory_order_relaxed); }

void InstallSignalHandlers() {
  struct sigaction sa = {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sa.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &sa, nullptr);
}

// A command traced by the dashboard must not write into the screen: it gets /dev/null as
// stdin, stdout and stderr. Held while the child is forked, so only the child sees it.
class StdioToDevNull {
 public:
  StdioToDevNull() {
    const int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    for (int fd = 0; fd < 3; ++fd) {
      saved_[fd] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
      if (null >= 0) dup2(null, fd);
    }
    if (null >= 0) close(null);
  }
  ~StdioToDevNull() {
    for (int fd = 0; fd < 3; ++fd) {
      if (saved_[fd] < 0) continue;
      dup2(saved_[fd], fd);
      close(saved_[fd]);
    }
  }

 private:
  int saved_[3] = {-1, -1, -1};
};

}  // namespace

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t ThreadCpuNs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

absl::Status App::StartSession() {
  absl::StatusOr<std::unique_ptr<Session>> created = Session::Create(options_);
  if (!created.ok()) return created.status();
  if (absl::Status s = (*created)->Start(); !s.ok()) return s;
  session_ = *std::move(created);
  // The dashboard runs until `q` unless -duration says otherwise.
  deadline_ms_ = flags_.duration_seconds ? NowMs() + *flags_.duration_seconds * 1000
                                         : std::numeric_limits<int64_t>::max();
  probes_.selection = options_.selection;
  drain_stop_ = false;
  drain_ = std::thread([this] { DrainLoop(); });
  return absl::OkStatus();
}

void App::StopSession() {
  drain_stop_ = true;
  if (drain_.joinable()) drain_.join();
  if (session_ != nullptr) (void)session_->Stop();
}

void App::DrainLoop() {
  std::vector<uint8_t> passed;
  const BatchCallback add = [this, &passed](const EventBatch& batch) {
    const int64_t now_s = ModelNowS();
    const bool recording = recorder_.active();
    {
      std::lock_guard lock(mu_);
      model_.Add(batch, now_s, recording ? &passed : nullptr);
    }
    if (recording) recorder_.Write(CopyKept(batch, passed));
    return 0;
  };
  while (!drain_stop_.load(std::memory_order_relaxed)) {
    absl::StatusOr<PollResult> polled = session_->Poll(absl::Milliseconds(100), add);
    drain_cpu_ns_.store(ThreadCpuNs(), std::memory_order_relaxed);
    if (!polled.ok()) {
      std::lock_guard lock(mu_);
      drain_error_ = std::string(polled.status().message());
      return;
    }
    if (polled->end_of_stream) {
      std::lock_guard lock(mu_);
      end_of_stream_ = true;
      return;
    }
  }
}

void App::Select(const PickerChoice& choice) {
  picking_ = false;
  if (picker_.threads_of != 0) {
    // The TID picker: the same process, one thread or all of them.
    const pid_t pid = picker_.threads_of;
    std::vector<pid_t> pids = {pid};
    std::vector<pid_t> tids;
    if (choice.pid != 0) tids.push_back(choice.pid);
    if (absl::Status s = session_->SetTargets(pids, tids); !s.ok()) {
      SetStatus(std::string(s.message()), true);
      return;
    }
    target_ = "pid " + std::to_string(pid) +
              (choice.pid != 0 ? " tid " + std::to_string(choice.pid) + " (" + choice.comm + ")"
                               : std::string(" (all threads)"));
    std::lock_guard lock(mu_);
    model_.Reset(ModelNowS());
    stream_ = StreamState();
    return;
  }
  traced_pid_ = choice.pid;
  target_ = choice.pid == 0 ? "all processes"
                            : "pid " + std::to_string(choice.pid) + " (" + choice.comm + ")";
  std::vector<pid_t> pids;
  if (choice.pid != 0) pids.push_back(choice.pid);
  if (session_ == nullptr) {
    options_.pids = pids;
    if (absl::Status s = StartSession(); !s.ok()) {
      SetStatus(std::string(s.message()), true);
      picking_ = true;
    }
    return;
  }
  if (absl::Status s = session_->SetTargets(pids, {}); !s.ok()) {
    SetStatus(std::string(s.message()), true);
    return;
  }
  std::lock_guard lock(mu_);
  model_.Reset(ModelNowS());
  stream_ = StreamState();
}

void App::StartRecording(const std::string& name) {
  if (name.empty()) {
    SetStatus("no recording: no file name");
    return;
  }
  // The offered name never replaces a file; a typed one does (the user named it).
  const bool typed = name != record_default_;
  if (absl::Status s = recorder_.Start(IOR_VERSION, name, typed); !s.ok()) {
    SetStatus("recording: " + std::string(s.message()), true);
  } else {
    SetStatus("recording the rows that pass the filter (R stops)");
  }
}

void App::ToggleRecording() {
  if (!recorder_.active()) {
    record_default_ = Recorder::DefaultName();
    prompt_ = Prompt::kRecord;
    prompt_text_ = record_default_;
    return;
  }
  absl::StatusOr<std::string> done =
      recorder_.Stop(session_ != nullptr ? session_->Stats() : SessionStats());
  if (!done.ok()) {
    SetStatus("recording: " + std::string(done.status().message()), true);
  } else {
    SetStatus(*done);
  }
}

namespace {
constexpr int64_t kAutoResetSeconds[] = {0, 10, 30, 60, 120, 300};
constexpr int kAutoResetSteps = sizeof(kAutoResetSeconds) / sizeof(kAutoResetSeconds[0]);
}  // namespace

void App::CycleAutoReset() {
  auto_reset_step_ = (auto_reset_step_ + 1) % kAutoResetSteps;
  const int64_t period = kAutoResetSeconds[auto_reset_step_];
  next_auto_reset_ms_ = NowMs() + period * 1000;
  SetStatus(period == 0
                ? "auto-reset off"
                : "auto-reset every " + FormatDuration(static_cast<uint64_t>(period) * 1000000000) +
                      " (I: next period)");
}

void App::AutoReset(int64_t now_ms) {
  const int64_t period = kAutoResetSeconds[auto_reset_step_];
  if (period == 0 || now_ms < next_auto_reset_ms_) return;
  next_auto_reset_ms_ = now_ms + period * 1000;
  std::lock_guard lock(mu_);
  model_.ResetFigures(ModelNowS());
}

std::string App::AutoResetText(int64_t now_ms) const {
  const int64_t period = kAutoResetSeconds[auto_reset_step_];
  if (period == 0) return "";
  const int64_t left_s = std::max<int64_t>((next_auto_reset_ms_ - now_ms + 999) / 1000, 0);
  return "auto-reset " + FormatDuration(static_cast<uint64_t>(period) * 1000000000) + ": next in " +
         std::to_string(left_s) + "s";
}

void App::ExportStream() {
  std::vector<StreamRow> rows;
  {
    std::lock_guard lock(mu_);
    rows = StreamExportRows(model_, stream_);
  }
  // Written with the lock released: the drain goes on meanwhile.
  absl::StatusOr<std::string> path = ExportStreamCsv(rows);
  if (!path.ok()) {
    SetStatus("export: " + std::string(path.status().message()), true);
    return;
  }
  SetStatus("Wrote " + *path + ": " + FormatCount(rows.size()) + " rows");
}

void App::PushFilter(const std::string& text) {
  if (absl::Status s = filters_.Push(text); !s.ok()) {
    SetStatus("filter: " + std::string(s.message()), true);
    return;
  }
  ApplyFilters("filter: " + filters_.Describe() + " (F pops the last condition, c clears)");
}

void App::ApplyFilters(const std::string& what) {
  {
    std::lock_guard lock(mu_);
    model_.SetFilter(filters_.Combined(), ModelNowS());
  }
  if (stream_.paused) stream_ = StreamState();
  SetStatus(what);
}

int App::Run() {
  options_.selection = flags_.selection;
  if (!flags_.comm.empty()) options_.comm_filter = TextFilter{flags_.comm};
  if (!flags_.path.empty()) options_.path_filter = TextFilter{flags_.path};
  options_.batch_size = flags_.batch_size;
  options_.ring_bytes = flags_.map_size;
  // A live view keeps more of every syscall by thinning rows than by losing them at random
  // when the ring fills; the Overview tab says how much was thinned.
  options_.degrade = flags_.degrade.value_or(true);
  if (flags_.pid) traced_pid_ = *flags_.pid;
  if (flags_.pid) options_.pids = {*flags_.pid};
  if (flags_.pid) options_.follow = flags_.follow.value_or(false);
  if (flags_.tid) options_.tids = {*flags_.tid};
  if (absl::Status s = ValidateOptions(options_); !s.ok()) {
    std::fprintf(stderr, "ior: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  InstallSignalHandlers();

  // A command (or the demo) is forked before any thread exists, held back until it is traced.
  if (flags_.demo || !flags_.command.empty()) {
    absl::StatusOr<std::unique_ptr<ChildProcess>> spawned;
    {
      StdioToDevNull quiet;
      spawned = flags_.demo ? ChildProcess::SpawnFunction(cli::RunDemoWorkload)
                            : ChildProcess::SpawnCommand(flags_.command);
    }
    if (!spawned.ok()) {
      std::fprintf(stderr, "ior: %s\n", std::string(spawned.status().message()).c_str());
      return 1;
    }
    child_ = *std::move(spawned);
    options_.pids = {child_->pid()};
    options_.follow = flags_.follow.value_or(true);
    traced_pid_ = child_->pid();
  }

  // With a target on the command line the trace starts now, before the screen is taken over
  // (so that errors print as usual); otherwise the picker chooses first.
  const bool targeted = child_ != nullptr || flags_.pid || flags_.tid;
  if (targeted) {
    if (absl::Status s = StartSession(); !s.ok()) {
      std::fprintf(stderr, "ior: %s\n", std::string(s.message()).c_str());
      return 1;
    }
    if (child_ != nullptr) {
      std::string cmd;
      for (const std::string& a : flags_.command) {
        // The program's base name: the rest of the title matters more than its directory.
        cmd += cmd.empty() ? a.substr(a.rfind('/') + 1) : " " + a;
      }
      target_ = "pid " + std::to_string(child_->pid()) + " (" + (flags_.demo ? "demo" : cmd) + ")";
    } else {
      target_ =
          flags_.pid ? "pid " + std::to_string(*flags_.pid) : "tid " + std::to_string(*flags_.tid);
    }
  } else {
    picking_ = true;
  }

  // The library's diagnostics (IOR_LIBBPF_DEBUG=1) would write over the screen.
  SetLogSink(nullptr);
  absl::StatusOr<std::unique_ptr<Terminal>> term = Terminal::Open();
  if (!term.ok()) {
    std::fprintf(stderr, "ior: %s\n", std::string(term.status().message()).c_str());
    StopSession();
    if (child_ != nullptr) child_->Abort();  // never released: it runs nothing
    return 1;
  }
  terminal_ = *std::move(term);
  // The command runs only once the screen is ours and its calls are traced.
  if (child_ != nullptr) {
    if (absl::Status s = child_->Release(); !s.ok()) SetStatus(std::string(s.message()), true);
  }

  int64_t next_frame = 0;
  bool quit = false;
  while (!quit && g_signal.load(std::memory_order_relaxed) == 0) {
    const int64_t now = NowMs();
    if (child_ != nullptr && !child_->reaped()) child_->TryReap();
    if (session_ != nullptr && !session_stopped_ && now >= deadline_ms_) {
      (void)session_->Stop();  // the drain thread sees the end of the stream
      session_stopped_ = true;
    }
    if (now >= next_frame) {
      Draw();
      next_frame = now + kFrameMs;
    }
    const int key = terminal_->ReadKey(
        static_cast<int>(std::clamp<int64_t>(next_frame - NowMs(), 1, kFrameMs)));
    if (key == ERR) continue;
    quit = !HandleKey(key);
    next_frame = 0;  // show the key's effect now
  }
  terminal_.reset();  // restores the terminal first, so anything below prints normally
  if (recorder_.active()) {
    absl::StatusOr<std::string> done =
        recorder_.Stop(session_ != nullptr ? session_->Stats() : SessionStats());
    std::fprintf(stderr, "%s\n",
                 done.ok() ? done->c_str() : std::string(done.status().message()).c_str());
  }

  const int64_t wall_ms = std::max<int64_t>(NowMs() - start_ms_, 1);
  StopSession();
  if (const char* path = std::getenv("IOR_DASHBOARD_STATS"); path != nullptr && *path) {
    // For bench/dashboard_bench.sh: what the render loop and the drain cost.
    const SessionStats s = session_ != nullptr ? session_->Stats() : SessionStats();
    if (FILE* f = std::fopen(path, "w")) {
      std::fprintf(f,
                   "wall_ms %lld\nframes %llu\nrender_cpu_ms %.1f\ndrain_cpu_ms %.1f\n"
                   "kernel_count %llu\ndelivered %llu\ndropped %llu\ndegraded %llu\n",
                   static_cast<long long>(wall_ms), static_cast<unsigned long long>(frames_),
                   static_cast<double>(render_cpu_ns_) / 1e6,
                   static_cast<double>(drain_cpu_ns_.load()) / 1e6,
                   static_cast<unsigned long long>(s.kernel_count),
                   static_cast<unsigned long long>(s.delivered),
                   static_cast<unsigned long long>(s.dropped),
                   static_cast<unsigned long long>(s.degraded));
      std::fclose(f);
    }
  }
  if (child_ == nullptr) return 0;
  if (!child_->reaped()) {
    std::fprintf(stderr, "ior: waiting for pid %d to exit\n", static_cast<int>(child_->pid()));
    int forwarded = g_signal.load();
    if (forwarded != 0) child_->Kill(forwarded);
    while (!child_->TryReap()) {
      const int sig = g_signal.load(std::memory_order_relaxed);
      if (sig != 0 && sig != forwarded) {
        child_->Kill(sig);
        forwarded = sig;
      }
      usleep(20 * 1000);
    }
  }
  return child_->ExitCode();
}

bool Wanted(const cli::Flags& flags) {
  return !flags.plain && !flags.flamegraph && !flags.summary_only && flags.parquet.empty() &&
         flags.trace_json.empty() && isatty(STDOUT_FILENO) == 1;
}

int Run(const cli::Flags& flags) {
  App app(flags);
  return app.Run();
}

}  // namespace ior::dashboard
