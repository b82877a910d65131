// Linux descriptor semantics the file tracker needs: which flags a new descriptor gets, the
// names /proc gives anonymous-inode descriptors, which bpf(2) commands return descriptors.
// Values are Linux x86_64's, spelled out so that no libc header decides them.
#ifndef IOR_LIB_FD_SEMANTICS_H_
#define IOR_LIB_FD_SEMANTICS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ior/event.h"
#include "ior/syscalls.h"

namespace ior::internal {

inline constexpr uint32_t kOWronly = 01;
inline constexpr uint32_t kORdwr = 02;
inline constexpr uint32_t kOCreat = 0100;
inline constexpr uint32_t kOTrunc = 01000;
inline constexpr uint32_t kOAppend = 02000;
inline constexpr uint32_t kONonblock = 04000;
inline constexpr uint32_t kOAsync = 020000;
inline constexpr uint32_t kODirect = 040000;
inline constexpr uint32_t kONoatime = 01000000;
inline constexpr uint32_t kOCloexec = 02000000;
inline constexpr uint32_t kOPath = 010000000;
// What F_SETFL may change.
inline constexpr uint32_t kSetflMask = kOAppend | kOAsync | kODirect | kONoatime | kONonblock;

inline constexpr int32_t kAtFdcwd = -100;
inline constexpr int64_t kEbadf = 9;
inline constexpr uint64_t kCloneFiles = 0x400;
inline constexpr uint64_t kCloneThread = 0x10000;
inline constexpr uint32_t kCloseRangeUnshare = 2;
inline constexpr uint32_t kCloseRangeCloexec = 4;
inline constexpr uint64_t kFdupfd = 0, kFsetfd = 2, kFsetfl = 4, kFdupfdCloexec = 1030;
inline constexpr uint64_t kFdCloexec = 1;
inline constexpr uint64_t kFioclex = 0x5451, kFionclex = 0x5450;
inline constexpr uint32_t kMapAnonymous = 0x20;

// The flags (access mode, O_CLOEXEC, O_NONBLOCK) of the descriptor a successful call of `op`
// created, from the call's flags argument.
uint32_t NewFdFlags(FileOp op, const Event& e);

// The name /proc/<pid>/fd shows for the anonymous-inode descriptor `op` created; "" when it
// depends on more than the call (then /proc is asked).
std::string_view AnonName(FileOp op, const Event& e);

// Whether bpf(2) command `cmd` returns a new descriptor.
bool BpfReturnsFd(uint64_t cmd);

// A POSIX message queue's name as /dev/mqueue shows it: "/name".
std::string MqName(std::string_view name);

}  // namespace ior::internal

#endif  // IOR_LIB_FD_SEMANTICS_H_
