// LoadBpfKernel: the session's kernel side over the BPF program and its ring reader.
#include "session_kernel.h"

#include <memory>
#include <utility>
#include <vector>

namespace ior::internal {
namespace {

class BpfKernel final : public SessionKernel {
 public:
  BpfKernel(std::unique_ptr<BpfProgram> bpf, std::unique_ptr<RingReader> ring)
      : bpf_(std::move(bpf)), ring_(std::move(ring)) {}

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

 private:
  std::unique_ptr<BpfProgram> bpf_;
  std::unique_ptr<RingReader> ring_;  // maps bpf_'s ring: destroyed first
};

}  // namespace

absl::StatusOr<std::unique_ptr<SessionKernel>> LoadBpfKernel(const BpfProgram::Config& config) {
  absl::StatusOr<std::unique_ptr<BpfProgram>> bpf = BpfProgram::Load(config);
  if (!bpf.ok()) return bpf.status();
  absl::StatusOr<std::unique_ptr<RingReader>> ring =
      RingReader::Create((*bpf)->ring_fd(), config.ring_bytes);
  if (!ring.ok()) return ring.status();
  return std::make_unique<BpfKernel>(*std::move(bpf), *std::move(ring));
}

}  // namespace ior::internal
