// ior._ior.trace(): a command under the tracer from its first system call to its exit.
#ifndef IOR_BINDINGS_PYTHON_TRACE_H_
#define IOR_BINDINGS_PYTHON_TRACE_H_

#include <pybind11/pybind11.h>

namespace ior::python {

// Adds trace to `m`. Call once, from the module init, after RegisterBatch.
void RegisterTrace(pybind11::module_& m);

}  // namespace ior::python

#endif  // IOR_BINDINGS_PYTHON_TRACE_H_
