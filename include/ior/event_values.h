// What an event's raw values mean, for sinks and bindings that present them: whether a return
// value is an error and its errno's name, the names of small enumerations, device numbers as
// stat(2) gives them, and the wall-clock time of a CLOCK_BOOTTIME stamp.
//
//   if (ior::IsErrorReturn(e.ret)) name = ior::ErrnoName(static_cast<int>(-e.ret));  // "ENOENT"
//   int64_t wall_ns = static_cast<int64_t>(e.enter_ns) + ior::BootClockOffsetNs();
#ifndef IOR_INCLUDE_IOR_EVENT_VALUES_H_
#define IOR_INCLUDE_IOR_EVENT_VALUES_H_

#include <cstdint>
#include <string_view>

namespace ior {

// Whether a syscall return value is a failure, as the kernel side counts errors
// (bpf/syscalls.bpf.c): -4095..-1, the restart codes -512..-516 excepted.
constexpr bool IsErrorReturn(int64_t ret) {
  return ret >= -4095 && ret <= -1 && !(ret <= -512 && ret >= -516);
}

// The symbolic name of an errno ("ENOENT"); empty for a number the C library does not name.
std::string_view ErrnoName(int errnum);

// Event::epoll_op as "ADD", "DEL", "MOD"; empty for 0 and unknown values.
std::string_view EpollOpName(uint8_t op);

// Event::file_status as "none", "path", "relative", "kernel_name", "identity"; "unknown" for a
// value this version does not define.
std::string_view FileStatusName(uint8_t status);

// A device number of an event (Event::dev, Event::file_dev: the kernel's internal encoding,
// major << 20 | minor) as stat(2)'s st_dev encodes it (glibc's makedev(major, minor)).
constexpr uint64_t StatDev(uint32_t kernel_dev) {
  const uint64_t major = kernel_dev >> 20;
  const uint64_t minor = kernel_dev & 0xfffff;
  return ((major & 0xfffff000) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00) << 12) |
         (minor & 0xff);
}

// The wall clock (CLOCK_REALTIME, ns since the Unix epoch) minus CLOCK_BOOTTIME, read now: add
// it to Event::enter_ns for the wall-clock time of a call. It changes when the wall clock is
// set (NTP steps), so read it once per trace for consistent times.
int64_t BootClockOffsetNs();

}  // namespace ior

#endif  // IOR_INCLUDE_IOR_EVENT_VALUES_H_
