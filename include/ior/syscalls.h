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
};

// Every syscall in the table, by number.
std::span<const SyscallInfo> AllSyscalls();
// nullptr if the table does not know `nr`.
const SyscallInfo* FindSyscall(uint32_t nr);
// Accepts aliases ("fstat") and "syscall_<nr>" for a number in the table.
const SyscallInfo* FindSyscall(std::string_view name);

// The distinct kinds of the table ("accept", "bpf", ..., "two-fd"), sorted.
std::span<const std::string_view> AllKinds();
// One past the highest syscall number in the table.
uint32_t SyscallNumberLimit();

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_SYSCALLS_H_
