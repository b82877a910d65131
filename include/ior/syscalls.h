// The syscall table: what libior knows about each x86_64 system call (name, family, kind,
// bytes class), generated from a snapshot of the kernel's tracepoint formats
// (lib/syscall_gen/). Names follow the kernel's tracepoints (`newfstat`, `sendfile64`);
// the classic aliases (`fstat`, `sendfile`) are accepted as input too.
#ifndef IOR_INCLUDE_IOR_SYSCALLS_H_
#define IOR_INCLUDE_IOR_SYSCALLS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace ior {

// The twelve families of the original tool, in its display order.
enum class Family : uint8_t {
  kNetwork,
  kMemory,
  kSignals,
  kSched,
  kIPC,
  kTime,
  kProcess,
  kSecurity,
  kFS,
  kPolling,
  kAIO,
  kMisc,
};
inline constexpr int kFamilyCount = 12;

// How a call's positive return value counts as bytes moved.
enum class BytesClass : uint8_t { kNone, kRead, kWrite, kTransfer };

// What a call does to the file tracker's tables and which file its row names. kFd: the file
// behind the descriptor argument; kPathname: the path argument; kProcFd: the new descriptor a
// call returns, named as /proc/<pid>/fd names it; the others are the calls with their own rules.
enum class FileOp : uint8_t {
  kNone,
  kFd,
  kMmap,
  kPathname,
  kOpen,
  kCreat,
  kOpenTree,
  kMqOpen,
  kMqName,
  kClose,
  kCloseRange,
  kDup,
  kDup2,
  kDup3,
  kFcntl,
  kIoctl,
  kChdir,
  kFchdir,
  kExec,
  kRename,
  kSymlink,
  kMoveMount,
  kPipe,
  kSocketpair,
  kSocket,
  kAccept,
  kConnect,
  kBind,
  kEventfd,
  kEpoll,
  kSignalfd,
  kTimerfd,
  kInotify,
  kFanotify,
  kUserfaultfd,
  kIoUring,
  kPerf,
  kPidfdOpen,
  kPidfdGetfd,
  kMemfd,
  kLandlock,
  kFsContext,
  kFsmount,
  kBpf,
  kProcFd,
};

// Named fields that need more than the generic plan positions (lib/event_fields.cc).
enum class DecodeRule : uint8_t {
  kNone,
  kFdPair,       // pipe, pipe2: two fds written to user memory
  kSocketpair,   // the fd pair, and domain, type, protocol
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
  kRecvmsg,      // MSG_PEEK
  kXattrSize4,   // getxattr, lgetxattr, fgetxattr: size in argument 4 (0 = size probe)
  kXattrSize3,   // listxattr, llistxattr, flistxattr: size in argument 3
  kOpenHow,      // openat2: flags and mode in the struct open_how copied at enter
};

// "Network", "FS", ...; FamilyFromName is case-insensitive.
std::string_view FamilyName(Family family);
std::optional<Family> FamilyFromName(std::string_view name);
std::string_view BytesClassName(BytesClass bytes);  // "none", "read", "write", "transfer"

struct SyscallInfo {
  uint32_t nr;
  std::string_view name;  // tracepoint name, e.g. "openat"
  Family family;
  std::string_view kind;  // payload shape selector, e.g. "open", "fd", "pathname", "null"
  BytesClass bytes;
  // 1-based argument positions, 0 = none.
  uint8_t fd_arg;        // a file descriptor argument
  uint8_t dirfd_arg;     // the directory fd of an *at() call
  uint8_t path_args[2];  // user strings: the path, or old and new name
  uint8_t flags_arg;     // open flags or similar
  uint8_t mode_arg;      // file mode
  // User memory copied by the kernel side: `mem_len` bytes at argument `mem_arg`, before the
  // call or, if `mem_at_exit`, after it (out-parameters such as pipe's two fds).
  uint8_t mem_arg;
  uint8_t mem_len;
  bool mem_at_exit;
  bool returns_fd;  // a non-negative return value is a new file descriptor
  bool noreturn;    // never returns to the caller on success (exit, exit_group, rt_sigreturn)
  FileOp file_op;
  DecodeRule decode;
  // The file tracker needs this call's effect even when it is not selected for output (opens,
  // renames, chdir, socket endpoints): what names a file must not depend on the selection.
  bool tracked;
};

// Every syscall in the table, by number.
std::span<const SyscallInfo> AllSyscalls();
// nullptr if the table does not know `nr`.
const SyscallInfo* FindSyscall(uint32_t nr);
// Accepts aliases ("fstat") and "syscall_<nr>" for a number in the table.
const SyscallInfo* FindSyscall(std::string_view name);

// The distinct kinds of the table ("accept", "bpf", ..., "two-fd"), sorted.
std::span<const std::string_view> AllKinds();
// The one bound on syscall numbers: every number of the table, and of a "syscall_<nr>" name, is
// below it, and arrays indexed by syscall number have this many entries. It is the number of
// per-syscall slots of the kernel side (IOR_WIRE_MAX_SYSCALLS); higher numbers, which x86_64
// does not use, share its last slot.
uint32_t SyscallNumberLimit();

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_SYSCALLS_H_
