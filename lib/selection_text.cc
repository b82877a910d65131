// A Selection as text, for the files that record what was traced (ior/selection.h).
#include <cctype>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ior/selection.h"

namespace ior {

std::string SelectionText(const Selection& s) {
  std::vector<std::string> parts;
  const auto add = [&parts](const char* name, const std::vector<std::string>& values) {
    if (!values.empty()) parts.push_back(absl::StrCat(name, "=", absl::StrJoin(values, ",")));
  };
  add("families", s.families);
  add("kinds", s.kinds);
  add("syscalls", s.syscalls);
  add("tps", s.tracepoints);
  add("exclude_families", s.exclude_families);
  add("exclude_kinds", s.exclude_kinds);
  add("exclude_syscalls", s.exclude_syscalls);
  add("tpsExclude", s.exclude_tracepoints);
  if (s.families.empty() && s.kinds.empty() && s.syscalls.empty() && s.tracepoints.empty()) {
    parts.insert(parts.begin(), "families=FS (default)");
  }
  return absl::StrJoin(parts, ";");
}

std::string SamplingText(const Selection& s) {
  std::vector<std::string> parts;
  for (const auto& [name, rate] : s.sample_syscalls) parts.push_back(absl::StrCat(name, "=", rate));
  for (const auto& [name, rate] : s.sample_families) {
    std::string upper = name;
    for (char& c : upper) c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
    parts.push_back(absl::StrCat(upper, "=", rate));
  }
  return absl::StrJoin(parts, ",");
}

}  // namespace ior
