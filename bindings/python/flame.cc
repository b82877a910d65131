// ior._ior.Flame: a thin typed core over ior::FlameAggregator; ior/_flame.py adds the Pythonic
// layer (argument checking, pandas, Session attachment). Paths, comms and stacks are bytes from
// the traced processes: they are decoded as os.fsdecode() does (undecodable bytes stay
// surrogate-escaped), and encoded back the same way.
#include "flame.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <unistd.h>

#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "errors.h"
#include "ior/flame.h"
#include "ior/flame_collapsed.h"
#include "ior/flame_recording.h"
#include "ior/flame_svg.h"
#include "ior/stats.h"
#include "ior/syscall_names.h"

namespace ior::python {
namespace py = pybind11;
namespace {

py::str FsDecode(std::string_view bytes) {
  return py::reinterpret_steal<py::str>(
      PyUnicode_DecodeFSDefaultAndSize(bytes.data(), static_cast<py::ssize_t>(bytes.size())));
}

std::string HostName() {
  char host[HOST_NAME_MAX + 1] = {};
  if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') return "localhost";
  return host;
}

FlameStackOptions StackOptions(const std::string& fields, const std::string& count, bool escape) {
  FlameStackOptions options;
  absl::StatusOr<std::vector<FlameField>> parsed = ParseFlameFields(fields);
  if (!parsed.ok()) ThrowStatus(parsed.status());
  options.fields = *std::move(parsed);
  absl::StatusOr<FlameWeight> weight = ParseFlameWeight(count);
  if (!weight.ok()) ThrowStatus(weight.status());
  options.weight = *weight;
  options.escape_terminal = escape;
  return options;
}

py::dict CountersDict(const FlameCounters& c) {
  py::dict d;
  d["count"] = c.count;
  d["duration_ns"] = c.duration_ns;
  d["duration_to_prev_ns"] = c.duration_to_prev_ns;
  d["bytes"] = c.bytes;
  return d;
}

class PyFlame {
 public:
  explicit PyFlame(size_t max_keys)
      : flame_(FlameAggregator::Options{.max_keys = max_keys}),
        created_unix_ns_(absl::ToUnixNanos(absl::Now())) {}
  explicit PyFlame(Recording recording)
      : flame_(std::move(recording.flame)),
        created_unix_ns_(recording.info.start_unix_ns),
        recording_(std::move(recording.info)) {}

  void Add(const EventBatch& batch) {
    py::gil_scoped_release released;
    flame_.Add(batch);
  }

  void AddRecord(const std::string& path, const std::string& syscall, const std::string& comm,
                 uint32_t pid, uint32_t tid, uint32_t flags, uint64_t count, uint64_t duration_ns,
                 uint64_t duration_to_prev_ns, uint64_t bytes) {
    flame_.AddRecord(path, syscall, comm, pid, tid, flags,
                     FlameCounters{.count = count,
                                   .duration_ns = duration_ns,
                                   .duration_to_prev_ns = duration_to_prev_ns,
                                   .bytes = bytes});
  }

  void Merge(const PyFlame& other) {
    if (&other == this) throw py::value_error("a Flame cannot merge itself");
    py::gil_scoped_release released;
    flame_.Merge(other.flame_);
  }

  py::list Collapsed(const std::string& fields, const std::string& count, bool escape) const {
    const FlameStackOptions options = StackOptions(fields, count, escape);
    std::vector<CollapsedStack> stacks;
    {
      py::gil_scoped_release released;
      stacks = CollapseStacks(flame_, options);
    }
    py::list out;
    for (const CollapsedStack& s : stacks) out.append(py::make_tuple(FsDecode(s.stack), s.value));
    return out;
  }

  // {column: values} of every key, sorted as FlameAggregator::Records().
  py::dict Records() const {
    const std::vector<FlameRecord> records = flame_.Records();
    const auto n = static_cast<py::ssize_t>(records.size());
    py::list path, syscall, comm;
    // Signed, as the event frames: differences of counters never wrap in pandas.
    py::array_t<int32_t> pid(n), tid(n);
    py::array_t<uint32_t> flags(n);
    py::array_t<int64_t> count(n), duration(n), to_prev(n), bytes(n);
    auto p = pid.mutable_unchecked<1>(), t = tid.mutable_unchecked<1>();
    auto f = flags.mutable_unchecked<1>();
    auto c = count.mutable_unchecked<1>(), d = duration.mutable_unchecked<1>();
    auto g = to_prev.mutable_unchecked<1>(), b = bytes.mutable_unchecked<1>();
    for (py::ssize_t i = 0; i < n; ++i) {
      const FlameRecord& r = records[static_cast<size_t>(i)];
      path.append(FsDecode(r.path));
      syscall.append(py::str(r.syscall.data(), r.syscall.size()));
      comm.append(FsDecode(r.comm));
      p(i) = static_cast<int32_t>(r.pid);
      t(i) = static_cast<int32_t>(r.tid);
      f(i) = r.flags;
      c(i) = static_cast<int64_t>(r.counters.count);
      d(i) = static_cast<int64_t>(r.counters.duration_ns);
      g(i) = static_cast<int64_t>(r.counters.duration_to_prev_ns);
      b(i) = static_cast<int64_t>(r.counters.bytes);
    }
    py::dict out;
    out["path"] = path;
    out["syscall"] = syscall;
    out["comm"] = comm;
    out["pid"] = pid;
    out["tid"] = tid;
    out["open_flags"] = flags;  // not "flags": DataFrame.flags would hide it
    out["count"] = count;
    out["duration_ns"] = duration;
    out["duration_to_prev_ns"] = to_prev;
    out["bytes"] = bytes;
    return out;
  }

