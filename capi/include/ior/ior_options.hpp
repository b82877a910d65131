// ior/ior_options.hpp: part of ior/ior.hpp (include that): the builders of ior_selection
// and ior_session_opts (Selection, SessionOptions, Match).
#ifndef IOR_IOR_OPTIONS_HPP_
#define IOR_IOR_OPTIONS_HPP_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ior/ior.h"
#include "ior/ior_result.hpp"

namespace ior::abi {

// Builds an ior_selection (see ior_selection.h for the names each list takes).
class Selection {
 public:
  using Names = std::vector<std::string>;
  Selection& Families(const Names& v) { return Set(kFamilies, v); }
  Selection& Kinds(const Names& v) { return Set(kKinds, v); }
  Selection& Syscalls(const Names& v) { return Set(kSyscalls, v); }
  Selection& Tracepoints(const Names& v) { return Set(kTracepoints, v); }
  Selection& ExcludeFamilies(const Names& v) { return Set(kExcludeFamilies, v); }
  Selection& ExcludeKinds(const Names& v) { return Set(kExcludeKinds, v); }
  Selection& ExcludeSyscalls(const Names& v) { return Set(kExcludeSyscalls, v); }
  Selection& ExcludeTracepoints(const Names& v) { return Set(kExcludeTracepoints, v); }
  // 0: counted in the kernel only; 1: every call; N: one call in N.
  Selection& SampleFamily(std::string family, uint32_t rate) {
    family_rates_.emplace_back(std::move(family), rate);
    return *this;
  }
  Selection& SampleSyscall(std::string syscall, uint32_t rate) {
    syscall_rates_.emplace_back(std::move(syscall), rate);
    return *this;
  }

  // The C struct; valid until this object changes or goes away.
  const ior_selection* get() {
    sel_ = IOR_OPTS_INIT(ior_selection);
    sel_.families = lists_[kFamilies].data();
    sel_.families_len = lists_[kFamilies].size();
    sel_.kinds = lists_[kKinds].data();
    sel_.kinds_len = lists_[kKinds].size();
    sel_.syscalls = lists_[kSyscalls].data();
    sel_.syscalls_len = lists_[kSyscalls].size();
    sel_.tracepoints = lists_[kTracepoints].data();
    sel_.tracepoints_len = lists_[kTracepoints].size();
    sel_.exclude_families = lists_[kExcludeFamilies].data();
    sel_.exclude_families_len = lists_[kExcludeFamilies].size();
    sel_.exclude_kinds = lists_[kExcludeKinds].data();
    sel_.exclude_kinds_len = lists_[kExcludeKinds].size();
    sel_.exclude_syscalls = lists_[kExcludeSyscalls].data();
    sel_.exclude_syscalls_len = lists_[kExcludeSyscalls].size();
    sel_.exclude_tracepoints = lists_[kExcludeTracepoints].data();
    sel_.exclude_tracepoints_len = lists_[kExcludeTracepoints].size();
    Rates(family_rates_, &family_c_, &sel_.sample_families, &sel_.sample_families_len);
    Rates(syscall_rates_, &syscall_c_, &sel_.sample_syscalls, &sel_.sample_syscalls_len);
    return &sel_;
  }

 private:
  enum List {
    kFamilies,
    kKinds,
    kSyscalls,
    kTracepoints,
    kExcludeFamilies,
    kExcludeKinds,
    kExcludeSyscalls,
    kExcludeTracepoints,
    kLists
  };
  using RateList = std::vector<std::pair<std::string, uint32_t>>;
  Selection& Set(List which, const Names& v) {
    lists_[which].Assign(v);
    return *this;
  }
  static void Rates(const RateList& in, std::vector<ior_sample_rate>* c,
                    const ior_sample_rate** out, size_t* len) {
    c->clear();
    for (const auto& [name, rate] : in) c->push_back(ior_sample_rate{name.c_str(), rate});
    *out = c->empty() ? nullptr : c->data();
    *len = c->size();
  }

