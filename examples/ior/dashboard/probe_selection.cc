#include "probe_selection.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ior/selection.h"
#include "ior/syscalls.h"

namespace ior::dashboard {

std::vector<bool> TracedSyscalls(const Selection& selection) {
  absl::StatusOr<ResolvedSelection> r = ResolveSelection(selection);
  if (!r.ok()) return std::vector<bool>(SyscallNumberLimit(), false);
  r->enabled.resize(SyscallNumberLimit(), false);
  return std::move(r->enabled);
}

std::vector<std::string> TracedFamilies(const Selection& selection) {
  const std::vector<bool> traced = TracedSyscalls(selection);
  std::vector<bool> family_on(kFamilyCount, false);
  for (const SyscallInfo& s : AllSyscalls()) {
    if (s.nr < traced.size() && traced[s.nr]) family_on[static_cast<size_t>(s.family)] = true;
  }
  std::vector<std::string> out;
  for (const std::string& name : FamilyNames()) {
    const std::optional<Family> f = FamilyFromName(name);
    if (f && family_on[static_cast<size_t>(*f)]) out.push_back(name);
  }
  return out;
}

absl::StatusOr<Selection> SwitchSyscalls(const Selection& selection,
                                         const std::vector<uint32_t>& nrs, bool on) {
  std::vector<bool> traced = TracedSyscalls(selection);
  for (uint32_t nr : nrs) {
    if (nr < traced.size()) traced[nr] = on;
  }
  Selection out;
  out.sample_families = selection.sample_families;
  out.sample_syscalls = selection.sample_syscalls;
  for (const SyscallInfo& s : AllSyscalls()) {
    if (s.nr < traced.size() && traced[s.nr]) out.syscalls.emplace_back(s.name);
  }
  // An empty list would mean the default (the FS family), not nothing.
  if (out.syscalls.empty()) {
    return absl::FailedPreconditionError("at least one syscall must stay traced");
  }
  return out;
}

absl::StatusOr<Selection> SwitchFamily(const Selection& selection, Family family, bool on) {
  std::vector<uint32_t> nrs;
  for (const SyscallInfo& s : AllSyscalls()) {
    if (s.family == family) nrs.push_back(s.nr);
  }
  return SwitchSyscalls(selection, nrs, on);
}

}  // namespace ior::dashboard
