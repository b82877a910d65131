// ior._ior: the private extension module behind the Python package `ior`.
//
// It stays close to the C++ API (ior/session.h); the package adds the Pythonic layer (argument
// checking with clear messages, the context manager, iterators, pandas). One file per concept:
//   batch       ior.Batch over an EventBatch (buffer protocol, numpy view, paths)
//   columns     DataFrame columns built batch by batch (ior.trace(), to_pandas())
//   event_dtype the numpy dtype of ior::Event
//   session     ior.Session's core, recordings attached to it
//   trace       a command traced from its first call to its exit
//   wait        waiting with the GIL released, Ctrl-C within a slice
//   stats       SessionStats / SyscallStats
//   flame       Flame and recordings
//   errors      absl::Status -> ior.Error subclasses
// This file holds the module init and the small tables (syscalls, families, constants).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "batch.h"
#include "columns.h"
#include "errors.h"
#include "flame.h"
#include "ior/event.h"
#include "ior/session.h"
#include "ior/stats.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"
#include "session.h"
#include "stats.h"
#include "trace.h"
#include "wait.h"

namespace ior::python {
namespace py = pybind11;

void DefineModule(py::module_& m) {
  m.doc() = "Private extension module of the `ior` package; import `ior` instead.";
  RegisterErrors(m);

  m.attr("EVENT_NO_RETURN") = kEventNoReturn;
  m.attr("EVENT_FIRST_ON_THREAD") = kEventFirstOnThread;
  m.attr("EVENT_PATH_FAULT") = kEventPathFault;
  m.attr("EVENT_PATH_RETRIED") = kEventPathRetried;
  m.attr("HISTOGRAM_BUCKETS") = kHistogramBuckets;
  m.attr("WAIT_SLICE") = absl::ToDoubleSeconds(kWaitSlice);
  {
    // The library's defaults, so that the package does not repeat them.
    const SessionOptions defaults;
    py::dict d;
    d["batch_size"] = defaults.batch_size;
    d["max_delay"] = absl::ToDoubleSeconds(defaults.max_delay);
    d["ring_bytes"] = defaults.ring_bytes;
    d["max_queued_batches"] = defaults.max_queued_batches;
    m.attr("SESSION_DEFAULTS") = d;
  }

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
        names.reserve(kFamilyCount);
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

  RegisterStats(m);
  RegisterBatch(m);
  RegisterColumns(m);
  RegisterSession(m);
  RegisterTrace(m);
  RegisterFlame(m, [](py::handle b) -> const EventBatch& { return b.cast<PyBatch&>().batch(); });
}

}  // namespace ior::python

PYBIND11_MODULE(_ior, m) { ior::python::DefineModule(m); }
