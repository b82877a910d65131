#include "bpf_program.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "btf_load_hook.h"
#include "core_btf.h"
#include "ior/error.h"
#include "ior/escape.h"
#include "ior/syscalls.h"
#include "ior_wire.h"
#include "log.h"
#include "stopwatch.h"
#include "syscalls.skel.h"

namespace ior::internal {
namespace {

constexpr char kBtfPath[] = "/sys/kernel/btf/vmlinux";

// One sentence for what went wrong while loading, never a libbpf dump (that goes to the log).
absl::Status LoadErrorText(int err, const char* step) {
  err = err < 0 ? -err : err;
  if ((err == EPERM || err == EACCES) && geteuid() == 0 && std::string_view(step) == "load") {
    // Root is refused only by the verifier (or a security module).
    return absl::InternalError(
        "the kernel's verifier (or a security module) rejected the tracing programs; the "
        "library's log sink (ior::SetLogSink) receives the verifier's report");
  }
  if (err == EPERM || err == EACCES) {
    return absl::PermissionDeniedError(
        "permission denied loading eBPF programs: run as root, or grant CAP_BPF and "
        "CAP_PERFMON (e.g. setcap cap_bpf,cap_perfmon+ep on the program)");
  }
  if (err == ENOSYS) {
    return absl::FailedPreconditionError(
        "this kernel does not support eBPF (the bpf() system call is missing)");
  }
  if (err == ENOTSUP || err == EOPNOTSUPP || err == EINVAL || err == ESRCH || err == ENOENT) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the kernel refused the tracing programs while trying to ", step, " (", strerror(err),
        "); libior needs Linux 6.2 or newer with BTF, tp_btf programs, task storage and the "
        "BPF ring buffer"));
  }
  return absl::InternalError(
      absl::StrCat("cannot ", step, " the tracing programs: ", strerror(err)));
}

// LoadErrorText() with the kernel's errno as its error number (ior/error.h), except for the
// verifier's refusal, whose errno (EPERM for root) would mislead.
absl::Status LoadError(int err, const char* step) {
  absl::Status status = LoadErrorText(err, step);
  if (status.code() == absl::StatusCode::kInternal) return status;
  return WithErrorNumber(std::move(status), -(err < 0 ? -err : err));
}

// A BTF file given in the options must parse as BTF before libbpf relocates against it: its
// own failure would surface as a refused load, naming neither the file nor the cause.
absl::Status CheckBtfFile(const std::string& path) {
  btf* parsed = btf__parse(path.c_str(), nullptr);
  if (parsed != nullptr) {
    btf__free(parsed);
    return absl::OkStatus();
  }
  const int err = errno;
  char reason[128];
  libbpf_strerror(err, reason, sizeof(reason));  // libbpf's own codes (bad ELF...) included
  const std::string shown = EscapeText(path);
  std::string text;
  if (err == ENOENT || err == ENOTDIR) {
    text = absl::StrCat("the BTF file '", shown, "' does not exist");
  } else if (err == EACCES || err == EPERM) {
    text = absl::StrCat("the BTF file '", shown, "' cannot be read: ", reason);
  } else {
    text = absl::StrCat("the BTF file '", shown, "' holds no BTF type information (", reason, ")");
  }
  return WithErrorNumber(absl::FailedPreconditionError(text), kErrorNoBtf);
}

// Makes the ring buffer map on a thread of its own. The ring is the largest map (16 MiB by
// default: 5-9 ms of the kernel's time to allocate and map), made while the kernel's BTF is read
// and the object opened, then handed to libbpf. Its descriptor is closed unless taken.
class RingMaker {
 public:
  explicit RingMaker(size_t bytes)
      : thread_([this, bytes] {
          fd_ = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "events", 0, 0, static_cast<uint32_t>(bytes),
                               nullptr);
        }) {}
  RingMaker(const RingMaker&) = delete;
  RingMaker& operator=(const RingMaker&) = delete;
  ~RingMaker() {
    Wait();
    if (fd_ >= 0) close(fd_);
  }

  // The map's descriptor, or -1 when the kernel refused it (libbpf then makes it itself and
  // says why it cannot).
  int Wait() {
    if (thread_.joinable()) thread_.join();
    return fd_;
  }

 private:
  int fd_ = -1;
  std::thread thread_;  // after fd_: started once fd_ is initialized
};

}  // namespace

