#include "batch.h"

#include <pybind11/numpy.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "event_dtype.h"
#include "ior/file_label.h"

namespace ior::python {
namespace py = pybind11;
namespace {

// EVENT_DTYPE, set once by RegisterBatch (a strong reference never released: pybind11 objects
// must not be destroyed at static destruction time).
PyObject* g_event_dtype = nullptr;

py::buffer_info BatchBuffer(PyBatch& batch) {
  return py::buffer_info(const_cast<Event*>(batch.data()), sizeof(Event), EventFormat(), 1,
                         {static_cast<py::ssize_t>(batch.size())}, {sizeof(Event)},
                         /*readonly=*/true);
}

// Read-only structured array over the batch's events; its base holds `self`.
py::array BatchArray(const py::object& self) {
  PyBatch& batch = self.cast<PyBatch&>();
  auto dtype = py::reinterpret_borrow<py::dtype>(g_event_dtype);
  py::array array(dtype, {static_cast<py::ssize_t>(batch.size())}, {sizeof(Event)}, batch.data(),
                  self);
  array.attr("setflags")(py::arg("write") = false);
  return array;
}

// Path `which` of every event — 0: the path the call names, 1: the new name of rename/link
// calls, 2: the file the call touched (resolved through the descriptor tables) — as (codes:
// int32 array, -1 = none; categories: list of str), for a pandas Categorical.
py::tuple BatchPaths(const PyBatch& batch, int which) {
  if (which < 0 || which > 2) throw py::value_error("which must be 0, 1 or 2");
  py::array_t<int32_t> codes(static_cast<py::ssize_t>(batch.size()));
  int32_t* out = codes.mutable_data();
  absl::flat_hash_map<std::string, int32_t> index;
  py::list categories;
  std::string scratch;
  size_t i = 0;
  for (const Event& e : batch.batch().events()) {
    // The file column is the label every sink shows ("old -> new", "E:ino:<n>").
    std::string_view path =
        which == 2 ? FileLabel(batch.batch(), e, &scratch) : batch.batch().Path(e, which);
    if (path.empty()) {
      out[i++] = -1;
      continue;
    }
    auto [it, added] = index.try_emplace(std::string(path), static_cast<int32_t>(index.size()));
    if (added) {
      // Paths are bytes from the traced process; undecodable ones keep their bytes escaped.
      categories.append(py::reinterpret_steal<py::str>(
          PyUnicode_DecodeFSDefaultAndSize(path.data(), static_cast<py::ssize_t>(path.size()))));
    }
    out[i++] = it->second;
  }
  return py::make_tuple(codes, categories);
}

}  // namespace

void RegisterBatch(py::module_& m) {
  py::dtype dtype = MakeEventDtype();
  g_event_dtype = dtype.inc_ref().ptr();  // lives as long as the interpreter
  m.attr("EVENT_DTYPE") = dtype;
  m.attr("EVENT_FORMAT") = EventFormat();
  m.attr("EVENT_SIZE") = sizeof(Event);

  py::class_<PyBatch>(m, "Batch", py::buffer_protocol(),
                      "Events delivered together. Supports the buffer protocol "
                      "(np.asarray(batch) shares its memory).")
      .def_buffer(&BatchBuffer)
      .def("__len__", &PyBatch::size)
      .def_property_readonly("nbytes", [](const PyBatch& b) { return b.size() * sizeof(Event); })
      .def("paths", &BatchPaths, py::arg("which") = 0,
           "(codes, categories) of string `which` of every event (-1: none), for "
           "pandas.Categorical.from_codes: 0 the path the call names, 1 the new name of "
           "rename/link calls, 2 the file the call touched.")
      .def("to_numpy", &BatchArray,
           "Read-only numpy structured array (dtype EVENT_DTYPE) over the batch's memory; "
           "no copy. The array keeps the batch alive.")
      .def(
          "__array__",
          [](const py::object& self, const py::object& dtype, const py::object& /*copy*/) {
            py::array array = BatchArray(self);
            if (dtype.is_none()) return array;
            return py::reinterpret_steal<py::array>(array.attr("astype")(dtype).release());
          },
          py::arg("dtype") = py::none(), py::arg("copy") = py::none())
      .def(
          "to_pandas",
          [](const py::object& self, const py::object& columns) {
            return py::module_::import("ior._frame")
                .attr("frame_from_batches")(py::make_tuple(self), columns);
          },
          py::arg("columns") = py::none(),
          "pandas.DataFrame of the events (a copy; `columns`: only these), see "
          "ior.frame_from_batches().")
      .def("__repr__",
           [](const PyBatch& b) { return absl::StrCat("<ior.Batch of ", b.size(), " events>"); });
}

}  // namespace ior::python
