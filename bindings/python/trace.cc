#include "trace.h"

#include <pybind11/stl.h>

#include <csignal>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "batch.h"
#include "columns.h"
#include "errors.h"
#include "ior/child_process.h"
#include "ior/session.h"
#include "ior/stats.h"
#include "options.h"
#include "session.h"
#include "wait.h"

namespace ior::python {
namespace py = pybind11;
namespace {

// The command and its session. The command is forked held before exec, the session traces its
// pid (with `follow`, its descendants too) and then lets it run, so nothing is missed. The
// stream ends by itself once every traced process has exited and its events are delivered
// (SessionOptions::end_with_targets); the command is then reaped.
class TraceRun {
 public:
  TraceRun(const std::vector<std::string>& argv, const SessionOptions& base) {
    if (argv.empty()) throw py::value_error("trace() needs a command: a non-empty list of strings");
    {
      SessionOptions check = base;  // the command's pid is the target; it does not exist yet
      check.follow = false;
      if (absl::Status s = ValidateOptions(check); !s.ok()) ThrowStatus(s);
    }
    // Fork before the session starts its thread; the child waits before exec.
    absl::StatusOr<std::unique_ptr<ChildProcess>> spawned = ChildProcess::SpawnCommand(argv);
    if (!spawned.ok()) ThrowStatus(spawned.status());
    child_ = *std::move(spawned);

    SessionOptions options = base;
    options.pids = {child_->pid()};
    options.tids.clear();
    options.end_with_targets = true;
    absl::StatusOr<std::unique_ptr<Session>> created = Session::Create(options);
    if (!created.ok()) {
      Abandon();
      ThrowStatus(created.status());
    }
    session_ = *std::move(created);
    absl::Status status;
    {
      py::gil_scoped_release released;
      status = session_->Start();
      if (status.ok()) status = child_->Release();
    }
    if (!status.ok()) {
      Abandon();
      ThrowStatus(status);
    }
  }

  // A run left before its end (an exception, a `break` out of the loop) kills the command: it
  // must not go on running untraced.
  // NOLINTNEXTLINE(bugprone-exception-escape): Abandon() only signals and reaps the command.
  ~TraceRun() { Abandon(); }

  TraceRun(const TraceRun&) = delete;
  TraceRun& operator=(const TraceRun&) = delete;

  // The next batch, or nullopt at the end of the stream (`ended()` then true) or when
  // `deadline` passes. Needs the GIL.
  std::optional<EventBatch> Next(absl::Time deadline) {
    if (ended_ || session_ == nullptr) return std::nullopt;
    std::optional<EventBatch> batch;
    if (WaitForBatch(*session_, deadline, &batch) == WaitOutcome::kEnd) Finish();
    return batch;
  }

  // Kills the command if it still runs and ends the stream; the events already traced stay
  // available to Next().
  void Kill() {
    if (child_ != nullptr && !child_->reaped()) {
      child_->Kill(SIGKILL);
      py::gil_scoped_release released;
      child_->Wait();
    }
  }

  bool ended() const { return ended_; }
  pid_t pid() const { return child_ != nullptr ? child_->pid() : -1; }
  // Shell-style exit code once the stream has ended, else nullopt.
  std::optional<int> exit_code() const {
    if (!ended_ || child_ == nullptr || !child_->reaped()) return std::nullopt;
    return child_->ExitCode();
  }
  SessionStats Stats() const {
    if (session_ == nullptr) return stats_;
    py::gil_scoped_release released;
    return session_->Stats();
  }

 private:
  // The stream has ended: reap the command, keep the final statistics, let the session go.
  void Finish() {
    ended_ = true;
    py::gil_scoped_release released;
    child_->Wait();  // every traced process has exited, the command among them
    (void)session_->Stop();
    stats_ = session_->Stats();
    session_.reset();  // joins the session's thread: not with the GIL held
  }

