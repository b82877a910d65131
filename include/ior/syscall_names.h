// Names of x86_64 system call numbers, and the reverse.
#ifndef IOR_INCLUDE_IOR_SYSCALL_NAMES_H_
#define IOR_INCLUDE_IOR_SYSCALL_NAMES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ior {

// The name of syscall `nr` ("openat"), or "syscall_<nr>" for a number the table does not know.
std::string SyscallName(uint32_t nr);

// Borrowed name of `nr` from the static table, empty if unknown. Never allocates.
std::string_view KnownSyscallName(uint32_t nr);

// The number of the syscall called `name`. Accepts "syscall_<nr>" too. nullopt if unknown.
std::optional<uint32_t> SyscallNumber(std::string_view name);

// One past the highest number in the table.
uint32_t SyscallTableSize();

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_SYSCALL_NAMES_H_
