#include "ior/selection.h"

#include <algorithm>
#include <set>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"
#include "tracepoint_regex.h"

namespace ior {
namespace {

constexpr std::string_view kAllFamilies = "all";
// What all tracepoint regexes of one selection may compile to (see Collect).
constexpr size_t kMaxRegexProgramTotal = 2 * internal::TracepointRegex::kMaxProgram;

std::string Str(std::string_view s) { return std::string(s); }

// Kinds are written with '-' in the table; users may type '_'.
std::string NormalizeKind(std::string kind) {
  std::replace(kind.begin(), kind.end(), '_', '-');
  return absl::AsciiStrToLower(kind);
}

absl::Status Invalid(const std::string& what, const std::string& name,
                     const std::vector<std::string>& valid) {
  return absl::InvalidArgumentError("unknown " + what + " '" + name +
                                    "'; valid: " + absl::StrJoin(valid, ", "));
}

// The numbers matched by one group of selectors (families, kinds, syscalls, tracepoints).
// `all` is set when the pseudo family "all" is among them.
absl::Status Collect(const std::vector<std::string>& families,
                     const std::vector<std::string>& kinds,
                     const std::vector<std::string>& syscalls,
                     const std::vector<std::string>& tracepoints, std::set<uint32_t>* out,
                     bool* all) {
  const std::vector<std::string> kind_names = KindNames();
  for (const std::string& f : families) {
    if (absl::AsciiStrToLower(f) == kAllFamilies) {
      if (all == nullptr) {
        return absl::InvalidArgumentError("the family 'all' cannot be excluded");
      }
      *all = true;
      for (const SyscallInfo& s : AllSyscalls()) out->insert(s.nr);
      continue;
    }
    std::optional<Family> family = FamilyFromName(f);
    if (!family) {
      std::vector<std::string> valid = FamilyNames();
      if (all != nullptr) valid.push_back(Str(kAllFamilies));
      return Invalid("family", f, valid);
    }
    for (const SyscallInfo& s : AllSyscalls())
      if (s.family == *family) out->insert(s.nr);
  }
  for (const std::string& k : kinds) {
    std::string kind = NormalizeKind(k);
    if (std::find(kind_names.begin(), kind_names.end(), kind) == kind_names.end()) {
      return Invalid("kind", k, kind_names);
    }
    for (const SyscallInfo& s : AllSyscalls())
      if (s.kind == kind) out->insert(s.nr);
  }
  for (const std::string& name : syscalls) {
    // syscall_<nr> names any number, also one the table does not know.
    std::optional<uint32_t> nr = SyscallNumber(name);
    if (!nr) {
      return absl::InvalidArgumentError("unknown syscall '" + name + "'");
    }
    out->insert(*nr);
  }
  // One pattern's work is bounded (TracepointRegex::kMaxProgram); so is the sum over a
  // selection's patterns, which are many when generated. A repeated pattern is searched once.
  absl::flat_hash_set<std::string_view> seen;
  size_t program_total = 0;
  for (const std::string& pattern : tracepoints) {
    if (!seen.insert(pattern).second) continue;
    // Not std::regex: it backtracks, and a pattern like "(.*)*(.*)*z" hung the tracer.
    absl::StatusOr<internal::TracepointRegex> re = internal::TracepointRegex::Compile(pattern);
    if (!re.ok()) {
      return absl::InvalidArgumentError("bad tracepoint regex '" + pattern +
                                        "': " + std::string(re.status().message()));
    }
    program_total += re->ProgramSize();
    if (program_total > kMaxRegexProgramTotal) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the tracepoint regexes are too complex together (more than ", kMaxRegexProgramTotal,
          " instructions); join them into fewer, simpler ones"));
    }
    bool matched = false;
    for (const SyscallInfo& s : AllSyscalls()) {
      if (re->Search("sys_enter_" + Str(s.name))) {
        out->insert(s.nr);
        matched = true;
      }
    }
    if (!matched) {
      const char* hint = pattern.find_first_of("^$") != std::string::npos
                             ? " (regexes match 'sys_enter_<name>': drop the anchors)"
                             : "";
      return absl::InvalidArgumentError(
          absl::StrCat("tracepoint regex '", pattern, "' matches no syscall", hint));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<std::string> FamilyNames() {
  std::vector<std::string> names;
  names.reserve(kFamilyCount);
  for (int f = 0; f < kFamilyCount; ++f) names.push_back(Str(FamilyName(static_cast<Family>(f))));
  return names;
}

std::vector<std::string> KindNames() {
  std::set<std::string> kinds;
  for (const SyscallInfo& s : AllSyscalls()) kinds.insert(Str(s.kind));
  return {kinds.begin(), kinds.end()};
}

absl::StatusOr<ResolvedSelection> ResolveSelection(const Selection& sel) {
  std::set<uint32_t> chosen;
  bool all = false;
  bool nothing_chosen =
      sel.families.empty() && sel.kinds.empty() && sel.syscalls.empty() && sel.tracepoints.empty();
  std::vector<std::string> families = sel.families;
  if (nothing_chosen) families = {Str(FamilyName(Family::kFS))};
  if (absl::Status s = Collect(families, sel.kinds, sel.syscalls, sel.tracepoints, &chosen, &all);
      !s.ok()) {
    return s;
  }
  std::set<uint32_t> removed;
  if (absl::Status s = Collect(sel.exclude_families, sel.exclude_kinds, sel.exclude_syscalls,
                               sel.exclude_tracepoints, &removed, nullptr);
      !s.ok()) {
    return s;
  }
  for (uint32_t nr : removed) chosen.erase(nr);
  if (chosen.empty()) {
    return absl::InvalidArgumentError(
        "the syscall selection matches nothing: the exclusions remove every selected syscall");
  }

  uint32_t size = *chosen.rbegin() + 1;
  for (const SyscallInfo& s : AllSyscalls()) size = std::max(size, s.nr + 1);
  // "all" also covers the numbers between and after the table's rows, up to the one bound.
  if (all) size = std::max(size, SyscallNumberLimit());
  ResolvedSelection out;
  out.enabled.assign(size, false);
  out.sample_rate.assign(size, 1);
  if (all) {
    out.enabled.assign(size, true);
    for (uint32_t nr : removed) out.enabled[nr] = false;
  }
  for (uint32_t nr : chosen) out.enabled[nr] = true;
  out.count = chosen.size();
  out.unknown_numbers = all;

  // Sampling: family rates first, then syscall rates on top.
  for (const auto& [name, rate] : sel.sample_families) {
    std::optional<Family> family = FamilyFromName(name);
    if (!family) return Invalid("family in the sampling rates", name, FamilyNames());
    for (const SyscallInfo& s : AllSyscalls())
      if (s.family == *family) out.sample_rate[s.nr] = rate;
  }
  for (const auto& [name, rate] : sel.sample_syscalls) {
    const SyscallInfo* s = FindSyscall(name);
    if (s == nullptr) {
      return absl::InvalidArgumentError("unknown syscall '" + name + "' in the sampling rates");
    }
    out.sample_rate[s->nr] = rate;
  }
  return out;
}

}  // namespace ior
