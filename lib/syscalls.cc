#include "ior/syscalls.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace ior {
namespace {

// The generated table (lib/syscall_gen/generate_syscall_table.py), sorted by number.
constexpr SyscallInfo kSyscalls[] = {
#include "syscall_table_x86_64.inc"
};

struct Alias {
  std::string_view name;
  uint32_t nr;
};
constexpr Alias kAliases[] = {
#define IOR_SYSCALL_TABLE_ALIASES
#include "syscall_table_x86_64.inc"
#undef IOR_SYSCALL_TABLE_ALIASES
};

constexpr bool SortedByNumber() {
  for (size_t i = 1; i < std::size(kSyscalls); ++i) {
    if (kSyscalls[i - 1].nr >= kSyscalls[i].nr) return false;
  }
  return true;
}
static_assert(SortedByNumber(), "the generated syscall table must be sorted by number");

constexpr uint32_t kTableSize = kSyscalls[std::size(kSyscalls) - 1].nr + 1;

// Number -> index into kSyscalls, or -1.
constexpr std::array<int16_t, kTableSize> kIndexByNumber = [] {
  std::array<int16_t, kTableSize> index{};
  index.fill(-1);
  for (size_t i = 0; i < std::size(kSyscalls); ++i) {
    index[kSyscalls[i].nr] = static_cast<int16_t>(i);
  }
  return index;
}();

constexpr std::string_view kFamilyNames[kFamilyCount] = {
    "Network", "Memory",   "Signals", "Sched",   "IPC", "Time",
    "Process", "Security", "FS",      "Polling", "AIO", "Misc",
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// Immutable after first use; built once, thread-safe by static initialization rules.
const absl::flat_hash_map<std::string_view, const SyscallInfo*>& ByName() {
  static const auto* table = [] {
    auto* t = new absl::flat_hash_map<std::string_view, const SyscallInfo*>();
    for (const SyscallInfo& info : kSyscalls) t->emplace(info.name, &info);
    for (const Alias& alias : kAliases) t->emplace(alias.name, FindSyscall(alias.nr));
    return t;
  }();
  return *table;
}

}  // namespace

std::string_view FamilyName(Family family) {
  auto i = static_cast<size_t>(family);
  return i < std::size(kFamilyNames) ? kFamilyNames[i] : std::string_view("?");
}

std::optional<Family> FamilyFromName(std::string_view name) {
  for (int i = 0; i < kFamilyCount; ++i) {
    if (EqualsIgnoreCase(kFamilyNames[i], name)) return static_cast<Family>(i);
  }
  return std::nullopt;
}

std::string_view BytesClassName(BytesClass bytes) {
  switch (bytes) {
    case BytesClass::kNone:
      return "none";
    case BytesClass::kRead:
      return "read";
    case BytesClass::kWrite:
      return "write";
    case BytesClass::kTransfer:
      return "transfer";
  }
  return "none";
}

std::span<const SyscallInfo> AllSyscalls() { return kSyscalls; }

const SyscallInfo* FindSyscall(uint32_t nr) {
  if (nr >= kTableSize || kIndexByNumber[nr] < 0) return nullptr;
  return &kSyscalls[kIndexByNumber[nr]];
}

const SyscallInfo* FindSyscall(std::string_view name) {
  const auto& by_name = ByName();
  if (auto it = by_name.find(name); it != by_name.end()) return it->second;
  // "syscall_<nr>", the name under which an unknown number is shown, for a known number.
  constexpr std::string_view kPrefix = "syscall_";
  if (!name.starts_with(kPrefix)) return nullptr;
  std::string_view digits = name.substr(kPrefix.size());
  uint32_t nr = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), nr);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) return nullptr;
  return FindSyscall(nr);
}

std::span<const std::string_view> AllKinds() {
  static const auto* kinds = [] {
    auto* v = new std::vector<std::string_view>();
    for (const SyscallInfo& info : kSyscalls) v->push_back(info.kind);
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
    return v;
  }();
  return *kinds;
}

uint32_t SyscallNumberLimit() { return kTableSize; }

}  // namespace ior
