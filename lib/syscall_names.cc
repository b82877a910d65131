#include "ior/syscall_names.h"

#include <charconv>
#include <string>

#include "absl/strings/str_cat.h"
#include "ior/syscalls.h"

namespace ior {
namespace {

// The name of a number the table does not know: "syscall_<nr>".
constexpr char kNumberedPrefix[] = "syscall_";

}  // namespace

std::string_view KnownSyscallName(uint32_t nr) {
  const SyscallInfo* info = FindSyscall(nr);
  return info == nullptr ? std::string_view() : info->name;
}

std::string SyscallName(uint32_t nr) {
  std::string_view known = KnownSyscallName(nr);
  return known.empty() ? absl::StrCat(kNumberedPrefix, nr) : std::string(known);
}

std::optional<uint32_t> SyscallNumber(std::string_view name) {
  if (const SyscallInfo* info = FindSyscall(name); info != nullptr) return info->nr;
  return NumberedSyscallName(name);
}

std::optional<uint32_t> NumberedSyscallName(std::string_view name) {
  constexpr std::string_view kPrefix = kNumberedPrefix;
  if (!name.starts_with(kPrefix)) return std::nullopt;
  std::string_view digits = name.substr(kPrefix.size());
  uint32_t nr = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), nr);
  // Past the bound a number has no kernel slot of its own (it shares the last one), so it
  // cannot be selected on its own.
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
      nr >= SyscallNumberLimit()) {
    return std::nullopt;
  }
  return nr;
}

}  // namespace ior
