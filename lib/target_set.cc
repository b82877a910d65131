#include "target_set.h"

#include <sched.h>

#include <optional>

namespace ior::internal {
namespace {

void Watch(pid_t id, bool thread, absl::flat_hash_map<pid_t, TaskWatch>* into) {
  if (std::optional<TaskWatch> w = TaskWatch::Open(id, thread); w.has_value()) {
    into->insert_or_assign(id, *w);
  }
}

}  // namespace

void TargetSet::Reset(std::span<const pid_t> pids, std::span<const pid_t> tids) {
  std::lock_guard lock(mu_);
  processes_.clear();
  threads_.clear();
  by_process_ = !pids.empty();
  by_thread_ = !tids.empty();
  for (pid_t pid : pids) Watch(pid, /*thread=*/false, &processes_);
  for (pid_t tid : tids) Watch(tid, /*thread=*/true, &threads_);
  last_check_ = absl::InfinitePast();
  requested_ = Ids{};
  requested_.generation = generation_.load(std::memory_order_relaxed) + 1;
  requested_.follow = follow_;
  requested_.pids.assign(pids.begin(), pids.end());
  requested_.tids.assign(tids.begin(), tids.end());
  for (pid_t pid : pids) {
    if (!processes_.contains(pid)) requested_.absent_pids.push_back(pid);
  }
  for (pid_t tid : tids) {
    if (!threads_.contains(tid)) requested_.absent_tids.push_back(tid);
  }
  generation_.store(requested_.generation, std::memory_order_release);
}

TargetSet::Ids TargetSet::RequestedIds() const {
  std::lock_guard lock(mu_);
  return requested_;
}

void TargetSet::OnFork(uint32_t child_pid, uint32_t child_tid, uint64_t clone_flags) {
  if (!follow_ || (clone_flags & CLONE_THREAD) != 0 || child_pid != child_tid) return;
  std::lock_guard lock(mu_);
  // A child that is already gone is not added: its exit may have been read before its fork.
  Watch(static_cast<pid_t>(child_pid), /*thread=*/false, &processes_);
}

void TargetSet::OnExit(uint32_t pid, uint32_t tid, bool group_dead) {
  std::lock_guard lock(mu_);
  if (group_dead) processes_.erase(static_cast<pid_t>(pid));
  threads_.erase(static_cast<pid_t>(tid));
}

bool TargetSet::Empty() const {
  // Processes and threads together trace their intersection (the kernel checks both): it is
  // empty as soon as either side is.
  return (by_process_ && processes_.empty()) || (by_thread_ && threads_.empty()) ||
         (!by_process_ && !by_thread_);
}

bool TargetSet::AllGone(absl::Time now) {
  std::lock_guard lock(mu_);
  if (Empty()) return true;
  if (now - last_check_ < recheck_) return false;
  last_check_ = now;
  absl::erase_if(processes_, [](const auto& entry) { return !entry.second.Alive(); });
  absl::erase_if(threads_, [](const auto& entry) { return !entry.second.Alive(); });
  return Empty();
}

}  // namespace ior::internal
