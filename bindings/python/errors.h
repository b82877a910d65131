// How the bindings turn an absl::Status into a Python exception.
//
//   if (absl::Status s = session->Start(); !s.ok()) ior::python::ThrowStatus(s);
//
// Every exception is an `ior.Error`, a subclass of OSError whose `errno` is derived from the
// status code and whose `strerror` is the status message. Some codes get a more specific
// subclass that also derives from the matching builtin, so that ordinary `except` clauses work:
//   InvalidArgument   -> ior.InvalidArgumentError(ior.Error, ValueError)    errno EINVAL
//   PermissionDenied  -> ior.PermissionDeniedError(ior.Error, PermissionError)  EPERM
//   NotFound          -> ior.NotFoundError(ior.Error, FileNotFoundError)    errno ENOENT
// The other codes raise ior.Error itself (errno from ior::ErrnoOf(ior::ErrorNumber(status)),
// ior/error.h).
#ifndef IOR_BINDINGS_PYTHON_ERRORS_H_
#define IOR_BINDINGS_PYTHON_ERRORS_H_

#include <pybind11/pybind11.h>

#include "absl/status/status.h"

namespace ior::python {

// Creates the exception classes and adds them to `m`. Call once, from the module init, with
// the GIL held.
void RegisterErrors(pybind11::module_& m);

// Sets the Python error that stands for `status` (which must not be OK) and throws
// pybind11::error_already_set. Needs the GIL.
[[noreturn]] void ThrowStatus(const absl::Status& status);

}  // namespace ior::python

#endif  // IOR_BINDINGS_PYTHON_ERRORS_H_
