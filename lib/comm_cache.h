// Task names (comm) and cgroups by thread id, for decorating events.
//
// The kernel tells us about a task's first traced call and its execs (control records, with
// the name and the cgroup); a name the records did not give is read from /proc the first time
// a thread shows up. Only the drain thread uses a cache, so it is not synchronized.
#ifndef IOR_LIB_COMM_CACHE_H_
#define IOR_LIB_COMM_CACHE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "ior/event.h"

namespace ior::internal {

using Comm = std::array<char, kCommLength>;

struct TaskInfo {
  Comm comm{};
  uint64_t cgroup_id = 0;  // 0: unknown
};

class CommCache {
 public:
  // Reads the comm of (pid, tid) from the system; returns false if the task is gone.
  using Reader = std::function<bool(uint32_t pid, uint32_t tid, Comm* out)>;

  // Reads from /proc by default; tests inject their own reader.
  explicit CommCache(Reader reader = ReadFromProc, size_t max_entries = 1 << 16);

  // Thread `tid` of process `pid`: cached, else its comm read, else the process's, else "?".
  // The reference is valid until the next call.
  const TaskInfo& Lookup(uint32_t pid, uint32_t tid);

  // A task changed its comm (exec, rename) or was first seen; `cgroup_id` 0 keeps the cgroup
  // already known.
  void Update(uint32_t pid, uint32_t tid, std::string_view comm, uint64_t cgroup_id = 0);

  size_t size() const { return by_tid_.size(); }

  static bool ReadFromProc(uint32_t pid, uint32_t tid, Comm* out);

 private:
  Reader reader_;
  size_t max_entries_;
  absl::flat_hash_map<uint32_t, TaskInfo> by_tid_;
  // One-entry memo: consecutive events mostly come from the same thread.
  uint32_t last_tid_ = 0;
  const TaskInfo* last_ = nullptr;
};

}  // namespace ior::internal

#endif  // IOR_LIB_COMM_CACHE_H_
