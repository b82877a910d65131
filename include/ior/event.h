// One traced system call, and the batches in which a session delivers them.
//
//   session->Poll(absl::Seconds(1), [](const ior::EventBatch& batch) {
//     for (const ior::Event& e : batch.events())
//       std::printf("%s %s -> %lld\n", e.comm, ior::SyscallName(e.nr).c_str(), e.ret);
//     return 0;
//   });
#ifndef IOR_INCLUDE_IOR_EVENT_H_
#define IOR_INCLUDE_IOR_EVENT_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace ior {

inline constexpr size_t kEventArgs = 6;
inline constexpr size_t kCommLength = 16;

// Event::flags bits.
inline constexpr uint32_t kEventNoReturn = 0x1;       // exit, exit_group, rt_sigreturn: no ret
inline constexpr uint32_t kEventFirstOnThread = 0x2;  // first event of its thread: gap_ns is 0

// A completed system call. Plain data with a fixed size, so a batch is one contiguous array
// that bindings can expose without copying.
struct Event {
  uint64_t enter_ns;          // CLOCK_BOOTTIME when the call entered the kernel
  uint64_t latency_ns;        // time spent in the call; 0 for kEventNoReturn
  uint64_t gap_ns;            // enter minus the exit of the thread's previous event; 0 if first
  int64_t ret;                // return value (negative errno on failure); 0 for kEventNoReturn
  uint64_t args[kEventArgs];  // the raw syscall arguments
  uint32_t pid;               // process (thread group) id
  uint32_t tid;               // thread id
  uint32_t nr;                // syscall number (x86_64)
  uint32_t flags;             // kEvent* bits
  char comm[kCommLength];     // task name, NUL-terminated, at most 15 characters
};
static_assert(sizeof(Event) == 112);

// A run of events in the order the kernel produced them (per thread, in call order). Move-only;
// the session hands out batches it no longer touches, so a consumer may keep one as long as it
// likes.
class EventBatch {
 public:
  EventBatch() = default;
  explicit EventBatch(std::vector<Event> events) : events_(std::move(events)) {}
  EventBatch(EventBatch&&) = default;
  EventBatch& operator=(EventBatch&&) = default;
  EventBatch(const EventBatch&) = delete;
  EventBatch& operator=(const EventBatch&) = delete;

  std::span<const Event> events() const { return events_; }
  size_t size() const { return events_.size(); }
  bool empty() const { return events_.empty(); }

  // For producers: the underlying storage.
  std::vector<Event>& mutable_events() { return events_; }

 private:
  std::vector<Event> events_;
};

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_EVENT_H_
