// Synthetic events for the flame tests.
#ifndef IOR_TESTS_UNIT_FLAME_TEST_UTIL_H_
#define IOR_TESTS_UNIT_FLAME_TEST_UTIL_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "ior/event.h"
#include "ior/syscall_names.h"

namespace ior::testing {

struct SyntheticCall {
  std::string_view syscall;
  std::string_view comm;
  uint32_t pid;
  uint32_t tid;
  std::string_view file;  // "" = none
  uint64_t latency_ns = 0;
  uint64_t gap_ns = 0;
  uint64_t bytes = 0;
  uint32_t fd_flags = 0;
  std::string_view old_file = "";  // rename: the old name
};

// Appends one event for `call` to `batch`.
inline void AddCall(EventBatch& batch, const SyntheticCall& call) {
  Event e;
  std::memset(&e, 0, sizeof(e));
  e.nr = SyscallNumber(call.syscall).value();
  std::memcpy(e.comm, call.comm.data(), std::min(call.comm.size(), kCommLength - 1));
  e.pid = call.pid;
  e.tid = call.tid;
  e.latency_ns = call.latency_ns;
  e.gap_ns = call.gap_ns;
  e.bytes = call.bytes;
  e.fd_flags = call.fd_flags;
  e.fd = kNoFd;
  if (!call.file.empty()) {
    e.file_ref = batch.AddString(call.file);
    e.file_status = static_cast<uint8_t>(FileStatus::kPath);
  }
  if (!call.old_file.empty()) e.old_file_ref = batch.AddString(call.old_file);
  batch.mutable_events().push_back(e);
}

}  // namespace ior::testing

#endif  // IOR_TESTS_UNIT_FLAME_TEST_UTIL_H_
