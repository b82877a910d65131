// ior._ior.SyscallStats and SessionStats: what a session counted (ior/stats.h).
#include "stats.h"

#include <pybind11/stl.h>

#include "absl/strings/str_cat.h"
#include "ior/stats.h"
#include "ior/syscall_names.h"

namespace ior::python {
namespace py = pybind11;

void RegisterStats(py::module_& m) {
  py::class_<SyscallStats>(m, "SyscallStats", "Kernel aggregates of one syscall.")
      .def_readonly("nr", &SyscallStats::nr)
      .def_property_readonly("name", [](const SyscallStats& s) { return SyscallName(s.nr); })
      .def_readonly("count", &SyscallStats::count)
      .def_readonly("errors", &SyscallStats::errors)
      .def_readonly("sampled_out", &SyscallStats::sampled_out)
      .def_readonly("degraded", &SyscallStats::degraded)
      .def_readonly("degraded_one_in", &SyscallStats::degraded_one_in)
      .def_readonly("sample_rate", &SyscallStats::sample_rate)
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

  py::class_<StartupTimes>(m, "StartupTimes", "Where Session.start() spent its time, in ns.")
      .def_readonly("kernel_types_ns", &StartupTimes::kernel_types_ns)
      .def_readonly("open_ns", &StartupTimes::open_ns)
      .def_readonly("load_ns", &StartupTimes::load_ns)
      .def_readonly("configure_ns", &StartupTimes::configure_ns)
      .def_readonly("seed_ns", &StartupTimes::seed_ns)
      .def_readonly("attach_ns", &StartupTimes::attach_ns)
      .def_readonly("total_ns", &StartupTimes::total_ns);

  py::class_<CostStats>(m, "CostStats",
                        "What tracing cost: the kernel programs' runs and run time (with "
                        "measure_kernel_time) and the drain thread's CPU, in ns.")
      .def_readonly("kernel_runs", &CostStats::kernel_runs)
      .def_readonly("kernel_run_ns", &CostStats::kernel_run_ns)
      .def_readonly("drain_cpu_ns", &CostStats::drain_cpu_ns);

  py::class_<DegradeWindow>(m, "DegradeWindow",
                            "A time window in which rows were degraded (Session(degrade=True)).")
      .def_readonly("start_ns", &DegradeWindow::start_ns)
      .def_readonly("end_ns", &DegradeWindow::end_ns)
      .def_readonly("calls", &DegradeWindow::calls)
      .def_readonly("min_one_in", &DegradeWindow::min_one_in)
      .def("__repr__", [](const DegradeWindow& w) {
        return absl::StrCat("DegradeWindow(start_ns=", w.start_ns, ", end_ns=", w.end_ns,
                            ", calls=", w.calls, ", min_one_in=", w.min_one_in, ")");
      });

  py::class_<SessionStats>(m, "SessionStats", "What a session counted.")
      .def_readonly("kernel_count", &SessionStats::kernel_count)
      .def_readonly("sampled_out", &SessionStats::sampled_out)
      .def_readonly("degraded", &SessionStats::degraded)
      .def_readonly("degrade_windows", &SessionStats::degrade_windows)
      .def_readonly("degrade_windows_dropped", &SessionStats::degrade_windows_dropped)
      .def_readonly("decoded", &SessionStats::decoded)
      .def_readonly("delivered", &SessionStats::delivered)
      .def_readonly("queued", &SessionStats::queued)
      .def_readonly("filtered", &SessionStats::filtered)
      .def_readonly("dropped", &SessionStats::dropped)
      .def_readonly("exits_without_enter", &SessionStats::exits_without_enter)
      .def_readonly("state_unavailable", &SessionStats::state_unavailable)
      .def_readonly("control_dropped", &SessionStats::control_dropped)
      .def_readonly("syscalls", &SessionStats::syscalls)
      .def_readonly("startup", &SessionStats::startup)
      .def_readonly("cost", &SessionStats::cost)
      .def("__repr__", [](const SessionStats& s) {
        return absl::StrCat("SessionStats(kernel_count=", s.kernel_count,
                            ", delivered=", s.delivered, ", queued=", s.queued,
                            ", dropped=", s.dropped, ", filtered=", s.filtered, ")");
      });
}

}  // namespace ior::python
