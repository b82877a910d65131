#include "ior/syscalls.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "ior/syscall_names.h"
#include "ior_wire.h"

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

// The one bound on syscall numbers in user space is the kernel side's number of per-syscall
// slots. Every number of the table needs a slot of its own, where its row's capture plan is
// written; the last slot does not count, numbers past the bound share it.
constexpr uint32_t kNumberLimit = IOR_WIRE_MAX_SYSCALLS;
static_assert(kSyscalls[std::size(kSyscalls) - 1].nr < IOR_WIRE_OVERFLOW_SLOT,
              "a syscall number of the table has no slot of its own in the kernel side's "
              "arrays: raise IOR_WIRE_MAX_SYSCALLS in bpf/ior_wire.h");

// Number -> index into kSyscalls, or -1.
constexpr std::array<int16_t, kNumberLimit> kIndexByNumber = [] {
  std::array<int16_t, kNumberLimit> index{};
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
  if (nr >= kNumberLimit || kIndexByNumber[nr] < 0) return nullptr;
  return &kSyscalls[kIndexByNumber[nr]];
}

const SyscallInfo* FindSyscall(std::string_view name) {
  const auto& by_name = ByName();
  if (auto it = by_name.find(name); it != by_name.end()) return it->second;
  std::optional<uint32_t> nr = NumberedSyscallName(name);
  return nr ? FindSyscall(*nr) : nullptr;
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

uint32_t SyscallNumberLimit() { return kNumberLimit; }

}  // namespace ior
