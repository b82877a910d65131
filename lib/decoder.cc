#include "decoder.h"

#include <cstring>
#include <string>
#include <string_view>

#include "event_fields.h"
#include "file_tracker.h"
#include "ior_wire.h"

namespace ior::internal {

static_assert(sizeof(ior_wire_hdr) == 8);
static_assert(sizeof(ior_wire_syscall) == 144);
static_assert(sizeof(ior_wire_fork) == 40);
static_assert(sizeof(ior_wire_task) == 40);
static_assert(IOR_WIRE_COMM_LEN == kCommLength);
static_assert(IOR_WIRE_ARGS == kEventArgs);

namespace {

// The NUL-free prefix of the string of `len` bytes (NUL included) at `p`.
std::string_view WireString(const char* p, size_t len) {
  return std::string_view(p, strnlen(p, len));
}

}  // namespace

DecodeResult Decoder::Decode(const void* data, size_t size, Event* out, EventBatch* batch) {
  ior_wire_hdr hdr;
  if (size < sizeof(hdr)) {
    ++malformed_;
    return DecodeResult::kMalformed;
  }
  std::memcpy(&hdr, data, sizeof(hdr));
  switch (hdr.type) {
    case IOR_WIRE_SYSCALL: {
      if (size < sizeof(ior_wire_syscall) || hdr.size > size) break;
      const auto* rec = static_cast<const ior_wire_syscall*>(data);
      size_t strings = size_t{rec->str_len[0]} + rec->str_len[1];
      if (rec->str_len[0] > IOR_WIRE_STR_MAX || rec->str_len[1] > IOR_WIRE_STR_MAX ||
          sizeof(ior_wire_syscall) + strings > hdr.size) {
        break;
      }
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
      if (hdr.flags & (IOR_WIRE_F_STR0_FAULT | IOR_WIRE_F_STR1_FAULT)) {
        out->flags |= kEventPathFault;
      }
      if (hdr.flags & (IOR_WIRE_F_STR0_RETRIED | IOR_WIRE_F_STR1_RETRIED)) {
        out->flags |= kEventPathRetried;
      }
      DecodeNamedFields(rec->mem, (hdr.flags & IOR_WIRE_F_MEM) != 0, out);
      const char* tail = reinterpret_cast<const char*>(rec + 1);
      out->path_ref[0] = rec->str_len[0] ? batch->AddString(WireString(tail, rec->str_len[0])) : 0;
      out->path_ref[1] = rec->str_len[1]
                             ? batch->AddString(WireString(tail + rec->str_len[0], rec->str_len[1]))
                             : 0;
      out->reserved = 0;
      std::memcpy(out->ino, rec->ino, sizeof(out->ino));
      std::memcpy(out->dev, rec->dev, sizeof(out->dev));
      out->file_ref = 0;
      if (files_ != nullptr) {
        const FileIdentity ids[2] = {{rec->ino[0], rec->dev[0]}, {rec->ino[1], rec->dev[1]}};
        std::string file = files_->Resolve(*out, batch->Path(*out, 0), batch->Path(*out, 1), ids);
        if (!file.empty()) out->file_ref = batch->AddString(file);
      } else if (out->path_ref[0] != 0 && out->path_ref[1] == 0) {
        out->file_ref = out->path_ref[0];  // the path the call names
      } else if (out->path_ref[0] != 0) {
        std::string file(batch->Path(*out, 0));
        file.append(" -> ").append(batch->Path(*out, 1));
        out->file_ref = batch->AddString(file);
      }
      std::memcpy(out->comm, comms_->Lookup(rec->pid, rec->tid).data(), kCommLength);
      return DecodeResult::kEvent;
    }
    case IOR_WIRE_EXEC:
    case IOR_WIRE_TASK:
    case IOR_WIRE_RENAME:
    case IOR_WIRE_EXIT: {
      if (size < sizeof(ior_wire_task) || hdr.size != sizeof(ior_wire_task)) break;
      const auto* rec = static_cast<const ior_wire_task*>(data);
      std::string_view comm(rec->comm, strnlen(rec->comm, sizeof(rec->comm)));
      if (hdr.type == IOR_WIRE_EXIT) {
        if (files_ != nullptr) files_->OnExit(rec->pid, hdr.flags & IOR_WIRE_F_GROUP_DEAD);
        return DecodeResult::kControl;
      }
      comms_->Update(rec->pid, rec->tid, comm);
      if (hdr.type == IOR_WIRE_EXEC && files_ != nullptr) files_->OnExec(rec->pid);
      return DecodeResult::kControl;
    }
    case IOR_WIRE_FORK: {
      if (size < sizeof(ior_wire_fork) || hdr.size != sizeof(ior_wire_fork)) break;
      const auto* rec = static_cast<const ior_wire_fork*>(data);
      // A new task runs under its creator's name until it says otherwise (exec, rename).
      Comm parent = comms_->Lookup(rec->pid, rec->tid);
      comms_->Update(rec->child_pid, rec->child_tid, std::string_view(parent.data()));
      if (files_ != nullptr) files_->OnFork(rec->pid, rec->child_pid, rec->clone_flags);
      return DecodeResult::kControl;
    }
    default:
      break;
  }
  ++malformed_;
  return DecodeResult::kMalformed;
}

}  // namespace ior::internal
