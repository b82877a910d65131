// The hand-off between the drain thread (producer) and the consumer's Poll()/NextBatch().
//
// Bounded, so a consumer that stops polling makes the drain thread wait and the kernel ring
// absorb the backlog (where any loss is counted) instead of memory growing without end. An
// eventfd mirrors "a batch or the end is waiting" for epoll users.
#ifndef IOR_LIB_BATCH_QUEUE_H_
#define IOR_LIB_BATCH_QUEUE_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ior/event.h"

namespace ior::internal {

class BatchQueue {
 public:
  static absl::StatusOr<std::unique_ptr<BatchQueue>> Create(size_t capacity);
  ~BatchQueue();

  // Producer: appends a batch, waiting while the queue is full and bounded.
  void Push(EventBatch batch);
  // Producer: no batch will follow. Pop() reports the end once the queue is empty.
  void Close();
  // Lifts the bound so a final drain never waits for a consumer.
  void Unbound();

  enum class PopResult { kBatch, kTimeout, kEnd };
  // Consumer: waits up to `timeout` for a batch.
  PopResult Pop(absl::Duration timeout, EventBatch* out);

  int fd() const { return event_fd_; }
  uint64_t queued_events() const;
  uint64_t delivered_events() const { return delivered_events_.load(std::memory_order_relaxed); }

 private:
  BatchQueue(size_t capacity, int event_fd) : capacity_(capacity), event_fd_(event_fd) {}
  void SyncFdLocked();

  mutable std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<EventBatch> batches_;
  size_t capacity_;
  bool bounded_ = true;
  bool closed_ = false;
  bool fd_signalled_ = false;
  uint64_t queued_events_ = 0;
  std::atomic<uint64_t> delivered_events_{0};
  int event_fd_;
};

}  // namespace ior::internal

#endif  // IOR_LIB_BATCH_QUEUE_H_