absl::StatusOr<std::unique_ptr<BpfProgram>> BpfProgram::Load(const Config& config,
                                                             StartupTimes* times) {
  Stopwatch watch;
  InstallLibbpfPrintHook();  // before the first libbpf call: its messages go to the log sink
  if (!config.btf_path.empty()) {
    if (absl::Status s = CheckBtfFile(config.btf_path); !s.ok()) return s;
  } else if (access(kBtfPath, R_OK) != 0) {
    if (errno == EACCES) return LoadError(EPERM, "read kernel BTF");
    return WithErrorNumber(
        absl::FailedPreconditionError(
            absl::StrCat("this kernel exposes no BTF type information (", kBtfPath,
                         " is missing); libior needs a kernel built with CONFIG_DEBUG_INFO_BTF=y")),
        kErrorNoBtf);
  }

  RingMaker ring(config.ring_bytes);
  if (absl::Status s = RegisterIorSections(); !s.ok()) return s;

  // One read of the kernel's BTF gives what libbpf would otherwise read it for, twice over
  // (btf_load_hook.h): the relocation target, a subset with just the types the programs name
  // (libbpf scans every type of its target once per relocated type), and the kernel's ids of
  // the attach targets and the kfunc. When the library cannot read it, libbpf does both, slower
  // with the same result.
  size_t elf_size = 0;
  const void* elf = ior_bpf__elf_bytes(&elf_size);
  std::optional<CoreBtf> core_btf;
  KernelBtfIds kernel_ids;
  if (absl::StatusOr<CoreBtf> made = CoreBtf::Make(kBtfPath, elf, elf_size); made.ok()) {
    core_btf.emplace(*std::move(made));
    kernel_ids = core_btf->kernel_ids();
    Log(LogLevel::kDebug,
        absl::StrCat("relocating against ", core_btf->subset_types(), " of the kernel's ",
                     core_btf->kernel_types(), " BTF types"));
  } else {
    Log(LogLevel::kDebug,
        absl::StrCat("relocating against the kernel's whole BTF: ", made.status().message()));
    absl::StatusOr<KernelBtfIds> ids = KernelBtfIdsFromLibbpf(AttachTracepoints(elf, elf_size));
    if (!ids.ok()) return ids.status();
    kernel_ids = *std::move(ids);
  }
  times->kernel_types_ns = watch.Lap();

  bpf_object_open_opts open_opts{};
  open_opts.sz = sizeof(open_opts);
  if (!config.btf_path.empty()) {
    open_opts.btf_custom_path = config.btf_path.c_str();
  } else if (core_btf) {
    open_opts.btf_custom_path = core_btf->path().c_str();
  }
  ior_bpf* skel = ior_bpf__open_opts(&open_opts);
  if (skel == nullptr) return LoadError(errno, "open");
  std::unique_ptr<BpfProgram> program(new BpfProgram(skel, config));
  skel->rodata->ior_file_btf_id = kernel_ids.file;
  skel->rodata->ior_task_btf_id = kernel_ids.task;
  times->open_ns = watch.Lap();

  if (skel->rodata->ior_wire_version != IOR_WIRE_VERSION) {
    return WithErrorNumber(
        absl::FailedPreconditionError(absl::StrCat("the embedded BPF object speaks wire version ",
                                                   skel->rodata->ior_wire_version,
                                                   " but the library expects ", IOR_WIRE_VERSION)),
        kErrorWire);
  }
  if (int err = bpf_map__set_max_entries(skel->maps.events, config.ring_bytes); err != 0) {
    return LoadError(err, "size the ring buffer of");
  }
  if (const int ring_fd = ring.Wait(); ring_fd >= 0) {
    if (int err = bpf_map__reuse_fd(skel->maps.events, ring_fd); err != 0) {
      return LoadError(err, "hand over the ring buffer of");
    }
  }
  {
    const BtfLoadScope scope(kernel_ids);
    if (int err = ior_bpf__load(skel); err != 0) return LoadError(err, "load");
  }
  times->load_ns = watch.Lap();
  if (absl::Status s = program->WriteConfig(); !s.ok()) return s;
  return program;
}

BpfProgram::~BpfProgram() {
  Detach();
  ior_bpf__destroy(skel_);
}

absl::Status BpfProgram::Attach() {
  if (config_.measure_run_time && stats_fd_ < 0) {
    // Run-time statistics are collected while any such descriptor is open.
    stats_fd_ = bpf_enable_stats(BPF_STATS_RUN_TIME);
    if (stats_fd_ < 0) {
      Log(LogLevel::kWarning, absl::StrCat("cannot time the kernel programs (BPF_ENABLE_STATS: ",
                                           strerror(errno), ")"));
    }
  }
  if (!links_.empty()) return absl::OkStatus();
  if (int err = AttachLoaded(skel_->obj, &links_); err != 0) return LoadError(err, "attach");
  return absl::OkStatus();
}

