// The one definition of the DataFrame's columns: each column's name, in the default order, and
// how to make its builder (its kind, dtype and the event field it reads). ior/_frame.py
// documents them for Python users.
#ifndef IOR_BINDINGS_PYTHON_COLUMN_TABLE_H_
#define IOR_BINDINGS_PYTHON_COLUMN_TABLE_H_

#include <functional>
#include <memory>
#include <vector>

#include "column_kinds.h"

namespace ior::python {

struct ColumnDef {
  const char* name;
  std::function<std::unique_ptr<Column>()> make;
};

// Every column, in the default order.
const std::vector<ColumnDef>& ColumnTable();

}  // namespace ior::python

#endif  // IOR_BINDINGS_PYTHON_COLUMN_TABLE_H_
