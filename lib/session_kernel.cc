// LoadBpfKernel: the session's kernel side over the BPF program and its ring reader.
#include "session_kernel.h"

#include <memory>
#include <utility>
#include <vector>

namespace ior::internal {
namespace {

class BpfKernel final : public SessionKernel {
 public:
  BpfKernel(std::unique_ptr<BpfProgram> bpf, std::unique_ptr<RingReader> ring,
            StartupTimes load_times)
      : bpf_(std::move(bpf)), ring_(std::move(ring)), load_times_(load_times) {}

  absl::Status SetSyscalls(const ResolvedSelection& selection) override {
    return bpf_->SetSyscalls(selection);
  }
  absl::Status SetTargets(std::span<const pid_t> pids, std::span<const pid_t> tids) override {
    return bpf_->SetTargets(pids, tids);
  }
  absl::Status Attach() override { return bpf_->Attach(); }
  void Detach() override { bpf_->Detach(); }
  int ready_fd() const override { return ring_->fd(); }
  size_t Consume(RingReader::Callback callback, void* ctx) override {
    return ring_->Consume(callback, ctx);
  }
  KernelCounters ReadCounters() const override { return bpf_->ReadCounters(); }
  std::vector<SyscallStats> ReadAggregates() const override { return bpf_->ReadAggregates(); }
  void ReadRunTime(uint64_t* runs, uint64_t* run_ns) const override {
    bpf_->ReadRunTime(runs, run_ns);
  }
  StartupTimes LoadTimes() const override { return load_times_; }

 private:
  std::unique_ptr<BpfProgram> bpf_;
  std::unique_ptr<RingReader> ring_;  // maps bpf_'s ring: destroyed first
  StartupTimes load_times_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<SessionKernel>> LoadBpfKernel(const BpfProgram::Config& config) {
  StartupTimes times;
  absl::StatusOr<std::unique_ptr<BpfProgram>> bpf = BpfProgram::Load(config, &times);
  if (!bpf.ok()) return bpf.status();
  absl::StatusOr<std::unique_ptr<RingReader>> ring =
      RingReader::Create((*bpf)->ring_fd(), config.ring_bytes);
  if (!ring.ok()) return ring.status();
  return std::make_unique<BpfKernel>(*std::move(bpf), *std::move(ring), times);
}

}  // namespace ior::internal
