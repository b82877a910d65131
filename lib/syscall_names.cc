#include "ior/syscall_names.h"

#include <array>
#include <charconv>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace ior {
namespace {

struct Entry {
  uint32_t nr;
  const char* name;
};

constexpr Entry kEntries[] = {
#include "syscall_table_x86_64.inc"
};

constexpr uint32_t ComputeTableSize() {
  uint32_t n = 0;
  for (const Entry& e : kEntries) n = e.nr + 1 > n ? e.nr + 1 : n;
  return n;
}
constexpr uint32_t kTableSize = ComputeTableSize();

// Immutable after first use; built once, thread-safe by static initialization rules.
const std::array<std::string_view, kTableSize>& ByNumber() {
  static const auto* table = [] {
    auto* t = new std::array<std::string_view, kTableSize>();
    for (const Entry& e : kEntries) (*t)[e.nr] = e.name;
    return t;
  }();
  return *table;
}

const absl::flat_hash_map<std::string_view, uint32_t>& ByName() {
  static const auto* table = [] {
    auto* t = new absl::flat_hash_map<std::string_view, uint32_t>();
    for (const Entry& e : kEntries) t->emplace(e.name, e.nr);
    return t;
  }();
  return *table;
}

}  // namespace

std::string_view KnownSyscallName(uint32_t nr) {
  return nr < kTableSize ? ByNumber()[nr] : std::string_view();
}

std::string SyscallName(uint32_t nr) {
  std::string_view known = KnownSyscallName(nr);
  return known.empty() ? absl::StrCat("syscall_", nr) : std::string(known);
}

std::optional<uint32_t> SyscallNumber(std::string_view name) {
  const auto& by_name = ByName();
  if (auto it = by_name.find(name); it != by_name.end()) return it->second;
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

uint32_t SyscallTableSize() { return kTableSize; }

}  // namespace ior
