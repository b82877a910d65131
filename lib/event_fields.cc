#include "event_fields.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#include "ior/syscalls.h"

namespace ior::internal {
namespace {

// Syscalls whose named fields need more than the generic plan positions.
enum class Special : uint8_t {
  kNone,
  kFdPair,       // pipe, pipe2, socketpair: two fds written to user memory
  kSleep,        // nanosleep, clock_nanosleep: requested timespec
  kPoll,         // poll: nfds, timeout in ms
  kPpoll,        // ppoll: nfds, timespec
  kSelect,       // select: nfds, timeval
  kPselect,      // pselect6: nfds, timespec
  kEpollWait,    // epoll_wait, epoll_pwait: maxevents, timeout in ms
  kEpollPwait2,  // epoll_pwait2: maxevents, timespec
  kEpollCtl,     // op, target fd, events
  kDup2,         // dup2, dup3: new fd
  kExtent1,      // length in argument 2: mmap, munmap, mprotect, madvise, m(un)lock(2), msync
  kMremap,       // new length in argument 3
  kSocket,       // socket: domain, type, protocol
  kRecvfrom,     // MSG_PEEK / MSG_TRUNC
  kRecvmsg,      //
  kXattrSize4,   // getxattr, lgetxattr, fgetxattr: size in argument 4 (0 = size probe)
  kXattrSize3,   // listxattr, llistxattr, flistxattr: size in argument 3
  kOpenHow,      // openat2: flags and mode in the struct open_how copied at enter
};

struct SpecialName {
  std::string_view name;
  Special special;
};

constexpr SpecialName kSpecials[] = {
    {"pipe", Special::kFdPair},
    {"pipe2", Special::kFdPair},
    {"socketpair", Special::kFdPair},
    {"nanosleep", Special::kSleep},
    {"clock_nanosleep", Special::kSleep},
    {"poll", Special::kPoll},
    {"ppoll", Special::kPpoll},
    {"select", Special::kSelect},
    {"pselect6", Special::kPselect},
    {"epoll_wait", Special::kEpollWait},
    {"epoll_pwait", Special::kEpollWait},
    {"epoll_pwait2", Special::kEpollPwait2},
    {"epoll_ctl", Special::kEpollCtl},
    {"dup2", Special::kDup2},
    {"dup3", Special::kDup2},
    {"mmap", Special::kExtent1},
    {"munmap", Special::kExtent1},
    {"mprotect", Special::kExtent1},
    {"madvise", Special::kExtent1},
    {"mlock", Special::kExtent1},
    {"mlock2", Special::kExtent1},
    {"munlock", Special::kExtent1},
    {"msync", Special::kExtent1},
    {"mremap", Special::kMremap},
    {"socket", Special::kSocket},
    {"recvfrom", Special::kRecvfrom},
    {"recvmsg", Special::kRecvmsg},
    {"getxattr", Special::kXattrSize4},
    {"lgetxattr", Special::kXattrSize4},
    {"fgetxattr", Special::kXattrSize4},
    {"listxattr", Special::kXattrSize3},
    {"llistxattr", Special::kXattrSize3},
    {"flistxattr", Special::kXattrSize3},
    {"openat2", Special::kOpenHow},
};

constexpr size_t kMaxNr = 1024;

// Per-number decoding facts, built once from the syscall table.
struct Plan {
  const SyscallInfo* info = nullptr;
  Special special = Special::kNone;
};

const std::array<Plan, kMaxNr>& Plans() {
  static const auto* plans = [] {
    auto* p = new std::array<Plan, kMaxNr>();
    for (const SyscallInfo& s : AllSyscalls()) {
      if (s.nr >= kMaxNr) continue;
      (*p)[s.nr].info = &s;
      for (const SpecialName& sp : kSpecials)
        if (sp.name == s.name) (*p)[s.nr].special = sp.special;
    }
    return p;
  }();
  return *plans;
}

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
  if (sec > (INT64_MAX - frac * unit) / 1000000000) return INT64_MAX;  // saturate
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
  if (e->nr >= kMaxNr || Plans()[e->nr].info == nullptr) return;
  const Plan& plan = Plans()[e->nr];
  const SyscallInfo& info = *plan.info;

