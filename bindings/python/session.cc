#include "session.h"

#include <pybind11/stl.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "batch.h"
#include "errors.h"
#include "ior/parquet.h"
#include "ior/selection.h"
#include "ior/stats.h"
#include "ior/trace_json.h"
#include "options.h"
#include "wait.h"

namespace ior::python {
namespace py = pybind11;
namespace {

struct PyPollResult {
  size_t batches = 0;
  size_t events = 0;
  py::object callback_result = py::none();
  bool end_of_stream = false;
};

// Whether a callback's return value asks the poll to stop: anything but None, False and 0.
bool StopsPoll(const py::object& value) {
  if (value.is_none()) return false;
  return PyObject_IsTrue(value.ptr()) == 1;
}

// Marks a session as being waited on, so that two Python threads cannot poll it at once (the
// core wants one poller at a time). Set and cleared with the GIL held, so a plain flag is
// enough.
class PollerGuard {
 public:
  explicit PollerGuard(bool* busy) : busy_(busy) {
    if (*busy_) {
      throw std::runtime_error(
          "this session is already being polled from another thread: poll it from one thread");
    }
    *busy_ = true;
  }
  ~PollerGuard() { *busy_ = false; }
  PollerGuard(const PollerGuard&) = delete;
  PollerGuard& operator=(const PollerGuard&) = delete;

 private:
  bool* busy_;
};

class PySession {
 public:
  explicit PySession(const SessionOptions& options) : selection_(EffectiveSelection(options)) {
    absl::StatusOr<std::unique_ptr<Session>> session = Session::Create(options);
    if (!session.ok()) ThrowStatus(session.status());
    session_ = *std::move(session);
  }

  // Releasing the GIL does not throw while the interpreter runs, nor does ~Session.
  // NOLINTNEXTLINE(bugprone-exception-escape)
  ~PySession() {
    // Stopping joins the drain thread: do not hold the GIL meanwhile.
    py::gil_scoped_release released;
    session_.reset();
  }

  void Start() {
    absl::Status status;
    {
      py::gil_scoped_release released;
      status = session_->Start();
    }
    if (!status.ok()) ThrowStatus(status);
    started_ = true;
  }

  void Stop() {
    absl::Status status;
    {
      py::gil_scoped_release released;
      status = session_->Stop();
    }
    if (!status.ok()) ThrowStatus(status);
    stopped_ = true;
  }

  // The next batch, or None if none came within the timeout or the stream has ended (then
  // `ended` is true).
  py::object NextBatch(std::optional<double> timeout_s) {
    const absl::Time deadline = DeadlineFor(timeout_s);
    PollerGuard guard(&busy_);
    if (ended_) return py::none();
    std::optional<EventBatch> batch;
    switch (WaitForBatch(*session_, deadline, &batch)) {
      case WaitOutcome::kBatch:
        Record(*batch);
        return py::cast(PyBatch(*std::move(batch)));
      case WaitOutcome::kEnd:
        ended_ = true;
        break;
      case WaitOutcome::kTimeout:
        break;
    }
    return py::none();
  }

  // Session::Poll() does the work, so Python gets the library's bound: the batches queued
  // when its wait ended, not an endless stream a busy trace keeps refilling. Its wait is cut
  // in kWaitSlice slices (see wait.h) with the GIL released; between slices Ctrl-C is seen.
  PyPollResult Poll(const py::function& callback, std::optional<double> timeout_s) {
    const absl::Time deadline = DeadlineFor(timeout_s);
    PollerGuard guard(&busy_);
    PyPollResult result;
    if (ended_) {
      result.end_of_stream = true;
      return result;
    }
    // Runs on this thread inside Session::Poll (the GIL released around it): takes the GIL
    // back, and stops the poll (non-zero) on a stop value or an exception, which is raised
    // once the poll returned.
    std::exception_ptr raised;
    const BatchCallback deliver = [&](EventBatch& batch) {
      py::gil_scoped_acquire gil;
      try {
        Record(batch);
        py::object value = callback(PyBatch(std::move(batch)));  // the batch is lent to take
        if (!StopsPoll(value)) return 0;
        result.callback_result = std::move(value);
      } catch (...) {
        raised = std::current_exception();
      }
      return 1;
    };
    while (true) {
      const absl::Duration slice =
          std::clamp(deadline - absl::Now(), absl::ZeroDuration(), kWaitSlice);
      absl::StatusOr<PollResult> polled;
      {
        py::gil_scoped_release released;
        polled = session_->Poll(slice, deliver);
      }
      if (raised) std::rethrow_exception(raised);
      if (!polled.ok()) ThrowStatus(polled.status());
      result.batches += polled->batches;
      result.events += polled->events;
      if (polled->end_of_stream) ended_ = true;
      if (polled->batches > 0 || ended_) break;
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      if (absl::Now() >= deadline) break;
    }
    result.end_of_stream = ended_;
    return result;
  }

