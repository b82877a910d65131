// ior._ior.FrameBuilder: the columns of a pandas DataFrame of events, built batch by batch in
// C++ so that a long trace never holds its events twice.
//
// Each Add() appends the batch's values to per-column chunks (64 Ki rows each) and the batch can
// go; strings (comm, syscall, file, paths, errno names) are interned once per builder and each
// row keeps a code, as a pandas Categorical stores them. Finish() turns the columns into numpy
// arrays one at a time, freeing each column's chunks as it is copied, so the peak beyond the
// final frame is one column. ior/_frame.py wraps the arrays into the DataFrame without copying.
//
// The columns, their dtypes and when they are missing are documented in ior/_frame.py; the
// table in column_table.cc is the one definition.
#ifndef IOR_BINDINGS_PYTHON_COLUMNS_H_
#define IOR_BINDINGS_PYTHON_COLUMNS_H_

#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ior/event.h"

namespace ior::python {

class Column;

class FrameBuilder {
 public:
  // `names`: the columns to build, in this order; empty: every column. Throws ValueError for
  // an unknown or repeated name.
  explicit FrameBuilder(const std::vector<std::string>& names);
  ~FrameBuilder();
  FrameBuilder(const FrameBuilder&) = delete;
  FrameBuilder& operator=(const FrameBuilder&) = delete;

  // Appends the events of `batch`. Does not need the GIL.
  void Add(const EventBatch& batch);
  // Appends bare events (a numpy array of EVENT_DTYPE): no strings, so the file and path
  // columns are missing. Does not need the GIL.
  void AddEvents(std::span<const Event> events);

  size_t rows() const { return rows_; }

  // [(name, kind, values, mask or None, categories or None)] in column order, where kind is
  // "values" (a plain numpy array), "datetime" (int64 ns since the Unix epoch), "nullable"
  // (values with a mask, True = missing) or "category" (codes, -1 = missing, and their
  // categories as str). Empties the builder. Needs the GIL.
  pybind11::list Finish();

 private:
  std::vector<std::string> names_;
  std::vector<std::unique_ptr<Column>> columns_;
  size_t rows_ = 0;
  int64_t boot_offset_ns_;  // read once, so that every row of a trace uses the same offset
};

// Every column name, in the default order.
std::vector<std::string> ColumnNames();

// Adds FrameBuilder and COLUMNS to `m`. Call once, from the module init, after RegisterBatch.
void RegisterColumns(pybind11::module_& m);

}  // namespace ior::python

#endif  // IOR_BINDINGS_PYTHON_COLUMNS_H_
