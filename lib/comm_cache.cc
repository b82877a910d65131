#include "comm_cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace ior::internal {
namespace {

Comm MakeComm(std::string_view s) {
  Comm c{};
  size_t n = std::min(s.size(), c.size() - 1);
  std::memcpy(c.data(), s.data(), n);
  return c;
}

bool ReadCommFile(const char* path, Comm* out) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[kCommLength + 1];
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0) return false;
  if (buf[n - 1] == '\n') --n;
  *out = MakeComm(std::string_view(buf, static_cast<size_t>(n)));
  return true;
}

}  // namespace

CommCache::CommCache(Reader reader, size_t max_entries)
    : reader_(std::move(reader)), max_entries_(max_entries) {}

bool CommCache::ReadFromProc(uint32_t pid, uint32_t tid, Comm* out) {
  char path[64];
  std::snprintf(path, sizeof(path), "/proc/%u/task/%u/comm", pid, tid);
  if (ReadCommFile(path, out)) return true;
  std::snprintf(path, sizeof(path), "/proc/%u/comm", pid);
  return ReadCommFile(path, out);
}

const TaskInfo& CommCache::Lookup(uint32_t pid, uint32_t tid) {
  if (last_ != nullptr && tid == last_tid_) return *last_;
  auto it = by_tid_.find(tid);
  if (it == by_tid_.end()) {
    // Bounded: a long system-wide trace sees many short-lived threads. Starting over costs
    // one /proc read per live thread.
    if (by_tid_.size() >= max_entries_) by_tid_.clear();
    // A thread shares its process leader's cgroup, and its name when the thread is gone.
    const auto leader = by_tid_.find(pid);
    TaskInfo task;
    if (leader != by_tid_.end()) task.cgroup_id = leader->second.cgroup_id;
    if (!reader_(pid, tid, &task.comm)) {
      task.comm = leader != by_tid_.end() ? leader->second.comm : MakeComm("?");
    }
    it = by_tid_.emplace(tid, task).first;
  }
  last_tid_ = tid;
  last_ = &it->second;
  return it->second;
}

void CommCache::Update(uint32_t pid, uint32_t tid, std::string_view comm, uint64_t cgroup_id) {
  (void)pid;
  if (by_tid_.size() >= max_entries_) by_tid_.clear();
  TaskInfo& task = by_tid_[tid];
  task.comm = MakeComm(comm);
  if (cgroup_id != 0) task.cgroup_id = cgroup_id;
  last_ = nullptr;  // the memo may point at a moved or changed entry
}

}  // namespace ior::internal