  // Kills and reaps a command that still runs (a never-released one just exits) and destroys
  // the session with the GIL released.
  void Abandon() {
    py::gil_scoped_release released;
    if (child_ != nullptr && !child_->reaped()) {
      child_->Kill(SIGKILL);
      child_->Wait();
    }
    session_.reset();
  }

  std::unique_ptr<ChildProcess> child_;
  std::unique_ptr<Session> session_;
  SessionStats stats_;
  bool ended_ = false;
};

// ior.trace(): every batch goes into `builder` the moment it arrives and is dropped.
py::tuple Trace(const std::vector<std::string>& argv, const SessionOptions& options,
                const std::vector<std::string>& columns) {
  FrameBuilder builder(columns);  // checks the names before anything runs
  TraceRun run(argv, options);
  while (!run.ended()) {
    std::optional<EventBatch> batch = run.Next(absl::InfiniteFuture());
    if (batch.has_value()) {
      py::gil_scoped_release released;
      builder.Add(*batch);
    }
  }
  return py::make_tuple(builder.Finish(), run.exit_code(), py::cast(run.Stats()));
}

SessionOptions TraceOptions(std::vector<std::string> families, std::vector<std::string> syscalls,
                            size_t batch_size, double max_delay, size_t ring_bytes,
                            size_t max_queued_batches, bool follow, const py::dict& extra) {
  SessionOptions options = MakeOptions({}, {}, std::move(families), std::move(syscalls), batch_size,
                                       max_delay, ring_bytes, max_queued_batches, extra);
  options.follow = follow;
  return options;
}

}  // namespace

void RegisterTrace(py::module_& m) {
  py::class_<TraceRun>(m, "TraceRun", "Typed core of ior.trace_batches() (use that instead).")
      .def(py::init([](const std::vector<std::string>& argv, std::vector<std::string> families,
                       std::vector<std::string> syscalls, size_t batch_size, double max_delay,
                       size_t ring_bytes, size_t max_queued_batches, bool follow,
                       const py::dict& extra) {
             return std::make_unique<TraceRun>(
                 argv, TraceOptions(std::move(families), std::move(syscalls), batch_size, max_delay,
                                    ring_bytes, max_queued_batches, follow, extra));
           }),
           py::arg("argv"), py::arg("families"), py::arg("syscalls"), py::arg("batch_size"),
           py::arg("max_delay"), py::arg("ring_bytes"), py::arg("max_queued_batches"),
           py::arg("follow"), py::arg("extra") = py::dict())
      .def(
          "next_batch",
          [](TraceRun& run, std::optional<double> timeout) -> py::object {
            std::optional<EventBatch> batch = run.Next(DeadlineFor(timeout));
            if (!batch.has_value()) return py::none();
            return py::cast(PyBatch(*std::move(batch)));
          },
          py::arg("timeout") = py::none())
      .def("kill", &TraceRun::Kill)
      .def("stats", &TraceRun::Stats)
      .def_property_readonly("ended", &TraceRun::ended)
      .def_property_readonly("pid", &TraceRun::pid)
      .def_property_readonly("exit_code", &TraceRun::exit_code);

  m.def(
      "trace",
      [](const std::vector<std::string>& argv, std::vector<std::string> families,
         std::vector<std::string> syscalls, size_t batch_size, double max_delay, size_t ring_bytes,
         size_t max_queued_batches, bool follow, const std::vector<std::string>& columns,
         const py::dict& extra) {
        return Trace(argv,
                     TraceOptions(std::move(families), std::move(syscalls), batch_size, max_delay,
                                  ring_bytes, max_queued_batches, follow, extra),
                     columns);
      },
      py::arg("argv"), py::arg("families"), py::arg("syscalls"), py::arg("batch_size"),
      py::arg("max_delay"), py::arg("ring_bytes"), py::arg("max_queued_batches"), py::arg("follow"),
      py::arg("columns"), py::arg("extra") = py::dict(),
      "Runs argv under the tracer; returns (FrameBuilder.finish() columns, exit code, "
      "SessionStats).");
}

}  // namespace ior::python
