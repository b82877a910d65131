// The session's live targets: which of the processes and threads it was asked to trace (and,
// with follow, their descendants) still exist. The stream of a session with targets ends when
// this set is empty (SessionOptions::end_with_targets).
//
// Exits and forks come from the kernel's control records as they are decoded, so the set
// empties the moment the last target's exit is read. Control records can be lost (a full ring)
// or come in an order that hides a short-lived child, so the set is also checked against /proc
// (TaskWatch: existence and start time) at most every `recheck` interval.
#ifndef IOR_LIB_TARGET_SET_H_
#define IOR_LIB_TARGET_SET_H_

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <span>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "ior/task_watch.h"

namespace ior::internal {

class TargetSet {
 public:
  TargetSet(bool follow, absl::Duration recheck) : follow_(follow), recheck_(recheck) {}

  // Replaces the targets (at start, and when the session's targets change). Ids that do not
  // exist now are not added.
  void Reset(std::span<const pid_t> pids, std::span<const pid_t> tids);

  // The ids the kernel side filters on, as last Reset(), and those of them that named no task
  // then. `generation` changes with every Reset().
  struct Ids {
    uint64_t generation = 0;
    bool follow = false;
    std::vector<pid_t> pids, tids, absent_pids, absent_tids;
  };
  Ids RequestedIds() const;
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  // A target created a task. With follow, a new process (not a thread) becomes a target.
  void OnFork(uint32_t child_pid, uint32_t child_tid, uint64_t clone_flags);

  // A target task exited; `group_dead` when it was the last thread of its process.
  void OnExit(uint32_t pid, uint32_t tid, bool group_dead);

  // True once no target is left: every process (with its followed descendants) gone when
  // processes were given, every thread gone when threads were, either when both were (the
  // session traces the given threads of the given processes). Rechecks the remaining ones
  // against /proc when the last check is older than the recheck interval.
  bool AllGone(absl::Time now);

 private:
  const bool follow_;
  const absl::Duration recheck_;
  // Reset() comes from the live-change caller, the rest from the drain thread.
  mutable std::mutex mu_;
  absl::flat_hash_map<pid_t, TaskWatch> processes_;
  absl::flat_hash_map<pid_t, TaskWatch> threads_;
  bool by_process_ = false;  // Reset() was given processes
  bool by_thread_ = false;   // ... threads
  bool Empty() const;        // mu_ held
  absl::Time last_check_ = absl::InfinitePast();
  Ids requested_;  // mu_ held
  std::atomic<uint64_t> generation_{0};
};

}  // namespace ior::internal

#endif  // IOR_LIB_TARGET_SET_H_
