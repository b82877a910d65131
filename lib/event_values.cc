#include "ior/event_values.h"

#include <string.h>
#include <time.h>

#include <cstdint>
#include <string_view>

#include "ior/event.h"

namespace ior {
namespace {

int64_t ClockNs(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

std::string_view ErrnoName(int errnum) {
  const char* name = strerrorname_np(errnum);
  return name != nullptr ? std::string_view(name) : std::string_view();
}

std::string_view EpollOpName(uint8_t op) {
  switch (op) {
    case 1:
      return "ADD";
    case 2:
      return "DEL";
    case 3:
      return "MOD";
    default:
      return "";
  }
}

std::string_view FileStatusName(uint8_t status) {
  switch (static_cast<FileStatus>(status)) {
    case FileStatus::kNone:
      return "none";
    case FileStatus::kPath:
      return "path";
    case FileStatus::kRelative:
      return "relative";
    case FileStatus::kKernelName:
      return "kernel_name";
    case FileStatus::kIdentity:
      return "identity";
  }
  return "unknown";
}

int64_t BootClockOffsetNs() {
  // Read the boot clock between two wall-clock reads and pair it with their midpoint, so that
  // a preemption between the reads skews the offset by at most half the window.
  const int64_t wall0 = ClockNs(CLOCK_REALTIME);
  const int64_t boot = ClockNs(CLOCK_BOOTTIME);
  const int64_t wall1 = ClockNs(CLOCK_REALTIME);
  return wall0 + (wall1 - wall0) / 2 - boot;
}

}  // namespace ior
