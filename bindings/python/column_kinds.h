// The kinds of DataFrame column FrameBuilder builds: a number per row (ValueColumn, optionally
// with a missing-value mask), interned strings (StringColumn) and small named keys
// (KeyedColumn), each appending a batch's rows and finishing into numpy arrays. Which event
// field goes into which column is the table's job (column_table.h).
#ifndef IOR_BINDINGS_PYTHON_COLUMN_KINDS_H_
#define IOR_BINDINGS_PYTHON_COLUMN_KINDS_H_

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "column_chunks.h"
#include "ior/event.h"

namespace ior::python {
namespace py = pybind11;

// What a column's getter sees of the batch being added.
struct RowContext {
  const EventBatch* batch;  // null for bare events: no strings
  int64_t boot_offset_ns;
  std::string* scratch;
};

class Column {
 public:
  virtual ~Column() = default;
  virtual void Append(const RowContext& ctx, std::span<const Event> events) = 0;
  // (kind, values, mask or None, categories or None) of `rows` rows; frees the column's chunks.
  virtual py::tuple Finish(size_t rows) = 0;
};

// A number per row: `get(ctx, event, &value)` returns false when the value is missing (a
// nullable column then masks the row; a plain column never has missing values).
template <typename T>
class ValueColumn : public Column {
 public:
  using Getter = bool (*)(const RowContext&, const Event&, T*);
  ValueColumn(const char* kind, bool nullable, Getter get)
      : kind_(kind), nullable_(nullable), get_(get) {}

  void Append(const RowContext& ctx, std::span<const Event> events) override {
    for (const Event& e : events) {
      T value{};
      const bool present = get_(ctx, e, &value);
      values_.Push(static_cast<Stored>(present ? value : T{}));
      if (nullable_) missing_.Push(present ? 0 : 1);
    }
  }

  py::tuple Finish(size_t rows) override {
    py::array_t<T> values(static_cast<py::ssize_t>(rows));
    values_.MoveTo(reinterpret_cast<Stored*>(values.mutable_data()));
    py::object mask = py::none();
    if (nullable_) {
      py::array_t<bool> m(static_cast<py::ssize_t>(rows));
      missing_.MoveTo(reinterpret_cast<uint8_t*>(m.mutable_data()));
      mask = std::move(m);
    }
    return py::make_tuple(kind_, std::move(values), std::move(mask), py::none());
  }

 private:
  const char* kind_;
  bool nullable_;
  Getter get_;
  using Stored = std::conditional_t<std::is_same_v<T, bool>, uint8_t, T>;
  Chunks<Stored> values_;
  Chunks<uint8_t> missing_;  // 1 = missing; numpy's bool is one byte
};

// Codes into categories, with the narrowest code type pandas would pick itself
// (pandas.core.dtypes.cast.coerce_indexer_dtype), so that pandas keeps the array as it is.
inline py::array NarrowCodes(Chunks<int32_t>& codes, size_t rows, size_t categories) {
  const auto n = static_cast<py::ssize_t>(rows);
  if (categories < 127) {
    py::array_t<int8_t> out(n);
    codes.MoveTo(out.mutable_data());
    return out;
  }
  if (categories < 32767) {
    py::array_t<int16_t> out(n);
    codes.MoveTo(out.mutable_data());
    return out;
  }
  py::array_t<int32_t> out(n);
  codes.MoveTo(out.mutable_data());
  return out;
}

// Strings from the traced processes (comm, file, paths), interned: each distinct string is kept
// once, as bytes, and decoded as os.fsdecode() does when the column is finished. An empty
// string is a missing value.
class StringColumn : public Column {
 public:
  using Getter = std::string_view (*)(const RowContext&, const Event&);
  explicit StringColumn(Getter get) : get_(get) {}

  void Append(const RowContext& ctx, std::span<const Event> events) override {
    for (const Event& e : events) {
      const std::string_view s = get_(ctx, e);
      if (s.empty()) {
        codes_.Push(-1);
        continue;
      }
      auto it = index_.find(absl::string_view(s.data(), s.size()));
      if (it == index_.end()) {
        it = index_.emplace(std::string(s), static_cast<int32_t>(index_.size())).first;
      }
      codes_.Push(it->second);
    }
  }

  py::tuple Finish(size_t rows) override {
    py::list categories(index_.size());
    for (const auto& [s, code] : index_) {
      categories[static_cast<size_t>(code)] = py::reinterpret_steal<py::str>(
          PyUnicode_DecodeFSDefaultAndSize(s.data(), static_cast<py::ssize_t>(s.size())));
    }
    py::array codes = NarrowCodes(codes_, rows, index_.size());
    index_.clear();
    return py::make_tuple("category", std::move(codes), py::none(), std::move(categories));
  }

 private:
  Getter get_;
  Chunks<int32_t> codes_;
  absl::flat_hash_map<std::string, int32_t> index_;
};

// Small integer keys with names (syscall numbers, errnos, enumerations): `get` returns false
// for a missing value; `name(key)` names a key the first time it is seen. `fixed` keys are
// categories from the start, in that order, so that every frame has the same categories.
class KeyedColumn : public Column {
 public:
  using Getter = bool (*)(const RowContext&, const Event&, uint32_t*);
  using Namer = std::string (*)(uint32_t);
  KeyedColumn(Getter get, Namer name, const std::vector<uint32_t>& fixed = {})
      : get_(get), name_(name) {
    for (uint32_t key : fixed) Code(key);
  }

  void Append(const RowContext& ctx, std::span<const Event> events) override {
    for (const Event& e : events) {
      uint32_t key = 0;
      codes_.Push(get_(ctx, e, &key) ? Code(key) : -1);
    }
  }

  py::tuple Finish(size_t rows) override {
    py::list categories;
    for (const std::string& name : names_) categories.append(py::str(name));
    py::array codes = NarrowCodes(codes_, rows, names_.size());
    return py::make_tuple("category", std::move(codes), py::none(), std::move(categories));
  }

 private:
  int32_t Code(uint32_t key) {
    auto [it, added] = index_.try_emplace(key, static_cast<int32_t>(names_.size()));
    if (added) names_.push_back(name_(key));
    return it->second;
  }

  Getter get_;
  Namer name_;
  Chunks<int32_t> codes_;
  absl::flat_hash_map<uint32_t, int32_t> index_;
  std::vector<std::string> names_;
};

}  // namespace ior::python

#endif  // IOR_BINDINGS_PYTHON_COLUMN_KINDS_H_
