// ior: the reference CLI of libior. Traces system calls and writes the original tool's plain CSV
// on stdout, progress and the end-of-run summary on stderr. See `ior -help`.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "dashboard/dashboard.h"
#include "demo_workload.h"
#include "flags.h"
#include "flame_commands.h"
#include "flame_output.h"
#include "ior/child_process.h"
#include "ior/csv.h"
#include "ior/event.h"
#include "ior/session.h"
#include "ior/stats.h"
#include "proc_watch.h"
#include "report_command.h"
#include "row_outputs.h"
#include "summary.h"

#ifndef IOR_VERSION
#define IOR_VERSION "unknown"
#endif

namespace ior::cli {
namespace {

constexpr absl::Duration kPollTimeout = absl::Milliseconds(100);
constexpr absl::Duration kTargetCheckInterval = absl::Milliseconds(100);

std::atomic<int> g_signal{0};

void OnSignal(int sig) { g_signal.store(sig, std::memory_order_relaxed); }

// SIGINT/SIGTERM end the trace (no SA_RESTART: blocking calls return EINTR). SIGPIPE is ignored
// so that a closed stdout shows up as a write error and the summary is still printed; the
// traced command gets the default dispositions back before it runs.
void InstallSignalHandlers() {
  struct sigaction sa = {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sa.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &sa, nullptr);
}

// Status messages are absl::string_view, which Debian's Abseil does not alias to std's.
int UsageError(absl::string_view message) {
  std::fprintf(stderr, "ior: %.*s\ntry 'ior -help'\n", static_cast<int>(message.size()),
               message.data());
  return 2;
}

int Fail(absl::string_view message) {
  std::fprintf(stderr, "ior: %.*s\n", static_cast<int>(message.size()), message.data());
  return 1;
}

void InstallLogSink() {
  const char* debug = std::getenv("IOR_LIBBPF_DEBUG");
  if (debug == nullptr || std::strcmp(debug, "1") != 0) return;  // default: discard
  SetLogSink([](LogLevel level, std::string_view message) {
    const char* tag = level == LogLevel::kWarning ? "warning"
                      : level == LogLevel::kInfo  ? "info"
                                                  : "debug";
    while (!message.empty() && message.back() == '\n') message.remove_suffix(1);
    std::fprintf(stderr, "ior: %s: %.*s\n", tag, static_cast<int>(message.size()), message.data());
  });
}

// Why the main loop ended.
enum class End { kDuration, kSignal, kChildExited, kTargetExited, kOutputError, kPollError };

int Run(const Flags& flags) {
  SessionOptions options;
  options.selection = flags.selection;
  if (!flags.comm.empty()) options.comm_filter = TextFilter{flags.comm};
  if (!flags.path.empty()) options.path_filter = TextFilter{flags.path};
  options.batch_size = flags.batch_size;
  options.ring_bytes = flags.map_size;
  if (flags.pid) options.pids = {*flags.pid};
  if (flags.pid) options.follow = flags.follow.value_or(false);
  if (flags.tid) options.tids = {*flags.tid};
  if (absl::Status s = ValidateOptions(options); !s.ok()) return UsageError(s.message());

  // -flamegraph: a recording instead of the CSV; checked before anything is traced.
  std::unique_ptr<FlameOutput> flame;
  if (flags.flamegraph) {
    absl::StatusOr<std::unique_ptr<FlameOutput>> created = FlameOutput::Create(flags, IOR_VERSION);
    if (!created.ok()) return Fail(created.status().message());
    flame = *std::move(created);
  }

  // -parquet, -trace-json: files instead of the CSV, opened before anything is traced.
  absl::StatusOr<std::unique_ptr<RowOutputs>> row_outputs = RowOutputs::Create(flags, IOR_VERSION);
  if (!row_outputs.ok()) return Fail(row_outputs.status().message());
  RowOutputs& files = **row_outputs;

  InstallSignalHandlers();

  // Targets given by id must exist now; the trace ends when they exit.
  std::optional<ProcWatch> pid_watch;
  std::optional<ProcWatch> tid_watch;
  if (flags.pid) {
    pid_watch = ProcWatch::Open(*flags.pid, /*thread=*/false);
    if (!pid_watch) return Fail("no process with pid " + std::to_string(*flags.pid));
  }
  if (flags.tid) {
    tid_watch = ProcWatch::Open(*flags.tid, /*thread=*/true);
    if (!tid_watch) return Fail("no thread with tid " + std::to_string(*flags.tid));
  }

  // A command or the demo is forked first (before any thread exists) and held back until the
  // session is tracing it.
  std::unique_ptr<ChildProcess> child;
  if (flags.demo || !flags.command.empty()) {
    absl::StatusOr<std::unique_ptr<ChildProcess>> spawned =
        flags.demo ? ChildProcess::SpawnFunction(RunDemoWorkload)
                   : ChildProcess::SpawnCommand(flags.command);
    if (!spawned.ok()) return Fail(spawned.status().message());
    child = *std::move(spawned);
    options.pids = {child->pid()};
    options.follow = flags.follow.value_or(true);
  }

  absl::StatusOr<std::unique_ptr<Session>> created = Session::Create(options);
  if (!created.ok()) return Fail(created.status().message());
  Session& session = **created;
  if (absl::Status s = session.Start(); !s.ok()) {
    child.reset();  // never released: it exits without running anything
    return Fail(s.message());
  }

  std::fprintf(stderr, "Probing for %llds\n", static_cast<long long>(flags.duration_seconds));
  CsvWriter csv(stdout);
  if (flame == nullptr && !files.active()) csv.WriteHeader();
  (void)csv.Flush();

  int exit_code = 0;
  if (child != nullptr) {
    if (absl::Status s = child->Release(); !s.ok()) Fail(s.message());  // it exits 126/127
  }

  const BatchCallback write_rows = [&csv, &flame, &files](const EventBatch& batch) {
    if (files.active()) {
      files.Write(batch);
      if (flame == nullptr) return 0;
    }
    if (flame != nullptr) {
      flame->Add(batch);
      return 0;
    }
    csv.Write(batch);
    return csv.status().ok() ? 0 : 1;
  };
  const absl::Time deadline = absl::Now() + absl::Seconds(flags.duration_seconds);
  absl::Time next_check = absl::Now() + kTargetCheckInterval;
  End end = End::kDuration;
  for (;;) {
    if (g_signal.load(std::memory_order_relaxed) != 0) {
      end = End::kSignal;
      break;
    }
    const absl::Time now = absl::Now();
    if (now >= deadline) {
      end = End::kDuration;
      break;
    }
    absl::StatusOr<PollResult> polled =
        session.Poll(std::min(kPollTimeout, deadline - now), write_rows);
    if (!polled.ok()) {
      Fail(polled.status().message());
      exit_code = 1;
      end = End::kPollError;
      break;
    }
    if (polled->batches == 0) (void)csv.Flush();
    if (!csv.status().ok()) {
      end = End::kOutputError;
      break;
    }
    if (child != nullptr && child->TryReap()) {
      end = End::kChildExited;
      break;
    }
    if (absl::Now() >= next_check) {
      next_check = absl::Now() + kTargetCheckInterval;
      const bool pid_gone = pid_watch && !pid_watch->Alive();
      const bool tid_gone = !pid_gone && tid_watch && !tid_watch->Alive();
      if (pid_gone || tid_gone) {
        std::fprintf(stderr, "Traced %s %d exited, stopping the trace\n",
                     pid_gone ? "process" : "thread",
                     static_cast<int>(pid_gone ? pid_watch->id() : tid_watch->id()));
        end = End::kTargetExited;
        break;
      }
    }
  }

  // Detach, then deliver everything the kernel already wrote. Stats are final only after that.
  if (absl::Status s = session.Stop(); !s.ok()) Fail(s.message());
  for (;;) {
    absl::StatusOr<PollResult> polled = session.Poll(kPollTimeout, write_rows);
    if (!polled.ok() || polled->end_of_stream) break;
  }
  absl::Status written = csv.Flush();
  const SessionStats stats = session.Stats();
  std::fputs(FormatSummary(stats).c_str(), stderr);
  if (absl::Status s = files.Finish(stats); !s.ok()) {
    Fail(s.message());
    exit_code = 1;
  }
  if (flame != nullptr) {
    if (absl::Status s = flame->Finish(stats); !s.ok()) {
      Fail(s.message());
      exit_code = 1;
    }
  }
  // A reader that went away (`ior | head`) is not an error worth a message.
  if (!written.ok() && written.message().find(std::strerror(EPIPE)) == absl::string_view::npos) {
    Fail(written.message());
    exit_code = 1;
  }

  if (child == nullptr) return exit_code;
  if (!child->reaped()) {
    if (end == End::kDuration) {
      std::fprintf(stderr, "ior: the trace ended after %llds; waiting for pid %d to exit\n",
                   static_cast<long long>(flags.duration_seconds), static_cast<int>(child->pid()));
    }
    int forwarded = 0;
    while (!child->TryReap()) {
      const int sig = g_signal.load(std::memory_order_relaxed);
      if (sig != 0 && sig != forwarded) {
        child->Kill(sig);  // pass an interrupt on to the command if it is still running
        forwarded = sig;
      }
      usleep(20 * 1000);
    }
  }
  return child->ExitCode();
}

}  // namespace
}  // namespace ior::cli

