// ior::FlameAggregator: the flamegraph sink. Sums the events of a trace per key
//
//   (path, syscall, comm, pid, tid, open flags) → {count, duration, durationToPrev, bytes}
//
// the model of the original tool's flamegraphs and `.ior.zst` recordings. Collapsed stacks
// (ior/flame_collapsed.h), SVG flamegraphs (ior/flame_svg.h) and recordings
// (ior/flame_recording.h) are rendered from it.
//
//   ior::FlameAggregator flame;
//   session->Poll(absl::Milliseconds(100), [&](const ior::EventBatch& batch) {
//     flame.Add(batch);
//     return 0;
//   });
//   flame.ForEach([](const ior::FlameRecord& r) { ... });
//
// Keys: path is ior::FileLabel() of the event ("old -> new" for renames, "E:ino:<n>" when only
// the identity is known, empty when the call has no file); syscall is the name
// (ior::SyscallName); flags is Event::fd_flags. Strings are interned, so adding an event costs
// two hash lookups and no allocation once its strings have been seen.
//
// Bounded memory, as the original's recorder: at most Options::max_keys distinct keys are
// kept exactly. When full, an event with a new key is folded (stage 1) into the key of the same
// path, syscall, comm and flags with pid 0 and tid 0; those pid-less keys may use a headroom of
// max_keys / 8 (at least 1) beyond the cap. When that is used up too, the event goes (stage 2)
// to a key whose path and comm are "[other]" (pid 0, tid 0, same syscall and flags). Keys that
// exist keep aggregating exactly, so every total stays exact; folds() says how many events each
// stage absorbed.
//
// Threads: not thread-safe; use one aggregator from one thread at a time (aggregators on
// different threads can be merged with Merge()). Never prints, never throws.
#ifndef IOR_INCLUDE_IOR_FLAME_H_
#define IOR_INCLUDE_IOR_FLAME_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "ior/event.h"

namespace ior {

// The original's default cap on exact keys: 2^19 (about 40 MB here).
inline constexpr size_t kDefaultFlameMaxKeys = size_t{1} << 19;
// Path and comm of the stage-2 fold keys.
inline constexpr std::string_view kFlameOtherLabel = "[other]";

// The sums of one key. All u64; they wrap only after 2^64 ns (584 years) of summed latency.
struct FlameCounters {
  uint64_t count = 0;                // events
  uint64_t duration_ns = 0;          // sum of Event::latency_ns
  uint64_t duration_to_prev_ns = 0;  // sum of Event::gap_ns
  uint64_t bytes = 0;                // sum of Event::bytes

  FlameCounters& operator+=(const FlameCounters& o) {
    count += o.count;
    duration_ns += o.duration_ns;
    duration_to_prev_ns += o.duration_to_prev_ns;
    bytes += o.bytes;
    return *this;
  }
  friend bool operator==(const FlameCounters&, const FlameCounters&) = default;
};

// Events absorbed by the two fold stages (see the top of this file).
struct FlameFolds {
  uint64_t pidless = 0;  // stage 1: into the pid 0/tid 0 key of the same path and comm
  uint64_t other = 0;    // stage 2: into an "[other]" key
  uint64_t total() const { return pidless + other; }
};

// One key with its sums. The string views point into the aggregator and stay valid until it is
// destroyed or moved from (interned strings are never freed or moved).
struct FlameRecord {
  std::string_view path;     // empty: the call has no file
  std::string_view syscall;  // "openat"
  std::string_view comm;
  uint32_t pid = 0;
  uint32_t tid = 0;
  uint32_t flags = 0;  // open flags of the call's descriptor (Event::fd_flags)
  FlameCounters counters;
};

class FlameAggregator {
 public:
  struct Options {
    // Keys kept exactly before folding starts; 0 = no limit (used when loading recordings).
    size_t max_keys = kDefaultFlameMaxKeys;
  };

  FlameAggregator() : FlameAggregator(Options()) {}
  explicit FlameAggregator(const Options& options);
  ~FlameAggregator();
  FlameAggregator(FlameAggregator&&) noexcept;
  FlameAggregator& operator=(FlameAggregator&&) noexcept;
  FlameAggregator(const FlameAggregator&) = delete;
  FlameAggregator& operator=(const FlameAggregator&) = delete;

  // Adds every event of `batch`. The batch is only read during the call.
  void Add(const EventBatch& batch);
  // Adds one event, which must belong to `batch`.
  void Add(const EventBatch& batch, const Event& event);

  // Adds `counters` to a key given by its parts (recording readers, merging, tests). Subject to
  // the same cap and folding as events; folds count counters.count events.
  void AddRecord(std::string_view path, std::string_view syscall, std::string_view comm,
                 uint32_t pid, uint32_t tid, uint32_t flags, const FlameCounters& counters);

  // Adds every record of `other` (which is left unchanged).
  void Merge(const FlameAggregator& other);

  // Calls `fn` once per key, in no particular order. `fn` must not modify the aggregator.
  void ForEach(const std::function<void(const FlameRecord&)>& fn) const;
  // Every key, sorted by (comm, syscall, path, pid, tid, flags), for stable output.
  std::vector<FlameRecord> Records() const;

  // Distinct keys held (fold keys included).
  size_t size() const;
  // Sums over every event added: exact whatever was folded.
  const FlameCounters& totals() const;
  const FlameFolds& folds() const;
  size_t max_keys() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_FLAME_H_