  void SetTargets(const std::vector<pid_t>& pids, const std::vector<pid_t>& tids) {
    if (absl::Status s = session_->SetTargets(pids, tids); !s.ok()) ThrowStatus(s);
  }

  void SetSyscalls(const std::vector<std::string>& syscalls) {
    if (absl::Status s = session_->SetSyscalls(syscalls); !s.ok()) ThrowStatus(s);
  }

  SessionStats Stats() const {
    py::gil_scoped_release released;
    return session_->Stats();
  }

  // Records every batch delivered from now on to a Parquet file (ior/parquet.h); replaces
  // (and closes) a previous recording.
  void RecordParquet(const std::string& path, bool overwrite, size_t row_group_rows,
                     int zstd_level) {
    if (parquet_ != nullptr) (void)CloseParquet();
    ParquetOptions options;
    options.overwrite = overwrite;
    options.row_group_rows = row_group_rows;
    options.zstd_level = zstd_level;
    options.mode = "python";
    // What the session was started with (Session.set_syscalls() may change it later; the
    // footer's per-syscall rates come from the statistics, which follow such changes).
    options.selection = SelectionText(selection_);
    options.sampling = SamplingText(selection_);
    absl::StatusOr<std::unique_ptr<ParquetSink>> sink = ParquetSink::Create(path, options);
    if (!sink.ok()) ThrowStatus(sink.status());
    parquet_ = *std::move(sink);
  }

  // Ends the recording: the session's statistics go in the footer, the file is published.
  // Returns {"path", "rows", "rows_shed"}, or None if nothing was recording.
  py::object CloseParquet() {
    if (parquet_ == nullptr) return py::none();
    std::unique_ptr<ParquetSink> sink = std::move(parquet_);
    absl::Status status;
    {
      py::gil_scoped_release released;
      sink->SetStats(session_->Stats());
      status = sink->Close();
    }
    if (!status.ok()) ThrowStatus(status);
    py::dict out;
    out["path"] = sink->path();
    out["rows"] = sink->rows_written();
    out["rows_shed"] = sink->rows_shed();
    return out;
  }

  // Writes every batch delivered from now on to a trace-event JSON file (ior/trace_json.h);
  // replaces (and closes) a previous one.
  void RecordTraceJson(const std::string& path, bool overwrite, uint64_t max_events) {
    if (trace_json_ != nullptr) (void)CloseTraceJson();
    TraceJsonOptions options;
    options.overwrite = overwrite;
    options.max_events = max_events;
    absl::StatusOr<std::unique_ptr<TraceJsonSink>> sink = TraceJsonSink::Create(path, options);
    if (!sink.ok()) ThrowStatus(sink.status());
    trace_json_ = *std::move(sink);
  }

  // Ends the JSON document and publishes the file. Returns {"path", "events",
  // "events_dropped"}, or None if nothing was recording.
  py::object CloseTraceJson() {
    if (trace_json_ == nullptr) return py::none();
    std::unique_ptr<TraceJsonSink> sink = std::move(trace_json_);
    absl::Status status;
    {
      py::gil_scoped_release released;
      status = sink->Close();
    }
    if (!status.ok()) ThrowStatus(status);
    py::dict out;
    out["path"] = sink->path();
    out["events"] = sink->events_written();
    out["events_dropped"] = sink->events_dropped();
    return out;
  }

