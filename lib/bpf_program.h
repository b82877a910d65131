// Owns the loaded kernel side of one session: the skeleton, its maps and its links.
#ifndef IOR_LIB_BPF_PROGRAM_H_
#define IOR_LIB_BPF_PROGRAM_H_

#include <sys/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ior/selection.h"
#include "ior/stats.h"
#include "ior_wire.h"

struct bpf_link;
struct ior_bpf;

namespace ior::internal {

struct KernelCounters {
  uint64_t ring_full = 0;
  uint64_t exit_without_enter = 0;
  uint64_t state_unavailable = 0;
  uint64_t control_dropped = 0;
  // Calls the degraded rate left out, by level: [l - 1] while the rate was 1 in 2^l.
  std::array<uint64_t, IOR_WIRE_DEGRADE_MAX_LEVEL> degraded_by_level{};
};

class BpfProgram {
 public:
  struct Config {
    size_t ring_bytes = 0;
    uint32_t self_tgid = 0;
    uint64_t wakeup_bytes = 0;
    bool follow = false;     // children of target processes become targets
    uint64_t cgroup_id = 0;  // 0: any
    // File tracking: the calls the tracker needs are captured whether or not they are
    // selected (control records), and working directories are reported (IOR_WIRE_CWD).
    bool track_files = false;
    // Every selected syscall is sampled at 0 (counted, no records), whatever the selection.
    bool aggregate_only = false;
    // Degrade instead of drop (IOR_WIRE_DEGRADE): rows are thinned 1 in N per syscall while
    // the ring fills faster than it is drained (raised from 1/2 of the ring, lowered at 1/8).
    bool degrade = false;
    // BPF_ENABLE_STATS from Attach() to Detach(): ReadRunTime() then has figures.
    bool measure_run_time = false;
    // The BTF to relocate against (SessionOptions::btf_path); empty: the kernel's.
    std::string btf_path;
  };

  // Opens, sizes and loads the embedded object (verifier included); nothing is attached.
  // Errors explain in one sentence what the host lacks (privileges, BTF, BPF support).
  // Fills times->open_ns and load_ns.
  static absl::StatusOr<std::unique_ptr<BpfProgram>> Load(const Config& config,
                                                          StartupTimes* times);
  ~BpfProgram();
  BpfProgram(const BpfProgram&) = delete;
  BpfProgram& operator=(const BpfProgram&) = delete;

  absl::Status Attach();
  // Detaches the programs; calls already inside a program finish. Idempotent.
  void Detach();

  // Replaces the target sets; an empty span means "no filter" on that dimension.
  absl::Status SetTargets(std::span<const pid_t> pids, std::span<const pid_t> tids);
  // Writes the per-syscall configuration: enabled, sampling rate and capture plan (from the
  // syscall table); with track_files, also the tracked calls (SyscallInfo::tracked) that are
  // not selected. Numbers at or above IOR_WIRE_MAX_SYSCALLS, and numbers the table does not
  // know, share the last slot, enabled when the selection includes unknown numbers.
  absl::Status SetSyscalls(const ResolvedSelection& selection);

  int ring_fd() const;
  // Runs and run time of the programs (0 unless Config::measure_run_time).
  void ReadRunTime(uint64_t* runs, uint64_t* run_ns) const;
  KernelCounters ReadCounters() const;
  // Aggregates of every syscall slot with a non-zero count.
  std::vector<SyscallStats> ReadAggregates() const;

 private:
  BpfProgram(ior_bpf* skel, Config config);
  absl::Status WriteConfig();

  ior_bpf* skel_;                 // owned; destroyed with ior_bpf__destroy
  std::vector<bpf_link*> links_;  // owned, while attached (AttachLoaded)
  int stats_fd_ = -1;             // BPF_ENABLE_STATS while attached (measure_run_time)
  Config config_;
  ior_wire_config wire_config_;  // what the kernel side reads, as last written
  std::vector<ior_wire_syscall_config> syscall_slots_;  // the selection map, as last written
  // Per slot, the sampling rate it was last enabled with (kept when it is disabled, so that
  // its figures still say how they were taken): SyscallStats::sample_rate.
  std::vector<uint32_t> last_rates_ = std::vector<uint32_t>(IOR_WIRE_MAX_SYSCALLS, 1);
};

}  // namespace ior::internal

#endif  // IOR_LIB_BPF_PROGRAM_H_
