// A command under the tracer from its first system call to its exit: ior._ior.TraceRun (behind
// ior.trace_batches()) hands out its batches as they come; ior._ior.trace() (behind ior.trace())
// folds them into DataFrame columns as they come (columns.h), so that no batch outlives its
// turn.
#ifndef IOR_BINDINGS_PYTHON_TRACE_H_
#define IOR_BINDINGS_PYTHON_TRACE_H_

#include <pybind11/pybind11.h>

namespace ior::python {

// Adds TraceRun and trace to `m`. Call once, from the module init, after RegisterBatch.
void RegisterTrace(pybind11::module_& m);

}  // namespace ior::python

#endif  // IOR_BINDINGS_PYTHON_TRACE_H_
