#include "event_fields.h"

#include <algorithm>
#include <cstring>

#include "ior/syscalls.h"

namespace ior::internal {
namespace {

constexpr uint64_t kMsgPeek = 0x2;
constexpr uint64_t kMsgTrunc = 0x20;

int64_t Load64(const uint8_t* mem, int i) {
  int64_t v;
  std::memcpy(&v, mem + 8 * i, sizeof(v));
  return v;
}

int32_t Load32(const uint8_t* mem, int i) {
  int32_t v;
  std::memcpy(&v, mem + 4 * i, sizeof(v));
  return v;
}

// A {seconds, nanoseconds} (or microseconds, `unit` 1000) pair at `mem` as nanoseconds.
int64_t PairToNs(const uint8_t* mem, int64_t unit) {
  int64_t sec = Load64(mem, 0), frac = Load64(mem, 1);
  if (sec < 0 || frac < 0) return kTimeoutNone;
  // Out-of-range pairs (the kernel refuses them with EINVAL) saturate instead of overflowing.
  if (frac > INT64_MAX / unit) return INT64_MAX;
  if (sec > (INT64_MAX - frac * unit) / 1000000000) return INT64_MAX;
  return sec * 1000000000 + frac * unit;
}

int64_t MillisToNs(int64_t ms) { return ms < 0 ? kTimeoutInfinite : ms * 1000000; }

// Optional time at user pointer argument `ptr`: NULL means "wait forever".
int64_t PointedTime(uint64_t ptr, const uint8_t* mem, bool have_mem, int64_t unit) {
  if (ptr == 0) return kTimeoutInfinite;
  return have_mem ? PairToNs(mem, unit) : kTimeoutNone;
}

int32_t Arg32(const Event& e, uint8_t one_based) {
  return static_cast<int32_t>(e.args[(one_based - 1) % kEventArgs]);
}

}  // namespace

void DecodeNamedFields(const uint8_t* mem, bool have_mem, Event* e) {
  e->bytes = 0;
  e->timeout_ns = kTimeoutNone;
  e->length = 0;
  e->fd = e->dirfd = e->target_fd = kNoFd;
  e->fds[0] = e->fds[1] = kNoFd;
  e->nfds = 0;
  e->open_flags = e->mode = e->epoll_events = 0;
  e->socket_domain = e->socket_type = e->socket_protocol = 0;
  e->epoll_op = 0;
  e->family = static_cast<uint8_t>(Family::kMisc);
  e->bytes_class = static_cast<uint8_t>(BytesClass::kNone);
  const SyscallInfo* found = FindSyscall(e->nr);
  if (found == nullptr) return;
  const SyscallInfo& info = *found;

  e->family = static_cast<uint8_t>(info.family);
  e->bytes_class = static_cast<uint8_t>(info.bytes);
  if (info.fd_arg) e->fd = Arg32(*e, info.fd_arg);
  if (info.dirfd_arg) e->dirfd = Arg32(*e, info.dirfd_arg);
  if (info.flags_arg) e->open_flags = static_cast<uint32_t>(e->args[info.flags_arg - 1]);
  if (info.mode_arg) e->mode = static_cast<uint32_t>(e->args[info.mode_arg - 1]);
  if (info.bytes != BytesClass::kNone && e->ret > 0) e->bytes = static_cast<uint64_t>(e->ret);

  // Which named fields a call has beyond the generic positions is the table's decode column
  // (DECODE_RULES in lib/syscall_gen/syscall_rules.py), not a list of names here.
  switch (info.decode) {
    case DecodeRule::kNone:
      break;
    case DecodeRule::kFdPair:
    case DecodeRule::kSocketpair:
      if (have_mem && e->ret == 0) {
        e->fds[0] = Load32(mem, 0);
        e->fds[1] = Load32(mem, 1);
      }
      if (info.decode == DecodeRule::kSocketpair) {
        e->socket_domain = static_cast<int32_t>(e->args[0]);
        e->socket_type = static_cast<int32_t>(e->args[1]);
        e->socket_protocol = static_cast<int32_t>(e->args[2]);
      }
      break;
    case DecodeRule::kSleep:
      e->timeout_ns = have_mem ? PairToNs(mem, 1) : kTimeoutNone;
      break;
    case DecodeRule::kPoll:
      e->nfds = static_cast<int32_t>(e->args[1]);
      e->timeout_ns = MillisToNs(static_cast<int32_t>(e->args[2]));
      break;
    case DecodeRule::kPpoll:
      e->nfds = static_cast<int32_t>(e->args[1]);
      e->timeout_ns = PointedTime(e->args[2], mem, have_mem, 1);
      break;
    case DecodeRule::kSelect:
      e->nfds = static_cast<int32_t>(e->args[0]);
      e->timeout_ns = PointedTime(e->args[4], mem, have_mem, 1000);
      break;
    case DecodeRule::kPselect:
      e->nfds = static_cast<int32_t>(e->args[0]);
      e->timeout_ns = PointedTime(e->args[4], mem, have_mem, 1);
      break;
    case DecodeRule::kEpollWait:
      e->nfds = static_cast<int32_t>(e->args[2]);
      e->timeout_ns = MillisToNs(static_cast<int32_t>(e->args[3]));
      break;
    case DecodeRule::kEpollPwait2:
      e->nfds = static_cast<int32_t>(e->args[2]);
      e->timeout_ns = PointedTime(e->args[3], mem, have_mem, 1);
      break;
    case DecodeRule::kEpollCtl:
      e->epoll_op = static_cast<uint8_t>(e->args[1]);
      e->target_fd = static_cast<int32_t>(e->args[2]);
      if (have_mem) e->epoll_events = static_cast<uint32_t>(Load32(mem, 0));
      break;
    case DecodeRule::kDup2:
      e->target_fd = static_cast<int32_t>(e->args[1]);
      break;
    case DecodeRule::kExtent1:
      e->length = e->args[1];
      break;
    case DecodeRule::kMremap:
      e->length = e->args[2];
      break;
    case DecodeRule::kSocket:
      e->socket_domain = static_cast<int32_t>(e->args[0]);
      e->socket_type = static_cast<int32_t>(e->args[1]);
      e->socket_protocol = static_cast<int32_t>(e->args[2]);
      break;
    case DecodeRule::kRecvfrom:
      // A peek moves nothing; with MSG_TRUNC the return is the datagram's full length, of
      // which at most the buffer's capacity was copied.
      if (e->args[3] & kMsgPeek)
        e->bytes = 0;
      else if (e->args[3] & kMsgTrunc)
        e->bytes = std::min<uint64_t>(e->bytes, e->args[2]);
      break;
    case DecodeRule::kRecvmsg:
      if (e->args[2] & kMsgPeek) e->bytes = 0;
      break;
    case DecodeRule::kXattrSize4:
      if (e->args[3] == 0) e->bytes = 0;  // a size probe: nothing copied
      break;
    case DecodeRule::kXattrSize3:
      if (e->args[2] == 0) e->bytes = 0;
      break;
    case DecodeRule::kOpenHow:
      if (have_mem) {
        e->open_flags = static_cast<uint32_t>(Load64(mem, 0));
        e->mode = static_cast<uint32_t>(Load64(mem, 1));
      }
      break;
  }
}

}  // namespace ior::internal
