// FrameBuilder: the requested columns of the table (column_table.h), fed batch by batch and
// finished into (name, kind, values, mask, categories) tuples; and its Python class.
#include "columns.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "batch.h"
#include "column_table.h"
#include "ior/event_values.h"

namespace ior::python {
namespace py = pybind11;

std::vector<std::string> ColumnNames() {
  std::vector<std::string> names;
  for (const ColumnDef& def : ColumnTable()) names.emplace_back(def.name);
  return names;
}

FrameBuilder::FrameBuilder(const std::vector<std::string>& names)
    : boot_offset_ns_(BootClockOffsetNs()) {
  absl::flat_hash_map<absl::string_view, const ColumnDef*> by_name;
  for (const ColumnDef& def : ColumnTable()) by_name.emplace(def.name, &def);
  names_ = names.empty() ? ColumnNames() : names;
  absl::flat_hash_set<absl::string_view> seen;
  for (const std::string& name : names_) {
    auto it = by_name.find(name);
    if (it == by_name.end()) {
      throw py::value_error(
          absl::StrCat("unknown column '", name, "': see ior.COLUMNS for the columns there are"));
    }
    if (!seen.insert(name).second) {
      throw py::value_error(absl::StrCat("column '", name, "' is asked for twice"));
    }
    columns_.push_back(it->second->make());
  }
}

FrameBuilder::~FrameBuilder() = default;

void FrameBuilder::Add(const EventBatch& batch) {
  std::string scratch;
  const RowContext ctx{&batch, boot_offset_ns_, &scratch};
  for (auto& column : columns_) column->Append(ctx, batch.events());
  rows_ += batch.size();
}

void FrameBuilder::AddEvents(std::span<const Event> events) {
  std::string scratch;
  const RowContext ctx{nullptr, boot_offset_ns_, &scratch};
  for (auto& column : columns_) column->Append(ctx, events);
  rows_ += events.size();
}

py::list FrameBuilder::Finish() {
  py::list out;
  for (size_t i = 0; i < columns_.size(); ++i) {
    py::tuple parts = columns_[i]->Finish(rows_);
    out.append(py::make_tuple(names_[i], parts[0], parts[1], parts[2], parts[3]));
  }
  rows_ = 0;  // every column's chunks are gone
  return out;
}

void RegisterColumns(py::module_& m) {
  m.attr("COLUMNS") = py::tuple(py::cast(ColumnNames()));
  py::class_<FrameBuilder>(m, "FrameBuilder",
                           "Columns of a DataFrame of events, built batch by batch "
                           "(ior/_frame.py turns them into the DataFrame).")
      .def(py::init<const std::vector<std::string>&>(), py::arg("columns"))
      .def(
          "add",
          [](FrameBuilder& builder, const PyBatch& batch) {
            py::gil_scoped_release released;
            builder.Add(batch.batch());
          },
          py::arg("batch"))
      .def(
          "add_events",
          [](FrameBuilder& builder, const py::array& events) {
            if (events.itemsize() != static_cast<py::ssize_t>(sizeof(Event)) ||
                events.ndim() != 1 || (events.flags() & py::array::c_style) == 0) {
              throw py::type_error("expected a contiguous 1-d array of ior.EVENT_DTYPE");
            }
            std::span<const Event> span(static_cast<const Event*>(events.data()),
                                        static_cast<size_t>(events.shape(0)));
            py::gil_scoped_release released;
            builder.AddEvents(span);
          },
          py::arg("events"))
      .def_property_readonly("rows", &FrameBuilder::rows)
      .def("finish", &FrameBuilder::Finish);
}

}  // namespace ior::python
