// Tasks the kernel traces only because they took the id of a target that is gone.
//
// The kernel side filters targets by number (thread group id, thread id). Once a target has
// exited, its number is free, and a new process given the same number is traced as if it were
// the target. The records say when that happens: a target's last exit record (group dead)
// comes before any record of a later task with its number, and a task's first record tells who
// it is (its first traced call, or the fork that created it). So, in record order: a number the
// session targets becomes "gone" at its target's exit (or at start, if nobody had it then);
// tasks under a gone number are foreign, and so are the children a foreign task creates under
// follow (the kernel marks them as followed). A child of a real target that takes a gone number
// under follow is a real target. Foreign tasks' calls are counted (SessionStats::filtered) but
// never delivered, and their control records do not reach the name cache or the file tracker.
//
// Only the drain thread uses it; the targets' live changes (TargetSet::Reset) are picked up
// through TargetSet::generation().
#ifndef IOR_LIB_FOREIGN_TASKS_H_
#define IOR_LIB_FOREIGN_TASKS_H_

#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "target_set.h"

namespace ior::internal {

class ForeignTasks {
 public:
  // `targets` (not owned) says which numbers the session targets and which were free.
  explicit ForeignTasks(TargetSet* targets);

  // Whether a record of task (pid, tid) belongs to a foreign task. A handful of instructions
  // while no target is gone.
  bool IsForeign(uint32_t pid, uint32_t tid) {
    if (generation_ != targets_->generation()) Sync();
    if (none_) return false;
    return gone_pids_.contains(pid) || gone_tids_.contains(tid) || foreign_.contains(tid);
  }

  // A traced task (pid, tid) created (child_pid, child_tid).
  void OnFork(uint32_t pid, uint32_t tid, uint32_t child_pid, uint32_t child_tid,
              uint64_t clone_flags);

  // A traced task exited; `group_dead`: the last thread of its process.
  void OnExit(uint32_t pid, uint32_t tid, bool group_dead);

 private:
  void Sync();  // takes the targets as last reset
  void Update() { none_ = gone_pids_.empty() && gone_tids_.empty() && foreign_.empty(); }

  TargetSet* targets_;
  uint64_t generation_ = ~uint64_t{0};
  bool follow_ = false;
  bool none_ = true;  // no gone number, no foreign task: nothing to look up
  absl::flat_hash_set<uint32_t> target_pids_, target_tids_;  // the numbers the kernel matches
  absl::flat_hash_set<uint32_t> gone_pids_, gone_tids_;      // ... whose task is gone
  absl::flat_hash_map<uint32_t, uint32_t> foreign_;          // tid -> pid: marked at their fork
};

}  // namespace ior::internal

#endif  // IOR_LIB_FOREIGN_TASKS_H_
