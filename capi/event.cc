// ior_event.h: the C event made from the core's, batches, syscall and family names.
#include "ior/event.h"

#include <sys/sysmacros.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <optional>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "capi_internal.h"
#include "ior/ior_error.h"
#include "ior/ior_event.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"

// The released layout of the public C event; tests/abi checks the same numbers from C.
static_assert(sizeof(ior_event) == 184);
static_assert(offsetof(ior_event, enter_ns) == 8 && offsetof(ior_event, args) == 40);
static_assert(offsetof(ior_event, pid) == 88 && offsetof(ior_event, comm) == 104);
static_assert(offsetof(ior_event, bytes) == 120 && offsetof(ior_event, file) == 128);
static_assert(offsetof(ior_event, fd) == 160 && offsetof(ior_event, family) == 168);
static_assert(offsetof(ior_event, cgroup_id) == 176);
static_assert(static_cast<int>(ior::FileStatus::kIdentity) == IOR_FILE_IDENTITY &&
              static_cast<int>(ior::BytesClass::kTransfer) == IOR_BYTES_TRANSFER);
static_assert(IOR_EVENT_ARGS == ior::kEventArgs && IOR_COMM_LEN == ior::kCommLength);
static_assert(IOR_EVENT_NO_RETURN == ior::kEventNoReturn);
static_assert(IOR_EVENT_FIRST_ON_THREAD == ior::kEventFirstOnThread);

namespace ior::capi {
namespace {

// A kernel-internal device number (major << 20 | minor) as stat(2)'s st_dev has it.
uint64_t UserDevice(uint32_t kernel_dev) {
  return kernel_dev == 0 ? 0 : makedev(kernel_dev >> 20, kernel_dev & 0xfffffu);
}

const char* Borrowed(std::string_view s) { return s.empty() ? nullptr : s.data(); }

}  // namespace

// Field by field: the C event is a stable subset of ior::Event, which may grow or reorder.
// Its strings are borrowed from `batch`, which holds `in`.
void ToC(const EventBatch& batch, const Event& in, ior_event* out) {
  *out = ior_event{};
  out->size = sizeof(ior_event);
  out->type = IOR_EVENT_SYSCALL;
  out->enter_ns = in.enter_ns;
  out->latency_ns = in.latency_ns;
  out->gap_ns = in.gap_ns;
  out->ret = in.ret;
  std::copy(std::begin(in.args), std::end(in.args), out->args);
  out->pid = in.pid;
  out->tid = in.tid;
  out->nr = in.nr;
  out->flags = in.flags;
  std::memcpy(out->comm, in.comm, sizeof(out->comm));
  out->comm[sizeof(out->comm) - 1] = '\0';
  out->bytes = in.bytes;
  // EventBatch strings are NUL-terminated in place (see EventBatch::String).
  out->file = Borrowed(batch.File(in));
  out->old_file = Borrowed(batch.OldFile(in));
  out->file_ino = in.file_ino;
  out->file_dev = UserDevice(in.file_dev);
  out->fd = in.fd;
  out->open_flags = in.open_flags;
  out->family = in.family;
  out->file_status = in.file_status;
  out->bytes_class = in.bytes_class;
  out->cgroup_id = in.cgroup_id;
}

}  // namespace ior::capi

using ior::capi::Fail;

extern "C" {

IOR_API size_t ior_batch_size(const ior_batch* batch) {
  return batch == nullptr ? 0 : batch->events.size();
}

IOR_API const ior_event* ior_batch_event(const ior_batch* batch, size_t i) {
  if (batch == nullptr || i >= batch->events.size()) return nullptr;
  return &batch->events[i];
}

IOR_API void ior_batch_free(ior_batch* batch) { delete batch; }

IOR_API const char* ior_family_name(uint32_t family) {
  if (family >= static_cast<uint32_t>(ior::kFamilyCount)) return nullptr;
  // The core's names are string literals: NUL-terminated and static.
  return ior::FamilyName(static_cast<ior::Family>(family)).data();
}

IOR_API const char* ior_syscall_name(uint32_t nr) {
  try {
    // The core's table holds string literals, so the view is NUL-terminated and static.
    std::string_view name = ior::KnownSyscallName(nr);
    return name.empty() ? nullptr : name.data();
  } catch (...) {
    return nullptr;  // the table could not be built (out of memory)
  }
}

IOR_API int ior_syscall_number(const char* name) {
  IOR_CAPI_TRY
  if (name == nullptr) return Fail(-EINVAL, "ior_syscall_number: name is NULL");
  std::optional<uint32_t> nr = ior::SyscallNumber(name);
  if (!nr.has_value()) return Fail(-ENOENT, absl::StrCat("unknown syscall '", name, "'"));
  return static_cast<int>(*nr);
  IOR_CAPI_CATCH
}

}  // extern "C"
