#include "ior/syscall_names.h"

#include <charconv>
#include <string>

#include "absl/strings/str_cat.h"
#include "ior/syscalls.h"

namespace ior {

std::string_view KnownSyscallName(uint32_t nr) {
  const SyscallInfo* info = FindSyscall(nr);
  return info == nullptr ? std::string_view() : info->name;
}

std::string SyscallName(uint32_t nr) {
  std::string_view known = KnownSyscallName(nr);
  return known.empty() ? absl::StrCat("syscall_", nr) : std::string(known);
}

std::optional<uint32_t> SyscallNumber(std::string_view name) {
  if (const SyscallInfo* info = FindSyscall(name); info != nullptr) return info->nr;
  constexpr std::string_view kPrefix = "syscall_";
  if (name.starts_with(kPrefix)) {
    std::string_view digits = name.substr(kPrefix.size());
    uint32_t nr = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), nr);
    if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty() && nr < 4096) {
      return nr;
    }
  }
  return std::nullopt;
}

uint32_t SyscallTableSize() { return SyscallNumberLimit(); }

}  // namespace ior
