// ior._ior.Flame and ior._ior.read_recording(): the flame aggregation (ior/flame.h) and its
// recordings (ior/flame_recording.h) for the Python package (ior/_flame.py wraps them).
#ifndef IOR_BINDINGS_PYTHON_FLAME_H_
#define IOR_BINDINGS_PYTHON_FLAME_H_

#include <pybind11/pybind11.h>

#include "ior/event.h"

namespace ior::python {

// The EventBatch inside an ior._ior.Batch (module.cc owns that type). Throws a cast error for
// anything else.
using BatchOf = const EventBatch& (*)(pybind11::handle batch);

// Adds Flame and read_recording to `m`. Call once, from the module init.
void RegisterFlame(pybind11::module_& m, BatchOf batch_of);

}  // namespace ior::python

#endif  // IOR_BINDINGS_PYTHON_FLAME_H_
