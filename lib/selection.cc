#include "ior/selection.h"

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ior/syscall_names.h"
#include "ior/syscalls.h"

namespace ior {
namespace {

// Whether `pattern` has a '*', '+', '?' or '{' with nothing before it to repeat (at the start,
// after '(', '|' or '^'). libstdc++ reports that as error_paren.
bool RepeatsNothing(const std::string& pattern) {
  bool atom = false;  // whether what came before can be repeated
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;
      atom = true;
    } else if (c == '[') {
      size_t j = i + 1;
      if (j < pattern.size() && pattern[j] == '^') ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;
      while (j < pattern.size() && pattern[j] != ']') ++j;
      i = j;
      atom = true;
    } else if (c == '(' || c == '|' || c == '^') {
      atom = false;
    } else if (c == '*' || c == '+' || c == '?' || c == '{') {
      if (!atom) return true;
      if (c == '{') {
        while (i < pattern.size() && pattern[i] != '}') ++i;
      }
    } else {
      atom = true;
    }
  }
  return false;
}

// What is wrong with a pattern, by the error code: libstdc++'s what() can name another error
// than the one found ("Mismatched '(' and ')'" for "*").
std::string RegexErrorText(std::regex_constants::error_type code) {
  namespace rc = std::regex_constants;
  if (code == rc::error_badrepeat) {
    return "'*', '+', '?' or '{' with nothing to repeat (to match anything write '.*')";
  }
  if (code == rc::error_paren) return "unbalanced parentheses";
  if (code == rc::error_brack) return "unbalanced brackets";
  if (code == rc::error_brace) return "unbalanced braces";
  if (code == rc::error_badbrace) return "a bad repeat count in '{...}'";
  if (code == rc::error_range) return "a bad character range such as 'z-a'";
  if (code == rc::error_escape) return "a bad escape or a trailing backslash";
  if (code == rc::error_ctype) return "an unknown character class name";
  if (code == rc::error_collate) return "an unknown collating element name";
  if (code == rc::error_backref) return "a back reference to a group that does not exist";
  if (code == rc::error_complexity || code == rc::error_stack || code == rc::error_space) {
    return "too complex to match";
  }
  return "not a valid POSIX extended regular expression";
}

constexpr std::string_view kAllFamilies = "all";

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
  for (const std::string& pattern : tracepoints) {
    std::regex re;
    try {
      re = std::regex(pattern, std::regex::extended);
    } catch (const std::regex_error& e) {
      return absl::InvalidArgumentError("bad tracepoint regex '" + pattern + "': " +
                                        RegexErrorText(RepeatsNothing(pattern)
                                                           ? std::regex_constants::error_badrepeat
                                                           : e.code()));
    }
    bool matched = false;
    for (const SyscallInfo& s : AllSyscalls()) {
      if (std::regex_search("sys_enter_" + Str(s.name), re)) {
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
