// The numpy view of ior::Event: a structured dtype and a PEP 3118 format derived from the struct
// itself, so that a change to ior::Event cannot silently produce a wrong dtype.
#ifndef IOR_BINDINGS_PYTHON_EVENT_DTYPE_H_
#define IOR_BINDINGS_PYTHON_EVENT_DTYPE_H_

#include <pybind11/numpy.h>

#include <string>

namespace ior::python {

// PEP 3118 format of one Event, with explicit padding: "T{<Q:enter_ns:...16s:comm:}".
const std::string& EventFormat();

// numpy.dtype({'names', 'formats', 'offsets', 'itemsize'}) for one Event. Needs the GIL.
pybind11::dtype MakeEventDtype();

}  // namespace ior::python

#endif  // IOR_BINDINGS_PYTHON_EVENT_DTYPE_H_
