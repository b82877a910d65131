// The warning that names the selected syscalls the running kernel does not implement, found
// without holding up the start of a trace.
#ifndef IOR_LIB_MISSING_SYSCALLS_H_
#define IOR_LIB_MISSING_SYSCALLS_H_

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ior/selection.h"

namespace ior::internal {

// Syscalls the kernel was built without have no __x64_sys_ entry point of their own (only a
// weak stub that returns ENOSYS). Telling them apart needs /proc/kallsyms, which the kernel
// produces slowly (~30 ms of CPU, 100+ ms on a busy host for its 5 MB), so the look happens
// on a thread of its own while the session starts, and the one warning line is logged when it
// is done. Their calls are traced like any other (they fail with ENOSYS).
//
// The thread runs at idle priority (SCHED_IDLE): on a small host it would otherwise take the
// CPU that loading the programs and the traced command need right then. Join() lifts that, so
// whoever waits for the look does not wait on a busy host's leftovers.
class MissingSyscallCheck {
 public:
  // Starts looking for the selected syscalls that are missing.
  explicit MissingSyscallCheck(const ResolvedSelection& selection);
  // Waits for the look to end (the warning, if any, is logged by then).
  ~MissingSyscallCheck();
  MissingSyscallCheck(const MissingSyscallCheck&) = delete;
  MissingSyscallCheck& operator=(const MissingSyscallCheck&) = delete;

  // Waits for the look to end. Idempotent.
  void Join();

 private:
  void Look(const ResolvedSelection& selection);

  std::mutex mu_;
  pid_t idle_tid_ = 0;  // the looking thread while it runs at idle priority
  bool joining_ = false;
  std::thread thread_;  // last: it starts once the fields above exist
};

// The selected syscalls whose entry point `kallsyms` (the text of /proc/kallsyms) shows as a
// weak stub or not at all, in table order. Empty when the symbols are hidden (kptr_restrict
// shows no __x64_sys_ text symbol at all).
std::vector<std::string> MissingSyscalls(const ResolvedSelection& selection,
                                         std::string_view kallsyms);

}  // namespace ior::internal

#endif  // IOR_LIB_MISSING_SYSCALLS_H_
