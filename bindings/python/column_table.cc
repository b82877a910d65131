// The column table: the getter of every DataFrame column (column_table.h).
#include "column_table.h"

#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "batch.h"
#include "ior/event_values.h"
#include "ior/file_label.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"

namespace ior::python {
namespace {

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

}  // namespace

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

}  // namespace ior::python
