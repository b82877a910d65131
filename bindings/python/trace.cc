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
#include "errors.h"
#include "ior/child_process.h"
#include "ior/session.h"
#include "ior/stats.h"
#include "session.h"
#include "wait.h"

namespace ior::python {
namespace py = pybind11;
namespace {

// Destroys a session (which stops it and joins its thread) with the GIL released.
struct SessionReleaser {
  std::unique_ptr<Session>* session;
  ~SessionReleaser() {
    py::gil_scoped_release released;
    session->reset();
  }
};

py::tuple Trace(const std::vector<std::string>& argv, const SessionOptions& base) {
  if (argv.empty()) throw py::value_error("trace() needs a command: a non-empty list of strings");
  {
    SessionOptions check = base;  // the command's pid is the target; it does not exist yet
    check.follow = false;
    if (absl::Status s = ValidateOptions(check); !s.ok()) ThrowStatus(s);
  }

  // Fork before the session starts its thread; the child waits before exec.
  absl::StatusOr<std::unique_ptr<ChildProcess>> spawned = ChildProcess::SpawnCommand(argv);
  if (!spawned.ok()) ThrowStatus(spawned.status());
  std::unique_ptr<ChildProcess> child = *std::move(spawned);
  // Leaving by an exception (Ctrl-C, a core error) must not leave the command running: kill
  // and reap it. A command never released just exits.
  struct KillOnUnwind {
    ChildProcess* child;
    ~KillOnUnwind() {
      if (!child->reaped()) {
        child->Kill(SIGKILL);
        child->Wait();
      }
    }
  } kill_on_unwind{child.get()};

  SessionOptions options = base;
  options.pids = {child->pid()};
  options.tids.clear();
  absl::StatusOr<std::unique_ptr<Session>> created = Session::Create(options);
  if (!created.ok()) ThrowStatus(created.status());
  std::unique_ptr<Session> session = *std::move(created);
  SessionReleaser releaser{&session};

  absl::Status status;
  {
    py::gil_scoped_release released;
    status = session->Start();
    if (status.ok()) status = child->Release();
  }
  if (!status.ok()) ThrowStatus(status);

  py::list batches;
  std::optional<EventBatch> batch;
  while (!child->TryReap()) {
    if (WaitForBatch(*session, absl::Now() + kWaitSlice, &batch,
                     [&child] { return child->TryReap(); }) == WaitOutcome::kBatch) {
      batches.append(PyBatch(*std::move(batch)));
      batch.reset();
    }
  }
  {
    py::gil_scoped_release released;
    status = session->Stop();
  }
  if (!status.ok()) ThrowStatus(status);
  while (WaitForBatch(*session, absl::InfiniteFuture(), &batch) == WaitOutcome::kBatch) {
    batches.append(PyBatch(*std::move(batch)));
    batch.reset();
  }
  SessionStats stats;
  {
    py::gil_scoped_release released;
    stats = session->Stats();
  }
  return py::make_tuple(batches, child->ExitCode(), py::cast(std::move(stats)));
}

}  // namespace

void RegisterTrace(py::module_& m) {
  m.def(
      "trace",
      [](const std::vector<std::string>& argv, std::vector<std::string> families,
         std::vector<std::string> syscalls, size_t batch_size, double max_delay, size_t ring_bytes,
         size_t max_queued_batches, bool follow) {
        SessionOptions options = MakeOptions({}, {}, std::move(families), std::move(syscalls),
                                             batch_size, max_delay, ring_bytes, max_queued_batches);
        options.follow = follow;
        return Trace(argv, options);
      },
      py::arg("argv"), py::arg("families"), py::arg("syscalls"), py::arg("batch_size"),
      py::arg("max_delay"), py::arg("ring_bytes"), py::arg("max_queued_batches"), py::arg("follow"),
      "Runs argv under the tracer; returns (list of Batch, exit code, SessionStats).");
}

}  // namespace ior::python