  e->family = static_cast<uint8_t>(info.family);
  e->bytes_class = static_cast<uint8_t>(info.bytes);
  if (info.fd_arg) e->fd = Arg32(*e, info.fd_arg);
  if (info.dirfd_arg) e->dirfd = Arg32(*e, info.dirfd_arg);
  if (info.flags_arg) e->open_flags = static_cast<uint32_t>(e->args[info.flags_arg - 1]);
  if (info.mode_arg) e->mode = static_cast<uint32_t>(e->args[info.mode_arg - 1]);
  if (info.bytes != BytesClass::kNone && e->ret > 0) e->bytes = static_cast<uint64_t>(e->ret);

  switch (plan.special) {
    case Special::kNone:
      break;
    case Special::kFdPair:
      if (have_mem && e->ret == 0) {
        e->fds[0] = Load32(mem, 0);
        e->fds[1] = Load32(mem, 1);
      }
      if (info.name == "socketpair") {
        e->socket_domain = static_cast<int32_t>(e->args[0]);
        e->socket_type = static_cast<int32_t>(e->args[1]);
        e->socket_protocol = static_cast<int32_t>(e->args[2]);
      }
      break;
    case Special::kSleep:
      e->timeout_ns = have_mem ? PairToNs(mem, 1) : kTimeoutNone;
      break;
    case Special::kPoll:
      e->nfds = static_cast<int32_t>(e->args[1]);
      e->timeout_ns = MillisToNs(static_cast<int32_t>(e->args[2]));
      break;
    case Special::kPpoll:
      e->nfds = static_cast<int32_t>(e->args[1]);
      e->timeout_ns = PointedTime(e->args[2], mem, have_mem, 1);
      break;
    case Special::kSelect:
      e->nfds = static_cast<int32_t>(e->args[0]);
      e->timeout_ns = PointedTime(e->args[4], mem, have_mem, 1000);
      break;
    case Special::kPselect:
      e->nfds = static_cast<int32_t>(e->args[0]);
      e->timeout_ns = PointedTime(e->args[4], mem, have_mem, 1);
      break;
    case Special::kEpollWait:
      e->nfds = static_cast<int32_t>(e->args[2]);
      e->timeout_ns = MillisToNs(static_cast<int32_t>(e->args[3]));
      break;
    case Special::kEpollPwait2:
      e->nfds = static_cast<int32_t>(e->args[2]);
      e->timeout_ns = PointedTime(e->args[3], mem, have_mem, 1);
      break;
    case Special::kEpollCtl:
      e->epoll_op = static_cast<uint8_t>(e->args[1]);
      e->target_fd = static_cast<int32_t>(e->args[2]);
      if (have_mem) e->epoll_events = static_cast<uint32_t>(Load32(mem, 0));
      break;
    case Special::kDup2:
      e->target_fd = static_cast<int32_t>(e->args[1]);
      break;
    case Special::kExtent1:
      e->length = e->args[1];
      break;
    case Special::kMremap:
      e->length = e->args[2];
      break;
    case Special::kSocket:
      e->socket_domain = static_cast<int32_t>(e->args[0]);
      e->socket_type = static_cast<int32_t>(e->args[1]);
      e->socket_protocol = static_cast<int32_t>(e->args[2]);
      break;
    case Special::kRecvfrom:
      // A peek moves nothing; with MSG_TRUNC the return is the datagram's full length, of
      // which at most the buffer's capacity was copied.
      if (e->args[3] & kMsgPeek)
        e->bytes = 0;
      else if (e->args[3] & kMsgTrunc)
        e->bytes = std::min<uint64_t>(e->bytes, e->args[2]);
      break;
    case Special::kRecvmsg:
      if (e->args[2] & kMsgPeek) e->bytes = 0;
      break;
    case Special::kXattrSize4:
      if (e->args[3] == 0) e->bytes = 0;  // a size probe: nothing copied
      break;
    case Special::kXattrSize3:
      if (e->args[2] == 0) e->bytes = 0;
      break;
    case Special::kOpenHow:
      if (have_mem) {
        e->open_flags = static_cast<uint32_t>(Load64(mem, 0));
        e->mode = static_cast<uint32_t>(Load64(mem, 1));
      }
      break;
  }
}

}  // namespace ior::internal
