// The probes view's edits of the session's Selection: whole families or single syscalls
// switched on and off. An edited selection is written out as the explicit list of the syscalls
// it traces (its sampling rates kept), so that switching a syscall on inside a family that is
// off, or a family on after one of its syscalls was switched off, means what it says
// whatever the order of the edits. (A selection with the pseudo family "all" also traces
// numbers the table does not know; once edited, it traces the table's syscalls only.)
#ifndef IOR_EXAMPLES_IOR_DASHBOARD_PROBE_SELECTION_H_
#define IOR_EXAMPLES_IOR_DASHBOARD_PROBE_SELECTION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ior/selection.h"
#include "ior/syscalls.h"

namespace ior::dashboard {

// Indexed by syscall number: whether `selection` traces it (all false if it does not resolve).
std::vector<bool> TracedSyscalls(const Selection& selection);

// The families with at least one syscall traced under `selection`, in the library's order.
std::vector<std::string> TracedFamilies(const Selection& selection);

// `selection` with the syscalls `nrs` switched on or off. FailedPrecondition if nothing would
// stay traced.
absl::StatusOr<Selection> SwitchSyscalls(const Selection& selection,
                                         const std::vector<uint32_t>& nrs, bool on);
// `selection` with every syscall of `family` switched on or off.
absl::StatusOr<Selection> SwitchFamily(const Selection& selection, Family family, bool on);

}  // namespace ior::dashboard

#endif  // IOR_EXAMPLES_IOR_DASHBOARD_PROBE_SELECTION_H_
