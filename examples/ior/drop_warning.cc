#include "drop_warning.h"

#include <optional>
#include <string>

#include "absl/strings/str_format.h"

namespace ior::cli {

std::optional<std::string> DropWarning::Update(absl::Time now, uint64_t kernel_count,
                                               uint64_t dropped) {
  if (!Due(now)) return std::nullopt;
  const uint64_t calls = kernel_count - last_kernel_;
  const uint64_t lost = dropped - last_dropped_;
  last_ = now;
  last_kernel_ = kernel_count;
  last_dropped_ = dropped;
  if (calls == 0 || lost * 100 <= calls) return std::nullopt;
  return absl::StrFormat(
      "ior: warning: dropped %d of %d calls (%.1f%%) in the last second: the output does not "
      "keep up (raise -map-size, trace fewer syscalls, or sample with -syscall-sampling-*)\n",
      lost, calls, 100.0 * static_cast<double>(lost) / static_cast<double>(calls));
}

}  // namespace ior::cli