void BpfProgram::Detach() {
  for (bpf_link* link : links_) bpf_link__destroy(link);
  links_.clear();
  if (stats_fd_ >= 0) close(stats_fd_);
  stats_fd_ = -1;
}

void BpfProgram::ReadRunTime(uint64_t* runs, uint64_t* run_ns) const {
  *runs = 0;
  *run_ns = 0;
  if (!config_.measure_run_time) return;
  bpf_program* prog;
  bpf_object__for_each_program(prog, skel_->obj) {
    bpf_prog_info info{};
    uint32_t len = sizeof(info);
    if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len) != 0) continue;
    *runs += info.run_cnt;
    *run_ns += info.run_time_ns;
  }
}

int BpfProgram::ring_fd() const { return bpf_map__fd(skel_->maps.events); }

BpfProgram::BpfProgram(ior_bpf* skel, Config config)
    : skel_(skel), config_(std::move(config)), wire_config_{} {
  wire_config_.self_tgid = config_.self_tgid;
  wire_config_.wakeup_bytes = config_.wakeup_bytes;
  wire_config_.cgroup_id = config_.cgroup_id;
  if (config_.follow) wire_config_.filter_flags |= IOR_WIRE_FOLLOW;
  if (config_.cgroup_id != 0) wire_config_.filter_flags |= IOR_WIRE_FILTER_CGROUP;
  if (config_.track_files) wire_config_.filter_flags |= IOR_WIRE_TRACK_FILES;
  if (config_.degrade) {
    // Half full: the consumer is behind, thin the rows before the ring overflows. An eighth
    // (the wakeup mark): it has caught up, let them back in step by step.
    wire_config_.filter_flags |= IOR_WIRE_DEGRADE;
    wire_config_.degrade_high_bytes = config_.ring_bytes / 2;
    wire_config_.degrade_low_bytes = config_.ring_bytes / 8;
  }
}

absl::Status BpfProgram::WriteConfig() {
  uint32_t zero = 0;
  if (bpf_map_update_elem(bpf_map__fd(skel_->maps.config), &zero, &wire_config_, BPF_ANY) != 0) {
    return ErrnoStatus(errno, "cannot write the session configuration map");
  }
  return absl::OkStatus();
}

namespace {

// One filter dimension (processes or threads) of the configuration.
struct TargetDimension {
  int map_fd;
  uint32_t filter_flag;  // IOR_WIRE_FILTER_TGID or _TID
  uint32_t map_flag;     // IOR_WIRE_FILTER_TGID_MAP or _TID_MAP
  uint32_t* inline_ids;  // the config's inline array
  absl::flat_hash_set<uint32_t> wanted;
};

absl::Status AddToMap(const TargetDimension& d) {
  uint8_t one = 1;
  for (uint32_t id : d.wanted) {
    if (bpf_map_update_elem(d.map_fd, &id, &one, BPF_ANY) != 0) {
      return ErrnoStatus(errno, absl::StrCat("cannot add target ", id));
    }
  }
  return absl::OkStatus();
}

// Writes values[i] at keys[i] of an array map: in one BPF_MAP_UPDATE_BATCH where the kernel
// has it (5.6+), else entry by entry.
absl::Status UpdateArray(int fd, std::span<const uint32_t> keys,
                         std::span<const ior_wire_syscall_config> values) {
  if (keys.empty()) return absl::OkStatus();
  uint32_t count = static_cast<uint32_t>(keys.size());
  if (bpf_map_update_batch(fd, keys.data(), values.data(), &count, nullptr) == 0) {
    return absl::OkStatus();
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (bpf_map_update_elem(fd, &keys[i], &values[i], BPF_ANY) != 0) {
      return ErrnoStatus(errno, "cannot write the syscall selection map");
    }
  }
  return absl::OkStatus();
}

void RemoveStaleFromMap(const TargetDimension& d) {
  std::vector<uint32_t> stale;
  uint32_t key, next;
  uint32_t* prev = nullptr;
  while (bpf_map_get_next_key(d.map_fd, prev, &next) == 0) {
    if (!d.wanted.contains(next)) stale.push_back(next);
    key = next;
    prev = &key;
  }
  for (uint32_t id : stale) bpf_map_delete_elem(d.map_fd, &id);
}

}  // namespace

