#include "degrade_windows.h"

#include <algorithm>

namespace ior::internal {

DegradeWindows::DegradeWindows(uint64_t window_ns, size_t max_windows)
    : window_ns_(window_ns), max_windows_(std::max<size_t>(max_windows, 1)) {}

void DegradeWindows::Start(uint64_t now_ns, const Counts& counts) {
  std::lock_guard lock(mu_);
  start_ns_ = now_ns;
  last_ = counts;
}

bool DegradeWindows::Due(uint64_t now_ns) const {
  return now_ns >= start_ns_ && now_ns - start_ns_ >= window_ns_;
}

void DegradeWindows::Sample(uint64_t now_ns, const Counts& counts) {
  if (!Due(now_ns)) return;
  std::lock_guard lock(mu_);
  Close(now_ns, counts);
}

void DegradeWindows::Finish(uint64_t now_ns, const Counts& counts) {
  std::lock_guard lock(mu_);
  Close(now_ns, counts);
}

void DegradeWindows::Close(uint64_t now_ns, const Counts& counts) {
  DegradeWindow w;
  w.start_ns = start_ns_;
  w.end_ns = std::max(now_ns, start_ns_);
  for (size_t l = 0; l < counts.size(); ++l) {
    // Counters only grow; a smaller value (never expected) counts as no change.
    const uint64_t delta = counts[l] > last_[l] ? counts[l] - last_[l] : 0;
    w.calls += delta;
    if (delta != 0) w.min_one_in = uint32_t{1} << (l + 1);
  }
  start_ns_ = w.end_ns;
  last_ = counts;
  if (w.calls == 0) return;
  windows_.push_back(w);
  if (windows_.size() > max_windows_) {
    windows_.pop_front();
    ++dropped_;
  }
}

void DegradeWindows::Read(std::vector<DegradeWindow>* windows, uint64_t* dropped) const {
  std::lock_guard lock(mu_);
  windows->assign(windows_.begin(), windows_.end());
  *dropped = dropped_;
}

}  // namespace ior::internal
