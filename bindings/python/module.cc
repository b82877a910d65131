// ior._ior: the private extension module behind the Python package `ior`.
//
// It stays close to the C++ API (ior/session.h); the package adds the Pythonic layer (argument
// checking with clear messages, the context manager, iterators, pandas). Rules it keeps:
// - The GIL is released whenever C++ waits or blocks (Start, Stop, waiting for a batch, the
//   traced command's exec). Waits are cut in slices of at most kWaitSlice; between slices, with
//   the GIL held, PyErr_CheckSignals() runs the signal handlers, so Ctrl-C (KeyboardInterrupt)
//   ends a wait within one slice and other Python threads run during it.
// - Python callbacks run on the polling thread with the GIL held; an exception raised in one
//   stops the poll and propagates unchanged.
// - A batch is an ior::EventBatch moved out of the session (never copied). It exposes its
//   contiguous ior::Event array through the buffer protocol and as a read-only numpy structured
//   array whose base is the batch, so the array keeps the batch alive.
// - Errors of the core become ior.Error (OSError) subclasses, see errors.h.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <bit>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "errors.h"
#include "flame.h"
#include "ior/child_process.h"
#include "ior/event.h"
#include "ior/file_label.h"
#include "ior/parquet.h"
#include "ior/session.h"
#include "ior/stats.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"

