#include "errors.h"

#include <errno.h>

#include <string>

#include "absl/status/status.h"
#include "ior/error.h"

namespace ior::python {
namespace py = pybind11;
namespace {

// Owned by the module for the life of the interpreter (never released: an exception class
// must outlive every instance, and pybind11 objects must not be static destructors).
PyObject* g_error = nullptr;
PyObject* g_invalid_argument = nullptr;
PyObject* g_permission_denied = nullptr;
PyObject* g_not_found = nullptr;

PyObject* NewClass(py::module_& m, const char* name, PyObject* bases, const char* doc) {
  const std::string qualified = std::string("ior.") + name;
  PyObject* cls = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases, nullptr);
  if (cls == nullptr) throw py::error_already_set();
  m.add_object(name, py::reinterpret_borrow<py::object>(cls));
  return cls;
}

PyObject* ClassFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
      return g_invalid_argument;
    case absl::StatusCode::kPermissionDenied:
      return g_permission_denied;
    case absl::StatusCode::kNotFound:
      return g_not_found;
    default:
      return g_error;
  }
}

}  // namespace

void RegisterErrors(py::module_& m) {
  g_error = NewClass(m, "Error", PyExc_OSError,
                     "Base of every error libior reports: an OSError with errno and strerror.");
  py::tuple invalid = py::make_tuple(py::handle(g_error), py::handle(PyExc_ValueError));
  g_invalid_argument = NewClass(m, "InvalidArgumentError", invalid.ptr(),
                                "libior rejected an argument (errno EINVAL); also a ValueError.");
  py::tuple denied = py::make_tuple(py::handle(g_error), py::handle(PyExc_PermissionError));
  g_permission_denied = NewClass(m, "PermissionDeniedError", denied.ptr(),
                                 "Tracing needs root or CAP_BPF+CAP_PERFMON (errno EPERM).");
  py::tuple missing = py::make_tuple(py::handle(g_error), py::handle(PyExc_FileNotFoundError));
  g_not_found = NewClass(m, "NotFoundError", missing.ptr(),
                         "Something libior needed does not exist, e.g. the command to trace.");
}

void ThrowStatus(const absl::Status& status) {
  const std::string message(status.message());
  PyObject* cls = ClassFor(status.code());
  // OSError(errno, strerror) fills .errno and .strerror; str() is "[Errno N] message". `.code`
  // is the number the C ABI returns for the same failure (ior::ErrorNumber, one mapping).
  const int number = ErrorNumber(status);
  py::object error =
      py::reinterpret_borrow<py::object>(cls)(ErrnoOf(number), message.empty() ? "error" : message);
  error.attr("code") = number;
  error.attr("status_code") = std::string(absl::StatusCodeToString(status.code()));
  PyErr_SetObject(cls, error.ptr());
  throw py::error_already_set();
}

}  // namespace ior::python
