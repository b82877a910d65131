// ior._ior.Batch: an ior::EventBatch moved out of the session (never copied). It exposes its
// contiguous ior::Event array through the buffer protocol and as a read-only numpy structured
// array whose base is the batch, so the array keeps the batch alive.
#ifndef IOR_BINDINGS_PYTHON_BATCH_H_
#define IOR_BINDINGS_PYTHON_BATCH_H_

#include <pybind11/pybind11.h>

#include <cstddef>
#include <utility>

#include "ior/event.h"

namespace ior::python {

class PyBatch {
 public:
  explicit PyBatch(EventBatch batch) : batch_(std::move(batch)) {}
  PyBatch(PyBatch&&) = default;

  const EventBatch& batch() const { return batch_; }
  size_t size() const { return batch_.size(); }

  // Never null, even for an empty batch (a buffer must point somewhere).
  const Event* data() const { return batch_.empty() ? &empty_ : batch_.events().data(); }

 private:
  EventBatch batch_;
  Event empty_{};
};

// Adds Batch and EVENT_DTYPE / EVENT_FORMAT / EVENT_SIZE to `m`. Call once, from the module
// init.
void RegisterBatch(pybind11::module_& m);

}  // namespace ior::python

#endif  // IOR_BINDINGS_PYTHON_BATCH_H_