// The kernel side reads the configuration while it is rewritten, so the change goes in steps
// that each alter only what the current flags make the programs ignore, or only the flags
// (one aligned 32-bit store). Every intermediate state traces a superset of the old and the
// new targets: no call of a task that stays a target is missed.
absl::Status BpfProgram::SetTargets(std::span<const pid_t> pids, std::span<const pid_t> tids) {
  TargetDimension dims[] = {
      {bpf_map__fd(skel_->maps.target_tgids),
       IOR_WIRE_FILTER_TGID,
       IOR_WIRE_FILTER_TGID_MAP,
       wire_config_.tgids,
       {pids.begin(), pids.end()}},
      {bpf_map__fd(skel_->maps.target_tids),
       IOR_WIRE_FILTER_TID,
       IOR_WIRE_FILTER_TID_MAP,
       wire_config_.tids,
       {tids.begin(), tids.end()}},
  };
  // 1. The maps hold old ∪ new, and the programs consult the maps (flags only).
  for (TargetDimension& d : dims) {
    if (absl::Status s = AddToMap(d); !s.ok()) return s;
    if (wire_config_.filter_flags & d.filter_flag) wire_config_.filter_flags |= d.map_flag;
  }
  if (absl::Status s = WriteConfig(); !s.ok()) return s;
  // 2. The inline arrays, unused in map mode, take the new sets.
  for (TargetDimension& d : dims) {
    std::fill_n(d.inline_ids, IOR_WIRE_INLINE_TARGETS, 0u);
    if (d.wanted.size() <= IOR_WIRE_INLINE_TARGETS) {
      std::copy(d.wanted.begin(), d.wanted.end(), d.inline_ids);
    }
  }
  if (absl::Status s = WriteConfig(); !s.ok()) return s;
  // 3. The maps shrink to the new sets.
  for (TargetDimension& d : dims) RemoveStaleFromMap(d);
  // 4. The final flags (only they change).
  for (TargetDimension& d : dims) {
    wire_config_.filter_flags &= ~(d.filter_flag | d.map_flag);
    if (d.wanted.empty()) continue;
    wire_config_.filter_flags |= d.filter_flag;
    if (d.wanted.size() > IOR_WIRE_INLINE_TARGETS) {
      wire_config_.filter_flags |= d.map_flag;
    }
  }
  return WriteConfig();
}

absl::Status BpfProgram::SetSyscalls(const ResolvedSelection& selection) {
  std::vector<ior_wire_syscall_config> slots(IOR_WIRE_MAX_SYSCALLS);
  for (size_t nr = 0; nr < IOR_WIRE_OVERFLOW_SLOT; ++nr) {
    const SyscallInfo* info = FindSyscall(static_cast<uint32_t>(nr));
    const bool enabled = nr < selection.enabled.size() && selection.enabled[nr];
    // With file tracking, the calls that name files or move the working directory are
    // captured whatever the selection: the file column must not depend on it.
    const bool tracked = config_.track_files && info != nullptr && info->tracked;
    if (!enabled && !tracked) continue;
    ior_wire_syscall_config& c = slots[nr];
    if (enabled) {
      c.flags = IOR_WIRE_SC_ENABLED;
      c.sample_rate = config_.aggregate_only ? 0 : selection.sample_rate[nr];
    }
    if (tracked) c.flags |= IOR_WIRE_SC_TRACK;
    if (info != nullptr) {
      if (config_.track_files &&
          (info->file_op == FileOp::kChdir || info->file_op == FileOp::kFchdir)) {
        c.flags |= IOR_WIRE_SC_CWD;
      }
      if (config_.track_files &&
          (info->file_op == FileOp::kConnect || info->file_op == FileOp::kBind ||
           info->file_op == FileOp::kAccept)) {
        c.flags |= IOR_WIRE_SC_SOCK;
      }
      if (info->noreturn) c.flags |= IOR_WIRE_SC_NORETURN;
      if (info->mem_at_exit) c.flags |= IOR_WIRE_SC_MEM_AT_EXIT;
      c.str_args[0] = info->path_args[0];
      c.str_args[1] = info->path_args[1];
      c.mem_arg = info->mem_arg;
      c.mem_len = info->mem_len;
      c.fd_arg = info->fd_arg;
      if (info->fd_arg == 0) c.dirfd_arg = info->dirfd_arg;
      if (info->returns_fd) c.fd_flags |= IOR_WIRE_FD_RET;
      if (info->decode == DecodeRule::kFdPair || info->decode == DecodeRule::kSocketpair) {
        c.fd_flags |= IOR_WIRE_FD_PAIR;
      }
    }
  }
  // Numbers past the last own slot share it: traced when "all" or any of them is selected.
  bool overflow = selection.unknown_numbers;
  for (size_t nr = IOR_WIRE_OVERFLOW_SLOT; nr < selection.enabled.size(); ++nr) {
    overflow = overflow || selection.enabled[nr];
  }
  if (overflow) {
    slots[IOR_WIRE_OVERFLOW_SLOT].flags = IOR_WIRE_SC_ENABLED;
    slots[IOR_WIRE_OVERFLOW_SLOT].sample_rate = config_.aggregate_only ? 0 : 1;
  }
  for (uint32_t slot = 0; slot < IOR_WIRE_MAX_SYSCALLS; ++slot) {
    if (slots[slot].flags & IOR_WIRE_SC_ENABLED) last_rates_[slot] = slots[slot].sample_rate;
  }
  // Only the entries that change are written (syscalls selected before and after a live
  // change are never touched), in one batch: the first selection is ~500 entries, and one
  // system call each was a measurable part of the start.
  std::vector<uint32_t> keys;
  std::vector<ior_wire_syscall_config> values;
  for (uint32_t slot = 0; slot < IOR_WIRE_MAX_SYSCALLS; ++slot) {
    if (!syscall_slots_.empty() &&
        std::memcmp(&syscall_slots_[slot], &slots[slot], sizeof(slots[slot])) == 0) {
      continue;
    }
    keys.push_back(slot);
    values.push_back(slots[slot]);
  }
  if (absl::Status s = UpdateArray(bpf_map__fd(skel_->maps.syscall_configs), keys, values);
      !s.ok()) {
    syscall_slots_.clear();  // unknown state: write everything next time
    return s;
  }
  syscall_slots_ = std::move(slots);
  return absl::OkStatus();
}

