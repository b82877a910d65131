// The live warning ior prints on stderr when the kernel drops more than 1% of the calls in a
// second, so that a run that loses most of its rows does not say so only at the end.
#ifndef IOR_EXAMPLES_IOR_DROP_WARNING_H_
#define IOR_EXAMPLES_IOR_DROP_WARNING_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"

namespace ior::cli {

class DropWarning {
 public:
  explicit DropWarning(absl::Time start) : last_(start) {}

  // Feeds the session's running totals (SessionStats::kernel_count and ::dropped). At most once
  // a second, and only when more than 1% of the calls of that second were dropped: the warning
  // line (ending in a newline).
  std::optional<std::string> Update(absl::Time now, uint64_t kernel_count, uint64_t dropped);

  // Whether a warning is due for a look at the counters (a second has passed).
  bool Due(absl::Time now) const { return now - last_ >= absl::Seconds(1); }

 private:
  absl::Time last_;
  uint64_t last_kernel_ = 0;
  uint64_t last_dropped_ = 0;
};

}  // namespace ior::cli

#endif  // IOR_EXAMPLES_IOR_DROP_WARNING_H_
