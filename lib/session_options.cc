#include <algorithm>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ior/session.h"
#include "ior/syscall_names.h"

namespace ior {
namespace {

// Linux's PID_MAX_LIMIT on 64-bit: no pid or tid is larger.
constexpr pid_t kPidMaxLimit = 4 * 1024 * 1024;
constexpr size_t kMaxBatchSize = size_t{1} << 20;
constexpr size_t kMinRingBytes = 4096;
constexpr size_t kMaxRingBytes = size_t{1} << 30;

absl::Status CheckIds(const std::vector<pid_t>& ids, const char* what) {
  for (pid_t id : ids) {
    if (id < 1 || id > kPidMaxLimit) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " ", id, " is out of range: expected 1..", kPidMaxLimit));
    }
  }
  return absl::OkStatus();
}

}  // namespace

Selection EffectiveSelection(const SessionOptions& o) {
  Selection s = o.selection;
  s.syscalls.insert(s.syscalls.end(), o.syscalls.begin(), o.syscalls.end());
  return s;
}

absl::Status ValidateOptions(const SessionOptions& o) {
  if (absl::Status s = CheckIds(o.pids, "pid"); !s.ok()) return s;
  if (absl::Status s = CheckIds(o.tids, "tid"); !s.ok()) return s;
  for (const std::string& name : o.syscalls) {
    if (!SyscallNumber(name)) {
      return absl::InvalidArgumentError(absl::StrCat("unknown syscall '", name, "'"));
    }
  }
  if (absl::StatusOr<ResolvedSelection> r = ResolveSelection(EffectiveSelection(o)); !r.ok()) {
    return r.status();
  }
  if (o.batch_size < 1 || o.batch_size > kMaxBatchSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("batch_size ", o.batch_size, " is out of range: expected 1..", kMaxBatchSize));
  }
  if (o.max_delay <= absl::ZeroDuration() || o.max_delay > absl::Seconds(60)) {
    return absl::InvalidArgumentError(absl::StrCat("max_delay ", absl::FormatDuration(o.max_delay),
                                                   " is out of range: expected (0, 60s]"));
  }
  bool power_of_two = o.ring_bytes != 0 && (o.ring_bytes & (o.ring_bytes - 1)) == 0;
  if (!power_of_two || o.ring_bytes < kMinRingBytes || o.ring_bytes > kMaxRingBytes) {
    return absl::InvalidArgumentError(absl::StrCat("ring_bytes ", o.ring_bytes,
                                                   " must be a power of two in ", kMinRingBytes,
                                                   "..", kMaxRingBytes));
  }
  if (o.follow && o.pids.empty()) {
    return absl::InvalidArgumentError("follow needs target processes (pids) whose children to add");
  }
  if (o.comm_filter && o.comm_filter->text.empty()) {
    return absl::InvalidArgumentError("comm_filter text is empty");
  }
  if (o.path_filter && o.path_filter->text.empty()) {
    return absl::InvalidArgumentError("path_filter text is empty");
  }
  if (o.aggregate_only && (o.comm_filter || o.path_filter)) {
    return absl::InvalidArgumentError(
        "aggregate_only has no events for comm_filter or path_filter to pick");
  }
  if (o.btf_path.find('\0') != std::string::npos) {
    return absl::InvalidArgumentError("btf_path holds a NUL byte");
  }
  if (o.max_queued_batches < 1) {
    return absl::InvalidArgumentError("max_queued_batches must be at least 1");
  }
  return absl::OkStatus();
}

}  // namespace ior
