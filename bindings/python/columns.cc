#include "columns.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <sys/mman.h>

#include <cstring>
#include <functional>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "batch.h"
#include "ior/event_values.h"
#include "ior/file_label.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"

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

namespace {

// Rows per chunk: big enough that the per-chunk overhead vanishes, small enough that the last,
// partly filled chunk of each column wastes little (reserved pages are not resident).
constexpr size_t kChunkRows = size_t{1} << 16;

// Values appended in chunks, moved out into one array at the end. (No bools: they are stored
// as uint8_t, the layout numpy's bool has, not as std::vector<bool>'s bits.)
//
// Chunks are mapped and unmapped directly rather than malloc'd: Finish() frees a column's
// chunks while it allocates the next arrays, and freed malloc memory mostly stays in the heap
// (glibc raises its mmap threshold after the first large free), which would keep every chunk
// resident next to the frame at the peak.
template <typename T>
class Chunks {
  static_assert(!std::is_same_v<T, bool>);

 public:
  Chunks() = default;
  ~Chunks() {
    for (T* chunk : chunks_) Unmap(chunk);
  }
  Chunks(const Chunks&) = delete;
  Chunks& operator=(const Chunks&) = delete;

  void Push(T value) {
    if (chunks_.empty() || used_ == kChunkRows) {
      chunks_.push_back(Map());
      used_ = 0;
    }
    chunks_.back()[used_++] = value;
  }

  // Copies every value to `out`, converted to Out, and frees the chunks as it goes.
  template <typename Out>
  void MoveTo(Out* out) {
    for (size_t i = 0; i < chunks_.size(); ++i) {
      const size_t n = i + 1 == chunks_.size() ? used_ : kChunkRows;
      if constexpr (std::is_same_v<Out, T>) {
        std::memcpy(out, chunks_[i], n * sizeof(T));
        out += n;
      } else {
        for (size_t k = 0; k < n; ++k) *out++ = static_cast<Out>(chunks_[i][k]);
      }
      Unmap(chunks_[i]);
    }
    chunks_.clear();
    used_ = 0;
  }

 private:
  static constexpr size_t kBytes = kChunkRows * sizeof(T);

