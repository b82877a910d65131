// ior._ior.Session: the typed core of ior.Session (ior/_session.py adds the Pythonic layer).
// The GIL is released whenever C++ waits or blocks (Start, Stop, waiting for a batch); Python
// callbacks run on the polling thread with the GIL held, and an exception raised in one stops
// the poll and propagates unchanged.
#ifndef IOR_BINDINGS_PYTHON_SESSION_H_
#define IOR_BINDINGS_PYTHON_SESSION_H_

#include <pybind11/pybind11.h>
#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

#include "ior/session.h"

namespace ior::python {

// Adds Session and PollResult to `m`. Call once, from the module init, after RegisterBatch.
void RegisterSession(pybind11::module_& m);

}  // namespace ior::python

#endif  // IOR_BINDINGS_PYTHON_SESSION_H_
