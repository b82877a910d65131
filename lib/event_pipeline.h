// decode → batch → queue: what the drain thread does with every ring-buffer record.
//
// Kept apart from the ring buffer so that the benchmark and the unit tests can drive it with
// synthetic records.
#ifndef IOR_LIB_EVENT_PIPELINE_H_
#define IOR_LIB_EVENT_PIPELINE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "absl/time/time.h"
#include "batch_queue.h"
#include "comm_cache.h"
#include "decoder.h"
#include "ior/event.h"
#include "ior/session.h"

namespace ior::internal {

class EventPipeline {
 public:
  // Output filters, applied after decoding (and after the descriptor tables saw the event).
  struct Filters {
    std::optional<TextFilter> comm;
    std::optional<TextFilter> path;
  };

  // `queue` and `files` (may be null: no descriptor tracking) are not owned and must outlive
  // the pipeline.
  EventPipeline(size_t batch_size, absl::Duration max_delay, BatchQueue* queue,
                CommCache::Reader comm_reader = CommCache::ReadFromProc,
                FileTracker* files = nullptr, Filters filters = {});

  // Decodes one record; hands the batch to the queue when it is full.
  void Add(const void* data, size_t size);

  // RingReader::Callback: `ctx` is the pipeline.
  static void OnRecord(void* ctx, const void* data, size_t size);

  // Hands the pending batch to the queue if its oldest event has waited max_delay. Returns how
  // long until it will be due (max_delay when nothing is pending).
  absl::Duration FlushIfDue(absl::Time now);

  // Hands the pending batch to the queue now, if it holds anything.
  void Flush();

  uint64_t decoded() const { return decoded_.load(std::memory_order_relaxed); }
  uint64_t filtered() const { return filtered_.load(std::memory_order_relaxed); }
  uint64_t malformed() const { return decoder_.malformed(); }

  // Forks and exits of targets also go to `targets` (not owned; null: nobody watches).
  void set_targets(TargetSet* targets) { decoder_.set_targets(targets); }

 private:
  void StartBatch();

  size_t batch_size_;
  absl::Duration max_delay_;
  BatchQueue* queue_;
  CommCache comms_;
  Decoder decoder_;
  EventBatch pending_;
  absl::Time pending_since_;
  Filters filters_;
  std::atomic<uint64_t> decoded_{0};
  std::atomic<uint64_t> filtered_{0};
};

}  // namespace ior::internal

#endif  // IOR_LIB_EVENT_PIPELINE_H_
