#include "foreign_tasks.h"

#include <sched.h>

namespace ior::internal {

ForeignTasks::ForeignTasks(TargetSet* targets) : targets_(targets) { Sync(); }

void ForeignTasks::Sync() {
  const TargetSet::Ids ids = targets_->RequestedIds();
  generation_ = ids.generation;
  follow_ = ids.follow;
  target_pids_ = {ids.pids.begin(), ids.pids.end()};
  target_tids_ = {ids.tids.begin(), ids.tids.end()};
  // Numbers that named no task when they were given are gone from the start.
  gone_pids_ = {ids.absent_pids.begin(), ids.absent_pids.end()};
  gone_tids_ = {ids.absent_tids.begin(), ids.absent_tids.end()};
  // A foreign process that is now a target by its own number is no longer foreign.
  absl::erase_if(foreign_, [&](const auto& entry) {
    return target_pids_.contains(entry.second) && !gone_pids_.contains(entry.second);
  });
  Update();
}

void ForeignTasks::OnFork(uint32_t pid, uint32_t tid, uint32_t child_pid, uint32_t child_tid,
                          uint64_t clone_flags) {
  if (IsForeign(pid, tid)) {
    // Under follow the kernel traces what a foreign task creates: foreign too.
    if (follow_) foreign_.insert_or_assign(child_tid, child_pid);
    Update();
    return;
  }
  // A mark left by a foreign task whose exit record was lost is not this new task's.
  foreign_.erase(child_tid);
  // A target's child under follow is a target, whatever number it took.
  if (follow_ && (clone_flags & CLONE_THREAD) == 0 && child_pid == child_tid) {
    gone_pids_.erase(child_pid);
  }
  Update();
}

void ForeignTasks::OnExit(uint32_t pid, uint32_t tid, bool group_dead) {
  if (generation_ != targets_->generation()) Sync();
  if (foreign_.erase(tid) == 0 && !gone_pids_.contains(pid)) {
    // A target's task: its numbers are free from now on.
    if (group_dead && target_pids_.contains(pid)) gone_pids_.insert(pid);
    if (target_tids_.contains(tid)) gone_tids_.insert(tid);
  }
  Update();
}

}  // namespace ior::internal
