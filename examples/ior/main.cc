// ior: the reference CLI of libior. Traces system calls and writes the original tool's plain CSV
// on stdout, progress and the end-of-run summary on stderr. See `ior -help`.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
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
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "csv_stdout.h"
#include "dashboard/dashboard.h"
#include "demo_workload.h"
#include "drop_warning.h"
#include "flags.h"
#include "flame_commands.h"
#include "flame_output.h"
#include "ior/child_process.h"
#include "ior/csv.h"
#include "ior/error.h"
#include "ior/escape.h"
#include "ior/event.h"
#include "ior/selection.h"
#include "ior/session.h"
#include "ior/stats.h"
#include "ior/task_watch.h"
#include "output_writer.h"
#include "report_command.h"
#include "row_outputs.h"
#include "signals.h"
#include "summary.h"

#ifndef IOR_VERSION
#define IOR_VERSION "unknown"
#endif

namespace ior::cli {
namespace {

constexpr absl::Duration kPollTimeout = absl::Milliseconds(100);
// After a stop signal, what is already traced is written for at most this long; with the
// detach and the summary, ior ends within about 1 s of the signal.
constexpr absl::Duration kStopBound = absl::Milliseconds(800);
// A command still running when the trace ends gets SIGTERM, then SIGKILL after this long.
constexpr absl::Duration kTerminateGrace = absl::Seconds(1);
// Exit status when rows could not be written in full (see `ior -help`).
constexpr int kOutputLostExit = 3;

// Messages echo user arguments and traced names: escaped, so that they cannot drive the
// terminal. Status messages are absl::string_view, which Debian's Abseil does not alias to std's.
std::string Printable(absl::string_view message) {
  return EscapeText(std::string_view(message.data(), message.size()));
}

int UsageError(absl::string_view message) {
  std::fprintf(stderr, "ior: %s\ntry 'ior -help'\n", Printable(message).c_str());
  return 2;
}

// -v: one line on where Session::Start() spent its time.
void PrintStartup(const StartupTimes& t) {
  const auto ms = [](uint64_t ns) { return static_cast<double>(ns) / 1e6; };
  std::fprintf(stderr,
               "start-up %.1f ms: kernel types %.1f, open %.1f, load and verify %.1f, configure "
               "%.1f, existing files %.1f, attach %.1f\n",
               ms(t.total_ns), ms(t.kernel_types_ns), ms(t.open_ns), ms(t.load_ns),
               ms(t.configure_ns), ms(t.seed_ns), ms(t.attach_ns));
}

int Fail(absl::string_view message) {
  std::fprintf(stderr, "ior: %s\n", Printable(message).c_str());
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

// -pid names a process; a thread id would trace nothing until the duration ends.
std::optional<std::string> PidIsAThread(pid_t pid) {
  std::optional<pid_t> tgid = ThreadGroupOf(pid);
  if (!tgid || *tgid == pid) return std::nullopt;
  return absl::StrCat("-pid ", pid, " is a thread of process ", *tgid, ", not a process: use -tid ",
                      pid, " to trace that thread, or -pid ", *tgid);
}

// Why the main loop ended.
enum class End { kDuration, kSignal, kChildExited, kTargetExited, kOutputError, kPollError };

int Run(const Flags& flags) {
  SessionOptions options;
  options.selection = flags.selection;
  if (!flags.comm.empty()) options.comm_filter = TextFilter{flags.comm};
  if (!flags.path.empty()) options.path_filter = TextFilter{flags.path};
  options.aggregate_only = flags.summary_only;
  options.measure_kernel_time = flags.verbose;
  options.degrade = flags.degrade.value_or(false);
  options.batch_size = flags.batch_size;
  options.ring_bytes = flags.map_size;
  if (flags.pid) options.pids = {*flags.pid};
  if (flags.pid) options.follow = flags.follow.value_or(false);
  if (flags.tid) options.tids = {*flags.tid};
  // The library says what is wrong with the selection; the CLI says where the names are.
  if (absl::Status s = ResolveSelection(EffectiveSelection(options)).status(); !s.ok()) {
    return UsageError(std::string(s.message()) + "; 'ior -list' shows the valid names");
  }
  if (absl::Status s = ValidateOptions(options); !s.ok()) return UsageError(s.message());
  if (flags.pid) {
    if (std::optional<std::string> thread = PidIsAThread(*flags.pid)) return UsageError(*thread);
  }

  // -flamegraph: a recording instead of the CSV; checked before anything is traced.
  std::unique_ptr<FlameOutput> flame;
  if (flags.flamegraph) {
    absl::StatusOr<std::unique_ptr<FlameOutput>> created = FlameOutput::Create(flags, IOR_VERSION);
    if (!created.ok()) return Fail(created.status().message());
    flame = *std::move(created);
  }

  // The end-of-run report; its -summary-json file is checked before anything is traced.
  Summary summary(flags.summary_json, /*rows=*/!flags.summary_only);
  if (absl::Status s = summary.Check(); !s.ok()) return Fail(s.message());

  // -parquet, -trace-json: files instead of the CSV, opened before anything is traced.
  absl::StatusOr<std::unique_ptr<RowOutputs>> row_outputs = RowOutputs::Create(flags, IOR_VERSION);
  if (!row_outputs.ok()) return Fail(row_outputs.status().message());
  RowOutputs& files = **row_outputs;
  const bool csv_on_stdout = flame == nullptr && !files.active() && !flags.summary_only;

  InstallStopSignals();

  // Targets given by id must exist now; the session's stream ends when they exit (the
  // library's end_with_targets, from the kernel's exit records).
  if (flags.pid && !TaskWatch::Open(*flags.pid, /*thread=*/false)) {
    return Fail("no process with pid " + std::to_string(*flags.pid));
  }
  if (flags.tid && !TaskWatch::Open(*flags.tid, /*thread=*/true)) {
    return Fail("no thread with tid " + std::to_string(*flags.tid));
  }

  // A command or the demo is forked first (before any thread exists) and held back until the
  // session is tracing it. Its output must not land inside the CSV.
  std::unique_ptr<ChildProcess> child;
  if (flags.demo || !flags.command.empty()) {
    ChildProcess::Options child_options;
    if (csv_on_stdout && !flags.command_stdout) child_options.stdout_fd = STDERR_FILENO;
    absl::StatusOr<std::unique_ptr<ChildProcess>> spawned =
        flags.demo ? ChildProcess::SpawnFunction(RunDemoWorkload, child_options)
                   : ChildProcess::SpawnCommand(flags.command, child_options);
    if (!spawned.ok()) return Fail(spawned.status().message());
    child = *std::move(spawned);
    options.pids = {child->pid()};
    options.follow = flags.follow.value_or(true);
    if (!flags.detach) SetChildForSecondSignal(child->pid());
  }

  absl::StatusOr<std::unique_ptr<Session>> created = Session::Create(options);
  if (!created.ok()) return Fail(created.status().message());
  Session& session = **created;
  if (absl::Status s = session.Start(); !s.ok()) {
    child.reset();  // never released: it exits without running anything
    // What the library cannot classify (a verifier's refusal, say) is in libbpf's messages.
    if (ErrorNumber(s) == kErrorInternal) {
      return Fail(std::string(s.message()) + "; IOR_LIBBPF_DEBUG=1 shows libbpf's messages");
    }
    return Fail(s.message());
  }
  // A command that cannot be run: its error only, and the shell's exit status (126/127).
  if (child != nullptr) {
    if (absl::Status s = child->Release(); !s.ok()) {
      Fail(s.message());
      child->Wait();
      return child->ExitCode();
    }
  }

  if (flags.verbose) PrintStartup(session.Stats().startup);
  if (flags.duration_seconds) {
    std::fprintf(stderr, "Probing for %llds\n", static_cast<long long>(*flags.duration_seconds));
  } else {
    std::fprintf(stderr, "Probing for the command's lifetime\n");
  }

  // After a stop signal every wait (for the reader, for the rest of the rows) ends within
  // kStopBound.
  absl::Time stop_deadline = absl::InfiniteFuture();
  std::unique_ptr<CsvStdout> csv;
  const auto tick = [&csv, &stop_deadline] {
    if (StopSignal() == 0 || stop_deadline != absl::InfiniteFuture()) return;
    stop_deadline = absl::Now() + kStopBound;
    if (csv != nullptr) csv->writer().set_deadline(stop_deadline);
  };
  if (csv_on_stdout) {
    csv = std::make_unique<CsvStdout>(tick);
    csv->WriteHeader();
  }
  const auto output_ok = [&csv] { return csv == nullptr || csv->status().ok(); };

  const BatchCallback write_rows = [&csv, &flame, &files, &summary](const EventBatch& batch) {
    summary.Write(batch);
    if (files.active()) {
      files.Write(batch);
      if (flame == nullptr) return 0;
    }
    if (flame != nullptr) {
      flame->Add(batch);
      return 0;
    }
    return csv->Write(batch) ? 0 : 1;
  };
  const absl::Time deadline = flags.duration_seconds
                                  ? absl::Now() + absl::Seconds(*flags.duration_seconds)
                                  : absl::InfiniteFuture();
  DropWarning drop_warning(absl::Now());
  int exit_code = 0;
  End end = End::kDuration;
  for (;;) {
    if (StopSignal() != 0) {
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
    if (!output_ok()) {
      end = End::kOutputError;
      break;
    }
    if (polled->end_of_stream && child == nullptr) {
      // -tid names what ended when both are given: the process may live on without it.
      std::fprintf(stderr, "Traced %s %d exited, stopping the trace\n",
                   flags.tid ? "thread" : "process",
                   static_cast<int>(flags.tid ? *flags.tid : flags.pid.value_or(0)));
      end = End::kTargetExited;
      break;
    }
    if (child != nullptr && child->TryReap()) {
      end = End::kChildExited;
      break;
    }
    if (drop_warning.Due(absl::Now())) {
      const SessionStats stats = session.Stats();
      if (std::optional<std::string> warning =
              drop_warning.Update(absl::Now(), stats.kernel_count, stats.dropped)) {
        std::fputs(warning->c_str(), stderr);
      }
    }
  }

  // The trace ended first: the command is asked to end now, and killed after the grace period.
  const absl::Time terminate_from = absl::Now();
  const bool end_child = child != nullptr && !flags.detach && !child->TryReap();
  if (end_child) child->Kill(SIGTERM);
  if (end == End::kSignal) tick();

  // Detach, then deliver what the kernel already wrote; after a signal, for kStopBound at most.
  if (absl::Status s = session.Stop(); !s.ok()) Fail(s.message());
  for (;;) {
    if (!output_ok()) break;
    if (StopSignal() != 0) {
      tick();
      if (absl::Now() >= stop_deadline) break;
    }
    absl::StatusOr<PollResult> polled = session.Poll(kPollTimeout, write_rows);
    if (!polled.ok() || polled->end_of_stream) break;
  }
  const SessionStats stats = session.Stats();
  bool output_lost = false;
  if (absl::Status s = summary.Finish(stats, stderr); !s.ok()) {
    Fail(s.message());
    output_lost = true;
  }
  if (csv != nullptr) {
    const std::string line =
        FormatOutputLine(csv->rows_written(), stats.delivered + stats.queued, csv->status());
    std::fputs(line.c_str(), stderr);
    if (!line.empty()) output_lost = true;
    const absl::Status& s = csv->status();
    // A reader that went away (`ior | head`) or stopped reading is said by the line above.
    if (!s.ok() && !absl::IsDeadlineExceeded(s) && ErrorNumber(s) != -EPIPE) Fail(s.message());
  }
  if (absl::Status s = files.Finish(stats); !s.ok()) {
    Fail(s.message());
    output_lost = true;
  }
  if (flame != nullptr) {
    if (absl::Status s = flame->Finish(stats); !s.ok()) {
      Fail(s.message());
      output_lost = true;
    }
  }

  if (child != nullptr) {
    if (end_child) {
      child->Terminate(
          std::max(absl::ZeroDuration(), terminate_from + kTerminateGrace - absl::Now()));
    }
    if (end == End::kDuration && end_child) {
      // The run ended as asked; the command's status (143 from our SIGTERM) says nothing.
      std::fprintf(stderr,
                   "ior: the trace ended after %llds; the command (pid %d) was ended too "
                   "(-detach leaves it running)\n",
                   static_cast<long long>(flags.duration_seconds.value_or(0)),
                   static_cast<int>(child->pid()));
    } else if (child->TryReap() && exit_code == 0) {
      exit_code = child->ExitCode();
    }
  }
  if (output_lost) return kOutputLostExit;
  return exit_code;
}

}  // namespace
}  // namespace ior::cli

int main(int argc, char** argv) {
  // Before anything is opened: a closed stdout is refused, a closed stdin/stderr filled.
  if (absl::Status s = ior::cli::CheckStandardDescriptors(); !s.ok()) {
    std::fprintf(stderr, "ior: %.*s\n", static_cast<int>(s.message().size()), s.message().data());
    return 2;
  }
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
