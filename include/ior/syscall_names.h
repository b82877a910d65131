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

// The number of a "syscall_<nr>" name (the form SyscallName gives an unknown number), for any nr
// below SyscallNumberLimit(), known to the table or not; nullopt for any other name. The one
// parser of that form.
std::optional<uint32_t> NumberedSyscallName(std::string_view name);

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_SYSCALL_NAMES_H_