  std::string Svg(const std::string& fields, const std::string& count, const std::string& title,
                  int width) const {
    FlameSvgOptions options;
    options.stack = StackOptions(fields, count, true);
    options.title = title;
    if (width <= 0) throw py::value_error("width must be > 0 pixels");
    options.width = width;
    py::gil_scoped_release released;
    return RenderFlameSvg(flame_, options);
  }

  std::string WriteRecording(const std::string& dir, std::optional<std::string> name,
                             std::optional<std::string> selection, std::optional<std::string> host,
                             std::optional<SessionStats> stats) const {
    // A recording read back keeps what its file said unless the arguments say otherwise.
    RecordingInfo info;
    if (recording_.has_value()) {
      info = *recording_;
    } else {
      info.tool_version = "libior (Python)";
      info.host = HostName();
      info.name = "default";
      info.start_unix_ns = created_unix_ns_;
      info.end_unix_ns = absl::ToUnixNanos(absl::Now());
    }
    if (name.has_value()) info.name = *name;
    if (selection.has_value()) info.selection = *selection;
    if (host.has_value()) info.host = *host;
    if (absl::Status s = ValidateRecordingName(info.name); !s.ok()) ThrowStatus(s);
    if (stats.has_value()) SetRecordingStats(*stats, nullptr, &info);
    absl::StatusOr<std::string> file;
    {
      py::gil_scoped_release released;
      file = PublishRecording(dir, info, flame_);
    }
    if (!file.ok()) ThrowStatus(file.status());
    return *file;
  }

  size_t keys() const { return flame_.size(); }
  size_t max_keys() const { return flame_.max_keys(); }
  py::dict totals() const { return CountersDict(flame_.totals()); }

  py::dict folds() const {
    // A recording read back holds its records unbounded; the folds are those of its run.
    const FlameFolds& f = recording_.has_value() ? recording_->folds : flame_.folds();
    py::dict d;
    d["pidless"] = f.pidless;
    d["other"] = f.other;
    return d;
  }

  // What the recording's header says; None for a flame not read from a file.
  py::object Info() const {
    if (!recording_.has_value()) return py::none();
    const RecordingInfo& r = *recording_;
    py::dict d;
    d["tool_version"] = r.tool_version;
    d["host"] = r.host;
    d["name"] = r.name;
    d["selection"] = r.selection;
    d["start_unix_ns"] = r.start_unix_ns;
    d["end_unix_ns"] = r.end_unix_ns;
    d["max_keys"] = r.max_keys;
    py::dict rates;
    for (const RecordingSyscall& s : r.syscalls) rates[py::str(s.name)] = s.sample_rate;
    d["sample_rates"] = rates;
    return d;
  }

  // The kernel's figures the recording holds, numbered for this machine; None if not read.
  std::optional<SessionStats> Stats() const {
    if (!recording_.has_value()) return std::nullopt;
    return RecordedSessionStats(*recording_);
  }

 private:
  FlameAggregator flame_;
  int64_t created_unix_ns_ = 0;
  std::optional<RecordingInfo> recording_;
};

}  // namespace

void RegisterFlame(py::module_& m, BatchOf batch_of) {
  m.attr("FLAME_DEFAULT_MAX_KEYS") = kDefaultFlameMaxKeys;
  py::class_<PyFlame>(m, "Flame", "Typed core of ior.Flame (use that instead).")
      .def(py::init<size_t>(), py::arg("max_keys"))
      .def(
          "add", [batch_of](PyFlame& self, py::handle batch) { self.Add(batch_of(batch)); },
          py::arg("batch"))
      .def("add_record", &PyFlame::AddRecord, py::arg("path"), py::arg("syscall"), py::arg("comm"),
           py::arg("pid"), py::arg("tid"), py::arg("flags"), py::arg("count"),
           py::arg("duration_ns"), py::arg("duration_to_prev_ns"), py::arg("bytes"))
      .def("merge", &PyFlame::Merge, py::arg("other"))
      .def("collapsed", &PyFlame::Collapsed, py::arg("fields"), py::arg("count"), py::arg("escape"))
      .def("records", &PyFlame::Records)
      .def("svg", &PyFlame::Svg, py::arg("fields"), py::arg("count"), py::arg("title"),
           py::arg("width"))
      .def("write_recording", &PyFlame::WriteRecording, py::arg("dir"), py::arg("name"),
           py::arg("selection"), py::arg("host"), py::arg("stats"))
      .def("stats", &PyFlame::Stats)
      .def_property_readonly("keys", &PyFlame::keys)
      .def_property_readonly("max_keys", &PyFlame::max_keys)
      .def_property_readonly("totals", &PyFlame::totals)
      .def_property_readonly("folds", &PyFlame::folds)
      .def_property_readonly("info", &PyFlame::Info);

  m.def(
      "read_recording",
      [](const std::string& path) {
        absl::StatusOr<Recording> recording;
        {
          py::gil_scoped_release released;
          recording = ReadRecording(path);
        }
        if (!recording.ok()) ThrowStatus(recording.status());
        return std::make_unique<PyFlame>(*std::move(recording));
      },
      py::arg("path"), "Reads a .ior.zst recording into a Flame.");
}

}  // namespace ior::python
