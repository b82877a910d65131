// Consecutive phases of a span of time, e.g. the steps of Session::Start().
#ifndef IOR_LIB_STOPWATCH_H_
#define IOR_LIB_STOPWATCH_H_

#include <cstdint>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace ior::internal {

class Stopwatch {
 public:
  Stopwatch() : start_(absl::Now()), lap_(start_) {}

  // Nanoseconds since the previous lap (or the start); the next lap begins now.
  uint64_t Lap() {
    const absl::Time now = absl::Now();
    const uint64_t ns = Ns(now - lap_);
    lap_ = now;
    return ns;
  }
  // Nanoseconds since the start.
  uint64_t Total() const { return Ns(absl::Now() - start_); }

 private:
  static uint64_t Ns(absl::Duration d) {
    const int64_t ns = absl::ToInt64Nanoseconds(d);
    return ns > 0 ? static_cast<uint64_t>(ns) : 0;
  }

  absl::Time start_;
  absl::Time lap_;
};

}  // namespace ior::internal

#endif  // IOR_LIB_STOPWATCH_H_
