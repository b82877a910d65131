// Whether a traced process or thread still exists, read from /proc/<id>/stat (start time
// included, so a reused id is not mistaken for the task watched). The session uses it to end
// the stream when its targets are gone; embedders may use it for their own pids.
#ifndef IOR_INCLUDE_IOR_TASK_WATCH_H_
#define IOR_INCLUDE_IOR_TASK_WATCH_H_

#include <sys/types.h>

#include <cstdint>
#include <optional>

namespace ior {

// The process (thread group) that thread `id` belongs to, from /proc/<id>/status: `id` itself for
// a process. nullopt if there is no such task.
std::optional<pid_t> ThreadGroupOf(pid_t id);

class TaskWatch {
 public:
  // Watches process (thread group) `id`, or thread `id` if `thread` is true. nullopt if it does
  // not exist now.
  static std::optional<TaskWatch> Open(pid_t id, bool thread);

  // False once the process or thread has exited: /proc/<id> is gone, it is a zombie (for a
  // process: with no thread left), or the id now belongs to a newer task (reused).
  bool Alive() const;

  pid_t id() const { return id_; }

 private:
  TaskWatch(pid_t id, bool thread, uint64_t start_time)
      : id_(id), thread_(thread), start_time_(start_time) {}

  pid_t id_;
  bool thread_;
  uint64_t start_time_;  // field 22 of /proc/<id>/stat, in clock ticks since boot
};

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_TASK_WATCH_H_
