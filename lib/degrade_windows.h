// The time windows in which the kernel degraded rows (SessionOptions::degrade): the drain
// thread samples the kernel's degraded-by-level counters, and the per-level deltas over a
// window give its calls and, exactly, the thinnest rate among them.
#ifndef IOR_LIB_DEGRADE_WINDOWS_H_
#define IOR_LIB_DEGRADE_WINDOWS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "ior/stats.h"
#include "ior_wire.h"

namespace ior::internal {

class DegradeWindows {
 public:
  using Counts = std::array<uint64_t, IOR_WIRE_DEGRADE_MAX_LEVEL>;  // cumulative, by level

  // Windows of at least `window_ns`; the last `max_windows` are kept.
  DegradeWindows(uint64_t window_ns, size_t max_windows);

  // The counters at `now_ns`, when the trace starts (every later delta is against them).
  void Start(uint64_t now_ns, const Counts& counts);
  // The counters at `now_ns`: closes the window if it lasted window_ns, and records it if calls
  // were degraded in it. Cheap when the window is still open (no counters needed then: see Due).
  void Sample(uint64_t now_ns, const Counts& counts);
  // Whether Sample() at `now_ns` would close the window (the caller reads the counters only
  // then).
  bool Due(uint64_t now_ns) const;
  // Closes the last window at `now_ns`, however short.
  void Finish(uint64_t now_ns, const Counts& counts);

  // Thread-safe: the windows so far, oldest first, and how many older ones were left out.
  void Read(std::vector<DegradeWindow>* windows, uint64_t* dropped) const;

 private:
  void Close(uint64_t now_ns, const Counts& counts);  // mu_ held

  const uint64_t window_ns_;
  const size_t max_windows_;
  uint64_t start_ns_ = 0;
  Counts last_{};
  mutable std::mutex mu_;
  std::deque<DegradeWindow> windows_;
  uint64_t dropped_ = 0;
};

}  // namespace ior::internal

#endif  // IOR_LIB_DEGRADE_WINDOWS_H_
