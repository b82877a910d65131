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
static_assert(sizeof(ior_wire_task) == 48);
static_assert(sizeof(ior_wire_cwd) == 40);
static_assert(sizeof(ior_wire_sock) == 296);
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
      if (Foreign(rec->pid, rec->tid)) {
        return hdr.flags & IOR_WIRE_F_CONTROL ? DecodeResult::kControl : DecodeResult::kForeign;
      }
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
      const std::string_view s0 = rec->str_len[0] ? WireString(tail, rec->str_len[0]) : "";
      const std::string_view s1 =
          rec->str_len[1] ? WireString(tail + rec->str_len[0], rec->str_len[1]) : "";
      std::memcpy(out->ino, rec->ino, sizeof(out->ino));
      std::memcpy(out->dev, rec->dev, sizeof(out->dev));
      const FileIdentity ids[2] = {{rec->ino[0], rec->dev[0]}, {rec->ino[1], rec->dev[1]}};
      if (hdr.flags & IOR_WIRE_F_CONTROL) {
        // A call the tracker needs but the user did not select: it updates the tables, it is
        // no row, and its strings stay out of the batch.
        if (files_ != nullptr) files_->Resolve(*out, s0, s1, ids);
        return DecodeResult::kControl;
      }
      out->path_ref[0] = s0.empty() ? 0 : batch->AddString(s0);
      out->path_ref[1] = s1.empty() ? 0 : batch->AddString(s1);
      out->file_status = static_cast<uint8_t>(FileStatus::kNone);
      out->file_ref = 0;
      out->old_file_ref = 0;
      out->fd_flags = 0;
      out->file_ino = 0;
      out->file_dev = 0;
      out->reserved = 0;
      if (files_ != nullptr) {
        const ResolvedFile file = files_->Resolve(*out, s0, s1, ids);
        // The common case, an absolute path named by the call, shares the path's string.
        out->file_ref = file.name.empty()             ? 0
                        : file.name == s0 && s0 != "" ? out->path_ref[0]
                                                      : batch->AddString(file.name);
        out->old_file_ref = file.old_name.empty() ? 0 : batch->AddString(file.old_name);
        out->file_status = static_cast<uint8_t>(file.status);
        out->fd_flags = file.fd_flags;
        out->file_ino = file.id.ino;
        out->file_dev = file.id.dev;
      } else if (out->path_ref[0] != 0) {
        // No tracking: the paths as the call named them.
        const bool two = out->path_ref[1] != 0;
        out->file_ref = two ? out->path_ref[1] : out->path_ref[0];
        out->old_file_ref = two ? out->path_ref[0] : 0;
        out->file_status =
            static_cast<uint8_t>(s0[0] == '/' ? FileStatus::kPath : FileStatus::kRelative);
      }
      const TaskInfo& task = comms_->Lookup(rec->pid, rec->tid);
      std::memcpy(out->comm, task.comm.data(), kCommLength);
      out->cgroup_id = task.cgroup_id;
      return DecodeResult::kEvent;
    }
    case IOR_WIRE_EXEC:
    case IOR_WIRE_TASK:
    case IOR_WIRE_RENAME:
    case IOR_WIRE_EXIT: {
      if (size < sizeof(ior_wire_task) || hdr.size != sizeof(ior_wire_task)) break;
      const auto* rec = static_cast<const ior_wire_task*>(data);
      std::string_view comm(rec->comm, strnlen(rec->comm, sizeof(rec->comm)));
      const bool foreign = Foreign(rec->pid, rec->tid);
      if (hdr.type == IOR_WIRE_EXIT) {
        const bool group_dead = (hdr.flags & IOR_WIRE_F_GROUP_DEAD) != 0;
        if (foreign_ != nullptr) foreign_->OnExit(rec->pid, rec->tid, group_dead);
        if (foreign) return DecodeResult::kControl;
        if (files_ != nullptr) files_->OnExit(rec->pid, group_dead);
        if (targets_ != nullptr) targets_->OnExit(rec->pid, rec->tid, group_dead);
        return DecodeResult::kControl;
      }
      if (foreign) return DecodeResult::kControl;
      comms_->Update(rec->pid, rec->tid, comm, rec->cgroup_id);
      if (files_ != nullptr) {
        if (hdr.type == IOR_WIRE_EXEC) files_->OnExec(rec->pid);
        if (hdr.type == IOR_WIRE_TASK) files_->OnTaskSeen(rec->pid);
      }
      return DecodeResult::kControl;
    }
    case IOR_WIRE_CWD: {
      if (size < sizeof(ior_wire_cwd) || hdr.size > size) break;
      const auto* rec = static_cast<const ior_wire_cwd*>(data);
      if (sizeof(ior_wire_cwd) + rec->len > hdr.size) break;
      if (files_ != nullptr && !(hdr.flags & IOR_WIRE_F_CWD_PARTIAL) &&
          !Foreign(rec->pid, rec->tid)) {
        // Components come leaf first, each NUL-terminated: join them root first.
        std::string_view comps[IOR_WIRE_CWD_DEPTH];
        size_t n = 0;
        std::string_view rest(reinterpret_cast<const char*>(rec + 1), rec->len);
        while (!rest.empty() && n < IOR_WIRE_CWD_DEPTH) {
          size_t nul = rest.find('\0');
          comps[n++] = rest.substr(0, nul);
          rest = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);
        }
        cwd_.clear();
        while (n > 0) cwd_.append("/").append(comps[--n]);
        if (cwd_.empty()) cwd_ = "/";
        files_->OnCwd(rec->pid, cwd_, FileIdentity{rec->ino, rec->dev});
      }
      return DecodeResult::kControl;
    }
    case IOR_WIRE_SOCK: {
      if (size < sizeof(ior_wire_sock) || hdr.size != sizeof(ior_wire_sock)) break;
      const auto* rec = static_cast<const ior_wire_sock*>(data);
      if (rec->local_len > IOR_WIRE_UNIX_PATH || rec->peer_len > IOR_WIRE_UNIX_PATH) break;
      if (files_ != nullptr && !Foreign(rec->pid, rec->tid)) {
        SocketEndpoints ep;
        ep.family = rec->family;
        ep.type = rec->type;
        std::memcpy(ep.local_addr, rec->local_addr, sizeof(ep.local_addr));
        std::memcpy(ep.peer_addr, rec->peer_addr, sizeof(ep.peer_addr));
        ep.local_port = rec->local_port;
        ep.peer_port = rec->peer_port;
        ep.local_path = std::string_view(rec->local_path, rec->local_len);
        ep.peer_path = std::string_view(rec->peer_path, rec->peer_len);
        files_->OnSocket(FileIdentity{rec->ino, rec->dev}, ep);
      }
      return DecodeResult::kControl;
    }
    case IOR_WIRE_FORK: {
      if (size < sizeof(ior_wire_fork) || hdr.size != sizeof(ior_wire_fork)) break;
      const auto* rec = static_cast<const ior_wire_fork*>(data);
      const bool foreign = Foreign(rec->pid, rec->tid);
      if (foreign_ != nullptr) {
        foreign_->OnFork(rec->pid, rec->tid, rec->child_pid, rec->child_tid, rec->clone_flags);
      }
      if (foreign) return DecodeResult::kControl;
      // A new task runs under its creator's name until it says otherwise (exec, rename).
      const TaskInfo parent = comms_->Lookup(rec->pid, rec->tid);
      comms_->Update(rec->child_pid, rec->child_tid, std::string_view(parent.comm.data()),
                     parent.cgroup_id);
      if (files_ != nullptr) files_->OnFork(rec->pid, rec->child_pid, rec->clone_flags);
      if (targets_ != nullptr) targets_->OnFork(rec->child_pid, rec->child_tid, rec->clone_flags);
      return DecodeResult::kControl;
    }
    default:
      break;
  }
  ++malformed_;
  return DecodeResult::kMalformed;
}

}  // namespace ior::internal