namespace ior::python {
namespace py = pybind11;
namespace {

static_assert(std::endian::native == std::endian::little, "the dtype below is little-endian");
static_assert(std::is_standard_layout_v<Event> && std::is_trivially_copyable_v<Event>);

// Longest time the GIL stays released, and signals unchecked, while waiting.
constexpr absl::Duration kWaitSlice = absl::Milliseconds(100);

// ---------------------------------------------------------------------------------------------
// The numpy view of ior::Event, derived from the struct itself.

struct FieldSpec {
  std::string name;
  size_t offset;
  size_t size;
  std::string pep3118;  // struct-module code with its count: "Q", "(6)Q", "16s"
  std::string numpy;    // numpy type string: "<u8", "(6,)<u8", "S16"
};

// The codes of a scalar field type; a compile error for a type the table does not know, so a
// change to ior::Event cannot silently produce a wrong dtype.
template <typename T>
std::pair<std::string, std::string> ScalarCodes() {
  if constexpr (std::is_same_v<T, uint64_t>) {
    return {"Q", "<u8"};
  } else if constexpr (std::is_same_v<T, int64_t>) {
    return {"q", "<i8"};
  } else if constexpr (std::is_same_v<T, uint32_t>) {
    return {"I", "<u4"};
  } else if constexpr (std::is_same_v<T, int32_t>) {
    return {"i", "<i4"};
  } else if constexpr (std::is_same_v<T, uint8_t>) {
    return {"B", "u1"};
  } else {
    static_assert(sizeof(T) == 0, "add this field type to ScalarCodes()");
  }
}

template <typename T>
std::pair<std::string, std::string> FieldCodes() {
  if constexpr (std::is_same_v<T, char[kCommLength]>) {
    return {absl::StrCat(kCommLength, "s"), absl::StrCat("S", kCommLength)};
  } else if constexpr (std::is_array_v<T>) {
    auto [pep, np] = ScalarCodes<std::remove_extent_t<T>>();
    const size_t n = std::extent_v<T>;
    return {absl::StrCat("(", n, ")", pep), absl::StrCat("(", n, ",)", np)};
  } else {
    return ScalarCodes<T>();
  }
}

template <typename T>
FieldSpec Field(const char* name, size_t offset) {
  auto [pep, np] = FieldCodes<T>();
  return FieldSpec{name, offset, sizeof(T), pep, np};
}

// Every member of ior::Event, in order: the ones numpy shows, and the reserved ones that
// become padding. The static_assert below fails when a member is added or removed without
// updating these lists.
#define IOR_EVENT_FIELDS(X) \
  X(enter_ns)               \
  X(latency_ns)             \
  X(gap_ns)                 \
  X(ret)                    \
  X(args)                   \
  X(bytes)                  \
  X(timeout_ns)             \
  X(length)                 \
  X(ino)                    \
  X(pid)                    \
  X(tid)                    \
  X(nr)                     \
  X(flags)                  \
  X(fd)                     \
  X(dirfd)                  \
  X(target_fd)              \
  X(nfds)                   \
  X(fds)                    \
  X(dev)                    \
  X(open_flags)             \
  X(mode)                   \
  X(epoll_events)           \
  X(socket_domain)          \
  X(socket_type)            \
  X(socket_protocol)        \
  X(family)                 \
  X(bytes_class)            \
  X(epoll_op)               \
  X(file_status)            \
  X(path_ref)               \
  X(file_ref)               \
  X(old_file_ref)           \
  X(fd_flags)               \
  X(file_ino)               \
  X(file_dev)               \
  X(comm)                   \
  X(cgroup_id)
#define IOR_EVENT_PADDING(X) X(reserved)
#define IOR_EVENT_SIZE_OF(member) +sizeof(Event::member)
static_assert(0 IOR_EVENT_FIELDS(IOR_EVENT_SIZE_OF)
                      IOR_EVENT_PADDING(IOR_EVENT_SIZE_OF) == sizeof(Event),
              "ior::Event changed: update IOR_EVENT_FIELDS / IOR_EVENT_PADDING");

const std::vector<FieldSpec>& EventFields() {
#define IOR_EVENT_FIELD_SPEC(member) \
  Field<decltype(Event::member)>(#member, offsetof(Event, member)),
  static const auto* const fields =
      new std::vector<FieldSpec>{IOR_EVENT_FIELDS(IOR_EVENT_FIELD_SPEC)};
#undef IOR_EVENT_FIELD_SPEC
  return *fields;
}

#undef IOR_EVENT_SIZE_OF
#undef IOR_EVENT_PADDING
#undef IOR_EVENT_FIELDS

// PEP 3118 format of one Event, with explicit padding: "T{<Q:enter_ns:...16s:comm:}".
const std::string& EventFormat() {
  static const auto* const format = [] {
    std::string f = "T{<";
    size_t at = 0;
    for (const FieldSpec& field : EventFields()) {
      if (field.offset > at) absl::StrAppend(&f, field.offset - at, "x");
      absl::StrAppend(&f, field.pep3118, ":", field.name, ":");
      at = field.offset + field.size;
    }
    if (sizeof(Event) > at) absl::StrAppend(&f, sizeof(Event) - at, "x");
    f += "}";
    return new std::string(std::move(f));
  }();
  return *format;
}

// numpy.dtype({'names', 'formats', 'offsets', 'itemsize'}) for one Event.
py::dtype MakeEventDtype() {
  py::list names, formats, offsets;
  for (const FieldSpec& field : EventFields()) {
    names.append(field.name);
    formats.append(field.numpy);
    offsets.append(field.offset);
  }
  py::dict spec;
  spec["names"] = names;
  spec["formats"] = formats;
  spec["offsets"] = offsets;
  spec["itemsize"] = sizeof(Event);
  return py::reinterpret_steal<py::dtype>(
      py::module_::import("numpy").attr("dtype")(spec).release());
}

// ---------------------------------------------------------------------------------------------
// Batch

// EVENT_DTYPE, set once by the module init (a strong reference never released: pybind11
// objects must not be destroyed at static destruction time).
PyObject* g_event_dtype = nullptr;

class PyBatch {
 public:
  explicit PyBatch(EventBatch batch) : batch_(std::move(batch)) {}
  PyBatch(PyBatch&&) = default;

  const EventBatch& batch() const { return batch_; }
  size_t size() const { return batch_.size(); }

  // Never null, even for an empty batch (a buffer must point somewhere).
  const Event* data() const { return batch_.empty() ? &empty_ : batch_.events().data(); }

 private:
  EventBatch batch_;
  Event empty_{};
};

py::buffer_info BatchBuffer(PyBatch& batch) {
  return py::buffer_info(const_cast<Event*>(batch.data()), sizeof(Event), EventFormat(), 1,
                         {static_cast<py::ssize_t>(batch.size())}, {sizeof(Event)},
                         /*readonly=*/true);
}

// Read-only structured array over the batch's events; its base holds `self`.
py::array BatchArray(py::object self) {
  PyBatch& batch = self.cast<PyBatch&>();
  auto dtype = py::reinterpret_borrow<py::dtype>(g_event_dtype);
  py::array array(dtype, {static_cast<py::ssize_t>(batch.size())}, {sizeof(Event)}, batch.data(),
                  self);
  array.attr("setflags")(py::arg("write") = false);
  return array;
}

// Path `which` of every event — 0: the path the call names, 1: the new name of rename/link
// calls, 2: the file the call touched (resolved through the descriptor tables) — as (codes:
// int32 array, -1 = none; categories: list of str), for a pandas Categorical.
py::tuple BatchPaths(const PyBatch& batch, int which) {
  if (which < 0 || which > 2) throw py::value_error("which must be 0, 1 or 2");
  py::array_t<int32_t> codes(static_cast<py::ssize_t>(batch.size()));
  int32_t* out = codes.mutable_data();
  absl::flat_hash_map<std::string, int32_t> index;
  py::list categories;
  std::string scratch;
  size_t i = 0;
  for (const Event& e : batch.batch().events()) {
    // The file column is the label every sink shows ("old -> new", "E:ino:<n>").
    std::string_view path =
        which == 2 ? FileLabel(batch.batch(), e, &scratch) : batch.batch().Path(e, which);
    if (path.empty()) {
      out[i++] = -1;
      continue;
    }
    auto [it, added] = index.try_emplace(std::string(path), static_cast<int32_t>(index.size()));
    if (added) {
      // Paths are bytes from the traced process; undecodable ones keep their bytes escaped.
      categories.append(py::reinterpret_steal<py::str>(
          PyUnicode_DecodeFSDefaultAndSize(path.data(), static_cast<py::ssize_t>(path.size()))));
    }
    out[i++] = it->second;
  }
  return py::make_tuple(codes, categories);
}

// ---------------------------------------------------------------------------------------------
// Waiting with the GIL released

enum class WaitOutcome { kBatch, kTimeout, kEnd };

// Waits until a batch comes, the stream ends, `deadline` passes or `stop_waiting()` (called
// with the GIL held after each empty slice) returns true. Needs the GIL on entry; throws
// error_already_set if a signal handler raised (KeyboardInterrupt), ior.Error on a core error.
template <typename StopWaiting>
WaitOutcome WaitForBatch(Session& session, absl::Time deadline, std::optional<EventBatch>* out,
                         StopWaiting&& stop_waiting) {
  while (true) {
    const absl::Duration slice =
        std::clamp(deadline - absl::Now(), absl::ZeroDuration(), kWaitSlice);
    absl::StatusOr<std::optional<EventBatch>> next;
    {
      py::gil_scoped_release released;
      next = session.NextBatch(slice);
    }
    if (!next.ok()) {
      if (absl::IsOutOfRange(next.status())) return WaitOutcome::kEnd;
      ThrowStatus(next.status());
    }
    if (next->has_value()) {
      *out = std::move(*next);
      return WaitOutcome::kBatch;
    }
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    if (stop_waiting() || absl::Now() >= deadline) return WaitOutcome::kTimeout;
  }
}

absl::Time DeadlineFor(std::optional<double> timeout_s) {
  if (!timeout_s.has_value()) return absl::InfiniteFuture();
  if (!(*timeout_s >= 0)) {  // also NaN
    throw py::value_error(absl::StrCat("timeout must be >= 0 seconds or None, not ", *timeout_s));
  }
  return absl::Now() + absl::Seconds(*timeout_s);
}

// ---------------------------------------------------------------------------------------------
// Session

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

SessionOptions MakeOptions(std::vector<pid_t> pids, std::vector<pid_t> tids,
                           std::vector<std::string> families, std::vector<std::string> syscalls,
                           size_t batch_size, double max_delay_s, size_t ring_bytes,
                           size_t max_queued_batches) {
  SessionOptions options;
  options.pids = std::move(pids);
  options.tids = std::move(tids);
  options.selection.families = std::move(families);
  options.syscalls = std::move(syscalls);
  options.batch_size = batch_size;
  options.max_delay = absl::Seconds(max_delay_s);
  options.ring_bytes = ring_bytes;
  options.max_queued_batches = max_queued_batches;
  return options;
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
  explicit PySession(const SessionOptions& options) {
    absl::StatusOr<std::unique_ptr<Session>> session = Session::Create(options);
    if (!session.ok()) ThrowStatus(session.status());
    session_ = *std::move(session);
  }

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
    switch (WaitForBatch(*session_, deadline, &batch, [] { return false; })) {
      case WaitOutcome::kBatch:
        if (parquet_ != nullptr) parquet_->Write(*batch);
        return py::cast(PyBatch(*std::move(batch)));
      case WaitOutcome::kEnd:
        ended_ = true;
        break;
      case WaitOutcome::kTimeout:
        break;
    }
    return py::none();
  }

  PyPollResult Poll(const py::function& callback, std::optional<double> timeout_s) {
    const absl::Time deadline = DeadlineFor(timeout_s);
    PollerGuard guard(&busy_);
    PyPollResult result;
    if (ended_) {
      result.end_of_stream = true;
      return result;
    }
    std::optional<EventBatch> batch;
    WaitOutcome outcome = WaitForBatch(*session_, deadline, &batch, [] { return false; });
    while (outcome == WaitOutcome::kBatch) {
      ++result.batches;
      result.events += batch->size();
      if (parquet_ != nullptr) parquet_->Write(*batch);
      py::object value = callback(PyBatch(*std::move(batch)));  // raises through
      if (StopsPoll(value)) {
        result.callback_result = std::move(value);
        return result;
      }
      batch.reset();
      // Hand over whatever else is queued, without waiting.
      outcome = WaitForBatch(*session_, absl::InfinitePast(), &batch, [] { return true; });
    }
    if (outcome == WaitOutcome::kEnd) ended_ = true;
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

  int fd() const { return session_->fd(); }
  bool started() const { return started_; }
  bool stopped() const { return stopped_; }
  bool ended() const { return ended_; }

 private:
  std::unique_ptr<Session> session_;
  std::unique_ptr<ParquetSink> parquet_;  // Session.record_parquet(); closed by its destructor
  bool started_ = false;
  bool stopped_ = false;
  bool ended_ = false;
  bool busy_ = false;
};

// ---------------------------------------------------------------------------------------------
// trace(): a command under the tracer from its first system call to its exit.

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
  while (WaitForBatch(*session, absl::InfiniteFuture(), &batch, [] { return false; }) ==
         WaitOutcome::kBatch) {
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

void DefineModule(py::module_& m) {
  m.doc() = "Private extension module of the `ior` package; import `ior` instead.";
  RegisterErrors(m);

  py::dtype dtype = MakeEventDtype();
  g_event_dtype = dtype.inc_ref().ptr();  // lives as long as the interpreter
  m.attr("EVENT_DTYPE") = dtype;
  m.attr("EVENT_FORMAT") = EventFormat();
  m.attr("EVENT_SIZE") = sizeof(Event);
  m.attr("EVENT_NO_RETURN") = kEventNoReturn;
  m.attr("EVENT_FIRST_ON_THREAD") = kEventFirstOnThread;
  m.attr("EVENT_PATH_FAULT") = kEventPathFault;
  m.attr("EVENT_PATH_RETRIED") = kEventPathRetried;
  m.attr("HISTOGRAM_BUCKETS") = kHistogramBuckets;
  m.attr("WAIT_SLICE") = absl::ToDoubleSeconds(kWaitSlice);

  m.def("syscall_name", &SyscallName, py::arg("nr"),
        "Name of syscall number `nr` ('openat'), or 'syscall_<nr>' if unknown.");
  m.def(
      "syscall_number",
      [](std::string_view name) -> std::optional<uint32_t> { return SyscallNumber(name); },
      py::arg("name"), "Number of the syscall called `name` (or 'syscall_<nr>'); None if unknown.");
  m.def(
      "syscall_table",
      [] {
        py::dict table;
        for (uint32_t nr = 0; nr < SyscallNumberLimit(); ++nr) {
          std::string_view name = KnownSyscallName(nr);
          if (!name.empty()) table[py::int_(nr)] = py::str(name.data(), name.size());
        }
        return table;
      },
      "{nr: name} for every syscall number the table knows.");

  m.def(
      "family_names",
      [] {
        std::vector<std::string> names;
        for (int f = 0; f < kFamilyCount; ++f) {
          names.emplace_back(FamilyName(static_cast<Family>(f)));
        }
        return names;
      },
      "Syscall family names, indexed by Event.family ('Network', ..., 'FS', ...).");
  m.def(
      "bytes_class_names",
      [] {
        std::vector<std::string> names;
        for (BytesClass b :
             {BytesClass::kNone, BytesClass::kRead, BytesClass::kWrite, BytesClass::kTransfer}) {
          names.emplace_back(BytesClassName(b));
        }
        return names;
      },
      "Bytes class names, indexed by Event.bytes_class ('none', 'read', 'write', 'transfer').");

  py::class_<SyscallStats>(m, "SyscallStats", "Kernel aggregates of one syscall.")
      .def_readonly("nr", &SyscallStats::nr)
      .def_property_readonly("name", [](const SyscallStats& s) { return SyscallName(s.nr); })
      .def_readonly("count", &SyscallStats::count)
      .def_readonly("errors", &SyscallStats::errors)
      .def_readonly("sampled_out", &SyscallStats::sampled_out)
      .def_readonly("delivered", &SyscallStats::delivered)
      .def_readonly("latency_sum_ns", &SyscallStats::latency_sum_ns)
      .def_readonly("latency_min_ns", &SyscallStats::latency_min_ns)
      .def_readonly("latency_max_ns", &SyscallStats::latency_max_ns)
      .def_readonly("histogram", &SyscallStats::histogram)
      .def("percentile", &SyscallStats::Percentile, py::arg("q"),
           "The q-quantile (q in [0, 1]) of the latencies in ns, from the kernel's histogram "
           "(every timed call, sampled out or not); 0 when nothing was timed.")
      .def("__repr__", [](const SyscallStats& s) {
        return absl::StrCat("SyscallStats(name='", SyscallName(s.nr), "', count=", s.count,
                            ", errors=", s.errors, ")");
      });

  py::class_<SessionStats>(m, "SessionStats", "What a session counted.")
      .def_readonly("kernel_count", &SessionStats::kernel_count)
      .def_readonly("sampled_out", &SessionStats::sampled_out)
      .def_readonly("decoded", &SessionStats::decoded)
      .def_readonly("delivered", &SessionStats::delivered)
      .def_readonly("queued", &SessionStats::queued)
      .def_readonly("filtered", &SessionStats::filtered)
      .def_readonly("dropped", &SessionStats::dropped)
      .def_readonly("exits_without_enter", &SessionStats::exits_without_enter)
      .def_readonly("state_unavailable", &SessionStats::state_unavailable)
      .def_readonly("control_dropped", &SessionStats::control_dropped)
      .def_readonly("syscalls", &SessionStats::syscalls)
      .def("__repr__", [](const SessionStats& s) {
        return absl::StrCat("SessionStats(kernel_count=", s.kernel_count,
                            ", delivered=", s.delivered, ", queued=", s.queued,
                            ", dropped=", s.dropped, ", filtered=", s.filtered, ")");
      });

  py::class_<PyBatch>(m, "Batch", py::buffer_protocol(),
                      "Events delivered together. Supports the buffer protocol "
                      "(np.asarray(batch) shares its memory).")
      .def_buffer(&BatchBuffer)
      .def("__len__", &PyBatch::size)
      .def_property_readonly("nbytes", [](const PyBatch& b) { return b.size() * sizeof(Event); })
      .def("paths", &BatchPaths, py::arg("which") = 0,
           "(codes, categories) of string `which` of every event (-1: none), for "
           "pandas.Categorical.from_codes: 0 the path the call names, 1 the new name of "
           "rename/link calls, 2 the file the call touched.")
      .def("to_numpy", &BatchArray,
           "Read-only numpy structured array (dtype EVENT_DTYPE) over the batch's memory; "
           "no copy. The array keeps the batch alive.")
      .def(
          "__array__",
          [](py::object self, py::object dtype, py::object /*copy*/) {
            py::array array = BatchArray(std::move(self));
            if (dtype.is_none()) return array;
            return py::reinterpret_steal<py::array>(array.attr("astype")(dtype).release());
          },
          py::arg("dtype") = py::none(), py::arg("copy") = py::none())
      .def(
          "to_pandas",
          [](py::object self) {
            return py::module_::import("ior._frame")
                .attr("frame_from_batches")(py::make_tuple(std::move(self)));
          },
          "pandas.DataFrame of the events (a copy), see ior.frame_from_batches().")
      .def("__repr__",
           [](const PyBatch& b) { return absl::StrCat("<ior.Batch of ", b.size(), " events>"); });

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
                       size_t max_queued_batches, bool follow, bool end_with_targets) {
             SessionOptions options = MakeOptions(
                 std::move(pids), std::move(tids), std::move(families), std::move(syscalls),
                 batch_size, max_delay, ring_bytes, max_queued_batches);
             options.follow = follow;
             options.end_with_targets = end_with_targets;
             return std::make_unique<PySession>(std::move(options));
           }),
           py::arg("pids"), py::arg("tids"), py::arg("families"), py::arg("syscalls"),
           py::arg("batch_size"), py::arg("max_delay"), py::arg("ring_bytes"),
           py::arg("max_queued_batches"), py::arg("follow") = false,
           py::arg("end_with_targets") = true)
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
      .def_property_readonly("fd", &PySession::fd)
      .def_property_readonly("started", &PySession::started)
      .def_property_readonly("stopped", &PySession::stopped)
      .def_property_readonly("ended", &PySession::ended);

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

  RegisterFlame(m, [](py::handle b) -> const EventBatch& { return b.cast<PyBatch&>().batch(); });
}

}  // namespace ior::python

PYBIND11_MODULE(_ior, m) { ior::python::DefineModule(m); }