KernelCounters BpfProgram::ReadCounters() const {
  KernelCounters total;
  int ncpus = libbpf_num_possible_cpus();
  if (ncpus <= 0) return total;
  std::vector<ior_wire_counters> per_cpu(static_cast<size_t>(ncpus));
  uint32_t zero = 0;
  if (bpf_map_lookup_elem(bpf_map__fd(skel_->maps.counters), &zero, per_cpu.data()) != 0) {
    return total;
  }
  for (const ior_wire_counters& c : per_cpu) {
    total.ring_full += c.ring_full;
    total.exit_without_enter += c.exit_without_enter;
    total.state_unavailable += c.state_unavailable;
    total.control_dropped += c.control_dropped;
    for (size_t l = 0; l < total.degraded_by_level.size(); ++l) {
      total.degraded_by_level[l] += c.degraded[l];
    }
  }
  return total;
}

std::vector<SyscallStats> BpfProgram::ReadAggregates() const {
  // The kernel buckets latencies as ior/latency_histogram.h reads them.
  static_assert(IOR_WIRE_HIST_BUCKETS == kHistogramBuckets);
  static_assert(IOR_WIRE_HIST_SUB_BITS == kHistogramSubBits);
  static_assert(IOR_WIRE_HIST_TOP_LOG2 == kHistogramTopLog2);
  static_assert(sizeof(ior_wire_aggregate) == 72 + 8 * 296);
  std::vector<SyscallStats> out;
  int ncpus = libbpf_num_possible_cpus();
  if (ncpus <= 0) return out;
  std::vector<ior_wire_aggregate> per_cpu(static_cast<size_t>(ncpus));
  int fd = bpf_map__fd(skel_->maps.aggregates);
  for (uint32_t slot = 0; slot < IOR_WIRE_MAX_SYSCALLS; ++slot) {
    if (bpf_map_lookup_elem(fd, &slot, per_cpu.data()) != 0) continue;
    SyscallStats s;
    s.nr = slot;
    s.sample_rate = last_rates_[slot];
    for (const ior_wire_aggregate& a : per_cpu) {
      if (a.count == 0) continue;
      s.count += a.count;
      s.errors += a.errors;
      s.latency_sum_ns += a.latency_sum_ns;
      if (a.latency_min_ns != 0 && (s.latency_min_ns == 0 || a.latency_min_ns < s.latency_min_ns))
        s.latency_min_ns = a.latency_min_ns;
      s.latency_max_ns = std::max<uint64_t>(s.latency_max_ns, a.latency_max_ns);
      s.sampled_out += a.sampled_out;
      s.degraded += a.degraded;
      if (a.degrade_level_max != 0) {
        s.degraded_one_in = std::max<uint32_t>(s.degraded_one_in, 1u << a.degrade_level_max);
      }
      for (size_t b = 0; b < kHistogramBuckets; ++b) s.histogram[b] += a.hist[b];
    }
    if (s.count != 0) out.push_back(s);
  }
  return out;
}

}  // namespace ior::internal