int main(int argc, char** argv) {
  // `ior collapsed ...`, `ior svg ...`: read a recording, trace nothing.
  if (argc > 1 && ior::cli::IsFlameCommand(argv[1])) {
    return ior::cli::RunFlameCommand(argc - 1, argv + 1);
  }
  // `ior report FILE.parquet`: the report of a recorded run.
  if (argc > 1 && ior::cli::IsReportCommand(argv[1])) {
    return ior::cli::RunReportCommand(argc - 1, argv + 1);
  }
  absl::StatusOr<ior::cli::Flags> flags = ior::cli::ParseFlags(argc, argv);
  if (!flags.ok()) return ior::cli::UsageError(flags.status().message());
  if (flags->help) {
    std::fputs(ior::cli::HelpText().c_str(), stdout);
    return 0;
  }
  if (flags->list) {
    std::fputs(ior::cli::ListText().c_str(), stdout);
    return 0;
  }
  if (flags->version) {
    std::printf("ior %s\n", IOR_VERSION);
    return 0;
  }
  ior::cli::InstallLogSink();
  // No output mode and a terminal on stdout: the live dashboard (examples/ior/dashboard/).
  if (ior::dashboard::Wanted(*flags)) return ior::dashboard::Run(*flags);
  return ior::cli::Run(*flags);
}