  internal::StringList lists_[kLists];
  RateList family_rates_, syscall_rates_;
  std::vector<ior_sample_rate> family_c_, syscall_c_;
  ior_selection sel_ = IOR_OPTS_INIT(ior_selection);
};

// How a text filter matches.
enum class Match : uint32_t {
  kSubstring = IOR_MATCH_SUBSTRING,
  kExact = IOR_MATCH_EXACT,
  kPrefix = IOR_MATCH_PREFIX,
};

// Builds an ior_session_opts (see ior_session.h for each field's meaning and default).
class SessionOptions {
 public:
  SessionOptions& Pids(std::vector<int32_t> pids) {
    pids_ = std::move(pids);
    return *this;
  }
  SessionOptions& Tids(std::vector<int32_t> tids) {
    tids_ = std::move(tids);
    return *this;
  }
  SessionOptions& Follow(bool on = true) {
    opts_.follow = on ? 1 : 0;
    return *this;
  }
  SessionOptions& KeepAfterTargetsExit(bool on = true) {
    opts_.keep_after_targets_exit = on ? 1 : 0;
    return *this;
  }
  // Shortcuts added to selection(): families and syscalls by name.
  SessionOptions& Families(const std::vector<std::string>& v) {
    families_.Assign(v);
    return *this;
  }
  SessionOptions& Syscalls(const std::vector<std::string>& v) {
    syscalls_.Assign(v);
    return *this;
  }
  // The full selection; using it at all (even left empty) passes it to the session.
  Selection& selection() {
    has_selection_ = true;
    return selection_;
  }
  SessionOptions& CgroupId(uint64_t id) {
    opts_.cgroup_id = id;
    return *this;
  }
  SessionOptions& CgroupPath(std::string path) {
    cgroup_path_ = std::move(path);
    return *this;
  }
  SessionOptions& CommFilter(std::string text, Match match = Match::kSubstring) {
    comm_filter_ = std::move(text);
    opts_.comm_filter_match = static_cast<uint32_t>(match);
    return *this;
  }
  SessionOptions& PathFilter(std::string text, Match match = Match::kSubstring) {
    path_filter_ = std::move(text);
    opts_.path_filter_match = static_cast<uint32_t>(match);
    return *this;
  }
  SessionOptions& TrackFiles(bool on) {
    opts_.no_track_files = on ? 0 : 1;
    return *this;
  }
  SessionOptions& BatchSize(size_t n) {
    opts_.batch_size = n;
    return *this;
  }
  SessionOptions& MaxDelayNs(uint64_t ns) {
    opts_.max_delay_ns = ns;
    return *this;
  }
  SessionOptions& RingBytes(size_t n) {
    opts_.ring_bytes = n;
    return *this;
  }
  SessionOptions& MaxQueuedBatches(size_t n) {
    opts_.max_queued_batches = n;
    return *this;
  }
  SessionOptions& BtfPath(std::string path) {
    btf_path_ = std::move(path);
    return *this;
  }
  // Counts and latency histograms in the kernel only, no events (ior_session_opts).
  SessionOptions& AggregateOnly(bool on = true) {
    opts_.aggregate_only = on ? 1 : 0;
    return *this;
  }
  // IOR_STAT_KERNEL_RUNS / _RUN_NS (host-wide timing of BPF programs while the session runs).
  SessionOptions& MeasureKernelTime(bool on = true) {
    opts_.measure_kernel_time = on ? 1 : 0;
    return *this;
  }
  // Degrade instead of drop: rows thinned 1 in N when the consumer falls behind
  // (IOR_STAT_DEGRADED).
  SessionOptions& Degrade(bool on = true) {
    opts_.degrade = on ? 1 : 0;
    return *this;
  }

  // The C struct; valid until this object changes or goes away.
  const ior_session_opts* get() {
    opts_.pids = pids_.empty() ? nullptr : pids_.data();
    opts_.pids_len = pids_.size();
    opts_.tids = tids_.empty() ? nullptr : tids_.data();
    opts_.tids_len = tids_.size();
    opts_.families = families_.data();
    opts_.families_len = families_.size();
    opts_.syscalls = syscalls_.data();
    opts_.syscalls_len = syscalls_.size();
    opts_.selection = has_selection_ ? selection_.get() : nullptr;
    opts_.cgroup_path = cgroup_path_ ? cgroup_path_->c_str() : nullptr;
    opts_.comm_filter = comm_filter_ ? comm_filter_->c_str() : nullptr;
    opts_.path_filter = path_filter_ ? path_filter_->c_str() : nullptr;
    opts_.btf_path = btf_path_ ? btf_path_->c_str() : nullptr;
    return &opts_;
  }

 private:
  ior_session_opts opts_ = IOR_OPTS_INIT(ior_session_opts);
  std::vector<int32_t> pids_, tids_;
  internal::StringList families_, syscalls_;
  bool has_selection_ = false;
  Selection selection_;
  std::optional<std::string> cgroup_path_, comm_filter_, path_filter_, btf_path_;
};

}  // namespace ior::abi

#endif  // IOR_IOR_OPTIONS_HPP_