  int fd() const { return session_->fd(); }
  bool started() const { return started_; }
  bool stopped() const { return stopped_; }
  bool ended() const { return ended_; }

 private:
  std::unique_ptr<Session> session_;
  Selection selection_;  // the session's, as it was created (for the Parquet footer)
  // Every batch handed to Python goes to the recordings first.
  void Record(const EventBatch& batch) {
    if (parquet_ != nullptr) parquet_->Write(batch);
    if (trace_json_ != nullptr) trace_json_->Write(batch);
  }

  std::unique_ptr<ParquetSink> parquet_;       // Session.record_parquet(); closed by its destructor
  std::unique_ptr<TraceJsonSink> trace_json_;  // Session.record_trace_json(); likewise
  bool started_ = false;
  bool stopped_ = false;
  bool ended_ = false;
  bool busy_ = false;
};

}  // namespace

void RegisterSession(py::module_& m) {
  py::class_<PyPollResult>(m, "PollResult", "What Session.poll() delivered.")
      .def_readonly("batches", &PyPollResult::batches)
      .def_readonly("events", &PyPollResult::events)
      .def_readonly("callback_result", &PyPollResult::callback_result)
      .def_readonly("end_of_stream", &PyPollResult::end_of_stream)
      .def("__repr__", [](const PyPollResult& r) {
        return absl::StrCat("PollResult(batches=", r.batches, ", events=", r.events,
                            ", callback_result=", py::repr(r.callback_result).cast<std::string>(),
                            ", end_of_stream=", r.end_of_stream ? "True" : "False", ")");
      });

  py::class_<PySession>(m, "Session", "Typed core of ior.Session (use that instead).")
      .def(py::init([](std::vector<pid_t> pids, std::vector<pid_t> tids,
                       std::vector<std::string> families, std::vector<std::string> syscalls,
                       size_t batch_size, double max_delay, size_t ring_bytes,
                       size_t max_queued_batches, bool follow, bool end_with_targets,
                       bool aggregate_only, bool measure_kernel_time, bool degrade,
                       const py::dict& extra) {
             SessionOptions options = MakeOptions(
                 std::move(pids), std::move(tids), std::move(families), std::move(syscalls),
                 batch_size, max_delay, ring_bytes, max_queued_batches, extra);
             options.follow = follow;
             options.end_with_targets = end_with_targets;
             options.aggregate_only = aggregate_only;
             options.measure_kernel_time = measure_kernel_time;
             options.degrade = degrade;
             return std::make_unique<PySession>(std::move(options));
           }),
           py::arg("pids"), py::arg("tids"), py::arg("families"), py::arg("syscalls"),
           py::arg("batch_size"), py::arg("max_delay"), py::arg("ring_bytes"),
           py::arg("max_queued_batches"), py::arg("follow") = false,
           py::arg("end_with_targets") = true, py::arg("aggregate_only") = false,
           py::arg("measure_kernel_time") = false, py::arg("degrade") = false,
           py::arg("extra") = py::dict())
      .def("start", &PySession::Start)
      .def("stop", &PySession::Stop)
      .def("next_batch", &PySession::NextBatch, py::arg("timeout") = py::none())
      .def("poll", &PySession::Poll, py::arg("callback"), py::arg("timeout") = py::none())
      .def("set_targets", &PySession::SetTargets, py::arg("pids"), py::arg("tids"))
      .def("set_syscalls", &PySession::SetSyscalls, py::arg("syscalls"))
      .def("stats", &PySession::Stats)
      .def("record_parquet", &PySession::RecordParquet, py::arg("path"), py::arg("overwrite"),
           py::arg("row_group_rows"), py::arg("zstd_level"))
      .def("close_parquet", &PySession::CloseParquet)
      .def("record_trace_json", &PySession::RecordTraceJson, py::arg("path"), py::arg("overwrite"),
           py::arg("max_events"))
      .def("close_trace_json", &PySession::CloseTraceJson)
      .def_property_readonly("fd", &PySession::fd)
      .def_property_readonly("started", &PySession::started)
      .def_property_readonly("stopped", &PySession::stopped)
      .def_property_readonly("ended", &PySession::ended);
}

}  // namespace ior::python
