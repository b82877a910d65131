#include "decoder.h"

#include <cstring>
#include <string_view>

#include "ior_wire.h"

namespace ior::internal {

static_assert(sizeof(ior_wire_hdr) == 8);
static_assert(sizeof(ior_wire_syscall) == 104);
static_assert(sizeof(ior_wire_task) == 40);
static_assert(IOR_WIRE_COMM_LEN == kCommLength);
static_assert(IOR_WIRE_ARGS == kEventArgs);

DecodeResult Decoder::Decode(const void* data, size_t size, Event* out) {
  ior_wire_hdr hdr;
  if (size < sizeof(hdr)) {
    ++malformed_;
    return DecodeResult::kMalformed;
  }
  std::memcpy(&hdr, data, sizeof(hdr));
  switch (hdr.type) {
    case IOR_WIRE_SYSCALL: {
      if (size < sizeof(ior_wire_syscall) || hdr.size != sizeof(ior_wire_syscall)) break;
      const auto* rec = static_cast<const ior_wire_syscall*>(data);
      out->enter_ns = rec->enter_ns;
      out->latency_ns = rec->latency_ns;
      out->gap_ns = rec->gap_ns;
      out->ret = rec->ret;
      std::memcpy(out->args, rec->args, sizeof(out->args));
      out->pid = rec->pid;
      out->tid = rec->tid;
      out->nr = rec->nr;
      out->flags = 0;
      if (hdr.flags & IOR_WIRE_F_NORETURN) out->flags |= kEventNoReturn;
      if (hdr.flags & IOR_WIRE_F_FIRST_ON_TID) out->flags |= kEventFirstOnThread;
      std::memcpy(out->comm, comms_->Lookup(rec->pid, rec->tid).data(), kCommLength);
      return DecodeResult::kEvent;
    }
    case IOR_WIRE_EXEC:
    case IOR_WIRE_TASK:
    case IOR_WIRE_RENAME: {
      if (size < sizeof(ior_wire_task) || hdr.size != sizeof(ior_wire_task)) break;
      const auto* rec = static_cast<const ior_wire_task*>(data);
      comms_->Update(rec->pid, rec->tid,
                     std::string_view(rec->comm, strnlen(rec->comm, sizeof(rec->comm))));
      return DecodeResult::kControl;
    }
    default:
      break;
  }
  ++malformed_;
  return DecodeResult::kMalformed;
}

}  // namespace ior::internal
