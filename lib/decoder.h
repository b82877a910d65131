// Turns ring-buffer records (bpf/ior_wire.h) into ior::Event values.
#ifndef IOR_LIB_DECODER_H_
#define IOR_LIB_DECODER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "comm_cache.h"
#include "foreign_tasks.h"
#include "ior/event.h"
#include "target_set.h"

namespace ior::internal {

enum class DecodeResult {
  kEvent,      // *out holds a syscall event
  kControl,    // a control record updated the decoder's state; no event
  kMalformed,  // too short, unknown type, or a size that disagrees with the type
  // A call of a task traced only because it took the id of a gone target (foreign_tasks.h):
  // counted, not delivered.
  kForeign,
};

class FileTracker;

class Decoder {
 public:
  // `comms` is required; `files` may be null (no descriptor tracking: events carry only the
  // paths the calls name). Neither is owned.
  explicit Decoder(CommCache* comms, FileTracker* files = nullptr) : comms_(comms), files_(files) {}

  // Decodes one record of `size` bytes into `out`, adding its strings to `batch` (which
  // holds `out`). Only the drain thread calls this.
  DecodeResult Decode(const void* data, size_t size, Event* out, EventBatch* batch);

  uint64_t malformed() const { return malformed_; }

  // Forks and exits of targets also go to `targets` (may be null; not owned), and the records
  // of tasks that only took a gone target's id are told apart (kForeign).
  void set_targets(TargetSet* targets) {
    targets_ = targets;
    foreign_ = targets != nullptr ? std::make_unique<ForeignTasks>(targets) : nullptr;
  }

 private:
  CommCache* comms_;                       // not owned
  FileTracker* files_;                     // not owned, may be null
  TargetSet* targets_ = nullptr;           // not owned, may be null
  std::unique_ptr<ForeignTasks> foreign_;  // with targets_
  bool Foreign(uint32_t pid, uint32_t tid) { return foreign_ && foreign_->IsForeign(pid, tid); }
  uint64_t malformed_ = 0;
  std::string cwd_;  // reused for IOR_WIRE_CWD records
};

}  // namespace ior::internal

#endif  // IOR_LIB_DECODER_H_