  static T* Map() {
    void* p = mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  static void Unmap(T* chunk) { munmap(chunk, kBytes); }

  std::vector<T*> chunks_;
  size_t used_ = 0;  // values in the last chunk
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
py::array NarrowCodes(Chunks<int32_t>& codes, size_t rows, size_t categories) {
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

// ---------------------------------------------------------------------------------------------
// The column table.

template <typename T>
using ValueGetter = typename ValueColumn<T>::Getter;

template <typename T>
std::unique_ptr<Column> Plain(ValueGetter<T> get) {
  return std::make_unique<ValueColumn<T>>("values", false, get);
}
template <typename T>
std::unique_ptr<Column> Nullable(ValueGetter<T> get) {
  return std::make_unique<ValueColumn<T>>("nullable", true, get);
}
std::unique_ptr<Column> Strings(StringColumn::Getter get) {
  return std::make_unique<StringColumn>(get);
}

// A descriptor, missing when the event has none.
bool Fd(int32_t fd, int32_t* out) {
  *out = fd;
  return fd != kNoFd;
}
// An identity number, missing when 0 (none or unreadable).
bool NonZero(uint64_t v, uint64_t* out) {
  *out = v;
  return v != 0;
}
bool StDev(uint32_t dev, uint64_t* out) {
  *out = StatDev(dev);
  return dev != 0;
}
bool NoReturn(const Event& e) { return (e.flags & kEventNoReturn) != 0; }

std::string_view BatchPath(const RowContext& c, const Event& e, int which) {
  return c.batch != nullptr ? c.batch->Path(e, which) : std::string_view();
}

std::string SyscallNameOf(uint32_t nr) { return SyscallName(nr); }

std::vector<uint32_t> Range(uint32_t n) {
  std::vector<uint32_t> keys(n);
  for (uint32_t i = 0; i < n; ++i) keys[i] = i;
  return keys;
}

struct ColumnDef {
  const char* name;
  std::function<std::unique_ptr<Column>()> make;
};

#define IOR_ARG_COLUMN(i)                                                         \
  ColumnDef {                                                                     \
    "arg" #i, [] {                                                                \
      return Plain<uint64_t>([](const RowContext&, const Event& e, uint64_t* v) { \
        *v = e.args[i];                                                           \
        return true;                                                              \
      });                                                                         \
    }                                                                             \
  }

const std::vector<ColumnDef>& ColumnTable() {
  using C = const RowContext&;
  using E = const Event&;
  static const auto* const table = new std::vector<ColumnDef>{
      {"time",
       [] {
         return std::make_unique<ValueColumn<int64_t>>("datetime", false, [](C c, E e, int64_t* v) {
           *v = static_cast<int64_t>(e.enter_ns) + c.boot_offset_ns;
           return true;
         });
       }},
      {"enter_ns",
       [] {
         return Plain<int64_t>([](C, E e, int64_t* v) {
           *v = static_cast<int64_t>(e.enter_ns);
           return true;
         });
       }},
      {"latency_ns",
       [] {
         return Plain<int64_t>([](C, E e, int64_t* v) {
           *v = static_cast<int64_t>(e.latency_ns);
           return true;
         });
       }},
      {"gap_ns",
       [] {
         return Nullable<int64_t>([](C, E e, int64_t* v) {
           *v = static_cast<int64_t>(e.gap_ns);
           return (e.flags & kEventFirstOnThread) == 0;
         });
       }},
      {"ret",
       [] {
         return Nullable<int64_t>([](C, E e, int64_t* v) {
           *v = e.ret;
           return !NoReturn(e);
         });
       }},
      {"errno",
       [] {
         return std::make_unique<KeyedColumn>(
             [](C, E e, uint32_t* key) {
               if (NoReturn(e) || !IsErrorReturn(e.ret)) return false;
               *key = static_cast<uint32_t>(-e.ret);
               return true;
             },
             [](uint32_t err) {
               std::string_view name = ErrnoName(static_cast<int>(err));
               return name.empty() ? absl::StrCat("E", err) : std::string(name);
             });
       }},
      {"pid",
       [] {
         return Plain<int32_t>([](C, E e, int32_t* v) {
           *v = static_cast<int32_t>(e.pid);
           return true;
         });
       }},
      {"tid",
       [] {
         return Plain<int32_t>([](C, E e, int32_t* v) {
           *v = static_cast<int32_t>(e.tid);
           return true;
         });
       }},
      {"comm",
       [] {
         return Strings(
             [](C, E e) { return std::string_view(e.comm, strnlen(e.comm, kCommLength)); });
       }},
      {"syscall",
       [] {
         return std::make_unique<KeyedColumn>(
             [](C, E e, uint32_t* key) {
               *key = e.nr;
               return true;
             },
             &SyscallNameOf);
       }},
      {"nr",
       [] {
         return Plain<int32_t>([](C, E e, int32_t* v) {
           *v = static_cast<int32_t>(e.nr);
           return true;
         });
       }},
      {"family",
       [] {
         return std::make_unique<KeyedColumn>(
             [](C, E e, uint32_t* key) {
               *key = e.family;
               return e.family < kFamilyCount;
             },
             [](uint32_t f) { return std::string(FamilyName(static_cast<Family>(f))); },
             Range(static_cast<uint32_t>(kFamilyCount)));
       }},
      {"file",
       [] {
         return Strings([](C c, E e) {
           return c.batch != nullptr ? FileLabel(*c.batch, e, c.scratch) : std::string_view();
         });
       }},
      {"file_status",
       [] {
         return std::make_unique<KeyedColumn>(
             [](C, E e, uint32_t* key) {
               *key = e.file_status;
               return true;
             },
             [](uint32_t s) { return std::string(FileStatusName(static_cast<uint8_t>(s))); },
             Range(static_cast<uint32_t>(FileStatus::kIdentity) + 1));
       }},
      {"path", [] { return Strings([](C c, E e) { return BatchPath(c, e, 0); }); }},
      {"path2", [] { return Strings([](C c, E e) { return BatchPath(c, e, 1); }); }},
      {"old_file",
       [] {
         return Strings([](C c, E e) {
           return c.batch != nullptr ? c.batch->OldFile(e) : std::string_view();
         });
       }},
      {"bytes",
       [] {
         return Plain<int64_t>([](C, E e, int64_t* v) {
           *v = static_cast<int64_t>(e.bytes);
           return true;
         });
       }},
      {"bytes_class",
       [] {
         return std::make_unique<KeyedColumn>(
             [](C, E e, uint32_t* key) {
               *key = e.bytes_class;
               return e.bytes_class <= static_cast<uint8_t>(BytesClass::kTransfer);
             },
             [](uint32_t b) { return std::string(BytesClassName(static_cast<BytesClass>(b))); },
             Range(static_cast<uint32_t>(BytesClass::kTransfer) + 1));
       }},
      {"length",
       [] {
         return Plain<int64_t>([](C, E e, int64_t* v) {
           *v = static_cast<int64_t>(e.length);
           return true;
         });
       }},
      {"timeout_ns",
       [] {
         return Nullable<int64_t>([](C, E e, int64_t* v) {
           *v = e.timeout_ns;
           return e.timeout_ns != kTimeoutNone;
         });
       }},
      {"fd", [] { return Nullable<int32_t>([](C, E e, int32_t* v) { return Fd(e.fd, v); }); }},
      {"dirfd",
       [] { return Nullable<int32_t>([](C, E e, int32_t* v) { return Fd(e.dirfd, v); }); }},
      {"target_fd",
       [] { return Nullable<int32_t>([](C, E e, int32_t* v) { return Fd(e.target_fd, v); }); }},
      {"nfds",
       [] {
         return Plain<int32_t>([](C, E e, int32_t* v) {
           *v = e.nfds;
           return true;
         });
       }},
      {"fds0",
       [] { return Nullable<int32_t>([](C, E e, int32_t* v) { return Fd(e.fds[0], v); }); }},
      {"fds1",
       [] { return Nullable<int32_t>([](C, E e, int32_t* v) { return Fd(e.fds[1], v); }); }},
      {"open_flags",
       [] {
         return Plain<uint32_t>([](C, E e, uint32_t* v) {
           *v = e.open_flags;
           return true;
         });
       }},
      {"fd_flags",
       [] {
         return Plain<uint32_t>([](C, E e, uint32_t* v) {
           *v = e.fd_flags;
           return true;
         });
       }},
      {"mode",
       [] {
         return Plain<uint32_t>([](C, E e, uint32_t* v) {
           *v = e.mode;
           return true;
         });
       }},
      {"epoll_op",
       [] {
         return std::make_unique<KeyedColumn>(
             [](C, E e, uint32_t* key) {
               *key = e.epoll_op;
               return e.epoll_op >= 1 && e.epoll_op <= 3;
             },
             [](uint32_t op) { return std::string(EpollOpName(static_cast<uint8_t>(op))); },
             std::vector<uint32_t>{1, 2, 3});
       }},
      {"epoll_events",
       [] {
         return Plain<uint32_t>([](C, E e, uint32_t* v) {
           *v = e.epoll_events;
           return true;
         });
       }},
      {"socket_domain",
       [] {
         return Plain<int32_t>([](C, E e, int32_t* v) {
           *v = e.socket_domain;
           return true;
         });
       }},
      {"socket_type",
       [] {
         return Plain<int32_t>([](C, E e, int32_t* v) {
           *v = e.socket_type;
           return true;
         });
       }},
      {"socket_protocol",
       [] {
         return Plain<int32_t>([](C, E e, int32_t* v) {
           *v = e.socket_protocol;
           return true;
         });
       }},
      {"file_ino",
       [] {
         return Nullable<uint64_t>([](C, E e, uint64_t* v) { return NonZero(e.file_ino, v); });
       }},
      {"file_dev",
       [] { return Nullable<uint64_t>([](C, E e, uint64_t* v) { return StDev(e.file_dev, v); }); }},
      {"cgroup_id",
       [] {
         return Nullable<uint64_t>([](C, E e, uint64_t* v) { return NonZero(e.cgroup_id, v); });
       }},
      {"ino0",
       [] { return Nullable<uint64_t>([](C, E e, uint64_t* v) { return NonZero(e.ino[0], v); }); }},
      {"ino1",
       [] { return Nullable<uint64_t>([](C, E e, uint64_t* v) { return NonZero(e.ino[1], v); }); }},
      {"dev0",
       [] { return Nullable<uint64_t>([](C, E e, uint64_t* v) { return StDev(e.dev[0], v); }); }},
      {"dev1",
       [] { return Nullable<uint64_t>([](C, E e, uint64_t* v) { return StDev(e.dev[1], v); }); }},
      IOR_ARG_COLUMN(0),
      IOR_ARG_COLUMN(1),
      IOR_ARG_COLUMN(2),
      IOR_ARG_COLUMN(3),
      IOR_ARG_COLUMN(4),
      IOR_ARG_COLUMN(5),
      {"event_flags",
       [] {
         return Plain<uint32_t>([](C, E e, uint32_t* v) {
           *v = e.flags;
           return true;
         });
       }},
      {"no_return",
       [] {
         return Plain<bool>([](C, E e, bool* v) {
           *v = NoReturn(e);
           return true;
         });
       }},
  };
  return *table;
}

#undef IOR_ARG_COLUMN

}  // namespace

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
