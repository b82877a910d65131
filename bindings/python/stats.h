// ior._ior.SyscallStats and SessionStats, read-only views of ior/stats.h.
#ifndef IOR_BINDINGS_PYTHON_STATS_H_
#define IOR_BINDINGS_PYTHON_STATS_H_

#include <pybind11/pybind11.h>

namespace ior::python {

// Adds SyscallStats and SessionStats to `m`. Call once, from the module init.
void RegisterStats(pybind11::module_& m);

}  // namespace ior::python

#endif  // IOR_BINDINGS_PYTHON_STATS_H_
