#include "batch_queue.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ior/error.h"

namespace ior::internal {

absl::StatusOr<std::unique_ptr<BatchQueue>> BatchQueue::Create(size_t capacity) {
  int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (fd < 0) {
    return ErrnoStatus(errno, "cannot create the session's eventfd");
  }
  return std::unique_ptr<BatchQueue>(new BatchQueue(capacity, fd));
}

BatchQueue::~BatchQueue() { close(event_fd_); }

// Keeps the eventfd readable exactly while a batch or the end of the stream is waiting.
void BatchQueue::SyncFdLocked() {
  bool want = !batches_.empty() || closed_;
  if (want == fd_signalled_) return;
  if (want) {
    uint64_t one = 1;
    (void)!write(event_fd_, &one, sizeof(one));
  } else {
    uint64_t value;
    (void)!read(event_fd_, &value, sizeof(value));
  }
  fd_signalled_ = want;
}

void BatchQueue::Push(EventBatch batch) {
  std::unique_lock lock(mu_);
  not_full_.wait(lock, [&] { return !bounded_ || batches_.size() < capacity_; });
  queued_events_ += batch.size();
  batches_.push_back(std::move(batch));
  SyncFdLocked();
  not_empty_.notify_one();
}

void BatchQueue::Close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  SyncFdLocked();
  not_empty_.notify_all();
}

void BatchQueue::Unbound() {
  std::lock_guard lock(mu_);
  bounded_ = false;
  not_full_.notify_all();
}

BatchQueue::PopResult BatchQueue::Pop(absl::Duration timeout, EventBatch* out) {
  std::unique_lock lock(mu_);
  auto ready = [&] { return !batches_.empty() || closed_; };
  if (!ready()) {
    // A zero timeout is a peek: a timed wait would still cost a futex call and the timer
    // slack (tens of microseconds) for nothing.
    if (timeout <= absl::ZeroDuration()) return PopResult::kTimeout;
    if (timeout == absl::InfiniteDuration()) {
      not_empty_.wait(lock, ready);
    } else if (!not_empty_.wait_for(lock, absl::ToChronoNanoseconds(timeout), ready)) {
      return PopResult::kTimeout;
    }
  }
  if (batches_.empty()) return PopResult::kEnd;
  *out = std::move(batches_.front());
  batches_.pop_front();
  queued_events_ -= out->size();
  delivered_events_.fetch_add(out->size(), std::memory_order_relaxed);
  SyncFdLocked();
  not_full_.notify_one();
  return PopResult::kBatch;
}

uint64_t BatchQueue::queued_events() const {
  std::lock_guard lock(mu_);
  return queued_events_;
}

}  // namespace ior::internal
