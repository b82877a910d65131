#include "event_pipeline.h"

#include <utility>

namespace ior::internal {

EventPipeline::EventPipeline(size_t batch_size, absl::Duration max_delay, BatchQueue* queue,
                             CommCache::Reader comm_reader, FileTracker* files, Filters filters)
    : batch_size_(batch_size),
      max_delay_(max_delay),
      queue_(queue),
      comms_(std::move(comm_reader)),
      decoder_(&comms_, files),
      filters_(std::move(filters)) {
  StartBatch();
}

void EventPipeline::StartBatch() {
  pending_ = EventBatch();
  pending_.mutable_events().reserve(batch_size_);
}

void EventPipeline::Add(const void* data, size_t size) {
  std::vector<Event>& events = pending_.mutable_events();
  Event& slot = events.emplace_back();
  const DecodeResult result = decoder_.Decode(data, size, &slot, &pending_);
  if (result != DecodeResult::kEvent && result != DecodeResult::kForeign) {
    events.pop_back();
    return;
  }
  // Single writer: a plain store keeps the hot path free of locked instructions.
  decoded_.store(decoded_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  if (result == DecodeResult::kForeign || (filters_.comm && !filters_.comm->Matches(slot.comm)) ||
      (filters_.path && !filters_.path->Matches(pending_.File(slot)))) {
    events.pop_back();
    filtered_.store(filtered_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    return;
  }
  if (events.size() == 1) pending_since_ = absl::Now();
  if (events.size() >= batch_size_) Flush();
}

void EventPipeline::OnRecord(void* ctx, const void* data, size_t size) {
  static_cast<EventPipeline*>(ctx)->Add(data, size);
}

absl::Duration EventPipeline::FlushIfDue(absl::Time now) {
  if (pending_.empty()) return max_delay_;
  absl::Duration waited = now - pending_since_;
  if (waited < max_delay_) return max_delay_ - waited;
  Flush();
  return max_delay_;
}

void EventPipeline::Flush() {
  if (pending_.empty()) return;
  queue_->Push(std::move(pending_));
  StartBatch();
}

}  // namespace ior::internal
