// Which syscalls a session traces, and how many of their calls become events.
//
//   ior::Selection sel;
//   sel.families = {"Time", "Polling"};     // -trace-families Time,Polling
//   sel.exclude_syscalls = {"nanosleep"};   // -no-trace-syscalls nanosleep
//   sel.sample_syscalls = {{"clock_gettime", 100}};
//
// Names follow the original tool: family names ("FS", case-insensitive), kind names ("fd",
// "open", "pathname"...; '_' accepted for '-'), syscall names ("openat"; aliases such as
// "fstat" accepted), and tracepoint regexes matched against "sys_enter_<name>".
#ifndef IOR_INCLUDE_IOR_SELECTION_H_
#define IOR_INCLUDE_IOR_SELECTION_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace ior {

struct Selection {
  // What to add. With all four empty, the FS family is selected (the original's default).
  // The pseudo family "all" selects every syscall, including numbers the table does not know.
  std::vector<std::string> families;
  std::vector<std::string> kinds;
  std::vector<std::string> syscalls;
  std::vector<std::string> tracepoints;  // regexes, e.g. "openat" or "^sys_enter_read"
  // What to remove from it afterwards.
  std::vector<std::string> exclude_families;
  std::vector<std::string> exclude_kinds;
  std::vector<std::string> exclude_syscalls;
  std::vector<std::string> exclude_tracepoints;

  // Sampling rate per family / per syscall: 0 = counted in the kernel only (no events),
  // 1 = every call (default), N = one call in N, chosen at random in the kernel. A syscall's
  // own rate wins over its family's.
  std::map<std::string, uint32_t> sample_families;
  std::map<std::string, uint32_t> sample_syscalls;
};

// The resolved selection: per syscall number, whether it is traced and its sampling rate.
struct ResolvedSelection {
  // Indexed by syscall number; covers every number of the table.
  std::vector<bool> enabled;
  std::vector<uint32_t> sample_rate;
  // Traced numbers the table does not know ("all" only).
  bool unknown_numbers = false;
  size_t count = 0;  // syscalls selected
};

// Resolves names against the syscall table. InvalidArgument, with a message that lists the
// valid values, for an unknown family, kind or syscall name, a bad regex, a bad sampling rate,
// or a selection that matches no syscall.
absl::StatusOr<ResolvedSelection> ResolveSelection(const Selection& selection);

// "Network", ... "Misc", in display order.
std::vector<std::string> FamilyNames();
// Every kind name in the table, sorted.
std::vector<std::string> KindNames();

// The selection as a file records what was traced (Parquet's ior.selection): "families=FS,IPC;
// kinds=open;syscalls=read;tps=...;exclude_families=...;exclude_kinds=...;exclude_syscalls=...;
// tpsExclude=..." (only the parts that are set; "families=FS (default)" first when nothing is
// chosen).
std::string SelectionText(const Selection& selection);
// Its sampling rates as the original tool writes them (Parquet's ior.sampling): "read=10,FS=10"
// (syscalls, then families upper-case); "" when every call is traced.
std::string SamplingText(const Selection& selection);

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_SELECTION_H_
