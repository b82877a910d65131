#include "fd_semantics.h"

namespace ior::internal {

uint32_t NewFdFlags(FileOp op, const Event& e) {
  const uint32_t f = e.open_flags;
  switch (op) {
    case FileOp::kSocket:
      return kORdwr | (static_cast<uint32_t>(e.socket_type) & (kOCloexec | kONonblock));
    case FileOp::kAccept:  // SOCK_CLOEXEC, SOCK_NONBLOCK are O_CLOEXEC, O_NONBLOCK
    case FileOp::kEventfd:
    case FileOp::kEpoll:
    case FileOp::kSignalfd:
    case FileOp::kTimerfd:
    case FileOp::kInotify:
    case FileOp::kUserfaultfd:
      return kORdwr | (f & (kOCloexec | kONonblock));
    case FileOp::kFanotify:  // FAN_CLOEXEC 1, FAN_NONBLOCK 2
      return kORdwr | ((f & 1) ? kOCloexec : 0) | ((f & 2) ? kONonblock : 0);
    case FileOp::kPerf:  // PERF_FLAG_FD_CLOEXEC
      return kORdwr | ((f & 8) ? kOCloexec : 0);
    case FileOp::kMemfd:      // MFD_CLOEXEC
    case FileOp::kFsContext:  // FSOPEN_CLOEXEC, FSPICK_CLOEXEC
    case FileOp::kFsmount:    // FSMOUNT_CLOEXEC
      return kORdwr | ((f & 1) ? kOCloexec : 0);
    case FileOp::kPidfdOpen:  // always close-on-exec; PIDFD_NONBLOCK is O_NONBLOCK
      return kORdwr | kOCloexec | (f & kONonblock);
    case FileOp::kPidfdGetfd:  // the new descriptor is always close-on-exec
    case FileOp::kIoUring:
    case FileOp::kLandlock:
    case FileOp::kBpf:
      return kORdwr | kOCloexec;
    case FileOp::kProcFd:
      return f & (kOCloexec | kONonblock | 3);
    default:
      return kORdwr;
  }
}

std::string_view AnonName(FileOp op, const Event& e) {
  switch (op) {
    case FileOp::kEventfd:
      return "anon_inode:[eventfd]";
    case FileOp::kEpoll:
      return "anon_inode:[eventpoll]";
    case FileOp::kSignalfd:
      return "anon_inode:[signalfd]";
    case FileOp::kTimerfd:
      return "anon_inode:[timerfd]";
    case FileOp::kInotify:
      return "anon_inode:inotify";
    case FileOp::kFanotify:
      return "anon_inode:[fanotify]";
    case FileOp::kUserfaultfd:
      return "anon_inode:[userfaultfd]";
    case FileOp::kIoUring:
      return "anon_inode:[io_uring]";
    case FileOp::kPerf:
      return "anon_inode:[perf_event]";
    case FileOp::kPidfdOpen:
      return "anon_inode:[pidfd]";
    case FileOp::kLandlock:
      return "anon_inode:landlock-ruleset";
    case FileOp::kFsContext:
      return "anon_inode:fscontext";
    case FileOp::kBpf:
      switch (e.args[0]) {
        case 0:   // BPF_MAP_CREATE
        case 14:  // BPF_MAP_GET_FD_BY_ID
          return "anon_inode:bpf-map";
        case 5:   // BPF_PROG_LOAD
        case 13:  // BPF_PROG_GET_FD_BY_ID
          return "anon_inode:bpf-prog";
        case 17:  // BPF_RAW_TRACEPOINT_OPEN
        case 28:  // BPF_LINK_CREATE
        case 30:  // BPF_LINK_GET_FD_BY_ID
          return "anon_inode:bpf_link";
        case 18:  // BPF_BTF_LOAD
        case 19:  // BPF_BTF_GET_FD_BY_ID
          return "anon_inode:btf";
        case 32:  // BPF_ENABLE_STATS
          return "anon_inode:bpf-stats";
        default:  // BPF_OBJ_GET, BPF_ITER_CREATE, BPF_TOKEN_CREATE: ask /proc
          return "";
      }
    default:
      return "";
  }
}

bool BpfReturnsFd(uint64_t cmd) {
  switch (cmd) {
    case 0:
    case 5:
    case 7:
    case 13:
    case 14:
    case 17:
    case 18:
    case 19:
    case 28:
    case 30:
    case 32:
    case 33:
    case 36:
      return true;
    default:
      return false;
  }
}

std::string MqName(std::string_view name) {
  while (!name.empty() && name[0] == '/') name.remove_prefix(1);
  return "/" + std::string(name);
}

}  // namespace ior::internal
