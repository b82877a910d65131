#include "event_dtype.h"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ior/event.h"

namespace ior::python {
namespace py = pybind11;
namespace {

static_assert(std::endian::native == std::endian::little, "the dtype below is little-endian");
static_assert(std::is_standard_layout_v<Event> && std::is_trivially_copyable_v<Event>);

struct FieldSpec {
  std::string name;
  size_t offset;
  size_t size;
  std::string pep3118;  // struct-module code with its count: "Q", "(6)Q", "16s"
  std::string numpy;    // numpy type string: "<u8", "(6,)<u8", "S16"
};

// The codes of a scalar field type; a compile error for a type the table does not know, so a
// change to ior::Event cannot silently produce a wrong dtype.
template <typename T>
std::pair<std::string, std::string> ScalarCodes() {
  if constexpr (std::is_same_v<T, uint64_t>) {
    return {"Q", "<u8"};
  } else if constexpr (std::is_same_v<T, int64_t>) {
    return {"q", "<i8"};
  } else if constexpr (std::is_same_v<T, uint32_t>) {
    return {"I", "<u4"};
  } else if constexpr (std::is_same_v<T, int32_t>) {
    return {"i", "<i4"};
  } else if constexpr (std::is_same_v<T, uint8_t>) {
    return {"B", "u1"};
  } else {
    static_assert(sizeof(T) == 0, "add this field type to ScalarCodes()");
  }
}

template <typename T>
std::pair<std::string, std::string> FieldCodes() {
  if constexpr (std::is_same_v<T, char[kCommLength]>) {
    return {absl::StrCat(kCommLength, "s"), absl::StrCat("S", kCommLength)};
  } else if constexpr (std::is_array_v<T>) {
    auto [pep, np] = ScalarCodes<std::remove_extent_t<T>>();
    const size_t n = std::extent_v<T>;
    return {absl::StrCat("(", n, ")", pep), absl::StrCat("(", n, ",)", np)};
  } else {
    return ScalarCodes<T>();
  }
}

template <typename T>
FieldSpec Field(const char* name, size_t offset) {
  auto [pep, np] = FieldCodes<T>();
  return FieldSpec{name, offset, sizeof(T), pep, np};
}

// Every member of ior::Event, in order: the ones numpy shows, and the reserved ones that
// become padding. The static_assert below fails when a member is added or removed without
// updating these lists.
#define IOR_EVENT_FIELDS(X) \
  X(enter_ns)               \
  X(latency_ns)             \
  X(gap_ns)                 \
  X(ret)                    \
  X(args)                   \
  X(bytes)                  \
  X(timeout_ns)             \
  X(length)                 \
  X(ino)                    \
  X(pid)                    \
  X(tid)                    \
  X(nr)                     \
  X(flags)                  \
  X(fd)                     \
  X(dirfd)                  \
  X(target_fd)              \
  X(nfds)                   \
  X(fds)                    \
  X(dev)                    \
  X(open_flags)             \
  X(mode)                   \
  X(epoll_events)           \
  X(socket_domain)          \
  X(socket_type)            \
  X(socket_protocol)        \
  X(family)                 \
  X(bytes_class)            \
  X(epoll_op)               \
  X(file_status)            \
  X(path_ref)               \
  X(file_ref)               \
  X(old_file_ref)           \
  X(fd_flags)               \
  X(file_ino)               \
  X(file_dev)               \
  X(comm)                   \
  X(cgroup_id)
#define IOR_EVENT_PADDING(X) X(reserved)
// NOLINTNEXTLINE(bugprone-macro-parentheses): one "+ size" term of the sum below
#define IOR_EVENT_SIZE_OF(member) +sizeof(Event::member)
static_assert(0 IOR_EVENT_FIELDS(IOR_EVENT_SIZE_OF)
                      IOR_EVENT_PADDING(IOR_EVENT_SIZE_OF) == sizeof(Event),
              "ior::Event changed: update IOR_EVENT_FIELDS / IOR_EVENT_PADDING");

const std::vector<FieldSpec>& EventFields() {
#define IOR_EVENT_FIELD_SPEC(member) \
  Field<decltype(Event::member)>(#member, offsetof(Event, member)),
  static const auto* const fields =
      new std::vector<FieldSpec>{IOR_EVENT_FIELDS(IOR_EVENT_FIELD_SPEC)};
#undef IOR_EVENT_FIELD_SPEC
  return *fields;
}

#undef IOR_EVENT_SIZE_OF
#undef IOR_EVENT_PADDING
#undef IOR_EVENT_FIELDS

}  // namespace

const std::string& EventFormat() {
  static const auto* const format = [] {
    std::string f = "T{<";
    size_t at = 0;
    for (const FieldSpec& field : EventFields()) {
      if (field.offset > at) absl::StrAppend(&f, field.offset - at, "x");
      absl::StrAppend(&f, field.pep3118, ":", field.name, ":");
      at = field.offset + field.size;
    }
    if (sizeof(Event) > at) absl::StrAppend(&f, sizeof(Event) - at, "x");
    f += "}";
    return new std::string(std::move(f));
  }();
  return *format;
}

py::dtype MakeEventDtype() {
  py::list names, formats, offsets;
  for (const FieldSpec& field : EventFields()) {
    names.append(field.name);
    formats.append(field.numpy);
    offsets.append(field.offset);
  }
  py::dict spec;
  spec["names"] = names;
  spec["formats"] = formats;
  spec["offsets"] = offsets;
  spec["itemsize"] = sizeof(Event);
  return py::reinterpret_steal<py::dtype>(
      py::module_::import("numpy").attr("dtype")(spec).release());
}

}  // namespace ior::python
